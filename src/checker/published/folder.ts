/**
 * `jixiao check <folder>`: every file of a jurisdiction's published tables, checked in parallel by a
 * pool of worker threads (as many as the machine has cores, never more than files), and a summary
 * workbook: one row per file (what was recognised, errors, warnings, notes) and one per finding with
 * its place (table, row, column; line or page).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { SEVERITY_LABELS } from '../../core/checks/types.ts';
import { findingTitle } from '../../core/labels.ts';
import { cellText } from '../../core/text.ts';
import type { FileSummary } from './file.ts';

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
  ];
  const n = (r: FileSummary, s: string) => r.findings.filter((f) => f.severity === s).length;
  for (const r of results)
    files.addRow([
      cellText(r.file),
      cellText(r.what),
      n(r, 'error'),
      n(r, 'warning'),
      n(r, 'note'),
      r.passed,
      cellText(r.message ?? (r.findings.length ? '' : '未发现问题')),
    ]);
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
        cellText(r.file),
        SEVERITY_LABELS[f.severity],
        cellText(findingTitle(f.code)),
        cellText(f.path),
        cellText(f.message),
        cellText(f.stated ?? ''),
        cellText(f.expected ?? ''),
      ]);
  for (const ws of [files, list]) {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  wb.creator = 'jixiao';
  wb.title = `${basename(folder)} 自评表核对汇总`;
  await wb.xlsx.writeFile(path);
}
