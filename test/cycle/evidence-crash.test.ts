/**
 * A real `jixiao serve` child on a PGlite data folder (content in DATA_DIR/evidence), killed (SIGKILL)
 * while evidence uploads are streaming in, again and again. After each restart every acknowledged
 * upload is there with its SHA-256, an upload cut off is either wholly there or absent, and no metadata
 * row lacks its content (checked through the API and, at the end, in the database and the folder
 * themselves: every row's file is there whole, and the restart removed temp files and files no row names).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openStore, StoreLockedError } from '../../src/storage/db.ts';
import { contentPath } from '../../src/storage/evidence-files.ts';
import { call, crashServer, demoDatasetId, kill9, ROUNDS, type Server } from '../crash.ts';

const PASSWORD = 'evidence-crash-password-7';
const { dataDir, start, login, firstLogin } = crashServer('jixiao-evidence-crash-', PASSWORD);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let datasetId = 0;

/** A PDF of `size` bytes sent in 64 KB pieces, `pause` ms apart, so the kill can land mid-upload. */
function slowUpload(s: Server, cookie: string, name: string, bytes: Uint8Array, pause: number) {
  const body = new ReadableStream<Uint8Array>({
    async start(c) {
      for (let i = 0; i < bytes.length; i += 65536) {
        c.enqueue(bytes.subarray(i, i + 65536));
        await new Promise((r) => setTimeout(r, pause));
      }
      c.close();
    },
  });
  const q = new URLSearchParams({ kind: 'indicator', ref: 'budget-rationality', name });
  return fetch(`${s.url}/api/datasets/${datasetId}/evidence?${q}`, {
    method: 'POST',
    headers: { origin: s.url, cookie, 'content-type': 'application/octet-stream' },
    body,
    duplex: 'half',
  } as RequestInit);
}

/**
 * Opens the data folder after the last server was killed: its lock is held by a helper process that
 * ends when it sees the server gone, which under load can take a moment.
 */
async function openAfterKill() {
  for (let waited = 0; ; waited += 200) {
    try {
      return await openStore({ dataDir });
    } catch (e) {
      if (!(e instanceof StoreLockedError) || waited >= 10_000) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Temp files of uploads under way in DATA_DIR/evidence. */
const tempFiles = () => {
  const folder = join(dataDir, 'evidence');
  return existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.tmp')) : [];
};

const pdf = (n: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(n)]);

test('first start: admin password set, the demo dataset found', async () => {
  const s = await start();
  try {
    const cookie = await firstLogin(s);
    datasetId = await demoDatasetId(s, cookie);
    assert.ok(datasetId > 0);
  } finally {
    await kill9(s);
  }
});

test(`SIGKILL during evidence uploads, ${ROUNDS} times: each file wholly there (hash matches) or absent`, async () => {
  assert.ok(datasetId > 0, 'needs the first test');
  const acked = new Map<string, string>(); // file name → sha256
  const cut = new Map<string, string>(); // uploads without an answer
  for (let round = 0; round < ROUNDS; round++) {
    const s = await start();
    const cookie = await login(s);
    // One upload that completes, then two under way when the server dies.
    const done = pdf(300_000);
    const r = await slowUpload(s, cookie, `第${round}轮-完成.pdf`, done, 0);
    assert.equal(r.status, 201, await r.text());
    acked.set(`第${round}轮-完成.pdf`, sha(done));
    const pending = [pdf(3_000_000), pdf(1_500_000)].map((bytes, i) => {
      const name = `第${round}轮-中断${i}.pdf`;
      cut.set(name, sha(bytes));
      // 64 KB every 40 ms: the 3 MB upload takes at least 1.9 s, longer than the wait before the kill.
      return slowUpload(s, cookie, name, bytes, 40).then(
        async (res) => {
          if (res.status === 201) acked.set(name, sha(bytes));
        },
        () => {},
      );
    });
    await new Promise((r) => setTimeout(r, 300 + ((round * 397) % 1200)));
    // Under load the server may not have begun the cut uploads yet: kill once one is under way.
    for (let waited = 0; !tempFiles().length && waited < 10_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    await kill9(s);
    await Promise.all(pending);
    assert.ok(!acked.has(`第${round}轮-中断0.pdf`), 'the long upload was cut by the kill');
    // The cut upload left its temp file in the folder; the restart removes it.
    assert.ok(tempFiles().length > 0, 'a temp file of the cut upload');

    const again = await start();
    try {
      assert.deepEqual(tempFiles(), [], 'temp files removed at start');
      const c2 = await login(again);
      const l = await call(again, 'GET', `/api/datasets/${datasetId}/evidence`, c2);
      assert.equal(l.status, 200);
      const items = l.json.evidence as { id: number; fileName: string; sha256: string; size: number }[];
      const byName = new Map(items.map((e) => [e.fileName, e]));
      for (const [name, hash] of acked)
        assert.equal(byName.get(name)?.sha256, hash, `acknowledged ${name} kept`);
      for (const e of items) {
        const expected = acked.get(e.fileName) ?? cut.get(e.fileName);
        assert.equal(e.sha256, expected, `${e.fileName}: stored whole or not at all`);
        const res = await fetch(`${again.url}/api/evidence/${e.id}`, { headers: { cookie: c2 } });
        assert.equal(res.status, 200);
        assert.equal(sha(new Uint8Array(await res.arrayBuffer())), e.sha256, `${e.fileName} downloads whole`);
      }
    } finally {
      await kill9(again);
    }
  }
  // In the database and the folder themselves: no metadata without content, every content whole
  // (all its parts in the database, or its file in the folder with its SHA-256), no staged parts, and
  // in the folder no temp file and no file that no row names (the last restart cleaned them).
  const store = await openAfterKill();
  try {
    const orphans = await sql`SELECT e.id FROM evidence e LEFT JOIN evidence_blobs b ON b.sha256 = e.sha256
      WHERE b.sha256 IS NULL`.execute(store.db);
    assert.equal(orphans.rows.length, 0);
    const partial = await sql`SELECT b.sha256 FROM evidence_blobs b WHERE b.stored = 'database'
      AND b.parts <> (SELECT count(*) FROM evidence_blob_parts p WHERE p.sha256 = b.sha256)`.execute(
      store.db,
    );
    assert.equal(partial.rows.length, 0);
    const staged = await sql`SELECT 1 FROM evidence_uploads`.execute(store.db);
    assert.equal(staged.rows.length, 0, 'staged parts removed at start');
    const blobs = await sql<{
      sha256: string;
      stored: string;
    }>`SELECT sha256, stored FROM evidence_blobs`.execute(store.db);
    const folder = store.evidenceDir!;
    assert.ok(blobs.rows.length >= ROUNDS);
    for (const b of blobs.rows) {
      assert.equal(b.stored, 'folder');
      assert.equal(sha(readFileSync(contentPath(folder, b.sha256))), b.sha256, `${b.sha256} whole`);
    }
    const files = readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name)
      .sort();
    assert.deepEqual(files, blobs.rows.map((b) => b.sha256).sort(), 'only named content in the folder');
  } finally {
    await store.close();
  }
});
