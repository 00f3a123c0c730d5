/**
 * targetRate: a figure scored against its target, score = min(actual ÷ target, cap) × points. The
 * target may be below 100 % (执行率目标 70 %: 63 % scores 0.9 of the points). A zero target cannot be
 * divided by: the rule's ifMissing applies and the case is listed as missing evidence.
 */
import { ZERO, constant, max, min, percent } from '../decimal.ts';
import { cannotScore, checkAgainstTarget, readAgainstTarget } from './against-target.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';

const evaluate: RuleEvaluator<'targetRate'> = (rule, weight, ctx) => {
  const r = readAgainstTarget(rule, weight, ctx);
  if (!('actual' in r)) return r;
  const { actual, target, actualText, targetText, points, o } = r;
  const label = o.inputs[0]!.label;
  if (!target.greaterThan(0))
    return cannotScore(`${label}的目标值为 ${targetText}，不能作除数`, weight, rule.ifMissing, o);
  const ratio = actual.dividedBy(target);
  const cap = ratio.greaterThan(rule.cap) ? constant(rule.cap) : null;
  const used = max(ZERO, min(ratio, cap ?? ratio));
  o.score = used.times(points);
  o.steps.push(
    `完成比例 = 实际 ${actualText} ÷ 目标 ${targetText} = ${percent(ratio)}%` +
      (cap ? `（封顶 ${percent(used)}%）` : ratio.isNegative() ? '（低于 0，按 0 计）' : ''),
    `得分 = ${percent(used)}% × ${points.toString()}分 = ${o.score.toString()}`,
  );
  if (o.score.lessThan(weight))
    o.losses.push({
      points: weight.minus(o.score),
      reason: `${label}为 ${actualText}，目标 ${targetText}，按完成比例得分`,
    });
  return o;
};

export const targetRateRule: RuleKind<'targetRate'> = {
  label: '按目标值比率计分',
  evaluate,
  check: (rule, weight, path, c) => checkAgainstTarget(rule, weight, path, c),
};
