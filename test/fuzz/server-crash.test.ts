/**
 * The server killed (SIGKILL) in the middle of saves, again and again, and concurrent edits from many
 * clients, through the public HTTP API of a real `jixiao serve` child process on a PGlite data folder.
 * After each restart the database opens, every acknowledged save is there and nothing is half-written;
 * of clients saving on the same version, exactly one wins and every other is told of the conflict.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, crashServer, demoDatasetId, kill9, ROUNDS, type Server } from '../crash.ts';

const CJK = /[\u4e00-\u9fff]/;
const PASSWORD = 'crash-test-password-42';
const { start, login, firstLogin } = crashServer('jixiao-crash-', PASSWORD);
let datasetId = 0;

async function current(s: Server, cookie: string) {
  const r = await call(s, 'GET', `/api/datasets/${datasetId}`, cookie);
  assert.equal(r.status, 200, JSON.stringify(r.json).slice(0, 300));
  const meta = r.json.dataset as { version: number };
  return {
    version: meta.version,
    data: r.json.data as Record<string, unknown>,
    evaluation: r.json.evaluation,
  };
}

/** A marker written into the narrative, so a stored version can be traced to the save that wrote it. */
function withMarker(data: Record<string, unknown>, marker: string) {
  const narrative = { ...(data.narrative as Record<string, unknown>), plans: [marker] };
  return { ...data, narrative };
}
const markerOf = (data: Record<string, unknown>) => ((data.narrative as { plans?: string[] }).plans ?? [])[0];

test('first start: the admin sets a password and the demo dataset is there', async () => {
  const s = await start();
  try {
    const cookie = await firstLogin(s);
    datasetId = await demoDatasetId(s, cookie);
    await current(s, cookie);
  } finally {
    await kill9(s);
  }
});

test(`SIGKILL in the middle of saves, ${ROUNDS} times: every acknowledged save survives, nothing half-written`, async () => {
  assert.ok(datasetId > 0, 'needs the first test');
  for (let round = 0; round < ROUNDS; round++) {
    const s = await start();
    const cookie = await login(s);
    const before = await current(s, cookie);
    assert.equal(before.evaluation && (before.evaluation as { ok: boolean }).ok, true, 'stored data scores');
    const acked: { version: number; marker: string }[] = [];
    let version = before.version;
    let stop = false;
    // One client saving as fast as it can; the server is killed after a random moment.
    const writer = (async () => {
      for (let k = 0; !stop; k++) {
        const marker = `第 ${round} 轮第 ${k} 次保存`;
        try {
          const r = await call(s, 'PUT', `/api/datasets/${datasetId}`, cookie, {
            version,
            data: withMarker(before.data, marker),
          });
          if (r.status === 200) {
            version = (r.json.dataset as { version: number }).version;
            acked.push({ version, marker });
          } else assert.fail(`save answered ${r.status}: ${JSON.stringify(r.json).slice(0, 200)}`);
        } catch (e) {
          if (stop) return; // the connection died with the server
          throw e;
        }
      }
    })();
    // Kill at a random moment after the first acknowledged save (a fixed delay from the start made
    // the test depend on how fast one save is on a loaded machine: a wall-clock assertion).
    for (let waited = 0; acked.length === 0 && waited < 60_000; waited += 20)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, (round * 137) % 900));
    stop = true;
    await kill9(s);
    await writer;
    assert.ok(acked.length > 0, `round ${round}: no save was acknowledged before the kill`);

    const again = await start();
    try {
      const c2 = await login(again);
      const after = await current(again, c2);
      const last = acked[acked.length - 1]!;
      // Every acknowledged save is there: the stored version is at least the last acknowledged one,
      // and at most one more (a save that committed but whose answer was lost with the server).
      assert.ok(after.version >= last.version && after.version <= last.version + 1, `round ${round}`);
      const marker = markerOf(after.data);
      if (after.version === last.version) assert.equal(marker, last.marker);
      else assert.match(marker ?? '', new RegExp(`^第 ${round} 轮第 \\d+ 次保存$`));
      assert.equal((after.evaluation as { ok: boolean }).ok, true, 'the stored dataset is whole and scores');
    } finally {
      await kill9(again);
    }
  }
});

test('concurrent edits from 8 clients on the same version: one saved, seven conflicts reported', async () => {
  const s = await start();
  try {
    const cookies = await Promise.all(Array.from({ length: 8 }, () => login(s)));
    for (let round = 0; round < 3; round++) {
      const base = await current(s, cookies[0]!);
      const results = await Promise.all(
        cookies.map((c, i) =>
          call(s, 'PUT', `/api/datasets/${datasetId}`, c, {
            version: base.version,
            data: withMarker(base.data, `并发第 ${round} 轮客户端 ${i}`),
          }),
        ),
      );
      const saved = results.filter((r) => r.status === 200);
      const conflicts = results.filter((r) => r.status === 409);
      assert.equal(saved.length, 1, results.map((r) => r.status).join(','));
      assert.equal(conflicts.length, 7);
      for (const c of conflicts)
        assert.match(String(c.json.message ?? c.json.error ?? JSON.stringify(c.json)), CJK);
      const winner = results.indexOf(saved[0]!);
      const now = await current(s, cookies[1]!);
      assert.equal(now.version, base.version + 1);
      assert.equal(markerOf(now.data), `并发第 ${round} 轮客户端 ${winner}`);
    }
  } finally {
    await kill9(s);
  }
});
