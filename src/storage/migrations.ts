/**
 * Migrations, kept in code so they run unchanged on PGlite and PostgreSQL 15 (SQL within 15).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { randomBytes } from 'node:crypto';
import { assignItemIds } from '../core/dataset/merge.ts';
import { idListPaths } from '../core/dataset/schema-paths.ts';

/** A list item's id: 10 random characters of [A-Za-z0-9_-]. */
export const newItemId = () => randomBytes(8).toString('base64url').slice(0, 10);

const INITIAL = [
  `CREATE TABLE departments (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    code text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE users (
    id serial PRIMARY KEY,
    username text NOT NULL UNIQUE,
    display_name text NOT NULL,
    role text NOT NULL CHECK (role IN ('filler', 'reviewer', 'admin')),
    department_id integer REFERENCES departments(id),
    password_hash text NOT NULL,
    must_change_password boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (role <> 'filler' OR department_id IS NOT NULL)
  )`,
  `CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  )`,
  `CREATE TABLE frameworks (
    id text PRIMARY KEY,
    name text NOT NULL,
    data jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE datasets (
    id serial PRIMARY KEY,
    department_id integer NOT NULL REFERENCES departments(id),
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    framework_id text NOT NULL,
    data jsonb NOT NULL,
    version integer NOT NULL DEFAULT 1,
    self_score numeric(8, 2),
    grade text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by integer REFERENCES users(id),
    UNIQUE (department_id, year)
  )`,
  `CREATE TABLE audit (
    id bigserial PRIMARY KEY,
    dataset_id integer NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    user_id integer REFERENCES users(id),
    username text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL,
    action text NOT NULL,
    path text NOT NULL,
    old_value jsonb,
    new_value jsonb
  )`,
  `CREATE INDEX audit_dataset ON audit (dataset_id, id)`,
  `CREATE TABLE reviews (
    id serial PRIMARY KEY,
    dataset_id integer NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    reviewer_id integer NOT NULL REFERENCES users(id),
    score numeric(8, 2) NOT NULL,
    reason text NOT NULL,
    dataset_version integer NOT NULL,
    self_score numeric(8, 2),
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX reviews_dataset ON reviews (dataset_id, id)`,
];

/**
 * Accounts and sign-in across processes: a user can be disabled; failed sign-ins (and wrong old
 * passwords) are counted in a table every server process shares; a save is credited to the name the
 * saver had then (the seed's import says 系统（示例数据） everywhere, not one name here and another there).
 */
const ACCOUNTS = [
  `ALTER TABLE users ADD COLUMN disabled_at timestamptz`,
  `CREATE TABLE auth_failures (
    scope text NOT NULL,
    key text NOT NULL,
    failures integer NOT NULL,
    first_at timestamptz NOT NULL,
    locked_until timestamptz,
    PRIMARY KEY (scope, key)
  )`,
  `CREATE INDEX auth_failures_first ON auth_failures (first_at)`,
  `ALTER TABLE datasets ADD COLUMN updated_by_name text`,
];

/**
 * Every saved version's data, so that a save or a workbook based on an older version can be merged
 * against what its author actually saw (three-way merge). Existing datasets get ids on their list
 * items and their current version recorded; earlier versions were never stored (audit keeps diffs only).
 */
const DATASET_VERSIONS = [
  `CREATE TABLE dataset_versions (
    id bigserial PRIMARY KEY,
    dataset_id integer NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    version integer NOT NULL,
    data jsonb NOT NULL,
    user_id integer REFERENCES users(id),
    username text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dataset_id, version)
  )`,
];

/**
 * 整改 items: one per problem of a dataset's year (a point lost, a review finding), keyed within the
 * year so generating again adds no duplicate; `carried_to` is the next year's dataset the item was
 * carried into while open. Evidence of completion is attached by the evidence part (kind
 * 'rectification', ref = id).
 */
const RECTIFICATIONS = [
  `CREATE TABLE rectifications (
    id serial PRIMARY KEY,
    dataset_id integer NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    item_key text NOT NULL,
    source text NOT NULL CHECK (source IN ('lost', 'review')),
    indicator_code text,
    indicator_name text,
    lost numeric(8, 2),
    problem text NOT NULL,
    measure text NOT NULL DEFAULT '',
    owner text NOT NULL DEFAULT '',
    deadline date,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')),
    note text NOT NULL DEFAULT '',
    carried_to integer REFERENCES datasets(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_by integer REFERENCES users(id),
    updated_by_name text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dataset_id, item_key)
  )`,
  `CREATE INDEX rectifications_due ON rectifications (status, deadline)`,
  `CREATE INDEX rectifications_carried ON rectifications (carried_to)`,
];

/**
 * The submission cycle (送审 → 复核 → 退回/通过): one state row per dataset, with the report bytes
 * frozen at 送审 and their SHA-256, and the audited history of transitions.
 */
