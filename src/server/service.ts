/**
 * What the API does with datasets: validate with parseDataset, score with the core, and save each
 * change in one transaction with its audit records and an optimistic version check. Every function
 * takes the database explicitly; inside a transaction only the transaction object is used.
 */
import type { Kysely } from 'kysely';
import { parseDataset, type FieldError } from '../core/dataset/parse.ts';
import type { Dataset } from '../core/dataset/schema.ts';
import type { Framework } from '../core/framework/schema.ts';
import { score, type ScoreResult } from '../core/score.ts';
import {
  assignItemIds,
  merge3,
  same,
  valueAt,
  type MergeChange,
  type MergeConflict,
  type Pick,
} from '../core/dataset/merge.ts';
import { idListPaths } from '../core/dataset/schema-paths.ts';
import { diff } from '../storage/diff.ts';
import { newItemId } from '../storage/migrations.ts';
import {
  insertAudit,
  insertDataset,
  insertVersion,
  findDataset,
  getDatasetForUpdate,
  listVersions,
  updateDatasetIfVersion,
  type DatasetRow,
  type Executor,
  type VersionRow,
} from '../storage/repo.ts';
import type { DB } from '../storage/schema.ts';
import { checkFindings, type FindingView } from './extras.ts';
import type { FrameworkRegistry } from './frameworks.ts';
import { isUnfilled, targetsToRedate, withCarried, type Redate } from './new-year.ts';
import { markCarried, openItemsBefore } from '../storage/rectifications.ts';
import { cleanInput } from '../core/dataset/sections.ts';
import { DEFAULT_PROJECT_FRAMEWORK, scoreProjects, type ProjectTable } from '../core/projects/project.ts';

export type Evaluation = (
  | {
      ok: false;
      errors: FieldError[];
      /** Every error is a value not yet filled in (a new year): shown as 未填报, never scored as 0. */
      unfilled: boolean;
    }
  | { ok: true; dataset: Dataset; framework: Framework; result: ScoreResult; findings: FindingView[] | null }
) & {
  /** Targets carried from an earlier year that still name another year (a reminder, not a finding). */
  redate: Redate[];
};

export function evaluate(
  frameworks: FrameworkRegistry,
  input: unknown,
  fallbackFramework: string,
): Evaluation {
  const parsed = parseDataset(cleanInput(input));
  const redate = targetsToRedate(input);
  if (!parsed.ok)
    return {
      ok: false,
      errors: parsed.errors,
      unfilled: isUnfilled(
        input,
        parsed.errors.map((e) => e.path),
      ),
      redate,
    };
  const id = parsed.value.framework ?? fallbackFramework;
  const framework = frameworks.get(id) ?? frameworks.get(fallbackFramework);
  if (!framework)
    return {
      ok: false,
      errors: [{ path: 'framework', message: `没有指标体系框架“${id}”` }],
      unfilled: false,
      redate,
    };
  const result = score(parsed.value, framework);
  let findings: FindingView[] | null = null;
  try {
    findings = checkFindings(parsed.value, framework);
  } catch {
    findings = null;
  }
  return { ok: true, dataset: parsed.value, framework, result, findings, redate };
}

/** A scored project's table as the web shows it (the engine's full result stays on the server). */
export type ProjectScoreView = Omit<ProjectTable, 'result' | 'framework' | 'department' | 'year'>;

/** Each project of the input scored by the project framework; null when it cannot be scored. */
function projectScores(frameworks: FrameworkRegistry, dataset: Dataset): ProjectScoreView[] | null {
  if (!dataset.projects.items?.length) return [];
  const framework = frameworks.get(DEFAULT_PROJECT_FRAMEWORK);
  if (!framework) return null;
  try {
    return scoreProjects(dataset, framework).map(
      ({ result: _r, framework: _f, department: _d, year: _y, ...table }) => table,
    );
  } catch {
    return null;
  }
}

