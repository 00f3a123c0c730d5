/**
 * Review per indicator and review signals, as the server assembles them: a dataset's review rows (self
 * score, review score, comment, 偏离度) with the review total computed by the framework; the signal
 * subjects of a year (every department's scored data, review and narrative); the budget suggestion of
 * 结果应用 for the bureau page. Routes are in routes/review.ts.
 */
import type { Kysely } from 'kysely';
import { resultApplication, signalRules } from '../adapters/review-settings.ts';
import { budgetSuggestion, downgradeSeverities, type SuggestionResult } from '../core/review/application.ts';
import {
  evaluateSignals,
  SEVERITIES,
  type ReviewFacts,
  type Severity,
  type Signal,
} from '../core/review/signals.ts';
import { signalSubject } from '../core/review/subject.ts';
import { deviation, indicatorRows, reviewTotal, type Reviewable } from '../core/review/total.ts';
import type { ReviewItemsResponse, ReviewItemView } from '../core/review/views.ts';
import { DEFAULT_PROJECT_FRAMEWORK, scoreProjects } from '../core/projects/project.ts';
import type { Dataset } from '../core/dataset/schema.ts';
import type { Framework } from '../core/framework/schema.ts';
import type { ScoreResult } from '../core/score.ts';
import { listReviewItems, type ReviewItemRow } from '../storage/review-items.ts';
import { listDatasets, type DatasetRow } from '../storage/repo.ts';
import { evidenceCounts } from '../storage/evidence.ts';
import { evidenceRequired } from '../core/evidence/index.ts';
import type { DB } from '../storage/schema.ts';
import { staleReviewNote } from './bureau.ts';
import type { FrameworkRegistry } from './frameworks.ts';
import { evaluate } from './service.ts';

/** The rows a reviewer can review: the level-3 indicators, then the project rows (each out of its project framework's total). */
export function reviewableRows(
  frameworks: FrameworkRegistry,
  dataset: Dataset,
  result: ScoreResult,
): { indicators: Reviewable[]; projects: Reviewable[] } {
  const projectFramework = frameworks.get(DEFAULT_PROJECT_FRAMEWORK);
  const items = dataset.projects.items ?? [];
  const projects: Reviewable[] =
    projectFramework && items.length
      ? scoreProjects(dataset, projectFramework).map((t, i) => ({
          kind: 'project',
          ref: items[i]!.id ?? String(i),
          name: t.project,
          weight: t.maxTotal,
          selfScore: t.total,
        }))
      : [];
  return { indicators: indicatorRows(result), projects };
}

function view(rows: Reviewable[], items: Map<string, ReviewItemRow>, places: number): ReviewItemView[] {
  return rows.map((r) => {
    const it = items.get(`${r.kind}:${r.ref}`);
    return {
      kind: r.kind,
      ref: r.ref,
      name: r.name,
      weight: r.weight,
      selfScore: r.selfScore,
      reviewScore: it?.reviewScore ?? null,
      comment: it?.comment ?? '',
      difference: it ? deviation(it.reviewScore, r.selfScore, places) : null,
      reviewer: it?.reviewer ?? null,
      at: it?.at ?? null,
    };
  });
}

/** The reviewed indicator scores by code (to put in place of the self scores). */
export function reviewedScores(items: readonly ReviewItemRow[]): Map<string, string> {
  return new Map(items.filter((i) => i.kind === 'indicator').map((i) => [i.ref, i.reviewScore]));
}

/**
 * A dataset's review: each row with its self and review score, comment and 偏离度, and the review total
 * the framework computes. Null when the data cannot be scored (nothing to review).
 */
