/**
 * The submission cycle over HTTP (issue 16 parts 1, 2, 7): a dataset's state and its transitions
 * (送审, 撤回, 开始复核, 退回, 通过, 重新填报), the report frozen at 送审 as exact bytes with its SHA-256,
 * saved versions (read-only, compared field by field and score by score), and 待办.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { changes } from '../../core/dataset/merge.ts';
import { fieldErrorPlace, fieldPathLabel } from '../../core/labels.ts';
import type { Framework } from '../../core/framework/schema.ts';
import { leaves, type IndicatorResult } from '../../core/score.ts';
import { Decimal } from '../../core/decimal.ts';
import { listReviewItems } from '../../storage/review-items.ts';
import {
  allowedTransitions,
  isFrozen,
  isTransition,
  mayTransition,
  reasonProblem,
  SUBMISSION_STATE_LABELS,
  transitionBetween,
  TRANSITIONS,
  type Capabilities,
  type SubmissionState,
  type Transition,
} from '../../core/submission/states.ts';
import type { Executor, UserRow } from '../../storage/repo.ts';
import { listDatasets, listVersions } from '../../storage/repo.ts';
import type { DB } from '../../storage/schema.ts';
import { missingEvidence } from '../../storage/evidence.ts';
import { createRectifications, dueRectifications } from '../../storage/rectifications.ts';
import {
  RECTIFICATION_STATUS_LABELS,
  rectificationsFrom,
  type RectificationDraft,
} from '../../core/rectification/model.ts';
import {
  datasetsInStates,
  frozenReason,
  getSubmission,
  getSubmissionHead,
  lastEventsInto,
  listSubmissionEvents,
  listVersionHeads,
  submissionStates,
  writeTransition,
} from '../../storage/submissions.ts';
import { renderReport } from '../extras.ts';
import { HttpError, NOT_FOUND, type RouteModule } from '../kit.ts';
import { changeViews, type ChangeView } from '../merge-views.ts';
import { evaluate, type Evaluation } from '../service.ts';

// Response types (the web imports them as types) ---------------------------------------------------

export interface TransitionView {
  transition: Transition;
  label: string;
  /** Whether the dialog must ask for a reason ('required'), may ask ('optional'), or not. */
  reason: 'required' | 'optional' | 'none';
}

export interface SubmissionEventView {
  at: string;
  username: string;
  fromLabel: string;
  toLabel: string;
  /** The verb of the transition (送审, 退回, …). */
  actionLabel: string;
  reason: string | null;
  version: number | null;
}

export interface SubmissionResponse {
  state: SubmissionState;
  stateLabel: string;
  /** Saves and imports are refused; `frozenNote` says why, in Chinese. */
  frozen: boolean;
  frozenNote: string | null;
  /** The dataset version submitted last, and the SHA-256 of its report as submitted. */
  version: number | null;
  reportSha256: string | null;
  submittedAt: string | null;
  allowed: TransitionView[];
  events: SubmissionEventView[];
}

export interface VersionsResponse {
  current: number;
  /** The version submitted last (frozen), if any. */
  submitted: number | null;
  versions: { version: number; username: string; at: string }[];
}

export interface VersionResponse {
  version: number;
  username: string;
  at: string;
  data: Record<string, unknown>;
  evaluation: ScoreView | ScoreFailure;
}
type ScoreView = {
  ok: true;
  total: string;
  maxTotal: string;
  grade: string | null;
  indicators: IndicatorResult[];
};
type ScoreFailure = { ok: false; unfilled: boolean; errors: { place: string; message: string }[] };

export interface CompareResponse {
  a: number;
  b: number;
  fields: ChangeView[];
  scores: { code: string; name: string; a: string | null; b: string | null }[];
  totals: { a: string | null; b: string | null };
}

export const TODO_KINDS = ['returned', 'draft', 'toReview', 'reviewing', 'rectification'] as const;
export type TodoKind = (typeof TODO_KINDS)[number];
export const TODO_KIND_LABELS: Record<TodoKind, string> = {
  returned: '已退回，待修改后重新送审',
  draft: '填报中，尚未送审',
  toReview: '已送审，待复核',
  reviewing: '复核中',
  rectification: '整改事项到期或逾期',
};

