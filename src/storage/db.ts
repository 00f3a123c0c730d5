/**
 * Opens the database: embedded PGlite in a data folder (the default) or PostgreSQL when a
 * `postgres://` URL is given. Both go through Kysely with the same type parsers, so the code above
 * sees the same values: NUMERIC and int8 as strings, date as 'YYYY-MM-DD' text, timestamptz as Date.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations.ts';
import type { DB } from './schema.ts';

export type StoreKind = 'pglite' | 'postgres';

export interface Store {
  db: Kysely<DB>;
  kind: StoreKind;
  /** Where the data lives, for messages: a folder or the URL without its password. */
  location: string;
  close(): Promise<void>;
  /** PGlite only: the data folder as a tarball (backups; test templates). */
  dump?: () => Promise<Blob>;
}

export interface OpenOptions {
  /** PostgreSQL connection string; when given, PGlite is not used. */
  databaseUrl?: string | undefined;
  /** Data folder for PGlite (created when missing). Omit for an in-memory database. */
  dataDir?: string | undefined;
  /** A PGlite data-folder dump to start from (tests: a migrated template, ≈ 1 s instead of 5–7 s). */
  loadDataDir?: Blob | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number | undefined;
}

/** Raised when another process holds the data folder. */
export class StoreLockedError extends Error {}

// Same parsers on both drivers: int8 (count(*)) and date as text; NUMERIC is text already.
const TEXT = (v: string) => v;
pg.types.setTypeParser(20, TEXT);
pg.types.setTypeParser(1082, TEXT);
pg.types.setTypeParser(1700, TEXT);
const PGLITE_PARSERS = { 20: TEXT, 1082: TEXT, 1700: TEXT };

export async function openStore(options: OpenOptions): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options);
}

async function openPostgres(url: string, max: number): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection dropped by the server (restart, admin command) must not crash the process:
  // the pool discards it and the next query opens a new one.
  pool.on('error', (e) => console.error(`PostgreSQL 连接中断（已丢弃该连接）：${e.message}`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const location = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return { db, kind: 'postgres', location, close: () => db.destroy() };
}

async function openPglite(options: OpenOptions): Promise<Store> {
  let release = () => {};
  let pgDir: string | undefined;
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    mkdirSync(dir, { recursive: true });
    release = takeLock(dir);
    pgDir = join(dir, 'pgdata');
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(pgDir ? { dataDir: pgDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: PGLITE_PARSERS,
    });
  } catch (e) {
    release();
    throw e;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: client }) });
  return {
    db,
    kind: 'pglite',
    location: options.dataDir ? resolve(options.dataDir) : '（内存）',
    dump: async () => (await client.dumpDataDir('gzip')) as Blob,
    async close() {
      await db.destroy();
      if (!client.closed) await client.close();
      release();
    },
  };
}

/**
 * A lock file in the data folder: PGlite has none, and two processes on one folder corrupt it.
 * A stale lock (its process gone) is reclaimed; a live one is never taken over.
 */
export function takeLock(dir: string): () => void {
  const path = join(dir, 'jixiao.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) {
        throw new StoreLockedError(
          `数据目录 ${dir} 正被另一个进程（PID ${holder}）使用。同一数据目录只能由一个 jixiao 服务打开：` +
            `请先停止那个进程，或用 DATA_DIR 指定另一个目录。`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new StoreLockedError(`无法取得数据目录 ${dir} 的锁文件 ${path}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function migrate(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${String(error)}`);
  }
}

export function dataDirExists(dir: string): boolean {
  return existsSync(join(resolve(dir), 'pgdata', 'PG_VERSION'));
}
