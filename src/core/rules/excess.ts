/**
 * excess: full marks while a metric stays within a threshold; beyond it, deduct per step exceeded.
 * counting: started (every started step counts), whole (only whole steps), proportional (exact share).
 */
import { ZERO, cmp, constant, fixed, max } from '../decimal.ts';
import { missingMetric, outcome } from './outcome.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';
import { displayValue, input, numeric } from './values.ts';

const evaluate: RuleEvaluator<'excess'> = (rule, weight, ctx) => {
  const v = numeric(rule.metric, ctx);
  if (v === null)
    return { ...missingMetric(rule.metric, weight, rule.ifMissing, ctx), inputs: [input(rule.metric, ctx)] };
  const o = outcome(weight);
  o.inputs.push(input(rule.metric, ctx));
  const over = v.minus(constant(rule.threshold));
  const shown = displayValue(rule.metric, v, ctx);
  const limit = displayValue(rule.metric, constant(rule.threshold), ctx);
  if (cmp(over, ZERO) <= 0) {
    o.steps.push(`${o.inputs[0]!.label}为 ${shown}，未超过 ${limit}，得 ${weight.toString()} 分`);
    return o;
  }
  const steps = over.dividedBy(constant(rule.step));
  const count =
    rule.counting === 'started' ? steps.ceil() : rule.counting === 'whole' ? steps.floor() : steps;
  const deducted = count.times(constant(rule.deduct));
  o.score = max(ZERO, weight.minus(deducted));
  o.steps.push(
    `${o.inputs[0]!.label}为 ${shown}，超过 ${limit}，按 ${count.toString()} 档每档扣 ${rule.deduct} 分，得 ${fixed(o.score)} 分`,
  );
  o.losses.push({ points: weight.minus(o.score), reason: `${o.inputs[0]!.label}为 ${shown}，超过 ${limit}` });
  return o;
};

export const excessRule: RuleKind<'excess'> = {
  label: '超出阈值扣分',
  evaluate,
  check: (rule, _weight, path, c) => {
    c.metric(rule.metric, [...path, 'metric']);
  },
};
