/**
 * 整改 items in the database: created from a year's problems (idempotent per indicator and year),
 * changed one at a time with an audit record, listed per dataset, due (待办) and overdue (bureau).
 * Open items of year N are carried into year N+1: marked `carried_to` and written into that year's
 * dataset as priorYear.rectifications (the report's 上年问题整改情况 reads them from there), kept in
 * step whenever an item of year N changes. Every write is one transaction; dates are Asia/Shanghai.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Dataset } from '../core/dataset/schema.ts';
import {
  RECTIFICATION_STATUS_LABELS,
  draftKey,
  isOverdue,
  DUE_WITHIN_DAYS,
  type RectificationDraft,
  type RectificationFields,
  type RectificationView,
} from '../core/rectification/model.ts';
import {
  getDatasetForUpdate,
  insertAudit,
  insertVersion,
  updateDatasetIfVersion,
  type Executor,
} from './repo.ts';
import type { DB, RectificationTable } from './schema.ts';

export type CarriedRectification = NonNullable<NonNullable<Dataset['priorYear']>['rectifications']>[number];

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai at `now`. */
export function shanghaiDate(now: Date): string {
  return SHANGHAI_DAY.format(now);
}

/** YYYY-MM-DD plus `days` days. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

type Row = Selectable<RectificationTable> & { year: number; department_id: number; department_name: string };

function itemsQuery(db: Executor) {
  return db
    .selectFrom('rectifications as r')
    .innerJoin('datasets as d', 'd.id', 'r.dataset_id')
    .innerJoin('departments as p', 'p.id', 'd.department_id')
    .selectAll('r')
    .select(['d.year as year', 'd.department_id as department_id', 'p.name as department_name']);
}

function toView(r: Row, today: string): RectificationView {
  const view: RectificationView = {
    id: r.id,
    datasetId: r.dataset_id,
    year: r.year,
    departmentId: r.department_id,
    departmentName: r.department_name,
    source: r.source,
    indicatorCode: r.indicator_code,
    indicatorName: r.indicator_name,
    lost: r.lost,
    problem: r.problem,
    measure: r.measure,
    owner: r.owner,
    deadline: r.deadline,
    status: r.status,
    note: r.note,
    updatedBy: r.updated_by_name,
    updatedAt: iso(r.updated_at),
    overdue: false,
  };
  view.overdue = isOverdue(view, today);
  return view;
}

/** A dataset's own items (its year's problems), in the order they were created. */
export async function listRectifications(
  db: Executor,
  datasetId: number,
  now: Date = new Date(),
): Promise<RectificationView[]> {
  const today = shanghaiDate(now);
  const rows = await itemsQuery(db).where('r.dataset_id', '=', datasetId).orderBy('r.id').execute();
  return rows.map((r) => toView(r, today));
}

/** The items of the year before that were carried into this dataset. */
export async function listCarried(
  db: Executor,
  datasetId: number,
  now: Date = new Date(),
): Promise<RectificationView[]> {
  const today = shanghaiDate(now);
  const rows = await itemsQuery(db).where('r.carried_to', '=', datasetId).orderBy('r.id').execute();
  return rows.map((r) => toView(r, today));
}

export async function getRectification(db: Executor, id: number, now: Date = new Date()) {
  const r = await itemsQuery(db).where('r.id', '=', id).executeTakeFirst();
  return r && toView(r, shanghaiDate(now));
}

/** What an audit record names an item by. */
const itemName = (r: { indicatorName: string | null; problem: string }) =>
  `整改事项“${r.indicatorName ?? (r.problem.length > 20 ? `${r.problem.slice(0, 20)}…` : r.problem)}”`;

const datasetVersion = async (tx: Executor, datasetId: number) =>
  (await tx.selectFrom('datasets').select('version').where('id', '=', datasetId).executeTakeFirstOrThrow())
    .version;

/**
 * Stores a year's items inside the caller's transaction (the submission cycle calls this when a
 * submission is passed). An item already there for the same indicator (or the same finding) is kept as
 * it is: calling again adds only what is new. Returns the ids of the items added.
 */
