/**
 * The department's 效果性 indicator from target achievement: a suggested score from how far the declared
 * outcome targets (效益指标, the seed's 表2-3) were met, scored like any target group, beside the
 * evaluator's own score and reason. The evaluator's score (evaluation.<code>.score) stays authoritative
 * when present; both are returned, with the difference.
 */
import { Decimal, fixed } from '../decimal.ts';
import type { Dataset } from '../dataset/schema.ts';
import {
  DEFAULT_TARGET_SETTINGS,
  scoreTargetGroup,
  type TargetFinding,
  type TargetScore,
  type TargetScoringSettings,
} from './score.ts';

export const OUTCOME_CATEGORIES = ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'] as const;

export interface OutcomesSuggestion {
  code: string;
  weight: string;
  /** From the targets; null when no outcome target is declared. */
  suggested: string | null;
  evaluator: { score: string; reason: string | null } | null;
  /** The evaluator's score when given, else the suggestion (0 when neither). */
  final: string;
  source: 'evaluator' | 'targets' | 'none';
  /** evaluator − suggested, when both exist and differ. */
  difference: string | null;
  rows: TargetScore[];
  findings: TargetFinding[];
}

export function suggestOutcomesScore(
  dataset: Dataset,
  opts: {
    code?: string;
    weight?: string;
    categories?: readonly string[];
    settings?: TargetScoringSettings;
  } = {},
): OutcomesSuggestion {
  const code = opts.code ?? 'outcomes';
  const weight = new Decimal(opts.weight ?? '25');
  const categories = opts.categories ?? OUTCOME_CATEGORIES;
  const selected = dataset.targets.filter((t) => categories.includes(t.category));
  const group = selected.length
    ? scoreTargetGroup(selected, weight, opts.settings ?? DEFAULT_TARGET_SETTINGS, { year: dataset.year })
    : null;
  const answer = dataset.evaluation[code];
  const evaluator =
    answer?.score === undefined
      ? null
      : { score: fixed(new Decimal(answer.score)), reason: answer.reason ?? null };
  const suggested = group ? group.score : null;
  const final = evaluator?.score ?? suggested ?? fixed(new Decimal(0));
  return {
    code,
    weight: fixed(weight),
    suggested,
    evaluator,
    final,
    source: evaluator ? 'evaluator' : group ? 'targets' : 'none',
    difference:
      evaluator && suggested && !new Decimal(evaluator.score).equals(suggested)
        ? fixed(new Decimal(evaluator.score).minus(suggested))
        : null,
    rows: group?.rows ?? [],
    findings: group?.findings ?? [],
  };
}
