/**
 * What every writer does with text it did not check itself (defence in depth: input refuses these
 * characters, but a framework file or a generated text can carry them): the .docx and every .xlsx
 * export are well-formed XML even with NUL, lone surrogates and U+FFFE/U+FFFF in their texts; every
 * text cell a spreadsheet would take for a formula starts with an apostrophe (OWASP), and the fillable
 * workbook reads its own such cells back as the original text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { loadFramework } from '../../src/adapters/files.ts';
import { projectTablesXlsx } from '../../src/adapters/xlsx/project-table.ts';
import { buildWorkbook, readWorkbook } from '../../src/adapters/xlsx/workbook.ts';
import { SummaryWriter } from '../../src/batch/summary.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import { scoreProject } from '../../src/core/projects/project.ts';
import { projectTableModel } from '../../src/core/projects/table.ts';
import { score } from '../../src/core/score.ts';
import { buildReportModel, renderDocx } from '../../src/report/index.ts';
import { bureauWorkbook, type BureauSummary } from '../../src/server/bureau.ts';
import { cleanInput } from '../../src/core/dataset/sections.ts';
import { futian, seedDataset } from '../helpers.ts';

/** NUL, a control, a lone high and a lone low surrogate (an "a" between them), U+FFFE, U+FFFF. */
const dirty = (s: string) => `${s}\u0000\u0001\ud800a\udfff\ufffe\uffff尾`;
const FORMULAS = [
  '=HYPERLINK("http://evil.example","点我")',
  '+1+cmd',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1',
  "'=already",
];

/** Every XML part of a zip package, parsed strictly; returns the problems found. */
async function xmlProblems(bytes: Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir || !/\.(xml|rels)$/.test(name)) continue;
    const parser = new SaxesParser();
    parser.on('error', (e) => {
      problems.push(`${name}: ${e.message}`);
    });
    try {
      parser.write(await entry.async('string')).close();
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
    }
  }
  return problems;
}

/** Every string cell of an .xlsx, with where it is. */
async function stringCells(bytes: Uint8Array): Promise<{ at: string; text: string }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  const out: { at: string; text: string }[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        assert.notEqual(cell.type, ExcelJS.ValueType.Formula, `${ws.name}!${cell.address} is a formula`);
        if (typeof cell.value === 'string') out.push({ at: `${ws.name}!${cell.address}`, text: cell.value });
      }),
    ),
  );
  return out;
}

/** A dataset whose texts carry what the writers must cope with (bypassing input validation). */
function hostile(texts: (s: string) => string): Dataset {
  const d = structuredClone(seedDataset());
  d.department.name = texts(d.department.name);
  d.targets[0]!.name = texts(d.targets[0]!.name);
  d.narrative.plans = [texts('计划')];
  d.functions = [texts('职能')];
  const item = d.projects.items?.find((p) => p.targets?.length);
  if (item) {
    item.name = texts(item.name);
    item.targets![0]!.name = texts(item.targets![0]!.name);
  }
  return d;
}

function bureau(names: string[]): BureauSummary {
  return {
    year: 2023,
    years: [2023],
    rows: names.map((n, i) => ({
      departmentId: i + 1,
      departmentName: n,
      datasetId: i + 1,
      selfScore: '93.96',
      grade: '优',
      reviewScore: '90.00',
      reviewGrade: '优',
      reviewReason: n,
      reviewer: n,
      lost: '6.04',
      problems: 4,
      reviewVersion: 1,
      version: 1,
      reviewStale: null,
      state: 'passed',
      stateLabel: n,
      budgetSuggestion: '优先保障',
      budgetSuggestionReason: n,
    })),
    topLosses: names.map((n, i) => ({ code: `c${i}`, name: n, departments: 1, totalLost: '1.00' })),
    distribution: [{ grade: '优', count: names.length }],
    average: '93.96',
  };
}

async function batchSummary(d: Dataset, dir: string): Promise<Uint8Array> {
  const fw = futian();
  const file = join(dir, `summary-${Math.random()}.xlsx`);
  const w = new SummaryWriter(file, { framework: fw, checks: false, reports: true, reportChecks: false });
  const r = score(d, fw);
  w.add({
    index: 0,
    file: d.department.name,
    department: d.department.name,
    code: d.targets[0]!.name,
    jurisdiction: d.narrative.plans![0]!,
    year: d.year,
    total: r.total,
    grade: r.grade ?? '',
    lost: {},
    lostTotal: '0',
    problems: 0,
    missing: 0,
    findings: null,
    report: d.functions![0]!,
  });
  await w.finish([{ index: 1, file: d.department.name, message: d.targets[0]!.name } as never]);
  return readFileSync(file);
}

async function projectTables(d: Dataset): Promise<Uint8Array> {
  const mof = loadFramework('mof-project-2020');
  assert.ok(mof.ok);
  const item = d.projects.items!.find((p) => p.targets?.length)!;
  return projectTablesXlsx([projectTableModel(scoreProject(d, item, mof.value))]);
}

