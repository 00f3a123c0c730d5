/**
 * 整改 routes: a dataset's items (and those carried from the year before), generating them from the
 * current result (idempotent), changing one item, and the bureau's list of overdue items. Dates are
 * Asia/Shanghai calendar dates; the clock is `rectificationClock.now` (tests set it).
 */
import { z } from 'zod';
import {
  applyPatch,
  isOverdue,
  rectificationPatch,
  rectificationsFrom,
  type RectificationList,
  type RectificationView,
} from '../../core/rectification/model.ts';
import {
  findRectifications,
  generateRectifications,
  getRectification,
  listCarried,
  listRectifications,
  shanghaiDate,
  updateRectification,
} from '../../storage/rectifications.ts';
import { HttpError, NOT_FOUND, type RouteModule } from '../kit.ts';
import { evaluate } from '../service.ts';

export type { RectificationList, RectificationView } from '../../core/rectification/model.ts';

/** What generating added, and the dataset's items after it. */
export interface GenerateResponse extends RectificationList {
  added: number;
}

export interface BureauRectifications {
  items: RectificationView[];
  today: string;
}

/** The clock the routes read “today” from (Asia/Shanghai); replaceable in tests. */
export const rectificationClock = { now: (): Date => new Date() };

const generateBody = z
  .object({
    /** Review findings given as plain data (the bureau's 反馈书 as the department records it); points lost come from the result. */
    findings: z
      .array(
        z
          .object({
            code: z.string().max(50).optional(),
            text: z.string().trim().min(1, '复核意见不能为空').max(4000, '复核意见不能超过 4000 字'),
          })
          .strict(),
      )
      .max(200)
      .optional(),
  })
  .strict();

export const register: RouteModule = (kit) => {
  const { db, frameworks } = kit;

  const listOf = async (datasetId: number): Promise<RectificationList> => {
    const now = rectificationClock.now();
    return {
      items: await listRectifications(db, datasetId, now),
      carried: await listCarried(db, datasetId, now),
      today: shanghaiDate(now),
    };
  };

  kit.route(
    'get',
    '/api/datasets/:datasetId/rectifications',
    { summary: '整改事项：本年度问题及上年带入的未完成事项', access: 'dataset' },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'read');
      return c.json((await listOf(head.id)) satisfies RectificationList);
    },
  );

  kit.route(
    'post',
    '/api/datasets/:datasetId/rectifications/generate',
    {
      summary: '由当前得分的扣分项（及复核意见）生成整改事项；已有的不重复生成',
      access: 'dataset',
      body: '{findings?: [{code?, text}]}',
    },
    async (c, u) => {
      // The items are the department's own (like its data): reviewers read them; their findings reach
      // the items through createRectifications when a submission is passed.
      const head = await kit.datasetFor(c, u, 'write');
      const b = await kit.body(c, generateBody);
      const row = await kit.full(head);
      const ev = evaluate(frameworks, row.data, row.frameworkId);
      if (!ev.ok)
        throw new HttpError(422, 'unscored', '本年度数据尚未填报完整、未能计分，暂不能生成整改事项');
      const names: Record<string, string> = {};
      for (const p of ev.result.problems) names[p.code] = p.name;
      const drafts = rectificationsFrom(ev.result, b.findings ?? [], ev.dataset.measures, names);
      const added = await generateRectifications(db, head.id, drafts, kit.actor(u));
      if (added.length) await kit.afterImportantWrite();
      return c.json({ added: added.length, ...(await listOf(head.id)) } satisfies GenerateResponse);
    },
  );

  kit.route(
    'put',
    '/api/datasets/:datasetId/rectifications/:itemId',
    {
      summary: '修改一项整改事项（整改措施、责任人、整改期限、状态、完成情况）',
      access: 'dataset',
      body: '{measure?, owner?, deadline?, status?, note?}',
    },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'write');
      const id = kit.intParam(c, 'itemId');
      const current = await getRectification(db, id);
      if (!current || current.datasetId !== head.id) throw NOT_FOUND();
      const patch = await kit.body(c, rectificationPatch);
      const r = applyPatch(current, patch);
      if (!r.ok)
        throw new HttpError(422, 'invalid', r.errors.join('；'), {
          errors: r.errors.map((message) => ({ path: '', message })),
        });
      const item = await updateRectification(db, id, r.value, kit.actor(u));
      if (!item) throw NOT_FOUND();
      await kit.afterImportantWrite();
      return c.json({ item: { ...item, overdue: isOverdue(item, shanghaiDate(rectificationClock.now())) } });
    },
  );

  kit.route(
    'get',
    '/api/bureau/rectifications',
    { summary: '财政局：各部门整改事项（可只看逾期未完成的）', access: 'reviewer' },
    async (c) => {
      const yearText = c.req.query('year');
      const year = yearText ? Number(yearText) : undefined;
      if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100))
        throw new HttpError(400, 'bad_request', '年度应为 2000—2100 之间的整数');
      const now = rectificationClock.now();
      const items = await findRectifications(db, { year, overdue: c.req.query('overdue') === '1' }, now);
      return c.json({ items, today: shanghaiDate(now) } satisfies BureauRectifications);
    },
  );
};
