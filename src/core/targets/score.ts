/**
 * Achievement and scoring of declared targets, after the Ministry of Finance's project self-evaluation
 * rules (财预〔2020〕10号): a met quantitative target scores its weight; one not met scores in proportion
 * (≥: actual ÷ target; ≤: a configurable reverse formula); = scores like ≥ except a zero target;
 * qualitative targets are graded by the evaluator in three bands, with a reason; over-achievement
 * beyond a configurable share needs a deviation reason. Every target score is rounded half up to 0.01.
 *
 * Nothing is scored silently: a missing actual, a non-numeric actual for a quantitative target, a unit
 * that does not match, a grade not given — each is a finding (code + Chinese message) and the target
 * scores 0 with `scored: false`.
 */
import { Decimal, ZERO, clamp, fixed, max, min, percent, roundHalfUp, sum } from '../decimal.ts';
import {
  OP_SYMBOL,
  describeParse,
  inTargetUnit,
  parseActualText,
  parseTargetText,
  type ActualParse,
  type TargetOp,
  type TargetParse,
} from './parse.ts';

/** A target as the dataset records it (department targets and project targets alike). */
export interface TargetLike {
  category: string;
  name: string;
  target: string;
  actual?: string | undefined;
  quantitative?: boolean | undefined;
  /** Its weight (分值) within the indicator, when the table gives one. */
  weight?: string | undefined;
  /** Evaluator's band for a qualitative target. */
  grade?: 'met' | 'partial' | 'unmet' | undefined;
  /** Evaluator's points for a qualitative target (within its band). */
  points?: string | undefined;
  /** Evaluator's reason (required for a qualitative target graded below 达成). */
  reason?: string | undefined;
  /** Reason for a deviation: over-achievement beyond the set share, or not met. */
  deviationReason?: string | undefined;
}

export type QualitativeGrade = 'met' | 'partial' | 'unmet';

export const GRADE_LABELS: Record<QualitativeGrade, string> = {
  met: '达成年度指标',
  partial: '部分达成年度指标并具有一定效果',
  unmet: '未达成年度指标且效果较差',
};

export interface TargetScoringSettings {
  /** ≤ (and <) not met: `ratio` = target ÷ actual × weight; `linear` = weight × (2 − actual ÷ target), zero at twice the target. */
  lessThan: 'ratio' | 'linear';
  /** Completion rate above which a deviation reason is required (1.3 = 130 %). */
  overAchievement: string;
  /** Share of the weight each qualitative band allows, [low, high], both inclusive. */
  qualitativeBands: Record<QualitativeGrade, [string, string]>;
  /** Share of the weight a qualitative band scores when the evaluator gives a band but no points. */
  qualitativeDefault: Record<QualitativeGrade, string>;
  /** Decimal places of a target score, half up. */
  places: number;
}

export const DEFAULT_TARGET_SETTINGS: TargetScoringSettings = {
  lessThan: 'ratio',
  overAchievement: '1.3',
  qualitativeBands: { met: ['0.8', '1'], partial: ['0.6', '0.8'], unmet: ['0', '0.6'] },
  qualitativeDefault: { met: '1', partial: '0.6', unmet: '0' },
  places: 2,
};

export function targetSettings(partial: Partial<TargetScoringSettings> = {}): TargetScoringSettings {
  return {
    ...DEFAULT_TARGET_SETTINGS,
    ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)),
  } as TargetScoringSettings;
}

export type Achievement = 'met' | 'notMet' | 'unknown';

export const ACHIEVEMENT_LABELS: Record<Achievement, string> = {
  met: '达成',
  notMet: '未达成',
  unknown: '无法判断',
};

export type TargetFindingCode =
  | 'actualMissing'
  | 'actualNotNumeric'
  | 'unitMismatch'
  | 'deviationReasonMissing'
  | 'gradeMissing'
  | 'gradeReasonMissing'
  | 'pointsOutOfBand'
  | 'pointsDefaulted'
  | 'zeroTarget'
  | 'dateRangeInvalid'
  | 'weightsMismatch';

