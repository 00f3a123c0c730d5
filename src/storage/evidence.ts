/**
 * 佐证材料 storage. A file's content is stored once per SHA-256 (content-addressed), in one of two places
 * named by its evidence_blobs row (`stored`):
 * - 'database': in parts of EVIDENCE_PART_BYTES (table evidence_blob_parts), the same SQL on PGlite and
 *   PostgreSQL. An upload arrives part by part into evidence_uploads (each part its own short write,
 *   nothing held open while the client sends); when the whole file is there and accepted, one
 *   transaction moves its parts into the content store (unless that content is stored already), writes
 *   the metadata row and the audit record, and drops the staged parts. A SIGKILL before that commit
 *   leaves staged parts only (removed at the next start, or by discardStaleUploads).
 * - 'folder': DATA_DIR/evidence/<sha256[0:2]>/<sha256> (storage/evidence-files.ts), used by a server on
 *   PGlite in a data folder: the file is in place (fsynced) before the transaction writes the rows.
 * Either way a SIGKILL never leaves a metadata row without its content. Content stored in the database
 * stays readable after a server switches to the folder.
 */
import { rm } from 'node:fs/promises';
import { sql } from 'kysely';
import {
  EVIDENCE_KIND_LABELS,
  evidenceRequired,
  missingOf,
  sizeText,
  type EvidenceKind,
} from '../core/evidence/index.ts';
import type { Framework } from '../core/framework/schema.ts';
import { cleanEvidenceFolder, contentPath, fileParts, streamed, withFolderLock } from './evidence-files.ts';
import { insertAudit, type Executor } from './repo.ts';
import type { ContentStorage } from './schema.ts';

/** Bytes per stored part: a download reads one part at a time. */
export const EVIDENCE_PART_BYTES = 1024 * 1024;

export interface EvidenceRow {
  id: number;
  datasetId: number;
  kind: EvidenceKind;
  ref: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: number | null;
  uploadedByName: string;
  uploadedAt: string;
}

const COLUMNS = [
  'id',
  'dataset_id as datasetId',
  'kind',
  'ref',
  'file_name as fileName',
  'media_type as mediaType',
  'size',
  'sha256',
  'uploaded_by as uploadedBy',
  'uploaded_by_name as uploadedByName',
  'uploaded_at as uploadedAt',
] as const;

type Raw = Omit<EvidenceRow, 'uploadedAt' | 'kind'> & { uploadedAt: Date | string; kind: string };
const toRow = (r: Raw): EvidenceRow => ({
  ...r,
  kind: r.kind as EvidenceKind,
  size: Number(r.size),
  uploadedAt: new Date(r.uploadedAt).toISOString(),
});

export async function listEvidence(db: Executor, datasetId: number): Promise<EvidenceRow[]> {
  const rows = await db
    .selectFrom('evidence')
    .select(COLUMNS)
    .where('dataset_id', '=', datasetId)
    .orderBy('kind')
    .orderBy('ref')
    .orderBy('id')
    .execute();
  return rows.map(toRow);
}

export async function getEvidence(db: Executor, id: number): Promise<EvidenceRow | undefined> {
  const r = await db.selectFrom('evidence').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r && toRow(r);
}

