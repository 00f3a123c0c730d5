/**
 * 整改 (rectification) items: every problem of a year — a point lost, a review finding — becomes an
 * item with a measure, an owner, a deadline and a status, followed until it is done and carried into
 * the next year while it is open. Statuses and sources are declared here once, with their labels.
 * Pure: dates are YYYY-MM-DD text and “today” is given by the caller (the core has no clock).
 */
import { z } from 'zod';
import { isIsoDate } from '../calendar.ts';
import { labelledEnum } from '../dataset/fields.ts';
import { problemSentence } from '../problem-text.ts';
import type { ScoreResult } from '../score.ts';
import {
  RECTIFICATION_STATUSES,
  RECTIFICATION_STATUS_LABELS,
  type RectificationSource,
  type RectificationStatus,
} from './status.ts';

// Statuses, sources and deadline arithmetic live in status.ts (the web imports them from there).
export * from './status.ts';

export const rectificationStatusField = labelledEnum(RECTIFICATION_STATUSES, RECTIFICATION_STATUS_LABELS, {
  codes: false,
});

/** A review finding given as plain data (V3's per-indicator comments, or the bureau's 反馈书). */
export interface ReviewFinding {
  code?: string | undefined;
  text: string;
}

/** An item as derived from a result, before it is stored. */
export interface RectificationDraft {
  source: RectificationSource;
  indicatorCode: string | null;
  indicatorName: string | null;
  /** Points lost (decimal text), for a point lost. */
  lost: string | null;
  problem: string;
  /** Prefilled from the dataset's measures[code] when the department wrote one; '' otherwise. */
  measure: string;
}

/**
 * One item per point lost (result.problems, in framework order) and one per review finding. The
 * measure is what the department wrote under measures[code] for that indicator, if anything.
 */
export function rectificationsFrom(
  result: Pick<ScoreResult, 'problems'>,
  reviewFindings: readonly ReviewFinding[] = [],
  measures: Readonly<Record<string, readonly string[]>> = {},
  indicatorNames: Readonly<Record<string, string>> = {},
): RectificationDraft[] {
  const measureOf = (code: string | undefined) => (code ? (measures[code] ?? []).join('\n') : '');
  const lost: RectificationDraft[] = result.problems.map((p) => ({
    source: 'lost',
    indicatorCode: p.code,
    indicatorName: p.name,
    lost: p.lost,
    problem: problemSentence(p),
    measure: measureOf(p.code),
  }));
  const review: RectificationDraft[] = reviewFindings
    .filter((f) => f.text.trim())
    .map((f) => ({
      source: 'review',
      indicatorCode: f.code ?? null,
      indicatorName: (f.code && indicatorNames[f.code]) || null,
      lost: null,
      problem: f.text.trim(),
      measure: measureOf(f.code),
    }));
  return [...lost, ...review];
}

/** The identity of a draft within a year: generating again adds nothing already there. */
export function draftKey(d: Pick<RectificationDraft, 'source' | 'indicatorCode' | 'problem'>): string {
  return d.source === 'lost' ? `lost:${d.indicatorCode}` : `review:${d.indicatorCode ?? ''}:${d.problem}`;
}

/** What a user may change on an item. */
export const rectificationPatch = z
  .object({
    measure: z.string({ error: '整改措施应为文字' }).max(4000, { message: '整改措施不能超过 4000 字' }),
    owner: z.string({ error: '责任人应为文字' }).max(100, { message: '责任人不能超过 100 字' }),
    deadline: z.string({ error: '整改期限应为日期' }).nullable(),
    status: z.enum(RECTIFICATION_STATUSES, {
      error: `整改状态应为${Object.values(RECTIFICATION_STATUS_LABELS).join('、')}之一`,
    }),
    note: z.string({ error: '完成情况应为文字' }).max(4000, { message: '完成情况不能超过 4000 字' }),
  })
  .partial()
  .strict();
export type RectificationPatch = z.infer<typeof rectificationPatch>;

export interface RectificationFields {
  measure: string;
  owner: string;
  deadline: string | null;
  status: RectificationStatus;
  note: string;
}

/**
 * The item after a change, or the reasons it is refused (Chinese, one per problem): the deadline a
 * real date; an owner before the item is 整改中 or 已整改; a completion note before it is 已整改.
 */
export function applyPatch(
  current: RectificationFields,
  patch: RectificationPatch,
): { ok: true; value: RectificationFields } | { ok: false; errors: string[] } {
  const next: RectificationFields = {
    measure: (patch.measure ?? current.measure).trim(),
    owner: (patch.owner ?? current.owner).trim(),
    deadline: patch.deadline === undefined ? current.deadline : patch.deadline?.trim() || null,
    status: patch.status ?? current.status,
    note: (patch.note ?? current.note).trim(),
  };
  const errors: string[] = [];
  if (next.deadline !== null && !isIsoDate(next.deadline))
    errors.push(`整改期限“${next.deadline}”不是有效日期，应写作 YYYY-MM-DD，例如 2024-06-30`);
  if (next.status !== 'open' && !next.owner)
    errors.push(`标记为“${RECTIFICATION_STATUS_LABELS[next.status]}”前请填写责任人`);
  if (next.status === 'done' && !next.note) errors.push('标记为“已整改”前请填写完成情况');
  return errors.length ? { ok: false, errors } : { ok: true, value: next };
}

/** An item as the API returns it (the web imports this type). */
export interface RectificationView extends RectificationFields {
  id: number;
  datasetId: number;
  year: number;
  departmentId: number;
  departmentName: string;
  source: RectificationSource;
  indicatorCode: string | null;
  indicatorName: string | null;
  lost: string | null;
  problem: string;
  updatedBy: string | null;
  updatedAt: string;
  overdue: boolean;
}

/** A dataset's items: its own (this year's problems) and those carried from the year before. */
export interface RectificationList {
  items: RectificationView[];
  carried: RectificationView[];
  today: string;
}
