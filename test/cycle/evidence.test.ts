/**
 * 佐证材料 through the HTTP API on PGlite (content in the database, and content in a data folder's
 * evidence/, as `jixiao serve` runs it) and PostgreSQL: upload → list → download round trip (bytes and
 * SHA-256), bad input refused with a Chinese message and nothing stored (oversized, a renamed
 * executable, an empty file, a path in the name, a duplicate), the department-year quota, missing
 * evidence as a finding (a test framework marks two indicators `evidence: required`), access, delete,
 * the bundle .zip with every manifest hash checked, backup → restore keeping the files, and the
 * start-up cleaning of what cut-off uploads leave.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { sql } from 'kysely';
import {
  BackupError,
  backupEvidenceDir,
  dumpDatabase,
  loadBackup,
  restoreBackup,
  writeBackup,
  type Backup,
} from '../../src/storage/backup.ts';
import { openStore, type Store } from '../../src/storage/db.ts';
import {
  cleanEvidenceAtStart,
  missingEvidence,
  readContent,
  stageUploadPart,
} from '../../src/storage/evidence.ts';
import { contentPath } from '../../src/storage/evidence-files.ts';
import { listAudit } from '../../src/storage/repo.ts';
import { createDataset } from '../../src/server/service.ts';
import type { EvidenceListResponse, EvidenceView } from '../../src/server/routes/evidence.ts';
import { fieldPathLabel } from '../../src/core/labels.ts';
import { ROOT } from '../helpers.ts';
import { apiFixture } from '../server/fixture.ts';
import { BACKENDS, pgliteTemplate, stopPostgres } from '../storage/db-helpers.ts';

type Fixture = Awaited<ReturnType<typeof apiFixture>>;
const CJK = /[\u4e00-\u9fff]/;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const pdf = (n = 3000) =>
  Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(n), Buffer.from('\n%%EOF\n')]);
const png = (n = 2000) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(n)]);
const docx = () =>
  zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'word/document.xml': strToU8(`<w:document>${randomBytes(8).toString('hex')}</w:document>`),
  });
const ofd = () => zipSync({ 'OFD.xml': strToU8('<ofd:OFD/>'), 'Doc_0/Document.xml': strToU8('<d/>') });
const elf = () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(4000)]);
const pe = () => Buffer.concat([Buffer.from('MZ'), randomBytes(4000)]);

const scratch = mkdtempSync(join(tmpdir(), 'jixiao-evidence-'));
after(() => {
  stopPostgres();
  rmSync(scratch, { recursive: true, force: true });
});

/** PGlite in a data folder, as `jixiao serve` runs it: content goes to DATA_DIR/evidence. */
const inFolder = async (): Promise<Store> =>
  openStore({ dataDir: mkdtempSync(join(scratch, 'data-')), loadDataDir: await pgliteTemplate() });

const STORES = [
  ...BACKENDS,
  { name: 'PGlite with a data folder (content in DATA_DIR/evidence)', open: inFolder },
];

