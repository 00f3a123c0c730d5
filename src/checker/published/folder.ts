/**
 * `jixiao check <folder>`: every file of a jurisdiction's published tables, checked in parallel by a
 * pool of worker threads (as many as the machine has cores, never more than files), and a summary
 * workbook: one row per file (what was recognised, errors, warnings, notes) and one per finding with
 * its place (table, row, column; line or page).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { SEVERITY_LABELS } from '../../core/checks/types.ts';
import { findingTitle } from '../../core/labels.ts';
import { cellText } from '../../core/text.ts';
import type { FileSummary } from './file.ts';
import { displayWidth } from './normalize.ts';

/** Files a folder holds (not hidden, not sub-folders, not the summary workbook being written). */
export function folderFiles(dir: string, exclude?: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && !n.startsWith('~$'))
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile() && (!exclude || resolve(p) !== resolve(exclude)))
    .sort();
}

export async function checkFolder(
  files: string[],
  opts: { framework: string; workers?: number; onFile?: (s: FileSummary) => void },
): Promise<FileSummary[]> {
  const results = new Array<FileSummary>(files.length);
  if (!files.length) return [];
  const count = Math.max(1, Math.min(opts.workers ?? availableParallelism(), files.length));
  const entry = new URL('../../batch/worker-entry.mjs', import.meta.url);
  const ts = new URL('./worker.ts', import.meta.url);
  const module = existsSync(ts) ? ts : new URL('./worker.js', import.meta.url);
  let next = 0;
  let done = 0;
  await new Promise<void>((resolveAll, reject) => {
    const pool: Worker[] = [];
    const feed = (w: Worker, slot: { i: number }) => {
      if (next >= files.length) return;
      slot.i = next++;
      w.postMessage({ path: files[slot.i], name: basename(files[slot.i]!) });
    };
    for (let k = 0; k < count; k++) {
      const w = new Worker(entry, { workerData: { entry: module.href, framework: opts.framework } });
      const slot = { i: -1 };
      pool.push(w);
      w.on('message', (msg: 'ready' | FileSummary) => {
        if (msg !== 'ready') {
          results[slot.i] = msg;
          opts.onFile?.(msg);
          if (++done === files.length) {
            for (const x of pool) void x.terminate();
            resolveAll();
            return;
          }
        }
        feed(w, slot);
      });
      w.on('error', (e) => {
        for (const x of pool) void x.terminate();
        reject(e);
      });
    }
  });
  return results;
}

/**
 * Where a finding's link goes: the file, relative to the workbook (so the folder and its summary can
 * travel together); for a workbook finding, the sheet and row it names (“工作表「自评表」第 7 行”).
 */
export function findingLink(workbook: string, folder: string, file: string, place: string): string {
  const rel = relative(dirname(resolve(workbook)), resolve(folder, file))
    .split(sep)
    .join('/');
  const href = encodeURI(rel);
  const m = place.match(/^工作表「([^」]+)」第 (\d+) 行/);
  return m ? `${href}#'${m[1]!.replace(/'/g, "''")}'!A${m[2]}` : href;
}

export async function writeSummaryWorkbook(
  path: string,
  folder: string,
  results: FileSummary[],
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const files = wb.addWorksheet('各文件');
  files.columns = [
    { header: '文件', width: 36 },
    { header: '识别结果', width: 60 },
    { header: '错误', width: 8 },
    { header: '警告', width: 8 },
    { header: '提示', width: 8 },
    { header: '已核对相符', width: 12 },
    { header: '说明', width: 60 },
    { header: '问题清单', width: 16 },
  ];
  const n = (r: FileSummary, s: string) => r.findings.filter((f) => f.severity === s).length;
  // Each file links to the file itself and to its first row in 问题清单; each finding back to its file.
  let listRow = 2;
  const fileRow = new Map<string, number>();
  results.forEach((r, i) => {
    fileRow.set(r.file, i + 2);
    files.addRow([
      { text: cellText(r.file), hyperlink: findingLink(path, folder, r.file, '') },
      cellText(r.what),
      n(r, 'error'),
      n(r, 'warning'),
      n(r, 'note'),
      r.passed,
      cellText(r.message ?? (r.findings.length ? '' : '未发现问题')),
      r.findings.length
        ? { text: `第 ${listRow} 行起，共 ${r.findings.length} 处`, hyperlink: `'问题清单'!A${listRow}` }
        : '',
    ]);
    listRow += r.findings.length;
  });
  const list = wb.addWorksheet('问题清单');
  list.columns = [
    { header: '文件', width: 36 },
    { header: '严重度', width: 8 },
    { header: '问题', width: 30 },
    { header: '位置', width: 50 },
    { header: '说明', width: 80 },
    { header: '写明', width: 14 },
    { header: '应为', width: 14 },
  ];
  for (const r of results)
    for (const f of r.findings)
      list.addRow([
        { text: cellText(r.file), hyperlink: `'各文件'!A${fileRow.get(r.file)}` },
        SEVERITY_LABELS[f.severity],
        cellText(findingTitle(f.code)),
        { text: cellText(f.path), hyperlink: findingLink(path, folder, r.file, f.path) },
        cellText(f.message),
        cellText(f.stated ?? ''),
        cellText(f.expected ?? ''),
      ]);
  const linkFont = { color: { argb: 'FF0563C1' }, underline: true } as const;
  for (const [ws, cols] of [
    [files, [1, 8]],
    [list, [1, 4]],
  ] as const)
    ws.eachRow((row, i) => {
      if (i > 1) for (const c of cols) if (row.getCell(c).value) row.getCell(c).font = linkFont;
    });
  // Long texts wrap in their column; printed, each sheet is A4 landscape, one page wide.
  const wrapped = { files: [2, 7], list: [3, 4, 5] };
  for (const [ws, cols] of [
    [files, wrapped.files],
    [list, wrapped.list],
  ] as const) {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    ws.eachRow((row) => {
      row.alignment = { vertical: 'top' };
      let lines = 1;
      for (const c of cols) {
        row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
        const width = ws.getColumn(c).width ?? 10;
        lines = Math.max(lines, Math.ceil(displayWidth(row.getCell(c).text) / (width - 1)));
      }
      // Set, not left to the reader: LibreOffice does not size wrapped rows of a workbook it opens.
      row.height = 15 * lines;
    });
    ws.pageSetup = {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    };
  }
  wb.creator = 'jixiao';
  wb.title = `${basename(folder)} 自评表核对汇总`;
  await wb.xlsx.writeFile(path);
}
