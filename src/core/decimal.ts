/**
 * Exact decimal arithmetic for money (万元), rates and scores.
 * Every amount is parsed from a string; nothing passes through a binary float.
 */
import { Decimal as BaseDecimal } from 'decimal.js';

/** A Decimal constructor of its own, rounding half up, so the global default is never relied on. */
export const Decimal = BaseDecimal.clone({ precision: 40, rounding: BaseDecimal.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const HUNDRED = new Decimal(100);
export const TEN_THOUSAND = new Decimal(10000);

const CONSTANTS = new Map<string, Decimal>();

/**
 * A Decimal for a constant written in a framework (weights, points, thresholds): parsed once and shared,
 * since Decimals are immutable. Scoring thousands of departments parses each constant once, not each time.
 */
export function constant(text: string): Decimal {
  let d = CONSTANTS.get(text);
  if (d === undefined) {
    d = new Decimal(text);
    if (CONSTANTS.size < 10_000) CONSTANTS.set(text, d);
  }
  return d;
}

export function dec(value: string | number | Decimal): Decimal {
  return new Decimal(value);
}

/** Round half up to `places` decimals (the rounding every framework here names). */
export function roundHalfUp(value: Decimal, places = 2): Decimal {
  // A value with no more places than asked is its own rounding (Decimals are immutable): no copy.
  return value.decimalPlaces() <= places ? value : value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

/** "93.96": fixed places, half up. */
export function fixed(value: Decimal, places = 2): string {
  // Most values printed already have no more places than asked (scores rounded to 0.01, weights,
  // points): their plain digits padded with zeros, at half the cost of toFixed (which copies and
  // rounds). toString is plain (no exponent) for exponents in [-7, 21): decimal.js's toExpNeg/toExpPos.
  if (value.e < 21 && value.e > -7 && places <= 40 && value.decimalPlaces() <= places) {
    const s = value.toString();
    if (places === 0) return s;
    const dot = s.indexOf('.');
    return dot < 0 ? `${s}.${ZEROS[places]}` : s + ZEROS[places - (s.length - dot - 1)];
  }
  return value.toFixed(places, Decimal.ROUND_HALF_UP);
}
const ZEROS = Array.from({ length: 41 }, (_, n) => '0'.repeat(n));

/** A ratio as a percentage string with two decimals: 0.933660 → "93.37". */
export function percent(ratio: Decimal, places = 2): string {
  // ratio × 100 rounded to `places` is ratio rounded to places + 2, with the point moved two digits:
  // the same digits without a multiplication (this runs for every figure every score explains).
  const s = fixed(ratio, places + 2);
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const whole = (body.slice(0, dot) + body.slice(dot + 1, dot + 3)).replace(/^0+(?=\d)/, '');
  const frac = body.slice(dot + 3);
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Thousands separators as the reports print money: 3244 → "3,244.00". */
export function money(value: Decimal, places = 2): string {
  const s = fixed(value, places);
  const [int, frac] = s.split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = sign ? int!.slice(1) : int!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? sign + grouped : `${sign}${grouped}.${frac}`;
}

/**
 * The sign of a − b (−1, 0 or 1), exactly as a.comparedTo(b), without the copy of b that each decimal.js
 * comparison makes first (scoring one department compares a few hundred times). It reads the
 * representation decimal.js declares on every instance: `d` the digits in base-1e7 words from the most
 * significant, no trailing zero words; `e` the decimal exponent; `s` the sign. NaN and ±Infinity (no
 * `d`) are left to comparedTo.
 */
export function cmp(a: Decimal, b: Decimal): number {
  const ad = a.d;
  const bd = b.d;
  if (!ad || !bd) return a.comparedTo(b);
  if (!ad[0] || !bd[0]) return ad[0] ? a.s : bd[0] ? -b.s : 0;
  if (a.s !== b.s) return a.s;
  const up = a.s > 0 ? 1 : -1;
  if (a.e !== b.e) return a.e > b.e ? up : -up;
  const n = ad.length < bd.length ? ad.length : bd.length;
  for (let i = 0; i < n; i++) if (ad[i] !== bd[i]) return ad[i]! > bd[i]! ? up : -up;
  return ad.length === bd.length ? 0 : ad.length > bd.length ? up : -up;
}

export function min(a: Decimal, b: Decimal): Decimal {
  return cmp(a, b) < 0 ? a : b;
}

export function max(a: Decimal, b: Decimal): Decimal {
  return cmp(a, b) > 0 ? a : b;
}

export function clamp(value: Decimal, lo: Decimal, hi: Decimal): Decimal {
  return max(lo, min(hi, value));
}

export function sum(values: readonly Decimal[]): Decimal {
  let acc = ZERO;
  for (const v of values) acc = acc.plus(v);
  return acc;
}

const DECIMAL_TEXT = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/**
 * Parses a decimal written by a person: "3,244.00", "523.07", "-0.70", "93.37%".
 * Returns null when the text is not a number. Amount units are handled by the dataset schema.
 */
export function parseDecimalText(text: string): Decimal | null {
  const t = text.trim().replace(/[％%]$/, '');
  if (!DECIMAL_TEXT.test(t)) return null;
  return new Decimal(t.replace(/,/g, ''));
}
