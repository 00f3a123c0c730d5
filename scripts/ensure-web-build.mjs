#!/usr/bin/env node
// npm start: builds the front end when web/dist is missing or older than any source under web/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const built = 'web/dist/index.html';
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
console.log('正在构建网页前端（vite build web）…');
const r = spawnSync(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'build', 'web', '--logLevel', 'warn'],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
