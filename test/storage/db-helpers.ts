/**
 * Real databases for tests, no mocks.
 *  - PGlite: a migrated template data folder is built once (cached in the temp dir, keyed by the
 *    migrations' source) and each test opens a fresh copy with loadDataDir (≈ 1 s instead of 5–7 s).
 *  - PostgreSQL: TEST_DATABASE_URL when set (CI); otherwise a private PostgreSQL 15 cluster started
 *    here (initdb as the postgres user into a temp folder, a private port and socket dir, fsync off)
 *    and stopped by stopPostgres(). Each test gets its own database, dropped afterwards.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, openStore, type Store } from '../../src/storage/db.ts';
import { ROOT } from '../helpers.ts';

const PGBIN = '/usr/lib/postgresql/15/bin';

let template: Blob | undefined;

/** The migrated template as a PGlite dump, built once per migrations source. */
export async function pgliteTemplate(): Promise<Blob> {
  if (template) return template;
  const src = readFileSync(join(ROOT, 'src/storage/migrations.ts'));
  const key = createHash('sha256').update(src).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `jixiao-pglite-template-${key}.tar.gz`);
  if (!existsSync(file)) {
    const store = await openStore({});
    await migrate(store.db);
    const dump = await dumpOf(store);
    await store.close();
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    execFileSync('mv', [tmp, file]);
  }
  template = new Blob([readFileSync(file)]);
  return template;
}

async function dumpOf(store: Store): Promise<Blob> {
  if (!store.dump) throw new Error('store has no dump()');
  return store.dump();
}

export async function freshPglite(): Promise<Store> {
  return openStore({ loadDataDir: await pgliteTemplate() });
}

// PostgreSQL ---------------------------------------------------------------------------------------

let cluster: { dir: string; url: string; root: boolean } | undefined;

/** Whether the PostgreSQL tests can run here; under CI they must (a missing server fails them, not skips). */
export function postgresAvailable(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL || process.env.CI) || existsSync(join(PGBIN, 'initdb'));
}

/** The server's admin URL: TEST_DATABASE_URL, or a private cluster started on first use. */
export function postgresUrl(): string {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  if (cluster) return cluster.url;
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-pg-'));
  // initdb refuses root: as root, run it as the postgres user; otherwise as ourselves.
  const root = process.getuid?.() === 0;
  if (root) chownSync(dir, uid('postgres'), gid('postgres'));
  const port = 20000 + (process.pid % 20000) + Math.floor(Math.random() * 1000);
  const asPostgres = (args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
      : execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  asPostgres([
    join(PGBIN, 'initdb'),
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  asPostgres([
    join(PGBIN, 'pg_ctl'),
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'log'),
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
    '-w',
    'start',
  ]);
  cluster = { dir, url: `postgres://postgres@127.0.0.1:${port}/postgres`, root };
  // Stopped by stopPostgres(); and in any case when this process exits, even after a failure.
  process.once('exit', stopPostgres);
  return cluster.url;
}

export function stopPostgres(): void {
  if (!cluster) return;
  try {
    const stop = [join(PGBIN, 'pg_ctl'), '-D', join(cluster.dir, 'data'), '-m', 'immediate', '-w', 'stop'];
    if (cluster.root) execFileSync('runuser', ['-u', 'postgres', '--', ...stop], { stdio: 'ignore' });
    else execFileSync(stop[0]!, stop.slice(1), { stdio: 'ignore' });
  } finally {
    rmSync(cluster.dir, { recursive: true, force: true });
    cluster = undefined;
  }
}

function uid(name: string): number {
  return Number(execFileSync('id', ['-u', name]).toString().trim());
}
function gid(name: string): number {
  return Number(execFileSync('id', ['-g', name]).toString().trim());
}

/** A fresh, migrated database of its own on the PostgreSQL server; dropped on close. */
export async function freshPostgres(poolSize = 10): Promise<Store> {
  const admin = postgresUrl();
  const name = `jixiao_test_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), poolSize });
  await migrate(store.db);
  const close = store.close;
  return {
    ...store,
    async close() {
      await close();
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

export const BACKENDS: { name: string; open: () => Promise<Store> }[] = [
  { name: 'PGlite', open: freshPglite },
  { name: 'PostgreSQL', open: () => freshPostgres() },
];
