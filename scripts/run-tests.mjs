#!/usr/bin/env node
// Runs every test file under test/ with node:test through tsx.
// Node 20's runner given no files runs 0 tests and exits 0, so this lists the files itself
// and fails when it finds none. Pass a substring to run only matching files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const filter = process.argv[2];
const files = walk('test')
  .filter((f) => !filter || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error('没有找到测试文件（test/**/*.test.ts）');
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
