/** The API's behaviour over a real PGlite: sign-in, CSRF rules, conflicts, workbook round trip, review. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { serve } from '@hono/node-server';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { getDataset, listAudit } from '../../src/storage/repo.ts';
import { totalAfterQuarterChange } from '../web/expected.ts';
import { apiFixture } from './fixture.ts';
import { readFileSync } from 'node:fs';
import { frameworkErrorPlace } from '../../src/core/labels.ts';

let f: Awaited<ReturnType<typeof apiFixture>>;
let a: string;
before(async () => {
  f = await apiFixture();
  a = await f.login('filler-a');
});
after(async () => {
  await f.store.close();
});

test('health answers, and the OpenAPI document lists every route', async () => {
  const h = await f.req('GET', '/api/health');
  assert.equal(h.status, 200);
  assert.equal(h.json.ok, true);
  const doc = (await f.req('GET', '/api/openapi.json')).json as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };
  assert.equal(doc.openapi, '3.1.0');
  for (const r of f.routes) {
    const p = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    assert.ok(doc.paths[p]?.[r.method], `${r.method} ${p} missing from the OpenAPI document`);
  }
});

test('sign-in: a wrong password is refused; the session cookie is HttpOnly and SameSite', async () => {
  const bad = await f.req('POST', '/api/auth/login', {
    body: { username: 'filler-a', password: 'nope-nope-nope' },
  });
  assert.equal(bad.status, 401);
  assert.equal(bad.json.message, '用户名或密码不正确');
  const unknown = await f.req('POST', '/api/auth/login', {
    body: { username: 'nobody', password: 'nope-nope-nope' },
  });
  assert.equal(unknown.json.message, bad.json.message);
  const ok = await f.req('POST', '/api/auth/login', {
    body: { username: 'filler-a', password: 'correct-horse-battery' },
  });
  const cookie = ok.headers.get('set-cookie') ?? '';
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.equal(ok.headers.get('referrer-policy'), 'same-origin');
  const me = await f.req('GET', '/api/me', { cookie: cookie.split(';')[0] });
  assert.equal((me.json.user as { username: string }).username, 'filler-a');
  await f.req('POST', '/api/auth/logout', { cookie: cookie.split(';')[0], body: {} });
  assert.equal((await f.req('GET', '/api/me', { cookie: cookie.split(';')[0] })).status, 401);
});

test('writes accept only JSON from our own origin', async () => {
  const url = `/api/datasets/${f.datasetA}/score`;
  const form = await f.req('POST', url, {
    cookie: a,
    body: 'data=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(form.status, 415);
  const text = await f.req('POST', url, { cookie: a, body: '{}', headers: { 'content-type': 'text/plain' } });
  assert.equal(text.status, 415);
  const foreign = await f.req('POST', url, {
    cookie: a,
    body: { data: {} },
    headers: { origin: 'http://evil.example' },
  });
  assert.equal(foreign.status, 403);
  const crossSite = await f.req('POST', url, {
    cookie: a,
    body: { data: {} },
    headers: { origin: undefined as unknown as string, 'sec-fetch-site': 'cross-site' },
  });
  assert.equal(crossSite.status, 403);
});

test('a body over the limit is refused, also when sent chunked without a length', async () => {
  const server = serve({ fetch: f.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const rq = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/datasets/${f.datasetA}/score`,
          headers: { 'content-type': 'application/json', cookie: a, 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      rq.on('error', (e) =>
        (e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET'
          ? undefined
          : reject(e),
      );
      rq.write('{"data":"');
      const chunk = 'x'.repeat(64 * 1024);
      let i = 0;
      const pump = () => {
        while (i < 64) {
          i++;
          if (!rq.write(chunk)) return rq.once('drain', pump);
        }
        rq.end('"}');
      };
      pump();
    });
    assert.equal(status, 413);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('the score follows unsaved input: a quarter changed moves it to the value the framework rule gives', async () => {
  const row = (await getDataset(f.store.db, f.datasetA))!;
  const data = structuredClone(row.data) as { execution: { quarterlyCumulative: string[] } };
  data.execution.quarterlyCumulative[1] = '1500.00';
  const r = await f.req('POST', `/api/datasets/${f.datasetA}/score`, { cookie: a, body: { data } });
  assert.equal(r.status, 200);
  assert.equal((r.json.result as { total: string }).total, totalAfterQuarterChange(f.seed, 1, '1500.00'));
  const bad = await f.req('POST', `/api/datasets/${f.datasetA}/score`, {
    cookie: a,
    body: { data: { ...data, satisfaction: { score: '很好' } } },
  });
  assert.equal(bad.json.ok, false);
  assert.equal((bad.json.errors as { path: string }[])[0]!.path, 'satisfaction.score');
  // Nothing was saved by scoring.
  assert.equal((await getDataset(f.store.db, f.datasetA))!.version, row.version);
});

test('two sessions editing the same version: the second save gets 409 with both versions', async () => {
  const s1 = await f.login('filler-a');
  const s2 = await f.login('filler-a');
  const g1 = await f.req('GET', `/api/datasets/${f.datasetA}`, { cookie: s1 });
  const g2 = await f.req('GET', `/api/datasets/${f.datasetA}`, { cookie: s2 });
  const v = (g1.json.dataset as { version: number }).version;
  const d1 = structuredClone(g1.json.data) as { satisfaction: { score: string } };
  d1.satisfaction.score = '96';
  const d2 = structuredClone(g2.json.data) as { satisfaction: { score: string } };
  d2.satisfaction.score = '88';
  const p1 = await f.req('PUT', `/api/datasets/${f.datasetA}`, {
    cookie: s1,
    body: { version: v, data: d1 },
  });
  assert.equal(p1.status, 200);
  const p2 = await f.req('PUT', `/api/datasets/${f.datasetA}`, {
    cookie: s2,
    body: { version: v, data: d2 },
  });
  assert.equal(p2.status, 409);
  const body = p2.json as {
    mine: { version: number; data: { satisfaction: { score: string } } };
    current: { version: number; updatedBy: string };
    conflicts: { label: string; base: string; theirs: string; mine: string; by: string }[];
  };
  assert.equal(body.mine.version, v);
  assert.equal(body.mine.data.satisfaction.score, '88');
  assert.equal(body.current.version, v + 1);
  assert.deepEqual(
    body.conflicts.map((c) => [c.label, c.base, c.theirs, c.mine, c.by]),
    [['人员·公开·信访·满意度 › 满意度得分', '86.52', '96', '88', 'filler-a']],
  );
  const audit = (await f.req('GET', `/api/datasets/${f.datasetA}/audit`, { cookie: s1 })).json.audit as {
    path: string;
    oldValue: unknown;
    newValue: unknown;
  }[];
  assert.deepEqual(
    { path: audit[0]!.path, oldValue: audit[0]!.oldValue, newValue: audit[0]!.newValue },
    { path: 'satisfaction.score', oldValue: '86.52', newValue: '96' },
  );
});

async function workbook(): Promise<ExcelJS.Workbook> {
  const res = await f.app.request(`/api/datasets/${f.datasetA}/workbook.xlsx`, { headers: { cookie: a } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition') ?? '', /filename\*=UTF-8''/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  return wb;
}
const upload = async (wb: ExcelJS.Workbook, version: number) =>
  f.req('POST', `/api/datasets/${f.datasetA}/workbook`, {
    cookie: a,
    body: { version, file: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') },
  });

test('the workbook: one sheet per section with units and current figures, no formulas', async () => {
  const wb = await workbook();
  const names = wb.worksheets.map((w) => w.name);
  for (const n of ['填表说明', '基本信息', '年初预算', '预算执行', '固定资产', '绩效目标', '叙述'])
    assert.ok(names.includes(n), n);
  const ex = wb.getWorksheet('预算执行')!;
  assert.equal(ex.getCell('A3').value, '二季度末累计执行数');
  assert.equal(ex.getCell('C3').value, '万元');
  const row = (await getDataset(f.store.db, f.datasetA))!;
  assert.equal(
    String(ex.getCell('B3').value),
    (row.data as { execution: { quarterlyCumulative: string[] } }).execution.quarterlyCumulative[1],
  );
  let formulas = 0;
  wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => void (c.formula ? formulas++ : 0))));
  assert.equal(formulas, 0);
});

test('a workbook with bad cells names each sheet and cell, and changes nothing', async () => {
  const before = (await getDataset(f.store.db, f.datasetA))!;
  const auditBefore = (await listAudit(f.store.db, f.datasetA)).length;
  const wb = await workbook();
  wb.getWorksheet('预算执行')!.getCell('B3').value = '两千';
  wb.getWorksheet('年初预算')!.getCell('B2').value = {
    formula: '1+1',
    result: 2,
  } as ExcelJS.CellFormulaValue;
  const assets = wb.getWorksheet('固定资产')!;
  assets.mergeCells('C3:D3'); // 原值 and 在用原值 of row 3 merged: 在用原值 is then blank, not repeated
  const r = await upload(wb, before.version);
  assert.equal(r.status, 422);
  const errors = r.json.errors as { sheet: string; cell: string; message: string }[];
  const at = (sheet: string, cell: string) => errors.find((e) => e.sheet === sheet && e.cell === cell);
  assert.match(at('预算执行', 'B3')?.message ?? '', /应为金额/);
  assert.match(at('年初预算', 'B2')?.message ?? '', /不接受公式/);
  assert.ok(at('固定资产', 'D3'), JSON.stringify(errors));
  const now = (await getDataset(f.store.db, f.datasetA))!;
  assert.equal(now.version, before.version);
  assert.deepEqual(now.data, before.data);
  assert.equal((await listAudit(f.store.db, f.datasetA)).length, auditBefore);
});

test('a good workbook saves, with the changed cells in the audit', async () => {
  const before = (await getDataset(f.store.db, f.datasetA))!;
  const wb = await workbook();
  wb.getWorksheet('预算执行')!.getCell('B3').value = 1500;
  const r = await upload(wb, before.version);
  assert.equal(r.status, 200, r.text);
  const now = (await getDataset(f.store.db, f.datasetA))!;
  assert.equal(now.version, before.version + 1);
  const audit = (await listAudit(f.store.db, f.datasetA)).filter((x) => x.version === now.version);
  assert.deepEqual(
    audit.map((x) => [x.action, x.path, x.newValue]),
    [['导入工作簿', 'execution.quarterlyCumulative[1]', '1500']],
  );
});

test('files that are not workbooks, or too large, are refused before parsing', async () => {
  const v = (await getDataset(f.store.db, f.datasetA))!.version;
  const send = (bytes: Buffer) =>
    f.req('POST', `/api/datasets/${f.datasetA}/workbook`, {
      cookie: a,
      body: { version: v, file: bytes.toString('base64') },
    });
  const notZip = await send(Buffer.from('这不是工作簿'));
  assert.equal(notZip.status, 422);
  assert.match((notZip.json.errors as { message: string }[])[0]!.message, /不是 \.xlsx 文件/);
  const big = Buffer.alloc(6 * 1024 * 1024, 1);
  big.write('PK\x03\x04', 0, 'latin1');
  const tooBig = await send(big);
  assert.ok([413, 422].includes(tooBig.status));
});

test('a reviewer records a review score with a reason beside the self-score; a 填报人 cannot', async () => {
  const rv = await f.login('reviewer');
  const before = (await getDataset(f.store.db, f.datasetB))!;
  const mine = await f.req('POST', `/api/datasets/${f.datasetA}/reviews`, {
    cookie: a,
    body: { score: '99', reason: '自己给自己' },
  });
  assert.equal(mine.status, 403);
  const noReason = await f.req('POST', `/api/datasets/${f.datasetB}/reviews`, {
    cookie: rv,
    body: { score: '90', reason: ' ' },
  });
  assert.equal(noReason.status, 400);
  const ok = await f.req('POST', `/api/datasets/${f.datasetB}/reviews`, {
    cookie: rv,
    body: { score: '91.5', reason: '满意度样本不足，酌减' },
  });
  assert.equal(ok.status, 201);
  const after = (await getDataset(f.store.db, f.datasetB))!;
  assert.equal(after.selfScore, before.selfScore);
  const summary = (await f.req('GET', '/api/bureau/summary?year=2023', { cookie: rv })).json as {
    rows: { datasetId: number; selfScore: string; reviewScore: string | null; reviewGrade: string | null }[];
  };
  const row = summary.rows.find((x) => x.datasetId === f.datasetB)!;
  assert.deepEqual([row.selfScore, row.reviewScore, row.reviewGrade], [before.selfScore, '91.50', '优']);
  const xlsx = await f.app.request('/api/bureau/summary.xlsx?year=2023', { headers: { cookie: rv } });
  assert.equal(xlsx.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
  const ws = wb.getWorksheet('汇总')!;
  const names: string[] = [];
  ws.eachRow((r, i) => void (i > 2 ? names.push(String(r.getCell(1).value)) : 0));
  assert.deepEqual(names.sort(), [f.seed.department.name, '乙测试部门（不应泄露）'].sort());
});

test('the report download is a .docx with the project tables of projects that have targets', async () => {
  const res = await f.app.request(`/api/datasets/${f.datasetA}/report.docx`, { headers: { cookie: a } });
  assert.equal(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 2)], [0x50, 0x4b]);
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  const withTargets = (f.seed.projects.items ?? []).filter((p) => p.targets?.length);
  assert.ok(withTargets.length > 0);
  for (const p of withTargets) assert.ok(xml.includes(p.name), p.name);
  assert.ok(xml.includes('项目支出绩效自评表'));
});

test('a new year starts from the previous year’s structure, once', async () => {
  const r = await f.req('POST', `/api/departments/${f.deptA.id}/datasets`, {
    cookie: a,
    body: { year: 2024 },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id as number;
  const g = await f.req('GET', `/api/datasets/${id}`, { cookie: a });
  const data = g.json.data as {
    year: number;
    budget: { priorYear: unknown; initial: unknown };
    targets: unknown[];
  };
  assert.equal(data.year, 2024);
  // Last year's initial budget becomes this year's 上年预算; the targets are carried over.
  assert.deepEqual(data.budget.priorYear, f.seed.budget.initial);
  assert.equal(data.targets.length, f.seed.targets.length);
  const again = await f.req('POST', `/api/departments/${f.deptA.id}/datasets`, {
    cookie: a,
    body: { year: 2024 },
  });
  assert.equal(again.status, 409);
  const history = (await f.req('GET', `/api/datasets/${id}/history`, { cookie: a })).json.years as {
    year: number;
  }[];
  assert.deepEqual(
    history.map((y) => y.year),
    [2023, 2024],
  );
});

test('five wrong passwords lock the name for a while, even against the right password', async () => {
  const attempt = (password: string) =>
    f.req('POST', '/api/auth/login', { body: { username: 'filler-b', password } });
  for (let i = 0; i < 5; i++) assert.equal((await attempt(`wrong-${i}-password`)).status, 401);
  const locked = await attempt('correct-horse-battery');
  assert.equal(locked.status, 429);
  assert.match(locked.json.message as string, /登录失败次数过多/);
});

test('a broken framework upload answers errors that the Admin page places in Chinese, with no code-like path', async () => {
  const admin = await f.login('admin');
  const text = readFileSync('frameworks/futian-2023.yaml', 'utf8')
    .replace(/^id: .*$/m, 'id: broken-upload')
    .replace(
      '- { min: 75%, minInclusive: true, max: 90%, maxInclusive: false, score: 0.7 }',
      '- { min: 七十五, minInclusive: true, max: 90%, maxInclusive: false, score: 0.7 }',
    );
  const r = await f.req('POST', '/api/frameworks', { cookie: admin, body: { text } });
  assert.equal(r.status, 422);
  const errors = r.json.errors as { path: string; message: string }[];
  // What web/src/pages/Admin.tsx shows for each error: its place, then the message.
  const shown = errors.map((e) => `${frameworkErrorPlace(e.path)}：${e.message}`);
  assert.ok(
    shown.some((s) =>
      /^第 2 个一级指标 › 第 3 个下级指标 › 第 2 个下级指标 › 评分规则 › 第 2 档 › 下限：.*七十五/.test(s),
    ),
    shown.join('\n'),
  );
  const CODE_LIKE = /\b[a-z]+[A-Za-z]*\.[a-zA-Z][\w.-]*|\b[a-zA-Z]+\[\d+\]/g;
  for (const e of errors) assert.equal(frameworkErrorPlace(e.path).match(CODE_LIKE), null, e.path);
});
