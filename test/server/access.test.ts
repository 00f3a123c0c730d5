/**
 * A user can never read or change another department's data, whatever URL or id they send.
 * The test walks every route the app registers (so a new endpoint cannot escape it), sends it as
 * department A's 填报人 with department B's ids, and checks the answer and B's data afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getDataset, listAudit, listReviews } from '../../src/storage/repo.ts';
import { apiFixture, B_NAME } from './fixture.ts';

let f: Awaited<ReturnType<typeof apiFixture>>;
/** A 佐证材料 file of department B (for the routes under /api/evidence/:evidenceId). */
let evidenceB = 0;
before(async () => {
  f = await apiFixture();
  const res = await f.app.request(
    `/api/datasets/${f.datasetB}/evidence?kind=indicator&ref=budget-rationality&name=${encodeURIComponent('乙部门依据.pdf')}`,
    {
      method: 'POST',
      headers: { origin: 'http://localhost', cookie: await f.login('filler-b') },
      body: new TextEncoder().encode('%PDF-1.4\n乙部门的佐证材料\n%%EOF\n'),
    },
  );
  const text = await res.text();
  assert.equal(res.status, 201, text);
  evidenceB = (JSON.parse(text) as { evidence: { id: number } }).evidence.id;
});
after(async () => {
  await f.store.close();
});

/** A plausible body for each write, so a refusal is about access, not a malformed request. */
function bodyFor(method: string, path: string, bData: unknown): unknown {
  if (method === 'GET') return undefined;
  if (path === '/api/datasets/:datasetId') return { version: 1, data: bData };
  if (path.endsWith('/score')) return { data: bData };
  if (path.endsWith('/reviews')) return { score: '10', reason: '越权测试' };
  if (path.endsWith('/workbook')) return { version: 1, file: 'UEsDBA==' };
  if (path === '/api/departments/:departmentId/datasets') return { year: 2024 };
  if (path === '/api/users') return { username: 'intruder', displayName: 'x', role: 'admin' };
  if (path === '/api/departments') return { name: '越权新建的部门' };
  if (path === '/api/frameworks') return { text: 'id: x' };
  if (path === '/api/auth/login') return { username: 'filler-b', password: 'wrong-password' };
  return {};
}

