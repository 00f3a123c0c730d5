/** The data-entry workbook on its own: round trip, and refusal of files that are not what they claim. */
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { test } from 'node:test';
import { buildWorkbook, checkZip, readWorkbook } from '../../src/adapters/xlsx/workbook.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { cleanInput } from '../../src/server/sections.ts';
import { seedDataset } from '../helpers.ts';

test('the seed downloaded and uploaded unchanged reads back as the same dataset', async () => {
  const seed = seedDataset();
  const bytes = await buildWorkbook(seed, { department: seed.department.name, year: seed.year });
  const r = await readWorkbook(bytes, seed);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.slice(0, 5)));
  const back = parseDataset(cleanInput(r.value));
  assert.ok(back.ok);
  assert.deepEqual(back.value, seed);
});

/** A zip with one stored entry whose central directory declares `declared` bytes uncompressed. */
function zipWith(
  name: string,
  data: Buffer,
  opts: { method?: number; compressed?: Buffer; declared?: number } = {},
) {
  const body = opts.compressed ?? data;
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(opts.method ?? 0, 8);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(opts.declared ?? data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(opts.method ?? 0, 10);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(opts.declared ?? data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const cdOffset = local.length + n.length + body.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + n.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return new Uint8Array(Buffer.concat([local, n, body, central, n, eocd]));
}

test('zip bombs are refused from the zip directory, before anything inflates', () => {
  // Declares 100 MB uncompressed.
  assert.match(
    checkZip(zipWith('xl/a.xml', Buffer.from('x'), { declared: 100 * 1024 * 1024 })) ?? '',
    /解压后过大/,
  );
  // 20 MB of zeros deflates to ~20 kB: a ratio no workbook has.
  const zeros = Buffer.alloc(20 * 1024 * 1024);
  const bomb = zipWith('xl/a.xml', zeros, { method: 8, compressed: deflateRawSync(zeros) });
  assert.match(checkZip(bomb) ?? '', /压缩比异常/);
  // An ordinary small entry passes.
  assert.equal(checkZip(zipWith('xl/a.xml', Buffer.from('<a/>'))), null);
  assert.match(checkZip(new Uint8Array(Buffer.from('%PDF-1.7 not a workbook'))) ?? '', /不是 \.xlsx 文件/);
});

test('a zip that is not a workbook is refused with a message, not a crash', async () => {
  const r = await readWorkbook(zipWith('hello.txt', Buffer.from('你好')), seedDataset());
  assert.equal(r.ok, false);
  if (!r.ok) assert.ok(r.errors[0]!.message.length > 0);
});
