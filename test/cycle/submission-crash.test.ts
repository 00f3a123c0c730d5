/**
 * A real `jixiao serve` child on a PGlite data folder, killed (SIGKILL) while a client drives the
 * submission cycle round and round (送审 → 开始复核 → 退回 → 送审 …). After each restart the dataset's
 * state row and its last event agree (the old state or the new one, never half), every acknowledged
 * transition is in the history, and a submitted report's stored bytes match their SHA-256.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { SubmissionResponse } from '../../src/server/routes/submission.ts';
import { call, crashServer, demoDatasetId, kill9, ROUNDS, type Server } from '../crash.ts';

const PASSWORD = 'sub-crash-password-42';
const { start, login, firstLogin } = crashServer('jixiao-sub-crash-', PASSWORD);
let datasetId = 0;

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
      const cookie = await firstLogin(s);
      datasetId = await demoDatasetId(s, cookie);
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
