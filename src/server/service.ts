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
import { diff, type Change } from '../storage/diff.ts';
import {
  getDataset,
  insertAudit,
  insertDataset,
  findDataset,
  updateDatasetIfVersion,
  type DatasetRow,
  type Executor,
} from '../storage/repo.ts';
import type { DB } from '../storage/schema.ts';
import { checkFindings, type FindingView } from './extras.ts';
import type { FrameworkRegistry } from './frameworks.ts';
import { isUnfilled, targetsToRedate, type Redate } from './new-year.ts';
import { cleanInput } from './sections.ts';

export const DEFAULT_FRAMEWORK = 'futian-2023';

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

export interface Actor {
  id: number | null;
  name: string;
}

export type SaveOutcome =
  | {
      status: 'saved';
      version: number;
      changes: number;
      row: DatasetRow;
      evaluation: Evaluation & { ok: true };
    }
  | { status: 'invalid'; errors: FieldError[] }
  | { status: 'conflict'; current: DatasetRow; changes: Change[] }
  | { status: 'notfound' };

/**
 * Saves a new version if nobody saved since `baseVersion`. Data, score and audit records are written
 * in one transaction; a stale version writes nothing and returns both versions.
 */
export async function saveDataset(
  db: Kysely<DB>,
  frameworks: FrameworkRegistry,
  actor: Actor,
  id: number,
  baseVersion: number,
  input: unknown,
  action = '保存',
  frameworkId = DEFAULT_FRAMEWORK,
): Promise<SaveOutcome> {
  // Validate and score before the transaction: CPU work never holds the connection (PGlite has one).
  const ev = evaluate(frameworks, input, frameworkId);
  if (!ev.ok) return { status: 'invalid', errors: ev.errors };
  return db.transaction().execute(async (tx) => {
    const current = await getDataset(tx, id);
    if (!current) return { status: 'notfound' } as const;
    const data = { ...ev.dataset, year: current.year };
    if (current.version !== baseVersion)
      return { status: 'conflict', current, changes: diff(current.data, data) } as const;
    const changes = diff(current.data, data);
    const version = await updateDatasetIfVersion(tx, {
      id,
      baseVersion,
      frameworkId: ev.framework.id,
      data,
      selfScore: ev.result.total,
      grade: ev.result.grade ?? null,
      userId: actor.id,
      userName: actor.name,
    });
    if (version === null) {
      const now = (await getDataset(tx, id))!;
      return { status: 'conflict', current: now, changes: diff(now.data, data) } as const;
    }
    await insertAudit(tx, id, actor, version, action, changes);
    const row: DatasetRow = {
      ...current,
      data,
      version,
      frameworkId: ev.framework.id,
      selfScore: ev.result.total,
      grade: ev.result.grade ?? null,
      updatedAt: new Date().toISOString(),
      updatedBy: actor.name,
    };
    return { status: 'saved', version, changes: changes.length, row, evaluation: ev } as const;
  });
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
    const data = { ...ev.dataset, year };
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
    await insertAudit(tx, id, actor, 1, '新建', [
      { path: '（全部）', oldValue: null, newValue: `${year} 年度数据` },
    ]);
    return { status: 'created', id } as const;
  });
}

export type { Executor };
