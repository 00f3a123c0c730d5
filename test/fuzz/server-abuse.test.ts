/**
 * Hostile uploads and content through the web app's public HTTP API: a 200 MB chunked upload, a zip
 * bomb workbook, formula injection (=HYPERLINK(…)) in exported workbooks, script in text fields in the
 * report preview the page shows. All refused or neutralised; the server stays up and small.
 * (Every endpoint tried as another department's user and as no user: test/server/access.test.ts.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import ExcelJS from 'exceljs';
import { apiFixture } from '../server/fixture.ts';
import { zip } from '../zip.ts';

const CJK = /[\u4e00-\u9fff]/;
const EVIL = '=HYPERLINK("http://evil.example/","点我")';
const SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(2)>';

let f: Awaited<ReturnType<typeof apiFixture>>;
let server: ServerType;
let base = '';
let cookieA = '';

before(async () => {
  f = await apiFixture();
  cookieA = await f.login('filler-a');
  server = serve({ fetch: f.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((r) => server.close(r));
  await f.store.close();
});

function zipBomb(): Buffer {
  return zip([
    { name: 'xl/worksheets/sheet1.xml', content: Buffer.alloc(300 * 1024 * 1024, 0x20), level: 9 },
  ]);
}

async function version(
  cookie: string,
  id: number,
): Promise<{ version: number; data: Record<string, unknown> }> {
  const r = await f.req('GET', `/api/datasets/${id}`, { cookie });
  assert.equal(r.status, 200);
  return {
    version: (r.json.dataset as { version: number }).version,
    data: r.json.data as Record<string, unknown>,
  };
}

test('a 200 MB chunked upload is cut off without being buffered; the server stays up', async () => {
  const rssBefore = process.memoryUsage().rss;
  const chunk = new Uint8Array(1024 * 1024).fill(0x41);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 200) return controller.close();
      sent++;
      controller.enqueue(chunk);
    },
  });
  let status = 0;
  let text = '';
  try {
    const res = await fetch(`${base}/api/datasets/${f.datasetA}/workbook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie: cookieA },
      body,
      duplex: 'half',
    } as RequestInit);
    status = res.status;
    text = await res.text();
  } catch {
    status = -1; // the server closed the connection mid-upload: also a refusal
  }
  assert.ok(status === 413 || status === -1, `answered ${status}: ${text.slice(0, 200)}`);
  if (status === 413) assert.match(text, CJK);
  assert.ok(sent < 200 || status === 413, 'the upload was not read to the end and accepted');
  const grown = (process.memoryUsage().rss - rssBefore) / 1048576;
  assert.ok(grown < 150, `server memory grew ${grown.toFixed(0)} MB`);
  const health = await fetch(`${base}/api/health`);
  assert.equal(health.status, 200);
});

test('a zip bomb workbook is refused with a Chinese message, and nothing is saved', async () => {
  const before = await version(cookieA, f.datasetA);
  const r = await f.req('POST', `/api/datasets/${f.datasetA}/workbook`, {
    cookie: cookieA,
    body: { version: before.version, file: zipBomb().toString('base64') },
  });
  assert.ok(r.status >= 400 && r.status < 500, String(r.status));
  assert.match(r.text, /压缩|过大/);
  assert.equal((await version(cookieA, f.datasetA)).version, before.version);
});

test('formula injection: =HYPERLINK(…) in data and names is text in every exported workbook', async () => {
  const cur = await version(cookieA, f.datasetA);
  const data = structuredClone(cur.data) as {
    targets: { name: string }[];
    narrative: Record<string, string[]>;
  };
  data.targets[0]!.name = EVIL;
  data.narrative.plans = [EVIL];
  const saved = await f.req('PUT', `/api/datasets/${f.datasetA}`, {
    cookie: cookieA,
    body: { version: cur.version, data },
  });
  assert.equal(saved.status, 200, saved.text.slice(0, 300));
  const admin = await f.login('admin');
  const dept = await f.req('POST', '/api/departments', { cookie: admin, body: { name: EVIL } });
  assert.equal(dept.status, 200, dept.text);

  const workbooks: [string, string][] = [
    [`/api/datasets/${f.datasetA}/workbook.xlsx`, cookieA],
    ['/api/bureau/summary.xlsx?year=2023', await f.login('reviewer')],
  ];
  for (const [path, cookie] of workbooks) {
    const res = await f.app.request(path, { headers: { cookie, origin: 'http://localhost' } });
    assert.equal(res.status, 200, path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    let found = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          assert.notEqual(
            cell.type,
            ExcelJS.ValueType.Formula,
            `${path}: a formula in ${ws.name}!${cell.address}`,
          );
          if (String(cell.value).includes('HYPERLINK')) {
            found++;
            assert.equal(cell.type, ExcelJS.ValueType.String, `${path} ${ws.name}!${cell.address}`);
          }
        }),
      ),
    );
    if (path.includes('workbook.xlsx'))
      assert.ok(found >= 1, `${path}: the text should still be there, as text`);
  }
});

test('script in text fields is escaped in the report preview the page shows', async () => {
  const cur = await version(cookieA, f.datasetA);
  const data = structuredClone(cur.data) as {
    department: { name: string };
    targets: { name: string }[];
    narrative: Record<string, string[]>;
  };
  data.department.name = `福田${SCRIPT}`;
  data.targets[0]!.name = SCRIPT;
  data.narrative.plans = [SCRIPT];
  const r = await f.req('POST', `/api/datasets/${f.datasetA}/report-preview`, {
    cookie: cookieA,
    body: { data },
  });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  const html = String(r.json.html);
  assert.doesNotMatch(html, /<script>alert/i);
  assert.doesNotMatch(html, /<img[^>]*onerror/i);
  // The text is still shown, escaped.
  assert.match(html, /(&lt;|&#60;)script(&gt;|&#62;)alert\(1\)/);
  assert.match(html, /(&lt;|&#60;)img src=x onerror=alert\(2\)/);
});
