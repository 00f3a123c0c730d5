/**
 * The 项目支出绩效自评表 as an .xlsx workbook (exceljs): one sheet per project, laid out as the standard
 * table — title, project and department, the funds block (年初预算数 / 全年预算数 / 全年执行数 / 分值 /
 * 执行率 / 得分), the indicator rows with merged 一级指标 cells, the total. Amounts, weights and scores
 * are written as numbers from their exact decimal strings (two decimals, number format 0.00) so the
 * sheet sums; text stays text.
 */
import ExcelJS from 'exceljs';
import { xmlSafe } from '../../core/text.ts';
import { safeCells } from './cell-text.ts';
import type { ProjectTableModel } from '../../core/projects/table.ts';

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = { name: '宋体', size: 11 };

function num(s: string): number | string {
  // Two-decimal figures are exact in a double for display; the text stays when it is not a figure.
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique within the workbook. */
function sheetName(name: string, used: Set<string>): string {
  // Excel refuses : \ / ? * [ ] in a sheet name, and an apostrophe at its start or end.
  const base =
    xmlSafe(name)
      .replace(/[:\\/?*[\]]/g, '_')
      .replace(/^'+|'+$/g, '')
      .slice(0, 28) || '项目';
  let n = base;
  for (let i = 2; used.has(n); i++) n = `${base}_${i}`;
  used.add(n);
  return n;
}

export function addProjectSheet(
  wb: ExcelJS.Workbook,
  m: ProjectTableModel,
  used = new Set<string>(),
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheetName(m.project, used), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [
    { width: 12 },
    { width: 14 },
    { width: 30 },
    { width: 18 },
    { width: 24 },
    { width: 8 },
    { width: 8 },
    { width: 40 },
  ];
  const row = (values: (string | number)[], opts: { bold?: boolean; center?: boolean } = {}) => {
    const r = ws.addRow(values);
    r.eachCell({ includeEmpty: true }, (c, col) => {
      if (col > 8) return;
      c.font = { ...FONT, bold: opts.bold ?? false };
      c.border = BORDER;
      c.alignment = { vertical: 'middle', horizontal: opts.center ? 'center' : undefined, wrapText: true };
      if (typeof c.value === 'number') c.numFmt = '0.00';
    });
    return r;
  };

  const title = ws.addRow([`${m.title}${m.constructed ? '（示例构造数据）' : ''}`]);
  ws.mergeCells(title.number, 1, title.number, 8);
  title.getCell(1).font = { name: '宋体', size: 16, bold: true };
  title.getCell(1).alignment = { horizontal: 'center' };
  title.height = 28;

  const p = row(['项目名称', m.project, '', '', '主管部门', m.department, '', '']);
  ws.mergeCells(p.number, 2, p.number, 4);
  ws.mergeCells(p.number, 6, p.number, 8);

  const fh = row(
    ['项目资金（万元）', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
    {
      bold: true,
      center: true,
    },
  );
  const fv = row([
    '',
    '年度资金总额',
    num(m.funds.initialBudget),
    num(m.funds.adjustedBudget),
    num(m.funds.executed),
    num(m.funds.weight),
    m.funds.rate,
    num(m.funds.score),
  ]);
  ws.mergeCells(fh.number, 1, fv.number, 1);
  ws.mergeCells(fh.number, 2, fh.number, 2);

  row(
    [
      '一级指标',
      '二级指标',
      '三级指标',
      '年度指标值',
      '实际完成值',
      '分值',
      '得分',
      '偏差原因分析及改进措施',
    ],
    {
      bold: true,
      center: true,
    },
  );
  let start = 0;
  let current = '';
  const flush = (end: number) => {
    if (start && end > start) ws.mergeCells(start, 1, end, 1);
  };
  for (const r of m.rows) {
    const added = row([
      r.level1,
      r.level2,
      r.name,
      r.target,
      r.actual,
      num(r.weight),
      num(r.score),
      r.remark,
    ]);
    if (r.level1 !== current) {
      flush(added.number - 1);
      start = added.number;
      current = r.level1;
    }
  }
  flush(ws.lastRow!.number);

  const total = row(['总分', '', '', '', '', num(m.total.weight), num(m.total.score), m.total.grade], {
    bold: true,
  });
  ws.mergeCells(total.number, 1, total.number, 5);
  if (m.notes.length) {
    const n = ws.addRow([`说明：${m.notes.join('；')}`]);
    ws.mergeCells(n.number, 1, n.number, 8);
    n.getCell(1).font = FONT;
    n.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    n.height = Math.min(200, 18 * Math.ceil(n.getCell(1).text.length / 60));
  }
  return ws;
}

/** A workbook with one sheet per project table, as an .xlsx buffer. */
export async function projectTablesXlsx(models: ProjectTableModel[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jixiao';
  const used = new Set<string>();
  for (const m of models) addProjectSheet(wb, m, used);
  safeCells(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
