/**
 * Whether a declared target is quantitative (定量): by rule, not by hand. The target value is parsed
 * (parse.ts); a quantity (≥10 项, 100%准确, ≤75 万元) or a date range is quantitative, a text with no
 * figure (每月及时发放) is qualitative. A target may state its own classification (`quantitative`),
 * which wins.
 */
import type { Target } from '../dataset/schema.ts';
import { hasFigure } from './parse.ts';

export function isQuantitative(
  target: Pick<Target, 'target' | 'quantitative'> & { category?: string | undefined },
): boolean {
  if (target.quantitative !== undefined) return target.quantitative;
  // The same answer as parseTargetText(...).kind !== 'qualitative' (the category only sets an implied
  // operator), without the parse.
  return hasFigure(target.target);
}
