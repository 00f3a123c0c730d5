/** Calls to the jixiao API: JSON in and out, the session cookie sent by the browser. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { message: text.slice(0, 200) };
  }
  if (!res.ok)
    throw new ApiError(
      res.status,
      String(json.code ?? 'error'),
      String(json.message ?? `请求失败（${res.status}）`),
      json,
    );
  return json as T;
}

export interface FieldError {
  path: string;
  message: string;
  sheet?: string;
  cell?: string;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: 'filler' | 'reviewer' | 'admin';
  roleLabel: string;
  departmentId: number | null;
  mustChangePassword: boolean;
  /** Disabled by an administrator: cannot sign in. */
  disabled: boolean;
}

export interface DatasetMeta {
  id: number;
  departmentId: number;
  departmentName: string;
  year: number;
  frameworkId: string;
  version: number;
  selfScore: string | null;
  grade: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

// The score result is the core's own type: the API sends score() output as it is.
import type { IndicatorResult, Problem, ScoreResult } from '../../src/core/score.ts';
export type { IndicatorResult, Problem, ScoreResult };

export interface Finding {
  code: string;
  severity?: string;
  message: string;
  path?: string;
}

/** A target carried from an earlier year that still names another year (a reminder, not a finding). */
export interface Redate {
  path: string;
  name: string;
  carriedFrom: number;
  message: string;
}

export type Evaluation = (
  | { ok: true; result: ScoreResult; findings: Finding[] | null }
  | {
      ok: false;
      errors: FieldError[];
      /** Every error is a value not yet filled in (a new year): 未填报, not a score. */
      unfilled?: boolean;
    }
) & { redate?: Redate[] };

export interface Review {
  id: number;
  reviewer: string;
  score: string;
  reason: string;
  datasetVersion: number;
  selfScore: string | null;
  at: string;
  /** “复核后数据已修改：第 2 版 → 第 5 版” when the data was saved again after this review. */
  staleNote: string | null;
}

export const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
