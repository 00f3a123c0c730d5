/**
 * `jixiao serve` as a container runs it: PID 1 of its own PID namespace (`unshare --pid --fork
 * --mount-proc`, as root). Killed with SIGKILL again and again, it restarts as PID 1 on the same data
 * folder and serves the same data (before, it refused its own stale lock: "PID 1 is alive"); while it
 * runs, a second server in another namespace, also PID 1, is refused.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const ROUNDS = Number(process.env.JIXIAO_NAMESPACE_ROUNDS ?? 5);
const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'jixiao-pidns-'));
const dataDir = join(dir, 'data');
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const canUnshare =
  spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { stdio: 'ignore' }).status === 0;

interface Serving {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number>;
}

/** `jixiao serve` as PID 1 of a new PID namespace. */
function serveInNamespace(): Serving {
  const child = spawn(
    'unshare',
    [
      '--pid',
      '--fork',
      '--mount-proc',
      process.execPath,
      join(ROOT, 'bin/jixiao.js'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { cwd: dir, env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '' } },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)));
  return { child, out: () => out, err: () => err, exited };
}

async function started(s: Serving): Promise<string> {
  const end = Date.now() + 120_000;
  while (!s.out().includes('按 Ctrl+C 停止')) {
    if (s.child.exitCode !== null)
      throw new Error(`server exited ${s.child.exitCode}:\n${s.out()}\n${s.err()}`);
    if (Date.now() > end) throw new Error(`server did not start:\n${s.out()}\n${s.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return s
    .out()
    .match(/已启动：(http:\/\/\S+)/)![1]!
    .replace('localhost', '127.0.0.1');
}

/** SIGKILL to PID 1 of the namespace (the server itself); resolves when all of it is gone. */
async function killInit(s: Serving): Promise<void> {
  const init = Number(
    readFileSync(`/proc/${s.child.pid}/task/${s.child.pid}/children`, 'utf8').trim().split(' ')[0],
  );
  assert.ok(init > 0);
  process.kill(init, 'SIGKILL');
  await s.exited;
}

test(
  `the server as PID 1, SIGKILLed ${ROUNDS} times, restarts as PID 1 on its data; a second PID 1 is refused`,
  {
    skip: canUnshare ? false : 'unshare --pid needs root (CAP_SYS_ADMIN); not available here',
    timeout: 30 * 60_000,
  },
  async () => {
    const first = serveInNamespace();
    let url = await started(first);
    const password = first.out().match(/一次性密码：(\S+)/)![1]!;
    let current = first;
    for (let round = 0; round < ROUNDS; round++) {
      // A second server on the same folder, also PID 1 of its namespace, while this one lives.
      const intruder = serveInNamespace();
      assert.equal(await intruder.exited, 2, `round ${round}: ${intruder.out()} ${intruder.err()}`);
      assert.match(intruder.err(), /正被另一个进程（PID 1）使用/);
      assert.equal((await fetch(`${url}/api/health`)).status, 200);

      await killInit(current);
      current = serveInNamespace();
      url = await started(current);
      assert.doesNotMatch(current.out(), /一次性密码/, `round ${round}: the data folder was not reused`);
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      assert.equal(login.status, 200, `round ${round}: the administrator of the first run signs in`);
    }
    await killInit(current);
  },
);
