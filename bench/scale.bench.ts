/**
 * Scale: scoring throughput on 10,000 synthetic departments against a hand-written loop computing the
 * same 21 scores with the same decimal arithmetic (src/batch/handwritten.ts; a test asserts they agree),
 * on both cores; and the batch command's peak memory at 1,000 and 10,000 departments, each measured in
 * a child process. Everything is generated from a fixed seed in the same run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadFramework } from '../src/adapters/files.ts';
import { parseDataset } from '../src/core/dataset/parse.ts';
import type { Dataset } from '../src/core/dataset/schema.ts';
import { score } from '../src/core/score.ts';
import { scoreFutian2023ByHand } from '../src/batch/handwritten.ts';
import { synthDepartment } from '../src/synth/generate.ts';
import { writeJurisdiction } from '../src/synth/write.ts';
import type { BenchResult } from './types.ts';

const SEED = 20231231;
const DEPARTMENTS = 10_000;
const THREADS = 2;
const ROUNDS = 5;

interface ScaleWorkerData {
  entry: string;
  scale: { from: number; to: number };
}

/**
 * This thread's CPU time in ms (process.threadCpuUsage, Node ≥ 23.9), or null. Beside wall time: on a
 * machine shared with other work, other processes lengthen a pass's wall time but not its CPU time,
 * so the CPU-time ratio of engine to hand loop stays put while the wall-time figures swing.
 */
function threadCpuMs(): number | null {
  const usage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  if (!usage) return null;
  const u = usage.call(process);
  return (u.user + u.system) / 1000;
}

function datasets(from: number, to: number): Dataset[] {
  const out: Dataset[] = [];
  for (let i = from; i < to; i++) {
    const r = parseDataset(synthDepartment(i, { seed: SEED }).dataset);
    if (!r.ok) throw new Error(`synthetic department ${i} is invalid`);
    out.push(r.value);
  }
  return out;
}

// In a worker: generate this share once, then time one scoring pass per request.
if (!isMainThread && (workerData as Partial<ScaleWorkerData>)?.scale) {
  const { from, to } = (workerData as ScaleWorkerData).scale;
  const fw = loadFramework('futian-2023');
  if (!fw.ok) throw new Error('framework');
  const share = datasets(from, to);
  const port = parentPort!;
  port.on('message', (mode: 'engine' | 'hand' | 'stop') => {
    if (mode === 'stop') return port.close();
    const t0 = performance.now();
    const c0 = threadCpuMs();
    let check = 0;
    if (mode === 'engine') for (const d of share) check += score(d, fw.value).problems.length;
    else for (const d of share) check += scoreFutian2023ByHand(d).scores.length;
    const c1 = threadCpuMs();
    port.postMessage({ ms: performance.now() - t0, cpu: c0 === null || c1 === null ? null : c1 - c0, check });
  });
  port.postMessage('ready');
}

interface Pass {
  /** Wall time of the pass, ms. */
  wall: number;
  /** CPU time of the scoring threads together, ms (null without process.threadCpuUsage). */
  cpu: number | null;
}

/** One pass over all departments split across the threads: wall time best of ROUNDS, CPU time least. */
async function parallelPasses(): Promise<{ engine: Pass; hand: Pass }> {
  const entry = new URL('../src/batch/worker-entry.mjs', import.meta.url);
  const per = Math.ceil(DEPARTMENTS / THREADS);
  const workers = Array.from(
    { length: THREADS },
    (_, k) =>
      new Worker(entry, {
        workerData: {
          entry: import.meta.url,
          scale: { from: k * per, to: Math.min(DEPARTMENTS, (k + 1) * per) },
        } satisfies ScaleWorkerData,
      }),
  );
  let failure: Error | null = null;
  workers.forEach((w) => w.on('error', (e) => (failure = e)));
  const next = (w: Worker) =>
    new Promise<unknown>((res, rej) => {
      if (failure) return rej(failure);
      const onExit = () => rej(failure ?? new Error('benchmark worker exited'));
      w.once('exit', onExit);
      w.once('message', (m) => {
        w.off('exit', onExit);
        res(m);
      });
    });
  await Promise.all(workers.map(next));
  const pass = async (mode: 'engine' | 'hand'): Promise<Pass> => {
    const t0 = performance.now();
    const done = workers.map(next);
    workers.forEach((w) => w.postMessage(mode));
    const replies = (await Promise.all(done)) as { cpu: number | null }[];
    const cpu = replies.every((m) => m.cpu !== null) ? replies.reduce((a, m) => a + m.cpu!, 0) : null;
    return { wall: performance.now() - t0, cpu };
  };
  const least = (a: Pass, b: Pass): Pass => ({
    wall: Math.min(a.wall, b.wall),
    cpu: a.cpu === null || b.cpu === null ? null : Math.min(a.cpu, b.cpu),
  });
  const best = {
    engine: { wall: Infinity, cpu: Infinity } as Pass,
    hand: { wall: Infinity, cpu: Infinity } as Pass,
  };
  for (let r = 0; r < ROUNDS; r++) {
    best.engine = least(best.engine, await pass('engine'));
    best.hand = least(best.hand, await pass('hand'));
  }
  workers.forEach((w) => w.postMessage('stop'));
  return best;
}

