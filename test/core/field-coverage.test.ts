/**
 * The field catalogue against the form and the workbook, both directions: every field a department
 * enters has an input in the web form and a cell in the workbook; every input and every cell is a
 * field of the catalogue. Fields not entered there are marked in the catalogue (derived by the
 * system, or judgements entered on the scoring panel). And a dataset with every entered field filled
 * in survives workbook export → import unchanged.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { buildWorkbook, readWorkbook } from '../../src/adapters/xlsx/workbook.ts';
import { catalogue, patternOfPath, type FieldDef } from '../../src/core/dataset/catalogue.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import {
  ASSET_INCLUDE_COLUMNS,
  MONITORING_FIELDS,
  MONITORING_LISTS,
  NARRATIVE_KEYS,
  PROJECT_TARGET_COLUMNS,
  SECTIONS,
  cleanInput,
  frameworkFieldSections,
  projectFields,
  setPath,
  type FrameworkFieldLike,
  type Section,
} from '../../src/core/dataset/sections.ts';
import { ROOT, seedDataset, seedInput } from '../helpers.ts';

/** A framework's own fields as the contract declares them: one plain, one target/actual pair. */
const FRAMEWORK_FIELDS: FrameworkFieldLike[] = [
  { id: 'carryoverBalance', label: '结转结余资金', unit: '万元', kind: 'amount', pair: false },
  { id: 'trainingSessions', label: '开展培训次数', unit: '次', kind: 'count', pair: true },
];

const entered = () => catalogue().filter((d) => d.source === 'entered');
/** `figures.{}` is entered through the framework's own fields, whatever their ids. */
const figurePattern = (path: string) => path.replace(/^figures\.[^.]+(\.(target|actual))?$/, 'figures.{}');

function sectionPaths(sections: Section[]): string[] {
  return sections.flatMap((s) =>
    s.kind === 'fields' ? s.fields.map((f) => f.path) : s.columns.map((c) => `${s.path}[].${c.path}`),
  );
}

/** Every input the web form renders, as paths (see DatasetPage, more-sections, components). */
function formPaths(): string[] {
  return [
    ...sectionPaths(SECTIONS),
    ...sectionPaths(frameworkFieldSections(FRAMEWORK_FIELDS)),
    ...projectFields('projects.items[0]').map((f) => patternOfPath(f.path)),
    ...PROJECT_TARGET_COLUMNS.map((c) => `projects.items[].targets[].${c.path}`),
    ...ASSET_INCLUDE_COLUMNS.map((c) => `assets.fixed[].includes[].${c.path}`),
    ...MONITORING_FIELDS.map((f) => f.path),
    ...sectionPaths(MONITORING_LISTS),
    ...NARRATIVE_KEYS.map((n) => `narrative.${n.key}`),
  ];
}

test('the web form renders the section tables the coverage is computed from', () => {
  const read = (f: string) => readFileSync(join(ROOT, 'web/src', f), 'utf8');
  const page = read('pages/DatasetPage.tsx');
  const more = read('more-sections.tsx');
  const components = read('components.tsx');
  for (const name of ['SECTIONS', 'frameworkFieldSections'])
    assert.match(page, new RegExp(`\\b${name}\\b`), name);
  for (const name of [
    'projectFields',
    'PROJECT_TARGET_COLUMNS',
    'ASSET_INCLUDE_COLUMNS',
    'MONITORING_FIELDS',
    'MONITORING_LISTS',
  ])
    assert.match(more, new RegExp(`\\b${name}\\b`), name);
  assert.match(components, /NARRATIVE_KEYS\.map/);
});

test('every entered field has an input in the web form, and every input is a catalogue field', () => {
  const paths = formPaths();
  assert.equal(new Set(paths).size, paths.length, 'an input appears twice');
  const inputs = paths.map((p) => figurePattern(patternOfPath(p)));
  const fields = new Set(entered().map((d) => d.path));
  const missing = entered()
    .map((d) => d.path)
    .filter((p) => !inputs.includes(p));
  assert.deepEqual(missing, [], `没有输入框的字段：${missing.join(', ')}`);
  const unknown = inputs.filter((p) => !fields.has(p));
  assert.deepEqual(unknown, [], `不对应任何字段的输入框：${unknown.join(', ')}`);
});

test('the fields not entered in the form are marked as derived or as judgements', () => {
  const other = catalogue().filter((d) => d.source !== 'entered');
  for (const d of other) assert.ok(['derived', 'judgement'].includes(d.source), d.path);
  // Known examples of each, so a wrong marking (everything "entered", or nothing) fails.
  const source = (p: string) => catalogue().find((d) => d.path === p)?.source;
  assert.equal(source('schemaVersion'), 'derived');
  assert.equal(source('targets[].carriedFrom'), 'derived');
  assert.equal(source('evaluation.{}.score'), 'judgement');
  assert.equal(source('measures.{}'), 'judgement');
  assert.equal(source('functions'), 'entered');
  assert.equal(source('narrative.budgetResponsibilities'), 'entered');
});

