/**
 * Reports in other layouts than jixiao's and the seed's (issue 15): three variants of a report jixiao
 * writes, each read back by the checker and the extractor —
 *   A. another district's headings, tables numbered straight through (表1, 表2…), the 预算执行 chapter
 *      before the 预算编制 one, the scoring table under “附件”;
 *   B. tables with merged header cells (a parent heading spanning its columns, a heading spanning rows);
 *   C. a scanned-then-OCR'd text: paragraphs broken every 26 characters (inside numbers too), full-width
 *      digits, tables aligned with spaces instead of tabs, page numbers between pages.
 * Each must score as the original after report → extract → score, and the checker must find no figure
 * that disagrees (the data is consistent).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildDocument, checkReportDocument, type ReportCheckResult } from '../../src/checker/index.ts';
import { docxBodyLines } from '../../src/checker/read.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import { leaves, score } from '../../src/core/score.ts';
import { buildReportModel, renderDocx } from '../../src/report/index.ts';
import { stopChartThread } from '../../src/report/charts/thread.ts';
import { synthDepartment } from '../../src/synth/generate.ts';
import { readZip } from '../report/helpers.ts';
import { futian, reparse } from '../helpers.ts';

const fw = futian();
/** Synthetic departments with adjustments, transfers, an unfinished key task and points lost. */
const DEPARTMENTS = [3, 4, 16];
const reports: { id: string; dataset: Dataset; lines: string[] }[] = [];

before(async () => {
  for (const i of DEPARTMENTS) {
    const d = synthDepartment(i, { seed: 1, inconsistentPercent: 0 });
    const dataset = reparse(d.dataset);
    const model = buildReportModel(dataset, fw, score(dataset, fw));
    const xml = readZip(await renderDocx(model))
      .get('word/document.xml')!
      .toString('utf8');
    reports.push({ id: d.id, dataset, lines: docxBodyLines(xml).lines });
  }
  stopChartThread();
});

// ---------------------------------------------------------------------------------------------
// The variants, as edits of the report's lines (a .docx read as lines: paragraphs, tab-separated rows)

const HEADINGS: [RegExp, string][] = [
  [/^一、部门基本情况$/, '一、单位概况'],
  [/^（三）\d{4}年部门预算编制情况$/, '（三）预算编制'],
  [/^（四）\d{4}年部门预算执行情况$/, '（四）预算执行'],
  [/^二、部门（单位）主要履职绩效分析$/, '二、履职绩效'],
  [/^三、总体评价和整改措施$/, '三、评价结论与整改'],
  [/^四、部门整体支出绩效评价指标评分情况$/, '四、自评得分'],
];

/** A. Another district: headings, straight table numbers, chapter order, the 附表 as a 附件. */
function otherDistrict(lines: string[]): string[] {
  let out = lines.map((l) => {
    for (const [re, to] of HEADINGS) if (re.test(l)) return to;
    if (/^附表 /.test(l)) return '附件：部门整体支出绩效自评评分表';
    return l;
  });
  // 预算执行 before 预算编制.
  const a = out.indexOf('（三）预算编制');
  const b = out.indexOf('（四）预算执行');
  const c = out.indexOf('二、履职绩效');
  assert.ok(a > 0 && b > a && c > b);
  out = [...out.slice(0, a), ...out.slice(b, c), ...out.slice(a, b), ...out.slice(c)];
  // Tables numbered straight through, in their new order.
  const numbers = new Map<string, string>();
  for (const l of out) {
    const m = l.match(/^表 (\d+-\d+) /);
    if (m) numbers.set(m[1]!, `表${numbers.size + 1}`);
  }
  return out.map((l) => l.replace(/表 (\d+-\d+)/g, (all, n: string) => numbers.get(n) ?? all));
}