const SUBMISSIONS = [
  `CREATE TABLE submissions (
    dataset_id integer PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
    state text NOT NULL CHECK (state IN ('draft', 'submitted', 'reviewing', 'returned', 'passed')),
    version integer,
    report_docx bytea,
    report_sha256 text,
    submitted_at timestamptz,
    submitted_by integer REFERENCES users(id),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX submissions_state ON submissions (state)`,
  `CREATE TABLE submission_events (
    id bigserial PRIMARY KEY,
    dataset_id integer NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    from_state text NOT NULL,
    to_state text NOT NULL,
    user_id integer REFERENCES users(id),
    username text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    reason text,
    version integer
  )`,
  `CREATE INDEX submission_events_dataset ON submission_events (dataset_id, id)`,
];

/**
 * 佐证材料: metadata per attached file, content once per SHA-256 in parts (so a download streams part by
 * part and no query carries a whole file), and the parts of uploads still arriving (an upload killed
 * half-way leaves only these, never a file without content).
 */
const EVIDENCE = [
  `CREATE TABLE evidence_blobs (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size integer NOT NULL CHECK (size > 0),
    parts integer NOT NULL CHECK (parts > 0),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE evidence_blob_parts (
    sha256 text NOT NULL REFERENCES evidence_blobs(sha256) ON DELETE CASCADE,
    part integer NOT NULL,
    bytes bytea NOT NULL,
    PRIMARY KEY (sha256, part)
  )`,
  `CREATE TABLE evidence (
    id serial PRIMARY KEY,
    dataset_id integer NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('indicator', 'project', 'target', 'rectification')),
    ref text NOT NULL,
    file_name text NOT NULL,
    media_type text NOT NULL,
    size integer NOT NULL CHECK (size > 0),
    sha256 text NOT NULL REFERENCES evidence_blobs(sha256),
    uploaded_by integer REFERENCES users(id),
    uploaded_by_name text NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dataset_id, kind, ref, sha256)
  )`,
  `CREATE INDEX evidence_sha256 ON evidence (sha256)`,
  `CREATE TABLE evidence_uploads (
    upload_id text NOT NULL,
    part integer NOT NULL,
    bytes bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (upload_id, part)
  )`,
];

/**
 * Where a content is stored: 'database' (evidence_blob_parts) or 'folder' (DATA_DIR/evidence/, the
 * content-addressed folder a server on PGlite in a data folder uses; see storage/evidence-files.ts).
 * Content stored before this migration is in the database.
 */
const EVIDENCE_FOLDER = `ALTER TABLE evidence_blobs ADD COLUMN stored text NOT NULL DEFAULT 'database'
  CHECK (stored IN ('database', 'folder'))`;

/**
 * Review per indicator (issue 16 part 4): the reviewer's score and comment per level-3 indicator (or
 * project row) of one dataset version. The review total is not stored: the framework computes it.
 */
const REVIEW_ITEMS = [
  `CREATE TABLE review_items (
    id bigserial PRIMARY KEY,
    dataset_id integer NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    dataset_version integer NOT NULL,
    kind text NOT NULL CHECK (kind IN ('indicator', 'project')),
    ref text NOT NULL,
    review_score numeric(8, 2) NOT NULL CHECK (review_score >= 0),
    self_score numeric(8, 2),
    comment text NOT NULL DEFAULT '',
    reviewer_id integer REFERENCES users(id),
    reviewer_name text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dataset_id, dataset_version, kind, ref)
  )`,
];

/** A migration that runs its statements in order, then `after` (a data step), when given. */
function statements(list: readonly string[], after?: (db: Kysely<unknown>) => Promise<void>): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of list) await sql.raw(statement).execute(db);
      await after?.(db);
    },
  };
}

/** Existing datasets get ids on their list items, and their current version recorded. */
async function recordCurrentVersions(db: Kysely<unknown>) {
  const { rows } = await sql<{
    id: number;
    version: number;
    data: unknown;
    updated_by: number | null;
    updated_at: Date | string;
    name: string | null;
  }>`SELECT d.id, d.version, d.data, d.updated_by, d.updated_at, u.display_name AS name
     FROM datasets d LEFT JOIN users u ON u.id = d.updated_by ORDER BY d.id`.execute(db);
  for (const r of rows) {
    const data = JSON.stringify(assignItemIds(r.data, idListPaths(), newItemId));
    await sql`UPDATE datasets SET data = ${data}::jsonb WHERE id = ${r.id}`.execute(db);
    await sql`INSERT INTO dataset_versions (dataset_id, version, data, user_id, username, at)
      VALUES (${r.id}, ${r.version}, ${data}::jsonb, ${r.updated_by}, ${r.name ?? '（未知）'}, ${r.updated_at})`.execute(
      db,
    );
  }
}

/** By name, applied in name order; a database records the names it has run and never runs one twice. */
const migrations: Record<string, Migration> = {
  '0001_initial': statements(INITIAL),
  '0002_accounts': statements(ACCOUNTS),
  '0003_dataset_versions': statements(DATASET_VERSIONS, recordCurrentVersions),
  '0004_submissions': statements(SUBMISSIONS),
  '0005_evidence': statements(EVIDENCE),
  '0006_review_items': statements(REVIEW_ITEMS),
  '0007_rectifications': statements(RECTIFICATIONS),
  '0008_evidence_folder': statements([EVIDENCE_FOLDER]),
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
