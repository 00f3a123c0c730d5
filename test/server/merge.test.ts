/**
 * Concurrent edits through the API, on PGlite and on PostgreSQL: saves and workbook uploads merge per
 * field against the version they were based on; only fields both sides changed are conflicts, and a
 * conflict or an unconfirmed hand-made workbook writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { ConflictView } from '../../src/server/merge-views.ts';
import { getDataset, listAudit } from '../../src/storage/repo.ts';
import { BACKENDS } from '../storage/db-helpers.ts';
import { apiFixture } from './fixture.ts';

type Data = {
  execution: { quarterlyCumulative: string[] };
  satisfaction: { score: string; source?: string };
  adjustments: { id?: string; category: string; amount: string; reason?: string }[];
};

interface ConflictBody {
  code: string;
  mine: { version: number; data: Data };
  current: { version: number };
  conflicts: ConflictView[];
}

for (const backend of BACKENDS) {
  describe(backend.name, () => {
    let f: Awaited<ReturnType<typeof apiFixture>>;
    let a: string;
    let b: string;
    before(async () => {
      f = await apiFixture(await backend.open());
      a = await f.login('filler-a');
      // A second person of the same department.
      const { hashPassword } = await import('../../src/server/auth.ts');
      const { createUser } = await import('../../src/storage/repo.ts');
      await createUser(f.store.db, {
        username: 'filler-a2',
        displayName: '李四',
        role: 'filler',
        departmentId: f.deptA.id,
        passwordHash: await hashPassword('correct-horse-battery'),
      });
      b = await f.login('filler-a2');
    });
    after(async () => {
      await f.store.close();
    });

    const load = async (cookie: string) => {
      const r = await f.req('GET', `/api/datasets/${f.datasetA}`, { cookie });
      return { version: (r.json.dataset as { version: number }).version, data: r.json.data as Data };
    };
    const put = (cookie: string, body: unknown) =>
      f.req('PUT', `/api/datasets/${f.datasetA}`, { cookie, body });
    const stored = async () => (await getDataset(f.store.db, f.datasetA))!;

    test('the issue’s steps: B’s correction stays when A saves a change to another field', async () => {
      // Version with Q2 = 1500.
      const v0 = await load(a);
      v0.data.execution.quarterlyCumulative[1] = '1500';
      assert.equal((await put(a, v0)).status, 200);
      const opened = await load(a); // A opens the dataset
      const theirs = await load(b);
      theirs.data.execution.quarterlyCumulative[1] = '2255.09';
      assert.equal((await put(b, theirs)).status, 200); // B corrects Q2
      const mine = structuredClone(opened);
      mine.data.satisfaction.source = '第三方满意度调查';
      const r = await put(a, mine); // A changes only the source, from the version it opened
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.kept, ['预算执行 › 二季度末累计执行数']);
      const now = (await stored()).data as Data;
      assert.equal(now.execution.quarterlyCumulative[1], '2255.09');
      assert.equal(now.satisfaction.source, '第三方满意度调查');
      assert.equal((await stored()).version, opened.version + 2);
    });

    test('both changed one field differently: 409 lists base, theirs with author and time, and mine; nothing saved; picks save', async () => {
      const opened = await load(a);
      const theirs = structuredClone(opened);
      theirs.data.satisfaction.score = '91';
      assert.equal((await put(b, theirs)).status, 200);
      const before = await stored();
      const audits = (await listAudit(f.store.db, f.datasetA)).length;
      const mine = structuredClone(opened);
      mine.data.satisfaction.score = '95';
      mine.data.execution.quarterlyCumulative[0] = '2100';
      const r = await put(a, mine);
      assert.equal(r.status, 409, r.text);
      const body = r.json as unknown as ConflictBody;
      assert.deepEqual(
        body.conflicts.map((c) => [c.label, c.base, c.theirs, c.mine, c.by]),
        [['人员·公开·信访·满意度 › 满意度得分', opened.data.satisfaction.score, '91', '95', '李四']],
      );
      assert.ok(!Number.isNaN(Date.parse(body.conflicts[0]!.at)));
      assert.match(String(r.json.message), /李四/);
      assert.equal((await stored()).version, before.version, 'a conflict saves nothing');
      assert.equal((await listAudit(f.store.db, f.datasetA)).length, audits);
      // The user picks their own value: saved, with the other field merged too.
      const ok = await put(a, { ...mine, picks: { [body.conflicts[0]!.path]: 'mine' } });
      assert.equal(ok.status, 200, ok.text);
      const now = (await stored()).data as Data;
      assert.equal(now.satisfaction.score, '95');
      assert.equal(now.execution.quarterlyCumulative[0], '2100');
    });

    test('lists merge by item: B inserts an adjustment at the top, A edits one below; both stay', async () => {
      const opened = await load(a);
      assert.ok(opened.data.adjustments.length >= 2);
      assert.ok(
        opened.data.adjustments.every((x) => typeof x.id === 'string'),
        'items carry ids',
      );
      const theirs = structuredClone(opened);
      theirs.data.adjustments.unshift({ category: 'project', amount: '3', reason: '李四新增' });
      assert.equal((await put(b, theirs)).status, 200);
      const mine = structuredClone(opened);
      const target = mine.data.adjustments[1]!;
      target.amount = '77.7';
      const r = await put(a, mine);
      assert.equal(r.status, 200, r.text);
      const now = (await stored()).data as Data;
      assert.equal(now.adjustments.length, opened.data.adjustments.length + 1);
      assert.equal(now.adjustments[0]!.reason, '李四新增');
      assert.equal(now.adjustments.find((x) => x.id === target.id)!.amount, '77.7');
      // The row that was first before the insert is untouched.
      assert.deepEqual(now.adjustments[1], opened.data.adjustments[0]);
    });

    test('a stale workbook: cells changed in it are applied, fields changed since in the web are kept', async () => {
      const v1 = await load(a);
      const wb = await downloadWorkbook(a);
      const web = structuredClone(v1);
      web.data.execution.quarterlyCumulative[1] = '2300';
      assert.equal((await put(b, web)).status, 200);
      wb.getWorksheet('人员·公开·信访·满意度')!.getCell('B12').value = '工作簿里写的来源';
      const r = await upload(a, wb);
      assert.equal(r.status, 200, r.text);
      const now = (await stored()).data as Data;
      assert.equal(now.execution.quarterlyCumulative[1], '2300', 'the web change is kept');
      assert.equal(now.satisfaction.source, '工作簿里写的来源');
    });

    test('a stale workbook that changed a cell also changed in the web: 409 by sheet and cell, nothing saved', async () => {
      const wb = await downloadWorkbook(a);
      const v = await load(b);
      v.data.execution.quarterlyCumulative[1] = '2310';
      assert.equal((await put(b, v)).status, 200);
      const before = await stored();
      wb.getWorksheet('预算执行')!.getCell('B3').value = 2400;
      const r = await upload(a, wb);
      assert.equal(r.status, 409, r.text);
      const body = r.json as unknown as ConflictBody;
      assert.deepEqual(
        body.conflicts.map((c) => [c.sheet, c.cell, c.label, c.theirs, c.mine, c.by]),
        [['预算执行', 'B3', '预算执行 › 二季度末累计执行数', '2310 万元', '2400 万元', '李四']],
      );
      assert.equal((await stored()).version, before.version, 'nothing saved until resolved');
      // Resolved in the dialog: the workbook's value.
      const ok = await put(a, {
        version: body.mine.version,
        data: body.mine.data,
        picks: { [body.conflicts[0]!.path]: 'mine' },
      });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(((await stored()).data as Data).execution.quarterlyCumulative[1], '2400');
    });

    test('a workbook without a record lists every change and imports only once confirmed', async () => {
      const wb = await downloadWorkbook(a);
      wb.removeWorksheet(wb.getWorksheet('系统记录')!.id);
      wb.getWorksheet('人员·公开·信访·满意度')!.getCell('B11').value = 66;
      const before = await stored();
      const r = await upload(a, wb);
      assert.equal(r.status, 409, r.text);
      assert.equal(r.json.code, 'confirm_workbook');
      assert.match(String(r.json.message), /没有本系统的下载记录/);
      const list = r.json.changes as {
        label: string;
        before: string;
        after: string;
        sheet: string;
        cell: string;
      }[];
      assert.deepEqual(
        list.map((c) => [c.label, c.after, c.sheet, c.cell]),
        [['人员·公开·信访·满意度 › 满意度得分', '66', '人员·公开·信访·满意度', 'B11']],
      );
      assert.equal((await stored()).version, before.version, 'nothing saved before confirmation');
      // A confirmation for an older version than the current one asks again.
      const stale = await upload(a, wb, before.version - 1);
      assert.equal(stale.status, 409);
      assert.equal(stale.json.code, 'confirm_workbook');
      const ok = await upload(a, wb, r.json.version as number);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(((await stored()).data as Data).satisfaction.score, '66');
    });

    test('a workbook whose record does not match the stored version is treated as hand-made', async () => {
      const wb = await downloadWorkbook(a);
      wb.getWorksheet('系统记录')!.getCell('B3').value = 'f'.repeat(64);
      wb.getWorksheet('人员·公开·信访·满意度')!.getCell('B11').value = 67;
      const r = await upload(a, wb);
      assert.equal(r.status, 409, r.text);
      assert.equal(r.json.code, 'confirm_workbook');
      assert.match(String(r.json.message), /与系统中保存的第 \d+ 版不一致/);
    });

    test('item ids stay out of the report', async () => {
      const { data } = await load(a);
      const ids = JSON.stringify(data).match(/"id":"[A-Za-z0-9_-]+"/g) ?? [];
      assert.ok(ids.length > 10, 'the stored data has item ids');
      const r = await f.req('POST', `/api/datasets/${f.datasetA}/report-preview`, {
        cookie: a,
        body: { data },
      });
      assert.equal(r.status, 200, r.text.slice(0, 300));
      const html = String(r.json.html);
      assert.ok(html.length > 10_000);
      for (const m of ids) assert.ok(!html.includes(m.slice(6, -1)), `${m} not in the report`);
    });

    async function downloadWorkbook(cookie: string) {
      const res = await f.app.request(`/api/datasets/${f.datasetA}/workbook.xlsx`, { headers: { cookie } });
      assert.equal(res.status, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      return wb;
    }
    async function upload(cookie: string, wb: ExcelJS.Workbook, confirm?: number) {
      const file = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
      return f.req('POST', `/api/datasets/${f.datasetA}/workbook`, {
        cookie,
        body: { file, ...(confirm !== undefined ? { confirm } : {}) },
      });
    }
  });
}
