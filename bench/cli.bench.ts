/**
 * CLI start-up: `jixiao score` on the seed as a whole process, as an installed user runs it (the built
 * dist/, no tsx), against `node -e 0` measured in alternation in the same run. The checkout's own
 * command (sources through tsx) is measured too, for comparison. Builds dist/ first (tsc), so the
 * figure is the current code's. CPU time (Linux /proc) is reported beside the wall time: it varies
 * less with the load of a shared machine.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeMedians, type BenchResult } from './types.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED = join(ROOT, 'examples/futian-zonggonghui-2023.yaml');
const BIN = join(ROOT, 'bin/jixiao.js');
const TARGET_MS = 300;

/** CPU seconds (user + system) of this process's waited-for children so far (Linux /proc), or null. */
function childrenCpu(): number | null {
  try {
    // After "pid (comm) " the fields start at state (field 3): cutime (16) and cstime (17) are 13 and 14.
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks, 100 per second
  } catch {
    return null;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A child process to time; its CPU time (ms) per run is kept in `cpu`. */
function child(args: string[], env: NodeJS.ProcessEnv = {}): { run: () => void; cpu: number[] } {
  const base: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete base.NODE_OPTIONS;
  const cpu: number[] = [];
  return {
    cpu,
    run: () => {
      const before = childrenCpu();
      const r = spawnSync(process.execPath, args, {
        cwd: ROOT,
        env: base,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      const after = childrenCpu();
      if (before !== null && after !== null) cpu.push((after - before) * 1000);
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', 'lib'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const nodeOnly = child(['-e', '0']);
  const built = child([BIN, 'score', SEED], { JIXIAO_BUILT: '1' });
  const sources = child([BIN, 'score', SEED]);
  const t = await timeMedians({ nodeOnly: nodeOnly.run, built: built.run, sources: sources.run }, 15, 3);
  const node = `Node ${process.versions.node}`;
  const results: BenchResult[] = [
    {
      name: 'CLI：jixiao score 种子数据（安装后的 dist/，整个进程）',
      value: t.built,
      unit: 'ms',
      baseline: t.nodeOnly,
      ratio: t.built / t.nodeOnly,
      target: `≤ ${TARGET_MS} ms`,
      met: t.built <= TARGET_MS,
      note: `15 次中位数，与基线交替运行；基线为同一次运行中 node -e 0 的中位数；${node}`,
    },
    {
      name: 'CLI：jixiao score 种子数据（检出目录，源码经 tsx）',
      value: t.sources,
      unit: 'ms',
      baseline: t.nodeOnly,
      ratio: t.sources / t.nodeOnly,
      target: null,
      met: null,
      note: `对照：检出目录中的 bin/jixiao.js 运行 TypeScript 源码；${node}`,
    },
  ];
  if (built.cpu.length) {
    const base = median(nodeOnly.cpu);
    results.push({
      name: 'CLI：jixiao score 种子数据（安装后的 dist/）的 CPU 时间',
      value: median(built.cpu),
      unit: 'ms',
      baseline: base,
      ratio: median(built.cpu) / Math.max(base, 10),
      target: null,
      met: null,
      note: `用户态 + 内核态，18 次（含预热）中位数；/proc 的计时单位为 10 ms，比值的基线至少按 10 ms 计；检出目录源码经 tsx：${median(sources.cpu).toFixed(0)} ms；${node}`,
    });
  }
  return results;
}