export interface TodoItem {
  kind: TodoKind;
  kindLabel: string;
  datasetId: number;
  departmentName: string;
  year: number;
  stateLabel: string;
  /** The return reason (退回理由) or who did the last step. */
  note: string | null;
  at: string | null;
}

export interface TodoResponse {
  items: TodoItem[];
}

// The submit guard ----------------------------------------------------------------------------------

export interface SubmitContext {
  db: Executor;
  datasetId: number;
  framework: Framework;
  evaluation: Evaluation;
}

/**
 * The 整改 items a 通过 creates: one per point lost (with the department's 改进措施 as the measure), and
 * one per indicator the reviewer scored lower with a comment (复核意见).
 */
async function passRectifications(
  db: Executor,
  datasetId: number,
  ev: Extract<Evaluation, { ok: true }>,
): Promise<RectificationDraft[]> {
  const names: Record<string, string> = {};
  for (const l of leaves(ev.result)) names[l.code] = l.name;
  const reviewed = (await listReviewItems(db, [datasetId])).get(datasetId) ?? [];
  const findings = reviewed
    .filter(
      (r) =>
        r.kind === 'indicator' &&
        r.comment.trim() &&
        r.selfScore !== null &&
        new Decimal(r.reviewScore).lessThan(r.selfScore),
    )
    .map((r) => ({ code: r.ref, text: `复核意见：${r.comment.trim()}` }));
  return rectificationsFrom(ev.result, findings, ev.dataset.measures, names);
}

/** What stops a 送审, each source giving Chinese lines (each naming its field or indicator). */
export type ProblemSource = (c: SubmitContext) => Promise<string[]>;

/** Data errors: fields not filled in, invalid values, and findings of error severity. */
export const dataProblems: ProblemSource = async ({ evaluation: ev, framework }) => {
  const named = (place: string, message: string) =>
    place && !message.startsWith(place) ? `${place}：${message}` : message;
  if (!ev.ok)
    return ev.errors.map((e) =>
      named(fieldErrorPlace(e.path, framework), ev.unfilled ? `尚未填报（${e.message}）` : e.message),
    );
  return (ev.findings ?? [])
    .filter((f) => f.severity === 'error')
    .map((f) => named(f.path ? fieldPathLabel(f.path, framework) : '', f.message));
};

/** Indicators whose framework row requires 佐证材料 and which have none attached. */
export const evidenceProblems: ProblemSource = async ({ db, datasetId, framework }) =>
  (await missingEvidence(db, datasetId, framework)).map(
    (m) => `${m.name}：缺少佐证材料（该指标要求附佐证材料）`,
  );

export const SUBMIT_GUARDS: ProblemSource[] = [dataProblems, evidenceProblems];

export async function submitProblems(c: SubmitContext, guards = SUBMIT_GUARDS): Promise<string[]> {
  return (await Promise.all(guards.map((g) => g(c)))).flat();
}

// Freezing ------------------------------------------------------------------------------------------

/**
 * For saves and workbook imports (app.ts): refuses, inside the save's transaction, a dataset that is
 * submitted, under review or passed.
 */
export const editableGuard =
  (datasetId: number) =>
  async (tx: Executor): Promise<void> => {
    const why = await frozenReason(tx, datasetId);
    if (why) throw new HttpError(409, 'frozen', why);
  };

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const capabilities = (u: UserRow, canWrite: boolean): Capabilities => ({
  department: canWrite,
  reviewer: u.role === 'reviewer' || u.role === 'admin',
});

