/**
 * PDF conversions are queued: a small cap on LibreOffice processes at once, one job per user, a
 * bounded wait. The queue on its own, then six concurrent report.pdf requests from one user and one
 * from another against real LibreOffice, counting the soffice processes while they run.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { findSoffice } from '../../src/adapters/pdf.ts';
import { JobQueue, QueueBusyError } from '../../src/server/extras.ts';
import { apiFixture } from './fixture.ts';

/** A job that finishes when told to, recording how many jobs ran at once. */
function gate() {
  let active = 0;
  let peak = 0;
  const opened: (() => void)[] = [];
  const job = () =>
    new Promise<string>((resolve) => {
      active++;
      peak = Math.max(peak, active);
      opened.push(() => {
        active--;
        resolve('done');
      });
    });
  return { job, opened, peak: () => peak, active: () => active };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('the job queue', () => {
  test('runs at most `concurrency` jobs, one per user, and refuses beyond the waiting room', async () => {
    const q = new JobQueue({ concurrency: 2, perUser: 1, waiting: 2 }, ' PDF 报告');
    const g = gate();
    const runs = ['a', 'b', 'c', 'd'].map((u) => q.run(u, g.job));
    await tick();
    assert.equal(g.active(), 2);
    assert.deepEqual(q.load, { running: 2, waiting: 2 });
    // The same user again: refused at once, with a Chinese message.
    await assert.rejects(
      q.run('a', g.job),
      (e: unknown) => e instanceof QueueBusyError && /您已有 1 份 PDF 报告正在生成/.test(e.message),
    );
    // Another user, with the waiting room full: refused too.
    await assert.rejects(
      q.run('e', g.job),
      (e: unknown) => e instanceof QueueBusyError && /服务器正忙/.test(e.message),
    );
    while (g.opened.length) {
      g.opened.shift()!();
      await tick();
      await tick();
    }
    assert.deepEqual(await Promise.all(runs), ['done', 'done', 'done', 'done']);
    assert.equal(g.peak(), 2);
    assert.deepEqual(q.load, { running: 0, waiting: 0 });
    // A failing job frees its slot and its user's turn.
    await assert.rejects(
      q.run('a', () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await q.run('a', async () => 'again'), 'again');
  });
});

/** The parent of a process, from /proc (0 when it is gone). */
function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/**
 * soffice processes this test process started (other test runs on the machine convert too), by
 * their private profile folder: one per conversion.
 */
function sofficeRuns(): Set<string> {
  const out = new Set<string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const m = /UserInstallation=file:\/\/(\S+?jixiao-pdf-[^/\0]+)/.exec(cmd);
      if (!m) continue;
      let p = Number(entry);
      while (p > 1 && p !== process.pid) p = parentOf(p);
      if (p === process.pid) out.add(m[1]!);
    } catch {
      // gone
    }
  }
  return out;
}

describe('report.pdf under load', { skip: findSoffice() ? false : 'LibreOffice is not installed' }, () => {
  let f: Awaited<ReturnType<typeof apiFixture>>;
  before(async () => {
    f = await apiFixture(undefined, { pdfLimits: { concurrency: 1, perUser: 1, waiting: 4 } });
  });
  after(async () => {
    await f.store.close();
  });

  test('six at once from one user: one conversion, five refused; another user waits its turn', async () => {
    const a = await f.login('filler-a');
    const b = await f.login('filler-b');
    let peak = 0;
    let seen = 0;
    const watcher = setInterval(() => {
      const n = sofficeRuns().size;
      peak = Math.max(peak, n);
      seen += n > 0 ? 1 : 0;
    }, 50);
    try {
      const fromA = Array.from({ length: 6 }, () =>
        f.req('GET', `/api/datasets/${f.datasetA}/report.pdf`, { cookie: a }),
      );
      const fromB = f.req('GET', `/api/datasets/${f.datasetB}/report.pdf`, { cookie: b });
      const results = await Promise.all([...fromA, fromB]);
      const statusA = results.slice(0, 6).map((r) => r.status);
      assert.deepEqual(
        statusA.toSorted((x, y) => x - y),
        [200, 429, 429, 429, 429, 429],
      );
      for (const r of results.slice(0, 6).filter((x) => x.status === 429))
        assert.match(String(r.json.message), /您已有 1 份 PDF 报告正在生成/);
      assert.equal(results[6]!.status, 200, results[6]!.text.slice(0, 200));
      assert.ok(results[6]!.text.startsWith('%PDF'));
    } finally {
      clearInterval(watcher);
    }
    assert.ok(seen > 0, 'no LibreOffice process was seen');
    assert.equal(peak, 1, `${peak} LibreOffice conversions ran at once`);
  });
});