/** Every export, as bytes, for a dataset. */
async function exportsOf(d: Dataset, dir: string): Promise<[string, Uint8Array][]> {
  const fw = futian();
  const names = [d.department.name, d.targets[0]!.name, d.narrative.plans![0]!];
  return [
    ['report.docx', await renderDocx(buildReportModel(d, fw, score(d, fw)))],
    ['workbook.xlsx', await buildWorkbook(d, { department: d.department.name, year: d.year })],
    ['bureau summary.xlsx', await bureauWorkbook(bureau(names))],
    ['batch summary.xlsx', await batchSummary(d, dir)],
    ['project tables.xlsx', await projectTables(d)],
  ];
}

test('NUL, lone surrogates and U+FFFE/U+FFFF in texts: every export is well-formed XML', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-exports-'));
  try {
    const d = hostile(dirty);
    for (const [name, bytes] of await exportsOf(d, dir)) {
      const problems = await xmlProblems(bytes);
      assert.deepEqual(problems.slice(0, 3), [], `${name} is not well-formed XML`);
    }
    // The system's own workbook is accepted back; the dropped characters are simply gone.
    const wb = await buildWorkbook(d, { department: '测试', year: 2023 });
    const back = await readWorkbook(wb, seedDataset());
    assert.ok(back.ok, JSON.stringify(!back.ok && back.errors.slice(0, 3)));
    const parsed = parseDataset(cleanInput(back.value));
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors.slice(0, 3)));
    assert.equal(parsed.value.department.name, `${seedDataset().department.name}a尾`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('formula-like text is prefixed with an apostrophe in every .xlsx export', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-exports-'));
  try {
    for (const f of FORMULAS) {
      const d = hostile(() => f);
      for (const [name, bytes] of await exportsOf(d, dir)) {
        if (!name.endsWith('.xlsx')) continue;
        const cells = await stringCells(bytes);
        const risky = cells.filter((c) => /^[=+\-@\t\r]/.test(c.text));
        assert.deepEqual(risky.slice(0, 3), [], `${name}: ${JSON.stringify(f)} left live`);
        assert.ok(
          cells.some((c) => c.text === `'${f}`),
          `${name}: ${JSON.stringify(f)} not found, prefixed, in ${cells.length} cells`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the fillable workbook prefixes formula-like text and reads it back as the original text', async () => {
  const seed = seedDataset();
  for (const f of [...FORMULAS.filter((x) => !/^[\t]/.test(x)), "''=x", '-', "'"]) {
    const d = structuredClone(seed);
    d.department.name = f;
    d.targets[0]!.target = f;
    d.narrative.plans = [f];
    const bytes = await buildWorkbook(d, { department: '测试', year: 2023 });
    if (/^'*[=+\-@]/.test(f))
      assert.ok(
        (await stringCells(bytes)).some((c) => c.text === `'${f}`),
        `${JSON.stringify(f)} not prefixed`,
      );
    const back = await readWorkbook(bytes, seed);
    assert.ok(back.ok, JSON.stringify(!back.ok && back.errors.slice(0, 3)));
    const parsed = parseDataset(cleanInput(back.value));
    assert.ok(parsed.ok, `${JSON.stringify(f)}: ${JSON.stringify(!parsed.ok && parsed.errors.slice(0, 3))}`);
    assert.equal(parsed.value.department.name, f.trim());
    assert.equal(parsed.value.targets[0]!.target, f.trim());
    assert.deepEqual(parsed.value.narrative.plans, [f]);
  }
});

test('bureau summary .xlsx: each sheet has a bold header row and every row fills the same columns', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await bureauWorkbook(bureau(['甲部门', '乙部门']))) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('汇总')!;
  const values = (sheet: ExcelJS.Worksheet, row: number) =>
    (sheet.getRow(row).values as ExcelJS.CellValue[]).slice(1);
  const headers = values(ws, 2);
  assert.equal(headers.length, 11);
  assert.ok(ws.getRow(2).font?.bold);
  assert.deepEqual(values(ws, 3), [
    '甲部门',
    93.96,
    '优',
    90,
    '优',
    '甲部门',
    '', // not stale
    6.04,
    4,
    '甲部门',
    '优先保障',
  ]);
  assert.equal(ws.getRow(4).getCell(1).value, '乙部门');
  // Score columns show two decimals; every 汇总 column has its own width.
  headers.forEach((h, i) => {
    const col = ws.getColumn(i + 1);
    assert.equal(col.numFmt === '0.00', /得分|失分（分）/.test(String(h)), `${String(h)} format`);
    assert.ok((col.width ?? 0) >= 10, `${String(h)} width`);
  });
  const wl = wb.getWorksheet('失分指标')!;
  assert.deepEqual(values(wl, 1), ['指标', '失分部门数（个）', '合计失分（分）']);
  assert.deepEqual(values(wl, 2), ['甲部门', 1, 1]);
  assert.equal(wl.getColumn(3).numFmt, '0.00');
  const wd = wb.getWorksheet('等级分布')!;
  assert.deepEqual(values(wd, 2), ['优', 2]);
});
