/**
 * One dataset of a batch: read, validate, score, check (when the dataset checks exist), and reduce
 * to one summary row. Pure of threads, so it runs the same in a worker and in the main thread.
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readDataFile } from '../adapters/files.ts';
import { Decimal, fixed } from '../core/decimal.ts';
import { parseDataset } from '../core/dataset/parse.ts';
import type { Dataset } from '../core/dataset/schema.ts';
import type { Framework } from '../core/framework/schema.ts';
import { leaves, score, type ScoreResult } from '../core/score.ts';
import { checkDataset } from '../core/checks/dataset.ts';
import { fieldErrorPlace } from '../core/labels.ts';

export type Severity = 'error' | 'warning' | 'note';
export const SEVERITIES: Severity[] = ['error', 'warning', 'note'];

/** The dataset checks: checkDataset(dataset, framework) → findings with a severity. */
export type CheckFn = (dataset: Dataset, framework?: Framework) => { severity: string }[];

export interface BatchRow {
  index: number;
  file: string;
  department: string;
  code: string;
  jurisdiction: string;
  year: number;
  total: string;
  grade: string;
  /** Points lost, by level-3 indicator code ("0.00" when none). */
  lost: Record<string, string>;
  lostTotal: string;
  problems: number;
  missing: number;
  /** Findings by severity, or null when the dataset checks are not available. */
  findings: Record<Severity, number> | null;
  /** The report written for it, if any. */
  report?: string;
  /** Findings of the report checker on that report, or null when not run. */
  reportFindings?: Record<Severity, number> | null;
}

export interface BatchError {
  index: number;
  file: string;
  /** In Chinese, fields named by their Chinese labels. */
  message: string;
}

export type BatchOutcome = { ok: true; row: BatchRow } | { ok: false; error: BatchError };

/** The dataset checks (src/core/checks). Async so a lighter or heavier checker can be swapped in. */
export async function findChecker(): Promise<CheckFn | null> {
  return checkDataset;
}

export function countBySeverity(findings: { severity: string }[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) if (f.severity in out) out[f.severity as Severity]++;
  return out;
}

/** Writing (and checking) a report per dataset, when asked. */
export interface ReportOptions {
  dir: string;
  /** Check each written report with the report checker. */
  check: boolean;
}

/** One dataset to process: a file, or data read from the database (named for messages). */
export type Job = { index: number; file: string } | { index: number; name: string; data: unknown };

export async function processFile(
  job: Job,
  framework: Framework,
  check: CheckFn | null,
  reports?: ReportOptions,
): Promise<BatchOutcome> {
  const index = job.index;
  const name = 'file' in job ? basename(job.file) : job.name;
  try {
    let input: unknown;
    if ('file' in job) {
      const raw = readDataFile(job.file);
      if (!raw.ok) return { ok: false, error: { index, file: name, message: joinErrors(raw.errors) } };
      input = raw.value;
    } else input = job.data;
    const ds = parseDataset(input);
    if (!ds.ok) return { ok: false, error: { index, file: name, message: joinErrors(ds.errors) } };
    const result = score(ds.value, framework);
    const lost: Record<string, string> = {};
    for (const l of leaves(result)) lost[l.code] = l.lost;
    let report: { file: string; findings: Record<Severity, number> | null } | undefined;
    if (reports) {
      try {
        report = await writeReport(
          ds.value,
          framework,
          result,
          join(reports.dir, reportName(name.replace(/[\\/:*?"<>|]/g, '_'))),
          reports.check,
        );
      } catch (e) {
        return {
          ok: false,
          error: { index, file: name, message: `评分成功，但生成或核对报告失败：${(e as Error).message}` },
        };
      }
    }
    return {
      ok: true,
      row: {
        ...(report ? { report: report.file, reportFindings: report.findings } : {}),
        index,
        file: name,
        department: result.department,
        code: ds.value.department.code ?? '',
        jurisdiction: ds.value.department.jurisdiction ?? '',
        year: result.year,
        total: result.total,
        grade: result.grade ?? '',
        lost,
        lostTotal: fixed(new Decimal(result.maxTotal).minus(result.total)),
        problems: result.problems.length,
        missing: result.missing.length,
        findings: check ? countBySeverity(check(ds.value, framework)) : null,
      },
    };
  } catch (e) {
    // A bug, not bad input: recorded against the file, and the run goes on.
    return {
      ok: false,
      error: { index, file: name, message: `处理时发生内部错误：${(e as Error).message}` },
    };
  }
}

function joinErrors(errors: { path: string; message: string }[]): string {
  const shown = errors.slice(0, 5).map((e) => {
    const place = fieldErrorPlace(e.path);
    return place ? `${place}：${e.message}` : e.message;
  });
  if (errors.length > 5) shown.push(`……另有 ${errors.length - 5} 处`);
  return shown.join('；');
}

/** "00042-SYN7-00042.yaml" → "00042-SYN7-00042.docx". */
export function reportName(datasetFile: string): string {
  return `${datasetFile.replace(/\.(ya?ml|json)$/i, '')}.docx`;
}

/** Renders the self-evaluation report (.docx), writes it, and checks the written file. */
async function writeReport(
  dataset: Dataset,
  framework: Framework,
  result: ScoreResult,
  path: string,
  checkIt: boolean,
): Promise<{ file: string; findings: Record<Severity, number> | null }> {
  // Loaded on first use: the report and checker modules are heavy and most batches do not need them.
  const { buildReportModel, renderDocx } = await import('../report/index.ts');
  const { projectFrameworkFor } = await import('../report/project-framework.ts');
  const model = buildReportModel(dataset, framework, result, {
    projectFramework: projectFrameworkFor(dataset),
  });
  const docx = await renderDocx(model);
  writeFileSync(path, docx);
  if (!checkIt) return { file: basename(path), findings: null };
  const { checkReport } = await import('../checker/index.ts');
  const checked = await checkReport(path, { framework });
  if (!checked.ok) throw new Error(`报告核对无法读取 ${basename(path)}：${checked.error.message}`);
  return { file: basename(path), findings: countBySeverity(checked.result.findings) };
}
