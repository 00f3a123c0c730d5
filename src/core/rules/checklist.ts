/** checklist: listed items, each worth stated points; met by a condition on the figures or by the evaluator. */
import { Decimal, ZERO, clamp, cmp, constant, sum } from '../decimal.ts';
import { outcome, pts } from './outcome.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';
import { NO_ASKS } from './types.ts';
import { checkConditions } from './check.ts';
import { describeConditions, holds, input } from './values.ts';

const evaluate: RuleEvaluator<'checklist'> = (rule, _weight, ctx) => {
  const o = outcome(ZERO);
  const scores = rule.items.map((item, i) => {
    const full = constant(item.points);
    const n = `第${i + 1}项`;
    if (item.when) {
      for (const c of item.when)
        if (!o.inputs.some((x) => x.metric === c.metric)) o.inputs.push(input(c.metric, ctx));
      const results = item.when.map((c) => holds(c, ctx));
      if (results.some((r) => r === null)) {
        o.missing.push(`${n}“${item.text}”所需数据无法计算`);
        o.losses.push({ points: full, reason: `${item.text}：所需数据无法计算` });
        o.steps.push(`${n}（${pts(full)}）：数据无法计算，得 0 分`);
        return ZERO;
      }
      const met = results.every(Boolean);
      const why = describeConditions(item.when, ctx);
      o.steps.push(
        `${n}（${pts(full)}）：${why}${met ? '，成立' : '，不成立'}，得 ${met ? full.toString() : '0'} 分`,
      );
      if (!met) o.losses.push({ points: full, reason: `${item.text}：未满足（${why}）` });
      return met ? full : ZERO;
    }
    const answer = ctx.answers?.items?.[item.id];
    let got: Decimal;
    if (answer?.points !== undefined) {
      got = clamp(new Decimal(answer.points), ZERO, full);
      // Out of the item's scale: counted at the bound, and named (never silently).
      if (!got.equals(answer.points))
        o.missing.push(
          `${n}“${item.text}”评价人得分 ${answer.points} 超出该项分值 0—${full.toString()}，按 ${got.toString()} 计`,
        );
    } else if (answer?.met !== undefined) got = answer.met ? full : ZERO;
    else {
      got = ctx.settings.unansweredItem === 'full' ? full : ZERO;
      o.missing.push(
        `${n}“${item.text}”未填写评价人判断（evaluation.${ctx.indicator.code}.items.${item.id}）`,
      );
    }
    const reason = answer?.reason ? `（${answer.reason}）` : '';
    o.steps.push(
      `${n}（${pts(full)}）：${answer ? '评价人判断' : '未填写'}，得 ${got.toString()} 分${reason}`,
    );
    if (cmp(got, full) < 0) {
      o.losses.push({
        points: full.minus(got),
        reason: `${item.text}${answer?.reason ? `：${answer.reason}` : answer ? '：未达到' : '：未填写判断'}`,
      });
    }
    return got;
  });
  o.score = sum(scores);
  return o;
};

export const checklistRule: RuleKind<'checklist'> = {
  label: '逐项计分',
  evaluate,
  check: (rule, weight, path, c) => {
    const s = sum(rule.items.map((i) => new Decimal(i.points)));
    if (!s.equals(weight))
      c.err([...path, 'items'], `清单各项分值合计 ${s.toString()}，应等于指标分值 ${weight.toString()}`);
    const ids = new Set<string>();
    rule.items.forEach((item, i) => {
      if (ids.has(item.id)) c.err([...path, 'items', i, 'id'], `清单项 id “${item.id}”重复`);
      ids.add(item.id);
      checkConditions(item.when, [...path, 'items', i, 'when'], c);
    });
  },
  asks: (rule) => ({
    ...NO_ASKS,
    items: rule.items
      .filter((i) => !i.when?.length)
      .map((i) => ({ id: i.id, text: i.text, points: i.points })),
  }),
};
