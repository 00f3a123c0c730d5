import { Decimal, ZERO, fixed } from '../decimal.ts';
import { METRICS } from '../metrics/registry.ts';
import type { RuleOutcome } from './types.ts';

export function outcome(score: Decimal): RuleOutcome {
  return { score, steps: [], inputs: [], losses: [], missing: [] };
}

/** The outcome when a metric a rule needs cannot be computed. */
export function missingMetric(metric: string, weight: Decimal, ifMissing: string | undefined): RuleOutcome {
  const label = METRICS[metric]?.label ?? metric;
  const score = ifMissing === undefined ? ZERO : new Decimal(ifMissing);
  const o = outcome(score);
  o.missing.push(`无法计算“${label}”（缺少数据或分母为 0）`);
  o.steps.push(`${label}无法计算，按框架设定得 ${fixed(score)} 分`);
  if (score.lessThan(weight))
    o.losses.push({ points: weight.minus(score), reason: `${label}无法计算（缺少数据或分母为 0）` });
  return o;
}

export const pts = (d: Decimal) => `${d.toString()}分`;
