/**
 * A file with no report in it is not “no problems found”: plain text (“hello world”), a report saved in
 * Big5, bytes that decode as text by chance, say that no report was recognised and exit 4; an empty
 * file and a binary file are refused as bad input (exit 2). None of them prints “未发现问题”.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkReport } from '../../src/checker/index.ts';
import { main } from '../../src/cli/main.ts';
import { SEED_REPORT, futian } from '../helpers.ts';
import { noStack, tempFile, type Run } from '../cli/run.ts';

async function jixiao(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t + '\n'), err: (t) => (stderr += t + '\n') });
  return { code, stdout, stderr };
}

/** Text in Big5, through the decoder's own table (no encoder in Node). */
function encodeBig5(text: string): Buffer {
  const dec = new TextDecoder('big5');
  const map = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (const lo of [...Array(0x3f).keys()]
      .map((k) => 0x40 + k)
      .concat([...Array(0x5e).keys()].map((k) => 0xa1 + k))) {
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...(map.get(ch) ?? [0x3f]));
  }
  return Buffer.from(out);
}

/** Deterministic bytes (a linear congruential generator), as a random file would be. */
function pseudoRandom(n: number, lo: number, hi: number): Buffer {
  let x = 12345;
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    b[i] = lo + (x % (hi - lo + 1));
  }
  return b;
}

const notRecognised = async (file: string) => {
  const r = await jixiao('check', file);
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stderr, /未识别到自评报告/);
  assert.doesNotMatch(r.stdout + r.stderr, /未发现问题/);
  assert.ok(noStack(r), r.stderr);
  return r;
};

describe('no report recognised', () => {
  it('“hello world”: exit 4, says no report was recognised and what was looked for', async () => {
    const r = await notRecognised(tempFile('hello.txt', 'hello world\n'));
    assert.match(r.stderr, /年度.*部门名称.*表格.*数字/);
    const res = await checkReport(tempFile('hello.txt', 'hello world\n'), { framework: futian() });
    assert.ok(res.ok);
    assert.equal(res.result.recognised, false);
  });

  it('the seed report saved in Big5: not recognised, with a hint about the encoding', async () => {
    const big5 = encodeBig5(readFileSync(SEED_REPORT, 'utf8'));
    const r = await notRecognised(tempFile('big5.txt', big5));
    assert.match(r.stderr, /Big5/);
  });

  it('high bytes that happen to decode as GB18030 text: not recognised', async () => {
    await notRecognised(tempFile('noise.txt', pseudoRandom(4096, 0x81, 0xfe)));
  });

  it('--json also exits 4 and says recognised: false', async () => {
    const r = await jixiao('check', tempFile('hello.txt', 'hello world\n'), '--json');
    assert.equal(r.code, 4);
    assert.equal(JSON.parse(r.stdout).recognised, false);
  });

  it('jixiao extract on “hello world”: exit 4, nothing written', async () => {
    const r = await jixiao('extract', tempFile('hello.txt', 'hello world\n'));
    assert.equal(r.code, 4, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /未识别到自评报告/);
  });

  it('an empty file and a random binary file: bad input, exit 2, never “未发现问题”', async () => {
    for (const [file, message] of [
      [tempFile('empty.txt', ''), /文件为空/],
      [tempFile('random.bin', pseudoRandom(4096, 0, 255)), /无法识别的文件/],
    ] as const) {
      const r = await jixiao('check', file);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stdout + r.stderr, /未发现问题/);
    }
  });

  it('the seed is recognised', async () => {
    const res = await checkReport(SEED_REPORT, { framework: futian() });
    assert.ok(res.ok && res.result.recognised);
  });
});
