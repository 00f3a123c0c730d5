/**
 * jixiao batch: every dataset of a folder scored (and checked) on worker threads, results streamed in
 * file order into the summary workbook. A file that fails is listed with its error; the run goes on.
 * Memory stays flat: files are handed out in small chunks, at most a few chunks in flight per worker,
 * and each row is written and dropped as soon as the rows before it are written.
 */
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Framework } from '../core/framework/schema.ts';
import { SummaryWriter } from './summary.ts';
import {
  findChecker,
  processFile,
  type BatchError,
  type BatchOutcome,
  type BatchRow,
  type Job,
  type ReportOptions,
} from './work.ts';
import type { WorkerInit, WorkerRequest } from './worker.ts';

export interface BatchOptions {
  /** A folder (searched recursively), one dataset file, or the web app's database (postgres:// URL or PGlite folder). */
  input: string;
  framework: Framework;
  /** The summary workbook to write; none when omitted. */
  output?: string;
  /** Worker threads; default: one per core. 0 runs in the main thread. */
  workers?: number;
  /** Run the dataset checks (default true). */
  checks?: boolean;
  /** Write each department's report (.docx) into this folder, and check it with the report checker. */
  reportsDir?: string;
  /** Check the written reports (default true when reportsDir is given). */
  checkReports?: boolean;
  /** Called after each file, in file order. */
  onProgress?: (done: number, total: number) => void;
  /** Called for each failed file as it fails. */
  onError?: (e: BatchError) => void;
  /** Called for each row, in file order (after it is written). */
  onRow?: (r: BatchRow) => void;
}

export interface BatchSummary {
  files: number;
  scored: number;
  failed: number;
  errors: BatchError[];
  /** Whether the dataset checks ran. */
  checked: boolean;
  /** Counts by grade. */
  grades: Record<string, number>;
  /** Departments with at least one error-severity finding. */
  withErrors: number;
}

const DATA_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Files in a dataset folder that are not datasets: the synth manifest. */
const NOT_DATASETS = new Set(['manifest.json']);
const CHUNK = 8;
const IN_FLIGHT_PER_WORKER = 3;

/** Where the datasets come from: files of a folder, or the web app's database. */
interface Source {
  total: number;
  /** Jobs [from, from + count), in order. */
  take(from: number, count: number): Promise<Job[]>;
  close(): Promise<void>;
}

/** A PostgreSQL URL, or the web app's PGlite data folder (it has pgdata/PG_VERSION). */
export function isDatabaseInput(input: string): boolean {
  if (/^postgres(ql)?:\/\//.test(input)) return true;
  try {
    return statSync(input).isDirectory() && existsSync(join(input, 'pgdata', 'PG_VERSION'));
  } catch {
    return false;
  }
}

function folderSource(input: string): Source {
  const files = listDatasetFiles(input);
  return {
    total: files.length,
    take: async (from, count) =>
      files.slice(from, from + count).map((file, j) => ({ index: from + j, file })),
    close: async () => {},
  };
}

/** Every stored dataset, read a chunk at a time (the web app's store; a PGlite folder must not be open). */
async function databaseSource(input: string): Promise<Source> {
  const { openStore } = await import('../storage/db.ts');
  const { getDataset } = await import('../storage/repo.ts');
  const store = await openStore(/^postgres/.test(input) ? { databaseUrl: input } : { dataDir: input });
  const ids = (await store.db.selectFrom('datasets').select('id').orderBy('id').execute()).map((r) => r.id);
  return {
    total: ids.length,
    take: async (from, count) => {
      const out: Job[] = [];
      for (let k = from; k < Math.min(ids.length, from + count); k++) {
        const row = await getDataset(store.db, ids[k]!);
        if (row)
          out.push({
            index: k,
            name: `${row.departmentName}-${row.year}（数据库 #${row.id}）`,
            data: row.data,
          });
        else out.push({ index: k, name: `数据库 #${ids[k]}`, data: null });
      }
      return out;
    },
    close: () => store.close(),
  };
}

/** The dataset files of a folder, recursively, in name order; or the one file given. */
export function listDatasetFiles(input: string): string[] {
  const st = statSync(input);
  if (!st.isDirectory()) return [input];
  const out: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (DATA_EXTENSIONS.has(extname(e.name).toLowerCase()) && !NOT_DATASETS.has(e.name)) out.push(p);
    }
  };
  walk(input);
  return out;
}