test('every registered route is declared with an access level (and so in the OpenAPI document)', () => {
  const declared = new Set(f.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`));
  const registered = f.app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
    .map((r) => `${r.method} ${r.path}`);
  assert.ok(registered.length >= 25, `only ${registered.length} routes found`);
  for (const r of registered)
    assert.ok(declared.has(r), `${r} is registered without route(): no access level`);
});

test("department A's 填报人 gets nothing of department B on any route, and changes nothing", async () => {
  const cookie = await f.login('filler-a');
  const bRow = (await getDataset(f.store.db, f.datasetB))!;
  const auditBefore = (await listAudit(f.store.db, f.datasetB)).length;
  const params: Record<string, string> = {
    datasetId: String(f.datasetB),
    departmentId: String(f.deptB.id),
    userId: String(f.users.fillerB.id),
    frameworkId: 'futian-2023',
    itemId: '1',
    transition: 'submit',
    version: '1',
    evidenceId: String(evidenceB),
  };
  const routes = f.app.routes.filter(
    (r) => r.method !== 'ALL' && r.path.startsWith('/api/') && r.path !== '/api/*',
  );
  const checked: string[] = [];
  for (const r of routes) {
    const doc = f.routes.find((d) => d.path === r.path && d.method.toUpperCase() === r.method)!;
    const url =
      r.path.replace(/:([A-Za-z]+)/g, (_, p: string) => {
        assert.ok(params[p], `no value for :${p} in ${r.path}: add it to this test`);
        return params[p]!;
      }) + (r.path.startsWith('/api/bureau/') ? '?year=2023' : '');
    if (r.path === '/api/auth/logout') continue; // would end the session under test; covered below
    const res = await f.req(r.method, url, { cookie, body: bodyFor(r.method, r.path, bRow.data) });
    const where = `${r.method} ${url} → ${res.status}`;
    assert.ok(!res.text.includes(B_NAME), `${where} leaked department B: ${res.text.slice(0, 200)}`);
    if (['department', 'dataset', 'reviewer', 'admin'].includes(doc.access)) {
      assert.ok([403, 404].includes(res.status), `${where}: expected 403/404 (${res.text.slice(0, 200)})`);
    } else {
      assert.ok(res.status < 500, where);
    }
    checked.push(r.path);
  }
  assert.ok(checked.includes('/api/datasets/:datasetId'));
  // B's data, version, reviews and audit are as they were.
  const now = (await getDataset(f.store.db, f.datasetB))!;
  assert.equal(now.version, bRow.version);
  assert.deepEqual(now.data, bRow.data);
  assert.equal((await listReviews(f.store.db, [f.datasetB])).length, 0);
  assert.equal((await listAudit(f.store.db, f.datasetB)).length, auditBefore);
});

test('the same requests succeed for the right people (so the refusals above are about access)', async () => {
  const b = await f.login('filler-b');
  assert.equal((await f.req('GET', `/api/datasets/${f.datasetB}`, { cookie: b })).status, 200);
  assert.equal((await f.req('GET', `/api/departments/${f.deptB.id}/datasets`, { cookie: b })).status, 200);
  const a = await f.login('filler-a');
  assert.equal((await f.req('GET', `/api/datasets/${f.datasetA}`, { cookie: a })).status, 200);
  const list = await f.req('GET', '/api/departments', { cookie: a });
  assert.deepEqual(
    (list.json.departments as { name: string }[]).map((d) => d.name),
    [f.seed.department.name],
  );
  const rv = await f.login('reviewer');
  assert.equal((await f.req('GET', `/api/datasets/${f.datasetB}`, { cookie: rv })).status, 200);
  assert.equal((await f.req('GET', '/api/bureau/summary?year=2023', { cookie: rv })).status, 200);
  // The reviewer reads but does not write department data.
  const row = (await getDataset(f.store.db, f.datasetB))!;
  const put = await f.req('PUT', `/api/datasets/${f.datasetB}`, {
    cookie: rv,
    body: { version: row.version, data: row.data },
  });
  assert.equal(put.status, 403);
});

test('without a session every non-public route answers 401', async () => {
  for (const d of f.routes.filter((x) => x.access !== 'public')) {
    const url = d.path.replace(/:[A-Za-z]+/g, '1');
    const res = await f.req(d.method.toUpperCase(), url, { body: d.method === 'get' ? undefined : {} });
    assert.equal(res.status, 401, `${d.method} ${url}`);
  }
});

test('a 复核人 reads every department but no write route changes department data', async () => {
  const rv = await f.login('reviewer');
  const before = (await getDataset(f.store.db, f.datasetB))!;
  const auditBefore = (await listAudit(f.store.db, f.datasetB)).filter((a) => a.action !== '复核').length;
  const readOnlyPosts = ['/score', '/charts', '/report-preview', '/reviews'];
  const writes = f.routes.filter(
    (r) =>
      r.method !== 'get' &&
      (r.access === 'dataset' || r.access === 'department') &&
      !readOnlyPosts.some((p) => r.path.endsWith(p)),
  );
  assert.ok(writes.length >= 3, writes.map((w) => w.path).join(', '));
  for (const r of writes) {
    const url = r.path
      .replace(':datasetId', String(f.datasetB))
      .replace(':departmentId', String(f.deptB.id))
      // A reviewer's own transitions (开始复核, 退回, 通过) change no department data; 送审 is refused.
      .replace(':transition', 'submit')
      .replace(':evidenceId', String(evidenceB));
    const res = await f.req(r.method.toUpperCase(), url, {
      cookie: rv,
      body: bodyFor(r.method.toUpperCase(), r.path, before.data),
    });
    assert.equal(res.status, 403, `${r.method} ${url} → ${res.status} ${res.text.slice(0, 200)}`);
  }
  const now = (await getDataset(f.store.db, f.datasetB))!;
  assert.equal(now.version, before.version);
  assert.equal(
    (await listAudit(f.store.db, f.datasetB)).filter((a) => a.action !== '复核').length,
    auditBefore,
  );
});
