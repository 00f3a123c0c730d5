/**
 * A small seeded PRNG (mulberry32) with integer-only helpers, so a synthetic jurisdiction is the same
 * for the same seed on every machine. Never Math.random; no floats reach a generated figure.
 */

/** 32-bit hash of a string and integers (FNV-1a then a murmur finalizer), for per-department seeds. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const s = String(p) + '\u0000';
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** The next unsigned 32-bit integer. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** An integer in [lo, hi], both inclusive (hi − lo < 2^32). */
  int(lo: number, hi: number): number {
    if (hi < lo) throw new Error(`Rng.int: empty range ${lo}..${hi}`);
    const span = hi - lo + 1;
    if (span <= 0x100000000) return lo + (this.next() % span);
    // Wider ranges: combine two draws (exact below 2^53).
    return lo + ((this.next() * 0x100000000 + this.next()) % span);
  }
  /** True with probability num/den (integers). */
  chance(num: number, den: number): boolean {
    return this.int(1, den) <= num;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  /** `count` distinct items, in their original order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const idx = items.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    return idx
      .slice(0, count)
      .sort((a, b) => a - b)
      .map((i) => items[i]!);
  }
}

/**
 * Amounts are integers of 0.01 万元 ("cents" of 万元); these format them as decimal text without any
 * float: 52307 → "523.07", -70 → "-0.70".
 */
export function cents(c: number): string {
  if (!Number.isSafeInteger(c)) throw new Error(`cents: not a safe integer: ${c}`);
  const neg = c < 0;
  const a = Math.abs(c);
  const whole = Math.trunc(a / 100);
  const frac = a - whole * 100;
  return `${neg ? '-' : ''}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** `value × basisPoints / 10000`, rounded half up, in integers. */
export function scaleBp(value: number, basisPoints: number): number {
  const p = value * basisPoints;
  if (!Number.isSafeInteger(p)) throw new Error('scaleBp: overflow');
  const q = Math.trunc(p / 10000);
  const r = p - q * 10000;
  return r * 2 >= 10000 ? q + 1 : r * 2 <= -10000 ? q - 1 : q;
}

/** A percentage with two decimals from basis points: 9337 → "93.37%". */
export function bpPercent(bp: number): string {
  return `${cents(bp)}%`;
}
