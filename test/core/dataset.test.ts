/** The dataset schema: exact decimals from text, units, blanks, booleans, and Chinese errors with paths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { parseDataText } from '../../src/adapters/files.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { seedDataset, seedInput } from '../helpers.ts';

function parseYamlDataset(text: string) {
  const raw = parseDataText(text);
  assert.ok(raw.ok, JSON.stringify(!raw.ok && raw.errors));
  return parseDataset(raw.value);
}

test('amounts in 元 are converted exactly to 万元; thousands separators and 万元 suffixes are read', () => {
  const d = seedInput();
  d.procurement = { planned: '120,200.00元', actual: { value: '120100', unit: '元' } };
  (d.budget as { initial: Record<string, unknown> }).initial.project = '2,683.35万元';
  const r = parseDataset(d);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.equal(r.value.procurement.planned, '12.02');
  assert.equal(r.value.procurement.actual, '12.01');
  assert.equal(r.value.budget.initial.project, '2683.35');
});

test('YAML numbers stay exact text: 0.1 + 0.2 never becomes 0.30000000000000004', () => {
  const d = seedInput();
  d.adjustments = [
    { category: 'project', amount: 'X1' },
    { category: 'project', amount: 'X2' },
  ];
  const text = stringify(d)
    .replace("'X1'", '0.10')
    .replace('X1', '0.10')
    .replace("'X2'", '0.20')
    .replace('X2', '0.20');
  const r = parseYamlDataset(text);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.deepEqual(
    r.value.adjustments.map((a) => a.amount),
    ['0.1', '0.2'],
  );
});

test('JSON input is read the same way, with or without a UTF-8 BOM', () => {
  const json = JSON.stringify(seedInput());
  for (const text of [json, '\uFEFF' + json]) {
    const r = parseYamlDataset(text);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    assert.equal(r.value.department.name, '深圳市福田区总工会');
  }
});

test('blank optional fields are treated as absent; booleans may be written 是/否', () => {
  const text = stringify(seedInput())
    .replace(/source: 区统计局[^\n]*/, 'source:')
    .replace('channel: true', 'channel: 是');
  const r = parseYamlDataset(text);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.equal(r.value.satisfaction.source, undefined);
  assert.equal(r.value.petitions.channel, true);
});

test('errors name the field path, in Chinese, for every problem at once', () => {
  const d = seedInput();
  (d.execution as { quarterlyCumulative: unknown[] }).quarterlyCumulative = ['1', '2', 'three'];
  d.year = '二〇二三';
  (d.staff as Record<string, unknown>).extraStaff = '23.5';
  d.disclosure = { budget: 'yes', finalAccounts: 'full' };
  const r = parseDataset(d);
  assert.equal(r.ok, false);
  const messages = !r.ok ? r.errors.map((e) => `${e.path}：${e.message}`) : [];
  const expect = [
    /^year：应为不小于 0 的整数，收到“二〇二三”/,
    /^execution\.quarterlyCumulative：应为四个季度末的累计执行数/,
    /^execution\.quarterlyCumulative\[2\]：应为金额（万元）.*three/,
    /^staff\.extraStaff：应为不小于 0 的整数，收到“23\.5”/,
    /^disclosure\.budget：应为 full（按规定公开）/,
  ];
  for (const e of expect)
    assert.ok(
      messages.some((m) => e.test(m)),
      `${e}\n${messages.join('\n')}`,
    );
});

