/**
 * The submission cycle through the HTTP API, on PGlite and on PostgreSQL: every transition and every
 * refusal (wrong role, wrong state, missing reason, data with errors, a save or import while frozen,
 * two transitions at once), the report frozen at 送审 byte for byte with its SHA-256, versions read and
 * compared with Chinese labels, 待办, and the state on the bureau page and its .xlsx.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { setPath } from '../../src/core/dataset/sections.ts';
import type {
  CompareResponse,
  SubmissionResponse,
  TodoResponse,
  VersionResponse,
  VersionsResponse,
} from '../../src/server/routes/submission.ts';
import { dumpDatabase, loadBackup } from '../../src/storage/backup.ts';
import { getSubmission, listSubmissionEvents } from '../../src/storage/submissions.ts';
import { apiFixture } from '../server/fixture.ts';
import { BACKENDS, stopPostgres } from '../storage/db-helpers.ts';

type Fixture = Awaited<ReturnType<typeof apiFixture>>;
const CJK = /[\u4e00-\u9fff]/;
/** What a raw field path or a code looks like: none may reach a label. */
const RAW = /[A-Za-z_]+\.[A-Za-z_]|\[\d+\]|\b(draft|submitted|reviewing|returned|passed)\b/;

after(() => stopPostgres());

