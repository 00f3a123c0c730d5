/**
 * Beyond one machine: a schema for a province or city holding every department-year of many
 * jurisdictions (辖区), partitioned by jurisdiction (LIST) and year (RANGE), and the review queries run
 * on it. Every key and every query carries jurisdiction_id, so on Citus the same schema distributes by
 * jurisdiction_id (co-located tables, see docs/scale.md) and each query of one jurisdiction runs on one
 * node. Plain PostgreSQL 15 SQL; tested on PostgreSQL (test/scale/partitioned.test.ts).
 *
 * It is the scale-out form of the web app's store (src/storage): datasets keyed by
 * (jurisdiction, year, department) instead of a serial id, scores and findings as rows for analysis.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { BatchRow } from './work.ts';

export const PARTITIONED_SCHEMA = [
  `CREATE TABLE jurisdictions (
    id text PRIMARY KEY,
    name text NOT NULL
  )`,
  `CREATE TABLE departments (
    jurisdiction_id text NOT NULL REFERENCES jurisdictions(id),
    id text NOT NULL,
    name text NOT NULL,
    PRIMARY KEY (jurisdiction_id, id)
  )`,
  // One row per department-year: the stored dataset and its score.
  `CREATE TABLE department_years (
    jurisdiction_id text NOT NULL,
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    department_id text NOT NULL,
    framework_id text NOT NULL,
    data jsonb,
    total numeric(8, 2) NOT NULL,
    grade text,
    findings_error integer NOT NULL DEFAULT 0,
    findings_warning integer NOT NULL DEFAULT 0,
    findings_note integer NOT NULL DEFAULT 0,
    scored_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (jurisdiction_id, year, department_id)
  ) PARTITION BY LIST (jurisdiction_id)`,
  // Points lost by level-3 indicator, for "where does the jurisdiction lose points".
  `CREATE TABLE indicator_losses (
    jurisdiction_id text NOT NULL,
    year integer NOT NULL,
    department_id text NOT NULL,
    indicator_code text NOT NULL,
    lost numeric(8, 2) NOT NULL CHECK (lost >= 0),
    PRIMARY KEY (jurisdiction_id, year, department_id, indicator_code)
  ) PARTITION BY LIST (jurisdiction_id)`,
];

const PARTITIONED_TABLES = ['department_years', 'indicator_losses'] as const;

/** A safe, short identifier fragment for a partition name: "j_" + 12 hex digits of a hash of the name. */
export function partitionSuffix(jurisdiction: string, year?: number): string {
  const hash = createHash('sha256').update(jurisdiction, 'utf8').digest('hex').slice(0, 12);
  return `j_${hash}${year === undefined ? '' : `_y${year}`}`;
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** DDL creating (if missing) the partitions of one jurisdiction-year in every partitioned table. */
export function partitionDdl(jurisdiction: string, year: number): string[] {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error(`bad year ${year}`);
  const out: string[] = [];
  for (const t of PARTITIONED_TABLES) {
    const j = `${t}_${partitionSuffix(jurisdiction)}`;
    const y = `${t}_${partitionSuffix(jurisdiction, year)}`;
    out.push(
      `CREATE TABLE IF NOT EXISTS ${j} PARTITION OF ${t} FOR VALUES IN (${literal(jurisdiction)}) PARTITION BY RANGE (year)`,
      `CREATE TABLE IF NOT EXISTS ${y} PARTITION OF ${j} FOR VALUES FROM (${year}) TO (${year + 1})`,
    );
  }
  return out;
}

/** The review queries; each takes the jurisdiction and year first, so it prunes to one partition. */
export const QUERIES = {
  /** 辖区年度概况: departments, average, lowest and highest score. */
  overview: `SELECT count(*)::int AS departments, round(avg(total), 2)::text AS average,
      min(total)::text AS lowest, max(total)::text AS highest,
      count(*) FILTER (WHERE findings_error > 0)::int AS with_errors
    FROM department_years WHERE jurisdiction_id = $1 AND year = $2`,
  /**
   * Departments by grade, whatever the framework calls its grades (the labels come from the framework
   * file; order them with gradeDistribution).
   */
  grades: `SELECT grade, count(*)::int AS departments
    FROM department_years WHERE jurisdiction_id = $1 AND year = $2 AND grade IS NOT NULL
    GROUP BY grade`,
  /** Where the jurisdiction loses points: total and departments losing, by indicator. */
  lossesByIndicator: `SELECT indicator_code, sum(lost)::text AS lost, count(*)::int AS departments
    FROM indicator_losses WHERE jurisdiction_id = $1 AND year = $2 AND lost > 0
    GROUP BY indicator_code ORDER BY sum(lost) DESC, indicator_code`,
  /** The lowest-scoring departments first (for the bureau's review). */
  ranking: `SELECT d.department_id, dep.name, d.total::text AS total, d.grade
    FROM department_years d
    JOIN departments dep ON dep.jurisdiction_id = d.jurisdiction_id AND dep.id = d.department_id
    WHERE d.jurisdiction_id = $1 AND d.year = $2
    ORDER BY d.total ASC, d.department_id LIMIT $3`,
  /** Province roll-up for one year across all jurisdictions (prunes by year within each). */
  byJurisdiction: `SELECT jurisdiction_id, count(*)::int AS departments, round(avg(total), 2)::text AS average
    FROM department_years WHERE year = $1 GROUP BY jurisdiction_id ORDER BY jurisdiction_id`,
} as const;

/**
 * The grades query's rows in the framework's order (best first, as gradeLabels gives them), every grade
 * listed, 0 where no department has it; a stored grade no framework label names comes last.
 */
export function gradeDistribution(
  rows: readonly { grade: string; departments: number }[],
  labels: readonly string[],
): { grade: string; departments: number }[] {
  const count = new Map(rows.map((r) => [r.grade, r.departments]));
  const others = rows
    .filter((r) => !labels.includes(r.grade))
    .map((r) => r.grade)
    .sort();
  return [...labels, ...others].map((grade) => ({ grade, departments: count.get(grade) ?? 0 }));
}

/** Creates the schema on an empty database. */
export async function createPartitionedSchema(client: pg.ClientBase): Promise<void> {
  for (const s of PARTITIONED_SCHEMA) await client.query(s);
}

/**
 * Stores batch rows (one jurisdiction-year at a time or mixed), creating partitions as needed, in one
 * transaction per call. Department ids are the department codes (or names when there is no code).
 */
export async function storeRows(
  client: pg.ClientBase,
  rows: BatchRow[],
  frameworkId: string,
  data?: (r: BatchRow) => unknown,
): Promise<void> {
  await client.query('BEGIN');
  try {
    const made = new Set<string>();
    for (const r of rows) {
      const j = r.jurisdiction || '未注明辖区';
      const key = `${j}\u0000${r.year}`;
      if (!made.has(key)) {
        await client.query(
          'INSERT INTO jurisdictions (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING',
          [j],
        );
        for (const s of partitionDdl(j, r.year)) await client.query(s);
        made.add(key);
      }
      const dep = r.code || r.department;
      await client.query(
        `INSERT INTO departments (jurisdiction_id, id, name) VALUES ($1, $2, $3)
         ON CONFLICT (jurisdiction_id, id) DO UPDATE SET name = EXCLUDED.name`,
        [j, dep, r.department],
      );
      await client.query(
        `INSERT INTO department_years (jurisdiction_id, year, department_id, framework_id, data, total, grade,
           findings_error, findings_warning, findings_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (jurisdiction_id, year, department_id) DO UPDATE SET
           framework_id = EXCLUDED.framework_id, data = EXCLUDED.data, total = EXCLUDED.total,
           grade = EXCLUDED.grade, findings_error = EXCLUDED.findings_error,
           findings_warning = EXCLUDED.findings_warning, findings_note = EXCLUDED.findings_note,
           scored_at = now()`,
        [
          j,
          r.year,
          dep,
          frameworkId,
          data ? JSON.stringify(data(r)) : null,
          r.total,
          r.grade || null,
          r.findings?.error ?? 0,
          r.findings?.warning ?? 0,
          r.findings?.note ?? 0,
        ],
      );
      const codes = Object.keys(r.lost);
      await client.query(
        `INSERT INTO indicator_losses (jurisdiction_id, year, department_id, indicator_code, lost)
         SELECT $1, $2, $3, code, lost::numeric FROM unnest($4::text[], $5::text[]) AS x(code, lost)
         ON CONFLICT (jurisdiction_id, year, department_id, indicator_code) DO UPDATE SET lost = EXCLUDED.lost`,
        [j, r.year, dep, codes, codes.map((c) => r.lost[c]!)],
      );
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}
