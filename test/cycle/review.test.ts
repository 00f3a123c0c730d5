/**
 * Review per indicator through the API, review signals and 结果应用 on the bureau page and its .xlsx;
 * on PGlite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { DEFAULT_RESULT_APPLICATION_FILE, DEFAULT_SIGNALS_FILE } from '../../src/adapters/review-settings.ts';
import { Decimal, fixed } from '../../src/core/decimal.ts';
import type { ReviewItemsResponse, SignalsResponse } from '../../src/server/routes/review.ts';
import type { BureauSummary } from '../../src/server/api-types.ts';
import { BACKENDS, stopPostgres } from '../storage/db-helpers.ts';
import { apiFixture } from '../server/fixture.ts';

type Fixture = Awaited<ReturnType<typeof apiFixture>>;

after(() => stopPostgres());

for (const backend of BACKENDS) {
  describe(`review per indicator on ${backend.name}`, () => {
    let f: Fixture;
    let filler: string;
    let fillerB: string;
    let reviewer: string;
    before(async () => {
      f = await apiFixture(await backend.open());
      filler = await f.login('filler-a');
      fillerB = await f.login('filler-b');
      reviewer = await f.login('reviewer');
    });
    after(async () => {
      delete process.env.JIXIAO_RESULT_APPLICATION_FILE;
      delete process.env.JIXIAO_SIGNALS_FILE;
      await f.store.close();
    });

    const items = async (cookie: string, id = f.datasetA) => {
      const r = await f.req('GET', `/api/datasets/${id}/review-items`, { cookie });
      assert.equal(r.status, 200, r.text);
      return r.json as unknown as ReviewItemsResponse;
    };

    test('before any review: every level-3 indicator with its self score, review total = self total', async () => {
      const v = await items(filler);
      assert.equal(v.indicators.length, 21);
      assert.equal(v.selfTotal, '93.96');
      assert.equal(v.reviewTotal, v.selfTotal);
      assert.equal(v.can.review, false);
      assert.ok(v.indicators.every((i) => i.reviewScore === null && i.difference === null));
      assert.ok(v.projects.length >= 2, 'the seed’s project rows are reviewable too');
      // Another department's filler cannot read it.
      const other = await f.req('GET', `/api/datasets/${f.datasetA}/review-items`, { cookie: fillerB });
      assert.equal(other.status, 404);
    });

    test('refused: a filler writing, above the weight, differing without a comment (named in Chinese)', async () => {
      const v = await items(reviewer);
      const row = v.indicators.find((i) => new Decimal(i.selfScore).greaterThanOrEqualTo(1))!;
      const put = (cookie: string, body: unknown) =>
        f.req('PUT', `/api/datasets/${f.datasetA}/review-items`, { cookie, body });
      const byFiller = await put(filler, { items: [{ code: row.ref, score: row.selfScore, comment: '' }] });
      assert.equal(byFiller.status, 403);
      const over = await put(reviewer, {
        items: [{ code: row.ref, score: fixed(new Decimal(row.weight).plus(1)), comment: '多给' }],
      });
      assert.equal(over.status, 400);
      assert.match(String(over.json.message), new RegExp(`“${row.name}”.*超过该指标分值`));
      const bare = await put(reviewer, {
        items: [{ code: row.ref, score: fixed(new Decimal(row.selfScore).minus(1)), comment: '' }],
      });
      assert.equal(bare.status, 400);
      assert.match(String(bare.json.message), new RegExp(`“${row.name}”.*请填写复核意见`));
      // Nothing was stored by the refusals.
      assert.ok((await items(reviewer)).indicators.every((i) => i.reviewScore === null));
    });

    test('a reviewed score moves the framework’s total by the difference; audited; the filler sees the comment', async () => {
      const v = await items(reviewer);
      const row = v.indicators.find((i) => new Decimal(i.selfScore).greaterThanOrEqualTo(1))!;
      const reviewed = fixed(new Decimal(row.selfScore).minus('0.5'));
      const r = await f.req('PUT', `/api/datasets/${f.datasetA}/review-items`, {
        cookie: reviewer,
        body: {
          version: v.version,
          items: [{ code: row.ref, score: reviewed, comment: '佐证材料不足以支持满分' }],
        },
      });
      assert.equal(r.status, 200, r.text);
      const after = r.json as unknown as ReviewItemsResponse;
      assert.equal(after.reviewTotal, fixed(new Decimal(v.selfTotal).minus('0.5')));
      assert.equal(after.difference, '-0.50');
      assert.equal(after.reviewedVersion, v.version);
      const seen = (await items(filler)).indicators.find((i) => i.ref === row.ref)!;
      assert.equal(seen.comment, '佐证材料不足以支持满分');
      assert.equal(seen.reviewScore, reviewed);
      assert.equal(seen.difference, '-0.50');
      assert.equal(seen.reviewer, 'reviewer');
      const audit = await f.req('GET', `/api/datasets/${f.datasetA}/audit`, { cookie: filler });
      const rows = audit.json.audit as { action: string; newValue: Record<string, string> }[];
      assert.ok(
        rows.some((a) => a.action === '逐项复核' && a.newValue['复核意见'] === '佐证材料不足以支持满分'),
      );
      // A second batch on another row keeps the first (one review of the version), and a stale version is refused.
      const other = after.indicators.find((i) => i.ref !== row.ref)!;
      const r2 = await f.req('PUT', `/api/datasets/${f.datasetA}/review-items`, {
        cookie: reviewer,
        body: { items: [{ code: other.ref, score: other.selfScore, comment: '' }] },
      });
      assert.equal(r2.status, 200, r2.text);
      assert.equal((r2.json as unknown as ReviewItemsResponse).reviewTotal, after.reviewTotal);
      const stale = await f.req('PUT', `/api/datasets/${f.datasetA}/review-items`, {
        cookie: reviewer,
        body: { version: v.version + 5, items: [{ code: other.ref, score: other.selfScore, comment: '' }] },
      });
      assert.equal(stale.status, 409);
    });

    test('signals: reviewer only; the two departments share the seed’s narrative, so copied text fires between them', async () => {
      const denied = await f.req('GET', '/api/bureau/signals?year=2023', { cookie: filler });
      assert.equal(denied.status, 403);
      const r = await f.req('GET', '/api/bureau/signals?year=2023', { cookie: reviewer });
      assert.equal(r.status, 200, r.text);
      const s = r.json as unknown as SignalsResponse;
      const copied = s.signals.filter((x) => x.kind === 'copiedText');
      assert.ok(copied.some((x) => x.datasetId === f.datasetA));
      assert.ok(copied.some((x) => x.datasetId === f.datasetB));
      assert.ok(s.signals.some((x) => x.kind === 'overAchievement'));
      // No code reaches the user: titles, labels and evidence are Chinese.
      for (const x of s.signals) assert.match(x.title + x.severityLabel + x.kindLabel, /^[^A-Za-z]*$/u);
      const one = await f.req('GET', `/api/datasets/${f.datasetA}/signals`, { cookie: reviewer });
      assert.equal(one.status, 200);
      const mine = (one.json as unknown as SignalsResponse).signals;
      assert.ok(mine.length > 0 && mine.every((x) => x.datasetId === f.datasetA));
    });

    test('结果应用: the bureau page and its .xlsx show the suggestion; a swapped setting file changes it', async () => {
      const summary = async () =>
        (await f.req('GET', '/api/bureau/summary?year=2023', { cookie: reviewer }))
          .json as unknown as BureauSummary;
      const rowA = (s: BureauSummary) => s.rows.find((x) => x.datasetId === f.datasetA)!;
      const s1 = await summary();
      assert.equal(rowA(s1).grade, '优');
      assert.equal(rowA(s1).budgetSuggestion, '优先保障');
      const res = await f.app.request('/api/bureau/summary.xlsx?year=2023', {
        headers: { cookie: reviewer },
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
      const ws = wb.getWorksheet('汇总')!;
      assert.equal(ws.getRow(2).getCell(11).value, '预算安排建议');
      const cells: unknown[] = [];
      ws.eachRow((r) => cells.push(r.getCell(11).value));
      assert.ok(cells.includes('优先保障'));
      // Another jurisdiction's file: 优 → 压缩. No code changes, only the file.
      const dir = mkdtempSync(join(tmpdir(), 'jixiao-ra-'));
      const file = join(dir, 'other.yaml');
      writeFileSync(
        file,
        readFileSync(DEFAULT_RESULT_APPLICATION_FILE, 'utf8').replace('优: prioritize', '优: reduce'),
      );
      process.env.JIXIAO_RESULT_APPLICATION_FILE = file;
      const s2 = await summary();
      assert.equal(rowA(s2).budgetSuggestion, '压缩');
      // A broken file does not hide the summary: the reason says what is wrong.
      writeFileSync(file, 'name: 坏\ngrades:\n  优: more\n');
      const s3 = await summary();
      assert.equal(rowA(s3).budgetSuggestion, null);
      assert.match(String(rowA(s3).budgetSuggestionReason), /设置文件.*有误/);
      delete process.env.JIXIAO_RESULT_APPLICATION_FILE;
      // The bureau's signals file makes over-achievement a P0: the seed's 2000 % target moves 优先保障 down to 保障.
      const signalsFile = join(dir, 'signals.yaml');
      writeFileSync(
        signalsFile,
        readFileSync(DEFAULT_SIGNALS_FILE, 'utf8').replace(
          /kind: overAchievement\n {4}severity: P2/,
          'kind: overAchievement\n    severity: P0',
        ),
      );
      assert.notEqual(readFileSync(signalsFile, 'utf8'), readFileSync(DEFAULT_SIGNALS_FILE, 'utf8'));
      process.env.JIXIAO_SIGNALS_FILE = signalsFile;
      const s4 = await summary();
      assert.equal(rowA(s4).budgetSuggestion, '保障');
      assert.match(String(rowA(s4).budgetSuggestionReason), /高风险复核提示，下调 1 档/);
      delete process.env.JIXIAO_SIGNALS_FILE;
    });
  });
}
