/**
 * Shared setup of the crash tests: a real `jixiao serve` child process on a PGlite data folder, started,
 * called over HTTP and killed with SIGKILL (test/fuzz/server-crash, test/cycle/submission-crash,
 * test/cycle/evidence-crash).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** Kill-and-restart rounds: 2 by default, more with JIXIAO_CRASH_ROUNDS (npm run test:soak). */
export const ROUNDS = Number(process.env.JIXIAO_CRASH_ROUNDS ?? 2);

export interface Server {
  child: ChildProcess;
  url: string;
  dataDir: string;
  /** The first administrator's one-time password, printed on the first start only. */
  password?: string | undefined;
}

/** Starts `jixiao serve` on a free port and waits for its address (and first admin password). */
export function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['bin/jixiao.js', 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    // A first start (initdb in PGlite) took over 60 s on a machine with a load of 20; one that never
    // comes up is killed, or the test file would wait for it forever.
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
          dataDir,
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

/**
 * Kills the server with SIGKILL (no shutdown handler runs) and waits for it to be gone and for its
 * data folder lock to be free: the lock is held by a `flock` helper that exits only once it sees the
 * server's end of its pipe close, a moment after the server itself (opening the folder in that moment
 * failed with 正被另一个进程使用).
 */
export async function kill9(s: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });
  const lock = join(s.dataDir, 'jixiao.lock');
  for (let waited = 0; existsSync(lock) && waited < 30_000; waited += 50) {
    const probe = spawnSync('flock', ['--nonblock', '--exclusive', lock, 'true']);
    if (probe.error || probe.status !== 1) return; // free (0), or no flock here (the PID lock needs no wait)
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One API call: status, body bytes, body as JSON (empty when not JSON), headers and the session cookie. */
export async function call(s: Server, method: string, path: string, cookie?: string, body?: unknown) {
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

/** Logs the administrator in and returns the session cookie. */
export async function login(s: Server, password: string): Promise<string> {
  const r = await call(s, 'POST', '/api/auth/login', undefined, { username: 'admin', password });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.cookie!;
}

/**
 * One test file's crash setup: a temporary data folder (removed after the file's tests), and `start`
 * and `login` bound to it and to the administrator password the file sets on the first start.
 */
export function crashServer(prefix: string, password: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  return {
    dataDir,
    start: () => startServer(dataDir),
    login: (s: Server) => login(s, password),
    /** On the first start: logs in with the printed one-time password, sets `password`, logs in again. */
    async firstLogin(s: Server): Promise<string> {
      assert.ok(s.password, 'first admin password printed');
      const first = await call(s, 'POST', '/api/auth/login', undefined, {
        username: 'admin',
        password: s.password,
      });
      assert.equal(first.status, 200, JSON.stringify(first.json));
      const changed = await call(s, 'POST', '/api/me/password', first.cookie, {
        oldPassword: s.password,
        newPassword: password,
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.json));
      return login(s, password);
    },
  };
}

/** The id of the demo dataset a first start creates (the first department's first dataset). */
export async function demoDatasetId(s: Server, cookie: string): Promise<number> {
  const r = await call(s, 'GET', '/api/departments', cookie);
  assert.equal(r.status, 200, JSON.stringify(r.json).slice(0, 300));
  const list = r.json.departments as { datasets: { id: number }[] }[];
  const id = list.find((d) => d.datasets.length)?.datasets[0]?.id ?? 0;
  assert.ok(id > 0, 'a demo dataset');
  return id;
}