async function submissionView(
  db: Kysely<DB>,
  datasetId: number,
  caps: Capabilities,
): Promise<SubmissionResponse> {
  const head = await getSubmissionHead(db, datasetId);
  const events = await listSubmissionEvents(db, datasetId);
  return {
    state: head.state,
    stateLabel: SUBMISSION_STATE_LABELS[head.state],
    frozen: isFrozen(head.state),
    frozenNote: await frozenReason(db, datasetId),
    version: head.version,
    reportSha256: head.reportSha256,
    submittedAt: head.submittedAt,
    allowed: allowedTransitions(head.state, caps).map((t) => ({
      transition: t,
      label: TRANSITIONS[t].label,
      reason: TRANSITIONS[t].reason,
    })),
    events: events.map((e) => {
      const t = transitionBetween(e.fromState, e.toState);
      return {
        at: e.at,
        username: e.username,
        fromLabel: SUBMISSION_STATE_LABELS[e.fromState],
        toLabel: SUBMISSION_STATE_LABELS[e.toState],
        actionLabel: t ? TRANSITIONS[t].label : '状态变更',
        reason: e.reason,
        version: e.version,
      };
    }),
  };
}

const REPORT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const scoreView = (ev: Evaluation, framework: Framework | undefined): VersionResponse['evaluation'] =>
  ev.ok
    ? {
        ok: true,
        total: ev.result.total,
        maxTotal: ev.result.maxTotal,
        grade: ev.result.grade ?? null,
        indicators: ev.result.indicators,
      }
    : {
        ok: false,
        unfilled: ev.unfilled,
        errors: ev.errors.map((e) => ({ place: fieldErrorPlace(e.path, framework), message: e.message })),
      };

