/**
 * Opens the database: embedded PGlite in a data folder (the default) or PostgreSQL when a
 * `postgres://` URL is given. Both go through Kysely with the same type parsers, so the code above
 * sees the same values: NUMERIC and int8 as strings, date as 'YYYY-MM-DD' text, timestamptz as Date.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { evidenceFolderOf } from './evidence-files.ts';
import { migrationProvider } from './migrations.ts';
import type { DB } from './schema.ts';

export type StoreKind = 'pglite' | 'postgres';

export interface Store {
  db: Kysely<DB>;
  kind: StoreKind;
  /** Where the data lives, for messages: a folder or the URL without its password. */
  location: string;
  close(): Promise<void>;
  /** PGlite in a data folder only: DATA_DIR/evidence, where 佐证材料 content is kept (evidence-files.ts). */
  evidenceDir?: string | undefined;
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

/** Raised when another process holds the data folder, or it cannot be locked (the message says which). */
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
  let release = async () => {};
  let pgDir: string | undefined;
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    mkdirSync(dir, { recursive: true });
    release = await takeLock(dir);
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
    await release();
    throw e;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: client }) });
  return {
    db,
    kind: 'pglite',
    location: options.dataDir ? resolve(options.dataDir) : '（内存）',
    evidenceDir: options.dataDir ? evidenceFolderOf(options.dataDir) : undefined,
    dump: async () => (await client.dumpDataDir('gzip')) as Blob,
    async close() {
      await db.destroy();
      if (!client.closed) await client.close();
      await release();
    },
  };
}

/**
 * The data folder's lock: PGlite has none, and two processes on one folder corrupt it.
 *
 * Where the `flock` command exists (util-linux, busybox: any Linux, containers included) the lock is an
 * OS file lock on DATA_DIR/jixiao.lock, held by a helper (`flock` running `cat`) whose standard input
 * is a pipe from this process. The kernel drops the lock when the helper ends, and the helper ends
 * when this process ends, however it ends: its input reaches end of file (or, in a PID namespace
 * whose PID 1 died, the kernel kills it). No PID is trusted, so a server that was PID 1 in a
 * container restarts as PID 1 and takes its lock, and a live holder in another PID namespace (a second
 * container on the same volume) is still refused. The file is never deleted: deleting a locked file
 * would let two processes lock two different files. It names the holder's PID, for messages only.
 *
 * Without `flock` (macOS, Windows): a file created exclusively records the PID, and where /proc
 * exists the process's start time and the boot id; it is live only while that process (same start,
 * same boot) exists. PIDs in other PID namespaces cannot be told apart this way.
 */
export async function takeLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  const flock = findFlock();
  return flock ? flockLock(flock, dir, path) : fileLock(dir, path);
}

const LOCK_FILE = 'jixiao.lock';

function lockedError(dir: string, path: string): StoreLockedError {
  let pid = '';
  try {
    pid = /^\d+/.exec(readFileSync(path, 'utf8'))?.[0] ?? '';
  } catch {
    // unreadable: say so below
  }
  return new StoreLockedError(
    `数据目录 ${dir} 正被另一个进程（PID ${pid || '未知'}）使用。同一数据目录只能由一个 jixiao 服务打开：` +
      `请先停止那个进程，或用 DATA_DIR 指定另一个目录。`,
  );
}

function findFlock(): string | null {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(d, 'flock');
    if (d && existsSync(p)) return p;
  }
  return null;
}

async function flockLock(flock: string, dir: string, path: string): Promise<() => Promise<void>> {
  const helper = spawn(
    flock,
    ['--nonblock', '--exclusive', path, 'sh', '-c', 'echo locked; exec cat >/dev/null'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((ok) => helper.once('exit', (code) => ok(code)));
  const outcome = await new Promise<'locked' | 'busy' | Error>((ok) => {
    let out = '';
    let err = '';
    helper.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked')) ok('locked');
    });
    helper.stderr.on('data', (d: Buffer) => (err += d.toString()));
    helper.once('error', (e) => ok(e));
    // 'close' (not 'exit'): by then everything flock wrote to stderr has been read.
    helper.once('close', (code) =>
      ok(
        code === 1 && !err.trim()
          ? 'busy'
          : new StoreLockedError(`无法锁定数据目录 ${dir}：${err.trim() || `flock 退出码 ${code}`}`),
      ),
    );
  });
  if (outcome !== 'locked') {
    helper.stdin.destroy();
    if (outcome === 'busy') throw lockedError(dir, path);
    throw outcome;
  }
  // The helper must not keep this process alive; its input stays open until release or exit.
  helper.stdout.destroy();
  helper.stderr.destroy();
  helper.stdin.on('error', () => {});
  (helper.stdin as unknown as { unref(): void }).unref();
  helper.unref();
  writeFileSync(path, `${process.pid}\n`);
  let released: Promise<void> | undefined;
  void exited.then(() => {
    if (!released)
      console.error(
        `数据目录 ${dir} 的锁（flock 辅助进程）意外结束：在本服务停止前，请勿让其他进程打开该目录。`,
      );
  });
  return () => {
    released ??= (async () => {
      helper.ref(); // wait for the helper to end even when nothing else keeps this process alive
      helper.stdin.end();
      await exited;
    })();
    return released;
  };
}

/** A process as /proc knows it: its start time (clock ticks since boot) and the boot id, or null. */
function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return start ? `${start}@${boot}` : null;
  } catch {
    return null;
  }
}

async function fileLock(dir: string, path: string): Promise<() => Promise<void>> {
  const me = `${process.pid} ${processIdentity(process.pid) ?? ''}`.trim();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${me}\n`);
      closeSync(fd);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(path, 'utf8').trim() === me) rmSync(path);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const [pidText, identity] = readFileSync(path, 'utf8').trim().split(' ');
      const holder = Number.parseInt(pidText ?? '', 10);
      const alive = Number.isInteger(holder) && holder > 0 && processAlive(holder);
      const same = !identity || processIdentity(holder) === null || processIdentity(holder) === identity;
      if (alive && same) throw lockedError(dir, path);
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