export interface TargetFinding {
  code: TargetFindingCode;
  /** The target's name. */
  target: string;
  message: string;
}

export interface TargetScore {
  category: string;
  name: string;
  target: string;
  parse: TargetParse;
  parsed: string;
  quantitative: boolean;
  actual: string | null;
  actualParse: ActualParse | null;
  achievement: Achievement;
  /** Completion rate (完成率) as a ratio string, e.g. "1.1111…"; ≤ targets: target ÷ actual. */
  rate: string | null;
  weight: string;
  /** Rounded half up to `places`. */
  score: string;
  /** False when the target could not be scored (a finding says why); it then scores 0. */
  scored: boolean;
  /** The evaluator's reason and the deviation reason, as recorded. */
  reason: string | null;
  deviationReason: string | null;
  steps: string[];
  findings: TargetFinding[];
}

const LOWER_IS_BETTER: ReadonlySet<TargetOp> = new Set(['<=', '<']);

function compare(a: Decimal, op: TargetOp, b: Decimal): boolean {
  const c = a.comparedTo(b);
  switch (op) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '=':
      // = scores like ≥ (reaching or passing the value meets it), except a zero target.
      return b.isZero() ? c === 0 : c >= 0;
  }
}

function pct(r: Decimal): string {
  return `${percent(r)}%`;
}

/**
 * Achievement and score of one target out of `weight`. `year` resolves dates written without a year.
 */
