import { Decimal, ZERO, cmp, fixed } from '../decimal.ts';
import type { IfMissing } from '../framework/schema.ts';
import type { RuleContext, RuleOutcome } from './types.ts';

export function outcome(score: Decimal): RuleOutcome {
  return { score, steps: [], inputs: [], losses: [], missing: [] };
}

/** The score a rule's ifMissing gives (0 when the framework says nothing). */
export function missingScore(ifMissing: IfMissing | undefined, weight: Decimal): Decimal {
  if (!ifMissing) return ZERO;
  return ifMissing.score === 'full' ? weight : new Decimal(ifMissing.score);
}

/**
 * The outcome when a metric a rule needs cannot be computed. A ratio that is 0/0 (nothing to measure)
 * under an ifMissing with a note is scored as the framework states, with the note as the reason;
 * anything else is missing evidence, scored 0 (or a plain-number ifMissing, which has no note).
 */
export function missingMetric(
  metric: string,
  weight: Decimal,
  ifMissing: IfMissing | undefined,
  ctx: RuleContext,
): RuleOutcome {
  const def = ctx.metrics.def(metric);
  const label = def?.label ?? metric;
  if (ifMissing?.note && ctx.metrics.zeroOverZero(metric)) {
    const score = missingScore(ifMissing, weight);
    const o = outcome(score);
    const what = `${def?.none ?? `${label}的分子、分母均为 0`}，${label}无法计算`;
    o.steps.push(`${what}；按框架说明得 ${fixed(score)} 分：${ifMissing.note}`);
    if (cmp(score, weight) < 0)
      o.losses.push({ points: weight.minus(score), reason: `${what}（${ifMissing.note}）` });
    return o;
  }
  // A stated reading (with a note) covers 0/0 only; any other gap is missing evidence and scores 0.
  const score = ifMissing?.note ? ZERO : missingScore(ifMissing, weight);
  const o = outcome(score);
  o.missing.push(`无法计算“${label}”（缺少数据或分母为 0）`);
  o.steps.push(`${label}无法计算，按框架设定得 ${fixed(score)} 分`);
  if (cmp(score, weight) < 0)
    o.losses.push({ points: weight.minus(score), reason: `${label}无法计算（缺少数据或分母为 0）` });
  return o;
}

export const pts = (d: Decimal) => `${d.toString()}分`;
