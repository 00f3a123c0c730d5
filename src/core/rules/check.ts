/** Checks shared by several rule kinds when a framework is loaded. */
import { Decimal } from '../decimal.ts';
import type { Condition } from '../framework/schema.ts';
import type { CheckContext, RulePath } from './types.ts';

export function checkConditions(conds: Condition[] | undefined, path: RulePath, c: CheckContext): void {
  conds?.forEach((cond, i) => c.metric(cond.metric, [...path, i, 'metric']));
}

/** `points` (when given) may not exceed the indicator's weight. */
export function checkPoints(
  points: string | undefined,
  weight: Decimal,
  path: RulePath,
  c: CheckContext,
): void {
  if (points !== undefined && new Decimal(points).greaterThan(weight))
    c.err([...path, 'points'], '分值超过指标分值');
}

/** A numeric ifMissing may not exceed the indicator's weight. */
export function checkIfMissing(
  ifMissing: { score: string } | undefined,
  weight: Decimal,
  path: RulePath,
  c: CheckContext,
  what = '缺少数字时的得分',
): void {
  if (ifMissing && ifMissing.score !== 'full' && new Decimal(ifMissing.score).greaterThan(weight))
    c.err([...path, 'ifMissing'], `${what}超过指标分值`);
}
