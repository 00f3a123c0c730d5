/** choice: a categorical fact (e.g. 按规定公开 / 存在不符合 / 未公开) mapped to points. */
import { Decimal, ZERO, cmp } from '../decimal.ts';
import { outcome } from './outcome.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';
import { input } from './values.ts';

export const CHOICE_LABELS: Record<string, string> = {
  full: '按规定内容、时限、范围公开',
  partial: '进行了公开，但存在不符合时限、内容、范围等要求',
  none: '没有进行公开',
  exempt: '涉密，按规定不需要公开',
};

const evaluate: RuleEvaluator<'choice'> = (rule, weight, ctx) => {
  const o = outcome(ZERO);
  o.inputs.push(input(rule.metric, ctx));
  const v = ctx.metrics.get(rule.metric);
  const key = typeof v === 'string' ? v : String(v);
  const label = CHOICE_LABELS[key] ?? key;
  const got = rule.options[key];
  if (got === undefined) {
    o.missing.push(`“${o.inputs[0]!.label}”的取值“${key}”不在框架选项中`);
    o.losses.push({ points: weight, reason: `${o.inputs[0]!.label}取值“${key}”无对应得分` });
    return o;
  }
  o.score = new Decimal(got);
  o.steps.push(`${o.inputs[0]!.label}：${label}，得 ${o.score.toString()} 分`);
  if (cmp(o.score, weight) < 0)
    o.losses.push({ points: weight.minus(o.score), reason: `${o.inputs[0]!.label}：${label}` });
  return o;
};

export const choiceRule: RuleKind<'choice'> = {
  label: '分类取值计分',
  evaluate,
  check: (rule, weight, path, c) => {
    c.metric(rule.metric, [...path, 'metric']);
    for (const [k, v] of Object.entries(rule.options))
      if (new Decimal(v).greaterThan(weight)) c.err([...path, 'options', k], '选项得分超过指标分值');
  },
};
