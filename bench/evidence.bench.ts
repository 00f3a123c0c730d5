/**
 * 佐证材料 through the HTTP API (the server in a process of its own, bench/api-server.ts), on PGlite in a
 * data folder (content in DATA_DIR/evidence) and on PostgreSQL (content in the database): upload and
 * download of 2, 20 and 60 MB files — median time against a same-run baseline of copying the same file
 * on disk (fs.copyFile, and a stream pipe) — and the server's peak RSS while doing it. The issue asks
 * that the server's memory not grow with file size (streamed): the target is that the peak with a
 * 60 MB file is at most 16 MB (a few 1 MB parts and buffers) above the peak with a 2 MB file. Peak RSS
 * is the kernel's VmHWM of the server process, reset before each operation through
 * /proc/<pid>/clear_refs (Linux). JIXIAO_BENCH_EVIDENCE_IN_DB=1 adds PGlite keeping content in the
 * database (the store before the folder), for comparison.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { postgresAvailable, stopPostgres } from '../test/storage/db-helpers.ts';
import type { ServerInfo } from './api-server.ts';
import { startBenchServer } from './server-process.ts';
import type { BenchResult } from './types.ts';

const MB = 1024 * 1024;
const RUNS = 3;
/** How far the peak with a 60 MB file may be above the peak with a 2 MB file. */
const GROWTH_LIMIT_MB = 16;

type Backend = { label: string; kind: 'pglite' | 'postgres'; env?: Record<string, string> };

interface Server {
  child: ChildProcess;
  info: ServerInfo;
  /** The server's process.memoryUsage() now, in MB. */
  memory(): Promise<Record<string, number>>;
}

async function serverProcess(backend: Backend): Promise<Server> {
  const { child, info, ask } = await startBenchServer(backend.kind, 1, {
    env: {
      ...backend.env,
      // A 60 MB file beside the 2 and 20 MB ones shows whether the peak stays level or grows with size.
      EVIDENCE_MAX_FILE_MB: '100',
      EVIDENCE_MAX_YEAR_MB: '1000',
    },
  });
  const memory = async () => {
    const m = (await ask<{ memory: Record<string, number> }>('memory')).memory;
    return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v / MB]));
  };
  return { child, info, memory };
}

