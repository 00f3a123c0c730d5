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

// The server's response shapes, declared once in src/server/api-types.ts (types only: nothing of the
// server is bundled). The score result is the core's own type: the API sends score() output as it is.
import type { IndicatorResult, Problem, ScoreResult } from '../../src/core/score.ts';
import type {
  AuditRow,
  BureauSummary,
  BureauSummaryResponse,
  ChartsResponse,
  ChartView,
  ConflictView,
  DatasetMeta,
  DatasetResponse,
  EvaluationView,
  FrameworkNodeView,
  FrameworkResponse,
  HistoryResponse,
  HistoryYear,
  ProjectScoreView,
  FindingView,
  Redate,
  Review,
  SaveResponse,
} from '../../src/server/api-types.ts';
export type { IndicatorResult, Problem, ScoreResult };
export type {
  AuditRow,
  BureauSummary,
  BureauSummaryResponse,
  ChartsResponse,
  ChartView,
  ConflictView,
  DatasetMeta,
  DatasetResponse,
  FrameworkNodeView,
  FrameworkResponse,
  HistoryResponse,
  HistoryYear,
  ProjectScoreView,
  Redate,
  Review,
  SaveResponse,
};
export type Finding = FindingView;
export type Evaluation = EvaluationView;

export const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
