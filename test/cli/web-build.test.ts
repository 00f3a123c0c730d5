/**
 * npm start's front-end build (scripts/ensure-web-build.mjs) says what it is doing, which step of three
 * it is at, and how long it took; when the build is up to date it says nothing and builds nothing.
 * Built into a temporary folder (--out), so web/dist is left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';

const build = (out: string) =>
  spawnSync(process.execPath, ['scripts/ensure-web-build.mjs', '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });

test('the first front-end build reports its steps and its time; an up-to-date build is silent', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'jixiao-web-')), 'dist');
  try {
    const first = build(out);
    assert.equal(first.status, 0, first.stderr);
    const lines = first.stdout.trim().split('\n');
    assert.match(lines[0]!, /^构建网页前端/);
    assert.match(lines[1]!, /^ {2}第 1\/3 步：转换模块（[\d.]+ 秒）$/);
    assert.match(lines[2]!, /^ {2}第 2\/3 步：生成代码，共 [1-9]\d* 个模块（[\d.]+ 秒）$/);
    assert.match(lines[3]!, /^ {2}第 3\/3 步：写入文件，[1-9]\d* 个文件（[\d.]+ 秒）$/);
    assert.match(lines.at(-1)!, /^网页前端构建完成，用时 [\d.]+ 秒/);
    assert.ok(existsSync(join(out, 'index.html')));
    // Piped: no in-place redrawing.
    assert.ok(!first.stdout.includes('\r'));

    const again = build(out);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, '');
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});
