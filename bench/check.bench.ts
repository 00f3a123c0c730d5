/**
 * Checking the seed report: time and peak memory of `checkReport` (read, build the document, extract,
 * model, every check), against just reading the file and splitting it into lines, in the same run.
 * The same for the seed repeated 10 and 100 times (about 6,000 and 60,000 lines): checking is linear
 * when check ÷ read stays the same as the text grows, and the 100× run takes about 10 times the 10× run.
 * Peak memory is each task's maxRSS in its own child process (this file, run with BENCH_CHECK_CHILD).
 * Also: refusing a 200 MB file, against a bare stat of it.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFramework } from '../src/adapters/files.ts';
import { checkReport } from '../src/checker/index.ts';
import { timeMedian, timeMedians, type BenchResult } from './types.ts';

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

  // The seed repeated 10 and 100 times: check against read+split of the same file, in alternation.
  const long: Record<number, { check: number; read: number }> = {};
  const seedText = readFileSync(SEED, 'utf8');
  const longDir = mkdtempSync(join(tmpdir(), 'jixiao-bench-long-'));
  for (const times of [10, 100]) {
    const file = join(longDir, `seed-${times}.txt`);
    writeFileSync(file, Array.from({ length: times }, () => seedText).join('\n'));
    long[times] = await timeMedians(
      {
        check: async () => {
          const r = await checkReport(file, { framework: fw });
          if (!r.ok || !r.result.recognised) throw new Error('the long report was not checked');
        },
        read: () => readFileSync(file, 'utf8').split(/\r?\n/),
      },
      times === 100 ? 3 : 5,
      1,
    );
  }
  rmSync(longDir, { recursive: true, force: true });
  const perRead = (t: { check: number; read: number }) => t.check / t.read;
  const lengthRows: BenchResult[] = [10, 100].map((times) => ({
    name: `核对：种子报告重复 ${times} 次（约 ${times * 600} 行）一次核对`,
    value: long[times]!.check,
    unit: 'ms',
    baseline: long[times]!.read,
    ratio: perRead(long[times]!),
    target: times === 10 ? null : '比值 ≤ 1.5 × 10 倍长度时的比值',
    met: times === 10 ? null : perRead(long[100]!) <= 1.5 * perRead(long[10]!),
    note: '基线为同一文件只读取并分行（同次交替测量）；线性时比值不随长度增长',
  }));
  lengthRows.push({
    name: '核对：100 倍长度与 10 倍长度的核对时间之比',
    value: long[100]!.check / long[10]!.check,
    unit: '倍',
    baseline: long[100]!.read / long[10]!.read,
    ratio: long[100]!.check / long[10]!.check / (long[100]!.read / long[10]!.read),
    target: '≤ 15（线性为 10）',
    met: long[100]!.check / long[10]!.check <= 15,
    note: '基线为同样两份文件读取并分行的时间之比',
  });

  return [
    ...lengthRows,
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
