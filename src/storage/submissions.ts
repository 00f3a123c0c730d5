/**
 * The submission cycle in the database: one state row per dataset (`submissions`; none means 填报中)
 * with the report bytes frozen at 送审, and the history of transitions (`submission_events`). A
 * transition is one transaction: the dataset row is locked (so saves, imports and other transitions
 * of the dataset go one after another), the state is compared with the one the caller decided on
 * (compare-and-set), the state row is written and the event inserted — a kill leaves old or new.
 */
import {
  isFrozen,
  SUBMISSION_STATE_LABELS,
  SUBMISSION_STATES,
  type SubmissionState,
} from '../core/submission/states.ts';
import { lockDataset, type Executor } from './repo.ts';

export interface SubmissionHead {
  datasetId: number;
  state: SubmissionState;
  /** The dataset version submitted last (frozen while submitted, reviewing or passed). */
  version: number | null;
  reportSha256: string | null;
  submittedAt: string | null;
  submittedBy: number | null;
  updatedAt: string | null;
}

export interface Submission extends SubmissionHead {
  reportDocx: Uint8Array | null;
}

export interface SubmissionEvent {
  id: string;
  datasetId: number;
  fromState: SubmissionState;
  toState: SubmissionState;
  userId: number | null;
  username: string;
  at: string;
  reason: string | null;
  version: number | null;
}

const iso = (d: Date | string | null) =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();
const asState = (s: string): SubmissionState =>
  (SUBMISSION_STATES as readonly string[]).includes(s) ? (s as SubmissionState) : 'draft';

const draftOf = (datasetId: number): Submission => ({
  datasetId,
  state: 'draft',
  version: null,
  reportDocx: null,
  reportSha256: null,
  submittedAt: null,
  submittedBy: null,
  updatedAt: null,
});

const HEAD = [
  'dataset_id as datasetId',
  'state',
  'version',
  'report_sha256 as reportSha256',
  'submitted_at as submittedAt',
  'submitted_by as submittedBy',
  'updated_at as updatedAt',
] as const;

/** A dataset's submission without the report bytes (a dataset with no row is 填报中). */
export async function getSubmissionHead(db: Executor, datasetId: number): Promise<SubmissionHead> {
  const r = await db
    .selectFrom('submissions')
    .select(HEAD)
    .where('dataset_id', '=', datasetId)
    .executeTakeFirst();
  if (!r) {
    const { reportDocx: _bytes, ...head } = draftOf(datasetId);
    return head;
  }
  return { ...r, state: asState(r.state), submittedAt: iso(r.submittedAt), updatedAt: iso(r.updatedAt) };
}