/**
 * An evaluation as the API sends it (with a dataset, a save, or POST …/score): the score, findings and
 * each project's table, so the browser scores nothing itself.
 */
export function evaluationView(frameworks: FrameworkRegistry, ev: Evaluation) {
  if (!ev.ok) return ev;
  return {
    ok: true as const,
    result: ev.result,
    findings: ev.findings,
    redate: ev.redate,
    projects: projectScores(frameworks, ev.dataset),
  };
}

export interface Actor {
  id: number | null;
  name: string;
}

/** A field both sides changed, with who last changed it on their side and when. */
export interface SaveConflict extends MergeConflict {
  by: string;
  at: string;
}

export type SaveOutcome =
  | {
      status: 'saved';
      version: number;
      changes: number;
      row: DatasetRow;
      /** Scored, or (a draft of an unfilled year) `ok: false, unfilled: true`, stored without a score. */
      evaluation: Evaluation;
      /** Others' changes since the base version that this save kept (merged in). */
      kept: MergeChange[];
      /** The merged data of the versions after base (to name their items). */
      theirs: unknown;
    }
  | { status: 'invalid'; errors: FieldError[] }
  | { status: 'conflict'; current: DatasetRow; baseVersion: number; mine: unknown; conflicts: SaveConflict[] }
  | { status: 'notfound' };

export interface SaveOptions {
  action?: string;
  frameworkId?: string;
  /** Picks for fields both sides changed, by identity path. */
  picks?: Readonly<Record<string, Pick>>;
  /**
   * Checked inside the save's transaction once the dataset row is locked; throws to refuse the save
   * (a submitted dataset is frozen: see src/storage/submissions.ts frozenReason).
   */
  guard?: (tx: Executor) => Promise<void>;
}

/** Gives list items without an id a new one. */
export const withItemIds = <T>(data: T): T => assignItemIds(data, idListPaths(), newItemId);

/**
 * Saves `input`, made from version `baseVersion`, as a new version. If others saved since, a
 * three-way merge per field against the stored base: my changes are applied, theirs kept; fields both
 * changed to different values are returned as conflicts (unless picked) and nothing is written.
 * Data, score, the version's copy and audit records are written in one transaction.
 * A year stored unfilled (no score, as a new year starts) may be saved partly filled in: when the only
 * errors are required figures still blank, the figures typed so far are stored as a draft, still
 * without a score (未填报). Any other error, or blanks in a year already scored, is refused.
 */
