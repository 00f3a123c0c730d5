/**
 * A new year starts blank. The department's structure is carried over (functions, assets, staff,
 * last year's budget as 上年预算, targets marked as carried), and this year's amounts are empty, not 0:
 * an empty year is not a year that spent nothing. Such a dataset is stored without a score (self_score
 * NULL), which every view reads as 未填报, and evaluate() says `unfilled` instead of scoring it.
 */
import type { Kysely } from 'kysely';
import type { Dataset } from '../core/dataset/schema.ts';
import { yearsIn } from '../core/checks/dataset.ts';
import { catalogue, concretePaths } from '../core/dataset/catalogue.ts';
import { assignItemIds } from '../core/dataset/merge.ts';
import { idListPaths } from '../core/dataset/schema-paths.ts';
import { newItemId } from '../storage/migrations.ts';
import { findDataset, insertAudit, insertDataset, insertVersion } from '../storage/repo.ts';
import { markCarried, openItemsBefore, type CarriedRectification } from '../storage/rectifications.ts';
import type { DB } from '../storage/schema.ts';
import { getPath, setPath } from '../core/dataset/sections.ts';
import { SCHEMA_VERSION } from '../core/dataset/upgrade.ts';

/**
 * This year's figures that a new year leaves for the department to fill in, from the field catalogue:
 * every required amount or rate the department enters that is not inside a list or an optional part
 * (年初预算, the quarters' execution, 日常公用经费, 政府采购, 满意度). One list: blankFrom uses it.
 */
export const NEW_YEAR_BLANK_PATHS: readonly string[] = catalogue()
  .filter(
    (d) =>
      d.source === 'entered' &&
      d.required &&
      !d.optionalParent &&
      (d.kind === 'amount' || d.kind === 'decimal'),
  )
  .flatMap(concretePaths);

/**
 * A starting dataset for a new year: the previous year's structure kept, this year's amounts blank
 * (''), and last year's targets carried with `carriedFrom` so the department re-dates them.
 */
export function blankFrom(
  previous: Dataset | null,
  dept: { name: string },
  year: number,
  frameworkId: string,
): Record<string, unknown> {
  let out: Record<string, unknown> = {
    schemaVersion: SCHEMA_VERSION,
    department: {
      // The department's name now (an administrator may have renamed it since last year).
      name: dept.name,
      ...(previous?.department.jurisdiction ? { jurisdiction: previous.department.jurisdiction } : {}),
    },
    year,
    framework: frameworkId,
    functions: previous?.functions ?? [],
    budget: previous ? { priorYear: previous.budget.initial } : {},
    execution: { quarterlyCumulative: ['', '', '', ''] },
    projects: { count: 0, completedOnTime: 0 },
    threePublicCosts: { budget: {}, actual: {} },
    dailyOperating: {},
    procurement: {},
    assets: { fixed: previous?.assets.fixed ?? [] },
    staff: previous ? { ...previous.staff } : { authorizedPosts: 0, staffInPost: 0, extraStaff: 0 },
    disclosure: { budget: 'full', finalAccounts: 'full' },
    petitions: { channel: true, received: 0, replied: 0, repliedOnTime: 0 },
    satisfaction: {},
    targets:
      previous?.targets.map((t) => ({
        category: t.category,
        name: t.name,
        target: t.target,
        carriedFrom: t.carriedFrom ?? previous.year,
      })) ?? [],
  };
  for (const p of NEW_YEAR_BLANK_PATHS) out = setPath(out, p, '');
  return out;
}

/** Whether a value counts as not filled in (absent or blank text). */
const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Whether input that failed validation is merely unfilled: every error is at a value not filled in
 * (as in a new year), none at a value filled in wrongly.
 */
export function isUnfilled(input: unknown, errorPaths: string[]): boolean {
  return errorPaths.length > 0 && errorPaths.every((p) => isBlank(getPath(input, p)));
}

export interface Redate {
  path: string;
  name: string;
  carriedFrom: number;
  message: string;
}

/**
 * Targets carried from an earlier year whose value still names a year other than this one: the form
 * shows each beside the field for the department to re-date (they are not findings).
 */
export function targetsToRedate(input: unknown): Redate[] {
  const year = Number(getPath(input, 'year'));
  const targets = getPath(input, 'targets');
  if (!Array.isArray(targets)) return [];
  const out: Redate[] = [];
  targets.forEach((t: unknown, i) => {
    const from = getPath(t, 'carriedFrom');
    const text = getPath(t, 'target');
    if (typeof from !== 'number' || typeof text !== 'string') return;
    if (!yearsIn(text).some((y) => y !== year)) return;
    out.push({
      path: `targets[${i}].target`,
      name: String(getPath(t, 'name') ?? ''),
      carriedFrom: from,
      message: `沿用自 ${from} 年的目标，请改为 ${year} 年的日期或指标值`,
    });
  });
  return out;
}

/** A new year's data with last year's open 整改 items as priorYear.rectifications (none: unchanged). */
export function withCarried(
  data: Record<string, unknown>,
  items: readonly CarriedRectification[],
): Record<string, unknown> {
  if (!items.length) return data;
  const priorYear = (data.priorYear ?? {}) as Record<string, unknown>;
  return { ...data, priorYear: { ...priorYear, rectifications: items } };
}

/**
 * Stores a blank year (from blankFrom) without a score: it fails validation by design (its amounts are
 * empty), so it is not scored and reads as 未填报 until the department fills it in and saves.
 */
export async function createBlankYear(
  db: Kysely<DB>,
  actor: { id: number | null; name: string },
  dept: { id: number },
  year: number,
  frameworkId: string,
  data: Record<string, unknown>,
): Promise<{ status: 'created'; id: number } | { status: 'exists'; id: number }> {
  return db.transaction().execute(async (tx) => {
    const existing = await findDataset(tx, dept.id, year);
    if (existing) return { status: 'exists', id: existing.id } as const;
    // Last year's 整改 items not done come along (the report's 上年问题整改情况 reads them).
    const carry = await openItemsBefore(tx, dept.id, year);
    const id = await insertDataset(tx, {
      departmentId: dept.id,
      year,
      frameworkId,
      // Its list items get their ids now, so that saves based on this version merge per item.
      data: assignItemIds(withCarried({ ...data, year }, carry.items), idListPaths(), newItemId),
      selfScore: null,
      grade: null,
      userId: actor.id,
      userName: actor.name,
    });
    if (carry.fromDatasetId !== null) await markCarried(tx, carry.fromDatasetId, id, carry.items);
    // Its first version is kept like any dataset's: a save based on it merges per field against it.
    await insertVersion(tx, { datasetId: id, version: 1, who: actor });
    await insertAudit(tx, id, actor, 1, '新建', [
      { path: '（全部）', oldValue: null, newValue: `${year} 年度数据（未填报）` },
    ]);
    return { status: 'created', id } as const;
  });
}
