/** veto: the whole indicator scores 0 when a disqualifying event happened; otherwise the inner rule. */
import { ZERO } from '../decimal.ts';
import { evaluateRule } from './registry.ts';
import { outcome } from './outcome.ts';
import type { RuleEvaluator } from './types.ts';
import { describeCondition, holds, input } from './values.ts';

export const veto: RuleEvaluator<'veto'> = (rule, weight, ctx) => {
  const answer = rule.item ? ctx.answers?.items?.[rule.item] : undefined;
  const byAnswer = answer?.met === true;
  const byCondition = (rule.when ?? []).find((c) => holds(c, ctx) === true);
  if (byAnswer || byCondition) {
    const o = outcome(ZERO);
    if (byCondition) o.inputs.push(input(byCondition.metric, ctx));
    const why = byCondition
      ? describeCondition(byCondition)
      : `${rule.text}${answer?.reason ? `（${answer.reason}）` : ''}`;
    o.steps.push(`一票否决：${why}，本指标得 0 分`);
    o.losses.push({ points: weight, reason: `一票否决：${why}` });
    return o;
  }
  const inner = evaluateRule(rule.rule, weight, ctx);
  const note = rule.item && !answer ? '（未填写，视为未发生）' : '';
  return { ...inner, steps: [`否决事项“${rule.text}”：未发生${note}`, ...inner.steps] };
};
