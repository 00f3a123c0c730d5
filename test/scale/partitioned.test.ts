/**
 * The partitioned schema and the review queries on real PostgreSQL (TEST_DATABASE_URL in CI, else a
 * private PostgreSQL 15 cluster): batch rows of several jurisdictions and two years stored, each query's
 * answer equal to the same figure computed in JS from the rows, and one jurisdiction-year's query
 * reading only its own partition.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadFramework } from '../../src/adapters/files.ts';
import { Decimal } from '../../src/core/decimal.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { checkDataset } from '../../src/core/checks/dataset.ts';
import { leaves, score } from '../../src/core/score.ts';
import {
  QUERIES,
  createPartitionedSchema,
  gradeDistribution,
  partitionSuffix,
  storeRows,
} from '../../src/batch/partitioned.ts';
import { gradeLabels } from '../../src/core/framework/grades.ts';
import type { BatchRow } from '../../src/batch/work.ts';
import { countBySeverity } from '../../src/batch/work.ts';
import { synthDepartment } from '../../src/synth/generate.ts';
import { postgresAvailable, postgresUrl, stopPostgres } from '../storage/db-helpers.ts';

const fw = loadFramework('futian-2023');
if (!fw.ok) throw new Error('framework');

let admin: string;
let dbName: string;
let client: pg.Client;
const rows: BatchRow[] = [];

function rowOf(i: number, year: number): BatchRow {
  const p = parseDataset(synthDepartment(i, { seed: 606, year }).dataset);
  if (!p.ok) throw new Error('synthetic');
  const r = score(p.value, fw.ok ? fw.value : (undefined as never));
  const lost: Record<string, string> = {};
  for (const l of leaves(r)) lost[l.code] = l.lost;
  return {
    index: i,
    file: `${i}.yaml`,
    department: r.department,
    code: p.value.department.code ?? '',
    jurisdiction: p.value.department.jurisdiction ?? '',
    year,
    total: r.total,
    grade: r.grade ?? '',
    lost,
    lostTotal: new Decimal(r.maxTotal).minus(r.total).toFixed(2),
    problems: r.problems.length,
    missing: r.missing.length,
    findings: countBySeverity(checkDataset(p.value, fw.ok ? fw.value : undefined)),
  };
}

before(async () => {
  if (!postgresAvailable()) return;
  admin = postgresUrl();
  dbName = `jixiao_scale_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${dbName}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await createPartitionedSchema(client);
  for (let i = 0; i < 240; i++) rows.push(rowOf(i, 2023));
  for (let i = 0; i < 120; i++) rows.push(rowOf(i, 2024));
  // Stored in two calls, the second overlapping the first: upserts, not duplicates.
  await storeRows(client, rows.slice(0, 200), 'futian-2023');
  await storeRows(client, rows.slice(150), 'futian-2023');
});

after(async () => {
  if (!client) return;
  await client.end();
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE ${dbName}`);
  await c.end();
  stopPostgres();
});

const J = '福田区';

test(
  'overview of one jurisdiction-year equals the figures computed from the rows',
  { skip: !postgresAvailable() && 'no PostgreSQL on this machine' },
  async () => {
    const mine = rows.filter((r) => r.jurisdiction === J && r.year === 2023);
    assert.ok(mine.length >= 20);
    const { rows: got } = await client.query(QUERIES.overview, [J, 2023]);
    const sum = mine.reduce((s, r) => s.plus(r.total), new Decimal(0));
    const totals = mine.map((r) => new Decimal(r.total));
    assert.deepEqual(got[0], {
      departments: mine.length,
      average: sum.dividedBy(mine.length).toFixed(2),
      lowest: Decimal.min(...totals).toFixed(2),
      highest: Decimal.max(...totals).toFixed(2),
      with_errors: mine.filter((r) => (r.findings?.error ?? 0) > 0).length,
    });
    // Grades as the framework names them, in its order, counted from the rows.
    const labels = gradeLabels([fw.value]);
    const { rows: grades } = await client.query(QUERIES.grades, [J, 2023]);
    assert.deepEqual(
      gradeDistribution(grades, labels),
      labels.map((grade) => ({ grade, departments: mine.filter((r) => r.grade === grade).length })),
    );
    assert.ok(grades.length >= 2, 'the synthetic rows have more than one grade');
  },
);

test(
  'points lost by indicator and the ranking equal the rows',
  { skip: !postgresAvailable() && 'no PostgreSQL' },
  async () => {
    const mine = rows.filter((r) => r.jurisdiction === J && r.year === 2024);
    const byCode = new Map<string, { lost: Decimal; departments: number }>();
    for (const r of mine)
      for (const [code, lost] of Object.entries(r.lost)) {
        if (lost === '0.00') continue;
        const e = byCode.get(code) ?? { lost: new Decimal(0), departments: 0 };
        byCode.set(code, { lost: e.lost.plus(lost), departments: e.departments + 1 });
      }
    const expected = [...byCode.entries()]
      .sort((a, b) => b[1].lost.comparedTo(a[1].lost) || (a[0] < b[0] ? -1 : 1))
      .map(([code, e]) => ({ indicator_code: code, lost: e.lost.toFixed(2), departments: e.departments }));
    const { rows: got } = await client.query(QUERIES.lossesByIndicator, [J, 2024]);
    assert.deepEqual(got, expected);
    assert.ok(expected.length >= 3);

    const ranked = [...mine]
      .sort((a, b) => new Decimal(a.total).comparedTo(b.total) || (a.code < b.code ? -1 : 1))
      .slice(0, 5)
      .map((r) => ({ department_id: r.code, name: r.department, total: r.total, grade: r.grade }));
    const { rows: ranking } = await client.query(QUERIES.ranking, [J, 2024, 5]);
    assert.deepEqual(ranking, ranked);
  },
);

test(
  'the province roll-up covers every jurisdiction once, upserts did not duplicate',
  { skip: !postgresAvailable() && 'no PostgreSQL' },
  async () => {
    const { rows: got } = await client.query(QUERIES.byJurisdiction, [2023]);
    const js = [...new Set(rows.filter((r) => r.year === 2023).map((r) => r.jurisdiction))].sort();
    assert.deepEqual(
      got.map((g) => g.jurisdiction_id),
      js,
    );
    assert.equal(
      got.reduce((s, g) => s + g.departments, 0),
      240,
    );
  },
);

test(
  'a query of one jurisdiction-year reads only its own partition',
  { skip: !postgresAvailable() && 'no PostgreSQL' },
  async () => {
    const { rows: parts } = await client.query(
      `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE c.relname LIKE 'department_years_j_%_y%'`,
    );
    assert.ok(parts[0].n >= 20, 'one leaf partition per jurisdiction-year');
    const sql = QUERIES.overview.replace('$1', `'${J}'`).replace('$2', '2023');
    const { rows: plan } = await client.query(`EXPLAIN ${sql}`);
    const text = plan.map((p) => p['QUERY PLAN']).join('\n');
    const own = `department_years_${partitionSuffix(J, 2023)}`;
    assert.match(text, new RegExp(own));
    const scanned = text.match(/department_years_j_[0-9a-f]+_y\d+/g) ?? [];
    assert.deepEqual([...new Set(scanned)], [own]);
  },
);
