/**
 * 整改 statuses and sources with their labels, and the deadline arithmetic: the part of the 整改 model
 * the web app needs, with no validation library (model.ts re-exports all of it). Pure; dates are
 * YYYY-MM-DD text and “today” is given by the caller.
 */
import { dayOfYear, isLeapYear } from '../calendar.ts';

export const RECTIFICATION_STATUSES = ['open', 'in_progress', 'done'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = {
  open: '未整改',
  in_progress: '整改中',
  done: '已整改',
};

export const RECTIFICATION_SOURCES = ['lost', 'review'] as const;
export type RectificationSource = (typeof RECTIFICATION_SOURCES)[number];
export const RECTIFICATION_SOURCE_LABELS: Record<RectificationSource, string> = {
  lost: '扣分',
  review: '复核意见',
};

/** How far ahead an item counts as due (待办). */
export const DUE_WITHIN_DAYS = 30;

/** Days since 2000-01-01 of a YYYY-MM-DD date (for comparisons and distances, no clock). */
export function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  let n = 0;
  for (let year = 2000; year < y; year++) n += isLeapYear(year) ? 366 : 365;
  return n + dayOfYear(y, m, d) - 1;
}

/** Whether an item not done is past its deadline on `today` (YYYY-MM-DD, Asia/Shanghai). */
export function isOverdue(
  item: { status: RectificationStatus; deadline: string | null },
  today: string,
): boolean {
  return item.status !== 'done' && item.deadline !== null && item.deadline < today;
}

/** Whether an item not done is overdue or due within DUE_WITHIN_DAYS days of `today`. */
export function isDue(
  item: { status: RectificationStatus; deadline: string | null },
  today: string,
): boolean {
  if (item.status === 'done' || item.deadline === null) return false;
  return dayNumber(item.deadline) - dayNumber(today) <= DUE_WITHIN_DAYS;
}
