/** The data-entry workbook on its own: round trip, and refusal of files that are not what they claim. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildWorkbook, checkZip, readWorkbook } from '../../src/adapters/xlsx/workbook.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { cleanInput } from '../../src/core/dataset/sections.ts';
import { seedDataset } from '../helpers.ts';
import { zip } from '../zip.ts';

test('the seed downloaded and uploaded unchanged reads back as the same dataset', async () => {
  const seed = seedDataset();
  const bytes = await buildWorkbook(seed, { department: seed.department.name, year: seed.year });
  const r = await readWorkbook(bytes, seed);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.slice(0, 5)));
  const back = parseDataset(cleanInput(r.value));
  assert.ok(back.ok);
  assert.deepEqual(back.value, seed);
});

test('zip bombs are refused from the zip directory, before anything inflates', () => {
  // Declares 100 MB uncompressed.
  assert.match(
    checkZip(
      zip([{ name: 'xl/a.xml', content: Buffer.from('x'), method: 0, declared: 100 * 1024 * 1024 }]),
    ) ?? '',
    /解压后过大/,
  );
  // 20 MB of zeros deflates to ~20 kB: a ratio no workbook has.
  const zeros = Buffer.alloc(20 * 1024 * 1024);
  const bomb = zip([{ name: 'xl/a.xml', content: zeros, level: 6 }]);
  assert.match(checkZip(bomb) ?? '', /压缩比异常/);
  // An ordinary small entry passes.
  assert.equal(checkZip(zip([{ name: 'xl/a.xml', content: Buffer.from('<a/>'), method: 0 }])), null);
  assert.match(checkZip(new Uint8Array(Buffer.from('%PDF-1.7 not a workbook'))) ?? '', /不是 \.xlsx 文件/);
});

test('a zip that is not a workbook is refused with a message, not a crash', async () => {
  const r = await readWorkbook(
    zip([{ name: 'hello.txt', content: Buffer.from('你好'), method: 0 }]),
    seedDataset(),
  );
  assert.equal(r.ok, false);
  if (!r.ok) assert.ok(r.errors[0]!.message.length > 0);
});
