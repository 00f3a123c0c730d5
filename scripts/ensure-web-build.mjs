#!/usr/bin/env node
// npm start: builds the front end when web/dist is missing or older than any source under web/, and
// says so: what it is doing, which step of three it is at (with a module count on a terminal), and
// how long it took. `--out <dir>` builds elsewhere (tests), leaving web/dist alone.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? resolve(process.argv[outArg + 1] ?? '') : resolve('web/dist');
const built = join(outDir, 'index.html');

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return t;
}
if (existsSync(built) && statSync(built).mtimeMs >= newest('web')) process.exit(0);

const STEPS = ['转换模块', '生成代码', '写入文件'];
const tty = process.stdout.isTTY === true;
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
let modules = 0;
let lastDraw = 0;
let counting = false;

/** A step's line; on a terminal the module count of step 1 is redrawn in place (at most 10 a second). */
function step(n, detail = '') {
  if (counting) process.stdout.write('\n');
  counting = false;
  console.log(`  第 ${n}/${STEPS.length} 步：${STEPS[n - 1]}${detail}（${seconds()} 秒）`);
}

const progress = {
  name: 'jixiao-build-progress',
  buildStart() {
    step(1);
  },
  transform() {
    modules++;
    if (!tty) return null;
    const now = performance.now();
    if (now - lastDraw >= 100) {
      lastDraw = now;
      counting = true;
      process.stdout.write(`\r\x1b[K    已处理 ${modules} 个模块`);
    }
    return null;
  },
  renderStart() {
    if (counting) process.stdout.write(`\r\x1b[K    已处理 ${modules} 个模块`);
    step(2, `，共 ${modules} 个模块`);
  },
  writeBundle: {
    order: 'pre',
    handler(_options, bundle) {
      step(3, `，${Object.keys(bundle).length} 个文件`);
    },
  },
};

console.log(
  existsSync(built)
    ? '前端源码有改动，重新构建网页前端…'
    : '构建网页前端（首次启动时需要，约需数秒到一分钟）…',
);
try {
  const { build } = await import('vite');
  await build({
    configFile: resolve('web/vite.config.ts'),
    logLevel: 'warn',
    plugins: [progress],
    build: { outDir },
  });
} catch (e) {
  if (counting) process.stdout.write('\n');
  console.error(`网页前端构建失败：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
console.log(`网页前端构建完成，用时 ${seconds()} 秒：${outDir}`);
