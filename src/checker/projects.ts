/**
 * The project tables (项目支出绩效自评表, 附表 2-n, after 财预〔2020〕10号): the funds row's execution rate
 * against 全年执行数 ÷ 全年预算数 and its score against rate × 分值 (at most 分值); each indicator's score
 * within its 分值; the 总分 row's 分值 and 得分 against the sums of the rows above it. Read from tables
 * whose rows carry a “项目资金” header; columns found by their headings. A row whose cells do not line up
 * with its header (a PDF text layer that lost empty cells) is left out, and said so.
 */
import { Decimal, ZERO, fixed, roundHalfUp } from '../core/decimal.ts';
import { compare, halfUnit, publishedPlaces } from '../core/checks/tolerance.ts';
import type { Finding, Passed } from '../core/checks/types.ts';
import { placeLabel, type ReportDocument, type Table, type TableRow } from './document.ts';
import { isBlankCell, parseNumber } from './numbers.ts';

type Outcome = { findings: Finding[]; passed: Passed[]; notChecked: string[]; read: string[] };

const squeeze = (s: string) => s.replace(/\s+/g, '');

/** The project's name: the table's 附表 heading (“附表 2-1 区退休职工管理项目支出绩效自评表”) or its 项目名称 row. */
function projectName(t: Table): string {
  const row = t.rows.find((r) => squeeze(r.cells[0] ?? '') === '项目名称');
  const named = row?.cells.slice(1).find((c) => c.trim());
  if (named) return named.trim();
  const h = t.section.at(-1)?.text ?? '';
  return h.replace(/^附表\s*\d+(?:\s*[-－—–]\s*\d+)?\s*/, '').replace(/项目支出绩效自评表$/, '') || '项目';
}

function column(header: TableRow, re: RegExp): number {
  return header.cells.findIndex((c) => re.test(squeeze(c)));
}

const num = (row: TableRow, j: number) => {
  const text = j >= 0 ? row.cells[j] : undefined;
  if (isBlankCell(text)) return null;
  const value = parseNumber(text!);
  return value === null ? null : { value, text: text!.trim(), places: publishedPlaces(text!) };
};

export function isProjectTable(t: Table): boolean {
  return t.rows.some((r) => /^项目资金/.test(squeeze(r.cells[0] ?? '')));
}