for (const backend of BACKENDS) {
  describe(`submission cycle on ${backend.name}`, () => {
    let f: Fixture;
    let filler: string;
    let fillerB: string;
    let reviewer: string;
    let admin: string;
    let url: string;

    const state = async (cookie = filler) => {
      const r = await f.req('GET', `${url}/submission`, { cookie });
      assert.equal(r.status, 200, r.text);
      return r.json as unknown as SubmissionResponse;
    };
    const act = (t: string, cookie: string, reason?: string) =>
      f.req('POST', `${url}/submission/${t}`, { cookie, body: reason === undefined ? {} : { reason } });
    const current = async () => {
      const g = await f.req('GET', url, { cookie: filler });
      return { version: (g.json.dataset as { version: number }).version, data: g.json.data };
    };
    const save = async (data: unknown, cookie = filler) => {
      const c = await current();
      return f.req('PUT', url, { cookie, body: { version: c.version, data } });
    };
    const touch = async (score: string) => save(setPath((await current()).data, 'satisfaction.score', score));

    before(async () => {
      f = await apiFixture(await backend.open());
      url = `/api/datasets/${f.datasetA}`;
      filler = await f.login('filler-a');
      fillerB = await f.login('filler-b');
      reviewer = await f.login('reviewer');
      admin = await f.login('admin');
    });
    after(async () => {
      await f.store.close();
    });

    test('a dataset starts 填报中; each user is offered only what they may do', async () => {
      const s = await state();
      assert.equal(s.state, 'draft');
      assert.equal(s.stateLabel, '填报中');
      assert.equal(s.frozen, false);
      assert.deepEqual(
        s.allowed.map((a) => a.label),
        ['送审'],
      );
      assert.deepEqual((await state(reviewer)).allowed, []);
      assert.equal((await f.req('GET', `${url}/submission`, { cookie: fillerB })).status, 404);
    });

    test('wrong role, wrong state, unknown transition: refused in Chinese, nothing written', async () => {
      const r1 = await act('submit', reviewer);
      assert.equal(r1.status, 403);
      assert.match(String(r1.json.message), /仅本部门填报人或管理员可以送审/);
      const r2 = await act('startReview', reviewer);
      assert.equal(r2.status, 409);
      assert.match(String(r2.json.message), /当前状态为“填报中”，不能开始复核/);
      assert.equal((await act('submit', fillerB)).status, 404);
      assert.equal((await act('approve', filler)).status, 404);
      assert.equal((await state()).events.length, 0);
    });

    test('data with error findings cannot be submitted: 422 names each problem', async () => {
      const c = await current();
      const bad = setPath(c.data, 'stated', { 'budget.initial.total': '3,224.00' });
      assert.equal((await save(bad)).status, 200);
      const r = await act('submit', filler);
      assert.equal(r.status, 422, r.text);
      const problems = r.json.problems as string[];
      assert.ok(problems.length >= 1);
      assert.ok(
        problems.some((p) => /年初预算/.test(p) && /3,224\.00/.test(p)),
        problems.join('\n'),
      );
      for (const p of problems) assert.doesNotMatch(p, /stated\.|budget\./);
      assert.match(String(r.json.message), /不能送审/);
      assert.equal((await state()).state, 'draft');
      // Fixed: the stated figure removed again.
      assert.equal((await save(setPath((await current()).data, 'stated', {}))).status, 200);
    });

    test('送审 freezes the version and stores the report bytes with their SHA-256', async () => {
      const before = await current();
      const r = await act('submit', filler);
      assert.equal(r.status, 200, r.text);
      const s = r.json as unknown as SubmissionResponse;
      assert.equal(s.state, 'submitted');
      assert.equal(s.stateLabel, '已送审');
      assert.equal(s.version, before.version);
      assert.equal(s.frozen, true);
      assert.match(s.frozenNote ?? '', /数据已冻结/);
      assert.match(s.reportSha256 ?? '', /^[0-9a-f]{64}$/);
      const stored = await getSubmission(f.store.db, f.datasetA);
      assert.ok(stored.reportDocx && stored.reportDocx.length > 1000);
      assert.equal(createHash('sha256').update(stored.reportDocx).digest('hex'), s.reportSha256);
      const res = await f.app.request(`${url}/submission/report.docx`, { headers: { cookie: reviewer } });
      assert.equal(res.status, 200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.deepEqual(bytes, stored.reportDocx);
      assert.equal(res.headers.get('x-content-sha256'), s.reportSha256);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), s.reportSha256);
      assert.equal(bytes[0], 0x50); // PK: a .docx is a zip
    });

    test('while submitted, saves and workbook imports are refused (409, Chinese), nothing changes', async () => {
      const before = await current();
      const r = await touch('77.00');
      assert.equal(r.status, 409);
      assert.equal(r.json.code, 'frozen');
      assert.match(String(r.json.message), /已送审.*撤回/);
      const wb = await f.app.request(`${url}/workbook.xlsx`, { headers: { cookie: filler } });
      const file = Buffer.from(await wb.arrayBuffer()).toString('base64');
      const imp = await f.req('POST', `${url}/workbook`, { cookie: filler, body: { file } });
      assert.equal(imp.status, 409);
      assert.match(String(imp.json.message), /数据已冻结/);
      assert.equal((await current()).version, before.version);
    });

    test('撤回 before the review starts returns it to 填报中; then 送审 again', async () => {
      const w = await act('withdraw', filler, '发现一处笔误');
      assert.equal(w.status, 200, w.text);
      assert.equal((w.json as unknown as SubmissionResponse).state, 'draft');
      assert.equal((await touch('88.00')).status, 200);
      const s = await act('submit', filler);
      assert.equal(s.status, 200, s.text);
    });

    test('开始复核 by the reviewer only; after it the department can no longer withdraw', async () => {
      assert.equal((await act('startReview', filler)).status, 403);
      const r = await act('startReview', reviewer);
      assert.equal(r.status, 200, r.text);
      const s = r.json as unknown as SubmissionResponse;
      assert.equal(s.stateLabel, '复核中');
      assert.deepEqual(
        s.allowed.map((a) => a.label),
        ['退回', '通过'],
      );
      const w = await act('withdraw', filler);
      assert.equal(w.status, 409);
      assert.match(String(w.json.message), /复核中.*不能撤回/);
      assert.equal((await touch('70.00')).status, 409);
    });

    test('退回 needs a reason; the department sees it in 待办 and may edit again', async () => {
      const noReason = await act('return', reviewer, '  ');
      assert.equal(noReason.status, 400);
      assert.match(String(noReason.json.message), /退回须写明理由/);
      const r = await act('return', reviewer, '满意度得分缺少调查报告');
      assert.equal(r.status, 200, r.text);
      assert.equal((r.json as unknown as SubmissionResponse).stateLabel, '已退回');
      const todo = (await f.req('GET', '/api/todo', { cookie: filler })).json as unknown as TodoResponse;
      const item = todo.items.find((i) => i.datasetId === f.datasetA && i.kind === 'returned');
      assert.ok(item, JSON.stringify(todo));
      assert.match(item.note ?? '', /满意度得分缺少调查报告/);
      assert.match(item.kindLabel, CJK);
      assert.equal((await touch('86.52')).status, 200);
      const again = await act('submit', filler);
      assert.equal(again.status, 200, again.text);
    });

    test('two reviewers start the review at once: one wins, the other is told (409)', async () => {
      const other = await f.login('reviewer');
      const results = await Promise.all([act('startReview', reviewer), act('startReview', other)]);
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 409]);
      const lost = results.find((r) => r.status === 409)!;
      assert.match(String(lost.json.message), CJK);
      const s = await state();
      assert.equal(s.state, 'reviewing');
      assert.equal(s.events.filter((e) => e.actionLabel === '开始复核').length, 2); // one per review round
    });

    test('reviewer 待办 lists what waits; 通过 freezes for good; 重新填报 needs a reason', async () => {
      const todo = (await f.req('GET', '/api/todo', { cookie: reviewer })).json as unknown as TodoResponse;
      assert.ok(todo.items.some((i) => i.datasetId === f.datasetA && i.stateLabel === '复核中'));
      const p = await act('pass', reviewer);
      assert.equal(p.status, 200, p.text);
      assert.equal((p.json as unknown as SubmissionResponse).stateLabel, '已通过');
      const refused = await touch('60.00');
      assert.equal(refused.status, 409);
      assert.match(String(refused.json.message), /重新填报/);
      assert.equal((await act('reopen', filler)).status, 400);
      assert.equal((await act('reopen', reviewer, '理由')).status, 403);
      const r = await act('reopen', filler, '审计发现决算数有误，需更正');
      assert.equal(r.status, 200, r.text);
      assert.equal((r.json as unknown as SubmissionResponse).state, 'draft');
      assert.equal((await touch('60.00')).status, 200);
      // An administrator may act for the department.
      assert.equal((await act('submit', admin)).status, 200);
    });

    test('every transition is in the history with who, when, from, to and reason, all in Chinese', async () => {
      const s = await state();
      assert.deepEqual(
        s.events.map((e) => e.actionLabel),
        ['送审', '撤回', '送审', '开始复核', '退回', '送审', '开始复核', '通过', '重新填报', '送审'],
      );
      const ret = s.events.find((e) => e.actionLabel === '退回')!;
      assert.equal(ret.fromLabel, '复核中');
      assert.equal(ret.toLabel, '已退回');
      assert.equal(ret.username, 'reviewer');
      assert.equal(ret.reason, '满意度得分缺少调查报告');
      for (const e of s.events) {
        assert.ok(!Number.isNaN(Date.parse(e.at)));
        assert.doesNotMatch(`${e.fromLabel}${e.toLabel}${e.actionLabel}`, RAW);
      }
    });

    test('the bureau summary and its .xlsx show each department’s state', async () => {
      const sum = await f.req('GET', '/api/bureau/summary?year=2023', { cookie: reviewer });
      const rows = sum.json.rows as { datasetId: number; stateLabel: string }[];
      assert.equal(rows.find((r) => r.datasetId === f.datasetA)?.stateLabel, '已送审');
      assert.equal(rows.find((r) => r.datasetId === f.datasetB)?.stateLabel, '填报中');
      const res = await f.app.request('/api/bureau/summary.xlsx?year=2023', {
        headers: { cookie: reviewer },
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
      const ws = wb.getWorksheet('汇总')!;
      assert.equal(ws.getRow(2).getCell(10).value, '送审状态');
      const col = [3, 4].map((i) => String(ws.getRow(i).getCell(10).value));
      assert.deepEqual(col.sort(), ['填报中', '已送审'].sort());
    });

    test('versions: listed, opened read-only with the score, compared field by field in Chinese', async () => {
      const list = (await f.req('GET', `${url}/versions`, { cookie: reviewer }))
        .json as unknown as VersionsResponse;
      assert.ok(list.versions.length >= 5);
      assert.equal(list.versions[0]!.version, list.current);
      assert.equal(list.submitted, list.current);
      const v1 = (await f.req('GET', `${url}/versions/1`, { cookie: filler }))
        .json as unknown as VersionResponse;
      assert.equal(v1.version, 1);
      assert.ok(
        v1.evaluation.ok && v1.evaluation.total === '93.96',
        JSON.stringify(v1.evaluation).slice(0, 200),
      );
      assert.equal((await f.req('GET', `${url}/versions/999`, { cookie: filler })).status, 404);
      const cmp = await f.req('GET', `${url}/compare?a=1&b=${list.current}`, { cookie: filler });
      assert.equal(cmp.status, 200, cmp.text);
      const c = cmp.json as unknown as CompareResponse;
      const sat = c.fields.find((x) => /满意度/.test(x.label));
      assert.ok(sat, JSON.stringify(c.fields));
      assert.equal(Number(sat.after), 60);
      for (const x of c.fields) {
        assert.match(x.label, CJK);
        assert.doesNotMatch(x.label, RAW);
      }
      assert.ok(c.scores.length > 10);
      for (const s of c.scores) assert.match(s.name, CJK);
      assert.ok(
        c.scores.some((s) => s.a !== s.b),
        'the satisfaction score changed a level-3 score',
      );
      assert.equal(c.totals.a, '93.96');
      assert.notEqual(c.totals.b, '93.96');
      assert.equal((await f.req('GET', `${url}/compare?a=1`, { cookie: filler })).status, 400);
    });

    test('a backup carries the state, the history and the submitted report byte for byte', async () => {
      const backup = JSON.parse(JSON.stringify(await dumpDatabase(f.store.db))) as Parameters<
        typeof loadBackup
      >[1];
      const target = await backend.open();
      try {
        await loadBackup(target.db, backup);
        const [was, now] = [
          await getSubmission(f.store.db, f.datasetA),
          await getSubmission(target.db, f.datasetA),
        ];
        assert.equal(now.state, was.state);
        assert.equal(now.version, was.version);
        assert.ok(now.reportDocx && was.reportDocx);
        assert.deepEqual(now.reportDocx, was.reportDocx);
        assert.equal(createHash('sha256').update(now.reportDocx).digest('hex'), was.reportSha256);
        assert.deepEqual(
          (await listSubmissionEvents(target.db, f.datasetA)).map((e) => [e.fromState, e.toState, e.reason]),
          (await listSubmissionEvents(f.store.db, f.datasetA)).map((e) => [e.fromState, e.toState, e.reason]),
        );
      } finally {
        await target.close();
      }
    });

    test('a save and a 送审 at once: the submitted version is always the data as it then stood', async () => {
      assert.equal((await act('withdraw', filler)).status, 200);
      for (let i = 0; i < 3; i++) {
        const [saved, submitted] = await Promise.all([touch(`8${i}.00`), act('submit', filler)]);
        assert.ok([200, 409].includes(saved.status), saved.text);
        assert.ok([200, 409].includes(submitted.status), submitted.text);
        assert.ok(saved.status === 200 || submitted.status === 200, 'one of them goes through');
        for (const r of [saved, submitted]) if (r.status === 409) assert.match(String(r.json.message), CJK);
        const s = await state();
        if (s.state === 'submitted') {
          assert.equal(s.version, (await current()).version, 'nothing saved after the frozen version');
          assert.equal((await act('withdraw', filler)).status, 200);
        }
      }
    });
  });
}
