/**
 * Reviews tied to the version they reviewed, blank new years, and one name per save; on PGlite and
 * on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { NEW_YEAR_BLANK_PATHS } from '../../src/server/new-year.ts';
import { getPath, setPath } from '../../src/core/dataset/sections.ts';
import { BACKENDS, stopPostgres } from '../storage/db-helpers.ts';
import { apiFixture, B_NAME } from './fixture.ts';

type Fixture = Awaited<ReturnType<typeof apiFixture>>;

interface Row {
  departmentId: number;
  datasetId: number | null;
  selfScore: string | null;
  grade: string | null;
  reviewScore: string | null;
  reviewGrade: string | null;
  reviewStale: string | null;
}
interface Summary {
  rows: Row[];
  average: string | null;
  distribution: { grade: string; count: number }[];
}

async function summaryXlsx(f: Fixture, cookie: string, year: number): Promise<string[][]> {
  const res = await f.app.request(`/api/bureau/summary.xlsx?year=${year}`, { headers: { cookie } });
  assert.equal(res.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  const out: string[][] = [];
  wb.getWorksheet('汇总')!.eachRow((r) => {
    const cells: string[] = [];
    for (let i = 1; i <= 9; i++) cells.push(r.getCell(i).value === null ? '' : String(r.getCell(i).value));
    out.push(cells);
  });
  return out;
}

after(() => stopPostgres());

for (const backend of BACKENDS) {
  describe(`reviews and new years on ${backend.name}`, () => {
    let f: Fixture;
    let filler: string;
    let reviewer: string;
    before(async () => {
      f = await apiFixture(await backend.open());
      filler = await f.login('filler-a');
      reviewer = await f.login('reviewer');
    });
    after(async () => {
      await f.store.close();
    });

    test('a review saw one version: after a later save it is marked stale everywhere and not averaged', async () => {
      const r = await f.req('POST', `/api/datasets/${f.datasetA}/reviews`, {
        cookie: reviewer,
        body: { score: '80', reason: '佐证材料不足' },
      });
      assert.equal(r.status, 201, r.text);
      const fresh = (await f.req('GET', '/api/bureau/summary?year=2023', { cookie: reviewer }))
        .json as unknown as Summary;
      const rowBefore = fresh.rows.find((x) => x.datasetId === f.datasetA)!;
      assert.equal(rowBefore.reviewStale, null);
      assert.equal(rowBefore.reviewGrade, '良');
      // The department saves twice more (versions 2 and 3).
      let version = 1;
      for (const score of ['88.00', '86.52']) {
        const g = await f.req('GET', `/api/datasets/${f.datasetA}`, { cookie: filler });
        const data = setPath(g.json.data, 'satisfaction.score', score);
        const s = await f.req('PUT', `/api/datasets/${f.datasetA}`, {
          cookie: filler,
          body: { version, data },
        });
        assert.equal(s.status, 200, s.text);
        version += 1;
      }
      const note = '复核后数据已修改：第 1 版 → 第 3 版';
      const reviews = (await f.req('GET', `/api/datasets/${f.datasetA}/reviews`, { cookie: filler })).json
        .reviews as { datasetVersion: number; staleNote: string | null }[];
      assert.deepEqual(
        reviews.map((x) => [x.datasetVersion, x.staleNote]),
        [[1, note]],
      );
      const s = (await f.req('GET', '/api/bureau/summary?year=2023', { cookie: reviewer }))
        .json as unknown as Summary;
      const row = s.rows.find((x) => x.datasetId === f.datasetA)!;
      const other = s.rows.find((x) => x.datasetId === f.datasetB)!;
      assert.equal(row.reviewStale, note);
      const history = (await f.req('GET', `/api/datasets/${f.datasetA}/history`, { cookie: filler })).json
        .years as { year: number; reviewStale: string | null }[];
      assert.equal(history.find((y) => y.year === 2023)!.reviewStale, note);
      assert.equal(row.reviewScore, '80.00', 'the stale score is still shown, with its note');
      assert.equal(row.reviewGrade, null, 'a stale review is not graded as current');
      // The average takes the self-scores (93.96 both): the stale 80 is not averaged as if current.
      assert.equal(row.selfScore, '93.96');
      assert.equal(s.average, '93.96');
      assert.equal(s.distribution.find((d) => d.grade === '优')!.count, 2);
      const sheet = await summaryXlsx(f, reviewer, 2023);
      assert.equal(sheet[1]![6], '复核说明');
      const line = sheet.find((cells) => cells[0] === f.seed.department.name)!;
      assert.equal(line[6], note);
      assert.equal(sheet.find((cells) => cells[0] === B_NAME)![6], '', 'the other department has no review');
      assert.equal(other.reviewStale, null);
      // A new review of the current version is current again.
      const again = await f.req('POST', `/api/datasets/${f.datasetA}/reviews`, {
        cookie: reviewer,
        body: { score: '92', reason: '已核对修改后的数据' },
      });
      assert.equal(again.status, 201);
      const s2 = (await f.req('GET', '/api/bureau/summary?year=2023', { cookie: reviewer }))
        .json as unknown as Summary;
      assert.equal(s2.rows.find((x) => x.datasetId === f.datasetA)!.reviewStale, null);
      assert.equal(s2.average, '92.98');
    });

    test('a new year starts blank: amounts empty, not scored, 未填报 everywhere, carried targets to re-date', async () => {
      const created = await f.req('POST', `/api/departments/${f.deptA.id}/datasets`, {
        cookie: filler,
        body: { year: 2024 },
      });
      assert.equal(created.status, 201, created.text);
      const id = created.json.id as number;
      const g = await f.req('GET', `/api/datasets/${id}`, { cookie: filler });
      const data = g.json.data as Record<string, unknown>;
      for (const p of NEW_YEAR_BLANK_PATHS) assert.equal(getPath(data, p), '', `${p} is blank, not 0`);
      const ev = g.json.evaluation as {
        ok: boolean;
        unfilled: boolean;
        errors: { path: string }[];
        redate: { path: string; carriedFrom: number; message: string }[];
      };
      assert.equal(ev.ok, false);
      assert.equal(ev.unfilled, true);
      assert.equal((g.json.dataset as { selfScore: string | null }).selfScore, null);
      // The one target dated 2023 (补助发放时间: 2023年12月31日前) is a reminder, with its field.
      const dated = (f.seed.targets as { target: string }[]).findIndex((t) => /2023/.test(t.target));
      assert.ok(dated >= 0);
      assert.deepEqual(
        ev.redate.map((r) => [r.path, r.carriedFrom]),
        [[`targets[${dated}].target`, 2023]],
      );
      assert.match(ev.redate[0]!.message, /沿用自 2023 年的目标，请改为 2024 年/);

      const s = (await f.req('GET', '/api/bureau/summary?year=2024', { cookie: reviewer }))
        .json as unknown as Summary;
      const row = s.rows.find((x) => x.datasetId === id)!;
      assert.equal(row.selfScore, null);
      assert.equal(row.grade, null);
      assert.equal(s.average, null, 'an unfilled year is not averaged (as 0 or otherwise)');
      assert.equal(
        s.distribution.reduce((n, d) => n + d.count, 0),
        0,
      );
      const sheet = await summaryXlsx(f, reviewer, 2024);
      assert.equal(sheet.find((cells) => cells[0] === f.seed.department.name)![1], '未填报');
      const report = await f.req('GET', `/api/datasets/${id}/report.docx`, { cookie: filler });
      assert.equal(report.status, 422);
      assert.match(report.json.message as string, /尚未填报完整/);
      const review = await f.req('POST', `/api/datasets/${id}/reviews`, {
        cookie: reviewer,
        body: { score: '60', reason: '未填报' },
      });
      assert.equal(review.status, 422);
      assert.match(review.json.message as string, /尚未填报完整，没有可复核的得分/);

      // Filled in, it is scored, and the carried target's old date is not a finding.
      let filled: unknown = data;
      for (const p of NEW_YEAR_BLANK_PATHS) filled = setPath(filled, p, getPath(f.seed, p));
      const saved = await f.req('PUT', `/api/datasets/${id}`, {
        cookie: filler,
        body: { version: 1, data: filled },
      });
      assert.equal(saved.status, 200, saved.text);
      const after = saved.json as {
        dataset: { selfScore: string };
        evaluation: { findings: { code: string; path?: string }[] | null; redate: unknown[] };
      };
      assert.ok(after.dataset.selfScore !== null);
      assert.equal(after.evaluation.redate.length, 1);
      assert.ok(
        !(after.evaluation.findings ?? []).some((x) => x.path === `targets[${dated}].target`),
        'a carried target is not a finding',
      );
      // Re-dated, the reminder goes.
      const redated = setPath(filled, `targets[${dated}].target`, '2024年12月31日前');
      const s2 = await f.req('PUT', `/api/datasets/${id}`, {
        cookie: filler,
        body: { version: 2, data: redated },
      });
      assert.equal(s2.status, 200, s2.text);
      assert.equal((s2.json.evaluation as { redate: unknown[] }).redate.length, 0);
    });

    test('a partly filled new year is saved as a draft: kept, 未填报, merged per field; a wrong figure is refused', async () => {
      const created = await f.req('POST', `/api/departments/${f.deptA.id}/datasets`, {
        cookie: filler,
        body: { year: 2025 },
      });
      assert.equal(created.status, 201, created.text);
      const id = created.json.id as number;
      const blank = (await f.req('GET', `/api/datasets/${id}`, { cookie: filler })).json.data;
      const [first, second] = NEW_YEAR_BLANK_PATHS as readonly [string, string, ...string[]];
      const one = setPath(blank, first, getPath(f.seed, first));
      const saved = await f.req('PUT', `/api/datasets/${id}`, {
        cookie: filler,
        body: { version: 1, data: one },
      });
      assert.equal(saved.status, 200, saved.text);
      assert.equal((saved.json.evaluation as { unfilled: boolean }).unfilled, true);
      const g = await f.req('GET', `/api/datasets/${id}`, { cookie: filler });
      assert.equal(getPath(g.json.data, first), getPath(f.seed, first), 'the figure typed is kept');
      assert.equal(getPath(g.json.data, second), '', 'the figures not typed stay blank');
      assert.equal((g.json.dataset as { selfScore: string | null }).selfScore, null);
      assert.equal((g.json.evaluation as { unfilled: boolean }).unfilled, true);
      const s = (await f.req('GET', '/api/bureau/summary?year=2025', { cookie: reviewer }))
        .json as unknown as Summary;
      assert.equal(s.rows.find((x) => x.datasetId === id)!.selfScore, null);
      assert.equal(s.average, null, 'a draft is not averaged');
      const review = await f.req('POST', `/api/datasets/${id}/reviews`, {
        cookie: reviewer,
        body: { score: '60', reason: '草稿' },
      });
      assert.equal(review.status, 422);

      // Another save based on the blank version, typing a second figure: merged per field, both kept.
      const other = setPath(blank, second, getPath(f.seed, second));
      const merged = await f.req('PUT', `/api/datasets/${id}`, {
        cookie: filler,
        body: { version: 1, data: other },
      });
      assert.equal(merged.status, 200, merged.text);
      const m = merged.json.data;
      assert.equal(getPath(m, first), getPath(f.seed, first));
      assert.equal(getPath(m, second), getPath(f.seed, second));
      assert.equal((merged.json.dataset as { version: number }).version, 3);

      // A wrong figure is refused with its field, and nothing is lost.
      const wrong = setPath(m, 'procurement.actual', '十万');
      const refused = await f.req('PUT', `/api/datasets/${id}`, {
        cookie: filler,
        body: { version: 3, data: wrong },
      });
      assert.equal(refused.status, 422, refused.text);
      assert.ok(
        (refused.json.errors as { path: string }[]).some((e) => e.path === 'procurement.actual'),
        refused.text,
      );
      const kept = await f.req('GET', `/api/datasets/${id}`, { cookie: filler });
      assert.equal((kept.json.dataset as { version: number }).version, 3);

      // Filled in, it is scored; blanking a figure of a scored year is refused, not turned back into a draft.
      let filled: unknown = m;
      for (const p of NEW_YEAR_BLANK_PATHS) filled = setPath(filled, p, getPath(f.seed, p));
      const full = await f.req('PUT', `/api/datasets/${id}`, {
        cookie: filler,
        body: { version: 3, data: filled },
      });
      assert.equal(full.status, 200, full.text);
      assert.ok((full.json.dataset as { selfScore: string | null }).selfScore !== null);
      assert.equal((full.json.evaluation as { ok: boolean }).ok, true);
      const blanked = setPath(filled, first, '');
      const back = await f.req('PUT', `/api/datasets/${id}`, {
        cookie: filler,
        body: { version: 4, data: blanked },
      });
      assert.equal(back.status, 422, back.text);
    });

    test('a save is credited to one name: the list, the dataset and the audit say the same', async () => {
      // The fixture created both datasets as “系统” (an administrator's id, another display name).
      const g = await f.req('GET', `/api/datasets/${f.datasetB}`, { cookie: reviewer });
      const audit = (await f.req('GET', `/api/datasets/${f.datasetB}/audit`, { cookie: reviewer })).json
        .audit as { username: string }[];
      assert.equal((g.json.dataset as { updatedBy: string }).updatedBy, '系统');
      assert.deepEqual(
        audit.map((x) => x.username),
        ['系统'],
      );
    });
  });
}
