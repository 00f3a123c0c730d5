/**
 * Parts other modules provide once they exist: the findings checker (checkDataset) and the report
 * renderer (renderDocx). Looked up on the library entry at run time, so the server works before and
 * after they land.
 */
import type { Dataset } from '../core/dataset/schema.ts';
import type { Framework } from '../core/framework/schema.ts';
import type { ScoreResult } from '../core/score.ts';
import * as lib from '../index.ts';

export interface FindingView {
  code: string;
  severity?: string;
  message: string;
  paths?: string[];
  [k: string]: unknown;
}

const entry = lib as unknown as Record<string, unknown>;

export function findingsAvailable(): boolean {
  return typeof entry['checkDataset'] === 'function';
}

export function checkFindings(dataset: Dataset, framework: Framework): FindingView[] | null {
  const fn = entry['checkDataset'];
  if (typeof fn !== 'function') return null;
  const out = (fn as (d: Dataset, f?: Framework) => unknown)(dataset, framework);
  return Array.isArray(out) ? (out as FindingView[]) : null;
}

export function reportAvailable(): boolean {
  return typeof entry['renderDocx'] === 'function';
}

/** The .docx bytes, or null when the report module is not there yet. */
export async function renderReport(
  dataset: Dataset,
  framework: Framework,
  result: ScoreResult,
): Promise<Uint8Array | null> {
  const fn = entry['renderDocx'];
  if (typeof fn !== 'function') return null;
  const out: unknown = await (fn as (...a: unknown[]) => unknown)(dataset, framework, result);
  if (out instanceof Uint8Array) return out;
  if (
    out &&
    typeof out === 'object' &&
    'buffer' in out &&
    (out as { buffer: unknown }).buffer instanceof Uint8Array
  )
    return (out as { buffer: Uint8Array }).buffer;
  return null;
}
