/**
 * A real `jixiao serve` child on a PGlite data folder (content in DATA_DIR/evidence), killed (SIGKILL)
 * while evidence uploads are streaming in, again and again. After each restart every acknowledged
 * upload is there with its SHA-256, an upload cut off is either wholly there or absent, and no metadata
 * row lacks its content (checked through the API and, at the end, in the database and the folder
 * themselves: every row's file is there whole, and the restart removed temp files and files no row names).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { openStore, StoreLockedError } from '../../src/storage/db.ts';
import { contentPath } from '../../src/storage/evidence-files.ts';

const ROUNDS = Number(process.env.JIXIAO_CRASH_ROUNDS ?? 2);
const dir = mkdtempSync(join(tmpdir(), 'jixiao-evidence-crash-'));
const dataDir = join(dir, 'data');
after(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Server {
  child: ChildProcess;
  url: string;
  password?: string;
}

function start(): Promise<Server> {
  const child = spawn(process.execPath, ['bin/jixiao.js', 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 180 s:\n${out}\n${err}`));
    }, 180_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /已启动：(http:\/\/\S+)/.exec(out)?.[1];
      if (url && out.includes('Ctrl+C')) {
        clearTimeout(timer);
        resolve({
          child,
          url: url.replace('localhost', '127.0.0.1'),
          password: /一次性密码：(\S+)/.exec(out)?.[1],
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}:\n${out}\n${err}`));
    });
  });
}

function kill9(s: Server): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });
}

async function call(s: Server, method: string, path: string, cookie?: string, body?: unknown) {
  const headers: Record<string, string> = { origin: s.url };
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(s.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

const PASSWORD = 'evidence-crash-password-7';
let datasetId = 0;

async function login(s: Server): Promise<string> {
  const r = await call(s, 'POST', '/api/auth/login', undefined, { username: 'admin', password: PASSWORD });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.cookie!;
}

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
    assert.ok(s.password);
    const first = await call(s, 'POST', '/api/auth/login', undefined, {
      username: 'admin',
      password: s.password,
    });
    const changed = await call(s, 'POST', '/api/me/password', first.cookie, {
      oldPassword: s.password,
      newPassword: PASSWORD,
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.json));
    const cookie = await login(s);
    const depts = await call(s, 'GET', '/api/departments', cookie);
    const list = (depts.json.departments ?? []) as { id: number; datasets?: { id: number }[] }[];
    datasetId = list.find((d) => d.datasets?.length)?.datasets?.[0]?.id ?? 0;
    if (!datasetId) {
      const ds = await call(s, 'GET', `/api/departments/${list[0]!.id}/datasets`, cookie);
      datasetId = ((ds.json.datasets ?? ds.json.items) as { id: number }[])[0]!.id;
    }
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
