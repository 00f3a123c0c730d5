/**
 * Numbers as reports write them: "3,224.00", "-0.70", "96.90%", Chinese numerals ("四个", "两百余"),
 * and approximations ("60 多万人", "40 余万", "十万余名", "近 60 名") as ranges.
 */
import { Decimal } from '../core/decimal.ts';

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "四" → 4, "十二" → 12, "两百" → 200, "三十五" → 35; null when not a numeral. */
export function chineseNumber(s: string): number | null {
  if (!s || !/^[零〇一二两三四五六七八九十百千]+$/.test(s)) return null;
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in DIGITS) digit = DIGITS[ch]!;
    else {
      const u = UNITS[ch]!;
      total += (digit || 1) * u;
      digit = 0;
    }
  }
  return total + digit;
}

/** A range of values an approximate figure allows: "60 多万" → (600000, 700000). */
export interface Range {
  lo: Decimal;
  hi: Decimal;
  /** The text as printed. */
  text: string;
}

const MAGNITUDE: Record<string, number> = { 万: 10000, 亿: 100000000, 千: 1000, 百: 100 };

/**
 * Parses an approximate figure: a number (Arabic or Chinese), then 多/余 and an optional magnitude, or
 * the magnitude then 余 ("十万余"). "近 60" means a little under 60. Returns null for exact figures.
 */
export function approxRange(text: string): Range | null {
  const t = text.replace(/\s+/g, '');
  let m = t.match(/^近(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(万|亿)?/);
  if (m) {
    const n = toNumber(m[1]!);
    if (n === null) return null;
    const mag = m[2] ? MAGNITUDE[m[2]]! : 1;
    const v = n.times(mag);
    return { lo: v.times(0.8), hi: v, text };
  }
  if (/^(万|亿)(余|多)/.test(t)) {
    const mag = MAGNITUDE[t[0]!]!;
    return { lo: new Decimal(mag), hi: new Decimal(mag * 2), text };
  }
  m = t.match(/^(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(多|余)?(万|亿)?(多|余)?/);
  if (!m || !(m[2] || m[4])) return null;
  const n = toNumber(m[1]!);
  if (n === null) return null;
  const mag = m[3] ? MAGNITUDE[m[3]]! : 1;
  const step = lowestUnit(m[1]!);
  return { lo: n.times(mag), hi: n.plus(step).times(mag), text };
}

function toNumber(s: string): Decimal | null {
  if (/^\d/.test(s)) return new Decimal(s);
  const c = chineseNumber(s);
  return c === null ? null : new Decimal(c);
}

/** The unit of the lowest non-zero digit: "60" → 10, "1.8" → 0.1, "1000" → 1000, "十" → 10, "两百" → 100. */
function lowestUnit(s: string): Decimal {
  if (/^\d/.test(s)) {
    const [int, frac] = s.split('.');
    if (frac && /[1-9]/.test(frac)) return new Decimal(10).pow(-frac.replace(/0+$/, '').length);
    const trailing = int!.match(/0*$/)![0].length;
    return new Decimal(10).pow(Math.min(trailing, int!.length - 1));
  }
  const c = chineseNumber(s)!;
  let u = 1;
  while (c % (u * 10) === 0 && u * 10 <= c) u *= 10;
  return new Decimal(u);
}

/** "3,224.00" → 3224.00; "-0.70" → -0.70; "−59.30" → -59.30; null when not a number. */
export function parseNumber(s: string): Decimal | null {
  const t = s.trim().replace(/[−–—]/g, '-').replace(/,/g, '').replace(/%$/, '').replace(/^\+/, '');
  return /^-?\d+(\.\d+)?$/.test(t) ? new Decimal(t) : null;
}

/** Whether a table cell says "none" (—, --, 无, empty). */
export function isBlankCell(s: string | undefined): boolean {
  return !s || /^[-—–\s/无]*$/.test(s.trim());
}
