/**
 * The plain facts the review signals look at, taken from a department's dataset and its scores: the
 * targets' completion rates (as src/core/targets computes them), the execution rate, each project's
 * own score and rates, the narrative paragraphs. Evidence counts, the requirement of evidence and the
 * review are parameters (other parts of the cycle own them).
 */
import { Decimal, ONE, min, percent, sum } from '../decimal.ts';
import type { Dataset } from '../dataset/schema.ts';
import { NARRATIVE_LABELS, type NarrativeKey } from '../dataset/schema.ts';
import type { Framework } from '../framework/schema.ts';
import { MetricContext } from '../metrics/registry.ts';
import { scoreProjects } from '../projects/project.ts';
import type { ScoreResult } from '../score.ts';
import { scoreTarget } from '../targets/score.ts';
import type { ProjectFacts, ReviewFacts, SignalSubject, TargetRate } from './signals.ts';

/** Target completion: the average completion rate of the targets that have one, each capped at 100 %. */
export function achievementOf(rates: readonly (string | null)[]): string | null {
  const known = rates.filter((r): r is string => r !== null).map((r) => min(new Decimal(r), ONE));
  if (!known.length) return null;
  return percent(sum(known).dividedBy(known.length));
}

export interface SubjectInput {
  datasetId: number;
  dataset: Dataset;
  framework: Framework;
  result: ScoreResult;
  /** The project framework, to score each project row; null when the dataset has none. */
  projectFramework: Framework | null;
  review?: ReviewFacts | null;
  evidenceCounts?: ReadonlyMap<string, number>;
  evidenceRequired?: ReadonlySet<string>;
}

export function signalSubject(input: SubjectInput): SignalSubject {
  const { dataset, framework, result } = input;
  const targets: TargetRate[] = dataset.targets.map((t) => {
    const s = scoreTarget(t, '1', undefined, { year: dataset.year });
    return { name: t.name, target: t.target, actual: t.actual ?? null, rate: s.rate };
  });
  const projects: ProjectFacts[] = [];
  if (input.projectFramework && dataset.projects.items?.length) {
    const tables = scoreProjects(dataset, input.projectFramework);
    tables.forEach((table, i) => {
      const item = dataset.projects.items![i]!;
      const rows = table.indicators.flatMap((ind) => ind.rows);
      for (const r of rows)
        targets.push({
          project: table.project,
          name: r.name,
          target: r.target,
          actual: r.actual,
          rate: r.rate,
        });
      projects.push({
        id: item.id ?? String(i),
        name: table.project,
        total: table.total,
        maxTotal: table.maxTotal,
        executionRate: table.funds?.rate ?? null,
        achievement: achievementOf(rows.map((r) => r.rate)),
      });
    });
  }
  let executionRate: string | null = null;
  try {
    const v = new MetricContext(dataset, framework).get('execution.rate');
    if (v instanceof Decimal) executionRate = percent(v);
  } catch {
    executionRate = null;
  }
  const paragraphs = Object.entries(dataset.narrative).flatMap(([key, texts]) =>
    (texts ?? []).map((text, index) => ({
      section: NARRATIVE_LABELS[key as NarrativeKey] ?? '其他叙述',
      index,
      text,
    })),
  );
  return {
    datasetId: input.datasetId,
    department: dataset.department.name,
    result,
    targets,
    executionRate,
    achievement: achievementOf(
      dataset.targets.length ? targets.filter((t) => !t.project).map((t) => t.rate) : [],
    ),
    projects,
    review: input.review ?? null,
    paragraphs,
    evidenceCounts: input.evidenceCounts ?? new Map(),
    evidenceRequired: input.evidenceRequired ?? new Set(),
  };
}
