/** veto: the whole indicator scores 0 when a disqualifying event happened; otherwise the inner rule. */
import { ZERO } from '../decimal.ts';
import { outcome } from './outcome.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';
import { checkConditions } from './check.ts';
import { describeCondition, holds, input } from './values.ts';

const evaluate: RuleEvaluator<'veto'> = (rule, weight, ctx, nested) => {
  const answer = rule.item ? ctx.answers?.items?.[rule.item] : undefined;
  const byAnswer = answer?.met === true;
  const byCondition = (rule.when ?? []).find((c) => holds(c, ctx) === true);
  if (byAnswer || byCondition) {
    const o = outcome(ZERO);
    if (byCondition) o.inputs.push(input(byCondition.metric, ctx));
    const why = byCondition
      ? describeCondition(byCondition, ctx)
      : `${rule.text}${answer?.reason ? `（${answer.reason}）` : ''}`;
    o.steps.push(`一票否决：${why}，本指标得 0 分`);
    o.losses.push({ points: weight, reason: `一票否决：${why}` });
    return o;
  }
  const inner = nested.evaluate(rule.rule, weight, ctx);
  const note = rule.item && !answer ? '（未填写，视为未发生）' : '';
  return { ...inner, steps: [`否决事项“${rule.text}”：未发生${note}`, ...inner.steps] };
};

export const vetoRule: RuleKind<'veto'> = {
  label: '一票否决',
  evaluate,
  check: (rule, weight, path, c, nested) => {
    checkConditions(rule.when, [...path, 'when'], c);
    nested.check(rule.rule, weight, [...path, 'rule'], c);
  },
  asks: (rule, nested) => {
    const inner = nested.asks(rule.rule);
    return rule.item ? { ...inner, events: [{ id: rule.item, text: rule.text }, ...inner.events] } : inner;
  },
};
