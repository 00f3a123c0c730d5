/**
 * Queries. Every function takes the executor explicitly (the db or a transaction): service code never
 * reaches for a global db, so nothing inside a transaction waits on the connection it holds (PGlite).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { upgradeStored } from '../core/dataset/upgrade.ts';
import type { DB, Role } from './schema.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

export interface DepartmentRow {
  id: number;
  name: string;
  code: string | null;
}

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  departmentId: number | null;
  mustChangePassword: boolean;
  /** Disabled by an administrator: cannot sign in, has no session. */
  disabled: boolean;
}

export interface DatasetRow {
  id: number;
  departmentId: number;
  departmentName: string;
  year: number;
  frameworkId: string;
  data: unknown;
  version: number;
  selfScore: string | null;
  grade: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  username: string;
  version: number;
  action: string;
  path: string;
  oldValue: unknown;
  newValue: unknown;
}

export interface ReviewRow {
  id: number;
  datasetId: number;
  reviewer: string;
  score: string;
  reason: string;
  datasetVersion: number;
  selfScore: string | null;
  at: string;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const json = (v: unknown) => JSON.stringify(v ?? null);

// Departments ------------------------------------------------------------------------------------

export async function listDepartments(db: Executor, onlyId?: number | null): Promise<DepartmentRow[]> {
  let q = db.selectFrom('departments').select(['id', 'name', 'code']).orderBy('id');
  if (onlyId !== undefined && onlyId !== null) q = q.where('id', '=', onlyId);
  return q.execute();
}

export async function getDepartment(db: Executor, id: number): Promise<DepartmentRow | undefined> {
  return db.selectFrom('departments').select(['id', 'name', 'code']).where('id', '=', id).executeTakeFirst();
}

export async function findDepartmentByName(db: Executor, name: string) {
  return db
    .selectFrom('departments')
    .select(['id', 'name', 'code'])
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Renames a department; false when the name is taken by another (the unique constraint decides). */
export async function renameDepartment(db: Executor, id: number, name: string): Promise<boolean> {
  const r = await db
    .updateTable('departments')
    .set({ name })
    .where('id', '=', id)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('departments as o').select('o.id').where('o.name', '=', name).where('o.id', '<>', id),
        ),
      ),
    )
    .executeTakeFirst()
    .catch((e: unknown) => {
      // Two renames to one name at once: the unique constraint refuses the second.
      if ((e as { code?: string }).code === '23505') return { numUpdatedRows: 0n };
      throw e;
    });
  return Number(r.numUpdatedRows) > 0;
}

export async function createDepartment(
  db: Executor,
  name: string,
  code?: string | null,
): Promise<DepartmentRow> {
  return db
    .insertInto('departments')
    .values({ name, code: code ?? null })
    .returning(['id', 'name', 'code'])
    .executeTakeFirstOrThrow();
}

// Users and sessions -----------------------------------------------------------------------------

const userColumns = [
  'users.id',
  'users.username',
  'users.display_name as displayName',
  'users.role',
  'users.department_id as departmentId',
  'users.must_change_password as mustChangePassword',
  sql<boolean>`users.disabled_at IS NOT NULL`.as('disabled'),
] as const;

export async function createUser(
  db: Executor,
  u: {
    username: string;
    displayName: string;
    role: Role;
    departmentId: number | null;
    passwordHash: string;
    mustChangePassword?: boolean;
  },
): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      department_id: u.departmentId,
      password_hash: u.passwordHash,
      must_change_password: u.mustChangePassword ?? false,
    })
    .returning(userColumns)
    .executeTakeFirstOrThrow();
}