export const register: RouteModule = (kit) => {
  const { db, frameworks } = kit;

  kit.route(
    'get',
    '/api/datasets/:datasetId/submission',
    { summary: '送审状态、可做的操作与送审记录', access: 'dataset' },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'read');
      return c.json(await submissionView(db, head.id, capabilities(u, kit.canWrite(u, head.departmentId))));
    },
  );

  kit.route(
    'post',
    '/api/datasets/:datasetId/submission/:transition',
    {
      summary: '送审、撤回、开始复核、退回（须写理由）、通过、重新填报（须写理由）',
      access: 'dataset',
      body: '{reason?}',
    },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'read');
      const t = c.req.param('transition') ?? '';
      if (!isTransition(t)) throw NOT_FOUND();
      const b = await kit.body(c, z.object({ reason: z.string().trim().max(5000).optional() }));
      const caps = capabilities(u, kit.canWrite(u, head.departmentId));
      const sub = await getSubmissionHead(db, head.id);
      const may = mayTransition(t, sub.state, caps);
      if (!may.ok)
        throw may.why === 'role'
          ? new HttpError(403, 'forbidden', may.reason)
          : new HttpError(409, 'wrong_state', may.reason, { state: sub.state });
      const missing = reasonProblem(t, b.reason);
      if (missing) throw new HttpError(400, 'reason_required', missing);
      const spec = TRANSITIONS[t];
      let freeze: { version: number; reportDocx: Uint8Array; reportSha256: string } | undefined;
      if (t === 'submit') {
        const row = await kit.full(head);
        const ev = evaluate(frameworks, row.data, row.frameworkId);
        const framework = ev.ok ? ev.framework : frameworks.get(row.frameworkId);
        if (!framework) throw new HttpError(422, 'invalid', '该数据所用的指标体系框架已不存在，不能送审');
        const problems = await submitProblems({ db, datasetId: row.id, framework, evaluation: ev });
        if (problems.length || !ev.ok)
          throw new HttpError(
            422,
            ev.ok || !ev.unfilled ? 'cannot_submit' : 'unfilled',
            `${ev.ok || !ev.unfilled ? '' : '该年度尚未填报完整，'}有 ${problems.length} 处问题，不能送审：${problems.join('；')}`,
            { problems },
          );
        const bytes = await renderReport(ev.dataset, ev.framework, ev.result);
        freeze = { version: row.version, reportDocx: bytes, reportSha256: sha256Hex(bytes) };
      }
      // 通过: every point lost becomes a 整改 item, written with the transition (one transaction).
      let after: ((tx: Executor) => Promise<unknown>) | undefined;
      if (t === 'pass') {
        const row = await kit.full(head);
        const ev = evaluate(frameworks, row.data, row.frameworkId);
        if (ev.ok) {
          const drafts = await passRectifications(db, row.id, ev);
          after = (tx) => createRectifications(tx, row.id, drafts, kit.actor(u));
        }
      }
      const r = await writeTransition(db, {
        datasetId: head.id,
        from: sub.state,
        to: spec.to,
        actor: kit.actor(u),
        reason: b.reason?.trim() || null,
        ...(freeze ? { freeze } : {}),
        ...(after ? { after } : {}),
      });
      if (r.status === 'notfound') throw NOT_FOUND();
      if (r.status === 'conflict')
        throw new HttpError(
          409,
          'conflict',
          `他人刚刚已改变了送审状态（现为“${SUBMISSION_STATE_LABELS[r.current]}”），未执行“${spec.label}”：请刷新后再操作`,
          { state: r.current },
        );
      if (r.status === 'changed')
        throw new HttpError(
          409,
          'changed',
          `送审时数据刚被保存为第 ${r.currentVersion} 版，未送审：请核对后重新送审`,
        );
      await kit.afterImportantWrite();
      return c.json(await submissionView(db, head.id, caps));
    },
  );

  kit.route(
    'get',
    '/api/datasets/:datasetId/submission/report.docx',
    { summary: '下载送审时冻结的自评报告（与送审时逐字节相同，响应头 X-Content-SHA256）', access: 'dataset' },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'read');
      const sub = await getSubmission(db, head.id);
      if (!sub.reportDocx || !sub.reportSha256)
        throw new HttpError(404, 'not_found', '该年度数据尚未送审，没有送审的报告');
      const res = kit.download(
        c,
        sub.reportDocx,
        `${head.departmentName}${head.year}年度部门整体支出绩效自评报告（送审第${sub.version}版）.docx`,
        REPORT_TYPE,
      );
      res.headers.set('X-Content-SHA256', sub.reportSha256);
      return res;
    },
  );

  // Versions ------------------------------------------------------------------------------------

  kit.route(
    'get',
    '/api/datasets/:datasetId/versions',
    { summary: '已保存的各版本（谁、何时）', access: 'dataset' },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'read');
      const sub = await getSubmissionHead(db, head.id);
      return c.json({
        current: head.version,
        submitted: sub.version,
        versions: await listVersionHeads(db, head.id),
      } satisfies VersionsResponse);
    },
  );

  const versionOf = async (datasetId: number, v: number) => {
    const [row] = await listVersions(db, datasetId, v, v);
    if (!row) throw new HttpError(404, 'not_found', `没有第 ${v} 版`);
    return row;
  };

  kit.route(
    'get',
    '/api/datasets/:datasetId/versions/:version',
    { summary: '某一版本的数据与得分（只读）', access: 'dataset' },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'read');
      const v = await versionOf(head.id, kit.intParam(c, 'version'));
      const ev = evaluate(frameworks, v.data, head.frameworkId);
      return c.json({
        version: v.version,
        username: v.username,
        at: v.at,
        data: v.data as Record<string, unknown>,
        evaluation: scoreView(ev, frameworks.get(head.frameworkId)),
      } satisfies VersionResponse);
    },
  );

  kit.route(
    'get',
    '/api/datasets/:datasetId/compare',
    { summary: '比较两个版本：逐字段差异与逐项得分（?a=版本&b=版本）', access: 'dataset' },
    async (c, u) => {
      const head = await kit.datasetFor(c, u, 'read');
      const num = (k: string) => {
        const s = c.req.query(k) ?? '';
        if (!/^\d{1,9}$/.test(s)) throw new HttpError(400, 'bad_request', '请给出要比较的两个版本号');
        return Number(s);
      };
      const [va, vb] = [await versionOf(head.id, num('a')), await versionOf(head.id, num('b'))];
      const [ea, eb] = [va, vb].map((v) => evaluate(frameworks, v.data, head.frameworkId)) as [
        Evaluation,
        Evaluation,
      ];
      const names =
        (eb.ok ? eb.framework : undefined) ??
        (ea.ok ? ea.framework : undefined) ??
        frameworks.get(head.frameworkId);
      const fields = changeViews(changes(va.data, vb.data), { before: va.data, after: vb.data }, names);
      const la = ea.ok ? leaves(ea.result) : [];
      const lb = eb.ok ? leaves(eb.result) : [];
      const codes = [...new Set([...la, ...lb].map((n) => n.code))];
      const scores = codes.map((code) => {
        const x = la.find((n) => n.code === code);
        const y = lb.find((n) => n.code === code);
        return { code, name: (y ?? x)!.name, a: x?.score ?? null, b: y?.score ?? null };
      });
      return c.json({
        a: va.version,
        b: vb.version,
        fields,
        scores,
        totals: { a: ea.ok ? ea.result.total : null, b: eb.ok ? eb.result.total : null },
      } satisfies CompareResponse);
    },
  );

  // 待办 -----------------------------------------------------------------------------------------

  kit.route('get', '/api/todo', { summary: '待办：待我处理的送审与复核', access: 'user' }, async (c, u) => {
    const items: TodoItem[] = [];
    if (u.role === 'filler' && u.departmentId !== null) {
      const own = await listDatasets(db, { departmentId: u.departmentId });
      const states = await submissionStates(
        db,
        own.map((d) => d.id),
      );
      const returned = own.filter((d) => states.get(d.id) === 'returned');
      const reasons = await lastEventsInto(
        db,
        returned.map((d) => d.id),
        'returned',
      );
      for (const d of returned) {
        const e = reasons.get(d.id);
        items.push({
          kind: 'returned',
          kindLabel: TODO_KIND_LABELS.returned,
          datasetId: d.id,
          departmentName: d.departmentName,
          year: d.year,
          stateLabel: SUBMISSION_STATE_LABELS.returned,
          note: e ? `${e.username}退回：${e.reason ?? '（未写理由）'}` : null,
          at: e?.at ?? null,
        });
      }
      // The year being filled in: the department's latest, while it is not yet submitted.
      const latest = own.reduce<(typeof own)[number] | undefined>(
        (m, d) => (!m || d.year > m.year ? d : m),
        undefined,
      );
      if (latest && states.get(latest.id) === 'draft')
        items.push({
          kind: 'draft',
          kindLabel: TODO_KIND_LABELS.draft,
          datasetId: latest.id,
          departmentName: latest.departmentName,
          year: latest.year,
          stateLabel: SUBMISSION_STATE_LABELS.draft,
          note: latest.updatedBy ? `最近由${latest.updatedBy}保存` : null,
          at: latest.updatedAt,
        });
    }
    if (u.role === 'reviewer' || u.role === 'admin') {
      for (const w of await datasetsInStates(db, ['submitted', 'reviewing'])) {
        const kind: TodoKind = w.state === 'submitted' ? 'toReview' : 'reviewing';
        items.push({
          kind,
          kindLabel: TODO_KIND_LABELS[kind],
          datasetId: w.datasetId,
          departmentName: w.departmentName,
          year: w.year,
          stateLabel: SUBMISSION_STATE_LABELS[w.state],
          note: w.version === null ? null : `送审第 ${w.version} 版`,
          at: w.updatedAt,
        });
      }
    }
    // 整改 items of the user's department due within 30 days or overdue (reviewers: all overdue).
    for (const r of await dueRectifications(db, u)) {
      const what = r.indicatorName ? `${r.indicatorName}：` : '';
      items.push({
        kind: 'rectification',
        kindLabel: TODO_KIND_LABELS.rectification,
        datasetId: r.datasetId,
        departmentName: r.departmentName,
        year: r.year,
        stateLabel: RECTIFICATION_STATUS_LABELS[r.status],
        note: `${what}${r.overdue ? '已逾期' : '将到期'}（整改期限 ${r.deadline ?? '未定'}）`,
        at: r.updatedAt,
      });
    }
    return c.json({ items } satisfies TodoResponse);
  });
};