/** A dataset's submission with the report bytes as submitted (the seam other parts use). */
export async function getSubmission(db: Executor, datasetId: number): Promise<Submission> {
  const r = await db
    .selectFrom('submissions')
    .select([...HEAD, 'report_docx as reportDocx'])
    .where('dataset_id', '=', datasetId)
    .executeTakeFirst();
  if (!r) return draftOf(datasetId);
  return {
    ...r,
    state: asState(r.state),
    reportDocx: r.reportDocx === null ? null : new Uint8Array(r.reportDocx),
    submittedAt: iso(r.submittedAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** The states of several datasets (missing ones are 填报中). */
export async function submissionStates(
  db: Executor,
  datasetIds: number[],
): Promise<Map<number, SubmissionState>> {
  const out = new Map<number, SubmissionState>(datasetIds.map((id) => [id, 'draft']));
  if (datasetIds.length === 0) return out;
  const rows = await db
    .selectFrom('submissions')
    .select(['dataset_id', 'state'])
    .where('dataset_id', 'in', datasetIds)
    .execute();
  for (const r of rows) out.set(r.dataset_id, asState(r.state));
  return out;
}

/** Datasets in the given states (for 待办), with their state. */
export async function datasetsInStates(
  db: Executor,
  states: readonly SubmissionState[],
  departmentId?: number,
): Promise<
  {
    datasetId: number;
    departmentName: string;
    year: number;
    state: SubmissionState;
    version: number | null;
    updatedAt: string;
  }[]
> {
  if (states.length === 0) return [];
  let q = db
    .selectFrom('submissions')
    .innerJoin('datasets', 'datasets.id', 'submissions.dataset_id')
    .innerJoin('departments', 'departments.id', 'datasets.department_id')
    .select([
      'submissions.dataset_id as datasetId',
      'departments.name as departmentName',
      'datasets.year',
      'submissions.state',
      'submissions.version',
      'submissions.updated_at as updatedAt',
    ])
    .where('submissions.state', 'in', [...states]);
  if (departmentId !== undefined) q = q.where('datasets.department_id', '=', departmentId);
  const rows = await q.orderBy('submissions.updated_at').execute();
  return rows.map((r) => ({ ...r, state: asState(r.state), updatedAt: iso(r.updatedAt)! }));
}

/** A dataset's transitions, oldest first. */
export async function listSubmissionEvents(db: Executor, datasetId: number): Promise<SubmissionEvent[]> {
  const rows = await db
    .selectFrom('submission_events')
    .select([
      'id',
      'dataset_id as datasetId',
      'from_state as fromState',
      'to_state as toState',
      'user_id as userId',
      'username',
      'at',
      'reason',
      'version',
    ])
    .where('dataset_id', '=', datasetId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: String(r.id),
    fromState: asState(r.fromState),
    toState: asState(r.toState),
    at: iso(r.at)!,
  }));
}

/** The last event into a state, per dataset (the reason a submission was returned, for 待办). */
export async function lastEventsInto(
  db: Executor,
  datasetIds: number[],
  state: SubmissionState,
): Promise<Map<number, { username: string; at: string; reason: string | null }>> {
  const out = new Map<number, { username: string; at: string; reason: string | null }>();
  if (datasetIds.length === 0) return out;
  const rows = await db
    .selectFrom('submission_events')
    .select(['dataset_id', 'username', 'at', 'reason'])
    .where('dataset_id', 'in', datasetIds)
    .where('to_state', '=', state)
    .orderBy('id')
    .execute();
  for (const r of rows) out.set(r.dataset_id, { username: r.username, at: iso(r.at)!, reason: r.reason });
  return out;
}

/**
 * Why a dataset cannot be changed now (submitted, under review or passed), in Chinese; null when it
 * may. Called by saves and workbook imports inside their transaction, after the dataset row is
 * locked, so a save and a 送审 never interleave.
 */
export async function frozenReason(db: Executor, datasetId: number): Promise<string | null> {
  const r = await db
    .selectFrom('submissions')
    .select(['state', 'version'])
    .where('dataset_id', '=', datasetId)
    .executeTakeFirst();
  if (!r) return null;
  const state = asState(r.state);
  if (!isFrozen(state)) return null;
  const what = `第 ${r.version ?? '?'} 版已送审，当前状态为“${SUBMISSION_STATE_LABELS[state]}”，数据已冻结，不能修改`;
  return state === 'passed'
    ? `${what}：如需修改，请先“重新填报”并写明理由`
    : state === 'submitted'
      ? `${what}：如需修改，请在复核开始前撤回送审`
      : `${what}：请等待复核人退回或通过`;
}

export interface TransitionWrite {
  datasetId: number;
  /** The state the caller read and decided on: if another transition came first, nothing is written. */
  from: SubmissionState;
  to: SubmissionState;
  actor: { id: number | null; name: string };
  reason: string | null;
  /** 送审: the dataset version and the report rendered from it (the version must still be current). */
  freeze?: { version: number; reportDocx: Uint8Array; reportSha256: string };
  /** More writes that belong to this transition (通过: the 整改 items), in the same transaction. */
  after?: (tx: Executor) => Promise<unknown>;
}

export type TransitionOutcome =
  | { status: 'done'; event: SubmissionEvent }
  /** Another transition changed the state first. */
  | { status: 'conflict'; current: SubmissionState }
  /** 送审: the data was saved again after the report was rendered. */
  | { status: 'changed'; currentVersion: number }
  | { status: 'notfound' };

/**
 * Writes one transition in one transaction: locks the dataset row, checks the state is still `from`
 * (and, for 送审, that the dataset is still at the frozen version), updates or creates the state row
 * with a compare-and-set on `from`, and inserts the event.
 */
export async function writeTransition(db: Executor, w: TransitionWrite): Promise<TransitionOutcome> {
  const run = async (tx: Executor): Promise<TransitionOutcome> => {
    await lockDataset(tx, w.datasetId);
    const ds = await tx
      .selectFrom('datasets')
      .select('version')
      .where('id', '=', w.datasetId)
      .executeTakeFirst();
    if (!ds) return { status: 'notfound' };
    const current = await tx
      .selectFrom('submissions')
      .select('state')
      .where('dataset_id', '=', w.datasetId)
      .executeTakeFirst();
    const state = current ? asState(current.state) : 'draft';
    if (state !== w.from) return { status: 'conflict', current: state };
    if (w.freeze && ds.version !== w.freeze.version) return { status: 'changed', currentVersion: ds.version };
    const now = new Date();
    const frozen = w.freeze
      ? {
          version: w.freeze.version,
          report_docx: w.freeze.reportDocx,
          report_sha256: w.freeze.reportSha256,
          submitted_at: now,
          submitted_by: w.actor.id,
        }
      : {};
    if (current) {
      const r = await tx
        .updateTable('submissions')
        .set({ state: w.to, updated_at: now, ...frozen })
        .where('dataset_id', '=', w.datasetId)
        .where('state', '=', w.from)
        .returning('dataset_id')
        .executeTakeFirst();
      if (!r) return { status: 'conflict', current: state };
    } else {
      const r = await tx
        .insertInto('submissions')
        .values({ dataset_id: w.datasetId, state: w.to, updated_at: now, ...frozen })
        .onConflict((oc) => oc.column('dataset_id').doNothing())
        .returning('dataset_id')
        .executeTakeFirst();
      if (!r) return { status: 'conflict', current: state };
    }
    const version = w.freeze?.version ?? ds.version;
    const e = await tx
      .insertInto('submission_events')
      .values({
        dataset_id: w.datasetId,
        from_state: w.from,
        to_state: w.to,
        user_id: w.actor.id,
        username: w.actor.name,
        at: now,
        reason: w.reason,
        version,
      })
      .returning(['id', 'at'])
      .executeTakeFirstOrThrow();
    await w.after?.(tx);
    return {
      status: 'done',
      event: {
        id: String(e.id),
        datasetId: w.datasetId,
        fromState: w.from,
        toState: w.to,
        userId: w.actor.id,
        username: w.actor.name,
        at: iso(e.at)!,
        reason: w.reason,
        version,
      },
    };
  };
  return 'isTransaction' in db && db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** Saved versions of a dataset, newest first, without their data. */
export async function listVersionHeads(
  db: Executor,
  datasetId: number,
): Promise<{ version: number; username: string; at: string }[]> {
  const rows = await db
    .selectFrom('dataset_versions')
    .select(['version', 'username', 'at'])
    .where('dataset_id', '=', datasetId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, at: iso(r.at)! }));
}
