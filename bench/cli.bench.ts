/**
 * CLI start-up: `jixiao score` on the seed as a whole process, as an installed user runs it (the built
 * dist/, no tsx), against `node -e 0` measured in alternation in the same run. The checkout's own
 * command (sources through tsx) is measured too, for comparison. Builds dist/ first (tsc), so the
 * figure is the current code's.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeMedians, type BenchResult } from './types.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED = join(ROOT, 'examples/futian-zonggonghui-2023.yaml');
const BIN = join(ROOT, 'bin/jixiao.js');
const TARGET_MS = 300;

function child(args: string[], env: NodeJS.ProcessEnv = {}): () => void {
  const base: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete base.NODE_OPTIONS;
  return () => {
    const r = spawnSync(process.execPath, args, {
      cwd: ROOT,
      env: base,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  };
}

export async function run(): Promise<BenchResult[]> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', 'lib'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const t = await timeMedians(
    {
      nodeOnly: child(['-e', '0']),
      built: child([BIN, 'score', SEED], { JIXIAO_BUILT: '1' }),
      sources: child([BIN, 'score', SEED]),
    },
    15,
    3,
  );
  const node = `Node ${process.versions.node}`;
  return [
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
}