export async function createRectifications(
  tx: Executor,
  datasetId: number,
  items: readonly RectificationDraft[],
  actor: { id: number | null; name: string } = { id: null, name: '系统' },
): Promise<number[]> {
  if (!items.length) return [];
  const seen = new Set<string>();
  const values = items
    .map((d) => ({ d, key: draftKey(d) }))
    .filter(({ key }) => !seen.has(key) && seen.add(key))
    .map(({ d, key }) => ({
      dataset_id: datasetId,
      item_key: key,
      source: d.source,
      indicator_code: d.indicatorCode,
      indicator_name: d.indicatorName,
      lost: d.lost,
      problem: d.problem,
      measure: d.measure,
      updated_by: actor.id,
      updated_by_name: actor.name,
    }));
  const added = await tx
    .insertInto('rectifications')
    .values(values)
    .onConflict((oc) => oc.columns(['dataset_id', 'item_key']).doNothing())
    .returning(['id', 'indicator_name', 'problem'])
    .execute();
  if (added.length) {
    await insertAudit(
      tx,
      datasetId,
      actor,
      await datasetVersion(tx, datasetId),
      '生成整改事项',
      added.map((a) => ({
        path: itemName({ indicatorName: a.indicator_name, problem: a.problem }),
        oldValue: null,
        newValue: a.problem,
      })),
    );
    await syncCarried(tx, datasetId, actor);
  }
  return added.map((a) => a.id);
}

/** Creates the year's items in a transaction of its own (the on-demand route). */
export async function generateRectifications(
  db: Kysely<DB>,
  datasetId: number,
  items: readonly RectificationDraft[],
  actor: { id: number | null; name: string },
): Promise<number[]> {
  return db.transaction().execute((tx) => createRectifications(tx, datasetId, items, actor));
}

const FIELD_LABELS: Record<keyof RectificationFields, string> = {
  measure: '整改措施',
  owner: '责任人',
  deadline: '整改期限',
  status: '整改状态',
  note: '完成情况',
};

/** How a field's value reads in an audit record (the status by its label, never its code). */
function shown(k: keyof RectificationFields, v: RectificationFields[keyof RectificationFields]) {
  if (k === 'status') return RECTIFICATION_STATUS_LABELS[v as RectificationFields['status']];
  return v === null || v === '' ? null : v;
}

/**
 * Writes one item's new fields (already validated), with an audit record per changed field, and keeps
 * the next year's carried copy in step — all in one transaction.
 */
