/** tiered: thresholds on a metric, each bound explicitly open or closed; the first matching tier scores. */
import { Decimal, ZERO, cmp, constant } from '../decimal.ts';
import { missingMetric, outcome } from './outcome.ts';
import type { RuleContext, RuleEvaluator, RuleKind } from './types.ts';
import { displayValue, input, labelOf, numeric, showThreshold } from './values.ts';

export function describeTier(
  metric: string,
  t: { min?: string | undefined; minInclusive: boolean; max?: string | undefined; maxInclusive: boolean },
  ctx: RuleContext,
): string {
  const label = labelOf(metric, ctx);
  const lo = t.min === undefined ? '' : `${showThreshold(metric, t.min, ctx)}${t.minInclusive ? '≤' : '<'}`;
  const hi = t.max === undefined ? '' : `${t.maxInclusive ? '≤' : '<'}${showThreshold(metric, t.max, ctx)}`;
  if (!lo && !hi) return '任意值';
  if (!lo) return `${label}${hi}`;
  if (!hi) return `${label}${t.minInclusive ? '≥' : '>'}${showThreshold(metric, t.min!, ctx)}`;
  return `${lo}${label}${hi}`;
}

const evaluate: RuleEvaluator<'tiered'> = (rule, weight, ctx) => {
  const v = numeric(rule.metric, ctx);
  if (v === null)
    return { ...missingMetric(rule.metric, weight, rule.ifMissing, ctx), inputs: [input(rule.metric, ctx)] };
  const o = outcome(ZERO);
  o.inputs.push(input(rule.metric, ctx));
  const tier = rule.tiers.find((t) => {
    if (t.min !== undefined) {
      const c = cmp(v, constant(t.min));
      if (c < 0 || (c === 0 && !t.minInclusive)) return false;
    }
    if (t.max !== undefined) {
      const c = cmp(v, constant(t.max));
      if (c > 0 || (c === 0 && !t.maxInclusive)) return false;
    }
    return true;
  });
  const shown = displayValue(rule.metric, v, ctx);
  if (!tier) {
    o.steps.push(`${o.inputs[0]!.label}为 ${shown}，不在任何档位内，得 0 分`);
    o.losses.push({ points: weight, reason: `${o.inputs[0]!.label}为 ${shown}，不在任何档位内` });
    return o;
  }
  o.score = constant(tier.score);
  const where = tier.label ?? describeTier(rule.metric, tier, ctx);
  o.steps.push(`${o.inputs[0]!.label}为 ${shown}，属于“${where}”档，得 ${o.score.toString()} 分`);
  if (cmp(o.score, weight) < 0) {
    o.losses.push({
      points: weight.minus(o.score),
      reason: `${o.inputs[0]!.label}为 ${shown}，属于“${where}”档，得 ${o.score.toString()} 分`,
    });
  }
  return o;
};

export const tieredRule: RuleKind<'tiered'> = {
  label: '分档计分',
  evaluate,
  check: (rule, weight, path, c) => {
    c.metric(rule.metric, [...path, 'metric']);
    rule.tiers.forEach((t, i) => {
      if (new Decimal(t.score).greaterThan(weight))
        c.err([...path, 'tiers', i, 'score'], '档位得分超过指标分值');
      if (t.min !== undefined && t.max !== undefined && new Decimal(t.min).greaterThan(t.max))
        c.err([...path, 'tiers', i], '档位下限大于上限');
    });
  },
};
