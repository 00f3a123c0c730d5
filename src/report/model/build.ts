/**
 * buildReportModel(dataset, framework, result) → ReportModel: the 自评报告 as plain data. Pure: no
 * I/O, no clock. Every figure comes from the metrics registry or the score result; the user's words
 * come from dataset.narrative / measures; what is missing becomes a visible, listed placeholder.
 */
import type { Dataset } from '../../core/dataset/schema.ts';
import type { Framework } from '../../core/framework/schema.ts';
import { MetricContext } from '../../core/metrics/registry.ts';
import { score, type ScoreResult } from '../../core/score.ts';
import { Builder } from './builder.ts';
import type { SectionContext } from './context.ts';
import { basics } from './sections/basics.ts';
import { evaluation } from './sections/evaluation.ts';
import { hasProjectTables, projectAppendix } from './sections/projects.ts';
import { performance } from './sections/performance.ts';
import { scoring } from './sections/scoring.ts';
import type { ReportModel } from './types.ts';

export interface ReportModelOptions {
  /**
   * The project framework (e.g. mof-project-2020) to score `projects.items` with: each project with
   * targets gets a 项目支出绩效自评表 in the appendix (附表 2-1 …). Without it, no project tables.
   */
  projectFramework?: Framework | undefined;
}

export function buildReportModel(
  dataset: Dataset,
  framework: Framework,
  result?: ScoreResult,
  opts: ReportModelOptions = {},
): ReportModel {
  const scored = result ?? score(dataset, framework);
  const b = new Builder();
  const ctx: SectionContext = {
    ds: dataset,
    framework,
    result: scored,
    m: new MetricContext(dataset, framework),
    b,
    dept: dataset.department.name,
    year: dataset.year,
  };
  if (opts.projectFramework && hasProjectTables(dataset)) ctx.appendixNumber = '附表 1';
  basics(ctx);
  performance(ctx);
  evaluation(ctx);
  scoring(ctx);
  if (opts.projectFramework) projectAppendix(ctx, opts.projectFramework);
  return {
    title: `${dataset.year}年度部门整体绩效自评报告`,
    department: dataset.department.name,
    year: dataset.year,
    framework: scored.framework,
    total: scored.total,
    grade: scored.grade,
    blocks: b.blocks,
    placeholders: b.placeholders,
    notices: b.notices,
  };
}

export type { ReportModel } from './types.ts';
