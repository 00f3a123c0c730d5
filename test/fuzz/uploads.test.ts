/**
 * Fault and abuse on the upload readers: the .xlsx import (readWorkbook) and the report checker
 * (buildDocument + checkReportDocument). Random and truncated bytes, zip bombs (honest and lying about
 * their sizes) and arbitrary report text: refused or checked, never a crash, never a memory blow-up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildWorkbook, readWorkbook } from '../../src/adapters/xlsx/workbook.ts';
import { buildDocument } from '../../src/checker/document.ts';
import { checkReportDocument } from '../../src/checker/report.ts';
import { loadDataset } from '../../src/adapters/files.ts';
import { zip } from '../zip.ts';

const CJK = /[\u4e00-\u9fff]/;
const RUNS = Number(process.env.JIXIAO_FUZZ_RUNS ?? 400);
const seed = loadDataset('examples/futian-zonggonghui-2023.yaml');
if (!seed.ok) throw new Error('seed');

/** A one-entry zip; `declared` is the uncompressed size the headers claim. */
function zipOf(name: string, content: Buffer, declared = content.length): Buffer {
  return zip([{ name, content, declared, level: 9 }]);
}

function assertRefused(r: Awaited<ReturnType<typeof readWorkbook>>, what: string) {
  assert.equal(r.ok, false, `${what}: accepted`);
  if (r.ok) return;
  assert.ok(r.errors.length > 0);
  for (const e of r.errors) assert.match(e.message, CJK, `${what}: ${e.message}`);
}

test('.xlsx import: random bytes and bytes that only start like a zip are refused clearly', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), async (bytes, zipLike) => {
      const b = zipLike ? Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...bytes]) : bytes;
      assertRefused(await readWorkbook(b, seed.value), 'random bytes');
    }),
    { numRuns: RUNS },
  );
});

test('.xlsx import: a real workbook truncated or with bytes flipped never crashes', async () => {
  const good = new Uint8Array(
    await buildWorkbook(seed.value, { department: seed.value.department.name, year: seed.value.year }),
  );
  const ok = await readWorkbook(good, seed.value);
  assert.ok(ok.ok, 'the untouched workbook is read');
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: good.length - 1 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        maxLength: 8,
      }),
      async (cut, flips) => {
        const b = good.slice(0, cut === 0 ? good.length : cut);
        for (const [at, v] of flips) if (at < b.length) b[at] = v;
        const r = await readWorkbook(b, seed.value);
        if (!r.ok) for (const e of r.errors) assert.match(e.message, CJK);
      },
    ),
    { numRuns: Math.ceil(RUNS / 4) },
  );
});

test('.xlsx import: a zip bomb that declares its size is refused before inflating', async () => {
  const bomb = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(300 * 1024 * 1024, 0x20));
  assert.ok(bomb.length < 2 * 1024 * 1024);
  const r = await readWorkbook(bomb, seed.value);
  assertRefused(r, 'declared bomb');
  if (!r.ok) assert.match(r.errors[0]!.message, /过大|压缩炸弹|压缩比/);
});

test('.xlsx import: a zip bomb that lies about its size does not blow up memory', async () => {
  const bomb = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(400 * 1024 * 1024, 0x20), 1000);
  await new Promise((r) => setTimeout(r, 50));
  const before = process.memoryUsage().rss;
  const r = await readWorkbook(bomb, seed.value);
  const grown = (process.memoryUsage().rss - before) / 1048576;
  assertRefused(r, 'lying bomb');
  assert.ok(grown < 300, `memory grew by ${grown.toFixed(0)} MB while refusing a lying zip bomb`);
});

test('report checker: arbitrary lines and the seed report cut and garbled never crash', () => {
  const seedLines = readFileSync('../shared/seed/000_dbd1772b13f95ab8.txt', 'utf8').split('\n');
  const line = fc.oneof(
    fc.constantFrom(...seedLines.slice(0, 400)),
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      '表 1-1',
      '合计',
      '3,244.00',
      '93.37%',
      '一、',
      '（一）',
      '|',
      '\t',
      '— 1 —',
      '-',
      '0',
      '100.00%',
    ),
  );
  fc.assert(
    fc.property(fc.array(line, { maxLength: 80 }), fc.constantFrom('txt', 'docx', 'pdf'), (lines, kind) => {
      const doc = buildDocument({
        name: `报告.${kind}`,
        kind: kind as never,
        lines,
        ...(kind === 'pdf' ? { pages: lines.map((_, i) => 1 + Math.floor(i / 30)) } : {}),
      });
      const r = checkReportDocument(doc);
      for (const f of r.findings) assert.match(f.message, CJK);
    }),
    { numRuns: RUNS },
  );
});
