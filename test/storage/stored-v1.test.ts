/**
 * Stored data keeps reading (issue 13, part 5). test/fixtures/stored/v1/ is today's stored format,
 * frozen: a dataset file, a PGlite row dump, and a backup as the server writes it, with the score
 * computed when they were made (meta.json, by make-v1.ts). Each is read through the current code, on
 * PGlite and on PostgreSQL, and must score what it scored then.
 *
 * The upgrade mechanism itself is shown on every path with a test-only chain: a hypothetical earlier
 * format 0 that stored the satisfaction result as a fraction under `satisfaction.rate`. Data in that
 * format, stored in a file, a row, a backup or under a workbook, reads as today's format and scores
 * the same; data from a newer jixiao is refused with a message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { stringify } from 'yaml';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import { buildWorkbook, readWorkbook } from '../../src/adapters/xlsx/workbook.ts';
import { Decimal } from '../../src/core/decimal.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import {
  SCHEMA_VERSION,
  UPGRADERS,
  checkChain,
  upgradeDataset,
  withUpgradersForTest,
  type Upgrader,
} from '../../src/core/dataset/upgrade.ts';
import { score } from '../../src/core/score.ts';
import { FrameworkRegistry } from '../../src/server/frameworks.ts';
import { cleanInput } from '../../src/core/dataset/sections.ts';
import { evaluate, saveDataset } from '../../src/server/service.ts';
import {
  BackupError,
  loadBackup,
  readBackupFile,
  restoreBackup,
  type Backup,
} from '../../src/storage/backup.ts';
import { openStore, type Store } from '../../src/storage/db.ts';
import { getDataset, listDatasets, listVersions } from '../../src/storage/repo.ts';
import type { DB } from '../../src/storage/schema.ts';
import { ROOT } from '../helpers.ts';
import { BACKENDS, stopPostgres } from './db-helpers.ts';

after(() => stopPostgres());

const V1 = join(ROOT, 'test/fixtures/stored/v1');
const meta = JSON.parse(readFileSync(join(V1, 'meta.json'), 'utf8')) as {
  schemaVersion: number;
  framework: string;
  datasetId: number;
  fileScore: string;
  rowScore: string;
};
type Row = Record<string, unknown>;
const rowDump = (): { tables: Record<'departments' | 'datasets' | 'dataset_versions', Row[]> } =>
  JSON.parse(readFileSync(join(V1, 'rows.json'), 'utf8'));

const framework = (() => {
  const r = loadFramework(meta.framework);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
})();

/** What the server shows for stored data: parse (with upgrade) and score, as service.evaluate does. */
function scoreOf(data: unknown): string {
  const r = parseDataset(data);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return score(r.value, framework).total;
}

// The hypothetical earlier format, for tests only ---------------------------------------------------

/** Format 0 → 1: `satisfaction.rate` (a fraction, "0.8652") became `satisfaction.score` (out of 100). */
const FROM_V0: Upgrader = {
  from: 0,
  change: 'satisfaction.rate (a fraction) became satisfaction.score (out of 100)',
  up(data) {
    const { rate, ...rest } = data.satisfaction as Record<string, unknown>;
    return { ...data, satisfaction: { ...rest, score: new Decimal(String(rate)).times(100).toFixed() } };
  },
};

/** Today's data written as format 0 would have stored it (the inverse of FROM_V0). */
function asV0(data: unknown): Row {
  const d = data as Row;
  const { score: s, ...rest } = d.satisfaction as Row;
  return {
    ...d,
    schemaVersion: 0,
    satisfaction: { ...rest, rate: new Decimal(String(s)).div(100).toFixed() },
  };
}

const asVersion = (data: unknown, v: number): Row => ({ ...(data as Row), schemaVersion: v });

// Row dumps in and out of a database -----------------------------------------------------------------

const JSON_COLUMNS = new Set(['data']);

/** Inserts rows as the repo stored them (JSONB sent as JSON text); serials continue after them. */
async function insertRows(db: Kysely<DB>, tables: Record<string, Row[]>) {
  for (const [name, rows] of Object.entries(tables)) {
    if (rows.length === 0) continue;
    const values = rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, JSON_COLUMNS.has(k) ? JSON.stringify(v) : v])),
    );
    await db
      .insertInto(name as keyof DB)
      .values(values as never)
      .execute();
    await sql`SELECT setval(pg_get_serial_sequence(${name}, 'id'), (SELECT max(id) FROM ${sql.table(name)}))`.execute(
      db,
    );
  }
}

async function storedData(db: Kysely<DB>, id: number): Promise<Row> {
  const { rows } = await sql<{ data: Row }>`SELECT data FROM datasets WHERE id = ${id}`.execute(db);
  return rows[0]!.data;
}

