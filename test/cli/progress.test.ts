/**
 * Long runs show progress on a terminal and nothing else: `jixiao synth` and `jixiao batch` run under a
 * real pseudo-terminal (util-linux `script`) draw a bar on stderr; piped, or with --json, they print no
 * progress at all. The bar is redrawn at most ten times a second (checked with a controlled clock).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Progress, REDRAW_INTERVAL_MS, progressOn } from '../../src/batch/progress.ts';
import { ROOT } from '../helpers.ts';

const BIN = join(ROOT, 'bin/jixiao.js');
/** Carriage return and erase-line: the bar rewriting its line. */
const CLEAR = '\r\u001b[K';

/** A shell word, single-quoted. */
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs jixiao with stdin, stdout and stderr on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(...args: string[]): { code: number | null; screen: string } {
  const r = spawnSync('script', ['-qfec', [process.execPath, BIN, ...args].map(q).join(' '), '/dev/null'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, screen: r.stdout };
}

/** Runs jixiao with stdout and stderr piped. */
function piped(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the bar is redrawn at most ten times a second, and always shows the end with the elapsed time', () => {
  let clock = 0;
  const writes: string[] = [];
  const p = new Progress({ write: (t) => writes.push(t) }, '评分', () => clock);
  // 10,000 items over 5 seconds (one every 0.5 ms): at most 5 s × 10 + the first + the last draws.
  for (let i = 1; i <= 10_000; i++) {
    clock += 0.5;
    p.update(i, 10_000);
  }
  assert.ok(writes.length <= 5000 / REDRAW_INTERVAL_MS + 2, `${writes.length} draws`);
  assert.ok(writes.length >= 40, `${writes.length} draws`);
  const last = writes.at(-1)!;
  assert.ok(last.startsWith(CLEAR));
  assert.match(
    last.slice(CLEAR.length),
    /^评分 \[#{30}\] 10000\/10000（100%，2000 个\/秒，用时 5\.0 秒）\n$/,
  );
  // An error line: the bar is erased first, and drawn again by the next update.
  const q2: string[] = [];
  const p2 = new Progress({ write: (t) => q2.push(t) }, '生成', () => 0);
  p2.update(1, 10);
  p2.clear();
  p2.update(2, 10); // same instant: redrawn all the same, since the line was erased
  assert.deepEqual(q2.length, 3);
  assert.equal(q2[1], CLEAR);
  assert.match(q2[2]!, /2\/10（20%/);
});

test('progressOn shows nothing when stderr is not a terminal, or when quiet (--json)', () => {
  const writes: string[] = [];
  const tty = { isTTY: true, write: (t: string) => writes.push(t) };
  const pipe = { isTTY: false, write: (t: string) => writes.push(t) };
  for (const p of [progressOn('评分', false, pipe), progressOn('评分', true, tty)]) {
    assert.equal(p.enabled, false);
    for (let i = 1; i <= 100; i++) p.update(i, 100);
    p.clear();
  }
  assert.deepEqual(writes, []);
  const shown = progressOn('评分', false, tty);
  shown.update(100, 100);
  assert.equal(writes.length, 1);
});

test('synth and batch on a terminal draw progress; piped or with --json they print none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-progress-'));
  try {
    const data = join(dir, 'data');
    const s = onTerminal('synth', '--departments', '120', '--seed', '4', '-o', data);
    assert.equal(s.code, 0, s.screen);
    assert.ok(s.screen.includes(CLEAR), s.screen);
    assert.match(s.screen, /生成 \[#{30}\] 120\/120（100%.*用时 [\d.]+ 秒）/);
    assert.match(s.screen, /已生成 120 个部门/);

    const b = onTerminal('batch', data, '--workers', '2');
    assert.match(b.screen, /评分 \[#{30}\] 120\/120（100%.*用时 [\d.]+ 秒）/, b.screen);
    assert.match(b.screen, /共 120 个文件/);

    // Piped: the same runs, no progress anywhere.
    const s2 = piped('synth', '--departments', '120', '--seed', '4', '-o', join(dir, 'piped'));
    assert.equal(s2.code, 0, s2.stderr);
    assert.equal(s2.stderr, '');
    assert.doesNotMatch(s2.stdout, /生成 \[|\r/);
    const b2 = piped('batch', data, '--workers', '0');
    assert.doesNotMatch(b2.stderr + b2.stdout, /评分 \[|评分：|\r/);
    assert.match(b2.stdout, /共 120 个文件/);

    // --json on a terminal: no bar; what is printed is the JSON alone.
    const s3 = onTerminal('synth', '--departments', '20', '--seed', '4', '-o', join(dir, 'json'), '--json');
    assert.equal(s3.code, 0, s3.screen);
    assert.ok(!s3.screen.includes(CLEAR), s3.screen);
    const made = JSON.parse(s3.screen);
    assert.equal(made.departments, 20);
    assert.equal(made.seed, 4);
    assert.equal(typeof made.inconsistent, 'number');
    const b3 = onTerminal('batch', data, '--workers', '0', '--json');
    assert.ok(!b3.screen.includes(CLEAR), b3.screen);
    const summary = JSON.parse(b3.screen);
    assert.equal(summary.files, 120);
    assert.equal(summary.scored + summary.failed, 120);
    assert.deepEqual(summary.errors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
