/**
 * Parts other modules provide: the report (src/report: model → .docx / HTML / PDF) and the findings
 * checker (checkDataset), which is looked up on the library entry at run time so the server works
 * before and after it is exported there.
 */
import type { Dataset } from '../core/dataset/schema.ts';
import type { Framework } from '../core/framework/schema.ts';
import type { ScoreResult } from '../core/score.ts';
import * as lib from '../index.ts';
import { buildReportModel, PdfError, renderDocx, renderHtml, renderPdf } from '../report/index.ts';
import { projectFrameworkFor } from '../report/project-framework.ts';

export interface FindingView {
  code: string;
  severity?: string;
  path?: string;
  message: string;
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
  return true;
}

export async function renderReport(
  dataset: Dataset,
  framework: Framework,
  result: ScoreResult,
): Promise<Uint8Array> {
  return new Uint8Array(
    await renderDocx(
      buildReportModel(dataset, framework, result, { projectFramework: projectFrameworkFor(dataset) }),
    ),
  );
}

export function renderReportHtml(dataset: Dataset, framework: Framework, result: ScoreResult): string {
  return renderHtml(
    buildReportModel(dataset, framework, result, { projectFramework: projectFrameworkFor(dataset) }),
  );
}

/** The PDF, or null with the reason when LibreOffice is not installed. */
export async function renderReportPdf(
  dataset: Dataset,
  framework: Framework,
  result: ScoreResult,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  try {
    return {
      ok: true,
      bytes: new Uint8Array(
        await renderPdf(
          buildReportModel(dataset, framework, result, { projectFramework: projectFrameworkFor(dataset) }),
        ),
      ),
    };
  } catch (e) {
    if (e instanceof PdfError) return { ok: false, message: e.message };
    throw e;
  }
}
