/**
 * score(dataset, framework) → a result tree. Every level-3 indicator carries the figures it used, the
 * rule that fired and its steps; every point lost is listed as a problem for the report's 存在问题.
 */
import { ZERO, clamp, cmp, constant, fixed, roundHalfUp, type Decimal } from './decimal.ts';
import type { Dataset } from './dataset/schema.ts';
import type { Framework, IndicatorNode, Rule } from './framework/schema.ts';
import { MetricContext } from './metrics/registry.ts';
import { evaluateRule } from './rules/registry.ts';
import type { Loss, RuleInput } from './rules/types.ts';

export interface IndicatorResult {
  code: string;
  name: string;
  level: number;
  weight: string;
  score: string;
  lost: string;
  description?: string | undefined;
  criteria?: string | undefined;
  /** Level-3 only. */
  rule?: Rule['kind'];
  inputs?: RuleInput[];
  steps?: string[];
  losses?: { points: string; reason: string }[];
  missing?: string[];
  children?: IndicatorResult[];
}

/** A point lost, as the report's 存在问题 names it. */
export interface Problem {
  code: string;
  name: string;
  /** Names of the level-1 and level-2 indicators above it. */
  path: string[];
  weight: string;
  score: string;
  lost: string;
  figures: RuleInput[];
  reasons: string[];
  criteria?: string | undefined;
}

export interface ScoreResult {
  framework: { id: string; name: string };
  department: string;
  year: number;
  total: string;
  maxTotal: string;
  grade?: string | undefined;
  indicators: IndicatorResult[];
  problems: Problem[];
  /** Answers or figures the scoring needed and did not get. */
  missing: { code: string; name: string; message: string }[];
}

export function score(dataset: Dataset, framework: Framework): ScoreResult {
  const metrics = new MetricContext(dataset, framework);
  const problems: Problem[] = [];
  const missing: ScoreResult['missing'] = [];
  const places = framework.settings.scorePlaces;

  // Each result is built as one object literal (no spread, no rest): the same keys in the same order
  // as before, several times faster when thousands of departments are scored.
  const visit = (node: IndicatorNode, level: number, path: string[]): Visited => {
    const weight = constant(node.weight);
    const weightText = fixedWeight(node.weight);
    if (node.children?.length) {
      const below = [...path, node.name];
      const results: IndicatorResult[] = [];
      let s = ZERO;
      for (const c of node.children) {
        const v = visit(c, level + 1, below);
        s = s.plus(v.s);
        results.push(v.result);
      }
      return {
        s,
        result: {
          code: node.code,
          name: node.name,
          level,
          weight: weightText,
          description: node.description,
          criteria: node.criteria,
          score: fixed(s),
          lost: fixed(weight.minus(s)),
          children: results,
        },
      };
    }
    const rule = node.rule!;
    const out = evaluateRule(rule, weight, {
      metrics,
      answers: dataset.evaluation[node.code],
      settings: framework.settings,
      indicator: { code: node.code, name: node.name },
    });
    const s = clamp(roundHalfUp(out.score, places), ZERO, weight);
    const scoreText = fixed(s, places);
    if (s !== out.score && cmp(s, out.score) !== 0)
      out.steps.push(`本指标得分四舍五入到 ${places} 位小数：${scoreText}`);
    const lost = weight.minus(s);
    const lostText = fixed(lost, places);
    for (const m of out.missing) missing.push({ code: node.code, name: node.name, message: m });
    const losses = lostPoints(out.losses, lost);
    if (cmp(lost, ZERO) > 0) {
      problems.push({
        code: node.code,
        name: node.name,
        path,
        weight: weightText,
        score: scoreText,
        lost: lostText,
        figures: out.inputs,
        reasons: losses.map((l) => l.reason),
        criteria: node.criteria,
      });
    }
    return {
      s,
      result: {
        code: node.code,
        name: node.name,
        level,
        weight: weightText,
        description: node.description,
        criteria: node.criteria,
        score: scoreText,
        lost: lostText,
        rule: rule.kind,
        inputs: out.inputs,
        steps: out.steps,
        losses: losses.map((l) => ({ points: fixed(l.points, places), reason: l.reason })),
        missing: out.missing,
      },
    };
  };

  const top = framework.indicators.map((n) => visit(n, 1, []));
  let total = ZERO;
  for (const t of top) total = total.plus(t.s);
  return {
    framework: { id: framework.id, name: framework.name },
    department: dataset.department.name,
    year: dataset.year,
    total: fixed(total),
    maxTotal: fixed(constant(framework.total)),
    grade: gradeOf(total, framework),
    indicators: top.map((t) => t.result),
    problems,
    missing,
  };
}

const WEIGHT_TEXT = new Map<string, string>();
/** A framework weight as "5.00": the same few weights for every department, formatted once. */
function fixedWeight(weight: string): string {
  let t = WEIGHT_TEXT.get(weight);
  if (t === undefined) {
    t = fixed(constant(weight));
    if (WEIGHT_TEXT.size < 10_000) WEIGHT_TEXT.set(weight, t);
  }
  return t;
}

interface Visited {
  result: IndicatorResult;
  s: Decimal;
}

/**
 * The reasons that explain the rounded loss. Rule losses are before rounding (a proportional 0.9992
 * loses 0.0008 and rounds to full marks); when the rounded score lost nothing, there is no problem.
 */
function lostPoints(losses: Loss[], lost: Decimal): Loss[] {
  if (cmp(lost, ZERO) <= 0) return [];
  return losses.filter((l) => cmp(l.points, ZERO) > 0);
}

/**
 * The grade of a total: the grade with the highest minimum the total reaches (the first of equal
 * minimums, in framework order). One pass over the framework's few grades, their minimums parsed once.
 */
export function gradeOf(total: Decimal, framework: Framework): string | undefined {
  let best: { label: string } | undefined;
  let bestMin: Decimal | undefined;
  for (const g of framework.grades ?? []) {
    const min = constant(g.min);
    if (total.greaterThanOrEqualTo(min) && (bestMin === undefined || min.greaterThan(bestMin))) {
      best = g;
      bestMin = min;
    }
  }
  return best?.label;
}

/** Every level-3 result, depth first, in framework order. */
export function leaves(result: ScoreResult): IndicatorResult[] {
  const out: IndicatorResult[] = [];
  const walk = (n: IndicatorResult) => (n.children ? n.children.forEach(walk) : out.push(n));
  result.indicators.forEach(walk);
  return out;
}
