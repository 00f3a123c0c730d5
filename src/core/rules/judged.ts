/** judged: the evaluator's graded score within bounds, with a written reason. */
import { Decimal, ZERO, clamp, cmp, fixed } from '../decimal.ts';
import { missingScore, outcome } from './outcome.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';
import { NO_ASKS } from './types.ts';

const evaluate: RuleEvaluator<'judged'> = (rule, weight, ctx) => {
  const lo = rule.min === undefined ? ZERO : new Decimal(rule.min);
  const hi = rule.max === undefined ? weight : new Decimal(rule.max);
  const a = ctx.answers;
  const o = outcome(ZERO);
  if (a?.score === undefined) {
    o.score = missingScore(rule.ifMissing, weight);
    o.missing.push(`未填写评价人判断得分（evaluation.${ctx.indicator.code}.score）`);
    o.steps.push(`未填写评价人判断得分，得 ${fixed(o.score)} 分`);
    if (cmp(o.score, weight) < 0)
      o.losses.push({ points: weight.minus(o.score), reason: '未填写评价人判断得分' });
    return o;
  }
  const given = new Decimal(a.score);
  o.score = clamp(given, lo, hi);
  if (cmp(o.score, given) !== 0) {
    o.steps.push(
      `填写的得分 ${given.toString()} 超出范围 [${lo.toString()}, ${hi.toString()}]，按 ${o.score.toString()} 计`,
    );
    o.missing.push(`评价人得分 ${given.toString()} 超出范围 [${lo.toString()}, ${hi.toString()}]`);
  }
  if (rule.requireReason && !a.reason?.trim())
    o.missing.push(`评价人判断缺少书面理由（evaluation.${ctx.indicator.code}.reason）`);
  o.steps.push(`评价人判断得 ${o.score.toString()} 分${a.reason ? `：${a.reason}` : ''}`);
  if (cmp(o.score, weight) < 0)
    o.losses.push({
      points: weight.minus(o.score),
      reason: a.reason?.trim() || '评价人判断扣分（未写理由）',
    });
  return o;
};

export const judgedRule: RuleKind<'judged'> = {
  label: '评价人判断',
  evaluate,
  check: (rule, weight, path, c) => {
    if (rule.max && new Decimal(rule.max).greaterThan(weight)) c.err([...path, 'max'], '上限超过指标分值');
  },
  asks: () => ({ ...NO_ASKS, score: true }),
};
