/**
 * Uploaded workbooks are parsed in a child process with a memory cap and a time limit: a workbook
 * that exhausts memory, or a parse that runs out of time, is refused with a Chinese message, changes
 * nothing, and the server keeps answering (also while a child parses).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  buildWorkbook,
  DEFAULT_PARSE_LIMITS,
  readWorkbook,
  WORKBOOK_MAX_BYTES,
  checkZip,
} from '../../src/adapters/xlsx/workbook.ts';
import { getDatasetHead, listAudit } from '../../src/storage/repo.ts';
import { seedDataset } from '../helpers.ts';
import { apiFixture } from './fixture.ts';
import { wideWorkbook } from './xlsx-craft.ts';

const CJK = /[\u4e00-\u9fff]/;
let f: Awaited<ReturnType<typeof apiFixture>>;
let cookie: string;

before(async () => {
  f = await apiFixture();
  cookie = await f.login('filler-a');
});
after(async () => {
  await f.store.close();
});

const snapshot = async () => ({
  head: await getDatasetHead(f.store.db, f.datasetA),
  audit: (await listAudit(f.store.db, f.datasetA)).length,
});

test('a workbook that passes the size checks but exhausts the parser’s memory is refused; nothing changes', async () => {
  // 45 000 rows × 26 cells: ≈ 3 MB on disk, ≈ 40 MB of XML, honest declared sizes and ratio.
  const bomb = wideWorkbook(45_000);
  assert.ok(bomb.length < WORKBOOK_MAX_BYTES, 'under the file-size limit');
  assert.equal(checkZip(bomb), null, 'passes the zip-directory checks: the child process must stop it');
  const before = await snapshot();
  const upload = f.req('POST', `/api/datasets/${f.datasetA}/workbook`, {
    cookie,
    body: { version: before.head!.version, file: bomb.toString('base64') },
  });
  // While the child parses, the server answers.
  let uploadDone = false;
  void upload.then(() => (uploadDone = true));
  const health = await f.req('GET', '/api/health');
  assert.equal(health.status, 200);
  assert.equal(uploadDone, false, 'health answered while the workbook was still being parsed');
  const r = await upload;
  assert.equal(r.status, 422, r.text);
  const errors = (r.json.errors ?? []) as { message: string }[];
  assert.match(errors[0]?.message ?? '', /内存超过上限（256 MB）/);
  assert.match(String(r.json.message ?? r.json.error ?? r.text), CJK);
  assert.deepEqual(await snapshot(), before, 'nothing saved, no audit row');
  assert.equal((await f.req('GET', '/api/health')).status, 200);
});

test('a parse killed by the time limit is refused with a Chinese message; nothing changes', async () => {
  const g = await apiFixture(undefined, { workbookLimits: { ...DEFAULT_PARSE_LIMITS, timeoutMs: 1 } });
  try {
    const c = await g.login('filler-a');
    const head = await getDatasetHead(g.store.db, g.datasetA);
    const audit = (await listAudit(g.store.db, g.datasetA)).length;
    const file = Buffer.from(
      await buildWorkbook(g.seed, { department: g.seed.department.name, year: g.seed.year }),
    ).toString('base64');
    const r = await g.req('POST', `/api/datasets/${g.datasetA}/workbook`, {
      cookie: c,
      body: { version: head!.version, file },
    });
    assert.equal(r.status, 422, r.text);
    const errors = (r.json.errors ?? []) as { message: string }[];
    assert.match(errors[0]?.message ?? '', /工作簿解析超过 0\.001 秒，已停止解析，未做任何修改/);
    assert.deepEqual(await getDatasetHead(g.store.db, g.datasetA), head);
    assert.equal((await listAudit(g.store.db, g.datasetA)).length, audit);
    assert.equal((await g.req('GET', '/api/health')).status, 200);
  } finally {
    await g.store.close();
  }
});

test('the same workbook reads normally within the default limits', async () => {
  const seed = seedDataset();
  const good = await buildWorkbook(seed, { department: seed.department.name, year: seed.year });
  const r = await readWorkbook(good, seed);
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
});
