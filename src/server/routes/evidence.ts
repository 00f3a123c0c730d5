/**
 * 佐证材料 routes: upload (the raw file as the body, streamed: counted, hashed and written part by part —
 * into the data folder's evidence/ when the server has one, else staged in the database — stopped at
 * the limit), list with the 缺少佐证材料 findings, download (streamed part by part), delete
 * (audited), and 下载送审材料 (the bundle .zip). The department's 填报人 write; 复核人 and 管理员 read
 * (管理员 may also write, as everywhere).
 */
import { createHash, randomUUID } from 'node:crypto';
import { buildWorkbook } from '../../adapters/xlsx/workbook.ts';
import { frameworkFieldsOf } from '../../core/dataset/sections.ts';
import {
  attachmentName,
  checkContent,
  checkFileName,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  EVIDENCE_TYPES,
  evidenceLimitsFrom,
  evidenceRequired,
  HEAD_BYTES,
  missingEvidenceMessage,
  missingOf,
  MISSING_EVIDENCE_TITLE,
  sizeText,
  TAIL_BYTES,
  typeOfExtension,
  type EvidenceKind,
  type EvidenceLimits,
} from '../../core/evidence/index.ts';
import type { Framework } from '../../core/framework/schema.ts';
import { rm } from 'node:fs/promises';
import { contentPath, FolderUpload, streamed, withFolderLock } from '../../storage/evidence-files.ts';
import {
  blobOf,
  commitUpload,
  contentStream,
  deleteEvidence,
  discardStaleUploads,
  discardUpload,
  EVIDENCE_PART_BYTES,
  evidenceBytes,
  getEvidence,
  listEvidence,
  stageUploadPart,
  type CommitResult,
  type EvidenceRow,
} from '../../storage/evidence.ts';
import { getDatasetHead, type DatasetHead, type Executor, type UserRow } from '../../storage/repo.ts';
import { bundleStream } from '../evidence-bundle.ts';
import { getSubmission } from '../../storage/submissions.ts';
import { isFrozen } from '../../core/submission/states.ts';
import { renderReport, renderReportPdf } from '../extras.ts';
import { HttpError, NOT_FOUND, type C, type RouteModule } from '../kit.ts';
import { evaluate } from '../service.ts';

/** A stored file as the API sends it. */
export type EvidenceView = EvidenceRow & {
  kindLabel: string;
  /** What it is attached to, in words (the indicator's, project's or target's name). */
  attachedTo: string;
};

/** A required indicator with no file: a finding. */
export interface EvidenceFinding {
  title: string;
  message: string;
  code: string;
  name: string;
}

/** GET /api/datasets/:datasetId/evidence */
export interface EvidenceListResponse {
  evidence: EvidenceView[];
  /** Level-3 indicator codes whose framework row requires evidence. */
  required: string[];
  findings: EvidenceFinding[];
  limits: EvidenceLimits & { usedBytes: number; accept: string[] };
}

/** POST /api/datasets/:datasetId/evidence */
export interface EvidenceUploadResponse {
  evidence: EvidenceView;
}

/** Types told by a zip's directory (at the end of the file), so not checked on the first part. */
const ZIP_TYPES = new Set(['docx', 'xlsx', 'ofd']);

/** Settings read per request, so an operator's change applies without a code change (see README). */
const limits = () => evidenceLimitsFrom(process.env);

