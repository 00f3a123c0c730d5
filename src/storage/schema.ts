/**
 * The database tables as Kysely sees them. Money and scores are NUMERIC, read and written as decimal
 * strings; datasets are the validated Dataset (src/core/dataset) stored as JSONB.
 */
import type { ColumnType, Generated } from 'kysely';

export type Role = 'filler' | 'reviewer' | 'admin';
export const ROLE_LABELS: Record<Role, string> = { filler: '填报人', reviewer: '复核人', admin: '管理员' };

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** JSON in JSONB columns: written as a JSON string, read back as the parsed value. */
type Json<T> = ColumnType<T, string, string>;

export interface DepartmentTable {
  id: Generated<number>;
  name: string;
  code: string | null;
  created_at: Timestamp;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  department_id: number | null;
  password_hash: string;
  must_change_password: Generated<boolean>;
  created_at: Timestamp;
  /** When an administrator disabled the account; null while it may sign in. */
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Failed sign-ins (and wrong old passwords) per scope and key, shared by every server process. */
export interface AuthFailureTable {
  scope: string;
  key: string;
  failures: number;
  first_at: ColumnType<Date, Date | string, Date | string>;
  locked_until: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface SessionTable {
  /** sha-256 of the cookie token, hex: the token itself is never stored. */
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface DatasetTable {
  id: Generated<number>;
  department_id: number;
  year: number;
  framework_id: string;
  data: Json<unknown>;
  version: Generated<number>;
  self_score: string | null;
  grade: string | null;
  updated_at: Timestamp;
  updated_by: number | null;
  /** The name the save is credited to (the saver's name then); null on rows saved before it existed. */
  updated_by_name: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AuditTable {
  id: Generated<string>;
  dataset_id: number;
  user_id: number | null;
  username: string;
  at: Timestamp;
  version: number;
  action: string;
  path: string;
  old_value: Json<unknown> | null;
  new_value: Json<unknown> | null;
}

/** Each saved version's data (the base of a three-way merge). */
export interface DatasetVersionTable {
  id: Generated<string>;
  dataset_id: number;
  version: number;
  data: Json<unknown>;
  user_id: number | null;
  username: string;
  at: Timestamp;
}

export interface ReviewTable {
  id: Generated<number>;
  dataset_id: number;
  reviewer_id: number;
  score: string;
  reason: string;
  dataset_version: number;
  self_score: string | null;
  at: Timestamp;
}

export interface FrameworkTable {
  id: string;
  name: string;
  data: Json<unknown>;
  created_at: Timestamp;
}

export interface DB {
  departments: DepartmentTable;
  users: UserTable;
  sessions: SessionTable;
  datasets: DatasetTable;
  audit: AuditTable;
  dataset_versions: DatasetVersionTable;
  reviews: ReviewTable;
  frameworks: FrameworkTable;
  auth_failures: AuthFailureTable;
  rectifications: RectificationTable;
  submissions: SubmissionTable;
  submission_events: SubmissionEventTable;
  evidence: EvidenceTable;
  evidence_blobs: EvidenceBlobTable;
  evidence_blob_parts: EvidenceBlobPartTable;
  evidence_uploads: EvidenceUploadTable;
  review_items: ReviewItemTable;
}

/** 整改 items (V4): one per problem of a dataset's year; see migration 0007_rectifications. */
export interface RectificationTable {
  id: Generated<number>;
  dataset_id: number;
  item_key: string;
  source: 'lost' | 'review';
  indicator_code: string | null;
  indicator_name: string | null;
  lost: string | null;
  problem: string;
  measure: Generated<string>;
  owner: Generated<string>;
  /** YYYY-MM-DD (date parsed as text on both drivers). */
  deadline: string | null;
  status: Generated<'open' | 'in_progress' | 'done'>;
  note: Generated<string>;
  carried_to: number | null;
  created_at: Timestamp;
  updated_by: number | null;
  updated_by_name: string | null;
  updated_at: Timestamp;
}

/** A dataset's place in the submission cycle (no row: 填报中); the report as submitted, byte for byte. */
export interface SubmissionTable {
  dataset_id: number;
  state: string;
  /** The dataset version that was submitted (frozen). */
  version: number | null;
  report_docx: Uint8Array | null;
  /** SHA-256 of report_docx, hex. */
  report_sha256: string | null;
  submitted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  submitted_by: number | null;
  updated_at: Timestamp;
}

/** Every transition of the submission cycle: who, when, from, to, why. */
export interface SubmissionEventTable {
  id: Generated<string>;
  dataset_id: number;
  from_state: string;
  to_state: string;
  user_id: number | null;
  username: string;
  at: Timestamp;
  reason: string | null;
  /** The dataset version the transition concerned. */
  version: number | null;
}

/** A file (佐证材料) attached to an indicator, project, target or 整改 item of one dataset. */
export interface EvidenceTable {
  id: Generated<number>;
  dataset_id: number;
  kind: string;
  ref: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  uploaded_by_name: string;
  uploaded_at: Timestamp;
}

/** A file's content, once per SHA-256 (content-addressed), in parts of EVIDENCE_PART_BYTES. */
export interface EvidenceBlobTable {
  sha256: string;
  size: number;
  parts: number;
  /** Where the content is: evidence_blob_parts ('database') or DATA_DIR/evidence ('folder'). */
  stored: ColumnType<ContentStorage, ContentStorage | undefined, ContentStorage>;
  created_at: Timestamp;
}

export type ContentStorage = 'database' | 'folder';

export interface EvidenceBlobPartTable {
  sha256: string;
  part: number;
  bytes: Uint8Array;
}

/** Parts of an upload still arriving; moved into evidence_blob_parts when the upload is accepted. */
export interface EvidenceUploadTable {
  upload_id: string;
  part: number;
  bytes: Uint8Array;
  created_at: Timestamp;
}

/** Review per indicator (and per project row): one row per dataset version and reviewed item. */
export interface ReviewItemTable {
  id: Generated<string>;
  dataset_id: number;
  dataset_version: number;
  /** 'indicator' (ref = level-3 indicator code) or 'project' (ref = project item id). */
  kind: 'indicator' | 'project';
  ref: string;
  review_score: string;
  /** The self score the reviewer saw. */
  self_score: string | null;
  comment: string;
  reviewer_id: number | null;
  reviewer_name: string;
  at: Timestamp;
}
