/** composite: the sum of named parts, each scored by its own rule out of its own points. */
import { ZERO, constant, sum } from '../decimal.ts';
import { evaluateRule } from './registry.ts';
import { outcome } from './outcome.ts';
import type { RuleEvaluator } from './types.ts';

export const composite: RuleEvaluator<'composite'> = (rule, _weight, ctx) => {
  const o = outcome(ZERO);
  const scores = rule.parts.map((part) => {
    const r = evaluateRule(part.rule, constant(part.points), ctx);
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