export function checkProjectTables(doc: ReportDocument): Outcome {
  const out: Outcome = { findings: [], passed: [], notChecked: [], read: [] };
  for (const t of doc.blocks) {
    if (t.kind !== 'table' || !isProjectTable(t)) continue;
    const name = projectName(t);
    const at = (row: TableRow, what: string) => `${placeLabel(doc.source, row.line)}，“${name}”自评表${what}`;
    const err = (row: TableRow, code: string, message: string, stated: string, expected: string) =>
      out.findings.push({
        code,
        severity: 'error',
        path: at(row, ''),
        message: `“${name}”项目支出绩效自评表：${message}`,
        stated,
        expected,
        location: { line: row.line, table: t.section.at(-1)?.text ?? name },
      });
    const ok = (row: TableRow, code: string, message: string) =>
      out.passed.push({ code, path: at(row, ''), message: `“${name}”自评表：${message}` });
    out.read.push(`${name}项目支出绩效自评表（${placeLabel(doc.source, t.line)}）`);

    const fundsHead = t.rows.findIndex((r) => /^项目资金/.test(squeeze(r.cells[0] ?? '')));
    const head = t.rows[fundsHead]!;
    const cBudget = column(head, /^全年预算/);
    const cExec = column(head, /^全年执行/);
    const cWeight = column(head, /^分值/);
    const cRate = column(head, /^执行率/);
    const cScore = column(head, /^得分/);
    const funds = t.rows.slice(fundsHead + 1).find((r) => r.cells.some((c) => /年度资金总额/.test(c)));
    let weightSum = ZERO;
    let scoreSum = ZERO;
    let rowsRead = 0;
    let skipped = 0;
    if (funds && funds.cells.length === head.cells.length) {
      const budget = num(funds, cBudget);
      const exec = num(funds, cExec);
      const rate = num(funds, cRate);
      const weight = num(funds, cWeight);
      const score = num(funds, cScore);
      if (budget && exec && rate && !budget.value.isZero()) {
        const want = exec.value.dividedBy(budget.value).times(100);
        const cmp = compare(rate.value, rate.places, want);
        const expected = `${fixed(want, rate.places)}%`;
        if (cmp.ok) ok(funds, 'report.projectRate', `执行率 ${rate.text} = ${exec.text} ÷ ${budget.text}`);
        else
          err(
            funds,
            'report.projectRate',
            `执行率写 ${rate.text}，全年执行数 ${exec.text} ÷ 全年预算数 ${budget.text} = ${expected}`,
            rate.text,
            expected,
          );
        if (weight && score) {
          // Rate × 分值, at most 分值: with the rate as printed (0.01 %) and unrounded, either may be used.
          const capped = (r: Decimal) => Decimal.min(r, new Decimal(100)).dividedBy(100).times(weight.value);
          const candidates = [capped(rate.value), capped(want)].map((v) => roundHalfUp(v, score.places));
          if (candidates.some((c) => c.equals(score.value)))
            ok(funds, 'report.projectScore', `资金得分 ${score.text} = 执行率 × ${weight.text} 分`);
          else
            err(
              funds,
              'report.projectScore',
              `资金得分写 ${score.text}，执行率 ${rate.text} × ${weight.text} 分（不超过 ${weight.text} 分）应为 ${fixed(candidates[0]!, score.places)}`,
              score.text,
              fixed(candidates[0]!, score.places),
            );
        }
      }
      if (weight) weightSum = weightSum.plus(weight.value);
      if (score) scoreSum = scoreSum.plus(score.value);
    } else if (funds) skipped++;

    const indHead = t.rows.findIndex((r) => r.cells.some((c) => squeeze(c) === '三级指标'));
    if (indHead < 0) continue;
    const ih = t.rows[indHead]!;
    const cw = column(ih, /^分值/);
    const cs = column(ih, /^得分/);
    const cName = column(ih, /^三级指标/);
    for (const row of t.rows.slice(indHead + 1)) {
      const label = squeeze(row.cells[0] ?? '');
      if (/^总分/.test(label)) {
        const totalWeight = row.cells.length === ih.cells.length ? num(row, cw) : null;
        const totalScore = row.cells.length === ih.cells.length ? num(row, cs) : null;
        if (!totalWeight || !totalScore || skipped) {
          out.notChecked.push(`“${name}”自评表的总分行或部分行与表头未对齐，未核对合计`);
          break;
        }
        if (totalWeight.value.equals(weightSum))
          ok(row, 'report.projectTotal', `分值合计 ${totalWeight.text} = 各行分值之和`);
        else
          err(
            row,
            'report.projectTotal',
            `总分行分值写 ${totalWeight.text}，资金和 ${rowsRead} 个指标的分值相加为 ${fixed(weightSum, 0)}`,
            totalWeight.text,
            weightSum.toString(),
          );
        const tol = halfUnit(totalScore.places);
        if (totalScore.value.minus(scoreSum).abs().lessThanOrEqualTo(tol))
          ok(row, 'report.projectTotal', `总分 ${totalScore.text} = 资金得分与各指标得分之和`);
        else
          err(
            row,
            'report.projectTotal',
            `总分写 ${totalScore.text}，资金得分与 ${rowsRead} 个指标得分相加为 ${fixed(scoreSum, 2)}`,
            totalScore.text,
            fixed(scoreSum, 2),
          );
        break;
      }
      if (row.cells.length !== ih.cells.length) {
        skipped++;
        continue;
      }
      const w = num(row, cw);
      const s = num(row, cs);
      if (!w || !s) continue;
      rowsRead++;
      weightSum = weightSum.plus(w.value);
      scoreSum = scoreSum.plus(s.value);
      const indicator = (row.cells[cName] ?? '').trim() || '指标';
      if (s.value.greaterThan(w.value))
        err(
          row,
          'report.projectScore',
          `“${indicator}”得分 ${s.text} 超过分值 ${w.text}`,
          s.text,
          `≤ ${w.text}`,
        );
      else ok(row, 'report.projectScore', `“${indicator}”得分 ${s.text} 不超过分值 ${w.text}`);
    }
  }
  return out;
}