/** Bytes the dataset's files take together (its department-year quota). */
export async function evidenceBytes(db: Executor, datasetId: number): Promise<number> {
  const r = await db
    .selectFrom('evidence')
    .select(sql<string | number>`coalesce(sum(size), 0)`.as('n'))
    .where('dataset_id', '=', datasetId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Files per level-3 indicator code of a dataset. */
export async function evidenceCounts(db: Executor, datasetId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('evidence')
    .select(['ref', sql<string | number>`count(*)`.as('n')])
    .where('dataset_id', '=', datasetId)
    .where('kind', '=', 'indicator')
    .groupBy('ref')
    .execute();
  return new Map(rows.map((r) => [r.ref, Number(r.n)]));
}

/**
 * Indicators whose framework row says `evidence: required` and which have no file in this dataset
 * (the seam for the submission guard).
 */
export async function missingEvidence(
  db: Executor,
  datasetId: number,
  framework: Pick<Framework, 'indicators'>,
): Promise<{ code: string; name: string }[]> {
  const required = evidenceRequired(framework);
  if (!required.length) return [];
  return missingOf(required, await evidenceCounts(db, datasetId));
}

/*
 * File content crosses the driver as base64 text, converted by the database (decode/encode): PGlite
 * passes a bytea parameter or result through a slow JavaScript hex conversion (a 1 MB part took
 * ≈ 0.8 s to insert and 0.27 s to read, and its memory grew by hundreds of MB for a 20 MB file);
 * as base64 text the same part took ≈ 0.07 s and 0.015 s. PostgreSQL takes the same SQL.
 */
const b64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** One part of an upload still arriving (its own short write). */
export async function stageUploadPart(db: Executor, uploadId: string, part: number, bytes: Uint8Array) {
  await sql`INSERT INTO evidence_uploads (upload_id, part, bytes)
    VALUES (${uploadId}, ${part}, decode(${b64(bytes)}, 'base64'))`.execute(db);
}

export async function discardUpload(db: Executor, uploadId: string) {
  await db.deleteFrom('evidence_uploads').where('upload_id', '=', uploadId).execute();
}

/** Staged parts of uploads that never finished (the server was stopped, the client went away). */
export async function discardStaleUploads(db: Executor, olderThanMinutes = 60): Promise<number> {
  // 0: every staged part (a part staged this very moment has created_at = now() on a coarse clock).
  const q = db.deleteFrom('evidence_uploads');
  const r = await (
    olderThanMinutes > 0
      ? q.where('created_at', '<', sql<Date>`now() - make_interval(mins => ${olderThanMinutes})`)
      : q
  ).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * At server start: drops what uploads cut off by a stop or a SIGKILL left behind. `alone`: this process
 * is the database's only server (PGlite, whose data folder is locked), so every staged part is stale;
 * on PostgreSQL other servers may be receiving uploads, so only parts older than an hour go. With a
 * folder, its temp files and content files no row names go too.
 */
export async function cleanEvidenceAtStart(
  db: Executor,
  folder: string | undefined,
  alone: boolean,
): Promise<{ staged: number; temps: number; orphans: number }> {
  const staged = await discardStaleUploads(db, alone ? 0 : 60);
  if (!folder) return { staged, temps: 0, orphans: 0 };
  const files = await cleanEvidenceFolder(folder, async (sha256s) => {
    const rows = await db
      .selectFrom('evidence_blobs')
      .select('sha256')
      .where('stored', '=', 'folder')
      .where('sha256', 'in', sha256s)
      .execute();
    return new Set(rows.map((r) => r.sha256));
  });
  return { staged, ...files };
}

export interface NewEvidence {
  datasetId: number;
  kind: EvidenceKind;
  ref: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** Where the content is: staged in evidence_uploads under uploadId, or in place in the folder. */
  stored: ContentStorage;
  uploadId: string;
  parts: number;
  /** The dataset-year quota, checked again inside the transaction. */
  yearBytes: number;
  /** What the file is attached to, in words (for the audit record). */
  attachedTo: string;
  who: { id: number | null; name: string };
  /** The dataset's version, for the audit record. */
  version: number;
}

export type CommitResult =
  | { status: 'stored'; row: EvidenceRow }
  | { status: 'duplicate'; existing: EvidenceRow }
  | { status: 'quota'; used: number };

/**
 * Accepts a fully staged upload: in one transaction, refuses a duplicate (same content on the same
 * indicator, project, target or item) and a full quota, stores the content unless it is stored already,
 * writes the metadata and its audit record, and drops the staged parts. Staged parts of a refused
 * upload are dropped as well.
 */
export async function commitUpload(db: Executor, e: NewEvidence): Promise<CommitResult> {
  const result = await db.transaction().execute(async (tx): Promise<CommitResult> => {
    const dup = await tx
      .selectFrom('evidence')
      .select(COLUMNS)
      .where('dataset_id', '=', e.datasetId)
      .where('kind', '=', e.kind)
      .where('ref', '=', e.ref)
      .where('sha256', '=', e.sha256)
      .executeTakeFirst();
    if (dup) return { status: 'duplicate', existing: toRow(dup) };
    const used = await evidenceBytes(tx, e.datasetId);
    if (used + e.size > e.yearBytes) return { status: 'quota', used };
    const inserted = await tx
      .insertInto('evidence_blobs')
      .values({ sha256: e.sha256, size: e.size, parts: e.parts, stored: e.stored })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('sha256')
      .executeTakeFirst();
    if (inserted && e.stored === 'database')
      await sql`INSERT INTO evidence_blob_parts (sha256, part, bytes)
        SELECT ${e.sha256}, part, bytes FROM evidence_uploads WHERE upload_id = ${e.uploadId}`.execute(tx);
    const row = await tx
      .insertInto('evidence')
      .values({
        dataset_id: e.datasetId,
        kind: e.kind,
        ref: e.ref,
        file_name: e.fileName,
        media_type: e.mediaType,
        size: e.size,
        sha256: e.sha256,
        uploaded_by: e.who.id,
        uploaded_by_name: e.who.name,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await insertAudit(tx, e.datasetId, e.who, e.version, '上传佐证材料', [
      { path: 'evidence', oldValue: undefined, newValue: auditValue(toRow(row), e.attachedTo) },
    ]);
    if (e.stored === 'database') await discardUpload(tx, e.uploadId);
    return { status: 'stored', row: toRow(row) };
  });
  if (result.status !== 'stored' && e.stored === 'database') await discardUpload(db, e.uploadId);
  return result;
}

/** The audit record's value: what people read in 修改记录 (no codes). */
const auditValue = (r: EvidenceRow, attachedTo: string) =>
  `${EVIDENCE_KIND_LABELS[r.kind]}“${attachedTo}”：${r.fileName}（${sizeText(r.size)}，SHA-256 ${r.sha256}）`;

/**
 * Deletes a file's metadata (audited), and its content when no other row uses it; one transaction.
 * Content in the folder is removed after the commit (a SIGKILL in between leaves a file no row names,
 * removed at the next start), under the folder's lock.
 */
export async function deleteEvidence(
  db: Executor,
  row: EvidenceRow,
  attachedTo: string,
  who: { id: number | null; name: string },
  version: number,
  folder?: string,
): Promise<void> {
  const remove = () =>
    db.transaction().execute(async (tx) => {
      await tx.deleteFrom('evidence').where('id', '=', row.id).execute();
      const { rows } = await sql<{ stored: ContentStorage }>`DELETE FROM evidence_blobs b
        WHERE b.sha256 = ${row.sha256}
        AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.sha256 = b.sha256) RETURNING stored`.execute(tx);
      await insertAudit(tx, row.datasetId, who, version, '删除佐证材料', [
        { path: 'evidence', oldValue: auditValue(row, attachedTo), newValue: undefined },
      ]);
      return rows[0]?.stored;
    });
  if (!folder) {
    await remove();
    return;
  }
  await withFolderLock(async () => {
    if ((await remove()) === 'folder') await rm(contentPath(folder, row.sha256), { force: true });
  });
}

/** One stored part of a file's content in the database, or undefined past its end (or when deleted). */
export async function readPart(db: Executor, sha256: string, part: number): Promise<Uint8Array | undefined> {
  const { rows } = await sql<{ b: string }>`SELECT encode(bytes, 'base64') AS b FROM evidence_blob_parts
    WHERE sha256 = ${sha256} AND part = ${part}`.execute(db);
  return rows[0] && Buffer.from(rows[0].b, 'base64');
}

/** Where a content is stored and in how many database parts; undefined when there is no such content. */
export async function blobOf(
  db: Executor,
  sha256: string,
): Promise<{ parts: number; stored: ContentStorage } | undefined> {
  return db
    .selectFrom('evidence_blobs')
    .select(['parts', 'stored'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

/**
 * A stored content, part by part (at most EVIDENCE_PART_BYTES each, fresh buffers), from wherever its
 * row says it is. Throws (in Chinese) when it is missing.
 */
export async function* contentParts(
  db: Executor,
  folder: string | undefined,
  sha256: string,
): AsyncGenerator<Uint8Array> {
  const blob = await blobOf(db, sha256);
  if (!blob) throw new Error(`佐证材料内容缺失（${sha256}）`);
  if (blob.stored === 'folder') {
    if (!folder) throw new Error(`佐证材料内容存放在数据目录中，本服务未使用数据目录（${sha256}）`);
    for await (const bytes of fileParts(folder, sha256, EVIDENCE_PART_BYTES)) {
      streamed(bytes.length);
      yield bytes;
    }
    return;
  }
  for (let part = 0; part < blob.parts; part++) {
    const bytes = await readPart(db, sha256, part);
    if (!bytes) throw new Error(`佐证材料内容缺失（${sha256} 第 ${part + 1} 段）`);
    streamed(bytes.length, true);
    yield bytes;
  }
}

/** A file's content as a stream, one part per read. */
export function contentStream(
  db: Executor,
  folder: string | undefined,
  sha256: string,
): ReadableStream<Uint8Array> {
  const it = contentParts(db, folder, sha256);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const r = await it.next();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}

/** A file's whole content (tests). */
export async function readContent(db: Executor, sha256: string, folder?: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of contentParts(db, folder, sha256)) parts.push(p);
  return Buffer.concat(parts);
}