/** B. Merged header cells: a parent heading over its columns, a heading spanning two rows. */
function mergedHeaders(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (l === '项目\t年初预算数\t预算增减\t调整预算数\t调整率') {
      out.push('项目\t预算数\t\t\t调整率', '\t年初预算数\t预算增减\t调整预算数\t');
      continue;
    }
    if (l === '费用类别\t预算安排数\t全年预算数\t实际支出数\t经费控制率') {
      out.push('费用类别\t预算\t\t实际支出数\t经费控制率', '\t预算安排数\t全年预算数\t\t');
      continue;
    }
    if (l === '资产类别\t数量\t原值\t其中：在用\t利用率') {
      out.push('资产类别\t数量\t金额\t\t利用率', '\t\t原值\t其中：在用\t');
      continue;
    }
    out.push(l);
  }
  assert.equal(out.length, lines.length + 3, 'all three headers found');
  return out;
}

const FULL_WIDTH = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** C. OCR'd: lines broken every 26 characters, full-width digits, space-aligned tables, page numbers. */
function ocr(lines: string[]): string[] {
  const out: string[] = [];
  let page = 1;
  for (const l of lines) {
    // Columns by position: each cell padded to 24 characters (an empty merged cell is blank).
    if (l.includes('\t'))
      out.push(
        l
          .split('\t')
          .map((c) => `${c.slice(0, 22)}  `.padEnd(24))
          .join('')
          .trimEnd(),
      );
    else if (l.length <= 26) out.push(l);
    else for (let i = 0; i < l.length; i += 26) out.push(FULL_WIDTH(l.slice(i, i + 26)));
    if (out.length > page * 40) out.push('', `— ${page++} —`, '');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function read(lines: string[]): ReportCheckResult {
  return checkReportDocument(buildDocument({ name: 'variant.txt', kind: 'txt', lines }), { framework: fw });
}

function assertRoundTrip(r: ReportCheckResult, dataset: Dataset, id: string): void {
  const back = parseDataset({ ...r.rebuilt.dataset, framework: fw.id });
  assert.ok(back.ok, `${id}: ${JSON.stringify(!back.ok && back.errors.slice(0, 3))}`);
  const want = new Map(leaves(score(dataset, fw)).map((l) => [l.code, l.score]));
  for (const l of leaves(score(back.value, fw))) assert.equal(l.score, want.get(l.code), `${id} ${l.name}`);
}

const NUMERIC =
  /^report\.(sum|rate|unit|repeated|score|scoreTotal|scoreWeight|scoreAboveWeight|tableNumber|project\w+)$/;

for (const [name, variant] of [
  ['A. another district’s headings and table order', otherDistrict],
  ['B. merged header cells', mergedHeaders],
  ['C. OCR’d text with broken lines', ocr],
] as const) {
  describe(name, () => {
    it('scores as the original after extract, and no figure disagrees', () => {
      for (const { id, dataset, lines } of reports) {
        const r = read(variant(lines));
        assert.ok(r.recognised);
        assert.deepEqual(
          r.findings.filter((f) => NUMERIC.test(f.code)).map((f) => f.message),
          [],
          id,
        );
        assertRoundTrip(r, dataset, id);
      }
    });

    it('reads the tables it knows, whatever their number and place', () => {
      for (const { lines } of reports) {
        const kinds = new Set(read(variant(lines)).tablesRead.map((t) => t.kind));
        for (const k of ['预算按类别表', '“三公”经费、公用经费表', '资产表', '预算执行表', '评分表'])
          assert.ok(kinds.has(k), `${k} not read: ${[...kinds].join('、')}`);
      }
    });
  });
}

describe('a changed figure is still found in each variant', () => {
  it('the adjusted 公用经费 of the budget table, changed by 1.00, disagrees with its parts', () => {
    for (const variant of [otherDistrict, mergedHeaders, ocr]) {
      const { lines } = reports[0]!;
      const i = lines.findIndex((l) => /^公用经费\t/.test(l));
      const cells = lines[i]!.split('\t');
      cells[3] = (Number(cells[3]!.replace(/,/g, '')) + 1).toFixed(2);
      const changed = [...lines];
      changed[i] = cells.join('\t');
      const r = read(variant(changed));
      assert.ok(
        r.findings.some((f) => f.code === 'report.sum' && /调整预算·公用经费/.test(f.message)),
        `${variant.name}: ${r.findings.map((f) => f.message).join('\n')}`,
      );
    }
  });
});
