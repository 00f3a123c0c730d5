/**
 * The API's response shapes, declared once. The server builds its responses from these types (or
 * checks them with `satisfies`), and the web imports them as types: a change on one side that the
 * other does not follow fails the typecheck instead of drifting. Types only: nothing here runs, and
 * the web never bundles server code through this file (eslint.config.js allows the web this file of
 * the server and nothing else).
 */
import type { FieldError } from '../core/dataset/parse.ts';
import type { Framework, IndicatorNode } from '../core/framework/schema.ts';
import type { EvaluatorAsks } from '../core/rules/types.ts';
import type { ScoreResult } from '../core/score.ts';
import type { AuditEntry, DatasetHead, ReviewRow } from '../storage/repo.ts';
import type { BureauRow, BureauSummary } from './bureau.ts';
import type { FindingView } from './extras.ts';
import type { ConflictView } from './merge-views.ts';
import type { Redate } from './new-year.ts';
import type { ProjectScoreView } from './service.ts';
import type { ChartView } from './charts.ts';

export type { BureauRow, BureauSummary, ChartView, ConflictView, FindingView, ProjectScoreView, Redate };

/** A department-year without its data, as every route sends it. */
export type DatasetMeta = DatasetHead;

/** Stored data as sent to the web: a dataset, or a draft of one (always a JSON object). */
export type StoredData = Record<string, unknown>;

/** One audit record (GET /api/datasets/:id/audit). */
export type AuditRow = AuditEntry;
export interface AuditResponse {
  audit: AuditRow[];
}

/** A review with the note saying whether the data changed after it (GET/POST …/reviews). */
export type Review = ReviewRow & {
  /** “复核后数据已修改：第 2 版 → 第 5 版” when the data was saved again after this review. */
  staleNote: string | null;
};
export interface ReviewsResponse {
  reviews: Review[];
}

/** A dataset's score as the API sends it (with a dataset, a save, or POST …/score). */
export type EvaluationView = (
  | {
      ok: true;
      result: ScoreResult;
      findings: FindingView[] | null;
      /** Each project's table scored by the project framework; null when it cannot be scored. */
      projects: ProjectScoreView[] | null;
    }
  | {
      ok: false;
      errors: FieldError[];
      /** Every error is a value not yet filled in (a new year): 未填报, not a score. */
      unfilled: boolean;
    }
) & {
  /** Targets carried from an earlier year that still name another year. */
  redate: Redate[];
};

/** An indicator as GET /api/frameworks/:id sends it: with what its rule asks the evaluator (a leaf that asks nothing has none). */
export type FrameworkNodeView = Omit<IndicatorNode, 'children'> & {
  asks?: EvaluatorAsks;
  children?: FrameworkNodeView[];
};
/** A framework with each indicator's evaluator questions (GET /api/frameworks/:id). */
export interface FrameworkResponse {
  framework: Omit<Framework, 'indicators'> & { indicators: FrameworkNodeView[] };
}

/** The 评分明细 charts of unsaved input (POST /api/datasets/:id/charts): none while the input has errors. */
export interface ChartsResponse {
  charts: ChartView[];
}

/** One year of a department (GET /api/datasets/:id/history). */
export interface HistoryYear {
  id: number;
  year: number;
  selfScore: string | null;
  grade: string | null;
  reviewScore: string | null;
  /** “复核后数据已修改：…” when that year's data changed after its latest review. */
  reviewStale: string | null;
  level2: { code: string; name: string; weight: string; score: string }[];
  figures: {
    initialBudget: string;
    adjustedBudget: string;
    executed: string;
    executionRate: string | null;
    satisfaction: string;
  } | null;
}
export interface HistoryResponse {
  years: HistoryYear[];
  chart: ChartView;
}

/** The bureau's summary of a year with its grade distribution chart (GET /api/bureau/summary). */
export type BureauSummaryResponse = BureauSummary & { chart: ChartView };

/** A save, or a workbook import, that was stored (PUT /api/datasets/:id, POST …/workbook). */
export interface SaveResponse {
  dataset: DatasetMeta;
  data: StoredData;
  /** How many fields this save changed. */
  changes: number;
  /** Labels of others' changes made since the base version that this save merged in. */
  kept: string[];
  evaluation: EvaluationView;
}

/** One department-year with its score and reviews (GET /api/datasets/:id). */
export interface DatasetResponse {
  dataset: DatasetMeta;
  data: StoredData;
  evaluation: EvaluationView;
  reviews: Review[];
  /** What the signed-in user may do with it. */
  can: { write: boolean; review: boolean };
}

// The submission cycle's responses (declared with its routes).
export type {
  CompareResponse,
  SubmissionEventView,
  SubmissionResponse,
  TodoItem,
  TodoResponse,
  TransitionView,
  VersionResponse,
  VersionsResponse,
} from './routes/submission.ts';
// 佐证材料 (declared with their routes; re-exported here, where the web may import types from).
export type {
  EvidenceFinding,
  EvidenceListResponse,
  EvidenceUploadResponse,
  EvidenceView,
} from './routes/evidence.ts';
