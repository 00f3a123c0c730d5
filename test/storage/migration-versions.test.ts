/**
 * Migration 0003 on a database that holds data saved before it (real PostgreSQL 15; PGlite runs the
 * same migration code whenever its test template is built): list items get ids, each dataset's
 * current version is stored as the base of later merges, and nothing else in the data changes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { withoutItemIds } from '../../src/core/dataset/merge.ts';
import { idListPaths } from '../../src/core/dataset/schema-paths.ts';
import { openStore } from '../../src/storage/db.ts';
import { migrationProvider } from '../../src/storage/migrations.ts';
import { listVersions } from '../../src/storage/repo.ts';
import { seedDataset } from '../helpers.ts';
import { postgresUrl, stopPostgres } from './db-helpers.ts';

after(() => stopPostgres());

test('0003 gives existing list items ids and stores the current version (PostgreSQL)', async () => {
  const admin = postgresUrl();
  const name = `jixiao_mig_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  try {
    const migrator = new Migrator({ db: store.db, provider: migrationProvider });
    assert.equal((await migrator.migrateTo('0001_initial')).error, undefined);
    const seed = seedDataset();
    await sql`INSERT INTO departments (name) VALUES (${seed.department.name})`.execute(store.db);
    await sql`INSERT INTO datasets (department_id, year, framework_id, data, version)
      VALUES (1, 2023, 'futian-2023', ${JSON.stringify(seed)}::jsonb, 7)`.execute(store.db);
    assert.equal((await migrator.migrateToLatest()).error, undefined);
    const { rows } = await sql<{ data: typeof seed }>`SELECT data FROM datasets`.execute(store.db);
    const data = rows[0]!.data;
    for (const t of data.targets) assert.match(t.id ?? '', /^[A-Za-z0-9_-]{10}$/);
    for (const a of data.assets.fixed) assert.ok(a.id);
    assert.equal(new Set(data.targets.map((t) => t.id)).size, data.targets.length, 'ids are distinct');
    assert.deepEqual(withoutItemIds(data, idListPaths()), JSON.parse(JSON.stringify(seed)));
    const versions = await listVersions(store.db, 1, 1, 100);
    assert.deepEqual(
      versions.map((v) => v.version),
      [7],
    );
    assert.deepEqual(versions[0]!.data, data);
  } finally {
    await store.close();
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await d.end();
  }
});