export const register: RouteModule = (kit) => {
  const { db, route, frameworks } = kit;
  /** DATA_DIR/evidence when the server keeps content in a folder (PGlite in a data folder). */
  const folder = kit.evidenceDir;

  const frameworkOf = (head: DatasetHead): Framework => {
    const fw = frameworks.get(head.frameworkId);
    if (!fw) throw new HttpError(422, 'no_framework', `没有指标体系框架“${head.frameworkId}”`);
    return fw;
  };

  /** The evidence row of `:evidenceId` with its dataset, if the user may read (or write) it. */
  async function evidenceFor(c: C, u: UserRow, mode: 'read' | 'write') {
    const row = await getEvidence(db, kit.intParam(c, 'evidenceId'));
    const head = row && (await getDatasetHead(db, row.datasetId));
    if (!row || !head || !kit.canRead(u, head.departmentId)) throw NOT_FOUND();
    if (mode === 'write' && !kit.canWrite(u, head.departmentId))
      throw new HttpError(403, 'forbidden', '您只能查看佐证材料，不能修改');
    return { row, head };
  }

  const view = (r: EvidenceRow, data: unknown, fw: Framework): EvidenceView => ({
    ...r,
    kindLabel: EVIDENCE_KIND_LABELS[r.kind],
    attachedTo:
      attachmentName(r.kind, r.ref, data as never, fw) ?? `${EVIDENCE_KIND_LABELS[r.kind]}（已删除）`,
  });

  route(
    'get',
    '/api/datasets/:datasetId/evidence',
    { summary: '佐证材料列表，及按框架须附而缺少的（缺少佐证材料）', access: 'dataset' },
    async (c, u) => {
      const row = await kit.full(await kit.datasetFor(c, u, 'read'));
      const fw = frameworkOf(row);
      const items = await listEvidence(db, row.id);
      const required = evidenceRequired(fw);
      const counts = new Map<string, number>();
      for (const e of items) if (e.kind === 'indicator') counts.set(e.ref, (counts.get(e.ref) ?? 0) + 1);
      const lim = limits();
      return c.json({
        evidence: items.map((e) => view(e, row.data, fw)),
        required: required.map((r) => r.code),
        findings: missingOf(required, counts).map((m) => ({
          title: MISSING_EVIDENCE_TITLE,
          message: missingEvidenceMessage(m.name),
          ...m,
        })),
        limits: {
          ...lim,
          usedBytes: items.reduce((s, e) => s + e.size, 0),
          accept: Object.values(EVIDENCE_TYPES).flatMap((t) => t.ext.map((x) => `.${x}`)),
        },
      } satisfies EvidenceListResponse);
    },
  );

  route(
    'post',
    '/api/datasets/:datasetId/evidence',
    {
      summary:
        '上传佐证材料：请求体为文件本身（流式读取，边读边计数与计算 SHA-256，超过上限即停止），查询参数 kind（indicator/project/target/rectification）、ref（指标编号或条目编号）、name（文件名）；按内容识别文件类型',
      access: 'dataset',
      upload: true,
    },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'write');
      const row = await kit.full(head);
      const fw = frameworkOf(head);
      const kind = c.req.query('kind') ?? '';
      const ref = c.req.query('ref') ?? '';
      if (!(EVIDENCE_KINDS as readonly string[]).includes(kind))
        throw new HttpError(
          400,
          'bad_kind',
          '请指明佐证材料所附的对象（三级指标、项目、绩效目标或整改事项）',
        );
      const attached = attachmentName(kind as EvidenceKind, ref, row.data as never, fw);
      if (!attached)
        throw new HttpError(
          404,
          'no_target',
          `本年度数据中没有这个${EVIDENCE_KIND_LABELS[kind as EvidenceKind]}，无法附佐证材料`,
        );
      const name = checkFileName(c.req.query('name') ?? '');
      if (!name.ok) throw new HttpError(400, 'bad_name', name.message);
      const lim = limits();
      const used = await evidenceBytes(db, head.id);
      const room = lim.yearBytes - used;
      if (room <= 0) throw quotaError(lim, used);
      const declared = Number(c.req.header('content-length') ?? NaN);
      if (declared > lim.fileBytes)
        throw new HttpError(
          413,
          'too_large',
          `“${name.name}”超过单个文件的上限 ${sizeText(lim.fileBytes)}，未保存`,
        );
      if (declared > room) throw quotaError(lim, used);
      const body = c.req.raw.body;
      if (!body) throw new HttpError(400, 'empty_file', `“${name.name}”是空文件，未保存`);

      await discardStaleUploads(db);
      const uploadId = randomUUID();
      // Where the parts go as they arrive: the folder's temp file, or staged rows in the database.
      const file = folder ? await FolderUpload.start(folder) : undefined;
      const store = (part: Uint8Array, n: number) =>
        file ? file.write(part) : stageUploadPart(db, uploadId, n, part);
      const hash = createHash('sha256');
      let size = 0;
      let parts = 0;
      let head0: Uint8Array | null = null;
      // Parts are assembled in two buffers used in turn (no new buffer per part: a part kept alive
      // across collections would reach V8's old generation and stay until a full collection, so memory
      // grew with the file); the other buffer holds the previous part, for the file's tail (zip detection).
      const buffers = [Buffer.allocUnsafe(EVIDENCE_PART_BYTES), Buffer.allocUnsafe(EVIDENCE_PART_BYTES)];
      let current = 0;
      let pendingBytes = 0;
      let previousBytes = 0;
      const reader = body.getReader();
      const flush = async () => {
        if (!pendingBytes) return;
        const part = buffers[current]!.subarray(0, pendingBytes);
        if (!head0) {
          head0 = Buffer.from(part.subarray(0, HEAD_BYTES));
          // Refuse a file that is plainly not what its name says before storing the rest of it
          // (zip-based types are told by their directory, at the end).
          const early = checkContent(name.name, name.ext, head0, head0);
          if (!early.ok && !ZIP_TYPES.has(typeOfExtension(name.ext)!))
            throw new HttpError(415, 'bad_type', early.message);
        }
        // Written (or staged) before the buffer is filled again: the store does not keep it.
        await store(part, parts++);
        previousBytes = pendingBytes;
        pendingBytes = 0;
        current = 1 - current;
      };
      /** The file's last TAIL_BYTES: the end of the previous part and the last part. */
      const tail = () => {
        const last = buffers[1 - current]!.subarray(0, previousBytes);
        const before = parts > 1 ? buffers[current]!.subarray(0, EVIDENCE_PART_BYTES) : Buffer.alloc(0);
        const both = Buffer.concat([before, last]);
        return both.subarray(Math.max(0, both.length - TAIL_BYTES));
      };
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.length;
          if (size > lim.fileBytes)
            throw new HttpError(
              413,
              'too_large',
              `“${name.name}”超过单个文件的上限 ${sizeText(lim.fileBytes)}，未保存`,
            );
          if (size > room) throw quotaError(lim, used);
          hash.update(value);
          streamed(value.length, !file);
          let chunk = value;
          while (chunk.length) {
            const take = Math.min(chunk.length, EVIDENCE_PART_BYTES - pendingBytes);
            buffers[current]!.set(chunk.subarray(0, take), pendingBytes);
            pendingBytes += take;
            chunk = chunk.subarray(take);
            if (pendingBytes === EVIDENCE_PART_BYTES) await flush();
          }
        }
        await flush();
        if (size === 0) throw new HttpError(400, 'empty_file', `“${name.name}”是空文件，未保存`);
        const typed = checkContent(name.name, name.ext, head0!, tail());
        if (!typed.ok) throw new HttpError(415, 'bad_type', typed.message);
        const sha256 = hash.digest('hex');
        const commit = () =>
          commitUpload(db, {
            datasetId: head.id,
            kind: kind as EvidenceKind,
            ref,
            fileName: name.name,
            mediaType: typed.media,
            size,
            sha256,
            stored: file ? 'folder' : 'database',
            uploadId,
            parts,
            yearBytes: lim.yearBytes,
            attachedTo: attached,
            who: kit.actor(u),
            version: head.version,
          });
        const r = file ? await commitFromFolder(db, file, sha256, commit) : await commit();
        if (r.status === 'duplicate')
          throw new HttpError(
            409,
            'duplicate',
            `该${EVIDENCE_KIND_LABELS[r.existing.kind]}已有内容相同的文件“${r.existing.fileName}”（${r.existing.uploadedByName} 上传），未重复保存`,
            { existing: r.existing.id },
          );
        if (r.status === 'quota') throw quotaError(lim, r.used);
        await kit.afterImportantWrite();
        return c.json({ evidence: view(r.row, row.data, fw) } satisfies EvidenceUploadResponse, 201);
      } catch (e) {
        await reader.cancel().catch(() => {});
        if (file) await file.abort();
        else await discardUpload(db, uploadId).catch(() => {});
        throw e;
      }
    },
  );

  route(
    'get',
    '/api/evidence/:evidenceId',
    { summary: '下载一份佐证材料（流式；X-Content-SHA256 为其 SHA-256）', access: 'dataset' },
    async (c, u) => {
      const { row } = await evidenceFor(c, u, 'read');
      if (!(await blobOf(db, row.sha256))) throw NOT_FOUND();
      const ascii = row.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      return c.body(contentStream(db, folder, row.sha256), 200, {
        'Content-Type': row.mediaType,
        'Content-Length': String(row.size),
        'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.fileName)}`,
        'X-Content-SHA256': row.sha256,
        'Cache-Control': 'no-store',
      });
    },
  );

  route(
    'post',
    '/api/evidence/:evidenceId/delete',
    { summary: '删除一份佐证材料（记入审计）', access: 'dataset', body: '{}' },
    async (c, u) => {
      const { row, head } = await evidenceFor(c, u, 'write');
      const full = await kit.full(head);
      const attachedTo = view(row, full.data, frameworkOf(head)).attachedTo;
      await deleteEvidence(db, row, attachedTo, kit.actor(u), head.version, folder);
      await kit.afterImportantWrite();
      return c.json({ ok: true });
    },
  );

  route(
    'get',
    '/api/datasets/:datasetId/bundle.zip',
    {
      summary:
        '下载送审材料（.zip：自评报告 .docx 与 PDF、填报工作簿、佐证材料、含各文件 SHA-256 的 manifest.json）',
      access: 'dataset',
    },
    async (c, u) => {
      const row = await kit.full(await kit.datasetFor(c, u, 'read'));
      const ev = evaluate(frameworks, row.data, row.frameworkId);
      if (!ev.ok)
        throw new HttpError(422, 'invalid', '数据尚未填报完整或有误，无法生成送审材料', {
          errors: ev.errors,
        });
      const title = `${row.departmentName}${row.year}年度部门整体支出绩效自评报告`;
      // While submitted, under review or passed, the report is the one sent at 送审, byte for byte (the
      // data cannot change meanwhile, so the PDF and workbook below show the same version).
      const submission = await getSubmission(db, row.id);
      const docx =
        isFrozen(submission.state) && submission.reportDocx
          ? submission.reportDocx
          : await renderReport(ev.dataset, ev.framework, ev.result);
      // ?pdf=0 leaves the PDF out (a LibreOffice conversion takes seconds); the manifest says so.
      const pdf =
        c.req.query('pdf') === '0'
          ? { ok: false as const, message: '按请求未包含 PDF' }
          : await renderReportPdf(ev.dataset, ev.framework, ev.result, {
              jobs: kit.pdfJobs,
              user: String(u.id),
            });
      const workbook = await buildWorkbook(row.data, {
        department: row.departmentName,
        year: row.year,
        dataset: row.id,
        version: row.version,
        frameworkFields: frameworkFieldsOf(frameworks.get(row.frameworkId)),
      });
      const fw = frameworkOf(row);
      const items = await listEvidence(db, row.id);
      const stream = bundleStream(db, folder, {
        reportDocx: { name: `${title}.docx`, bytes: docx },
        reportPdf: pdf.ok
          ? { name: `${title}.pdf`, bytes: pdf.bytes }
          : { note: `未包含 PDF：${pdf.message}` },
        workbook: { name: `${row.departmentName}-${row.year}-填报表.xlsx`, bytes: workbook },
        evidence: items.map((e) => ({ row: e, folder: view(e, row.data, fw).attachedTo })),
        about: {
          department: row.departmentName,
          year: row.year,
          version: row.version,
          framework: fw.name,
        },
      });
      const fileName = `${row.departmentName}${row.year}年度送审材料.zip`;
      const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
      return c.body(stream, 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        'Cache-Control': 'no-store',
      });
    },
  );
};

/**
 * The folder's part of accepting an upload: the finished temp file is made durable and moved to its
 * SHA-256 name before the transaction that names it, all under the folder's lock; a file this upload
 * placed is removed again when the transaction refused it or failed (a duplicate, the quota), unless a
 * row names that content now.
 */
async function commitFromFolder(
  db: Executor,
  file: FolderUpload,
  sha256: string,
  commit: () => Promise<CommitResult>,
): Promise<CommitResult> {
  await file.finish();
  return withFolderLock(async () => {
    const placed = await file.place(sha256);
    const undo = async () => {
      if (placed && (await blobOf(db, sha256))?.stored !== 'folder')
        await rm(contentPath(file.folder, sha256), { force: true });
    };
    try {
      const r = await commit();
      if (r.status !== 'stored') await undo();
      return r;
    } catch (e) {
      await undo().catch(() => {});
      throw e;
    }
  });
}

function quotaError(lim: EvidenceLimits, used: number) {
  return new HttpError(
    413,
    'quota',
    `本部门本年度佐证材料已用 ${sizeText(used)}，再上传将超过上限 ${sizeText(lim.yearBytes)}，未保存。请删除不需要的文件后再试`,
  );
}
