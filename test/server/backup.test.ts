/**
 * Logical backups of the embedded database: written after a workbook import and after a review
 * (and on a timer), atomically, the newest N kept; restoring one into an empty data folder gives the
 * same departments, users, datasets, reviews and audit rows; a non-empty folder is refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildWorkbook } from '../../src/adapters/xlsx/workbook.ts';
import { hashPassword } from '../../src/server/auth.ts';
import { startServer, type Running } from '../../src/server/start.ts';
import {
  BackupError,
  dumpDatabase,
  listBackups,
  readBackupFile,
  restoreBackup,
  type Backup,
} from '../../src/storage/backup.ts';
import { openStore } from '../../src/storage/db.ts';
import { createUser, listAudit, listDatasets } from '../../src/storage/repo.ts';
import { ROOT } from '../helpers.ts';
import { freshPglite } from '../storage/db-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'jixiao-backup-'));
const backups = join(dir, 'backups');
const PASSWORD = 'correct-horse-battery';
let running: Running;
let base: string;

before(async () => {
  const store = await freshPglite();
  running = await startServer({
    port: 0,
    host: '127.0.0.1',
    store,
    backup: { dir: backups, intervalMs: 0, keep: 3 },
  });
  base = running.url.replace('localhost', '127.0.0.1');
  const hash = await hashPassword(PASSWORD);
  const [seed] = await listDatasets(store.db, {});
  await createUser(store.db, {
    username: 'filler',
    displayName: '填报人',
    role: 'filler',
    departmentId: seed!.departmentId,
    passwordHash: hash,
  });
  await createUser(store.db, {
    username: 'reviewer',
    displayName: '复核人',
    role: 'reviewer',
    departmentId: null,
    passwordHash: hash,
  });
});
after(async () => {
  await running.close();
  await running.store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, cookie?: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: {
      origin: base,
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown>,
    res,
  };
}

async function login(username: string) {
  const r = await call('POST', '/api/auth/login', undefined, { username, password: PASSWORD });
  assert.equal(r.status, 200, r.text);
  return (r.res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** The backup's tables without the moment it was taken. */
const tablesOf = (b: Backup) => JSON.parse(JSON.stringify(b.tables)) as Backup['tables'];

let afterReview: string;

test(
  'a workbook import and a review each write a backup; restoring it gives the same rows',
  { timeout: 120_000 },
  async () => {
    assert.deepEqual(listBackups(backups), [], 'no backup before any important write');
    const [ds] = await listDatasets(running.store.db, {});
    const filler = await login('filler');
    const changed = structuredClone(ds!.data) as { narrative?: Record<string, string[]> };
    changed.narrative = { ...changed.narrative, plans: ['备份测试：明年计划。'] };
    const file = Buffer.from(
      await buildWorkbook(changed, { department: ds!.departmentName, year: ds!.year }),
    ).toString('base64');
    // Built here, the workbook has no record of its origin: the import lists its changes first.
    const ask = await call('POST', `/api/datasets/${ds!.id}/workbook`, filler, { file });
    assert.equal(ask.status, 409, ask.text);
    assert.deepEqual(listBackups(backups), [], 'nothing written before the changes are confirmed');
    const up = await call('POST', `/api/datasets/${ds!.id}/workbook`, filler, { confirm: ds!.version, file });
    assert.equal(up.status, 200, up.text);
    const afterImport = listBackups(backups);
    assert.equal(afterImport.length, 1, 'one backup after the import');
    assert.equal(statSync(afterImport[0]!).mode & 0o777, 0o600, 'backups hold password hashes: owner only');
    assert.deepEqual(
      readdirSync(backups).filter((n) => n.endsWith('.tmp')),
      [],
      'no temp file left',
    );
    const imported = readBackupFile(afterImport[0]!);
    const importedData = imported.tables.datasets.find((d) => d.id === ds!.id)!.data as typeof changed;
    assert.deepEqual(importedData.narrative?.plans, ['备份测试：明年计划。'], 'the import is in the backup');

    const reviewer = await login('reviewer');
    const rv = await call('POST', `/api/datasets/${ds!.id}/reviews`, reviewer, {
      score: '90.5',
      reason: '抽查后酌减',
    });
    assert.equal(rv.status, 201, rv.text);
    const all = listBackups(backups);
    assert.equal(all.length, 2, 'one more backup after the review');
    // Kept aside: the pruning test below removes it from the backups folder.
    afterReview = join(dir, 'after-review.json');
    copyFileSync(all[1]!, afterReview);
    const backup = readBackupFile(afterReview);
    assert.equal(backup.tables.reviews.length, 1);
    assert.equal(backup.tables.reviews[0]!.score, '90.50');

    // Restore into a fresh data folder and compare every table with the live database.
    const target = join(dir, 'restored');
    const { counts } = await restoreBackup(afterReview, target);
    assert.equal(counts.reviews, 1);
    const live = await dumpDatabase(running.store.db);
    const restored = await openStore({ dataDir: target });
    try {
      const back = await dumpDatabase(restored.db);
      assert.deepEqual(tablesOf(back), tablesOf(live));
      assert.ok(back.tables.audit.length > 0, 'audit rows restored');
      assert.deepEqual(
        (await listAudit(restored.db, ds!.id)).map((a) => [a.path, a.action]),
        (await listAudit(running.store.db, ds!.id)).map((a) => [a.path, a.action]),
      );
      // The serial counters continue after the restored ids.
      const user = await createUser(restored.db, {
        username: 'after-restore',
        displayName: '恢复后',
        role: 'reviewer',
        departmentId: null,
        passwordHash: 'x',
      });
      assert.ok(user.id > Math.max(...back.tables.users.map((u) => Number(u.id))));
    } finally {
      await restored.close();
    }
  },
);

test('the newest N backups are kept: the N+1st prunes the oldest', async () => {
  const before = listBackups(backups);
  assert.ok(before.length >= 1);
  const written: string[] = [];
  for (let i = 0; i < 3; i++) written.push((await running.backupNow())!);
  const now = listBackups(backups);
  assert.equal(now.length, 3, 'keep: 3');
  assert.deepEqual(now, written, 'the three newest remain');
  for (const old of before) assert.ok(!now.includes(old), `${basename(old)} pruned`);
});

test('restoring into a non-empty folder is refused and touches nothing there', async () => {
  const busy = join(dir, 'busy');
  mkdirSync(busy);
  writeFileSync(join(busy, 'keep.txt'), 'x');
  await assert.rejects(restoreBackup(afterReview, busy), (e: Error) => {
    assert.ok(e instanceof BackupError);
    assert.match(e.message, /不是空的，拒绝恢复/);
    return true;
  });
  assert.deepEqual(readdirSync(busy), ['keep.txt']);
  const cli = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/jixiao.js'), 'serve', '--restore', afterReview, '--data-dir', busy, '--port', '0'],
    { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } },
  );
  assert.equal(cli.status, 2, cli.stderr);
  assert.match(cli.stderr, /恢复失败：.*不是空的，拒绝恢复/);
  assert.doesNotMatch(cli.stderr, /\n\s+at /, 'no stack trace');
});

test('the timer writes backups without any write', { timeout: 60_000 }, async () => {
  const timed = join(dir, 'timed');
  const second = await startServer({
    port: 0,
    host: '127.0.0.1',
    store: running.store,
    backup: { dir: timed, intervalMs: 100, keep: 2 },
  });
  try {
    const end = Date.now() + 30_000;
    while (listBackups(timed).length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.equal(listBackups(timed).length, 2);
  } finally {
    await second.close();
  }
});
