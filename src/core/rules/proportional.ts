/** proportional: score = min(ratio, cap) × points; zero when a zero-if condition holds. */
import { Decimal, cmp, constant, fixed, min } from '../decimal.ts';
import { missingMetric, outcome } from './outcome.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';
import { checkConditions, checkPoints } from './check.ts';
import { describeCondition, displayValue, holds, input, numeric } from './values.ts';

const evaluate: RuleEvaluator<'proportional'> = (rule, weight, ctx) => {
  const ratio = numeric(rule.metric, ctx);
  if (ratio === null)
    return { ...missingMetric(rule.metric, weight, rule.ifMissing, ctx), inputs: [input(rule.metric, ctx)] };
  const o = outcome(weight);
  const points = rule.points === undefined ? weight : constant(rule.points);
  o.inputs.push(input(rule.metric, ctx));
  for (const c of rule.zeroIf ?? []) {
    if (holds(c, ctx)) {
      o.score = new Decimal(0);
      o.steps.push(`${describeCondition(c, ctx)}，按规则得 0 分`);
      o.losses.push({ points: weight, reason: `${describeCondition(c, ctx)}，本项得 0 分` });
      return o;
    }
  }
  const cap = constant(rule.cap);
  const used = min(ratio, cap);
  o.score = used.times(points);
  const shown = displayValue(rule.metric, ratio, ctx);
  o.steps.push(
    `得分 = ${shown}${cmp(used, ratio) < 0 ? `（封顶 ${displayValue(rule.metric, cap, ctx)}）` : ''} × ${points.toString()}分 = ${o.score.toString()}`,
  );
  if (cmp(o.score, weight) < 0) {
    o.losses.push({
      points: weight.minus(o.score),
      reason: `${o.inputs[0]!.label}为 ${shown}，按比例得 ${fixed(o.score)} 分`,
    });
  }
  return o;
};

export const proportionalRule: RuleKind<'proportional'> = {
  label: '按比率计分',
  evaluate,
  check: (rule, weight, path, c) => {
    c.metric(rule.metric, [...path, 'metric']);
    checkConditions(rule.zeroIf, [...path, 'zeroIf'], c);
    checkPoints(rule.points, weight, path, c);
  },
};
