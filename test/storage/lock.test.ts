/**
 * The data-folder lock against PID reuse and PID namespaces (containers). A server that ran as PID 1
 * and was killed restarts as PID 1 and takes its own stale lock; a live holder is refused also when
 * it is PID 1 of another PID namespace (a second container on the same volume). Run for real with
 * `unshare --pid --fork --mount-proc` (we are root here), and the fallback without `flock` by hand.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StoreLockedError, takeLock } from '../../src/storage/db.ts';
import { ROOT } from '../helpers.ts';

const canUnshare =
  spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { stdio: 'ignore' }).status === 0;

/** A process that takes the lock on dir as PID 1 of a new PID namespace, and holds it. */
function holderInNamespace(dir: string): { child: ChildProcess; result: Promise<string> } {
  const script = `import(${JSON.stringify(join(ROOT, 'src/storage/db.ts'))}).then(async (m) => {
    await m.takeLock(${JSON.stringify(dir)});
    console.log('held as PID ' + process.pid);
    setInterval(() => {}, 1e9);
  }, (e) => { throw e; }).catch((e) => { console.log('refused: ' + e.message); process.exit(3); });`;
  const child = spawn(
    'unshare',
    ['--pid', '--fork', '--mount-proc', process.execPath, '--import', 'tsx', '-e', script],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const result = new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (/held|refused/.test(out) && out.endsWith('\n')) resolve(out.trim());
    });
    child.once('exit', () => resolve(out.trim()));
  });
  return { child, result };
}

/** SIGKILLs PID 1 of the namespace under an `unshare --fork` process and waits until all of it is gone. */
async function killNamespaceInit(unshare: ChildProcess): Promise<void> {
  const children = readFileSync(`/proc/${unshare.pid}/task/${unshare.pid}/children`, 'utf8').trim();
  const init = Number(children.split(' ')[0]);
  assert.ok(init > 0, 'the namespace has its PID 1');
  const gone = new Promise((r) => unshare.once('exit', r));
  process.kill(init, 'SIGKILL');
  await gone;
}

test(
  'PID 1 killed in a container restarts as PID 1 and takes its lock; a live PID 1 elsewhere is refused',
  { skip: canUnshare ? false : 'unshare --pid needs root (CAP_SYS_ADMIN); not available here' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-nslock-'));
    const running: ChildProcess[] = [];
    try {
      const a = holderInNamespace(dir);
      running.push(a.child);
      assert.equal(await a.result, 'held as PID 1');

      // A second "container" on the same folder, also PID 1, while the first is alive: refused.
      const b = holderInNamespace(dir);
      running.push(b.child);
      assert.match(await b.result, /^refused: .*正被另一个进程（PID 1）使用/);

      // The first is killed (SIGKILL, no clean-up) and "the container restarts": PID 1 again.
      await killNamespaceInit(a.child);
      const c = holderInNamespace(dir);
      running.push(c.child);
      assert.equal(await c.result, 'held as PID 1');
      await killNamespaceInit(c.child);
    } finally {
      for (const p of running) if (p.exitCode === null) p.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('without flock: a reused PID (alive, but started at another time) does not hold the lock', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-lock-'));
  const path = process.env.PATH;
  process.env.PATH = ''; // no flock on the PATH: the fallback
  try {
    // The lock file of a crashed server whose PID now belongs to another process (our parent).
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    writeFileSync(join(dir, 'jixiao.lock'), `${process.ppid} 1@${boot}\n`);
    const release = await takeLock(dir);
    assert.match(readFileSync(join(dir, 'jixiao.lock'), 'utf8'), new RegExp(`^${process.pid} \\d+@`));
    // A live holder (this process, as recorded) is refused.
    await assert.rejects(() => takeLock(dir), StoreLockedError);
    await release();
    assert.ok(!existsSync(join(dir, 'jixiao.lock')));
  } finally {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  }
});
