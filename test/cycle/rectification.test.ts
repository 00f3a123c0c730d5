/**
 * 整改 through the API and the database, on PGlite and on PostgreSQL: items generated from the seed's
 * points lost (idempotent), refusals in Chinese that change nothing, audit in labels, overdue and due
 * with an injected clock (Asia/Shanghai dates), and open items carried into the next year's dataset
 * and written into that year's report as 上年问题整改情况.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { cleanInput } from '../../src/core/dataset/sections.ts';
import { RECTIFICATION_STATUS_LABELS, type RectificationView } from '../../src/core/rectification/model.ts';
import { score } from '../../src/core/score.ts';
import { buildReportModel } from '../../src/report/model/build.ts';
import { rectificationClock } from '../../src/server/routes/rectification.ts';
import { dumpDatabase, loadBackup } from '../../src/storage/backup.ts';
import { dueRectifications } from '../../src/storage/rectifications.ts';
import { futian, seedDataset, seedInput } from '../helpers.ts';
import { apiFixture } from '../server/fixture.ts';
import { BACKENDS, stopPostgres } from '../storage/db-helpers.ts';

type Fixture = Awaited<ReturnType<typeof apiFixture>>;
interface List {
  items: RectificationView[];
  carried: RectificationView[];
  today: string;
}

/** The seed's own result: how many points it lost is derived, never typed here. */
const seedProblems = score(seedDataset(), futian()).problems;

after(() => stopPostgres());

