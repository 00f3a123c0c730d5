/**
 * Logical backups of the embedded database. PGlite does not fsync, so the server writes one after a
 * workbook import, after a review and on a timer: every table's rows as JSON (sessions excepted:
 * users sign in again), written to a temp file, fsynced, renamed into `DATA_DIR/backups/`, the newest
 * N kept. `restoreBackup` loads one into an empty data folder.
 *
 * 佐证材料 kept in the data folder (DATA_DIR/evidence, evidence-files.ts) are not copied into the JSON:
 * each backup `jixiao-backup-<time>.json` has a folder beside it, `jixiao-backup-<time>.evidence/`,
 * holding every such content file under its SHA-256 — a hard link to the stored file (no copy; a copy
 * where the backups are on another file system), so a backup costs no memory and little disk whatever
 * the files' sizes. The folder is complete before the JSON appears; restore copies from it (checking
 * each SHA-256); pruning removes both. Content kept in the database travels in the JSON as before.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import { upgradeDataset } from '../core/dataset/upgrade.ts';
import { migrate, openStore } from './db.ts';
import { contentPath, syncFolder, withFolderLock } from './evidence-files.ts';
import type { DB } from './schema.ts';

export const BACKUP_FORMAT = 'jixiao-backup';
/**
 * 2: evidence tables (a version-1 backup restores with none). 3: evidence_blobs.stored, content in the
 * data folder travelling in the backup's .evidence folder (an older program refuses a version-3 backup
 * rather than restore rows whose content it cannot find).
 */
export const BACKUP_VERSION = 3;
export const DEFAULT_BACKUP_KEEP = 20;
export const DEFAULT_BACKUP_INTERVAL_MS = 6 * 3600 * 1000;

/**
 * Tables in the order they can be inserted (references first), with their key; `dataset`: the JSONB
 * column holding a stored dataset, upgraded to the current format on restore. Their columns are not
 * listed here but read from the database at backup and restore time (`columnsOf`), so a column a later
 * migration adds is never left out: JSONB columns travel as JSON, bytea ones (the report as submitted,
 * evidence content) as base64, converted by the database.
 */
const TABLES = [
  { name: 'departments', key: 'id', serial: true },
  { name: 'users', key: 'id', serial: true },
  { name: 'frameworks', key: 'id', serial: false },
  { name: 'datasets', key: 'id', serial: true, dataset: 'data' },
  { name: 'audit', key: 'id', serial: true },
  { name: 'dataset_versions', key: 'id', serial: true, dataset: 'data' },
  { name: 'reviews', key: 'id', serial: true },
  { name: 'review_items', key: 'id', serial: true },
  { name: 'rectifications', key: 'id', serial: true },
  { name: 'submissions', key: 'dataset_id', serial: false },
  { name: 'submission_events', key: 'id', serial: true },
  // 佐证材料: content (bytea parts) before the rows naming it. Uploads still arriving
  // (evidence_uploads) are not kept.
  { name: 'evidence_blobs', key: 'sha256', serial: false },
  { name: 'evidence_blob_parts', key: 'sha256', serial: false },
  { name: 'evidence', key: 'id', serial: true },
] as const;

interface Column {
  name: string;
  kind: 'json' | 'bytea' | 'plain';
}

/** A table's columns as the database declares them, in order. */
async function columnsOf(db: Kysely<DB>, table: TableName): Promise<Column[]> {
  const { rows } = await sql<{ name: string; type: string }>`
    SELECT column_name AS name, data_type AS type FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table}
    ORDER BY ordinal_position`.execute(db);
  if (rows.length === 0) throw new BackupError(`数据库中没有表 ${table}，请先升级数据库结构`);
  return rows.map((r) => ({
    name: r.name,
    kind: r.type === 'bytea' ? 'bytea' : r.type === 'jsonb' || r.type === 'json' ? 'json' : 'plain',
  }));
}

const TABLE_LABELS: Partial<Record<TableName, string>> = {
  datasets: '部门年度数据',
  dataset_versions: '历史版本',
};

type TableName = (typeof TABLES)[number]['name'];

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  tables: Record<TableName, Record<string, unknown>[]>;
}

