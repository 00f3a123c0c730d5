/**
 * Zips that lie about their sizes (the headers claim 1 kB, the data inflates to 1 GB): every reader of
 * a user's zip — the report checker's .docx, the workbook import — stops inflating at its limit as the
 * bytes arrive, answers in Chinese, and memory stays bounded. And the shared reader on honest zips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { unzipBounded } from '../../src/adapters/zip.ts';
import { readWorkbook } from '../../src/adapters/xlsx/workbook.ts';
import { readReport } from '../../src/checker/read.ts';
import { jixiao, noStack, tempFile } from '../cli/run.ts';
import { seedDataset } from '../helpers.ts';
import { deflatedSpaces, zip } from '../zip.ts';

/** A one-entry zip whose entry inflates to `mb` MB while its headers claim 1000 bytes. */
const lyingZip = (name: string, mb: number) =>
  zip([{ name, content: Buffer.alloc(0), deflated: deflatedSpaces(mb), declared: 1000, crc: 0 }]);

async function rssGrowth<T>(run: () => Promise<T>): Promise<{ value: T; mb: number }> {
  await new Promise((r) => setTimeout(r, 50));
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, mb: (peak - before) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

test('check: a .docx whose document.xml lies about its size stops at the limit; exit 2, a Chinese message', async () => {
  const file = tempFile('bomb.docx', lyingZip('word/document.xml', 1024));
  const { value: r, mb } = await rssGrowth(() => readReport(file));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'report.tooLarge');
    assert.match(
      r.error.message,
      /Word 文档正文解压后过大（超过 100 MB，压缩包所报大小与实际不符），疑似压缩炸弹/,
    );
  }
  assert.ok(mb < 400, `memory grew by ${mb.toFixed(0)} MB while refusing a 1 GB lying bomb`);
  const cli = jixiao('check', file);
  assert.equal(cli.code, 2, cli.stderr);
  assert.match(cli.stderr + cli.stdout, /疑似压缩炸弹/);
  assert.ok(noStack(cli), cli.stderr);
});

test('workbook import: a lying bomb is stopped in the server process before exceljs sees it', async () => {
  const bomb = lyingZip('xl/worksheets/sheet1.xml', 1024);
  const { value: r, mb } = await rssGrowth(() => readWorkbook(bomb, seedDataset()));
  assert.equal(r.ok, false);
  if (!r.ok)
    assert.match(
      r.errors[0]!.message,
      /解压后过大（超过 60 MB，压缩包所报大小与实际不符），疑似压缩炸弹，已停止解压/,
    );
  assert.ok(mb < 300, `memory grew by ${mb.toFixed(0)} MB`);
});

test('unzipBounded: honest entries come back whole; stored and deflated; a wrong CRC is damage', async () => {
  const a = Buffer.from('甲'.repeat(10_000));
  const b = Buffer.from('plain stored text');
  const good = zip([
    { name: 'a.xml', content: a },
    { name: 'b.txt', content: b, method: 0 },
  ]);
  const r = await unzipBounded(good, { maxTotalBytes: 1 << 20, keep: () => true });
  assert.ok(r.ok);
  assert.deepEqual(r.names, ['a.xml', 'b.txt']);
  assert.ok(r.entries.get('a.xml')!.equals(a));
  assert.ok(r.entries.get('b.txt')!.equals(b));
  assert.equal(r.inflatedBytes, a.length + b.length);

  const only = await unzipBounded(good, {
    maxTotalBytes: 1 << 20,
    only: (n) => n === 'b.txt',
    keep: () => true,
  });
  assert.ok(only.ok && !only.entries.has('a.xml') && only.entries.has('b.txt'));

  const tight = await unzipBounded(good, { maxTotalBytes: a.length });
  assert.ok(!tight.ok && tight.reason === 'tooLarge');

  const bad = await unzipBounded(zip([{ name: 'a.xml', content: a, crc: (crc32(a) ^ 1) >>> 0 }]), {
    maxTotalBytes: 1 << 20,
    keep: () => true,
  });
  assert.ok(!bad.ok && bad.reason === 'corrupt');
  assert.match(!bad.ok ? bad.message : '', /校验不符/);
  const declared = await unzipBounded(zip([{ name: 'a.xml', content: a, declared: 0x7fffffff }]), {
    maxTotalBytes: 1 << 20,
  });
  assert.ok(
    !declared.ok && declared.reason === 'tooLarge',
    'a declared size over the limit is refused unread',
  );
  assert.match(!declared.ok ? declared.message : '', /解压后过大（压缩包声明 2048 MB，上限 1 MB）/);
  const notZip = await unzipBounded(Buffer.from('not a zip at all, not at all'), { maxTotalBytes: 1 });
  assert.ok(!notZip.ok && notZip.reason === 'notZip');
});