export async function datasetReview(
  db: Kysely<DB>,
  frameworks: FrameworkRegistry,
  row: DatasetRow,
  canReview: boolean,
): Promise<ReviewItemsResponse | null> {
  const ev = evaluate(frameworks, row.data, row.frameworkId);
  if (!ev.ok) return null;
  const items = (await listReviewItems(db, [row.id], row.version)).get(row.id) ?? [];
  const reviewedVersion = items[0]?.datasetVersion ?? null;
  const rows = reviewableRows(frameworks, ev.dataset, ev.result);
  const byKey = new Map(items.map((i) => [`${i.kind}:${i.ref}`, i]));
  const places = ev.framework.settings.scorePlaces;
  const t = reviewTotal(ev.result, ev.framework, reviewedScores(items));
  return {
    version: row.version,
    reviewedVersion,
    staleNote: reviewedVersion === null ? null : staleReviewNote(reviewedVersion, row.version),
    indicators: view(rows.indicators, byKey, places),
    projects: view(rows.projects, byKey, places),
    selfTotal: t.selfTotal,
    reviewTotal: t.total,
    reviewGrade: t.grade,
    difference: t.difference,
    maxTotal: ev.result.maxTotal,
    can: { review: canReview },
  };
}

/** 佐证材料 files per level-3 indicator code of each dataset (the evidence signal reads them). */
async function storedEvidenceCounts(
  db: Kysely<DB>,
  ids: number[],
): Promise<Map<number, ReadonlyMap<string, number>>> {
  return new Map(await Promise.all(ids.map(async (id) => [id, await evidenceCounts(db, id)] as const)));
}

/** The signals of every department of a year (one jurisdiction: every department in this database). */
export async function yearSignals(
  db: Kysely<DB>,
  frameworks: FrameworkRegistry,
  year: number,
  only?: readonly Severity[],
): Promise<Signal[]> {
  const rules = signalRules();
  const active = rules.rules.filter((r) => r.enabled && (!only || only.includes(r.severity)));
  // Nothing could fire: skip scoring the year again.
  if (!active.length) return [];
  const datasets = await listDatasets(db, { year });
  const items = await listReviewItems(
    db,
    datasets.map((d) => d.id),
  );
  const projectFramework: Framework | null = frameworks.get(DEFAULT_PROJECT_FRAMEWORK) ?? null;
  const evidence = await storedEvidenceCounts(
    db,
    datasets.map((d) => d.id),
  );
  const subjects = datasets.flatMap((d) => {
    const ev = evaluate(frameworks, d.data, d.frameworkId);
    if (!ev.ok) return [];
    const its = items.get(d.id) ?? [];
    let review: ReviewFacts | null = null;
    if (its.length) {
      const rows = reviewableRows(frameworks, ev.dataset, ev.result);
      const byKey = new Map([...rows.indicators, ...rows.projects].map((r) => [`${r.kind}:${r.ref}`, r]));
      const t = reviewTotal(ev.result, ev.framework, reviewedScores(its));
      review = {
        rows: its.flatMap((i) => {
          const r = byKey.get(`${i.kind}:${i.ref}`);
          return r
            ? [{ kind: i.kind, ref: i.ref, name: r.name, selfScore: r.selfScore, reviewScore: i.reviewScore }]
            : [];
        }),
        total: t.total,
        selfTotal: t.selfTotal,
      };
    }
    return [
      signalSubject({
        datasetId: d.id,
        dataset: ev.dataset,
        framework: ev.framework,
        result: ev.result,
        projectFramework,
        review,
        evidenceCounts: evidence.get(d.id) ?? new Map(),
        evidenceRequired: new Set(evidenceRequired(ev.framework).map((r) => r.code)),
      }),
    ];
  });
  const order = (s: Severity) => SEVERITIES.indexOf(s);
  return evaluateSignals(rules, subjects, only ? { only } : {}).sort(
    (a, b) => order(a.severity) - order(b.severity) || a.department.localeCompare(b.department, 'zh-CN'),
  );
}

/**
 * The budget suggestion (结果应用) of each dataset of a year from its grade, moved down by the
 * signals the setting names. Signals are evaluated only when the setting downgrades on some severity.
 */
export async function budgetSuggestions(
  db: Kysely<DB>,
  frameworks: FrameworkRegistry,
  year: number,
  grades: { datasetId: number; grade: string | null }[],
): Promise<Map<number, SuggestionResult | null>> {
  const setting = resultApplication();
  const severities = downgradeSeverities(setting);
  const signals = severities.length ? await yearSignals(db, frameworks, year, severities) : [];
  return new Map(
    grades.map((g) => [
      g.datasetId,
      budgetSuggestion(
        setting,
        g.grade,
        signals.filter((s) => s.datasetId === g.datasetId).map((s) => s.severity),
      ),
    ]),
  );
}
