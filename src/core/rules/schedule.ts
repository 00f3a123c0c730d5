/**
 * schedule: quarterly pace. Each quarter scores min(cumulative rate ÷ schedule, cap) × perQuarter,
 * rounded to quarterPlaces; plus an average part, average.points × the average of (per average.of):
 *  - roundedQuarterScores: the rounded quarter scores, each as a share of perQuarter (the seed's reading);
 *  - quarterRatios: the unrounded min(rate ÷ schedule, cap);
 *  - rates: the cumulative execution rates themselves (capped at 1).
 * The average part is rounded to average.places.
 */
import {
  Decimal,
  HUNDRED,
  ONE,
  ZERO,
  cmp,
  constant,
  fixed,
  min,
  percent,
  roundHalfUp,
  sum,
} from '../decimal.ts';
import { QUARTERS } from '../quarters.ts';
import { missingMetric, outcome } from './outcome.ts';
import type { RuleEvaluator, RuleKind } from './types.ts';
import { atPrecision, input } from './values.ts';

const evaluate: RuleEvaluator<'schedule'> = (rule, weight, ctx) => {
  const raw = ctx.metrics.get(rule.metric);
  if (!Array.isArray(raw) || raw.length < rule.schedule.length) {
    return { ...missingMetric(rule.metric, weight, rule.ifMissing, ctx), inputs: [input(rule.metric, ctx)] };
  }
  const o = outcome(ZERO);
  o.inputs.push(input(rule.metric, ctx));
  const per = constant(rule.perQuarter);
  const cap = constant(rule.quarterCap);
  const rates = raw.slice(0, rule.schedule.length).map((r) => atPrecision(rule.metric, r, ctx));
  const ratios = rates.map((r, i) => min(r.dividedBy(constant(rule.schedule[i]!)), cap));
  const quarterScores = ratios.map((q) => roundHalfUp(q.times(per), rule.quarterPlaces));
  const capText = cap.toString();
  const perText = per.toString();
  quarterScores.forEach((s, i) => {
    const name = QUARTERS[i] ?? `第${i + 1}期`;
    const sched = scheduleText(rule.schedule[i]!);
    const rate = percent(rates[i]!); // the rate × 100 to two places
    o.steps.push(
      `${name}：累计执行率 ${rate}% ÷ 序时进度 ${sched}，取不超过 ${capText}，× ${perText}分 = ${fixed(s, rule.quarterPlaces)}`,
    );
    if (cmp(s, per) < 0) {
      o.losses.push({
        points: per.minus(s),
        reason: `${name}累计执行率 ${rate}% 未达序时进度 ${sched}`,
      });
    }
  });
  const n = new Decimal(quarterScores.length);
  let avg: Decimal;
  switch (rule.average.of) {
    case 'roundedQuarterScores':
      avg = sum(quarterScores).dividedBy(per).dividedBy(n);
      break;
    case 'quarterRatios':
      avg = sum(ratios).dividedBy(n);
      break;
    case 'rates':
      avg = sum(rates.map((r) => min(r, ONE))).dividedBy(n);
      break;
  }
  const avgPoints = constant(rule.average.points);
  const avgScore = roundHalfUp(avg.times(avgPoints), rule.average.places);
  o.steps.push(
    `全年平均部分：平均 ${avg.toString()} × ${avgPoints.toString()}分 = ${avg.times(avgPoints).toString()}，四舍五入为 ${fixed(avgScore, rule.average.places)}`,
  );
  if (cmp(avgScore, avgPoints) < 0) {
    o.losses.push({
      points: avgPoints.minus(avgScore),
      reason: `全年平均执行进度未达满分（${fixed(avgScore, rule.average.places)}/${avgPoints.toString()}分）`,
    });
  }
  o.score = sum(quarterScores).plus(avgScore);
  o.steps.push(
    `合计 ${quarterScores.map((s) => fixed(s, rule.quarterPlaces)).join(' + ')} + ${fixed(avgScore, rule.average.places)} = ${fixed(o.score)}`,
  );
  return o;
};

const SCHEDULE_TEXT = new Map<string, string>();
/** A schedule point as people read it (“25%”): the same four for every department, formatted once. */
function scheduleText(point: string): string {
  let t = SCHEDULE_TEXT.get(point);
  if (t === undefined) {
    t = `${constant(point).times(HUNDRED).toString()}%`;
    if (SCHEDULE_TEXT.size < 1000) SCHEDULE_TEXT.set(point, t);
  }
  return t;
}

export const scheduleRule: RuleKind<'schedule'> = {
  label: '季度序时进度',
  evaluate,
  check: (rule, weight, path, c) => {
    c.metric(rule.metric, [...path, 'metric']);
    const total = new Decimal(rule.perQuarter).times(rule.schedule.length).plus(rule.average.points);
    if (!total.equals(weight))
      c.err(path, `各季度分值合计加平均部分分值为 ${total.toString()}，应等于指标分值 ${weight.toString()}`);
  },
};
