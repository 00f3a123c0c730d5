import { NARRATIVE_LABELS as NARRATIVE_BLOCK_LABELS, type Dataset } from '../../core/dataset/schema.ts';
import type { Framework } from '../../core/framework/schema.ts';
import type { MetricContext } from '../../core/metrics/registry.ts';
import type { ScoreResult } from '../../core/score.ts';
import type { Builder } from './builder.ts';

/** What every section builder reads: the inputs, the metrics and the block list it appends to. */
export interface SectionContext {
  ds: Dataset;
  framework: Framework;
  result: ScoreResult;
  m: MetricContext;
  b: Builder;
  /** The department as sentences name it. */
  dept: string;
  year: number;
  /** The department's scoring table's number: “附表”, or “附表 1” when project tables follow. */
  appendixNumber?: string;
}

/** Narrative keys the report reads, with their Chinese labels: declared once with the dataset schema. */
export const NARRATIVE_LABELS: Record<string, string> = NARRATIVE_BLOCK_LABELS;

/** The user's text block for a narrative key (or undefined). */
export function narrativeOf(ctx: SectionContext, key: string): string[] | undefined {
  return ctx.ds.narrative[key];
}

/** Appends the narrative block `key` (a placeholder when missing). */
export function writeNarrative(ctx: SectionContext, key: string, opts: { numbered?: boolean } = {}): void {
  ctx.b.narrative(`narrative.${key}`, narrativeOf(ctx, key), NARRATIVE_LABELS[key] ?? key, opts);
}
