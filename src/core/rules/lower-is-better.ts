/**
 * lowerIsBetter: the lower the figure the better (a cost, a change rate of 三公 spending), score =
 * min(target ÷ actual, 1) × points. An actual not above the target — an actual of 0 included —
 * scores full marks. A target of 0 or below that the actual exceeds scores 0: the ratio has no
 * meaning there, and the framework asked for at most the target.
 */
import { ZERO, percent } from '../decimal.ts';
import { checkAgainstTarget, readAgainstTarget } from './against-target.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';

const evaluate: RuleEvaluator<'lowerIsBetter'> = (rule, weight, ctx) => {
  const r = readAgainstTarget(rule, weight, ctx);
  if (!('actual' in r)) return r;
  const { actual, target, actualText, targetText, points, o } = r;
  const label = o.inputs[0]!.label;
  if (!actual.greaterThan(target)) {
    o.score = points;
    o.steps.push(
      actual.isZero()
        ? `${label}为 0，不高于目标 ${targetText}，得满分 ${points.toString()} 分`
        : `${label}为 ${actualText}，不高于目标 ${targetText}，得满分 ${points.toString()} 分`,
    );
  } else if (!target.greaterThan(0)) {
    o.score = ZERO;
    o.steps.push(`${label}为 ${actualText}，高于目标 ${targetText}（目标不大于 0，无法按比例计分），得 0 分`);
  } else {
    const ratio = target.dividedBy(actual);
    o.score = ratio.times(points);
    o.steps.push(
      `完成比例 = 目标 ${targetText} ÷ 实际 ${actualText} = ${percent(ratio)}%`,
      `得分 = ${percent(ratio)}% × ${points.toString()}分 = ${o.score.toString()}`,
    );
  }
  if (o.score.lessThan(weight))
    o.losses.push({
      points: weight.minus(o.score),
      reason: `${label}为 ${actualText}，高于目标 ${targetText}`,
    });
  return o;
};

export const lowerIsBetterRule: RuleKind<'lowerIsBetter'> = {
  label: '越低越好',
  evaluate,
  check: (rule, weight, path, c) => checkAgainstTarget(rule, weight, path, c),
};