test('every field has a Chinese label; enum options carry Chinese labels', () => {
  for (const d of catalogue()) {
    assert.match(d.label, /\p{Script=Han}/u, `${d.path} 没有中文标签（${d.label}）`);
    for (const o of d.options ?? []) assert.match(o.label, /\p{Script=Han}/u, `${d.path}=${o.value}`);
  }
});

/** A sample value of a field's kind, valid for the schema. */
function sample(d: FieldDef, n: number): unknown {
  if (d.path === 'monitoring.pace[].date') return '06-30';
  switch (d.kind) {
    case 'amount':
      return `${n}.5`;
    case 'count':
      return d.path === 'year' ? 2023 : n;
    case 'decimal':
      return '60';
    case 'bool':
      return n % 2 === 0;
    case 'enum':
      return d.options![n % d.options!.length]!.value;
    case 'date':
      return '2023-06-30';
    case 'textBlock':
      return [`第 ${n} 段`, '第二段'];
    default:
      return `文字 ${n}`;
  }
}

/** A dataset with every entered field filled in (one item in each list) and both kinds of figures. */
function fullDataset(): Record<string, unknown> {
  let data: Record<string, unknown> = { schemaVersion: 1 };
  entered().forEach((d, n) => {
    if (d.path.includes('{}')) return;
    data = setPath(data, d.path.replace(/\[\]/g, '[0]'), sample(d, n + 1));
  });
  for (let q = 0; q < 4; q++)
    data = setPath(data, `execution.quarterlyCumulative[${q}]`, String(100 * (q + 1)));
  data = setPath(data, 'figures', {
    carryoverBalance: '12.34',
    trainingSessions: { target: '10', actual: '12' },
  });
  return data;
}

test('a dataset with every entered field round-trips through the workbook, each field in its own cell', async () => {
  const parsed = parseDataset(fullDataset());
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors.slice(0, 5)));
  const ds = parsed.value;
  const bytes = await buildWorkbook(ds, {
    department: ds.department.name,
    year: ds.year,
    frameworkFields: FRAMEWORK_FIELDS,
  });
  // Onto an empty year: everything must come from the cells.
  const r = await readWorkbook(bytes, { schemaVersion: 1 }, undefined, FRAMEWORK_FIELDS);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.slice(0, 5)));
  const back = parseDataset(cleanInput(r.value));
  assert.ok(back.ok, JSON.stringify(!back.ok && back.errors.slice(0, 5)));
  assert.deepEqual(back.value, ds);

  // Both directions: every entered field has a cell; every cell is an entered field.
  const cellPatterns = new Set([...r.cells.keys()].map((p) => figurePattern(patternOfPath(p))));
  const fields = new Set(entered().map((d) => d.path));
  const noCell = [...fields].filter((p) => !cellPatterns.has(p));
  assert.deepEqual(noCell, [], `工作簿中没有单元格的字段：${noCell.join(', ')}`);
  const items = (p: string) => /\[\]$/.test(p); // a row's own cell (its first column) names the item
  const unknown = [...cellPatterns].filter((p) => !fields.has(p) && !items(p));
  assert.deepEqual(unknown, [], `不对应任何字段的单元格：${unknown.join(', ')}`);
});

test('parts a dataset does not have (运行监控, 项目明细, 无形资产) stay absent through the workbook', async () => {
  const input = seedInput();
  delete input.monitoring;
  input.projects = { ...(input.projects as Record<string, unknown>), items: undefined };
  const parsed = parseDataset(cleanInput(input));
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors.slice(0, 5)));
  const ds = parsed.value;
  assert.equal(ds.monitoring, undefined);
  const bytes = await buildWorkbook(ds, { department: ds.department.name, year: ds.year });
  const r = await readWorkbook(bytes, ds);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.slice(0, 5)));
  const back = parseDataset(cleanInput(r.value));
  assert.ok(back.ok, JSON.stringify(!back.ok && back.errors.slice(0, 5)));
  assert.deepEqual(back.value, ds);
  assert.equal(back.value.monitoring, undefined);
  assert.equal(back.value.projects.items, undefined);
});

test('a workbook downloaded before fields were added still reads; what it lacks keeps its value', async () => {
  const ds = seedDataset();
  const bytes = await buildWorkbook(ds, { department: ds.department.name, year: ds.year });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  // As the first version made it: no 职能与年度工作 sheet, no 变动原因 rows, targets without the
  // judgement columns (the hidden id column right after 备注).
  wb.removeWorksheet(wb.getWorksheet('职能与年度工作')!.id);
  const budget = wb.getWorksheet('年初预算')!;
  assert.match(String(budget.getCell('A8').value), /变动原因/);
  budget.spliceRows(8, 3);
  const targets = wb.getWorksheet('绩效目标')!;
  assert.equal(targets.getCell('G1').value, '分值（分）');
  targets.spliceColumns(7, 5);
  const old = new Uint8Array(await wb.xlsx.writeBuffer());
  const r = await readWorkbook(old, ds);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.slice(0, 5)));
  const back = parseDataset(cleanInput(r.value));
  assert.ok(back.ok);
  assert.deepEqual(back.value, ds);
  assert.ok(ds.functions?.length, 'the seed has functions, kept though the sheet is gone');
});