export function scoreTarget(
  t: TargetLike,
  weight: Decimal | string,
  settings: TargetScoringSettings = DEFAULT_TARGET_SETTINGS,
  opts: { year?: number | undefined } = {},
): TargetScore {
  const w = new Decimal(weight);
  const parse = parseTargetText(t.target, { category: t.category, year: opts.year });
  const quantitative = t.quantitative ?? parse.kind !== 'qualitative';
  const actualParse = t.actual === undefined ? null : parseActualText(t.actual, { year: opts.year });
  const steps: string[] = [];
  const findings: TargetFinding[] = [];
  const find = (code: TargetFindingCode, message: string) => findings.push({ code, target: t.name, message });
  let achievement: Achievement = 'unknown';
  let rate: Decimal | null = null;
  let raw = ZERO;
  let scored = true;

  const notScored = (code: TargetFindingCode, message: string) => {
    find(code, message);
    steps.push(`${message}，本指标未计分（0 分）`);
    scored = false;
  };

  steps.push(`指标值“${t.target}”解析为：${describeParse(parse)}`);
  if (!actualParse) {
    notScored('actualMissing', `“${t.name}”未填报实际完成值`);
  } else if (parse.kind === 'quantity') {
    if (actualParse.kind !== 'number') {
      notScored('actualNotNumeric', `“${t.name}”为定量指标，实际完成值“${t.actual}”不是数值`);
    } else {
      const conv = inTargetUnit(actualParse, parse.unit);
      if ('error' in conv) notScored('unitMismatch', `“${t.name}”${conv.error}`);
      else {
        const a = conv.value;
        const v = new Decimal(parse.value);
        const unit = parse.unit ?? '';
        const shown = `${a.toString()}${unit}`;
        const target = `${OP_SYMBOL[parse.op]}${v.toString()}${unit}`;
        const met = compare(a, parse.op, v);
        achievement = met ? 'met' : 'notMet';
        const lower = LOWER_IS_BETTER.has(parse.op);
        if (v.isZero()) rate = null;
        else if (lower) rate = a.isZero() ? null : v.dividedBy(a);
        else rate = a.dividedBy(v);
        steps.push(
          `实际完成值 ${shown}，指标值 ${target}：${met ? '达成' : '未达成'}${rate ? `，完成率 ${pct(rate)}` : ''}`,
        );
        if (met) {
          raw = w;
          steps.push(`达成，得满分 ${fixed(w)} 分`);
        } else if (v.isZero()) {
          raw = ZERO;
          find('zeroTarget', `“${t.name}”指标值为 0，未达成时无法按比例计分`);
          steps.push('指标值为 0 且未达成：无法按比例计分，得 0 分');
        } else if (lower) {
          if (settings.lessThan === 'linear') {
            const share = max(ZERO, new Decimal(2).minus(a.dividedBy(v)));
            raw = min(share, new Decimal(1)).times(w);
            steps.push(
              `反向指标未达成（线性，实际达到指标值 2 倍时为 0）：${fixed(w)} × (2 − ${shown} ÷ ${v.toString()}${unit}) = ${fixed(raw, 4)}`,
            );
          } else {
            raw = min(v.dividedBy(a), new Decimal(1)).times(w);
            steps.push(
              `反向指标未达成：指标值 ÷ 实际值 × 分值 = ${v.toString()} ÷ ${a.toString()} × ${fixed(w)} = ${fixed(raw, 4)}`,
            );
          }
        } else {
          raw = clamp(a.dividedBy(v), ZERO, new Decimal(1)).times(w);
          steps.push(
            `未达成：实际值 ÷ 指标值 × 分值 = ${a.toString()} ÷ ${v.toString()} × ${fixed(w)} = ${fixed(raw, 4)}`,
          );
          if (a.equals(v)) steps.push('实际值恰好等于指标值，严格不等号判为未达成，按比例公式为满分');
        }
        if (rate && rate.greaterThan(settings.overAchievement) && !t.deviationReason?.trim()) {
          find(
            'deviationReasonMissing',
            `“${t.name}”完成率 ${pct(rate)}，超过 ${pct(new Decimal(settings.overAchievement))}，需说明偏差原因（deviationReason）`,
          );
        }
      }
    }
  } else if (parse.kind === 'dateRange') {
    if (actualParse.kind !== 'date') {
      notScored('actualNotNumeric', `“${t.name}”为时限指标，实际完成值“${t.actual}”不是日期`);
    } else if (parse.from && parse.to && parse.from > parse.to) {
      notScored('dateRangeInvalid', `“${t.name}”指标值的起始日期晚于截止日期`);
    } else {
      const within =
        (parse.from === null || actualParse.from >= parse.from) &&
        (parse.to === null || actualParse.to <= parse.to);
      achievement = within ? 'met' : 'notMet';
      raw = within ? w : ZERO;
      const when =
        actualParse.from === actualParse.to ? actualParse.from : `${actualParse.from} 至 ${actualParse.to}`;
      steps.push(
        `实际 ${when}，${within ? '在' : '不在'}指标时限（${describeParse(parse)}）内：${within ? `得满分 ${fixed(w)} 分` : '得 0 分'}`,
      );
    }
  } else {
    const bands = settings.qualitativeBands;
    let grade: QualitativeGrade | undefined = t.grade;
    if (
      !grade &&
      actualParse.kind === 'text' &&
      (actualParse.affirmative || actualParse.text === parse.qualifier)
    ) {
      grade = 'met';
      steps.push(`实际完成情况“${t.actual}”与指标值一致，按“${GRADE_LABELS.met}”档`);
    }
    if (!grade) {
      notScored('gradeMissing', `“${t.name}”为定性指标，需评价人按三档判断（grade: met/partial/unmet）`);
    } else {
      const [lo, hi] = bands[grade].map((s) => new Decimal(s).times(w)) as [Decimal, Decimal];
      achievement = grade === 'met' ? 'met' : 'notMet';
      if (t.points !== undefined) {
        const given = new Decimal(t.points);
        raw = clamp(given, lo, hi);
        if (!raw.equals(given))
          find(
            'pointsOutOfBand',
            `“${t.name}”评价人得分 ${given.toString()} 不在“${GRADE_LABELS[grade]}”档的 ${fixed(lo)}—${fixed(hi)} 分内，按 ${fixed(raw)} 分计`,
          );
      } else {
        raw = new Decimal(settings.qualitativeDefault[grade]).times(w);
        if (grade !== 'met')
          find(
            'pointsDefaulted',
            `“${t.name}”评为“${GRADE_LABELS[grade]}”但未给出具体得分，按该档默认 ${fixed(raw)} 分计`,
          );
      }
      steps.push(
        `定性指标，评价人判断“${GRADE_LABELS[grade]}”（${fixed(lo)}—${fixed(hi)} 分），得 ${fixed(raw, 4)} 分${t.reason ? `：${t.reason}` : ''}`,
      );
      if (grade !== 'met' && !t.reason?.trim())
        find('gradeReasonMissing', `“${t.name}”评为“${GRADE_LABELS[grade]}”，缺少评价理由（reason）`);
    }
  }

  const score = clamp(roundHalfUp(raw, settings.places), ZERO, w);
  if (scored && !score.equals(raw))
    steps.push(`四舍五入到 ${settings.places} 位小数：${fixed(score, settings.places)} 分`);
  return {
    category: t.category,
    name: t.name,
    target: t.target,
    parse,
    parsed: describeParse(parse),
    quantitative,
    actual: t.actual ?? null,
    actualParse,
    achievement,
    rate: rate ? rate.toString() : null,
    weight: fixed(w),
    score: fixed(score, settings.places),
    scored,
    reason: t.reason ?? null,
    deviationReason: t.deviationReason ?? null,
    steps,
    findings,
  };
}