/** Every file under a folder (relative paths), temp files included. */
function filesUnder(dir: string | undefined): string[] {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

/** Sets environment settings for the duration of fn. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const old = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(old))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

for (const backend of STORES) {
  describe(`evidence on ${backend.name}`, () => {
    let f: Fixture;
    let folder: string | undefined;
    let filler: string;
    let reviewer: string;
    let fillerB: string;
    let altDataset: number;

    const counts = async () => {
      const one = async (t: string) =>
        Number(
          (await sql<{ n: string | number }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(f.store.db))
            .rows[0]!.n,
        );
      return {
        evidence: await one('evidence'),
        blobs: await one('evidence_blobs'),
        parts: await one('evidence_blob_parts'),
        staged: await one('evidence_uploads'),
        files: filesUnder(folder).length,
      };
    };

    const upload = async (
      dataset: number,
      ref: string,
      name: string,
      bytes: Uint8Array | ReadableStream<Uint8Array>,
      cookie = filler,
      kind = 'indicator',
    ) => {
      const q = new URLSearchParams({ kind, ref, name });
      const res = await f.app.request(`/api/datasets/${dataset}/evidence?${q}`, {
        method: 'POST',
        headers: { origin: 'http://localhost', cookie, 'content-type': 'application/octet-stream' },
        body: bytes,
        ...(bytes instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      const json = (await res.json()) as { evidence?: EvidenceView; message?: string; code?: string };
      return { status: res.status, json };
    };

    const list = async (dataset: number, cookie = filler) => {
      const r = await f.req('GET', `/api/datasets/${dataset}/evidence`, { cookie });
      assert.equal(r.status, 200, r.text);
      return r.json as unknown as EvidenceListResponse;
    };

    /** A refusal: the status, a Chinese message, and nothing stored. */
    const refused = async (p: Promise<{ status: number; json: { message?: string } }>, status: number) => {
      const before = await counts();
      const r = await p;
      assert.equal(r.status, status, JSON.stringify(r.json));
      assert.match(r.json.message ?? '', CJK);
      const afterCounts = await counts();
      assert.deepEqual({ ...afterCounts, staged: 0 }, { ...before, staged: 0 }, 'nothing stored');
      assert.equal(afterCounts.staged, 0, 'no staged parts left');
      return r.json.message!;
    };

    before(async () => {
      const store = await backend.open();
      folder = store.evidenceDir;
      f = await apiFixture(store, { evidenceDir: folder });
      filler = await f.login('filler-a');
      reviewer = await f.login('reviewer');
      fillerB = await f.login('filler-b');
      const text = readFileSync(join(ROOT, 'test/fixtures/frameworks/alt-2024.yaml'), 'utf8');
      const up = await f.frameworks.upload(f.store.db, text);
      assert.ok(up.ok);
      const r = await createDataset(
        f.store.db,
        f.frameworks,
        { id: f.users.admin.id, name: '系统' },
        f.deptA,
        2024,
        { ...f.seed, framework: 'test-alt-2024' },
        'test-alt-2024',
      );
      assert.equal(r.status, 'created');
      altDataset = (r as { id: number }).id;
    });
    after(async () => {
      await f.store.close();
    });

    test('upload, list, download: the same bytes and SHA-256, Chinese name, content type', async () => {
      const bytes = pdf(50_000);
      const r = await upload(f.datasetA, 'budget-rationality', '预算编制依据（2023）.pdf', bytes);
      assert.equal(r.status, 201, JSON.stringify(r.json));
      const e = r.json.evidence!;
      assert.equal(e.sha256, sha(bytes));
      assert.equal(e.size, bytes.length);
      assert.equal(e.mediaType, 'application/pdf');
      assert.equal(e.fileName, '预算编制依据（2023）.pdf');
      assert.match(e.attachedTo, CJK);
      const l = await list(f.datasetA, reviewer);
      assert.deepEqual(
        l.evidence.map((x) => x.id),
        [e.id],
      );
      const res = await f.app.request(`/api/evidence/${e.id}`, { headers: { cookie: reviewer } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.equal(res.headers.get('x-content-sha256'), sha(bytes));
      assert.match(
        res.headers.get('content-disposition') ?? '',
        new RegExp(encodeURIComponent('预算编制依据')),
      );
      const back = new Uint8Array(await res.arrayBuffer());
      assert.equal(sha(back), sha(bytes));
      // Where the content is: the folder (one file under its SHA-256, no parts in the database) or the
      // database (parts, no folder).
      const blob = await sql<{ stored: string }>`SELECT stored FROM evidence_blobs
        WHERE sha256 = ${e.sha256}`.execute(f.store.db);
      const parts = await sql`SELECT 1 FROM evidence_blob_parts WHERE sha256 = ${e.sha256}`.execute(
        f.store.db,
      );
      if (folder) {
        assert.equal(blob.rows[0]!.stored, 'folder');
        assert.equal(parts.rows.length, 0);
        assert.equal(sha(readFileSync(contentPath(folder, e.sha256))), e.sha256);
        assert.deepEqual(filesUnder(folder), [relative(folder, contentPath(folder, e.sha256))]);
      } else {
        assert.equal(blob.rows[0]!.stored, 'database');
        assert.equal(parts.rows.length, 1);
      }
      const audit = (await listAudit(f.store.db, f.datasetA)).find((a) => a.action === '上传佐证材料');
      // 修改记录 shows words, not codes: the field is 佐证材料, the value names the indicator and file.
      assert.equal(fieldPathLabel(audit!.path), '佐证材料');
      assert.match(String(audit!.newValue), /^三级指标“预算编制合理性”：预算编制依据（2023）\.pdf（/);
    });

    test('a file larger than one stored part (streamed in pieces) round-trips', async () => {
      const bytes = png(2_500_000);
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += 65536) c.enqueue(bytes.subarray(i, i + 65536));
          c.close();
        },
      });
      const r = await upload(f.datasetA, 'budget-compliance', '现场照片.png', stream);
      assert.equal(r.status, 201, JSON.stringify(r.json));
      assert.equal(r.json.evidence!.sha256, sha(bytes));
      assert.equal(sha(await readContent(f.store.db, sha(bytes), folder)), sha(bytes));
      const res = await f.app.request(`/api/evidence/${r.json.evidence!.id}`, {
        headers: { cookie: filler },
      });
      assert.equal(sha(new Uint8Array(await res.arrayBuffer())), sha(bytes));
    });

    test('Word (.docx) and OFD are told by their content; a plain zip named .docx is refused', async () => {
      const d = await upload(f.datasetA, 'budget-rationality', '说明.docx', docx());
      assert.equal(d.status, 201, JSON.stringify(d.json));
      assert.match(d.json.evidence!.mediaType, /wordprocessingml/);
      const o = await upload(f.datasetA, 'budget-rationality', '电子发票.ofd', ofd());
      assert.equal(o.status, 201, JSON.stringify(o.json));
      const zip = zipSync({ 'a.txt': strToU8('hello') });
      const m = await refused(upload(f.datasetA, 'budget-rationality', '伪装.docx', zip), 415);
      assert.match(m, /压缩包/);
    });

    test('a Word file of three parts is told by its directory in the last one', async () => {
      // Stored (not compressed) random content: 2.2 MB, so the directory sits in the third 1 MB part
      // (the upload's parts are assembled in two reused buffers; the tail must be the file's end).
      const big = (extra: Record<string, Uint8Array>) =>
        zipSync({ 'media/image.bin': [randomBytes(2_200_000), { level: 0 }], ...extra } as never);
      const word = big({
        '[Content_Types].xml': strToU8('<Types/>'),
        'word/document.xml': strToU8('<w:document/>'),
      });
      const d = await upload(f.datasetA, 'budget-compliance', '大说明.docx', word);
      assert.equal(d.status, 201, JSON.stringify(d.json));
      assert.match(d.json.evidence!.mediaType, /wordprocessingml/);
      assert.equal(d.json.evidence!.sha256, sha(word));
      await refused(
        upload(f.datasetA, 'budget-compliance', '大伪装.docx', big({ 'a.txt': strToU8('x') })),
        415,
      );
    });

    test('bad input: each refused with a Chinese message, nothing stored', async () => {
      // A renamed executable (ELF, PE) named .pdf.
      assert.match(await refused(upload(f.datasetA, 'budget-rationality', 'x.pdf', elf()), 415), /不符/);
      assert.match(await refused(upload(f.datasetA, 'budget-rationality', 'setup.pdf', pe()), 415), /不符/);
      // A PNG named .pdf is not a PDF either.
      await refused(upload(f.datasetA, 'budget-rationality', '图.pdf', png()), 415);
      // An empty file.
      assert.match(
        await refused(upload(f.datasetA, 'budget-rationality', '空.pdf', new Uint8Array(0)), 400),
        /空文件/,
      );
      // A type not accepted, no name, control characters in the name.
      await refused(upload(f.datasetA, 'budget-rationality', 'run.exe', pe()), 400);
      await refused(upload(f.datasetA, 'budget-rationality', '', pdf()), 400);
      await refused(upload(f.datasetA, 'budget-rationality', 'a\u0000b.pdf', pdf()), 400);
      // A path with no accepted extension is refused; an unknown indicator or kind too.
      await refused(upload(f.datasetA, 'budget-rationality', '../../etc/passwd', pdf()), 400);
      await refused(upload(f.datasetA, 'no-such-indicator', 'a.pdf', pdf()), 404);
      await refused(upload(f.datasetA, 'budget-rationality', 'a.pdf', pdf(), filler, 'nonsense'), 400);
    });

    test('a path in the file name is dropped: the file is stored under its plain name', async () => {
      const a = await upload(f.datasetA, 'budget-compliance', '../../etc/passwd.pdf', pdf());
      assert.equal(a.status, 201, JSON.stringify(a.json));
      assert.equal(a.json.evidence!.fileName, 'passwd.pdf');
      const b = await upload(f.datasetA, 'budget-compliance', 'C:\\Users\\张三\\桌面\\会议纪要.pdf', pdf());
      assert.equal(b.status, 201, JSON.stringify(b.json));
      assert.equal(b.json.evidence!.fileName, '会议纪要.pdf');
    });

    test('oversized: stopped at the per-file limit with 413, nothing stored', async () => {
      await withEnv({ EVIDENCE_MAX_FILE_MB: '0.01' }, async () => {
        const big = pdf(20_000);
        // As a stream without a declared length: counted while read.
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            for (let i = 0; i < big.length; i += 4096) c.enqueue(big.subarray(i, i + 4096));
            c.close();
          },
        });
        assert.match(
          await refused(upload(f.datasetA, 'budget-rationality', '大文件.pdf', stream), 413),
          /上限/,
        );
        assert.match(await refused(upload(f.datasetA, 'budget-rationality', '大文件.pdf', big), 413), /上限/);
      });
    });

    test('a duplicate upload on the same indicator is refused; the same content elsewhere is stored once', async () => {
      const bytes = pdf(8000);
      const first = await upload(f.datasetA, 'extra-staff-control', '编外人员名单.pdf', bytes);
      assert.equal(first.status, 201);
      const m = await refused(upload(f.datasetA, 'extra-staff-control', '名单副本.pdf', bytes), 409);
      assert.match(m, /编外人员名单\.pdf/);
      const before = await counts();
      const other = await upload(f.datasetA, 'asset-utilization', '名单副本.pdf', bytes);
      assert.equal(other.status, 201);
      const afterCounts = await counts();
      assert.equal(afterCounts.evidence, before.evidence + 1);
      assert.equal(afterCounts.blobs, before.blobs, 'content stored once');
    });

    test('the department-year quota: an upload that would pass it is refused, nothing stored', async () => {
      const used = (await list(f.datasetA)).limits.usedBytes;
      await withEnv({ EVIDENCE_MAX_YEAR_MB: String((used + 10_000) / 1048576) }, async () => {
        assert.equal((await upload(f.datasetA, 'extra-staff-control', '一.pdf', pdf(4000))).status, 201);
        const m = await refused(upload(f.datasetA, 'extra-staff-control', '二.pdf', pdf(8000)), 413);
        assert.match(m, /本年度/);
      });
    });

    test('access: a reviewer reads but cannot upload or delete; another department sees nothing', async () => {
      const l = await list(f.datasetA, reviewer);
      const id = l.evidence[0]!.id;
      await refused(upload(f.datasetA, 'extra-staff-control', 'r.pdf', pdf(), reviewer), 403);
      assert.equal(
        (await f.req('POST', `/api/evidence/${id}/delete`, { cookie: reviewer, body: {} })).status,
        403,
      );
      assert.equal((await f.req('GET', `/api/evidence/${id}`, { cookie: fillerB })).status, 404);
      assert.equal(
        (await f.req('GET', `/api/datasets/${f.datasetA}/evidence`, { cookie: fillerB })).status,
        404,
      );
      assert.equal(
        (await f.req('POST', `/api/evidence/${id}/delete`, { cookie: fillerB, body: {} })).status,
        404,
      );
    });

    test('missing evidence is a finding (缺少佐证材料) until a file is attached', async () => {
      const fw = f.frameworks.get('test-alt-2024')!;
      const l0 = await list(altDataset);
      assert.deepEqual(l0.required, ['exec-rate', 'procurement']);
      assert.deepEqual(
        l0.findings.map((x) => [x.title, x.name]),
        [
          ['缺少佐证材料', '全年预算执行率'],
          ['缺少佐证材料', '政府采购'],
        ],
      );
      assert.equal((await missingEvidence(f.store.db, altDataset, fw)).length, 2);
      assert.equal((await upload(altDataset, 'exec-rate', '执行情况表.xlsx', xlsxBytes())).status, 201);
      assert.deepEqual(
        (await missingEvidence(f.store.db, altDataset, fw)).map((m) => m.code),
        ['procurement'],
      );
      assert.deepEqual(
        (await list(altDataset)).findings.map((x) => x.code),
        ['procurement'],
      );
      // futian-2023 requires none.
      assert.deepEqual((await list(f.datasetA)).findings, []);
    });

    test('delete: audited, the content goes when nothing else uses it', async () => {
      const bytes = pdf(5000);
      const r = await upload(f.datasetA, 'procurement', '采购合同.pdf', bytes);
      assert.equal(r.status, 201);
      const del = await f.req('POST', `/api/evidence/${r.json.evidence!.id}/delete`, {
        cookie: filler,
        body: {},
      });
      assert.equal(del.status, 200, del.text);
      assert.equal(
        (await f.req('GET', `/api/evidence/${r.json.evidence!.id}`, { cookie: filler })).status,
        404,
      );
      const blob = await sql`SELECT 1 FROM evidence_blobs WHERE sha256 = ${sha(bytes)}`.execute(f.store.db);
      assert.equal(blob.rows.length, 0);
      if (folder) assert.ok(!existsSync(contentPath(folder, sha(bytes))), 'the file is gone');
      assert.ok((await listAudit(f.store.db, f.datasetA)).some((a) => a.action === '删除佐证材料'));
    });

    test('下载送审材料: the bundle holds report, workbook, every file, and a manifest whose hashes match', async () => {
      // PDF on one backend only (a LibreOffice conversion takes seconds); the other notes its absence.
      const withPdf = backend.name === 'PGlite';
      const res = await f.app.request(`/api/datasets/${f.datasetA}/bundle.zip${withPdf ? '' : '?pdf=0'}`, {
        headers: { cookie: reviewer },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/zip');
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
        entries: { path: string; size: number; sha256: string }[];
        notes: string[];
      };
      const names = Object.keys(files).filter((n) => n !== 'manifest.json');
      assert.deepEqual(manifest.entries.map((e) => e.path).sort(), names.sort());
      for (const e of manifest.entries) {
        assert.equal(files[e.path]!.length, e.size, e.path);
        assert.equal(sha(files[e.path]!), e.sha256, e.path);
      }
      assert.ok(names.some((n) => n.endsWith('自评报告.docx')));
      assert.ok(names.some((n) => n.endsWith('填报表.xlsx')));
      const hasPdf = names.some((n) => n.endsWith('.pdf') && !n.startsWith('佐证材料/'));
      if (!withPdf) assert.ok(!hasPdf && manifest.notes.some((n) => n.includes('PDF')));
      else assert.ok(hasPdf || manifest.notes.some((n) => n.includes('PDF')));
      const evidence = (await list(f.datasetA)).evidence;
      const inZip = names.filter((n) => n.startsWith('佐证材料/'));
      assert.equal(inZip.length, evidence.length);
      assert.ok(inZip.includes('佐证材料/预算编制合理性/预算编制依据（2023）.pdf'), inZip.join('、'));
      // Each evidence file in the zip is the stored one.
      const stored = new Set(evidence.map((e) => e.sha256));
      for (const n of inZip) assert.ok(stored.has(sha(files[n]!)), n);
    });

    test('backup → restore keeps every file and its bytes', async () => {
      if (folder) return folderBackup();
      const dump = JSON.parse(JSON.stringify(await dumpDatabase(f.store.db))) as Backup;
      const target = await backend.open();
      try {
        await loadBackup(target.db, dump);
        const a = await sql<{
          id: number;
          sha256: string;
        }>`SELECT id, sha256 FROM evidence ORDER BY id`.execute(f.store.db);
        const b = await sql<{
          id: number;
          sha256: string;
        }>`SELECT id, sha256 FROM evidence ORDER BY id`.execute(target.db);
        assert.ok(a.rows.length > 3);
        assert.deepEqual(b.rows, a.rows);
        for (const r of b.rows) assert.equal(sha(await readContent(target.db, r.sha256)), r.sha256);
      } finally {
        await target.close();
      }
    });

    /**
     * The folder's backup, as the server writes it: the JSON names the content, the .evidence folder
     * beside it holds the files (links), and restore into a new data folder brings every file back.
     */
    async function folderBackup() {
      const backups = join(scratch, `backups-${Date.now()}`);
      const file = await writeBackup(f.store.db, backups, 20, folder);
      const json = JSON.parse(readFileSync(file, 'utf8')) as Backup;
      assert.equal(json.tables.evidence_blob_parts.length, 0, 'no content in the JSON');
      const shas = json.tables.evidence_blobs.map((b) => String(b.sha256)).sort();
      assert.ok(shas.length > 3);
      assert.deepEqual(readdirSync(backupEvidenceDir(file)).sort(), shas);
      const target = join(scratch, `restored-${Date.now()}`);
      await restoreBackup(file, target);
      const restored = await openStore({ dataDir: target });
      try {
        const rows = await sql<{ sha256: string }>`SELECT sha256 FROM evidence ORDER BY id`.execute(
          restored.db,
        );
        assert.ok(rows.rows.length > 3);
        for (const r of rows.rows)
          assert.equal(sha(await readContent(restored.db, r.sha256, restored.evidenceDir)), r.sha256);
      } finally {
        await restored.close();
      }
      // A file missing from the .evidence folder: refused in Chinese, the target folder left empty.
      rmSync(join(backupEvidenceDir(file), shas[0]!));
      const other = join(scratch, `restored-bad-${Date.now()}`);
      await assert.rejects(restoreBackup(file, other), (e: Error) => {
        assert.ok(e instanceof BackupError);
        assert.match(e.message, /佐证材料文件不全/);
        return true;
      });
      assert.ok(!existsSync(other) || readdirSync(other).length === 0);
    }

    test('at start: staged parts, temp files and files no row names are removed; stored content stays', async () => {
      const before = await counts();
      await stageUploadPart(f.store.db, 'cut-off-upload', 0, pdf(100));
      const stray: string[] = [];
      if (folder) {
        const temp = join(folder, 'upload-00000000-0000-4000-8000-000000000000.tmp');
        writeFileSync(temp, pdf(100));
        const orphan = contentPath(folder, sha(Buffer.from('no row names this')));
        mkdirSync(join(orphan, '..'), { recursive: true });
        writeFileSync(orphan, 'no row names this');
        stray.push(temp, orphan);
      }
      const cleaned = await cleanEvidenceAtStart(f.store.db, folder, backend.name.startsWith('PGlite'));
      if (backend.name.startsWith('PGlite')) {
        assert.equal(cleaned.staged, 1);
        assert.deepEqual(await counts(), before);
      } else {
        // PostgreSQL may serve several processes: only parts older than an hour go.
        assert.equal(cleaned.staged, 0);
        assert.equal((await counts()).staged, 1);
        await sql`DELETE FROM evidence_uploads WHERE upload_id = 'cut-off-upload'`.execute(f.store.db);
      }
      assert.deepEqual(
        { temps: cleaned.temps, orphans: cleaned.orphans },
        { temps: stray.length / 2, orphans: stray.length / 2 },
      );
      for (const p of stray) assert.ok(!existsSync(p), p);
      // Every stored file still reads back.
      for (const e of (await list(f.datasetA)).evidence)
        assert.equal(sha(await readContent(f.store.db, e.sha256, folder)), e.sha256);
    });
  });
}

function xlsxBytes() {
  return zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'xl/workbook.xml': strToU8(`<workbook>${randomBytes(8).toString('hex')}</workbook>`),
  });
}
