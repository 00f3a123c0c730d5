/**
 * Storage on both databases: a fresh PGlite per test, and a fresh database per test on a real
 * PostgreSQL 15 server (TEST_DATABASE_URL, or a private cluster this file starts and stops).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { FrameworkRegistry } from '../../src/server/frameworks.ts';
import { createDataset, saveDataset } from '../../src/server/service.ts';
import { StoreLockedError, takeLock, type Store } from '../../src/storage/db.ts';
import {
  createDepartment,
  createUser,
  getDataset,
  insertReview,
  listAudit,
  listReviews,
} from '../../src/storage/repo.ts';
import { seedDataset } from '../helpers.ts';
import { BACKENDS, stopPostgres } from './db-helpers.ts';

after(() => stopPostgres());

const frameworks = new FrameworkRegistry();

async function withStore(open: () => Promise<Store>, fn: (s: Store) => Promise<void>) {
  const store = await open();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

async function setup(store: Store) {
  await frameworks.load(store.db);
  const dept = await createDepartment(store.db, '测试部门');
  const user = await createUser(store.db, {
    username: 'u1',
    displayName: '填报人甲',
    role: 'filler',
    departmentId: dept.id,
    passwordHash: 'x',
  });
  const seed = seedDataset();
  const r = await createDataset(
    store.db,
    frameworks,
    { id: user.id, name: user.displayName },
    dept,
    2023,
    seed,
    'futian-2023',
  );
  assert.equal(r.status, 'created');
  return { dept, user, id: (r as { id: number }).id, seed };
}

for (const backend of BACKENDS) {
  describe(`storage on ${backend.name}`, () => {
    test('NUMERIC, int8 and date come back as exact text on this driver', async () => {
      await withStore(backend.open, async ({ db }) => {
        const r = await sql<{ s: string; n: string; d: string; big: string }>`
          SELECT (${'0.1'}::numeric + ${'0.2'}::numeric) AS s, count(*) AS n, '2023-12-31'::date AS d,
                 ${'3184.70'}::numeric(14, 2) AS big FROM (VALUES (1), (2)) v(x)`.execute(db);
        assert.deepEqual(r.rows[0], { s: '0.3', n: '2', d: '2023-12-31', big: '3184.70' });
      });
    });

    test('a new dataset stores the validated data with its self-score as NUMERIC text', async () => {
      await withStore(backend.open, async (store) => {
        const { id } = await setup(store);
        const row = await getDataset(store.db, id);
        assert.ok(row);
        assert.equal(row.version, 1);
        // The seed report's total (DOMAIN.md, 20 + 19 + 54.96).
        assert.equal(row.selfScore, '93.96');
        assert.equal(row.grade, '优');
        assert.deepEqual((row.data as { execution: unknown }).execution, {
          quarterlyCumulative: ['2080.3', '2255.09', '2475.4', '3085.88'],
        });
      });
    });

    test('a save bumps the version and writes one audit record per changed field, with who, old and new', async () => {
      await withStore(backend.open, async (store) => {
        const { id, user } = await setup(store);
        const row = (await getDataset(store.db, id))!;
        const data = structuredClone(row.data) as {
          execution: { quarterlyCumulative: string[] };
          satisfaction: { score: string };
        };
        data.execution.quarterlyCumulative[1] = '1500.00';
        data.satisfaction.score = '91';
        const r = await saveDataset(store.db, frameworks, { id: user.id, name: '填报人甲' }, id, 1, data);
        assert.equal(r.status, 'saved');
        const after = (await getDataset(store.db, id))!;
        assert.equal(after.version, 2);
        const audit = await listAudit(store.db, id);
        const saves = audit.filter((a) => a.action === '保存');
        assert.deepEqual(
          saves.map((a) => [a.path, a.oldValue, a.newValue, a.username, a.version]).sort(),
          [
            ['execution.quarterlyCumulative[1]', '2255.09', '1500', '填报人甲', 2],
            ['satisfaction.score', '86.52', '91', '填报人甲', 2],
          ].sort(),
        );
        assert.ok(!Number.isNaN(Date.parse(saves[0]!.at)));
      });
    });

    test('a save from a stale version is a conflict carrying the current version, and writes nothing', async () => {
      await withStore(backend.open, async (store) => {
        const { id, user } = await setup(store);
        const actor = { id: user.id, name: '填报人甲' };
        const base = (await getDataset(store.db, id))!;
        const a = structuredClone(base.data) as { satisfaction: { score: string } };
        a.satisfaction.score = '95';
        const b = structuredClone(base.data) as { satisfaction: { score: string } };
        b.satisfaction.score = '70';
        assert.equal((await saveDataset(store.db, frameworks, actor, id, 1, a)).status, 'saved');
        const auditBefore = (await listAudit(store.db, id)).length;
        const r = await saveDataset(store.db, frameworks, actor, id, 1, b);
        assert.equal(r.status, 'conflict');
        if (r.status !== 'conflict') return;
        assert.equal(r.current.version, 2);
        assert.deepEqual(
          r.conflicts.map((c) => [c.path, c.base, c.theirs, c.mine, c.by]),
          [['satisfaction.score', '86.52', '95', '70', '填报人甲']],
        );
        const now = (await getDataset(store.db, id))!;
        assert.equal((now.data as { satisfaction: { score: string } }).satisfaction.score, '95');
        assert.equal((await listAudit(store.db, id)).length, auditBefore);
      });
    });

    test('two saves from the same version at the same moment: exactly one wins', async () => {
      await withStore(backend.open, async (store) => {
        const { id, user } = await setup(store);
        const actor = { id: user.id, name: '填报人甲' };
        const base = (await getDataset(store.db, id))!;
        const edits = ['60', '70', '80', '90'].map((s) => {
          const d = structuredClone(base.data) as { satisfaction: { score: string } };
          d.satisfaction.score = s;
          return d;
        });
        const results = await Promise.all(
          edits.map((d) => saveDataset(store.db, frameworks, actor, id, 1, d)),
        );
        assert.equal(results.filter((r) => r.status === 'saved').length, 1);
        assert.equal(results.filter((r) => r.status === 'conflict').length, 3);
        const now = (await getDataset(store.db, id))!;
        assert.equal(now.version, 2);
        assert.equal((await listAudit(store.db, id)).filter((a) => a.action === '保存').length, 1);
      });
    });

    test('invalid data is refused with field paths and changes nothing', async () => {
      await withStore(backend.open, async (store) => {
        const { id, user } = await setup(store);
        const base = (await getDataset(store.db, id))!;
        const d = structuredClone(base.data) as { execution: { quarterlyCumulative: string[] } };
        d.execution.quarterlyCumulative[2] = '两千';
        const r = await saveDataset(store.db, frameworks, { id: user.id, name: 'x' }, id, 1, d);
        assert.equal(r.status, 'invalid');
        if (r.status === 'invalid') assert.equal(r.errors[0]!.path, 'execution.quarterlyCumulative[2]');
        assert.equal((await getDataset(store.db, id))!.version, 1);
      });
    });

    test('a review score is kept beside the self-score, never over it', async () => {
      await withStore(backend.open, async (store) => {
        const { id, user } = await setup(store);
        await insertReview(store.db, {
          datasetId: id,
          reviewerId: user.id,
          score: '90.50',
          reason: '满意度调查样本不足',
          datasetVersion: 1,
          selfScore: '93.96',
        });
        const row = (await getDataset(store.db, id))!;
        assert.equal(row.selfScore, '93.96');
        const reviews = await listReviews(store.db, [id]);
        assert.equal(reviews.length, 1);
        assert.equal(reviews[0]!.score, '90.50');
      });
    });
  });
}

describe('the data-folder lock', () => {
  test('a second opener is refused with a clear message; a lock whose process is gone is reclaimed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-lock-'));
    try {
      const release = await takeLock(dir);
      assert.equal(readFileSync(join(dir, 'jixiao.lock'), 'utf8').trim(), String(process.pid));
      await assert.rejects(
        () => takeLock(dir),
        (e: unknown) => e instanceof StoreLockedError && /正被另一个进程（PID \d+）使用/.test(e.message),
      );
      await release();
      // A lock left by a process that no longer exists (pid 2^22 + 1 is above Linux's pid_max).
      writeFileSync(join(dir, 'jixiao.lock'), '4194305\n');
      const again = await takeLock(dir);
      assert.match(readFileSync(join(dir, 'jixiao.lock'), 'utf8'), new RegExp(`^${process.pid}\\b`));
      await again();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