export async function runBatch(opts: BatchOptions): Promise<BatchSummary> {
  const source = isDatabaseInput(opts.input) ? await databaseSource(opts.input) : folderSource(opts.input);
  try {
    return await runSource(source, opts);
  } finally {
    await source.close();
  }
}

async function runSource(source: Source, opts: BatchOptions): Promise<BatchSummary> {
  const total = source.total;
  const wantChecks = opts.checks !== false;
  const checker = wantChecks ? await findChecker() : null;
  const reports: ReportOptions | undefined = opts.reportsDir
    ? { dir: opts.reportsDir, check: opts.checkReports !== false }
    : undefined;
  if (reports) mkdirSync(reports.dir, { recursive: true });
  const summary: BatchSummary = {
    files: total,
    scored: 0,
    failed: 0,
    errors: [],
    checked: checker !== null,
    grades: {},
    withErrors: 0,
  };
  const writer = opts.output
    ? new SummaryWriter(opts.output, {
        framework: opts.framework,
        checks: checker !== null,
        reports: reports !== undefined,
        reportChecks: reports?.check === true,
      })
    : null;

  // Results come back out of order; they are released in file order.
  const pending = new Map<number, BatchOutcome>();
  let next = 0;
  const release = () => {
    while (pending.has(next)) {
      const o = pending.get(next)!;
      pending.delete(next);
      if (o.ok) {
        summary.scored++;
        summary.grades[o.row.grade] = (summary.grades[o.row.grade] ?? 0) + 1;
        if (o.row.findings && o.row.findings.error > 0) summary.withErrors++;
        writer?.add(o.row);
        opts.onRow?.(o.row);
      } else {
        summary.failed++;
        summary.errors.push(o.error);
        opts.onError?.(o.error);
      }
      next++;
      opts.onProgress?.(next, total);
    }
  };

  const workers = opts.workers ?? availableParallelism();
  if (workers <= 0 || total <= CHUNK) {
    for (let i = 0; i < total; i += CHUNK) {
      for (const job of await source.take(i, CHUNK)) {
        pending.set(job.index, await processFile(job, opts.framework, checker, reports));
        release();
      }
    }
  } else {
    await runOnWorkers(
      reports,
      source,
      Math.min(workers, Math.ceil(total / CHUNK)),
      opts.framework,
      wantChecks,
      (outcomes) => {
        for (const o of outcomes) pending.set(o.ok ? o.row.index : o.error.index, o);
        release();
      },
    );
  }
  await writer?.finish(summary.errors);
  return summary;
}

async function runOnWorkers(
  reports: ReportOptions | undefined,
  source: Source,
  count: number,
  framework: Framework,
  checks: boolean,
  onResults: (o: BatchOutcome[]) => void,
): Promise<void> {
  let cursor = 0;
  let outstanding = 0;
  const init: WorkerInit = { framework, checks, reports };
  const url = new URL('./worker-entry.mjs', import.meta.url);
  await new Promise<void>((resolve, reject) => {
    const pool: Worker[] = [];
    let failed = false;
    const finishIfDone = () => {
      if (cursor >= source.total && outstanding === 0) {
        for (const w of pool) w.postMessage({ stop: true } satisfies WorkerRequest);
        resolve();
      }
    };
    const feed = (w: Worker, chunks: number) => {
      for (let k = 0; k < chunks && cursor < source.total; k++) {
        const from = cursor;
        cursor = Math.min(source.total, cursor + CHUNK);
        outstanding++;
        source.take(from, CHUNK).then(
          (jobs) => w.postMessage({ jobs } satisfies WorkerRequest),
          (e: Error) => fail(e),
        );
      }
    };
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const x of pool) void x.terminate();
      reject(e);
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(url, { workerData: init });
      pool.push(w);
      w.on('message', (msg: 'ready' | BatchOutcome[]) => {
        if (msg === 'ready') {
          feed(w, IN_FLIGHT_PER_WORKER);
          finishIfDone();
          return;
        }
        outstanding--;
        onResults(msg);
        feed(w, 1);
        finishIfDone();
      });
      w.on('error', fail);
    }
  });
}
