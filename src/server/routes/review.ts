/**
 * Review per indicator (复核意见) and review signals (复核提示), issue 16 parts 4 and 5.
 *  - GET  /api/datasets/:datasetId/review-items   the rows, comments and the framework's review total
 *                                                  (the department reads them too: comments beside its fields)
 *  - PUT  /api/datasets/:datasetId/review-items   a batch of {code, score, comment}; reviewer/admin; one
 *                                                  transaction, audited
 *  - GET  /api/datasets/:datasetId/signals        the signals of one department (reviewer/admin)
 *  - GET  /api/bureau/signals?year=               every department's signals (reviewer/admin)
 * The whole-total review (POST …/reviews in app.ts) stays as it was.
 */
import { z } from 'zod';
import { SettingsFileError } from '../../adapters/review-settings.ts';
import { reviewProblems, REVIEW_TARGETS, type ReviewEntry } from '../../core/review/total.ts';
import type { ReviewItemsResponse, SignalsResponse } from '../../core/review/views.ts';
import { signalRules } from '../../adapters/review-settings.ts';
import { Decimal, fixed } from '../../core/decimal.ts';
import { getDatasetForUpdate, insertAudit } from '../../storage/repo.ts';
import { saveReviewItems } from '../../storage/review-items.ts';
import { HttpError, type C, type RouteModule } from '../kit.ts';
import { datasetReview, reviewableRows, yearSignals } from '../review.ts';
import { evaluate } from '../service.ts';

export type { ReviewItemsResponse, ReviewItemView, SignalsResponse } from '../../core/review/views.ts';

const ITEMS_BODY = z.object({
  /** The version the reviewer saw; a save after it is a conflict (optional). */
  version: z.number().int().min(1).optional(),
  items: z
    .array(
      z.object({
        kind: z.enum(REVIEW_TARGETS).default('indicator'),
        code: z.string().min(1).max(200),
        score: z.string().max(20),
        comment: z.string().max(5000).default(''),
      }),
    )
    .min(1, '没有要保存的复核意见')
    .max(1000),
});

/** A settings file the bureau edited wrongly: the reviewer is told which and why, in Chinese. */
function settingsError(e: unknown): never {
  if (e instanceof SettingsFileError)
    throw new HttpError(422, 'settings_invalid', `复核提示或结果应用设置有误：${e.errors.join('；')}`);
  throw e;
}

export const register: RouteModule = (kit) => {
  const { db, frameworks } = kit;
  const isReviewer = (role: string) => role === 'reviewer' || role === 'admin';
  const yearQuery = (c: C) => {
    const y = Number(c.req.query('year'));
    if (!Number.isInteger(y) || y < 2000 || y > 2100)
      throw new HttpError(400, 'bad_request', '请给出年度 year');
    return y;
  };

  kit.route(
    'get',
    '/api/datasets/:datasetId/review-items',
    { summary: '逐项复核：各三级指标与项目的自评得分、复核得分、复核意见与复核总分', access: 'dataset' },
    async (c, u) => {
      const row = await kit.full(await kit.datasetFor(c, u, 'read'));
      const view = await datasetReview(db, frameworks, row, isReviewer(u.role));
      if (!view) throw new HttpError(422, 'unfilled', '该年度数据尚不能评分，没有可复核的指标');
      return c.json(view satisfies ReviewItemsResponse);
    },
  );

  kit.route(
    'put',
    '/api/datasets/:datasetId/review-items',
    {
      summary: '复核人逐项记录复核得分与复核意见（复核总分由指标体系计算）',
      // A reviewer's write: it changes no department data (the filler is refused by the access check).
      access: 'reviewer',
      body: '{version?, items: [{kind?, code, score, comment}]}',
    },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'read');
      const b = await kit.body(c, ITEMS_BODY);
      const row = await kit.full(head);
      if (b.version !== undefined && b.version !== row.version)
        throw new HttpError(
          409,
          'version_conflict',
          `数据已被修改（您看到的是第 ${b.version} 版，现在是第 ${row.version} 版），请刷新后重新复核`,
        );
      const ev = evaluate(frameworks, row.data, row.frameworkId);
      if (!ev.ok) throw new HttpError(422, 'unfilled', '该年度数据尚不能评分，没有可复核的指标');
      const rows = reviewableRows(frameworks, ev.dataset, ev.result);
      const all = [...rows.indicators, ...rows.projects];
      const entries: ReviewEntry[] = b.items.map((i) => ({
        kind: i.kind,
        ref: i.code,
        score: i.score,
        comment: i.comment.trim(),
      }));
      const problems = reviewProblems(entries, all, ev.framework.settings.scorePlaces);
      if (problems.length)
        throw new HttpError(400, 'review_invalid', problems.join('；'), {
          errors: problems.map((message) => ({ path: 'items', message })),
        });
      const byKey = new Map(all.map((r) => [`${r.kind}:${r.ref}`, r]));
      await db.transaction().execute(async (tx) => {
        // Two reviewers saving at once go one after the other; a save of the data meanwhile is a conflict.
        const locked = await getDatasetForUpdate(tx, row.id);
        if (locked?.version !== row.version)
          throw new HttpError(409, 'version_conflict', '数据刚被修改，请刷新后重新复核');
        const changes = await saveReviewItems(
          tx,
          row.id,
          row.version,
          entries.map((e) => ({
            kind: e.kind,
            ref: e.ref,
            reviewScore: fixed(new Decimal(e.score.trim()), ev.framework.settings.scorePlaces),
            selfScore: byKey.get(`${e.kind}:${e.ref}`)!.selfScore,
            comment: e.comment,
          })),
          kit.actor(u),
        );
        await insertAudit(
          tx,
          row.id,
          kit.actor(u),
          row.version,
          '逐项复核',
          changes.map((ch) => {
            const name = byKey.get(`${ch.after.kind}:${ch.after.ref}`)!.name;
            return {
              path: 'review',
              oldValue: ch.before
                ? { 指标: name, 复核得分: ch.before.reviewScore, 复核意见: ch.before.comment }
                : null,
              newValue: { 指标: name, 复核得分: ch.after.reviewScore, 复核意见: ch.after.comment },
            };
          }),
        );
      });
      await kit.afterImportantWrite();
      const view = await datasetReview(db, frameworks, row, true);
      return c.json(view! satisfies ReviewItemsResponse);
    },
  );

  kit.route(
    'get',
    '/api/datasets/:datasetId/signals',
    { summary: '复核提示：本部门值得复核人查看之处（提示，不是结论）', access: 'reviewer' },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'read');
      try {
        const signals = (await yearSignals(db, frameworks, head.year)).filter((s) => s.datasetId === head.id);
        return c.json({ rules: signalRules().name, signals } satisfies SignalsResponse);
      } catch (e) {
        settingsError(e);
      }
    },
  );

  kit.route(
    'get',
    '/api/bureau/signals',
    { summary: '复核提示：某年度全部部门（提示，不是结论）', access: 'reviewer' },
    async (c) => {
      try {
        const signals = await yearSignals(db, frameworks, yearQuery(c));
        return c.json({ rules: signalRules().name, signals } satisfies SignalsResponse);
      } catch (e) {
        settingsError(e);
      }
    },
  );
};