export async function saveDataset(
  db: Kysely<DB>,
  frameworks: FrameworkRegistry,
  actor: Actor,
  id: number,
  baseVersion: number,
  input: unknown,
  options: SaveOptions = {},
): Promise<SaveOutcome> {
  const action = options.action ?? '保存';
  // Validate and score before the transaction: CPU work never holds the connection (PGlite has one).
  const mineEv = evaluate(frameworks, input, options.frameworkId ?? frameworks.defaultId());
  if (!mineEv.ok && !mineEv.unfilled) return { status: 'invalid', errors: mineEv.errors };
  // A draft is kept as typed (blank figures stay '', as blankFrom writes them).
  const mine = withItemIds(mineEv.ok ? mineEv.dataset : input);
  return db.transaction().execute(async (tx) => {
    const current = await getDatasetForUpdate(tx, id);
    if (!current) return { status: 'notfound' } as const;
    await options.guard?.(tx);
    // Only a year still unfilled (stored without a score) may stay a draft.
    const draftAllowed = current.selfScore === null;
    if (!mineEv.ok && !draftAllowed) return { status: 'invalid', errors: mineEv.errors } as const;
    let ev: Evaluation = mineEv;
    let data: unknown = { ...(mine as object), year: current.year };
    let kept: MergeChange[] = [];
    if (current.version !== baseVersion) {
      const versions = await listVersions(tx, id, baseVersion, current.version);
      const base = versions.find((v) => v.version === baseVersion);
      const m = merge3(base?.data, current.data, data, options.picks ? { picks: options.picks } : {});
      if (m.conflicts.length) {
        const conflicts = m.conflicts.map((c) => ({ ...c, ...lastChange(c, versions, current) }));
        return { status: 'conflict', current, baseVersion, mine: data, conflicts } as const;
      }
      const merged = evaluate(frameworks, m.merged, options.frameworkId ?? frameworks.defaultId());
      if (!merged.ok && !(merged.unfilled && draftAllowed))
        return { status: 'invalid', errors: merged.errors } as const;
      ev = merged;
      data = { ...(withItemIds(merged.ok ? merged.dataset : m.merged) as object), year: current.year };
      kept = m.fromTheirs;
    }
    const changes = diff(current.data, data);
    const frameworkId = ev.ok ? ev.framework.id : current.frameworkId;
    const selfScore = ev.ok ? ev.result.total : null;
    const grade = ev.ok ? (ev.result.grade ?? null) : null;
    const version = await updateDatasetIfVersion(tx, {
      id,
      baseVersion: current.version,
      frameworkId,
      data,
      selfScore,
      grade,
      userId: actor.id,
      userName: actor.name,
    });
    if (version === null) throw new Error('dataset changed while locked');
    await insertVersion(tx, { datasetId: id, version, who: actor });
    await insertAudit(tx, id, actor, version, action, changes);
    const row: DatasetRow = {
      ...current,
      data,
      version,
      frameworkId,
      selfScore,
      grade,
      updatedAt: new Date().toISOString(),
      updatedBy: actor.name,
    };
    return {
      status: 'saved',
      version,
      changes: changes.length,
      row,
      evaluation: ev,
      kept,
      theirs: current.data,
    } as const;
  });
}

/** Who last changed a conflicting field on their side, and when (from the stored versions). */
function lastChange(
  c: MergeConflict,
  versions: VersionRow[],
  current: DatasetRow,
): { by: string; at: string } {
  for (let i = versions.length - 1; i > 0; i--) {
    const v = versions[i]!;
    if (!same(valueAt(v.data, c.segs), valueAt(versions[i - 1]!.data, c.segs)))
      return { by: v.username, at: v.at };
  }
  return { by: current.updatedBy ?? '其他人', at: current.updatedAt };
}

export type CreateOutcome =
  | { status: 'created'; id: number }
  | { status: 'exists'; id: number }
  | { status: 'invalid'; errors: FieldError[] };

/** Creates a department's dataset for a year, from given data (validated) in one transaction with its audit record. */
export async function createDataset(
  db: Kysely<DB>,
  frameworks: FrameworkRegistry,
  actor: Actor,
  dept: { id: number; name: string },
  year: number,
  input: unknown,
  frameworkId: string,
): Promise<CreateOutcome> {
  const ev = evaluate(frameworks, input, frameworkId);
  if (!ev.ok) return { status: 'invalid', errors: ev.errors };
  return db.transaction().execute(async (tx) => {
    const existing = await findDataset(tx, dept.id, year);
    if (existing) return { status: 'exists', id: existing.id } as const;
    // Last year's 整改 items not done come along, as for a blank new year (createBlankYear).
    const carry = await openItemsBefore(tx, dept.id, year);
    const data = withCarried({ ...withItemIds(ev.dataset), year }, carry.items);
    const id = await insertDataset(tx, {
      departmentId: dept.id,
      year,
      frameworkId: ev.framework.id,
      data,
      selfScore: ev.result.total,
      grade: ev.result.grade ?? null,
      userId: actor.id,
      userName: actor.name,
    });
    if (carry.fromDatasetId !== null) await markCarried(tx, carry.fromDatasetId, id, carry.items);
    await insertVersion(tx, { datasetId: id, version: 1, who: actor });
    await insertAudit(tx, id, actor, 1, '新建', [
      { path: '（全部）', oldValue: null, newValue: `${year} 年度数据` },
    ]);
    return { status: 'created', id } as const;
  });
}

export type { Executor };
