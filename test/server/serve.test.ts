/**
 * `jixiao serve` as people run it: first run creates the data folder, migrates, loads the seed
 * department, prints the administrator's one-time password and serves; a second server on the same
 * folder is refused with a clear message; a stop releases the folder.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { ROOT } from '../helpers.ts';
import { postgresUrl, stopPostgres } from '../storage/db-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'jixiao-serve-'));
const dataDir = join(dir, 'data');
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  stopPostgres();
});

function serve(
  databaseUrl = '',
  env: Record<string, string> = {},
): {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number>;
} {
  const child = spawn(process.execPath, [join(ROOT, 'bin/jixiao.js'), 'serve'], {
    cwd: dir,
    env: { ...process.env, PORT: '0', HOST: '', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ...env },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  return { child, out: () => out, err: () => err, exited };
}

/** This machine's address on a non-loopback interface (the container's eth0). */
const externalIp = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

/** Whether the server answers at this address (false: connection refused). */
async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(10_000) })).status === 200;
  } catch {
    return false;
  }
}

// A first start (PGlite's initdb) took over 60 s on a machine with a load of 20.
async function until(fn: () => boolean, ms = 180_000) {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test(
  'first run: data folder, seed department, one-time admin password; a second opener is refused',
  { timeout: 400_000 },
  async () => {
    const first = serve();
    await until(() => first.out().includes('按 Ctrl+C 停止'));
    assert.ok(existsSync(join(dataDir, 'pgdata')));
    const url = first.out().match(/已启动：(http:\/\/localhost:\d+)/)![1]!;
    const password = first.out().match(/一次性密码：(\S+)/)![1]!;
    assert.equal((await fetch(`${url}/api/health`)).status, 200);
    const port = new URL(url).port;
    // By default only this machine can reach it.
    assert.ok(externalIp, 'this machine has a non-loopback IPv4 address');
    assert.equal(await reachable(`http://${externalIp}:${port}/api/health`), false);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    assert.equal(login.status, 200);
    const { user } = (await login.json()) as { user: { mustChangePassword: boolean } };
    assert.equal(user.mustChangePassword, true);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const blocked = await fetch(`${url}/api/departments`, { headers: { cookie } });
    assert.equal(blocked.status, 403);

    const second = serve();
    assert.equal(await second.exited, 2);
    assert.match(second.err(), /正被另一个进程（PID \d+）使用/);

    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);

    // The next start reuses the folder: no new administrator, the seed department still there.
    // HOST=0.0.0.0 listens on every interface: reachable by this machine's IP address.
    const third = serve('', { HOST: '0.0.0.0' });
    await until(() => third.out().includes('按 Ctrl+C 停止'));
    assert.doesNotMatch(third.out(), /一次性密码/);
    const thirdPort = new URL(third.out().match(/已启动：(http:\/\/localhost:\d+)/)![1]!).port;
    assert.equal(await reachable(`http://${externalIp}:${thirdPort}/api/health`), true);
    third.child.kill('SIGTERM');
    assert.equal(await third.exited, 0);
  },
);

test(
  'DATABASE_URL switches to PostgreSQL: migrated, seeded and served the same way',
  { timeout: 400_000 },
  async () => {
    const admin = postgresUrl();
    const name = `jixiao_serve_${process.pid}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name}`);
    await c.query(`CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    try {
      const s = serve(url.toString());
      await until(() => s.out().includes('按 Ctrl+C 停止') || s.child.exitCode !== null);
      assert.match(s.out(), /数据：PostgreSQL/);
      const base = s.out().match(/已启动：(http:\/\/localhost:\d+)/)![1]!;
      const password = s.out().match(/一次性密码：(\S+)/)![1]!;
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      assert.equal(login.status, 200);
      const d = new pg.Client({ connectionString: url.toString() });
      await d.connect();
      const seeded = await d.query<{ self_score: string }>('SELECT self_score FROM datasets');
      await d.end();
      // The seed report's total, stored as NUMERIC.
      assert.deepEqual(
        seeded.rows.map((r) => r.self_score),
        ['93.96'],
      );
      s.child.kill('SIGTERM');
      assert.equal(await s.exited, 0);
    } finally {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    }
  },
);