/**
 * Each target's weight within an indicator: the weights written on the targets when every one has
 * one and they add up to the indicator's weight; otherwise an equal split to the cent, the leftover
 * cents going one each to the first targets (so the weights always add up exactly).
 */
export function allocateWeights(
  targets: readonly TargetLike[],
  weight: Decimal | string,
): { weights: Decimal[]; findings: TargetFinding[]; explicit: boolean } {
  const w = new Decimal(weight);
  const findings: TargetFinding[] = [];
  if (!targets.length) return { weights: [], findings, explicit: false };
  if (targets.every((t) => t.weight !== undefined)) {
    const given = targets.map((t) => new Decimal(t.weight!));
    const total = sum(given);
    if (total.equals(w)) return { weights: given, findings, explicit: true };
    findings.push({
      code: 'weightsMismatch',
      target: targets.map((t) => t.name).join('、'),
      message: `各指标分值合计 ${total.toString()}，不等于该类分值 ${w.toString()}，改按平均分配`,
    });
  } else if (targets.some((t) => t.weight !== undefined)) {
    findings.push({
      code: 'weightsMismatch',
      target: targets.map((t) => t.name).join('、'),
      message: '部分指标填写了分值、部分未填，改按平均分配',
    });
  }
  const n = targets.length;
  const cents = w.times(100);
  if (!cents.isInteger()) return { weights: targets.map(() => w.dividedBy(n)), findings, explicit: false };
  const base = cents.dividedToIntegerBy(n);
  const extra = cents.minus(base.times(n)).toNumber();
  return {
    weights: targets.map((_, i) => base.plus(i < extra ? 1 : 0).dividedBy(100)),
    findings,
    explicit: false,
  };
}

export interface TargetGroupScore {
  weight: string;
  /** Sum of the rounded target scores (never above the weight: the allocated weights add up to it). */
  score: string;
  rows: TargetScore[];
  findings: TargetFinding[];
}

/** Scores a group of targets sharing one weight (e.g. all 产出 targets of a project, 50 points). */
export function scoreTargetGroup(
  targets: readonly TargetLike[],
  weight: Decimal | string,
  settings: TargetScoringSettings = DEFAULT_TARGET_SETTINGS,
  opts: { year?: number | undefined } = {},
): TargetGroupScore {
  const { weights, findings } = allocateWeights(targets, weight);
  const rows = targets.map((t, i) => scoreTarget(t, weights[i]!, settings, opts));
  return {
    weight: fixed(new Decimal(weight)),
    score: fixed(sum(rows.map((r) => new Decimal(r.score)))),
    rows,
    findings: [...findings, ...rows.flatMap((r) => r.findings)],
  };
}
