/**
 * The summary workbook (汇总表), written with exceljs's streaming writer: one row per department as
 * results arrive, so memory does not grow with the number of departments. Every string is stored as
 * text, and one that a spreadsheet could take for a formula (= + - @ tab CR) is prefixed with an
 * apostrophe, so =HYPERLINK(…) in a department name is shown, never run (also after a CSV export).
 */
import ExcelJS from 'exceljs';
import { cellText } from '../core/text.ts';
import type { Framework, IndicatorNode } from '../core/framework/schema.ts';
import type { BatchError, BatchRow, Severity } from './work.ts';

export const SUMMARY_SHEET = '汇总';
export const ERRORS_SHEET = '错误清单';
const SEVERITY_HEADERS: Record<Severity, string> = {
  error: '问题：错误',
  warning: '问题：警告',
  note: '问题：提示',
};

/** Neutralises a string a spreadsheet would read as a formula (and drops what XML cannot carry). */
export const safeText = cellText;

export function frameworkLeaves(fw: Framework): IndicatorNode[] {
  const out: IndicatorNode[] = [];
  const walk = (n: IndicatorNode) => (n.children?.length ? n.children.forEach(walk) : out.push(n));
  fw.indicators.forEach(walk);
  return out;
}

export interface SummaryOptions {
  framework: Framework;
  /** Whether the dataset checks ran (adds findings-by-severity columns). */
  checks: boolean;
  /** Whether reports were written and checked (adds report columns). */
  reports: boolean;
  reportChecks: boolean;
}

export class SummaryWriter {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly leaves: IndicatorNode[];
  readonly headers: string[];

  constructor(
    file: string,
    private readonly opts: SummaryOptions,
  ) {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: file,
      useSharedStrings: false,
      useStyles: true,
    });
    this.wb.creator = 'jixiao batch';
    this.leaves = frameworkLeaves(opts.framework);
    this.headers = [
      '文件',
      '部门',
      '部门编码',
      '所属地区',
      '年度',
      '总分',
      '等级',
      '失分合计',
      ...this.leaves.map((l) => `失分：${l.name}`),
      '失分项数',
      '缺少评价依据',
      ...(opts.checks ? (['error', 'warning', 'note'] as const).map((s) => SEVERITY_HEADERS[s]) : []),
      ...(opts.reports ? ['报告文件'] : []),
      ...(opts.reportChecks ? ['报告核对：错误', '报告核对：警告', '报告核对：提示'] : []),
    ];
    this.sheet = this.wb.addWorksheet(SUMMARY_SHEET, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
    this.sheet.columns = this.headers.map((h, i) => ({
      header: h,
      width: i === 0 ? 28 : i === 1 ? 30 : Math.max(10, Math.min(24, h.length * 2 + 2)),
    }));
    const head = this.sheet.getRow(1);
    head.font = { bold: true };
    head.commit();
  }

  /** Scores are written as numbers (two decimals, from their exact text) so a reviewer can sort them. */
  add(r: BatchRow): void {
    const num = (s: string) => Number(s);
    const values: (string | number)[] = [
      safeText(r.file),
      safeText(r.department),
      safeText(r.code),
      safeText(r.jurisdiction),
      r.year,
      num(r.total),
      safeText(r.grade),
      num(r.lostTotal),
      ...this.leaves.map((l) => num(r.lost[l.code] ?? '0')),
      r.problems,
      r.missing,
    ];
    if (this.opts.checks)
      values.push(r.findings?.error ?? 0, r.findings?.warning ?? 0, r.findings?.note ?? 0);
    if (this.opts.reports) values.push(safeText(r.report ?? ''));
    if (this.opts.reportChecks)
      values.push(r.reportFindings?.error ?? 0, r.reportFindings?.warning ?? 0, r.reportFindings?.note ?? 0);
    const row = this.sheet.addRow(values);
    for (let c = 6; c <= 8 + this.leaves.length; c++) if (c !== 7) row.getCell(c).numFmt = '0.00';
    row.commit();
  }

  /** Commits the summary sheet, then writes the error list as a second sheet, and closes the file. */
  async finish(errors: BatchError[]): Promise<void> {
    this.sheet.commit();
    const es = this.wb.addWorksheet(ERRORS_SHEET);
    es.columns = [
      { header: '文件', width: 32 },
      { header: '错误', width: 100 },
    ];
    es.getRow(1).font = { bold: true };
    es.getRow(1).commit();
    for (const e of errors) es.addRow([safeText(e.file), safeText(e.message)]).commit();
    es.commit();
    await this.wb.commit();
  }
}