export async function updateRectification(
  db: Kysely<DB>,
  id: number,
  next: RectificationFields,
  actor: { id: number | null; name: string },
): Promise<RectificationView | undefined> {
  return db.transaction().execute(async (tx) => {
    const current = await itemsQuery(tx).where('r.id', '=', id).forUpdate('r').executeTakeFirst();
    if (!current) return undefined;
    const before = toView(current, '');
    const changed = (Object.keys(FIELD_LABELS) as (keyof RectificationFields)[]).filter(
      (k) => before[k] !== next[k],
    );
    if (changed.length) {
      await tx
        .updateTable('rectifications')
        .set({
          measure: next.measure,
          owner: next.owner,
          deadline: next.deadline,
          status: next.status,
          note: next.note,
          updated_by: actor.id,
          updated_by_name: actor.name,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await insertAudit(
        tx,
        current.dataset_id,
        actor,
        await datasetVersion(tx, current.dataset_id),
        '整改',
        changed.map((k) => ({
          path: `${itemName(before)}·${FIELD_LABELS[k]}`,
          oldValue: shown(k, before[k]),
          newValue: shown(k, next[k]),
        })),
      );
      await syncCarried(tx, current.dataset_id, actor);
    }
    return getRectification(tx, id);
  });
}

/** An item as the next year's dataset carries it. */
function carriedOf(r: Selectable<RectificationTable> & { year: number }): CarriedRectification {
  return {
    ref: String(r.id),
    year: r.year,
    ...(r.indicator_code ? { indicatorCode: r.indicator_code } : {}),
    problem: r.problem,
    ...(r.measure ? { measure: r.measure } : {}),
    ...(r.owner ? { owner: r.owner } : {}),
    ...(r.deadline ? { deadline: r.deadline } : {}),
    status: r.status,
    ...(r.note ? { note: r.note } : {}),
  };
}

/**
 * The items of the year before `year` that a new dataset of the department carries: those not done.
 * Returned with the id of that year's dataset, so the caller can mark them once the new one exists.
 */
export async function openItemsBefore(
  tx: Executor,
  departmentId: number,
  year: number,
): Promise<{ fromDatasetId: number | null; items: CarriedRectification[] }> {
  const from = await tx
    .selectFrom('datasets')
    .select('id')
    .where('department_id', '=', departmentId)
    .where('year', '=', year - 1)
    .executeTakeFirst();
  if (!from) return { fromDatasetId: null, items: [] };
  const rows = await itemsQuery(tx)
    .where('r.dataset_id', '=', from.id)
    .where('r.status', '<>', 'done')
    .orderBy('r.id')
    .execute();
  return { fromDatasetId: from.id, items: rows.map(carriedOf) };
}

/** Marks the items of `fromDatasetId` listed in `items` as carried into `toDatasetId`. */
export async function markCarried(
  tx: Executor,
  fromDatasetId: number,
  toDatasetId: number,
  items: readonly CarriedRectification[],
): Promise<void> {
  if (!items.length) return;
  await tx
    .updateTable('rectifications')
    .set({ carried_to: toDatasetId })
    .where('dataset_id', '=', fromDatasetId)
    .where(
      'id',
      'in',
      items.map((i) => Number(i.ref)),
    )
    .execute();
}

/**
 * Keeps the next year's dataset in step with the items of `datasetId`: open items not yet carried are
 * carried now (an item made after the new year was opened), and the carried copy is rewritten when it
 * differs — as a new version of that dataset, audited. Nothing happens when there is no next year.
 */
export async function syncCarried(
  tx: Executor,
  datasetId: number,
  actor: { id: number | null; name: string },
): Promise<void> {
  const head = await tx
    .selectFrom('datasets')
    .select(['department_id', 'year'])
    .where('id', '=', datasetId)
    .executeTakeFirstOrThrow();
  const next = await tx
    .selectFrom('datasets')
    .select('id')
    .where('department_id', '=', head.department_id)
    .where('year', '=', head.year + 1)
    .executeTakeFirst();
  if (!next) return;
  await tx
    .updateTable('rectifications')
    .set({ carried_to: next.id })
    .where('dataset_id', '=', datasetId)
    .where('status', '<>', 'done')
    .where('carried_to', 'is', null)
    .execute();
  const rows = await itemsQuery(tx).where('r.carried_to', '=', next.id).orderBy('r.id').execute();
  const carried = rows.map(carriedOf);
  const row = await getDatasetForUpdate(tx, next.id);
  if (!row) return;
  const data = row.data as Record<string, unknown>;
  const prior = (data.priorYear ?? {}) as Record<string, unknown>;
  const was = prior.rectifications ?? [];
  if (JSON.stringify(was) === JSON.stringify(carried)) return;
  const { rectifications: _old, ...rest } = prior;
  const priorYear = carried.length ? { ...rest, rectifications: carried } : rest;
  const nextData = { ...data, priorYear };
  if (!Object.keys(priorYear).length) delete (nextData as Record<string, unknown>).priorYear;
  const version = await updateDatasetIfVersion(tx, {
    id: row.id,
    baseVersion: row.version,
    frameworkId: row.frameworkId,
    data: nextData,
    selfScore: row.selfScore,
    grade: row.grade,
    userId: actor.id,
    userName: actor.name,
  });
  if (version === null) throw new Error('dataset changed while locked');
  await insertVersion(tx, { datasetId: row.id, version, who: actor });
  await insertAudit(tx, row.id, actor, version, '带入上年整改事项', [
    {
      path: '上年问题整改情况',
      oldValue: `${(was as unknown[]).length} 项`,
      newValue: `${carried.length} 项`,
    },
  ]);
}

/** Filter for the bureau's list. */
export interface RectificationFilter {
  year?: number | undefined;
  overdue?: boolean | undefined;
  departmentId?: number | undefined;
}

/** Items across departments (the bureau's list): by year of the problem, optionally only overdue ones. */
export async function findRectifications(
  db: Executor,
  filter: RectificationFilter,
  now: Date = new Date(),
): Promise<RectificationView[]> {
  const today = shanghaiDate(now);
  let q = itemsQuery(db);
  if (filter.year !== undefined) q = q.where('d.year', '=', filter.year);
  if (filter.departmentId !== undefined) q = q.where('d.department_id', '=', filter.departmentId);
  if (filter.overdue) q = q.where('r.status', '<>', 'done').where('r.deadline', '<', today);
  const rows = await q.orderBy('r.deadline').orderBy('d.department_id').orderBy('r.id').execute();
  return rows.map((r) => toView(r, today));
}

/**
 * What waits for a user (待办): for a department's filler, its items not done that are overdue or due
 * within DUE_WITHIN_DAYS days; for reviewers and administrators, every overdue item.
 */
export async function dueRectifications(
  db: Executor,
  user: { role: 'filler' | 'reviewer' | 'admin'; departmentId: number | null },
  now: Date = new Date(),
): Promise<RectificationView[]> {
  const today = shanghaiDate(now);
  let q = itemsQuery(db).where('r.status', '<>', 'done');
  if (user.role === 'filler') {
    if (user.departmentId === null) return [];
    q = q
      .where('d.department_id', '=', user.departmentId)
      .where('r.deadline', '<=', addDays(today, DUE_WITHIN_DAYS));
  } else q = q.where('r.deadline', '<', today);
  const rows = await q.orderBy('r.deadline').orderBy('r.id').execute();
  return rows.map((r) => toView(r, today));
}
