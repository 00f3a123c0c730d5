/** composite: the sum of named parts, each scored by its own rule out of its own points. */
import { Decimal, ZERO, constant, sum } from '../decimal.ts';
import { outcome } from './outcome.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';
import { mergeAsks } from './asks.ts';

const evaluate: RuleEvaluator<'composite'> = (rule, _weight, ctx, nested) => {
  const o = outcome(ZERO);
  const scores = rule.parts.map((part) => {
    const r = nested.evaluate(part.rule, constant(part.points), ctx);
    o.steps.push(
      `【${part.name}（${part.points}分）】`,
      ...r.steps.map((s) => `  ${s}`),
      `  小计 ${r.score.toString()} 分`,
    );
    for (const i of r.inputs) if (!o.inputs.some((x) => x.metric === i.metric)) o.inputs.push(i);
    o.losses.push(
      ...r.losses.map((l) => ({
        points: l.points,
        reason: l.reason.startsWith(part.name) ? l.reason : `${part.name}：${l.reason}`,
      })),
    );
    o.missing.push(...r.missing.map((m) => `${part.name}：${m}`));
    return r.score;
  });
  o.score = sum(scores);
  return o;
};

export const compositeRule: RuleKind<'composite'> = {
  label: '分项相加',
  evaluate,
  check: (rule, weight, path, c, nested) => {
    const s = sum(rule.parts.map((p) => new Decimal(p.points)));
    if (!s.equals(weight))
      c.err([...path, 'parts'], `各部分分值合计 ${s.toString()}，应等于指标分值 ${weight.toString()}`);
    rule.parts.forEach((p, i) =>
      nested.check(p.rule, new Decimal(p.points), [...path, 'parts', i, 'rule'], c),
    );
  },
  asks: (rule, nested) => mergeAsks(rule.parts.map((p) => nested.asks(p.rule))),
};
