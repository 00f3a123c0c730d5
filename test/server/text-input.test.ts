/**
 * Characters no text may carry (NUL, lone surrogates, U+FFFE/U+FFFF, bidi controls) through the web
 * API, on PGlite and PostgreSQL: each is refused with a Chinese message naming the field, nothing is
 * saved, and nothing goes to stderr. Also: JSON nested 10,000 levels is a 400, and the server answers
 * only to the host names it is known by (DNS rebinding).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { format } from 'node:util';
import { sql } from 'kysely';
import { logInternal } from '../../src/server/app.ts';
import { BACKENDS } from '../storage/db-helpers.ts';
import { apiFixture } from './fixture.ts';

const BAD: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['lone high surrogate', 'a\ud800b'],
  ['lone low surrogate', 'a\udc00b'],
  ['U+FFFE', 'a\ufffeb'],
  ['U+FFFF', 'a\uffffb'],
  ['bidi override', '金额\u202e00.21'],
  ['bidi isolate', '金额\u2066x\u2069'],
];

/** Runs fn with console.error captured; returns what was written. */
async function quiet<T>(fn: () => Promise<T>): Promise<{ value: T; logged: string }> {
  const original = console.error;
  let logged = '';
  console.error = (...args: unknown[]) => {
    logged += format(...args);
  };
  try {
    return { value: await fn(), logged };
  } finally {
    console.error = original;
  }
}

for (const backend of BACKENDS) {
  describe(`refused characters (${backend.name})`, () => {
    let f: Awaited<ReturnType<typeof apiFixture>>;
    let filler = '';
    let admin = '';
    let reviewer = '';
    before(async () => {
      f = await apiFixture(await backend.open());
      filler = await f.login('filler-a');
      admin = await f.login('admin');
      reviewer = await f.login('reviewer');
    });
    after(async () => {
      await f.store.close();
    });

    const current = async () => {
      const r = await f.req('GET', `/api/datasets/${f.datasetA}`, { cookie: filler });
      return r.json as { dataset: { version: number }; data: Record<string, unknown> };
    };

    test('in dataset fields, keys and unknown fields: 422 naming the field; nothing saved or logged', async () => {
      const cur = await current();
      for (const [name, bad] of BAD) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test edits of free-form data
        const cases: [string, (d: Record<string, any>) => void][] = [
          ['department.name', (d) => (d.department.name = bad)],
          ['targets[0].name', (d) => (d.targets[0].name = bad)],
          ['narrative.plans[0]', (d) => (d.narrative.plans = [bad])],
          [`narrative.${bad}`, (d) => (d.narrative[bad] = ['x'])],
          ['projects.items[0].extra', (d) => (d.projects.items = [{ name: '项目', extra: bad }])],
        ];
        for (const [path, change] of cases) {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
          const data = structuredClone(cur.data) as Record<string, any>;
          change(data);
          const { value: r, logged } = await quiet(() =>
            f.req('PUT', `/api/datasets/${f.datasetA}`, {
              cookie: filler,
              body: { version: cur.dataset.version, data },
            }),
          );
          assert.equal(r.status, 422, `${name} at ${path}: ${r.status} ${r.text.slice(0, 300)}`);
          const errors = r.json.errors as { path: string; message: string }[];
          const hit = errors.find((e) => e.path === path);
          assert.ok(hit, `${name}: no error at ${path}: ${JSON.stringify(errors).slice(0, 300)}`);
          assert.match(hit.message, /含有不能保存的字符 U\+[0-9A-F]{4}（.+），在第 \d+ 个字符处/);
          assert.equal(logged, '', `${name}: written to stderr`);
        }
      }
      assert.equal((await current()).dataset.version, cur.dataset.version);
    });

    test('in a new year with data, the score preview and the report preview', async () => {
      const cur = await current();
      for (const [name, bad] of BAD) {
        const data = { ...structuredClone(cur.data), department: { name: bad } };
        const created = await f.req('POST', `/api/departments/${f.deptA.id}/datasets`, {
          cookie: filler,
          body: { year: 2024, data },
        });
        assert.equal(created.status, 422, `${name}: ${created.text.slice(0, 200)}`);
        assert.ok((created.json.errors as { path: string }[]).some((e) => e.path === 'department.name'));
        const scored = await f.req('POST', `/api/datasets/${f.datasetA}/score`, {
          cookie: filler,
          body: { data },
        });
        assert.equal(scored.json.ok, false, name);
        const preview = await f.req('POST', `/api/datasets/${f.datasetA}/report-preview`, {
          cookie: filler,
          body: { data },
        });
        assert.equal(preview.status, 422, name);
      }
      const years = await f.req('GET', `/api/departments/${f.deptA.id}/datasets`, { cookie: filler });
      assert.deepEqual(
        (years.json.datasets as { year: number }[]).map((d) => d.year),
        [2023],
      );
    });

    test('in a review reason, department and user names, a login name: 400 naming the field', async () => {
      for (const [name, bad] of BAD) {
        const { value: results, logged } = await quiet(async () => [
          [
            '复核理由',
            await f.req('POST', `/api/datasets/${f.datasetA}/reviews`, {
              cookie: reviewer,
              body: { score: '90', reason: `理由${bad}` },
            }),
          ],
          ['名称', await f.req('POST', '/api/departments', { cookie: admin, body: { name: bad } })],
          [
            '编码',
            await f.req('POST', '/api/departments', { cookie: admin, body: { name: '新部门', code: bad } }),
          ],
          [
            '姓名',
            await f.req('POST', '/api/users', {
              cookie: admin,
              body: { username: 'new-user', displayName: bad, role: 'reviewer' },
            }),
          ],
          [
            '用户名',
            await f.req('POST', '/api/auth/login', { body: { username: bad, password: 'whatever-123' } }),
          ],
        ]);
        for (const [label, r] of results as [string, { status: number; json: { message?: unknown } }][]) {
          assert.equal(r.status, 400, `${name} in ${label}: ${r.status} ${JSON.stringify(r.json)}`);
          assert.match(String(r.json.message), new RegExp(`${label}：含有不能保存的字符 U\\+`), name);
        }
        assert.equal(logged, '', `${name}: written to stderr`);
      }
      const reviews = await f.req('GET', `/api/datasets/${f.datasetA}/reviews`, { cookie: reviewer });
      assert.deepEqual(reviews.json.reviews, []);
      const depts = await f.req('GET', '/api/departments', { cookie: admin });
      assert.equal((depts.json.departments as unknown[]).length, 2);
      const users = await f.req('GET', '/api/users', { cookie: admin });
      assert.equal((users.json.users as unknown[]).length, 4);
    });

    test('a database error is logged without the query parameters', async () => {
      const big = `${'数据'.repeat(10_000)}\u0000`;
      let err: unknown;
      try {
        await sql`select ${big}::text as t`.execute(f.store.db);
      } catch (e) {
        err = e;
      }
      assert.ok(err, 'the database refused NUL');
      const { logged } = await quiet(async () => logInternal(err, 'PUT /api/datasets/1'));
      assert.ok(logged.length < 3000, `${logged.length} characters logged`);
      assert.doesNotMatch(logged, /数据数据/);
      assert.match(logged, /PUT \/api\/datasets\/1/);
    });
  });
}

