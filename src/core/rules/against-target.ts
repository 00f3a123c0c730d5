/**
 * Shared by the rules that score a figure against its target (targetRate, lowerIsBetter): the target
 * is a constant in the framework (“70%”) or a metric (a framework figure's target value).
 */
import { Decimal, constant, fixed } from '../decimal.ts';
import type { IfMissing, Rule } from '../framework/schema.ts';
import { checkIfMissing, checkPoints } from './check.ts';
import { missingMetric, missingScore, outcome } from './outcome.ts';
import type { CheckContext, RuleContext, RuleOutcome, RulePath } from './types.ts';
import { displayValue, input, numeric, showThreshold } from './values.ts';

type AgainstTarget = Extract<Rule, { kind: 'targetRate' | 'lowerIsBetter' }>;

export interface Read {
  actual: Decimal;
  target: Decimal;
  /** Display texts, as the steps print them. */
  actualText: string;
  targetText: string;
  points: Decimal;
  o: RuleOutcome;
}

/** The actual and the target, or the outcome when either cannot be read (the rule's ifMissing). */
export function readAgainstTarget(
  rule: AgainstTarget,
  weight: Decimal,
  ctx: RuleContext,
): Read | RuleOutcome {
  const inputs = [input(rule.metric, ctx)];
  if (rule.targetMetric) inputs.push(input(rule.targetMetric, ctx));
  const actual = numeric(rule.metric, ctx);
  if (actual === null) return { ...missingMetric(rule.metric, weight, rule.ifMissing, ctx), inputs };
  let target: Decimal;
  let targetText: string;
  if (rule.targetMetric) {
    const t = numeric(rule.targetMetric, ctx);
    if (t === null) return { ...missingMetric(rule.targetMetric, weight, rule.ifMissing, ctx), inputs };
    target = t;
    targetText = displayValue(rule.targetMetric, t, ctx);
  } else {
    target = constant(rule.target!);
    targetText = showThreshold(rule.metric, rule.target!, ctx);
  }
  const o = outcome(weight);
  o.inputs.push(...inputs);
  return {
    actual,
    target,
    actualText: displayValue(rule.metric, actual, ctx),
    targetText,
    points: rule.points === undefined ? weight : constant(rule.points),
    o,
  };
}

/** A figure the ratio cannot be formed from (a zero target): the rule's ifMissing, listed as missing evidence. */
export function cannotScore(
  what: string,
  weight: Decimal,
  ifMissing: IfMissing | undefined,
  o: RuleOutcome,
): RuleOutcome {
  o.score = ifMissing?.note ? new Decimal(0) : missingScore(ifMissing, weight);
  o.missing.push(what);
  o.steps.push(`${what}，按框架设定得 ${fixed(o.score)} 分`);
  if (o.score.lessThan(weight)) o.losses.push({ points: weight.minus(o.score), reason: what });
  return o;
}

export function checkAgainstTarget(
  rule: AgainstTarget,
  weight: Decimal,
  path: RulePath,
  c: CheckContext,
): void {
  c.metric(rule.metric, [...path, 'metric']);
  if (rule.targetMetric) c.metric(rule.targetMetric, [...path, 'targetMetric']);
  if ((rule.target === undefined) === (rule.targetMetric === undefined))
    c.err(path, '应写明目标值 target（常数，如 70%）或目标值指标量 targetMetric，二者取一');
  checkPoints(rule.points, weight, path, c);
  checkIfMissing(rule.ifMissing, weight, path, c);
}
