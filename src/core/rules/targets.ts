/**
 * targets: the declared targets of the named categories, scored after 财预〔2020〕10号 (targets/score.ts):
 * each target gets its share of the weight, scores it when met and in proportion when not, qualitative
 * ones by the evaluator's band. When the evaluator gives a score for the indicator (evaluation.<code>.score)
 * and evaluatorOverride is on, that score is authoritative; the targets' score stays in the steps as the
 * suggestion (the department's 效果性 works this way).
 */
import { Decimal, ZERO, clamp, fixed } from '../decimal.ts';
import { ACHIEVEMENT_LABELS, scoreTargetGroup, targetSettings } from '../targets/score.ts';
import { missingScore, outcome } from './outcome.ts';
import type { RuleEvaluator } from './types.ts';

export const targets: RuleEvaluator<'targets'> = (rule, weight, ctx) => {
  const ds = ctx.metrics.dataset;
  const o = outcome(ZERO);
  const selected = ds.targets.filter((t) => rule.categories.includes(t.category));
  const what = rule.categories.join('、');
  if (!selected.length) {
    o.score = missingScore(rule.ifMissing, weight);
    o.missing.push(`未设置${what}类绩效目标`);
    o.steps.push(`未设置${what}类绩效目标，得 ${fixed(o.score)} 分`);
    if (o.score.lessThan(weight))
      o.losses.push({ points: weight.minus(o.score), reason: `未设置${what}类绩效目标` });
  } else {
    const settings = targetSettings({
      lessThan: rule.lessThan,
      overAchievement: rule.overAchievement,
      qualitativeBands: rule.qualitativeBands,
      places: ctx.settings.scorePlaces,
    });
    const g = scoreTargetGroup(selected, weight, settings, { year: ds.year });
    for (const r of g.rows) {
      o.inputs.push({
        metric: `target:${r.name}`,
        label: r.name,
        value: `指标值 ${r.target}，实际 ${r.actual ?? '未填报'}（${ACHIEVEMENT_LABELS[r.achievement]}）`,
      });
      o.steps.push(`【${r.name}（${r.weight}分）】`, ...r.steps.map((s) => `  ${s}`), `  得 ${r.score} 分`);
      const lost = new Decimal(r.weight).minus(r.score);
      if (lost.greaterThan(0)) {
        const why = r.scored
          ? `${r.name}：指标值 ${r.target}，实际 ${r.actual}，${ACHIEVEMENT_LABELS[r.achievement]}`
          : (r.findings[0]?.message ?? `${r.name}：未计分`);
        o.losses.push({ points: lost, reason: why });
      }
    }
    for (const f of g.findings) o.missing.push(f.message);
    o.score = new Decimal(g.score);
    o.steps.push(`按目标完成情况得分 ${g.score} 分`);
  }
  const a = ctx.answers;
  if (rule.evaluatorOverride && a?.score !== undefined) {
    const suggested = o.score;
    const given = new Decimal(a.score);
    const s = clamp(given, ZERO, weight);
    if (!s.equals(given)) o.missing.push(`评价人得分 ${given.toString()} 超出范围 [0, ${weight.toString()}]`);
    if (!a.reason?.trim())
      o.missing.push(`评价人判断缺少书面理由（evaluation.${ctx.indicator.code}.reason）`);
    o.steps.push(
      `评价人判断得 ${fixed(s)} 分，以评价人判断为准（按目标完成情况建议得分 ${fixed(suggested)} 分${s.equals(suggested) ? '，两者一致' : `，相差 ${fixed(s.minus(suggested))} 分`}）${a.reason ? `：${a.reason}` : ''}`,
    );
    o.score = s;
    o.losses = s.lessThan(weight)
      ? [{ points: weight.minus(s), reason: a.reason?.trim() || '评价人判断扣分（未写理由）' }]
      : [];
  }
  return o;
};