export async function listUsers(db: Executor): Promise<UserRow[]> {
  return db.selectFrom('users').select(userColumns).orderBy('users.id').execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findUserForLogin(db: Executor, username: string) {
  return db
    .selectFrom('users')
    .select([...userColumns, 'users.password_hash as passwordHash'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function getPasswordHash(db: Executor, userId: number): Promise<string | undefined> {
  const r = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return r?.password_hash;
}

export async function setPassword(db: Executor, userId: number, hash: string, mustChange: boolean) {
  await db
    .updateTable('users')
    .set({ password_hash: hash, must_change_password: mustChange })
    .where('id', '=', userId)
    .execute();
}

export async function createSession(db: Executor, tokenHash: string, userId: number, expiresAt: Date) {
  await db
    .insertInto('sessions')
    .values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt })
    .execute();
}

export async function sessionUser(db: Executor, tokenHash: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(userColumns)
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', new Date())
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function getUser(db: Executor, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
}

export async function countActiveAdmins(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select(sql<string>`count(*)`.as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Disables (sessions deleted in the same transaction by the caller) or re-enables an account. */
export async function setUserDisabled(db: Executor, id: number, disabled: boolean) {
  await db
    .updateTable('users')
    .set({ disabled_at: disabled ? new Date() : null })
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(db: Executor, tokenHash: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Executor) {
  await db.deleteFrom('sessions').where('expires_at', '<=', new Date()).execute();
}

/** Ends every session of a user, except the one given (the session that changed its own password). */
export async function deleteUserSessions(db: Executor, userId: number, exceptTokenHash?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptTokenHash !== undefined) q = q.where('token_hash', '<>', exceptTokenHash);
  await q.execute();
}

// Failed sign-ins ----------------------------------------------------------------------------------

/**
 * Counts one failure for (scope, key) atomically: a count older than `windowMs` starts over; reaching
 * `max` locks the key until `now + lockMs`. Returns the lock's end (null when not locked).
 */
export async function recordAuthFailure(
  db: Executor,
  f: { scope: string; key: string; now: Date; windowMs: number; max: number; lockMs: number },
): Promise<Date | null> {
  const windowStart = new Date(f.now.getTime() - f.windowMs);
  const lockEnd = new Date(f.now.getTime() + f.lockMs);
  const r = await db
    .insertInto('auth_failures')
    .values({
      scope: f.scope,
      key: f.key,
      failures: 1,
      first_at: f.now,
      locked_until: f.max <= 1 ? lockEnd : null,
    })
    .onConflict((oc) =>
      oc.columns(['scope', 'key']).doUpdateSet({
        failures: sql`CASE WHEN auth_failures.first_at < ${windowStart} THEN 1 ELSE auth_failures.failures + 1 END`,
        first_at: sql`CASE WHEN auth_failures.first_at < ${windowStart} THEN ${f.now}::timestamptz ELSE auth_failures.first_at END`,
        locked_until: sql`CASE WHEN (CASE WHEN auth_failures.first_at < ${windowStart} THEN 1 ELSE auth_failures.failures + 1 END) >= ${f.max}
          THEN ${lockEnd}::timestamptz ELSE auth_failures.locked_until END`,
      }),
    )
    .returning('locked_until')
    .executeTakeFirstOrThrow();
  const until = r.locked_until === null ? null : new Date(r.locked_until);
  return until && until > f.now ? until : null;
}

/** The latest lock end among the given keys of a scope each, if still in force at `now`. */
export async function authLockedUntil(
  db: Executor,
  keys: { scope: string; key: string }[],
  now: Date,
): Promise<Date | null> {
  if (keys.length === 0) return null;
  const r = await db
    .selectFrom('auth_failures')
    .select(sql<Date | null>`max(locked_until)`.as('until'))
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('key', '=', k.key)]))))
    .where('locked_until', '>', now)
    .executeTakeFirst();
  return r?.until ? new Date(r.until) : null;
}

export async function clearAuthFailures(db: Executor, keys: { scope: string; key: string }[]) {
  if (keys.length === 0) return;
  await db
    .deleteFrom('auth_failures')
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('key', '=', k.key)]))))
    .execute();
}

/** Evicts counts whose window has passed and whose lock (if any) has ended: old entries only. */
export async function evictAuthFailures(db: Executor, now: Date, windowMs: number) {
  await db
    .deleteFrom('auth_failures')
    .where('first_at', '<', new Date(now.getTime() - windowMs))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .execute();
}

// Datasets ---------------------------------------------------------------------------------------

/** The columns of a dataset row without its data (the JSONB is read only where it is needed). */
const DATASET_HEAD_COLUMNS = [
  'datasets.id',
  'datasets.department_id as departmentId',
  'departments.name as departmentName',
  'datasets.year',
  'datasets.framework_id as frameworkId',
  'datasets.version',
  'datasets.self_score as selfScore',
  'datasets.grade',
  'datasets.updated_at as updatedAt',
  sql<string | null>`coalesce(datasets.updated_by_name, users.display_name)`.as('updatedBy'),
] as const;

function datasetHeadQuery(db: Executor) {
  return db
    .selectFrom('datasets')
    .innerJoin('departments', 'departments.id', 'datasets.department_id')
    .leftJoin('users', 'users.id', 'datasets.updated_by')
    .select(DATASET_HEAD_COLUMNS);
}

function datasetQuery(db: Executor) {
  return datasetHeadQuery(db).select('datasets.data');
}

