/**
 * Starting the service: open the database (PGlite in DATA_DIR, or PostgreSQL at DATABASE_URL),
 * migrate, create the first administrator and the seed department on first run, and listen.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import { loadDataset } from '../adapters/files.ts';
import { countUsers, createDepartment, createUser, findDepartmentByName } from '../storage/repo.ts';
import { DEFAULT_BACKUP_INTERVAL_MS, DEFAULT_BACKUP_KEEP, writeBackup } from '../storage/backup.ts';
import { migrate, openStore, type Store } from '../storage/db.ts';
import { cleanEvidenceAtStart } from '../storage/evidence.ts';
import { createApp } from './app.ts';
import { hashPassword, newPassword } from './auth.ts';
import { FrameworkRegistry } from './frameworks.ts';
import { createDataset } from './service.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = resolve(ROOT, 'web/dist');
export const SEED_EXAMPLE = resolve(ROOT, 'examples/futian-zonggonghui-2023.yaml');

/** The address the server listens on unless told otherwise: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';

export interface StartOptions {
  port: number;
  /** Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface). */
  host?: string | undefined;
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  staticDir?: string | undefined;
  /** Load the seed department as a demo on first run (default true). */
  seedDemo?: boolean | undefined;
  allowedOrigins?: string[] | undefined;
  secureCookies?: boolean | undefined;
  /** Behind a reverse proxy: the client address for sign-in budgets is the last X-Forwarded-For entry. */
  trustProxy?: boolean | undefined;
  /** An already opened store (tests, benchmarks). */
  store?: Store | undefined;
  /**
   * Logical backups (after workbook imports, reviews and on a timer). Default with PGlite in a data
   * folder: on, into DATA_DIR/backups, every 6 h, newest 20 kept. Off for PostgreSQL and in-memory
   * databases unless a `dir` is given; `false` turns them off.
   */
  backup?: BackupOptions | false | undefined;
}

export interface BackupOptions {
  dir?: string | undefined;
  /** Timer period, ms; 0 = no timer (backups after imports and reviews only). */
  intervalMs?: number | undefined;
  keep?: number | undefined;
}

export interface Running {
  url: string;
  port: number;
  store: Store;
  /** Set on first run only: the administrator's one-time password. */
  firstAdmin: { username: string; password: string } | null;
  /** Where backups go, when they are on. */
  backupDir: string | undefined;
  /** Writes a backup now (when backups are on); resolves to the file. */
  backupNow(): Promise<string | undefined>;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<Running> {
  const store =
    options.store ?? (await openStore({ dataDir: options.dataDir, databaseUrl: options.databaseUrl }));
  try {
    await migrate(store.db);
    // What uploads cut off by a stop or a SIGKILL left behind (staged parts, temp and orphan files).
    const cleaned = await cleanEvidenceAtStart(store.db, store.evidenceDir, store.kind === 'pglite');
    if (cleaned.staged || cleaned.temps || cleaned.orphans)
      console.error(
        `已清理未完成的佐证材料上传：暂存 ${cleaned.staged} 段，临时文件 ${cleaned.temps} 个，无记录的文件 ${cleaned.orphans} 个`,
      );
    const frameworks = new FrameworkRegistry();
    await frameworks.load(store.db);
    const firstAdmin = await bootstrap(store, frameworks, options.seedDemo ?? true);
    const backupDir =
      options.backup === false
        ? undefined
        : (options.backup?.dir ??
          (store.kind === 'pglite' && options.dataDir
            ? join(resolve(options.dataDir), 'backups')
            : undefined));
    const keep = (options.backup && options.backup.keep) || DEFAULT_BACKUP_KEEP;
    // One backup at a time; a request for one while another runs is served by one more run after it.
    let chain: Promise<string | undefined> = Promise.resolve(undefined);
    let pending: Promise<string | undefined> | undefined;
    const backupNow = () => {
      if (!backupDir) return Promise.resolve(undefined);
      if (pending) return pending;
      const run = chain.then(async () => {
        pending = undefined;
        try {
          return await writeBackup(store.db, backupDir, keep, store.evidenceDir);
        } catch (e) {
          console.error(`备份失败（${backupDir}）：${(e as Error).message}`);
          return undefined;
        }
      });
      pending = run;
      chain = run;
      return run;
    };
    const { app } = createApp({
      db: store.db,
      frameworks,
      evidenceDir: store.evidenceDir,
      staticDir: options.staticDir,
      allowedOrigins: options.allowedOrigins,
      secureCookies: options.secureCookies,
      trustProxy: options.trustProxy,
      // PGlite does not fsync: checkpoint and back up after imports and reviews (PostgreSQL: the
      // DBA's tools apply, unless a backup folder was given).
      afterImportantWrite:
        store.kind === 'pglite' || backupDir
          ? async () => {
              if (store.kind === 'pglite') await sql`CHECKPOINT`.execute(store.db);
              await backupNow();
            }
          : undefined,
    });
    const intervalMs =
      options.backup && options.backup.intervalMs !== undefined
        ? options.backup.intervalMs
        : DEFAULT_BACKUP_INTERVAL_MS;
    const timer =
      backupDir && intervalMs > 0
        ? setInterval(
            () => {
              void backupNow();
            },
            Math.min(intervalMs, 2 ** 31 - 1), // setInterval's limit (≈ 24.8 days)
          )
        : undefined;
    timer?.unref();
    const server: ServerType = await new Promise((ok, fail) => {
      const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? DEFAULT_HOST }, () =>
        ok(s),
      );
      s.once('error', fail);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return {
      url: `http://${displayHost(options.host ?? DEFAULT_HOST)}:${port}`,
      port,
      store,
      firstAdmin,
      backupDir,
      backupNow,
      async close() {
        if (timer) clearInterval(timer);
        await new Promise<void>((ok) => {
          server.close(() => ok());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await chain;
        if (!options.store) await store.close();
      },
    };
  } catch (e) {
    if (!options.store) await store.close();
    throw e;
  }
}

/** The host part of the address to print: localhost for loopback and every-interface addresses. */
function displayHost(host: string): string {
  if (['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost'].includes(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** On an empty database: the first administrator (one-time password) and the seed department. */
export async function bootstrap(store: Store, frameworks: FrameworkRegistry, seedDemo: boolean) {
  if ((await countUsers(store.db)) > 0) return null;
  const password = newPassword();
  const admin = await createUser(store.db, {
    username: 'admin',
    displayName: '系统管理员',
    role: 'admin',
    departmentId: null,
    passwordHash: await hashPassword(password),
    mustChangePassword: true,
  });
  if (seedDemo) {
    const seed = loadDataset(SEED_EXAMPLE);
    if (seed.ok) {
      const name = seed.value.department.name;
      const dept = (await findDepartmentByName(store.db, name)) ?? (await createDepartment(store.db, name));
      await createDataset(
        store.db,
        frameworks,
        { id: admin.id, name: '系统（示例数据）' },
        dept,
        seed.value.year,
        seed.value,
        seed.value.framework ?? frameworks.defaultId(),
      );
    }
  }
  return { username: 'admin', password };
}
