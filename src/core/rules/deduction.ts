/** deduction: full marks less N per failing item, not below the floor. */
import { Decimal, ZERO, cmp, constant, max, sum } from '../decimal.ts';
import { outcome, pts } from './outcome.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';
import { NO_ASKS } from './types.ts';
import { input } from './values.ts';

const evaluate: RuleEvaluator<'deduction'> = (rule, weight, ctx) => {
  const o = outcome(ZERO);
  const per = constant(rule.per);
  let deducted: Decimal;
  if (rule.countMetric) {
    o.inputs.push(input(rule.countMetric, ctx));
    const v = ctx.metrics.get(rule.countMetric);
    const count = v instanceof Decimal ? v : ZERO;
    deducted = count.times(per);
    o.steps.push(`不符合/未完成 ${count.toString()} 项，每项扣 ${pts(per)}，共扣 ${deducted.toString()} 分`);
    if (cmp(count, ZERO) > 0)
      o.losses.push({
        points: deducted,
        reason: `${o.inputs[0]!.label} ${count.toString()} 项，每项扣 ${pts(per)}`,
      });
  } else {
    const items = ctx.answers?.deductions ?? [];
    const amounts = items.map((d) => (d.points === undefined ? per : new Decimal(d.points)));
    deducted = sum(amounts);
    items.forEach((d, i) => {
      o.steps.push(`扣分事项：${d.reason}，扣 ${amounts[i]!.toString()} 分`);
      o.losses.push({ points: amounts[i]!, reason: d.reason });
    });
    if (!items.length) o.steps.push('无扣分事项');
  }
  const floor = constant(rule.floor);
  o.score = max(floor, weight.minus(deducted));
  o.steps.push(
    `得分 = max(${floor.toString()}, ${weight.toString()} − ${deducted.toString()}) = ${o.score.toString()}`,
  );
  if (cmp(deducted, weight.minus(floor)) > 0) {
    // Losses beyond the floor are not points lost; keep the reasons, trim the figure.
    const cap = weight.minus(floor);
    let left = cap;
    for (const l of o.losses) {
      l.points = Decimal.min(l.points, left);
      left = left.minus(l.points);
    }
  }
  return o;
};

export const deductionRule: RuleKind<'deduction'> = {
  label: '满分起扣',
  evaluate,
  check: (rule, _weight, path, c) => {
    if (rule.countMetric) c.metric(rule.countMetric, [...path, 'countMetric']);
  },
  asks: (rule) => (rule.countMetric ? NO_ASKS : { ...NO_ASKS, deductions: true }),
};