/** Every table's rows (one consistent snapshot: a single repeatable-read transaction). */
export async function dumpDatabase(db: Kysely<DB>): Promise<Backup> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const tables = {} as Backup['tables'];
      for (const t of TABLES) {
        const columns = sql.join(
          (await columnsOf(tx, t.name)).map((c) =>
            c.kind === 'bytea'
              ? sql`encode(${sql.ref(c.name)}, 'base64') AS ${sql.ref(c.name)}`
              : sql.ref(c.name),
          ),
        );
        // Keys compare numerically (audit ids are int8 text) in SQL, not here.
        const { rows } = await sql<
          Record<string, unknown>
        >`SELECT ${columns} FROM ${sql.table(t.name)} ORDER BY ${sql.ref(t.key)}`.execute(tx);
        tables[t.name] = rows;
      }
      return { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), tables };
    });
}

/** Loads a backup into a migrated, empty database; serial sequences continue after the highest id. */
export async function loadBackup(db: Kysely<DB>, backup: Backup): Promise<void> {
  if (backup?.format !== BACKUP_FORMAT || typeof backup.tables !== 'object')
    throw new BackupError('不是 jixiao 备份文件（缺少 format: "jixiao-backup"）');
  if (backup.version > BACKUP_VERSION)
    throw new BackupError(
      `备份文件版本 ${backup.version} 比本程序支持的（${BACKUP_VERSION}）新，请先升级 jixiao`,
    );
  await db.transaction().execute(async (tx) => {
    for (const t of TABLES) {
      const { rows } = await sql<{
        n: number | string;
      }>`SELECT count(*) AS n FROM ${sql.table(t.name)}`.execute(tx);
      if (Number(rows[0]?.n) > 0 && t.name !== 'frameworks')
        throw new BackupError(`目标数据库的表 ${t.name} 不是空的，拒绝恢复`);
    }
    await sql`DELETE FROM frameworks`.execute(tx);
    for (const t of TABLES) {
      const rows = backup.tables[t.name] ?? [];
      const columns = await columnsOf(tx, t.name);
      if (columns.some((c) => c.kind === 'bytea')) {
        // Rows carrying file content (up to 1 MB each, base64): one per statement, decoded by the
        // database. Columns the backup row lacks (an older backup) take their defaults.
        for (const r of rows) {
          const cols = columns.filter((c) => c.name in r);
          const values = cols.map((c) => {
            const v = r[c.name];
            if (v === null || v === undefined) return sql`NULL`;
            if (c.kind === 'bytea') return sql`decode(${String(v)}, 'base64')`;
            return sql`${c.kind === 'json' ? JSON.stringify(v) : v}`;
          });
          await sql`INSERT INTO ${sql.table(t.name)} (${sql.join(cols.map((c) => sql.ref(c.name)))})
            VALUES (${sql.join(values)})`.execute(tx);
        }
        continue;
      }
      const json = columns.filter((c) => c.kind === 'json').map((c) => c.name);
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200).map((r) => {
          const out: Record<string, unknown> = { ...r };
          if ('dataset' in t) out[t.dataset] = upgradedOrRefused(t.name, r, t.dataset);
          for (const c of json) if (out[c] !== null && out[c] !== undefined) out[c] = JSON.stringify(out[c]);
          return out;
        });
        await tx
          .insertInto(t.name)
          .values(chunk as never)
          .execute();
      }
      if (t.serial)
        await sql`SELECT setval(pg_get_serial_sequence(${t.name}, 'id'), coalesce(max(id), 0) + 1, false) FROM ${sql.table(t.name)}`.execute(
          tx,
        );
    }
  });
}

export class BackupError extends Error {}

/** A stored dataset of a backup row in the current format; a newer format refuses the whole restore. */
function upgradedOrRefused(table: TableName, row: Record<string, unknown>, column: string): unknown {
  const r = upgradeDataset(row[column]);
  if (r.ok) return r.value;
  throw new BackupError(`备份中的${TABLE_LABELS[table] ?? table}（编号 ${String(row.id)}）${r.message}`);
}

const NAME = /^jixiao-backup-(\d{8}T\d{9}Z)(-\d+)?\.json$/;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

/** The backups in a folder, oldest first (names sort by time). */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => NAME.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/** The folder of content files beside a backup file. */
export const backupEvidenceDir = (file: string) => file.replace(/\.json$/, '.evidence');

/** SHA-256s of a backup's content kept in a folder (not in the JSON). */
const folderContent = (backup: Backup) =>
  (backup.tables.evidence_blobs ?? []).filter((b) => b.stored === 'folder').map((b) => String(b.sha256));

/**
 * Writes a backup atomically into `dir` (temp file, fsync, rename, fsync of the folder) and prunes
 * all but the newest `keep`. `evidenceDir`: the data folder's evidence/, whose files the backup's
 * .evidence folder links. Returns the file written.
 */