describe('hostile shapes and hosts', () => {
  let f: Awaited<ReturnType<typeof apiFixture>>;
  let filler = '';
  before(async () => {
    f = await apiFixture(undefined, { allowedOrigins: ['https://jixiao.example.gov.cn'] });
    filler = await f.login('filler-a');
  });
  after(async () => {
    await f.store.close();
  });

  test('JSON nested 10,000 levels deep is a 400 with a message, on every JSON endpoint', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    for (const [method, path, body] of [
      ['PUT', `/api/datasets/${f.datasetA}`, `{"version":1,"data":${deep}}`],
      ['POST', `/api/datasets/${f.datasetA}/score`, `{"data":${deep}}`],
      ['POST', `/api/datasets/${f.datasetA}/report-preview`, `{"data":${deep}}`],
      ['POST', '/api/auth/login', `{"username":${deep},"password":"x"}`],
    ] as const) {
      const { value: r, logged } = await quiet(() => f.req(method, path, { cookie: filler, body }));
      assert.equal(r.status, 400, `${method} ${path}: ${r.status} ${r.text.slice(0, 200)}`);
      assert.match(String(r.json.message), /嵌套过深/);
      assert.equal(logged, '');
    }
  });

  test('the server answers only to localhost, IP addresses and the configured origins', async () => {
    for (const url of [
      'http://localhost:3000/api/health',
      'http://127.0.0.1:3000/api/health',
      'http://[::1]:3000/api/health',
      'http://192.168.1.20:3000/api/health',
      'https://jixiao.example.gov.cn/api/health',
    ]) {
      const r = await f.app.request(url);
      assert.equal(r.status, 200, url);
    }
    // A DNS-rebinding page: its own name, its own origin.
    const rebound = await f.app.request('http://attacker.example:3000/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://attacker.example:3000' },
      body: JSON.stringify({ username: 'admin', password: 'guess-guess' }),
    });
    assert.equal(rebound.status, 421);
    assert.match(((await rebound.json()) as { message: string }).message, /ALLOWED_ORIGINS/);
    const read = await f.app.request('http://attacker.example:3000/api/health');
    assert.equal(read.status, 421);
  });
});
