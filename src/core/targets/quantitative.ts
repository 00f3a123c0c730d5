/**
 * Whether a declared target is quantitative (定量): by rule, not by hand. A target value written with a
 * figure (≥10 项, 100%准确, ≤75 万元, a date range) is quantitative; one written in words only
 * (每月及时发放) is qualitative. A target may state its own classification (`quantitative`), which wins.
 */
import type { Target } from '../dataset/schema.ts';

export function isQuantitative(target: Pick<Target, 'target' | 'quantitative'>): boolean {
  if (target.quantitative !== undefined) return target.quantitative;
  return /\d/.test(target.target);
}
