/**
 * A real `jixiao serve` child on a PGlite data folder, killed (SIGKILL) while a client drives the
 * submission cycle round and round (送审 → 开始复核 → 退回 → 送审 …). After each restart the dataset's
 * state row and its last event agree (the old state or the new one, never half), every acknowledged
 * transition is in the history, and a submitted report's stored bytes match their SHA-256.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { SubmissionResponse } from '../../src/server/routes/submission.ts';

/** Kill-and-restart rounds: 2 by default, more with JIXIAO_CRASH_ROUNDS (npm run test:soak). */
const ROUNDS = Number(process.env.JIXIAO_CRASH_ROUNDS ?? 2);
const dir = mkdtempSync(join(tmpdir(), 'jixiao-sub-crash-'));
const dataDir = join(dir, 'data');
after(() => rmSync(dir, { recursive: true, force: true }));

interface Server {
  child: ChildProcess;
  url: string;
  password?: string | undefined;
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
  const bytes = new Uint8Array(await res.arrayBuffer());
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  return {
    status: res.status,
    json,
    bytes,
    headers: res.headers,
    cookie: res.headers.get('set-cookie')?.split(';')[0],
  };
}

const PASSWORD = 'sub-crash-password-42';
let datasetId = 0;

async function login(s: Server): Promise<string> {
  const r = await call(s, 'POST', '/api/auth/login', undefined, { username: 'admin', password: PASSWORD });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.cookie!;
}

async function submission(s: Server, cookie: string): Promise<SubmissionResponse> {
  const r = await call(s, 'GET', `/api/datasets/${datasetId}/submission`, cookie);
  assert.equal(r.status, 200, JSON.stringify(r.json).slice(0, 300));
  return r.json as unknown as SubmissionResponse;
}

/** The next step of the loop from a state (an administrator may act on both sides). */
const NEXT: Record<SubmissionResponse['state'], { t: string; reason?: string }> = {
  draft: { t: 'submit' },
  returned: { t: 'submit' },
  submitted: { t: 'startReview' },
  reviewing: { t: 'return', reason: '崩溃测试退回' },
  passed: { t: 'reopen', reason: '崩溃测试重新填报' },
};

test(
  'first start: the admin sets a password; the demo dataset is there and 填报中',
  { timeout: 240_000 },
  async () => {
    const s = await start();
    try {
      assert.ok(s.password, 'first admin password printed');
      const first = await call(s, 'POST', '/api/auth/login', undefined, {
        username: 'admin',
        password: s.password,
      });
      assert.equal(first.status, 200);
      const changed = await call(s, 'POST', '/api/me/password', first.cookie, {
        oldPassword: s.password,
        newPassword: PASSWORD,
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.json));
      const cookie = await login(s);
      const depts = await call(s, 'GET', '/api/departments', cookie);
      const list = depts.json.departments as { datasets: { id: number }[] }[];
      datasetId = list.find((d) => d.datasets.length)!.datasets[0]!.id;
      assert.equal((await submission(s, cookie)).stateLabel, '填报中');
    } finally {
      await kill9(s);
    }
  },
);

test(
  `SIGKILL during repeated transitions, ${ROUNDS} times: the state row and its last event agree`,
  { timeout: 600_000 },
  async () => {
    assert.ok(datasetId > 0, 'needs the first test');
    for (let round = 0; round < ROUNDS; round++) {
      const s = await start();
      const cookie = await login(s);
      const before = await submission(s, cookie);
      let acked = before.events.length;
      let stop = false;
      const driver = (async () => {
        let state = before.state;
        while (!stop) {
          const next = NEXT[state];
          try {
            const r = await call(
              s,
              'POST',
              `/api/datasets/${datasetId}/submission/${next.t}`,
              cookie,
              next.reason ? { reason: next.reason } : {},
            );
            assert.equal(r.status, 200, JSON.stringify(r.json).slice(0, 300));
            state = (r.json as unknown as SubmissionResponse).state;
            acked += 1;
          } catch (e) {
            if (stop) return; // the connection died with the server
            throw e;
          }
        }
      })();
      for (let waited = 0; acked === before.events.length && waited < 60_000; waited += 20)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, (round * 173) % 700));
      stop = true;
      await kill9(s);
      await driver;
      assert.ok(
        acked > before.events.length,
        `round ${round}: no transition was acknowledged before the kill`,
      );

      const again = await start();
      try {
        const c2 = await login(again);
        const after = await submission(again, c2);
        // Every acknowledged transition is there, and at most one more (committed, answer lost).
        assert.ok(
          after.events.length === acked || after.events.length === acked + 1,
          `round ${round}: ${after.events.length} events, ${acked} acknowledged`,
        );
        const last = after.events[after.events.length - 1]!;
        assert.equal(after.stateLabel, last.toLabel, `round ${round}: state row and last event agree`);
        // Each event continues from the one before (no transition half-written or lost in between).
        for (let i = 1; i < after.events.length; i++)
          assert.equal(after.events[i]!.fromLabel, after.events[i - 1]!.toLabel, `event ${i}`);
        if (after.reportSha256) {
          const doc = await call(again, 'GET', `/api/datasets/${datasetId}/submission/report.docx`, c2);
          assert.equal(doc.status, 200);
          assert.equal(createHash('sha256').update(doc.bytes).digest('hex'), after.reportSha256);
          assert.equal(doc.headers.get('x-content-sha256'), after.reportSha256);
        }
      } finally {
        await kill9(again);
      }
    }
  },
);