/** Runs `jixiao batch` in a child process; its peak RSS (all threads) in MB. */
function batchPeakRss(dir: string, folder: string, out: string, workers: number): { mb: number; ms: number } {
  const mainUrl = new URL('../src/cli/main.ts', import.meta.url).href;
  const script = join(dir, `batch-${workers}-${Date.now()}.mjs`);
  writeFileSync(
    script,
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
const { main } = await import(${JSON.stringify(mainUrl)});
const code = await main(['batch', ${JSON.stringify(folder)}, '-o', ${JSON.stringify(out)}, '--workers', '${workers}'],
  { out: (t) => process.stdout.write(t + '\\n'), err: () => {} });
// VmHWM, not maxRSS: Linux carries the parent's high-water mark into a child's maxRSS across fork and exec.
const hwm = (await import('node:fs')).readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s+(\\d+)/)?.[1];
process.stdout.write('MAXRSS ' + (hwm ?? process.resourceUsage().maxRSS) + '\\n');
process.exitCode = code;
`,
  );
  const root = fileURLToPath(new URL('..', import.meta.url));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  const m = /MAXRSS (\d+)/.exec(r.stdout);
  if (!m || !/评分 \d+ 个/.test(r.stdout)) throw new Error(`batch failed: ${r.stdout}\n${r.stderr}`);
  return { mb: Number(m[1]) / 1024, ms };
}

export async function run(): Promise<BenchResult[]> {
  if (!isMainThread) return [];
  const results: BenchResult[] = [];

  // Single thread: engine against the hand-written loop, same datasets.
  const fw = loadFramework('futian-2023');
  if (!fw.ok) throw new Error('framework');
  const sample = datasets(0, 2000);
  const time = (f: () => void): Pass => {
    let best: Pass = { wall: Infinity, cpu: Infinity };
    for (let r = 0; r < ROUNDS + 1; r++) {
      const t0 = performance.now();
      const c0 = threadCpuMs();
      f();
      const c1 = threadCpuMs();
      best = {
        wall: Math.min(best.wall, performance.now() - t0),
        cpu: c0 === null || c1 === null || best.cpu === null ? null : Math.min(best.cpu, c1 - c0),
      };
    }
    return best;
  };
  const engine1 = time(() => sample.forEach((d) => score(d, fw.value)));
  const hand1 = time(() => sample.forEach((d) => scoreFutian2023ByHand(d)));
  const cpuNote = (e: Pass, h: Pass, n: number) =>
    e.cpu === null || h.cpu === null
      ? ''
      : `；按线程 CPU 时间（不计机器上其他进程占用的时间）：引擎 ${Math.round(rate(e.cpu, n))} 部门年/秒·线程，手写 ${Math.round(rate(h.cpu, n))}，比值 ${(e.cpu / h.cpu).toFixed(2)}`;

  const par = await parallelPasses();
  const rate = (ms: number, n: number) => (n * 1000) / ms;
  const parRate = rate(par.engine.wall, DEPARTMENTS);
  results.push({
    name: `评分吞吐：${DEPARTMENTS} 个合成部门，${THREADS} 线程`,
    value: parRate,
    unit: '部门年/秒',
    baseline: rate(par.hand.wall, DEPARTMENTS),
    ratio: par.engine.wall / par.hand.wall,
    target: '≥ 10000 /秒，且用时 ≤ 3× 手写循环',
    met: parRate >= 10_000 && par.engine.wall / par.hand.wall <= 3,
    note: `基线为手写循环（同样 21 项得分、同样的十进制运算、不解释框架）在同样 2 线程上的吞吐；比值为用时之比（引擎/手写）${cpuNote(par.engine, par.hand, DEPARTMENTS)}`,
  });
  results.push({
    name: '评分吞吐：单线程（2,000 个合成部门）',
    value: rate(engine1.wall, sample.length),
    unit: '部门年/秒',
    baseline: rate(hand1.wall, sample.length),
    ratio: engine1.wall / hand1.wall,
    target: '用时 ≤ 3× 手写循环',
    met: engine1.wall / hand1.wall <= 3,
    note: `比值为用时之比（引擎/手写）${cpuNote(engine1, hand1, sample.length)}`,
  });

  // Batch memory and end-to-end rate, each in its own child process.
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-scale-'));
  try {
    const small = join(dir, 'j1000');
    const large = join(dir, 'j10000');
    writeJurisdiction(small, 1000, { seed: SEED });
    writeJurisdiction(large, DEPARTMENTS, { seed: SEED });
    const m1 = batchPeakRss(dir, small, join(dir, 's1000.xlsx'), THREADS);
    const m10 = batchPeakRss(dir, large, join(dir, 's10000.xlsx'), THREADS);
    const single = batchPeakRss(dir, small, join(dir, 's1000-0.xlsx'), 0);
    const workbook = statSync(join(dir, 's10000.xlsx')).size;
    results.push({
      name: `批量评分峰值内存：${DEPARTMENTS} 个部门`,
      value: m10.mb,
      unit: 'MB',
      baseline: m1.mb,
      ratio: m10.mb / m1.mb,
      target: '≤ 1.5× 1,000 个部门的峰值',
      met: m10.mb / m1.mb <= 1.5,
      note: `子进程峰值 RSS（含工作线程）；基线为 1,000 个部门；10,000 个部门的汇总表 ${(workbook / 1048576).toFixed(1)} MB`,
    });
    results.push({
      name: `批量评分端到端：${DEPARTMENTS} 个 YAML 文件，${THREADS} 线程`,
      value: rate(m10.ms, DEPARTMENTS),
      unit: '文件/秒',
      baseline: rate(single.ms, 1000),
      ratio: single.ms / 1000 / (m10.ms / DEPARTMENTS),
      target: null,
      met: null,
      note: '含读取、YAML 解析、校验、评分、写汇总表和进程启动；基线为 1,000 个文件在主线程（不用工作线程）的速率；比值为加速比',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