export async function writeBackup(
  db: Kysely<DB>,
  dir: string,
  keep = DEFAULT_BACKUP_KEEP,
  evidenceDir?: string,
): Promise<string> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${process.pid}-${Date.now()}.tmp`);
  const tmpEvidence = `${tmp}.evidence`;
  // Under the folder's lock, so no content the snapshot names is deleted before it is linked.
  const { backup, file } = await withFolderLock(async () => {
    const backup = await dumpDatabase(db);
    const base = `jixiao-backup-${stamp(new Date(backup.createdAt))}`;
    let file = join(dir, `${base}.json`);
    for (let n = 1; existsSync(file) || existsSync(backupEvidenceDir(file)); n++)
      file = join(dir, `${base}-${n}.json`);
    const shas = folderContent(backup);
    if (shas.length) {
      if (!evidenceDir) throw new BackupError('佐证材料存放在数据目录中，备份时未指明该目录');
      mkdirSync(tmpEvidence, { mode: 0o700 });
      for (const sha of shas) {
        const from = contentPath(evidenceDir, sha);
        const to = join(tmpEvidence, sha);
        try {
          linkSync(from, to);
        } catch {
          copyFileSync(from, to);
        }
      }
      syncFolder(tmpEvidence);
      renameSync(tmpEvidence, backupEvidenceDir(file));
    }
    return { backup, file };
  });
  // Holds password hashes: readable by the server's user only.
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(backup));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  syncFolder(dir);
  const all = listBackups(dir);
  for (const old of all.slice(0, Math.max(0, all.length - Math.max(1, keep)))) {
    rmSync(old, { force: true });
    rmSync(backupEvidenceDir(old), { recursive: true, force: true });
  }
  return file;
}

/** Copies one content file from a backup into the data folder, checking its SHA-256 on the way. */
async function restoreContent(from: string, evidenceDir: string, sha: string) {
  const to = contentPath(evidenceDir, sha);
  mkdirSync(dirname(to), { recursive: true });
  const hash = createHash('sha256');
  const tmp = `${to}.restoring`;
  const input = createReadStream(from);
  input.on('data', (chunk) => hash.update(chunk));
  await pipeline(input, createWriteStream(tmp, { mode: 0o600, flush: true }));
  if (hash.digest('hex') !== sha) {
    rmSync(tmp, { force: true });
    throw new BackupError(`备份中的佐证材料文件 ${sha} 已损坏（SHA-256 不符），拒绝恢复`);
  }
  renameSync(tmp, to);
  syncFolder(dirname(to));
}

export function readBackupFile(file: string): Backup {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new BackupError(`无法读取备份文件 ${file}`);
  }
  try {
    return JSON.parse(text) as Backup;
  } catch {
    throw new BackupError(`备份文件 ${file} 不是有效的 JSON（可能不完整）`);
  }
}

/**
 * Restores a backup file into a new PGlite data folder. Refuses a folder that exists and is not
 * empty: restoring never overwrites data.
 */
export async function restoreBackup(
  file: string,
  dataDir: string,
): Promise<{ counts: Record<string, number> }> {
  const dir = resolve(dataDir);
  const backup = readBackupFile(file);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new BackupError(
      `数据目录 ${dir} 不是空的，拒绝恢复（恢复不会覆盖已有数据）。请指定一个新的或空的目录，` +
        `或先把现有目录改名保存。`,
    );
  const shas = folderContent(backup);
  const from = backupEvidenceDir(resolve(file));
  for (const sha of shas)
    if (!existsSync(join(from, sha)))
      throw new BackupError(
        `备份 ${basename(file)} 的佐证材料文件不全：缺少 ${basename(from)}/${sha}。` +
          `请把备份文件与同名的 .evidence 文件夹放在一起再恢复`,
      );
  const store = await openStore({ dataDir: dir });
  try {
    await migrate(store.db);
    await loadBackup(store.db, backup);
    for (const sha of shas) await restoreContent(join(from, sha), store.evidenceDir!, sha);
    await sql`CHECKPOINT`.execute(store.db);
  } catch (e) {
    await store.close();
    // Leave no half-restored folder behind (it was empty before).
    for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    throw e;
  }
  await store.close();
  const counts: Record<string, number> = {};
  for (const t of TABLES) counts[t.name] = backup.tables[t.name]?.length ?? 0;
  return { counts };
}
