/**
 * The finance bureau's view of a year: every department with its self-score, latest review score and
 * grade, the indicators that most often lose points, the grade distribution, and the .xlsx export.
 */
import type { Review } from './api-types.ts';
import ExcelJS from 'exceljs';
import { safeCells } from '../adapters/xlsx/cell-text.ts';
import type { Kysely } from 'kysely';
import { Decimal, fixed } from '../core/decimal.ts';
import { gradeOf } from '../core/score.ts';
import { listDatasets, listDepartments, listReviews, listYears, type ReviewRow } from '../storage/repo.ts';
import type { DB } from '../storage/schema.ts';
import type { Framework } from '../core/framework/schema.ts';
import { gradeLabels } from '../core/framework/grades.ts';
import type { FrameworkRegistry } from './frameworks.ts';
import { SUBMISSION_STATE_LABELS, type SubmissionState } from '../core/submission/states.ts';
import { submissionStates } from '../storage/submissions.ts';
import { evaluate } from './service.ts';
import { SettingsFileError } from '../adapters/review-settings.ts';
import { budgetSuggestions } from './review.ts';

/**
 * A review scores the version it saw. When the data was saved again after it, the review is stale:
 * the note says so (the bureau page, the summary .xlsx and the department's 复核 tab all show this
 * text), and the stale score is not averaged or graded as if it were current.
 */
export function staleReviewNote(reviewedVersion: number, currentVersion: number): string | null {
  return reviewedVersion < currentVersion
    ? `复核后数据已修改：第 ${reviewedVersion} 版 → 第 ${currentVersion} 版`
    : null;
}

/** Reviews with the note of each against the dataset's current version. */
export function withStaleness(reviews: ReviewRow[], currentVersion: number): Review[] {
  return reviews.map((r) => ({ ...r, staleNote: staleReviewNote(r.datasetVersion, currentVersion) }));
}

export interface BureauRow {
  departmentId: number;
  departmentName: string;
  datasetId: number | null;
  selfScore: string | null;
  grade: string | null;
  reviewScore: string | null;
  reviewGrade: string | null;
  reviewReason: string | null;
  reviewer: string | null;
  /** The version the latest review saw, and the dataset's version now. */
  reviewVersion: number | null;
  version: number | null;
  /** “复核后数据已修改：第 2 版 → 第 5 版” when the data changed after the latest review. */
  reviewStale: string | null;
  lost: string | null;
  problems: number;
  /** The submission state (送审) and its label; null without a dataset. */
  state: SubmissionState | null;
  stateLabel: string | null;
  /** 结果应用: next year's budget suggestion (优先保障/保障/压缩/取消) from the grade and signals, and why. */
  budgetSuggestion: string | null;
  budgetSuggestionReason: string | null;
}

export interface BureauSummary {
  year: number;
  years: number[];
  rows: BureauRow[];
  topLosses: { code: string; name: string; departments: number; totalLost: string }[];
  distribution: { grade: string; count: number }[];
  average: string | null;
}

export async function bureauSummary(
  db: Kysely<DB>,
  frameworks: FrameworkRegistry,
  year: number,
): Promise<BureauSummary> {
  const depts = await listDepartments(db);
  const datasets = await listDatasets(db, { year });
  const reviews = await listReviews(
    db,
    datasets.map((d) => d.id),
  );
  const states = await submissionStates(
    db,
    datasets.map((d) => d.id),
  );
  const losses = new Map<string, { name: string; departments: number; total: Decimal }>();
  const used = new Set<Framework>();
  const rows: BureauRow[] = depts.map((dept) => {
    const ds = datasets.find((d) => d.departmentId === dept.id);
    if (!ds)
      return {
        departmentId: dept.id,
        departmentName: dept.name,
        datasetId: null,
        selfScore: null,
        grade: null,
        reviewScore: null,
        reviewGrade: null,
        reviewReason: null,
        reviewer: null,
        reviewVersion: null,
        version: null,
        reviewStale: null,
        lost: null,
        problems: 0,
        state: null,
        stateLabel: null,
        budgetSuggestion: null,
        budgetSuggestionReason: null,
      };
    const ev = evaluate(frameworks, ds.data, ds.frameworkId);
    const review = reviews.filter((r) => r.datasetId === ds.id).pop();
    const reviewStale = review ? staleReviewNote(review.datasetVersion, ds.version) : null;
    let lost: string | null = null;
    let problems = 0;
    let reviewGrade: string | null = null;
    if (ev.ok) {
      used.add(ev.framework);
      lost = fixed(new Decimal(ev.result.maxTotal).minus(ev.result.total));
      problems = ev.result.problems.length;
      for (const p of ev.result.problems) {
        const e = losses.get(p.code) ?? { name: p.name, departments: 0, total: new Decimal(0) };
        e.departments += 1;
        e.total = e.total.plus(p.lost);
        losses.set(p.code, e);
      }
      if (review && !reviewStale) reviewGrade = gradeOf(new Decimal(review.score), ev.framework) ?? null;
    }
    return {
      departmentId: dept.id,
      departmentName: dept.name,
      datasetId: ds.id,
      selfScore: ds.selfScore,
      grade: ds.grade,
      reviewScore: review?.score ?? null,
      reviewGrade,
      reviewReason: review?.reason ?? null,
      reviewer: review?.reviewer ?? null,
      reviewVersion: review?.datasetVersion ?? null,
      version: ds.version,
      reviewStale,
      lost,
      problems,
      state: states.get(ds.id) ?? 'draft',
      stateLabel: SUBMISSION_STATE_LABELS[states.get(ds.id) ?? 'draft'],
      budgetSuggestion: null,
      budgetSuggestionReason: null,
    };
  });
  await addBudgetSuggestions(db, frameworks, year, rows);
  const topLosses = [...losses.entries()]
    .map(([code, e]) => ({ code, name: e.name, departments: e.departments, totalLost: fixed(e.total) }))
    .sort((a, b) => b.departments - a.departments || new Decimal(b.totalLost).comparedTo(a.totalLost))
    .slice(0, 10);
  const scored = rows.filter((r) => r.selfScore !== null);
  const distribution = gradeLabels([...used]).map((g) => ({
    grade: g,
    count: scored.filter((r) => (r.reviewGrade ?? r.grade) === g).length,
  }));
  const average = scored.length
    ? fixed(
        scored
          .reduce(
            (a, r) => a.plus(r.reviewScore !== null && !r.reviewStale ? r.reviewScore : r.selfScore!),
            new Decimal(0),
          )
          .dividedBy(scored.length),
      )
    : null;
  return { year, years: await listYears(db), rows, topLosses, distribution, average };
}

