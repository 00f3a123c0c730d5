/**
 * Checking the seed report: time and peak memory of `checkReport` (read, build the document, extract,
 * model, every check), against just reading the file and splitting it into lines, in the same run.
 * Peak memory is each task's maxRSS in its own child process (this file, run with BENCH_CHECK_CHILD).
 * Also: refusing a 200 MB file, against a bare stat of it.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFramework } from '../src/adapters/files.ts';
import { checkReport } from '../src/checker/index.ts';
import { timeMedian, type BenchResult } from './types.ts';

const SEED = fileURLToPath(new URL('../../shared/seed/000_dbd1772b13f95ab8.txt', import.meta.url));

function framework() {
  const fw = loadFramework('futian-2023');
  if (!fw.ok) throw new Error('framework does not load');
  return fw.value;
}

async function childTask(mode: string) {
  if (mode === 'check') {
    const r = await checkReport(SEED, { framework: framework() });
    if (!r.ok) throw new Error(r.error.message);
  } else {
    const lines = readFileSync(SEED, 'utf8').split(/\r?\n/);
    if (!lines.length) throw new Error('empty');
  }
  // VmHWM, not maxRSS: Linux carries the parent's high-water mark into a child's maxRSS across fork and exec.
  const hwm = readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)/)?.[1];
  process.stdout.write(hwm ?? String(process.resourceUsage().maxRSS));
}

if (process.env.BENCH_CHECK_CHILD) await childTask(process.env.BENCH_CHECK_CHILD);

function peakKb(mode: string): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_CHECK_CHILD: mode },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

export async function run(): Promise<BenchResult[]> {
  const fw = framework();
  const check = await timeMedian(async () => {
    const r = await checkReport(SEED, { framework: fw });
    if (!r.ok) throw new Error(r.error.message);
  }, 9);
  const read = await timeMedian(() => readFileSync(SEED, 'utf8').split(/\r?\n/), 9);
  const checkKb = peakKb('check');
  const readKb = peakKb('read');

  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-'));
  const big = join(dir, 'big.docx');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 200 * 1024 * 1024);
  closeSync(fd);
  const refuse = await timeMedian(async () => {
    const r = await checkReport(big);
    if (r.ok) throw new Error('a 200 MB file was accepted');
  }, 9);
  const stat = await timeMedian(() => statSync(big), 9);
  rmSync(dir, { recursive: true, force: true });

  return [
    {
      name: '核对：种子报告一次核对（读取、抽取、重算、全部检查）',
      value: check,
      unit: 'ms',
      baseline: read,
      ratio: check / read,
      target: '≤ 1000 ms',
      met: check <= 1000,
      note: '基线为同一文件只读取并分行',
    },
    {
      name: '核对：种子报告核对进程的峰值内存',
      value: checkKb / 1024,
      unit: 'MB',
      baseline: readKb / 1024,
      ratio: checkKb / readKb,
      target: '≤ 2 × 基线',
      met: checkKb <= 2 * readKb,
      note: '各在独立子进程中运行，取 maxRSS；基线进程只读取并分行（同样加载 tsx）',
    },
    {
      name: '核对：拒绝 200 MB 文件',
      value: refuse,
      unit: 'ms',
      baseline: stat,
      ratio: refuse / stat,
      target: '≤ 50 ms',
      met: refuse <= 50,
      note: '按大小拒绝，不读取内容；基线为对同一文件 stat 一次',
    },
  ];
}
