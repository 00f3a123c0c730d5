/**
 * The review API's response shapes (GET/PUT /api/datasets/:id/review-items, the signals routes), as
 * plain data: declared here so the server builds them and the web imports them as types.
 */
import type { Signal } from './signals.ts';
import type { ReviewTarget } from './total.ts';

export interface ReviewItemView {
  kind: ReviewTarget;
  /** Indicator code or project item id (for the request; never shown). */
  ref: string;
  name: string;
  weight: string;
  selfScore: string;
  reviewScore: string | null;
  comment: string;
  /** 偏离度: review minus self, signed; null when not reviewed. */
  difference: string | null;
  reviewer: string | null;
  at: string | null;
}

export interface ReviewItemsResponse {
  /** The dataset's current version, and the version the review items were written for. */
  version: number;
  reviewedVersion: number | null;
  /** “复核后数据已修改：第 2 版 → 第 5 版” when the data changed after the review. */
  staleNote: string | null;
  indicators: ReviewItemView[];
  projects: ReviewItemView[];
  selfTotal: string;
  /** Computed by the framework from the self result with the reviewed scores in place. */
  reviewTotal: string;
  reviewGrade: string | null;
  /** reviewTotal − selfTotal, signed. */
  difference: string;
  maxTotal: string;
  can: { review: boolean };
}

export interface SignalsResponse {
  /** The rules' name (the bureau's file). */
  rules: string;
  signals: Signal[];
}