for (const backend of BACKENDS) {
  describe(`整改 on ${backend.name}`, () => {
    let f: Fixture;
    let filler: string;
    let fillerB: string;
    let reviewer: string;
    const list = async (datasetId: number, cookie = filler) => {
      const r = await f.req('GET', `/api/datasets/${datasetId}/rectifications`, { cookie });
      assert.equal(r.status, 200, r.text);
      return r.json as unknown as List;
    };
    const put = (id: number, body: unknown, datasetId = f.datasetA, cookie = filler) =>
      f.req('PUT', `/api/datasets/${datasetId}/rectifications/${id}`, { cookie, body });

    before(async () => {
      f = await apiFixture(await backend.open());
      filler = await f.login('filler-a');
      fillerB = await f.login('filler-b');
      reviewer = await f.login('reviewer');
    });
    after(async () => {
      rectificationClock.now = () => new Date();
      await f.store.close();
    });

    test('generating makes one item per point lost of the current result; again adds nothing', async () => {
      assert.equal((await list(f.datasetA)).items.length, 0);
      const r = await f.req('POST', `/api/datasets/${f.datasetA}/rectifications/generate`, {
        cookie: filler,
        body: {},
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.added, seedProblems.length);
      const items = (r.json as unknown as List).items;
      assert.deepEqual(
        items.map((i) => i.indicatorCode),
        seedProblems.map((p) => p.code),
      );
      for (const item of items) {
        assert.equal(item.status, 'open');
        assert.equal(item.year, 2023);
        assert.equal(item.source, 'lost');
        const measures = f.seed.measures[item.indicatorCode!];
        assert.equal(item.measure, measures?.join('\n') ?? '');
      }
      const again = await f.req('POST', `/api/datasets/${f.datasetA}/rectifications/generate`, {
        cookie: filler,
        body: {},
      });
      assert.equal(again.json.added, 0);
      assert.equal((await list(f.datasetA)).items.length, seedProblems.length);
    });

    test('review findings (the bureau’s 反馈书) become items, once; reviewers and other departments change nothing', async () => {
      const body = { findings: [{ code: seedProblems[0]!.code, text: '未附“三公”经费支出明细佐证' }] };
      const r = await f.req('POST', `/api/datasets/${f.datasetA}/rectifications/generate`, {
        cookie: filler,
        body,
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.added, 1);
      const again = await f.req('POST', `/api/datasets/${f.datasetA}/rectifications/generate`, {
        cookie: filler,
        body,
      });
      assert.equal(again.json.added, 0);
      const review = (await list(f.datasetA)).items.filter((i) => i.source === 'review');
      assert.equal(review.length, 1);
      assert.equal(review[0]!.indicatorName, seedProblems[0]!.name);
      // A reviewer reads the items but neither generates nor changes them (they are the department's).
      assert.equal((await list(f.datasetA, reviewer)).items.length, seedProblems.length + 1);
      const byReviewer = await f.req('POST', `/api/datasets/${f.datasetA}/rectifications/generate`, {
        cookie: reviewer,
        body: { findings: [{ text: '复核人直接写入' }] },
      });
      assert.equal(byReviewer.status, 403);
      assert.equal((await put(review[0]!.id, { owner: '复核人' }, f.datasetA, reviewer)).status, 403);
      const other = await f.req('GET', `/api/datasets/${f.datasetA}/rectifications`, { cookie: fillerB });
      assert.equal(other.status, 404);
      const write = await f.req('POST', `/api/datasets/${f.datasetA}/rectifications/generate`, {
        cookie: fillerB,
        body: {},
      });
      assert.equal(write.status, 404);
      assert.equal((await list(f.datasetA)).items.length, seedProblems.length + 1);
    });

    test('refusals: an impossible deadline, 整改中 without an owner, 已整改 without a note — nothing stored', async () => {
      const item = (await list(f.datasetA)).items[0]!;
      const cases: [unknown, RegExp][] = [
        [{ deadline: '2024-02-30' }, /整改期限“2024-02-30”不是有效日期/],
        [{ status: 'in_progress' }, /前请填写责任人/],
        [{ status: 'done', owner: '张三' }, /前请填写完成情况/],
      ];
      for (const [body, message] of cases) {
        const r = await put(item.id, body);
        assert.equal(r.status, 422, r.text);
        assert.match(String(r.json.message), message);
        assert.doesNotMatch(String(r.json.message), /in_progress|done|deadline/);
      }
      const bad = await put(item.id, { status: 'finished' });
      assert.equal(bad.status, 400, bad.text);
      assert.match(bad.text, /整改状态应为未整改、整改中、已整改之一/);
      const after = (await list(f.datasetA)).items[0]!;
      assert.deepEqual(after, item);
    });

    test('a change is stored and audited in Chinese labels; an item of another dataset is not found there', async () => {
      const item = (await list(f.datasetA)).items[1]!;
      const r = await put(item.id, { owner: '财务部 李四', deadline: '2024-06-30', status: 'in_progress' });
      assert.equal(r.status, 200, r.text);
      const stored = (await list(f.datasetA)).items[1]!;
      assert.equal(stored.status, 'in_progress');
      assert.equal(stored.deadline, '2024-06-30');
      assert.equal(stored.owner, '财务部 李四');
      assert.equal(stored.updatedBy, 'filler-a');
      const audit = await f.store.db
        .selectFrom('audit')
        .select(['path', 'old_value', 'new_value', 'action'])
        .where('dataset_id', '=', f.datasetA)
        .where('action', '=', '整改')
        .execute();
      const status = audit.find((a) => a.path.endsWith('整改状态'));
      assert.ok(status, JSON.stringify(audit));
      assert.equal(status.old_value, RECTIFICATION_STATUS_LABELS.open);
      assert.equal(status.new_value, RECTIFICATION_STATUS_LABELS.in_progress);
      assert.match(status.path, new RegExp(item.indicatorName!));
      assert.equal(audit.length, 3, 'one record per changed field');
      const wrong = await put(item.id, { owner: 'x' }, f.datasetB, await f.login('filler-b'));
      assert.equal(wrong.status, 404);
    });

    test('overdue by the Asia/Shanghai date of an injected clock; the bureau’s overdue list', async () => {
      const item = (await list(f.datasetA)).items[1]!;
      assert.equal(item.deadline, '2024-06-30');
      // 15:59 UTC on 30 June is 23:59 in Shanghai: still the deadline day.
      rectificationClock.now = () => new Date('2024-06-30T15:59:00Z');
      assert.equal((await list(f.datasetA)).items[1]!.overdue, false);
      const none = await f.req('GET', '/api/bureau/rectifications?year=2023&overdue=1', { cookie: reviewer });
      assert.equal(none.status, 200, none.text);
      assert.equal((none.json.items as unknown[]).length, 0);
      // 16:01 UTC is 1 July in Shanghai: overdue.
      rectificationClock.now = () => new Date('2024-06-30T16:01:00Z');
      assert.equal((await list(f.datasetA)).items[1]!.overdue, true);
      const overdue = await f.req('GET', '/api/bureau/rectifications?year=2023&overdue=1', {
        cookie: reviewer,
      });
      const rows = overdue.json.items as RectificationView[];
      assert.deepEqual(
        rows.map((r) => r.id),
        [item.id],
      );
      assert.equal(rows[0]!.departmentName, f.seed.department.name);
      assert.equal(overdue.json.today, '2024-07-01');
      const otherYear = await f.req('GET', '/api/bureau/rectifications?year=2022&overdue=1', {
        cookie: reviewer,
      });
      assert.equal((otherYear.json.items as unknown[]).length, 0);
      const all = await f.req('GET', '/api/bureau/rectifications?year=2023', { cookie: reviewer });
      assert.equal((all.json.items as unknown[]).length, seedProblems.length + 1);
      const refused = await f.req('GET', '/api/bureau/rectifications?overdue=1', { cookie: filler });
      assert.equal(refused.status, 403);
    });

    test('dueRectifications: the filler’s items due within 30 days; reviewers see overdue ones only', async () => {
      const { fillerA, fillerB: otherFiller, reviewer: rev } = f.users;
      const ids = (rows: RectificationView[]) => rows.map((r) => r.id);
      const item = (await list(f.datasetA)).items[1]!;
      const at = (iso: string) => new Date(`${iso}T04:00:00Z`);
      assert.deepEqual(ids(await dueRectifications(f.store.db, fillerA, at('2024-05-30'))), []);
      assert.deepEqual(ids(await dueRectifications(f.store.db, fillerA, at('2024-05-31'))), [item.id]);
      assert.deepEqual(ids(await dueRectifications(f.store.db, otherFiller, at('2024-05-31'))), []);
      assert.deepEqual(ids(await dueRectifications(f.store.db, rev, at('2024-05-31'))), []);
      assert.deepEqual(ids(await dueRectifications(f.store.db, rev, at('2024-07-01'))), [item.id]);
      assert.deepEqual(ids(await dueRectifications(f.store.db, fillerA, at('2024-07-01'))), [item.id]);
    });

    test('open items are carried into the next year and its report writes 上年问题整改情况 from them', async () => {
      rectificationClock.now = () => new Date('2024-03-01T04:00:00Z');
      const items = (await list(f.datasetA)).items;
      // One item done before the new year: it is not carried.
      const done = items[0]!;
      const d = await put(done.id, { owner: '办公室 王五', status: 'done', note: '已修订公务接待管理规定' });
      assert.equal(d.status, 200, d.text);
      const created = await f.req('POST', `/api/departments/${f.deptA.id}/datasets`, {
        cookie: filler,
        body: { year: 2024 },
      });
      assert.equal(created.status, 201, created.text);
      const next = Number(created.json.id);
      const open = items.filter((i) => i.id !== done.id);
      const got = await f.req('GET', `/api/datasets/${next}`, { cookie: filler });
      const carried = (
        got.json.data as { priorYear?: { rectifications?: { ref: string; status: string }[] } }
      ).priorYear?.rectifications;
      assert.deepEqual(
        carried?.map((c) => c.ref),
        open.map((i) => String(i.id)),
      );
      const nextList = await list(next);
      assert.equal(nextList.items.length, 0);
      assert.deepEqual(
        nextList.carried.map((c) => c.id),
        open.map((i) => i.id),
      );

      // The department fills in 2024 (the seed's figures) and saves; the carried items stay.
      const input = {
        ...seedInput(),
        year: 2024,
        priorYear: { ...(seedInput().priorYear as object), rectifications: carried },
      };
      const version = (got.json.dataset as { version: number }).version;
      const saved = await f.req('PUT', `/api/datasets/${next}`, {
        cookie: filler,
        body: { version, data: input },
      });
      assert.equal(saved.status, 200, saved.text);

      // An item of 2023 moves on after the new year: the 2024 copy follows, its score untouched.
      const moving = open[0]!;
      const m = await put(moving.id, { owner: '财务部 赵六', status: 'in_progress', deadline: '2024-09-30' });
      assert.equal(m.status, 200, m.text);
      const after = await f.req('GET', `/api/datasets/${next}`, { cookie: filler });
      assert.equal((after.json.dataset as { selfScore: string }).selfScore, '93.96');
      const parsed = parseDataset(cleanInput(after.json.data));
      assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors.slice(0, 3)));
      const ds = parsed.value;
      const copy = ds.priorYear?.rectifications?.find((r) => r.ref === String(moving.id));
      assert.equal(copy?.status, 'in_progress');

      // The report of 2024, built from that dataset, has the section and the item's sentences.
      const model = buildReportModel(ds, futian(), score(ds, futian()));
      const texts = model.blocks.map((b) =>
        b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.kind === 'heading' ? b.text : '',
      );
      const start = texts.indexOf('（二）上年问题整改情况');
      assert.ok(start > 0, 'the section is there');
      assert.ok(
        texts.indexOf('（三）部门整体支出绩效存在问题及改进措施') > start,
        'the headings after it renumber',
      );
      assert.ok(texts.includes('（四）后续工作计划、相关建议等'));
      const section = texts.slice(start, texts.indexOf('（三）部门整体支出绩效存在问题及改进措施'));
      assert.match(section[1]!, new RegExp(`有${open.length}项带入本年度跟踪整改`));
      const i = section.indexOf(`（1）${moving.problem}`);
      assert.ok(i > 0, section.join('\n'));
      assert.match(section[i + 1]!, /^整改措施：/);
      assert.equal(section[i + 2], '整改情况：整改中，责任人：财务部 赵六，整改期限为2024年9月30日。');
      assert.ok(
        !section.some((t) => t.includes(done.problem)),
        'the item done before the new year is not carried',
      );
      assert.ok(!section.join('').match(/in_progress|open|done/), 'no status code reaches the report');
    });

    test('a new year created with its figures (not blank) carries the open items at once, in its first version', async () => {
      const g = await f.req('POST', `/api/datasets/${f.datasetB}/rectifications/generate`, {
        cookie: fillerB,
        body: {},
      });
      assert.equal(g.status, 200, g.text);
      const open = (await list(f.datasetB, fillerB)).items;
      assert.ok(open.length > 0);
      const input = { ...seedInput(), year: 2024 };
      const created = await f.req('POST', `/api/departments/${f.deptB.id}/datasets`, {
        cookie: fillerB,
        body: { year: 2024, data: input },
      });
      assert.equal(created.status, 201, created.text);
      const next = Number(created.json.id);
      const got = await f.req('GET', `/api/datasets/${next}`, { cookie: fillerB });
      assert.equal((got.json.dataset as { version: number }).version, 1);
      const carried = (got.json.data as { priorYear?: { rectifications?: { ref: string }[] } }).priorYear
        ?.rectifications;
      assert.deepEqual(
        carried?.map((c) => c.ref),
        open.map((i) => String(i.id)),
      );
      assert.deepEqual(
        (await list(next, fillerB)).carried.map((c) => c.id),
        open.map((i) => i.id),
      );
    });

    test('a backup holds the items and a restore brings them back, carried marks included', async () => {
      const before = await f.store.db.selectFrom('rectifications').selectAll().orderBy('id').execute();
      assert.ok(before.some((r) => r.carried_to !== null));
      const backup = await dumpDatabase(f.store.db);
      const other = await backend.open();
      try {
        await loadBackup(other.db, backup);
        const after = await other.db.selectFrom('rectifications').selectAll().orderBy('id').execute();
        assert.deepEqual(after, before);
        // Ids continue after the restored ones.
        const next = await other.db
          .insertInto('rectifications')
          .values({
            dataset_id: before[0]!.dataset_id,
            item_key: 'review::新',
            source: 'review',
            indicator_code: null,
            indicator_name: null,
            lost: null,
            problem: '新',
            updated_by: null,
            updated_by_name: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        assert.ok(next.id > Math.max(...before.map((r) => r.id)));
      } finally {
        await other.close();
      }
    });
  });
}