type RawDataset = Omit<DatasetRow, 'updatedAt'> & { updatedAt: Date | string };
/** A row as the server uses it: its data upgraded to the current format (rows are not rewritten). */
const toDataset = (r: RawDataset): DatasetRow => ({
  ...r,
  data: upgradeStored(r.data),
  updatedAt: iso(r.updatedAt),
});

export type DatasetHead = Omit<DatasetRow, 'data'>;

/** A dataset without its data (access checks and metadata: no JSONB to read). */
export async function getDatasetHead(db: Executor, id: number): Promise<DatasetHead | undefined> {
  const r = await datasetHeadQuery(db).where('datasets.id', '=', id).executeTakeFirst();
  return r && { ...r, updatedAt: iso(r.updatedAt) };
}

export async function getDataset(db: Executor, id: number): Promise<DatasetRow | undefined> {
  const r = await datasetQuery(db).where('datasets.id', '=', id).executeTakeFirst();
  return r && toDataset(r);
}

/**
 * Only what an access check and live scoring need (department, framework): one table, no joins, no
 * JSONB. The score request runs this on every keystroke pause; on PGlite a joined head query costs
 * about twice as much.
 */
export async function getDatasetAccess(
  db: Executor,
  id: number,
): Promise<{ id: number; departmentId: number; frameworkId: string } | undefined> {
  return db
    .selectFrom('datasets')
    .select(['id', 'department_id as departmentId', 'framework_id as frameworkId'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Locks a dataset's row until the transaction ends and reads it, in one statement (a save: one
 * round trip fewer than lockDataset + getDataset on PGlite's single connection).
 */
export async function getDatasetForUpdate(db: Executor, id: number): Promise<DatasetRow | undefined> {
  const r = await datasetQuery(db).where('datasets.id', '=', id).forUpdate('datasets').executeTakeFirst();
  return r && toDataset(r);
}

/** Locks a dataset's row until the transaction ends, so concurrent saves merge one after another. */
export async function lockDataset(db: Executor, id: number): Promise<void> {
  await db.selectFrom('datasets').select('id').where('id', '=', id).forUpdate().execute();
}

export async function findDataset(db: Executor, departmentId: number, year: number) {
  const r = await datasetQuery(db)
    .where('datasets.department_id', '=', departmentId)
    .where('datasets.year', '=', year)
    .executeTakeFirst();
  return r && toDataset(r);
}

export async function listDatasets(
  db: Executor,
  filter: { departmentId?: number | null; year?: number },
): Promise<DatasetRow[]> {
  let q = datasetQuery(db);
  if (filter.departmentId !== undefined && filter.departmentId !== null)
    q = q.where('datasets.department_id', '=', filter.departmentId);
  if (filter.year !== undefined) q = q.where('datasets.year', '=', filter.year);
  const rows = await q.orderBy('datasets.department_id').orderBy('datasets.year').execute();
  return rows.map(toDataset);
}

export async function listYears(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('datasets').select('year').distinct().orderBy('year', 'desc').execute();
  return rows.map((r) => r.year);
}

export async function insertDataset(
  db: Executor,
  d: {
    departmentId: number;
    year: number;
    frameworkId: string;
    data: unknown;
    selfScore: string | null;
    grade: string | null;
    userId: number | null;
    /** The name the save is credited to (the actor's name). */
    userName?: string | null;
  },
): Promise<number> {
  const r = await db
    .insertInto('datasets')
    .values({
      department_id: d.departmentId,
      year: d.year,
      framework_id: d.frameworkId,
      data: json(d.data),
      self_score: d.selfScore,
      grade: d.grade,
      updated_by: d.userId,
      updated_by_name: d.userName ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Writes a new version only if the stored one is still `baseVersion` (optimistic versioning).
 * Returns the new version, or null when someone else saved first.
 */
export async function updateDatasetIfVersion(
  db: Executor,
  d: {
    id: number;
    baseVersion: number;
    frameworkId: string;
    data: unknown;
    selfScore: string | null;
    grade: string | null;
    userId: number | null;
    /** The name the save is credited to (the actor's name). */
    userName?: string | null;
  },
): Promise<number | null> {
  const r = await db
    .updateTable('datasets')
    .set({
      data: json(d.data),
      framework_id: d.frameworkId,
      self_score: d.selfScore,
      grade: d.grade,
      updated_by: d.userId,
      updated_by_name: d.userName ?? null,
      updated_at: new Date(),
      version: sql`version + 1`,
    })
    .where('id', '=', d.id)
    .where('version', '=', d.baseVersion)
    .returning('version')
    .executeTakeFirst();
  return r ? r.version : null;
}

// Versions ---------------------------------------------------------------------------------------

export interface VersionRow {
  version: number;
  data: unknown;
  username: string;
  at: string;
}

/**
 * Records a dataset's current data as its version `version` (the base of later three-way merges).
 * Copied inside the database from the row just written: the JSON is not sent or parsed twice.
 */
export async function insertVersion(
  db: Executor,
  v: { datasetId: number; version: number; who: { id: number | null; name: string } },
) {
  await db
    .insertInto('dataset_versions')
    .columns(['dataset_id', 'version', 'data', 'user_id', 'username'])
    .expression((eb) =>
      eb
        .selectFrom('datasets')
        .select([
          'id',
          'version',
          'data',
          sql<number | null>`${v.who.id}::integer`.as('user_id'),
          sql<string>`${v.who.name}::text`.as('username'),
        ])
        .where('id', '=', v.datasetId)
        .where('version', '=', v.version),
    )
    .execute();
}

/** Versions `from`..`to` (inclusive) of a dataset that are stored, oldest first. */
export async function listVersions(
  db: Executor,
  datasetId: number,
  from: number,
  to: number,
): Promise<VersionRow[]> {
  const rows = await db
    .selectFrom('dataset_versions')
    .select(['version', 'data', 'username', 'at'])
    .where('dataset_id', '=', datasetId)
    .where('version', '>=', from)
    .where('version', '<=', to)
    .orderBy('version')
    .execute();
  // Upgraded like the current row, so a three-way merge compares data of one format.
  return rows.map((r) => ({ ...r, data: upgradeStored(r.data), at: iso(r.at) }));
}

// Audit ------------------------------------------------------------------------------------------

export async function insertAudit(
  db: Executor,
  datasetId: number,
  who: { id: number | null; name: string },
  version: number,
  action: string,
  changes: { path: string; oldValue: unknown; newValue: unknown }[],
) {
  if (changes.length === 0) return;
  // In chunks, to stay well within the parameter limit of one statement.
  for (let i = 0; i < changes.length; i += 500) {
    await db
      .insertInto('audit')
      .values(
        changes.slice(i, i + 500).map((c) => ({
          dataset_id: datasetId,
          user_id: who.id,
          username: who.name,
          version,
          action,
          path: c.path,
          old_value: c.oldValue === undefined ? null : json(c.oldValue),
          new_value: c.newValue === undefined ? null : json(c.newValue),
        })),
      )
      .execute();
  }
}

export async function listAudit(db: Executor, datasetId: number, limit = 500): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit')
    .select(['id', 'at', 'username', 'version', 'action', 'path', 'old_value', 'new_value'])
    .where('dataset_id', '=', datasetId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    at: iso(r.at),
    username: r.username,
    version: r.version,
    action: r.action,
    path: r.path,
    oldValue: r.old_value,
    newValue: r.new_value,
  }));
}

// Reviews ----------------------------------------------------------------------------------------

export async function insertReview(
  db: Executor,
  r: {
    datasetId: number;
    reviewerId: number;
    score: string;
    reason: string;
    datasetVersion: number;
    selfScore: string | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('reviews')
    .values({
      dataset_id: r.datasetId,
      reviewer_id: r.reviewerId,
      score: r.score,
      reason: r.reason,
      dataset_version: r.datasetVersion,
      self_score: r.selfScore,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listReviews(db: Executor, datasetIds: number[]): Promise<ReviewRow[]> {
  if (datasetIds.length === 0) return [];
  const rows = await db
    .selectFrom('reviews')
    .innerJoin('users', 'users.id', 'reviews.reviewer_id')
    .select([
      'reviews.id',
      'reviews.dataset_id as datasetId',
      'users.display_name as reviewer',
      'reviews.score',
      'reviews.reason',
      'reviews.dataset_version as datasetVersion',
      'reviews.self_score as selfScore',
      'reviews.at',
    ])
    .where('reviews.dataset_id', 'in', datasetIds)
    .orderBy('reviews.id')
    .execute();
  return rows.map((r) => ({ ...r, at: iso(r.at) }));
}

// Frameworks stored by administrators ------------------------------------------------------------

export async function listStoredFrameworks(db: Executor) {
  return db.selectFrom('frameworks').select(['id', 'name', 'data']).orderBy('id').execute();
}

export async function upsertFramework(db: Executor, id: string, name: string, data: unknown) {
  await db
    .insertInto('frameworks')
    .values({ id, name, data: json(data) })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name, data: json(data) }))
    .execute();
}