/** 结果应用 (a setting file, see docs/signals.md): each row's suggestion from its current grade. */
async function addBudgetSuggestions(
  db: Kysely<DB>,
  frameworks: FrameworkRegistry,
  year: number,
  rows: BureauRow[],
): Promise<void> {
  const scored = rows.filter((r) => r.datasetId !== null);
  try {
    const map = await budgetSuggestions(
      db,
      frameworks,
      year,
      scored.map((r) => ({ datasetId: r.datasetId!, grade: r.reviewGrade ?? r.grade })),
    );
    for (const r of scored) {
      const s = map.get(r.datasetId!);
      r.budgetSuggestion = s?.label ?? null;
      r.budgetSuggestionReason = s?.reason ?? null;
    }
  } catch (e) {
    // A settings file the bureau edited wrongly does not hide the summary: each row says why.
    if (!(e instanceof SettingsFileError)) throw e;
    for (const r of scored) r.budgetSuggestionReason = e.message;
  }
}

/** One column of an exported sheet: its header, how a row fills it, its width and number format. */
interface SheetColumn<T> {
  header: string;
  value: (row: T) => ExcelJS.CellValue;
  width?: number;
  numFmt?: string;
}

const SCORE = '0.00';

/** The 汇总 sheet, one department a row. */
const SUMMARY_COLUMNS: SheetColumn<BureauRow>[] = [
  { header: '部门', width: 32, value: (r) => r.departmentName },
  {
    header: '自评得分（分）',
    width: 14,
    numFmt: SCORE,
    value: (r) => (r.selfScore === null ? '未填报' : Number(r.selfScore)),
  },
  { header: '自评等级', width: 10, value: (r) => r.grade ?? '' },
  {
    header: '复核得分（分）',
    width: 14,
    numFmt: SCORE,
    value: (r) => (r.reviewScore === null ? '' : Number(r.reviewScore)),
  },
  { header: '复核等级', width: 10, value: (r) => r.reviewGrade ?? '' },
  { header: '复核理由', width: 40, value: (r) => r.reviewReason ?? '' },
  { header: '复核说明', width: 30, value: (r) => r.reviewStale ?? '' },
  { header: '失分（分）', width: 12, numFmt: SCORE, value: (r) => (r.lost === null ? '' : Number(r.lost)) },
  { header: '失分指标数（个）', width: 16, value: (r) => r.problems },
  { header: '送审状态', width: 10, value: (r) => r.stateLabel ?? '未建立' },
  { header: '预算安排建议', width: 14, value: (r) => r.budgetSuggestion ?? '' },
];

const LOSS_COLUMNS: SheetColumn<BureauSummary['topLosses'][number]>[] = [
  { header: '指标', width: 30, value: (t) => t.name },
  { header: '失分部门数（个）', value: (t) => t.departments },
  { header: '合计失分（分）', numFmt: SCORE, value: (t) => Number(t.totalLost) },
];

const DISTRIBUTION_COLUMNS: SheetColumn<BureauSummary['distribution'][number]>[] = [
  { header: '等级', value: (d) => d.grade },
  { header: '部门数（个）', value: (d) => d.count },
];

/** A bold header row, then one row per item, with the columns' widths and number formats. */
function addTable<T>(ws: ExcelJS.Worksheet, columns: SheetColumn<T>[], rows: readonly T[]): void {
  ws.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => c.value(r)));
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.width !== undefined) col.width = c.width;
    if (c.numFmt !== undefined) col.numFmt = c.numFmt;
  });
}

export async function bureauWorkbook(s: BureauSummary): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jixiao';
  const ws = wb.addWorksheet('汇总');
  ws.addRow([`${s.year} 年度部门整体支出绩效自评汇总`]);
  ws.mergeCells(1, 1, 1, SUMMARY_COLUMNS.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  addTable(ws, SUMMARY_COLUMNS, s.rows);
  addTable(wb.addWorksheet('失分指标'), LOSS_COLUMNS, s.topLosses);
  addTable(wb.addWorksheet('等级分布'), DISTRIBUTION_COLUMNS, s.distribution);
  safeCells(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
