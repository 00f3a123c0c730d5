/**
 * The last step before any workbook is written: every string cell becomes cellText (characters XML
 * cannot carry dropped; one that a spreadsheet or a CSV saved from it would take for a formula gets an
 * apostrophe in front), and sheet names lose XML-illegal characters. Merged cells are visited once,
 * at their master (exceljs hands a slave's write to its master).
 */
import ExcelJS from 'exceljs';
import { cellText, xmlSafe } from '../../core/text.ts';

export function safeCells(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) => {
    const name = xmlSafe(ws.name);
    if (name !== ws.name) ws.name = name || '工作表';
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const v = cell.value;
        if (typeof v === 'string') cell.value = cellText(v);
        else if (v && typeof v === 'object' && 'richText' in v)
          cell.value = {
            richText: v.richText.map((t, i) => ({
              ...t,
              text: i === 0 ? cellText(t.text) : xmlSafe(t.text),
            })),
          };
      }),
    );
  });
}
