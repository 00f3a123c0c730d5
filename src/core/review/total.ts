/**
 * Review per indicator (复核): the reviewer gives a score and a comment per level-3 indicator (and per
 * project row); the review total is never typed: it is the framework's own sum of the self-evaluation
 * result with the reviewed level-3 scores put in place of the self scores (each group the sum of its
 * children, the total the sum of the level-1 groups, exactly as score.ts sums them).
 */
import { Decimal, fixed, sum } from '../decimal.ts';
import type { Framework } from '../framework/schema.ts';
import { gradeOf, type IndicatorResult, type ScoreResult } from '../score.ts';

/** What a review item is about: a level-3 indicator (by code) or a project row (by item id). */
export const REVIEW_TARGETS = ['indicator', 'project'] as const;
export type ReviewTarget = (typeof REVIEW_TARGETS)[number];
export const REVIEW_TARGET_LABELS: Record<ReviewTarget, string> = { indicator: '三级指标', project: '项目' };

/** One reviewed row as the reviewer enters it. */
export interface ReviewEntry {
  kind: ReviewTarget;
  /** The level-3 indicator code, or the project item id. */
  ref: string;
  score: string;
  comment: string;
}

/** A row that can be reviewed: its name, weight (the most it can score) and self score. */
export interface Reviewable {
  kind: ReviewTarget;
  ref: string;
  name: string;
  weight: string;
  selfScore: string;
}

/** The level-3 indicators of a result, in framework order, as reviewable rows. */
export function indicatorRows(result: ScoreResult): Reviewable[] {
  const out: Reviewable[] = [];
  const walk = (n: IndicatorResult) =>
    n.children?.length
      ? n.children.forEach(walk)
      : out.push({ kind: 'indicator', ref: n.code, name: n.name, weight: n.weight, selfScore: n.score });
  result.indicators.forEach(walk);
  return out;
}

const SCORE_TEXT = /^\d{1,3}(\.\d{1,4})?$/;

/**
 * The problems of a batch of review entries against the rows that can be reviewed, in Chinese, one
 * line each (empty when the batch may be saved): an unknown row, a score that is not a number, above
 * the row's weight or with more decimals than the framework scores, and a score that differs from the
 * self score without a comment.
 */
export function reviewProblems(
  entries: readonly ReviewEntry[],
  rows: readonly Reviewable[],
  places: number,
): string[] {
  const byKey = new Map(rows.map((r) => [`${r.kind}:${r.ref}`, r]));
  const seen = new Set<string>();
  const problems: string[] = [];
  entries.forEach((e, i) => {
    const key = `${e.kind}:${e.ref}`;
    const row = byKey.get(key);
    if (!row) {
      problems.push(`第 ${i + 1} 条：没有这个${REVIEW_TARGET_LABELS[e.kind]}，请刷新页面后重试`);
      return;
    }
    if (seen.has(key)) {
      problems.push(`“${row.name}”在本次提交中出现了两次`);
      return;
    }
    seen.add(key);
    const text = e.score.trim();
    if (!SCORE_TEXT.test(text)) {
      problems.push(`“${row.name}”的复核得分“${e.score}”不是有效的分数`);
      return;
    }
    const s = new Decimal(text);
    if (s.decimalPlaces() > places) {
      problems.push(`“${row.name}”的复核得分最多保留 ${places} 位小数`);
      return;
    }
    if (s.greaterThan(row.weight)) {
      problems.push(`“${row.name}”的复核得分 ${text} 超过该指标分值 ${row.weight}`);
      return;
    }
    if (!s.equals(row.selfScore) && e.comment.trim() === '')
      problems.push(
        `“${row.name}”的复核得分 ${fixed(s, places)} 与自评得分 ${row.selfScore} 不同，请填写复核意见说明理由`,
      );
  });
  return problems;
}

export interface ReviewTotal {
  /** The framework's sum with the reviewed scores in place ("92.96"). */
  total: string;
  selfTotal: string;
  grade: string | null;
  /** Review total minus self total, signed ("-1.00"). */
  difference: string;
  /** The result tree with the reviewed level-3 scores and the group sums they give. */
  indicators: IndicatorResult[];
}

/**
 * The review total: the self result with each reviewed level-3 score in place, summed as the framework
 * sums (groups are the sum of their children; the total the sum of the level-1 groups). Scores not
 * reviewed keep their self score. Reviewed scores of unknown codes are ignored (the caller refuses them).
 */
export function reviewTotal(
  result: ScoreResult,
  framework: Framework,
  reviewed: ReadonlyMap<string, string>,
): ReviewTotal {
  const places = framework.settings.scorePlaces;
  const visit = (n: IndicatorResult): { s: Decimal; node: IndicatorResult } => {
    if (n.children?.length) {
      const kids = n.children.map(visit);
      const s = sum(kids.map((k) => k.s));
      return {
        s,
        node: {
          ...n,
          score: fixed(s),
          lost: fixed(new Decimal(n.weight).minus(s)),
          children: kids.map((k) => k.node),
        },
      };
    }
    const r = reviewed.get(n.code);
    const s = new Decimal(r ?? n.score);
    return {
      s,
      node: { ...n, score: fixed(s, places), lost: fixed(new Decimal(n.weight).minus(s), places) },
    };
  };
  const top = result.indicators.map(visit);
  const total = sum(top.map((t) => t.s));
  return {
    total: fixed(total),
    selfTotal: result.total,
    grade: gradeOf(total, framework) ?? null,
    difference: fixed(total.minus(result.total)),
    indicators: top.map((t) => t.node),
  };
}

/** Review score minus self score, signed, for the 偏离度 column ("-1.00"). */
export function deviation(reviewScore: string, selfScore: string, places: number): string {
  return fixed(new Decimal(reviewScore).minus(selfScore), places);
}
