/**
 * Two people on one department at once, in real chromium, on PGlite and on PostgreSQL: saves merge
 * per field (nothing anyone did not touch reverts), a stale workbook keeps what changed in the web
 * since it was downloaded, a cell changed on both sides is a conflict named by sheet and cell, and a
 * workbook without a record of its origin imports only after the user confirms its list of changes.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../src/server/auth.ts';
import { startServer, type Running } from '../../src/server/start.ts';
import { createUser, findDepartmentByName, getDataset, listDatasets } from '../../src/storage/repo.ts';
import { seedDataset } from '../helpers.ts';
import { BACKENDS } from '../storage/db-helpers.ts';
import { buildWeb, launchChromium } from './browser.ts';

const PASSWORD = 'merge-e2e-password-1';

type Data = {
  execution: { quarterlyCumulative: string[] };
  satisfaction: { score: string; source?: string };
};

let dist: string;
let browser: Browser;

before(async () => {
  dist = await buildWeb('jixiao-web-merge-');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmSync(dist, { recursive: true, force: true });
});

for (const backend of BACKENDS) {
  describe(backend.name, () => {
    let server: Running;
    let id: number;

    before(async () => {
      const store = await backend.open();
      server = await startServer({ port: 0, host: '127.0.0.1', store, staticDir: dist });
      const dept = (await findDepartmentByName(store.db, seedDataset().department.name))!;
      id = (await listDatasets(store.db, { departmentId: dept.id }))[0]!.id;
      const passwordHash = await hashPassword(PASSWORD);
      for (const [username, displayName] of [
        ['wang', '王填报'],
        ['li', '李填报'],
      ] as const)
        await createUser(store.db, {
          username,
          displayName,
          role: 'filler',
          departmentId: dept.id,
          passwordHash,
        });
    });

    after(async () => {
      await server?.close();
      await server?.store.close();
    });

    async function open(username: string): Promise<Page> {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        acceptDownloads: true,
        locale: 'zh-CN',
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
      await page.goto(server.url);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('whoami').waitFor();
      await page.goto(`${server.url}/#/datasets/${id}`);
      await page.getByTestId('score-panel').waitFor();
      return page;
    }
    const stored = async () => (await getDataset(server.store.db, id))!.data as Data;

    async function download(page: Page): Promise<ExcelJS.Workbook> {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('download-workbook').click(),
      ]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
      return wb;
    }
    async function upload(page: Page, wb: ExcelJS.Workbook, name: string) {
      const file = join(dist, `${backend.name}-${name}.xlsx`);
      await wb.xlsx.writeFile(file);
      await page.locator('input[type=file]').setInputFiles(file);
    }

    test(
      'A changes one field while B corrected another: A’s save keeps B’s correction',
      { timeout: 120_000 },
      async () => {
        const a = await open('wang');
        const b = await open('li');
        await b.getByTestId('section-execution').click();
        await b.locator('[data-path="execution.quarterlyCumulative[1]"]').fill('2300.5');
        await b.getByTestId('save').click();
        await b.getByText('已保存为').waitFor();
        await a.getByTestId('section-people').click();
        await a.locator('[data-path="satisfaction.source"]').fill('第三方满意度调查');
        await a.getByTestId('save').click();
        const note = a.getByTestId('merged-note');
        await note.waitFor();
        assert.match(await note.innerText(), /预算执行 › 二季度末累计执行数/);
        assert.equal(await a.getByTestId('conflict').count(), 0);
        const now = await stored();
        assert.equal(now.execution.quarterlyCumulative[1], '2300.5', 'B’s correction is not reverted');
        assert.equal(now.satisfaction.source, '第三方满意度调查');
        // A's form now shows B's figure.
        await a.getByTestId('section-execution').click();
        assert.equal(
          await a.locator('[data-path="execution.quarterlyCumulative[1]"]').inputValue(),
          '2300.5',
        );
        await a.context().close();
        await b.context().close();
      },
    );

    test(
      'a stale workbook keeps what changed in the web; a cell changed on both sides is a conflict',
      { timeout: 120_000 },
      async () => {
        const a = await open('wang');
        const b = await open('li');
        // 1. The workbook changes another field: applied, the web's Q2 kept.
        let wb = await download(a);
        await b.getByTestId('section-execution').click();
        await b.locator('[data-path="execution.quarterlyCumulative[1]"]').fill('2350');
        await b.getByTestId('save').click();
        await b.getByText('已保存为').waitFor();
        wb.getWorksheet('人员·公开·信访·满意度')!.getCell('B12').value = '工作簿中的来源';
        await upload(a, wb, 'stale');
        await a.getByTestId('merged-note').waitFor();
        assert.match(await a.getByTestId('merged-note').innerText(), /二季度末累计执行数/);
        let now = await stored();
        assert.equal(now.execution.quarterlyCumulative[1], '2350');
        assert.equal(now.satisfaction.source, '工作簿中的来源');
        // 2. The workbook changes the same cell the web changed since: a conflict, nothing saved.
        wb = await download(a);
        await b.reload();
        await b.getByTestId('section-execution').click();
        await b.locator('[data-path="execution.quarterlyCumulative[1]"]').fill('2360');
        await b.getByTestId('save').click();
        await b.getByText('已保存为').waitFor();
        wb.getWorksheet('预算执行')!.getCell('B3').value = 2400;
        await upload(a, wb, 'both');
        const dialog = a.getByTestId('conflict');
        await dialog.waitFor();
        const text = await dialog.innerText();
        assert.match(text, /工作表「预算执行」单元格 B3/);
        assert.match(text, /2360/);
        assert.match(text, /2400/);
        assert.match(text, /李填报/);
        assert.equal(
          (await stored()).execution.quarterlyCumulative[1],
          '2360',
          'nothing saved until resolved',
        );
        await dialog.getByTestId('pick-0').getByText('我的').click();
        await a.getByTestId('conflict-save').click();
        await a.getByText('已保存为').waitFor();
        now = await stored();
        assert.equal(now.execution.quarterlyCumulative[1], '2400');
        await a.context().close();
        await b.context().close();
      },
    );

    test(
      'a workbook without a record is imported only after its changes are confirmed',
      { timeout: 120_000 },
      async () => {
        const a = await open('wang');
        const wb = await download(a);
        wb.removeWorksheet(wb.getWorksheet('系统记录')!.id);
        wb.getWorksheet('人员·公开·信访·满意度')!.getCell('B11').value = 88.5;
        const before = await stored();
        await upload(a, wb, 'handmade');
        const box = a.getByTestId('workbook-confirm');
        await box.waitFor();
        const text = await box.innerText();
        assert.match(text, /满意度得分/);
        assert.match(text, new RegExp(before.satisfaction.score.replace('.', '\\.')));
        assert.match(text, /88\.5/);
        assert.equal((await stored()).satisfaction.score, before.satisfaction.score, 'nothing saved yet');
        await a.getByTestId('confirm-workbook').click();
        await a.getByText('工作簿已导入').waitFor();
        assert.equal((await stored()).satisfaction.score, '88.5');
        await a.context().close();
      },
    );
  });
}
