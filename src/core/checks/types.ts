/**
 * Findings: what a consistency check reports. Values, not exceptions: a stable code, a severity, where
 * (a dataset field path, or a place in a report), a Chinese message, and the figures compared.
 */

export type Severity = 'error' | 'warning' | 'note';

/** Where in a report a figure was read (a dataset finding has only `path`). */
export interface ReportLocation {
  /** Line of the .txt, paragraph of the .docx, line of the PDF's text layer. */
  line?: number;
  page?: number;
  /** The heading path above it: "一、部门基本情况 / （三）2023 年部门预算编制情况". */
  section?: string;
  /** "表 1-2" (as the report numbers it) and the row and column read. */
  table?: string;
  row?: string;
  column?: string;
}

export interface Finding {
  /** Stable code, e.g. "stated.mismatch", "report.sum". */
  code: string;
  severity: Severity;
  /** Field path ("budget.initial.total", "targets[25]") or a readable report location. */
  path: string;
  /** What is wrong, in Chinese, with the figures. */
  message: string;
  /** The figure as published. */
  stated?: string;
  /** The figure recomputed from its parts or operands. */
  expected?: string;
  /** The difference allowed as rounding residue, derived from the published precision. */
  tolerance?: string;
  location?: ReportLocation;
}

/** A check that was made and agreed: listed so that a reader sees what was verified. */
export interface Passed {
  code: string;
  path: string;
  message: string;
}

export interface CheckOutcome {
  findings: Finding[];
  passed: Passed[];
}

export const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '警告', note: '提示' };

/** Errors first, then warnings, then notes; stable otherwise. */
export function sortFindings(findings: Finding[]): Finding[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, note: 2 };
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}
