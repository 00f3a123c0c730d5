/**
 * Tolerance from published precision. A figure printed with p decimals is the exact value rounded to
 * p places, so it may differ from its recomputation by at most half a unit of its last digit
 * (0.005 for "80.83"); a larger difference is a disagreement, not rounding residue. A total printed next
 * to parts that were each rounded may also carry their residue (尾差): half a unit per part.
 */
import { Decimal, HUNDRED } from '../decimal.ts';

/** Decimal places of a published number: "3,184.70" → 2, "75.0%" → 1, "100%" → 0. */
export function publishedPlaces(text: string): number {
  const m = text.replace(/,/g, '').match(/\d+(?:\.(\d+))?/);
  return m?.[1]?.length ?? 0;
}

/** Half a unit of the last published digit: 2 places → 0.005. */
export function halfUnit(places: number): Decimal {
  return new Decimal(5).times(new Decimal(10).pow(-(places + 1)));
}

export interface Comparison {
  ok: boolean;
  /** stated − expected, in the stated unit. */
  diff: Decimal;
  tolerance: Decimal;
  /** True when the figures differ but within the tolerance (rounding residue). */
  residue: boolean;
}

/**
 * Compares a published figure with its recomputation. `expected` is in the same unit as `stated`
 * (percent for rates: use `asPercent`). `extraResidue` adds the residue of rounded parts.
 */
export function compare(
  stated: Decimal,
  places: number,
  expected: Decimal,
  extraResidue?: Decimal,
): Comparison {
  const tolerance = extraResidue ? halfUnit(places).plus(extraResidue) : halfUnit(places);
  const diff = stated.minus(expected);
  const ok = diff.abs().lessThanOrEqualTo(tolerance);
  return { ok, diff, tolerance, residue: ok && !diff.isZero() };
}

/** A ratio as percent (0.8083 → 80.83), exact. */
export function asPercent(ratio: Decimal): Decimal {
  return ratio.times(HUNDRED);
}

/** The residue a sum of n parts, each published with `places` decimals, may carry. */
export function partsResidue(n: number, places: number): Decimal {
  return halfUnit(places).times(n);
}