test('deeply nested or alias-heavy YAML is refused with a clear message, not a crash', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 12; i++)
    bomb.push(
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(',')}]`,
    );
  const r = parseDataText(bomb.join('\n'));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.errors[0]!.message : '', /别名|YAML/);
});

test('pathologically deep nesting is refused, not a crash', () => {
  const depth = 20000;
  const r = parseDataText(`a: ${'['.repeat(depth)}${']'.repeat(depth)}`);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.errors[0]!.message : '', /嵌套|YAML/);
});

test('an unknown key inside projects.items[] is refused with its path, as everywhere else', () => {
  const d = seedInput();
  const items = (d.projects as { items: Record<string, unknown>[] }).items;
  items[0]!.excuted = '12.00';
  const r = parseDataset(d);
  assert.equal(r.ok, false);
  const messages = !r.ok ? r.errors.map((e) => `${e.path}：${e.message}`) : [];
  assert.deepEqual(messages, ['projects.items[0]：未知字段：excuted（请检查拼写）']);
});

test('0 stays a valid pace share and prior-year share (only 满意度 refuses 0)', () => {
  const d = seedInput();
  d.priorYear = { quantifiedShare: '0' };
  d.monitoring = { asOf: '2023-08-31', executed: '1000', pace: [{ date: '01-01', share: '0' }] };
  const r = parseDataset(d);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
});

test('a rate or score outside its scale is refused with the field, the scale and what was typed', () => {
  const cases: [(d: Record<string, unknown>) => void, string, RegExp][] = [
    [
      (d) => (d.satisfaction = { score: '150' }),
      'satisfaction.score',
      /满意度得分（百分制）应在 0 到 100 之间（例如 86\.52），收到“150”/,
    ],
    [(d) => (d.satisfaction = { score: '1000' }), 'satisfaction.score', /应在 0 到 100 之间.*收到“1000”/],
    [(d) => (d.satisfaction = { score: '-5' }), 'satisfaction.score', /应在 0 到 100 之间.*收到“-5”/],
    [
      (d) => (d.satisfaction = { score: '0.8652' }),
      'satisfaction.score',
      /满意度得分（百分制）收到“0\.8652”，像是写成了小数；应按 100 分制填写，如 86\.52/,
    ],
    [(d) => (d.satisfaction = { score: '1' }), 'satisfaction.score', /像是写成了小数/],
    [
      (d) => (d.satisfaction = { score: '0' }),
      'satisfaction.score',
      /满意度得分（百分制）不能为 0；应按 100 分制填写实际得分，如 86\.52/,
    ],
    [
      (d) => (d.priorYear = { quantifiedShare: '0.6522' }),
      'priorYear.quantifiedShare',
      /上年量化指标占比（%）收到“0\.6522”，像是写成了小数；应按 100 分制填写，如 65\.22/,
    ],
    [(d) => (d.priorYear = { quantifiedShare: '6522' }), 'priorYear.quantifiedShare', /应在 0 到 100 之间/],
    [(d) => (d.priorYear = { total: '-1' }), 'priorYear.total', /不能为负数/],
    [
      (d) =>
        (d.monitoring = {
          asOf: '2023-08-31',
          executed: '1000',
          pace: [{ date: '06-30', share: '0.5' }],
          gapThreshold: '150',
        }),
      'monitoring.pace[0].share',
      /序时进度（%）收到“0\.5”，像是写成了小数；应按 100 分制填写，如 50/,
    ],
    [
      (d) => (d.evaluation = { 'budget-execution': { score: '-2' } }),
      'evaluation.budget-execution.score',
      /不能为负数/,
    ],
  ];
  for (const [change, path, message] of cases) {
    const d = seedInput();
    change(d);
    const r = parseDataset(d);
    assert.equal(r.ok, false, path);
    const found = !r.ok ? r.errors.find((e) => e.path === path) : undefined;
    assert.ok(found, `${path}: ${JSON.stringify(!r.ok && r.errors)}`);
    assert.match(found.message, message);
  }
  // The gap threshold of the monitoring case is refused as well, in the same pass.
  const d = seedInput();
  d.monitoring = { asOf: '2023-08-31', executed: '1000', gapThreshold: '150' };
  const r = parseDataset(d);
  assert.match(
    !r.ok ? r.errors.map((e) => `${e.path}：${e.message}`).join('\n') : '',
    /monitoring\.gapThreshold：预警百分点数应在 0 到 100 之间/,
  );
  // On the scale: kept as typed.
  for (const score of ['86.52', '1.5', '100']) {
    const ok = parseDataset({ ...seedInput(), satisfaction: { score } });
    assert.ok(ok.ok && ok.value.satisfaction.score === score, score);
  }
});

test('the workbook refuses an out-of-scale satisfaction score the same way, naming its sheet and cell', async () => {
  const { default: ExcelJS } = await import('exceljs');
  const { buildWorkbook, readWorkbook } = await import('../../src/adapters/xlsx/workbook.ts');
  const seed = seedDataset();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    (await buildWorkbook(seed, {
      department: seed.department.name,
      year: seed.year,
    })) as unknown as ArrayBuffer,
  );
  let at: { sheet: string; cell: string } | undefined;
  wb.eachSheet((ws) =>
    ws.eachRow((row, r) => {
      if (row.getCell(1).value === '满意度得分') {
        ws.getCell(`B${r}`).value = 0.8652;
        at = { sheet: ws.name, cell: `B${r}` };
      }
    }),
  );
  assert.ok(at, 'the workbook has a 满意度得分 row');
  const r = await readWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()), seed);
  assert.equal(r.ok, false);
  const e = !r.ok ? r.errors.find((x) => x.sheet === at!.sheet && x.cell === at!.cell) : undefined;
  assert.match(e?.message ?? JSON.stringify(r), /满意度得分（百分制）收到“0\.8652”，像是写成了小数/);
});

test('the web form’s save path refuses it too, with the field path the form marks', async () => {
  const { evaluate } = await import('../../src/server/service.ts');
  const { FrameworkRegistry } = await import('../../src/server/frameworks.ts');
  const d = seedInput();
  d.satisfaction = { score: '8652' };
  const r = evaluate(new FrameworkRegistry(), d, 'futian-2023');
  assert.equal(r.ok, false);
  const e = !r.ok ? r.errors.find((x) => x.path === 'satisfaction.score') : undefined;
  assert.match(
    e?.message ?? JSON.stringify(r),
    /满意度得分（百分制）应在 0 到 100 之间（例如 86\.52），收到“8652”/,
  );
});
