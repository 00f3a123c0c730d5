/**
 * What the CLI's dataset reader takes from the disk: regular files only, never more than its limit
 * (however the file came to be), in the encodings Chinese editors save, and YAML whose aliases stay
 * within the size a file may hold written out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_EXPANDED_CHARS, parseDataText } from '../../src/adapters/files.ts';
import { encodeGb18030 } from '../checker/build.ts';
import { SEED_EXAMPLE } from '../helpers.ts';
import { jixiao, noStack, tempFile } from './run.ts';

test('validate /dev/zero returns at once: not a regular file, exit 2, a Chinese message', () => {
  const r = jixiao('validate', '/dev/zero'); // the helper's own timeout (60 s) would end a hang
  assert.equal(r.code, 2, r.stderr);
  // The title names the file; the error is about the whole file, so no field is named.
  assert.match(r.stderr, /数据文件 \/dev\/zero 有误（1 处）：\n {2}- 不是普通文件（设备、管道或套接字等）/);
  assert.ok(noStack(r), r.stderr);
});

test('a named pipe is refused without waiting for a writer', () => {
  const fifo = join(mkdtempSync(join(tmpdir(), 'jixiao-fifo-')), 'd.yaml');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const r = jixiao('score', fifo);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /不是普通文件/);
});

test('a GB18030 dataset is read as such: the seed saved by a Chinese Windows editor scores 93.96', () => {
  const gb = encodeGb18030(readFileSync(SEED_EXAMPLE, 'utf8'));
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)); // really not UTF-8
  const r = jixiao('score', tempFile('d.yaml', gb));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /深圳市福田区总工会 2023 年度/);
  assert.match(r.stdout, /总分 93\.96 \/ 100（优）/);
});

test('a UTF-16 dataset with its BOM (Windows “Unicode”) is read too', () => {
  const text = readFileSync(SEED_EXAMPLE, 'utf8');
  const r = jixiao(
    'validate',
    tempFile('d.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
  );
  assert.equal(r.code, 0, r.stderr);
});

test('bytes that are no known text encoding are named as such, exit 2', () => {
  const r = jixiao('validate', tempFile('d.yaml', Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xff, 0xff, 0x0a])));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /编码无法识别（应为 YAML 或 JSON 文本，编码 UTF-8、GB18030 或 UTF-16）/);
});

test('YAML aliases are capped by what they expand to, not by how many there are', () => {
  const big = 'x'.repeat(1 << 20);
  // 40 aliases (well under the alias-count cap) of a 1 MB anchor: 40 MB of text once expanded.
  const flat = `department: &d "${big}"\nlist: [${Array(40).fill('*d').join(', ')}]\n`;
  // The same through a list anchor: 8 aliases of a list of 8 × 1 MB.
  const nested = `a: &a "${big}"\nb: &b [${Array(8).fill('*a').join(', ')}]\nc: [${Array(8).fill('*b').join(', ')}]\n`;
  for (const text of [flat, nested]) {
    assert.ok(text.length < MAX_EXPANDED_CHARS);
    const r = parseDataText(text, 'bomb.yaml');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.errors[0]!.message : '', /YAML 别名展开后内容过大（超过 20 MB，疑似恶意文件）/);
  }
  // A few aliases of a small anchor stay fine.
  const fine = parseDataText(`a: &a "${'y'.repeat(1000)}"\nb: [*a, *a, *a]\n`, 'ok.yaml');
  assert.equal(fine.ok, true);
});
