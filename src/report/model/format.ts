/**
 * Figures as the seed report prints them: money in 万元 with thousands separators and two decimals
 * (3,184.70), rates as percentages with two decimals (93.37%), weights without trailing zeros (20).
 * A figure that cannot be computed prints as “—”.
 */
import { Decimal, money, percent } from '../../core/decimal.ts';
import type { MetricContext, MetricValue } from '../../core/metrics/registry.ts';

export const DASH = '—';

export function amount(v: Decimal | null | undefined): string {
  return v ? money(v) : DASH;
}

/** A ratio (0.9337) as “93.37%”. */
export function pct(v: Decimal | null | undefined): string {
  return v ? `${percent(v)}%` : DASH;
}

/** A count or integer as written: 368, 5,615. */
export function count(v: Decimal | number | null | undefined): string {
  if (v === null || v === undefined) return DASH;
  return money(new Decimal(v), 0);
}

/** “5.00” → “5”, “1.50” → “1.5”: weights print as the framework writes them. */
export { trimZeros } from '../../core/problem-text.ts';

export function dec(v: MetricValue | undefined): Decimal | null {
  return v instanceof Decimal ? v : null;
}

export function decs(v: MetricValue | undefined): Decimal[] | null {
  return Array.isArray(v) ? v : null;
}

/** A metric as a Decimal, or null when it cannot be computed (zero denominators, missing data). */
export function metric(ctx: MetricContext, name: string): Decimal | null {
  return dec(ctx.get(name));
}

export function ratio(num: Decimal, den: Decimal): Decimal | null {
  return den.isZero() ? null : num.dividedBy(den);
}

export function d(s: string | undefined): Decimal {
  return new Decimal(s ?? '0');
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 12 → 十二, 21 → 二十一 (enough for section and list numbering). */
export function chineseNumber(n: number): string {
  if (n <= 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${CN_DIGITS[n - 10]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
}
