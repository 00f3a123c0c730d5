/**
 * targets: the declared targets of the named categories, scored after 财预〔2020〕10号 (targets/score.ts):
 * each target gets its share of the weight, scores it when met and in proportion when not, qualitative
 * ones by the evaluator's band. When the evaluator gives a score for the indicator (evaluation.<code>.score)
 * and evaluatorOverride is on, that score is authoritative; the targets' score stays in the steps as the
 * suggestion (the department's 效果性 works this way).
 */
import { Decimal, ZERO, clamp, fixed } from '../decimal.ts';
import type { Rule } from '../framework/schema.ts';
import { ACHIEVEMENT_LABELS, scoreTargetGroup, targetSettings } from '../targets/score.ts';
import { missingScore, outcome } from './outcome.ts';
import { checkIfMissing } from './check.ts';
import { NO_ASKS, type RuleEvaluator, type RuleKind } from './types.ts';

/** A target name as compared: surrounding and inner spaces do not count. */
const nameKey = (s: string) => s.replace(/\s+/g, '');

/** What the rule selects, as readers see it: “数量指标、质量指标类及“培训场次””. */
function describeSelection(rule: Extract<Rule, { kind: 'targets' }>): string {
  const parts: string[] = [];
  if (rule.categories.length) parts.push(`${rule.categories.join('、')}类`);
  if (rule.names.length) parts.push(rule.names.map((n) => `“${n}”`).join('、'));
  return parts.join('及');
}

const evaluate: RuleEvaluator<'targets'> = (rule, weight, ctx) => {
  const ds = ctx.metrics.dataset;
  const o = outcome(ZERO);
  const names = new Set(rule.names.map(nameKey));
  const selected = ds.targets.filter(
    (t) => rule.categories.includes(t.category) || names.has(nameKey(t.name)),
  );
  // A target the framework names and the department did not declare loses its share of the weight.
  const found = new Set(selected.map((t) => nameKey(t.name)));
  const absent = rule.names.filter((n) => !found.has(nameKey(n)));
  const what = describeSelection(rule);
  if (!selected.length) {
    o.score = missingScore(rule.ifMissing, weight);
    o.missing.push(`未设置${what}绩效目标`);
    o.steps.push(`未设置${what}绩效目标，得 ${fixed(o.score)} 分`);
    if (o.score.lessThan(weight))
      o.losses.push({ points: weight.minus(o.score), reason: `未设置${what}绩效目标` });
  } else {
    const share = weight.times(selected.length).dividedBy(selected.length + absent.length);
    for (const n of absent) {
      const lost = weight.minus(share).dividedBy(absent.length);
      o.missing.push(`框架要求的绩效目标“${n}”未设置`);
      o.steps.push(`【${n}（${fixed(lost)}分）】`, `  未设置该绩效目标，得 0 分`);
      o.losses.push({ points: lost, reason: `${n}：未设置该绩效目标` });
    }
    const settings = targetSettings({
      lessThan: rule.lessThan,
      overAchievement: rule.overAchievement,
      qualitativeBands: rule.qualitativeBands,
      places: ctx.settings.scorePlaces,
    });
    const g = scoreTargetGroup(selected, share, settings, { year: ds.year });
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

export const targetsRule: RuleKind<'targets'> = {
  label: '按绩效目标完成情况计分',
  evaluate,
  check: (rule, weight, path, c) => {
    if (!rule.categories.length && !rule.names.length)
      c.err(path, '应写明所计的目标类别 categories 或目标名称 names（至少一项）');
    rule.categories.forEach((cat, i) => {
      if (!c.targetCategories.includes(cat))
        c.err(
          [...path, 'categories', i],
          `目标类别“${cat}”不存在；可用的有：${c.targetCategories.join('、')}（框架可在 targetCategories 中声明自己的类别）`,
        );
    });
    const seen = new Set<string>();
    rule.names.forEach((n, i) => {
      if (seen.has(nameKey(n))) c.err([...path, 'names', i], `目标名称“${n}”重复`);
      seen.add(nameKey(n));
    });
    checkIfMissing(rule.ifMissing, weight, path, c, '缺少目标时的得分');
    if (rule.qualitativeBands) {
      for (const [band, [lo, hi]] of Object.entries(rule.qualitativeBands)) {
        if (new Decimal(lo).greaterThan(hi) || new Decimal(hi).greaterThan(1) || new Decimal(lo).isNegative())
          c.err([...path, 'qualitativeBands', band], '定性分档区间应在 0%—100% 之间且下限不大于上限');
      }
    }
  },
  asks: (rule) => (rule.evaluatorOverride ? { ...NO_ASKS, score: true } : NO_ASKS),
};