async function withStore(open: () => Promise<Store>, fn: (s: Store) => Promise<void>) {
  const store = await open();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

// The chain --------------------------------------------------------------------------------------------

describe('the upgrade chain', () => {
  test('the shipped chain is contiguous up to the current version', () => {
    assert.doesNotThrow(() => checkChain(UPGRADERS));
    assert.throws(() => checkChain([{ ...FROM_V0, from: -1 }]), /not contiguous/);
  });

  test('current data passes through unchanged (the same object)', () => {
    const data = { schemaVersion: SCHEMA_VERSION, year: 2023 };
    const r = upgradeDataset(data);
    assert.ok(r.ok);
    assert.equal(r.value, data);
  });

  test('an upgrade leaves the stored data as it was and stamps the new version', async () => {
    const stored = Object.freeze(asV0(loadFixtureYaml()));
    Object.freeze(stored.satisfaction);
    await withUpgradersForTest([FROM_V0], () => {
      const r = upgradeDataset(stored);
      assert.ok(r.ok);
      assert.equal(r.from, 0);
      const v = r.value as Row;
      assert.equal(v.schemaVersion, SCHEMA_VERSION);
      assert.equal((v.satisfaction as Row).score, '86.52');
      assert.equal((stored.satisfaction as Row).rate, '0.8652');
    });
  });

  test('a newer version, or one older than the chain reaches, is refused in Chinese', () => {
    const newer = parseDataset(asVersion(loadFixtureYaml(), SCHEMA_VERSION + 1));
    assert.ok(!newer.ok);
    assert.equal(newer.errors[0]!.path, 'schemaVersion');
    assert.match(newer.errors[0]!.message, /^由更新版本的 jixiao 保存/);
    const older = parseDataset(asV0(loadFixtureYaml()));
    assert.ok(!older.ok);
    assert.match(older.errors[0]!.message, /数据格式第 0 版无法识别/);
  });
});

function loadFixtureYaml(): Row {
  const r = loadDataset(join(V1, 'dataset.yaml'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value as unknown as Row;
}

// (a) A dataset file ---------------------------------------------------------------------------------

describe('a dataset file', () => {
  test('the v1 file reads and scores what it scored when the fixture was made', () => {
    assert.equal(meta.schemaVersion, 1);
    assert.equal(scoreOf(loadFixtureYaml()), meta.fileScore);
  });

  test('a file in an earlier format is upgraded on reading; a newer one is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-upgrade-'));
    try {
      const old = join(dir, 'v0.yaml');
      writeFileSync(old, stringify(asV0(loadFixtureYaml())));
      await withUpgradersForTest([FROM_V0], () => {
        const r = loadDataset(old);
        assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
        assert.equal(score(r.value, framework).total, meta.fileScore);
      });
      const newer = join(dir, 'v9.yaml');
      writeFileSync(newer, stringify(asVersion(loadFixtureYaml(), SCHEMA_VERSION + 1)));
      const r = loadDataset(newer);
      assert.ok(!r.ok);
      assert.match(r.errors.map((e) => e.message).join('\n'), /由更新版本的 jixiao 保存/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// (b) Database rows, (c) backups, on both databases ------------------------------------------------------

const frameworks = new FrameworkRegistry();

for (const backend of BACKENDS) {
  describe(`stored rows on ${backend.name}`, () => {
    test('the v1 row dump reads through the repository and scores what it scored', async () => {
      await withStore(backend.open, async ({ db }) => {
        await frameworks.load(db);
        await insertRows(db, rowDump().tables);
        const row = await getDataset(db, meta.datasetId);
        assert.ok(row);
        assert.equal(row.selfScore, meta.rowScore);
        const ev = evaluate(frameworks, row.data, row.frameworkId);
        assert.ok(ev.ok, JSON.stringify(!ev.ok && ev.errors));
        assert.equal(ev.result.total, meta.rowScore);
        const [listed] = await listDatasets(db, {});
        assert.equal(scoreOf(listed!.data), meta.rowScore);
        for (const v of await listVersions(db, meta.datasetId, 1, row.version))
          assert.equal(scoreOf(v.data), meta.rowScore);
      });
    });

    test('rows in an earlier format are upgraded on reading, and saved in the current one', async () => {
      await withStore(backend.open, async ({ db }) => {
        await frameworks.load(db);
        const { tables } = rowDump();
        for (const t of [tables.datasets, tables.dataset_versions]) for (const r of t) r.data = asV0(r.data);
        await insertRows(db, tables);
        await withUpgradersForTest([FROM_V0], async () => {
          const row = await getDataset(db, meta.datasetId);
          assert.ok(row);
          assert.equal((row.data as Row).schemaVersion, SCHEMA_VERSION);
          assert.equal(scoreOf(row.data), meta.rowScore);
          const versions = await listVersions(db, meta.datasetId, 1, row.version);
          assert.ok(versions.length >= 2);
          for (const v of versions) {
            assert.equal((v.data as Row).schemaVersion, SCHEMA_VERSION);
            assert.equal(scoreOf(v.data), meta.rowScore);
          }
          // A save made from an older version merges against the (upgraded) base and writes today's format.
          const base = versions[0]!;
          const mine = structuredClone(base.data) as Row & { department: Row };
          mine.department = { ...mine.department, jurisdiction: '福田区（升级后保存）' };
          const saved = await saveDataset(
            db,
            frameworks,
            { id: null, name: '测试' },
            row.id,
            base.version,
            mine,
          );
          assert.equal(saved.status, 'saved', JSON.stringify(saved.status === 'conflict' && saved.conflicts));
          const raw = await storedData(db, row.id);
          assert.equal(raw.schemaVersion, SCHEMA_VERSION);
          assert.equal((raw.satisfaction as Row).score, '86.52');
          assert.equal(scoreOf(raw), meta.rowScore);
        });
      });
    });

    test('a row from a newer jixiao is shown as refused, not scored', async () => {
      await withStore(backend.open, async ({ db }) => {
        await frameworks.load(db);
        const { tables } = rowDump();
        for (const r of tables.datasets) r.data = asVersion(r.data, SCHEMA_VERSION + 1);
        await insertRows(db, { departments: tables.departments, datasets: tables.datasets });
        const row = await getDataset(db, meta.datasetId);
        const ev = evaluate(frameworks, row!.data, row!.frameworkId);
        assert.ok(!ev.ok);
        assert.equal(ev.errors[0]!.path, 'schemaVersion');
        assert.match(ev.errors[0]!.message, /由更新版本的 jixiao 保存/);
      });
    });

    test('the v1 backup loads and its datasets score what they scored', async () => {
      await withStore(backend.open, async ({ db }) => {
        await frameworks.load(db);
        await loadBackup(db, readBackupFile(join(V1, 'backup.json')));
        const rows = await listDatasets(db, {});
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.selfScore, meta.rowScore);
        assert.equal(scoreOf(rows[0]!.data), meta.rowScore);
      });
    });

    test('a backup in an earlier format is stored upgraded; a newer one is refused', async () => {
      const backup = readBackupFile(join(V1, 'backup.json'));
      const withData = (f: (d: unknown) => Row): Backup => ({
        ...backup,
        tables: {
          ...backup.tables,
          datasets: backup.tables.datasets.map((r) => ({ ...r, data: f(r.data) })),
          dataset_versions: backup.tables.dataset_versions.map((r) => ({ ...r, data: f(r.data) })),
        },
      });
      await withStore(backend.open, async ({ db }) => {
        await withUpgradersForTest([FROM_V0], () => loadBackup(db, withData(asV0)));
        // Stored in today's format: it reads without the test chain.
        const raw = await storedData(db, meta.datasetId);
        assert.equal(raw.schemaVersion, SCHEMA_VERSION);
        assert.equal(scoreOf(raw), meta.rowScore);
      });
      await withStore(backend.open, async ({ db }) => {
        await assert.rejects(
          loadBackup(
            db,
            withData((d) => asVersion(d, SCHEMA_VERSION + 1)),
          ),
          (e: unknown) => e instanceof BackupError && /由更新版本的 jixiao 保存/.test(e.message),
        );
        const { rows } = await sql<{ n: string | number }>`SELECT count(*) AS n FROM datasets`.execute(db);
        assert.equal(Number(rows[0]!.n), 0);
      });
    });
  });
}

describe('a backup restored into a new data folder (jixiao serve --restore)', () => {
  test('the v1 backup restores and scores what it scored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-restore-v1-'));
    try {
      await restoreBackup(join(V1, 'backup.json'), join(dir, 'data'));
      await withStore(
        () => openStore({ dataDir: join(dir, 'data') }),
        async ({ db }) => {
          const row = await getDataset(db, meta.datasetId);
          assert.equal(row!.selfScore, meta.rowScore);
          assert.equal(scoreOf(row!.data), meta.rowScore);
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Workbook import ---------------------------------------------------------------------------------------

describe('a workbook read onto stored data', () => {
  test('onto v1 data and onto data in an earlier format, it gives today’s format and the same score', async () => {
    const current = loadFixtureYaml();
    const bytes = await buildWorkbook(current as never, { department: '测试', year: 2023 });
    const onV1 = await readWorkbook(bytes, current);
    assert.ok(onV1.ok, JSON.stringify(!onV1.ok && onV1.errors));
    // As the server scores an import: blank cells are cleaned first (as service.evaluate does).
    assert.equal(scoreOf(cleanInput(onV1.value)), meta.fileScore);
    await withUpgradersForTest([FROM_V0], async () => {
      const onV0 = await readWorkbook(bytes, asV0(current));
      assert.ok(onV0.ok, JSON.stringify(!onV0.ok && onV0.errors));
      assert.equal((onV0.value as Row).schemaVersion, SCHEMA_VERSION);
      assert.equal(scoreOf(cleanInput(onV0.value)), meta.fileScore);
    });
    const onNewer = await readWorkbook(bytes, asVersion(current, SCHEMA_VERSION + 1));
    assert.ok(!onNewer.ok);
    assert.match(onNewer.errors.map((e) => e.message).join('\n'), /由更新版本的 jixiao 保存/);
  });
});