/** The server's RSS high-water mark since the last reset, in MB. */
function peakMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
function currentMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
function resetPeak(pid: number) {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<BenchResult[]> {
  const only = process.env.JIXIAO_BENCH_EVIDENCE_ONLY; // 'pglite' | 'postgres': one backend
  const backends: Backend[] = [];
  if (only !== 'postgres') backends.push({ label: 'PGlite（数据目录）', kind: 'pglite' });
  if (process.env.JIXIAO_BENCH_EVIDENCE_IN_DB)
    backends.push({
      label: 'PGlite（内容在数据库中）',
      kind: 'pglite',
      env: { JIXIAO_BENCH_EVIDENCE_IN_DB: '1' },
    });
  if (only !== 'pglite' && postgresAvailable()) backends.push({ label: 'PostgreSQL', kind: 'postgres' });
  const out: BenchResult[] = [];
  try {
    for (const b of backends) out.push(...(await measureBackend(b)));
  } finally {
    stopPostgres();
  }
  return out;
}

async function measureBackend(backend: Backend): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-evidence-'));
  const { child, info, memory } = await serverProcess(backend);
  const pid = child.pid!;
  const dataset = info.datasets[0]!;
  const headers = { cookie: info.cookie, origin: info.url };
  try {
    const file = (size: number, i: number) => {
      const path = join(dir, `f-${size}-${i}.pdf`);
      writeFileSync(path, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]));
      return path;
    };
    const upload = async (path: string) => {
      const q = new URLSearchParams({ kind: 'indicator', ref: 'budget-rationality', name: '基准文件.pdf' });
      const res = await fetch(`${info.url}/api/datasets/${dataset}/evidence?${q}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
        duplex: 'half',
      } as RequestInit);
      const json = (await res.json()) as { evidence?: { id: number; sha256: string } };
      if (res.status !== 201) throw new Error(`上传失败 ${res.status} ${JSON.stringify(json)}`);
      return json.evidence!;
    };
    const download = async (id: number) => {
      const res = await fetch(`${info.url}/api/evidence/${id}`, { headers });
      const hash = createHash('sha256');
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
      return hash.digest('hex');
    };
    const remove = async (id: number) => {
      const res = await fetch(`${info.url}/api/evidence/${id}/delete`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      });
      if (!res.ok) throw new Error(`删除失败 ${res.status}`);
    };

    /** One upload and download of a file of `size`: times, and the server's peak RSS around each. */
    const once = async (size: number, i: number) => {
      const path = file(size, i);
      let t = performance.now();
      copyFileSync(path, `${path}.copy`);
      const copy = performance.now() - t;
      t = performance.now();
      await pipeline(createReadStream(path), createWriteStream(`${path}.pipe`));
      const pipe = performance.now() - t;
      rmSync(`${path}.copy`);
      rmSync(`${path}.pipe`);

      resetPeak(pid);
      let before = currentMb(pid);
      t = performance.now();
      const e = await upload(path);
      const up = performance.now() - t;
      const upGrowth = peakMb(pid) - before;
      let peak = peakMb(pid);

      resetPeak(pid);
      before = currentMb(pid);
      t = performance.now();
      const got = await download(e.id);
      const down = performance.now() - t;
      const downGrowth = peakMb(pid) - before;
      peak = Math.max(peak, peakMb(pid));
      if (got !== e.sha256) throw new Error('下载的内容与上传的不同');
      await remove(e.id);
      rmSync(path);
      return { up, down, copy, pipe, upGrowth, downGrowth, peak };
    };
    type Sample = Awaited<ReturnType<typeof once>>;
    /**
     * Median times; the largest growths (the worst of the runs); the peak of the first round, where
     * the sizes come in ascending order (the 2 MB peak before any larger file has passed, the 60 MB
     * one after the others: any drift counts against the larger file).
     */
    const summary = (xs: Sample[]) => ({
      up: median(xs.map((x) => x.up)),
      down: median(xs.map((x) => x.down)),
      copy: median(xs.map((x) => x.copy)),
      pipe: median(xs.map((x) => x.pipe)),
      upGrowth: Math.max(...xs.map((x) => x.upGrowth)),
      downGrowth: Math.max(...xs.map((x) => x.downGrowth)),
      peak: xs[0]!.peak,
    });

    // Warm the server (first queries, JIT) before measuring; then the sizes in alternation, so that a
    // drift of the server's memory over the run weighs on each size alike.
    await once(2 * MB, 0);
    const sizes = [2 * MB, 20 * MB, 60 * MB];
    const samples = sizes.map((): Sample[] => []);
    for (let i = 0; i < RUNS; i++)
      for (const [k, size] of sizes.entries()) samples[k]!.push(await once(size, i));
    const [small, large, huge] = samples.map(summary) as [
      ReturnType<typeof summary>,
      ReturnType<typeof summary>,
      ReturnType<typeof summary>,
    ];
    const mem = await memory();
    const r = (x: number) => Math.round(x * 10) / 10;
    const L = backend.label;
    const growth = (what: string, pick: (m: typeof small) => number): BenchResult => ({
      name: `佐证材料（${L}）：${what}（60 MB 文件）`,
      value: r(pick(huge)),
      unit: 'MB',
      baseline: r(pick(small)),
      ratio: r(pick(huge) / Math.max(pick(small), 1)),
      target: `比 2 MB 文件时多 ≤ ${GROWTH_LIMIT_MB} MB（不随文件大小增长）`,
      met: pick(huge) - pick(small) <= GROWTH_LIMIT_MB,
      note: `60 MB 文件（数值）对 2 MB 文件（基线）；20 MB 文件 ${r(pick(large))} MB`,
    });
    const time = (what: string, size: string, m: typeof small, t: number): BenchResult => ({
      name: `佐证材料（${L}）：${what} ${size}`,
      value: r(t),
      unit: 'ms',
      baseline: r(m.copy),
      ratio: r(t / m.copy),
      target: null,
      met: null,
      note: `HTTP ${what}（流式）对比同一文件 fs.copyFile；流式复制（pipe）${r(m.pipe)} ms`,
    });
    return [
      {
        ...growth('服务进程峰值内存', (m) => m.peak),
        note:
          `服务进程上传与下载时的峰值 RSS：60 MB 文件（数值）对 2 MB 文件（基线）；20 MB 文件 ${r(large.peak)} MB；` +
          `结束时 rss ${r(mem.rss!)}、heapUsed ${r(mem.heapUsed!)}、external ${r(mem.external!)}、arrayBuffers ${r(mem.arrayBuffers!)} MB`,
      },
      growth('上传时峰值内存增长', (m) => m.upGrowth),
      growth('下载时峰值内存增长', (m) => m.downGrowth),
      time('上传', '2 MB', small, small.up),
      time('上传', '20 MB', large, large.up),
      time('上传', '60 MB', huge, huge.up),
      time('下载', '2 MB', small, small.down),
      time('下载', '20 MB', large, large.down),
      time('下载', '60 MB', huge, huge.down),
    ];
  } finally {
    await new Promise<void>((ok) => {
      child.once('exit', () => ok());
      child.stdin!.end();
    });
    rmSync(dir, { recursive: true, force: true });
  }
}
