/**
 * In real chromium, on PGlite and on PostgreSQL: a review made stale by a later save is flagged on the
 * department's 复核 tab and on the bureau page; a new year starts blank (未填报, not scored, carried
 * targets to re-date); an administrator disables a user (their open page is signed out) and renames a
 * department; a user changes their own password. Screenshots go to test-artifacts/web/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../src/server/auth.ts';
import { startServer, type Running } from '../../src/server/start.ts';
import { createUser, findDepartmentByName, listDatasets } from '../../src/storage/repo.ts';
import { ROOT, seedDataset } from '../helpers.ts';
import { BACKENDS, stopPostgres } from '../storage/db-helpers.ts';
import { buildWeb, confirmWith, launchChromium, waitShown } from './browser.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts/web');
const PASSWORD = 'e2e-password-123';
const seed = seedDataset();
const NEW_YEAR = seed.year + 1;

let dist: string;
let browser: Browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dist = await buildWeb('jixiao-web-');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmSync(dist, { recursive: true, force: true });
  stopPostgres();
});

async function waitText(loc: ReturnType<Page['getByTestId']>, want: string | RegExp) {
  let last = '';
  for (let i = 0; i < 100; i++) {
    last = (await loc.innerText({ timeout: 200 }).catch(() => '')).trim();
    if (typeof want === 'string' ? last.includes(want) : want.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`expected ${String(want)}, saw “${last}”`);
}

for (const backend of BACKENDS) {
  describe(`reviews, new years and accounts in the browser on ${backend.name}`, () => {
    let server: Running;
    let seedId: number;
    let deptId: number;
    const tag = backend.name.toLowerCase();

    before(async () => {
      const store = await backend.open();
      server = await startServer({ port: 0, host: '127.0.0.1', store, staticDir: dist, backup: false });
      const db = store.db;
      const dept = (await findDepartmentByName(db, seed.department.name))!;
      deptId = dept.id;
      seedId = (await listDatasets(db, { departmentId: dept.id }))[0]!.id;
      const hash = await hashPassword(PASSWORD);
      const user = (username: string, displayName: string, role: 'filler' | 'reviewer' | 'admin') =>
        createUser(db, {
          username,
          displayName,
          role,
          departmentId: role === 'filler' ? dept.id : null,
          passwordHash: hash,
        });
      await user('tianbao', '张填报', 'filler');
      await user('fuhe', '李复核', 'reviewer');
      await user('guanli', '赵管理', 'admin');
    });

    after(async () => {
      await server?.close();
      await server?.store.close();
    });

    async function signIn(username: string, password = PASSWORD) {
      const context: BrowserContext = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        locale: 'zh-CN',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
      await page.goto(server.url);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('whoami').waitFor();
      return { context, page };
    }

    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${tag}.png`), fullPage: true });
    };

    test(
      'a review made stale by a later save is flagged on the 复核 tab and the bureau page',
      { timeout: 120_000 },
      async () => {
        const reviewer = await signIn('fuhe');
        await reviewer.page.goto(`${server.url}/#/datasets/${seedId}`);
        await reviewer.page.getByRole('tab', { name: '复核' }).click();
        await reviewer.page.getByTestId('review-score').fill('85');
        await reviewer.page.getByTestId('review-reason').fill('满意度调查样本不足');
        await reviewer.page.getByRole('button', { name: '记录复核' }).click();
        await reviewer.page.getByRole('cell', { name: '85.00' }).waitFor();
        assert.equal(await reviewer.page.getByTestId('review-stale').count(), 0, 'fresh: no note');

        const filler = await signIn('tianbao');
        await filler.page.goto(`${server.url}/#/datasets/${seedId}`);
        await filler.page.getByTestId('score-total').waitFor();
        await filler.page.getByTestId('section-people').click();
        await filler.page.locator('[data-path="satisfaction.score"]').fill('90.00');
        await filler.page.getByTestId('save').click();
        await filler.page.getByText('第 2 版').first().waitFor();
        await filler.page.getByRole('tab', { name: '复核' }).click();
        const note = '复核后数据已修改：第 1 版 → 第 2 版';
        await waitText(filler.page.getByTestId('review-stale'), note);
        await shot(filler.page, '20-review-stale-tab');

        await reviewer.page.goto(`${server.url}/#/bureau`);
        const table = reviewer.page.getByTestId('bureau-table');
        await waitText(table.getByTestId('review-stale'), note);
        // The stale review is not counted as a current review.
        await waitText(
          reviewer.page.locator('.ant-statistic').filter({ hasText: '已复核' }),
          /已复核（复核后未改）\s*0/,
        );
        await shot(reviewer.page, '21-bureau-review-stale');
        await filler.context.close();
        await reviewer.context.close();
      },
    );

    test(
      'a save whose check finds errors asks first, naming them; cancelled, nothing is saved',
      { timeout: 120_000 },
      async () => {
        const dated = seed.targets.findIndex((t) => t.category === '时效指标' && /2023/.test(t.target));
        assert.ok(dated >= 0);
        const { context, page } = await signIn('tianbao');
        await page.goto(`${server.url}/#/datasets/${seedId}`);
        await page.getByTestId('score-total').waitFor();
        const before = (
          await page
            .getByText(/^第 \d+ 版$/)
            .first()
            .innerText()
        ).trim();
        await page.getByTestId('section-targets').click();
        const field = page.locator(`[data-path="targets[${dated}].target"]`);
        await field.fill('2022 年 6 月 1 日—2022 年 12 月 31 日');
        await page.locator(`[data-warning-for="targets[${dated}].target"]`).waitFor();
        await page.getByTestId('save').click();
        const list = page.getByTestId('save-confirm-findings');
        await waitText(list, '不在评价年度 2023 年内');
        await shot(page, '25-save-confirm');
        await page.getByRole('button', { name: '返回修改' }).click();
        await list.waitFor({ state: 'detached' });
        assert.equal(
          (
            await page
              .getByText(/^第 \d+ 版$/)
              .first()
              .innerText()
          ).trim(),
          before,
          'not saved',
        );
        await page.getByTestId('save').click();
        await page.getByRole('button', { name: '仍然保存' }).click();
        await page.getByText('已保存为').waitFor();
        assert.notEqual(
          (
            await page
              .getByText(/^第 \d+ 版$/)
              .first()
              .innerText()
          ).trim(),
          before,
        );
        await context.close();
      },
    );

    test(
      'a new year starts blank: 未填报, not scored, carried targets to re-date',
      { timeout: 120_000 },
      async () => {
        const filler = await signIn('tianbao');
        const page = filler.page;
        await page.getByRole('cell', { name: seed.department.name }).waitFor();
        await page.getByTestId('year-picker').click();
        await page.locator('.ant-select-dropdown:visible').getByTitle(`${NEW_YEAR} 年度`).click();
        await page.getByRole('button', { name: `新建 ${NEW_YEAR} 年度` }).click();
        await waitText(page.getByTestId('dataset-title'), `${NEW_YEAR} 年度`);
        await waitText(page.getByTestId('score-unfilled'), '未填报');
        assert.equal(await page.getByTestId('score-total').count(), 0, 'no score is shown for an empty year');
        await waitText(page.getByTestId('redate-targets'), `沿用自 ${seed.year} 年`);
        await page.getByTestId('section-budget').click();
        assert.equal(
          await page.locator('[data-path="budget.initial.personnel"]').inputValue(),
          '',
          'blank, not 0',
        );
        await shot(page, '22-new-year-blank');
        // Half a form is saved as a draft (still 未填报) and comes back from the server after a reload.
        const personnel = page.locator('[data-path="budget.initial.personnel"]');
        await personnel.fill('523.07');
        await page.getByTestId('save').click();
        await page.getByText('已保存为').waitFor();
        await page.reload();
        await page.getByTestId('section-budget').click();
        assert.equal(await page.locator('[data-path="budget.initial.personnel"]').inputValue(), '523.07');
        assert.equal(await page.getByTestId('restored').count(), 0, 'the saved value comes from the server');
        await waitText(page.getByTestId('score-unfilled'), '未填报');
        await page.goto(`${server.url}/#/`);
        await waitText(page.getByTestId('unfilled'), '未填报');
        await filler.context.close();

        const reviewer = await signIn('fuhe');
        await reviewer.page.goto(`${server.url}/#/bureau`);
        const table = reviewer.page.getByTestId('bureau-table');
        await table.getByRole('cell', { name: seed.department.name }).waitFor();
        await waitText(
          reviewer.page.locator('.ant-card-head-title').filter({ hasText: '各部门得分' }),
          `${NEW_YEAR}`,
        );
        const row = table.locator('tr').filter({ hasText: seed.department.name });
        await waitText(row, '未填报');
        await waitText(reviewer.page.locator('.ant-statistic').filter({ hasText: '已填报' }), /已填报\s*0/);
        await shot(reviewer.page, '23-bureau-unfilled');
        await reviewer.context.close();
      },
    );

    test(
      'an administrator disables a user (their open page is signed out), re-enables them, renames a department',
      { timeout: 120_000 },
      async () => {
        const filler = await signIn('tianbao');
        const admin = await signIn('guanli');
        await admin.page.goto(`${server.url}/#/admin`);
        // The lists are loaded (the filler's row names its department) before anything is clicked.
        await admin.page
          .getByRole('row')
          .filter({ hasText: 'tianbao' })
          .filter({ hasText: seed.department.name })
          .waitFor();
        await admin.page.getByTestId('toggle-user-tianbao').click();
        await confirmWith(admin.page, '停用');
        await waitShown(admin.page, admin.page.getByTestId('user-disabled-tianbao'));
        await filler.page.reload();
        await filler.page.getByRole('button', { name: '登录' }).waitFor();
        await filler.page.getByLabel('用户名').fill('tianbao');
        await filler.page.getByLabel('密码').fill(PASSWORD);
        await filler.page.getByRole('button', { name: '登录' }).click();
        await filler.page.getByText('该账户已被管理员停用').waitFor();
        await admin.page.getByTestId('toggle-user-tianbao').click();
        await confirmWith(admin.page, '启用');
        await waitShown(admin.page, admin.page.getByTestId('user-disabled-tianbao'), 'detached');
        await filler.page.getByRole('button', { name: '登录' }).click();
        await filler.page.getByTestId('whoami').waitFor();

        await admin.page.getByRole('tab', { name: '部门' }).click();
        await admin.page.getByTestId(`rename-dept-${deptId}`).click();
        await admin.page.getByTestId('rename-dept-name').fill('福田区总工会（改名）');
        await admin.page.getByRole('button', { name: '保存' }).click();
        await admin.page.getByRole('cell', { name: '福田区总工会（改名）' }).waitFor();
        await shot(admin.page, '24-admin-rename');
        await filler.page.reload();
        await waitText(filler.page.getByTestId('whoami'), '福田区总工会（改名）');
        await filler.context.close();
        await admin.context.close();
      },
    );

    test(
      'a user changes their own password at any time; a weak one is refused with the reason',
      { timeout: 120_000 },
      async () => {
        const { context, page } = await signIn('fuhe');
        await page.getByTestId('change-password').click();
        await page.getByLabel('原密码').fill(PASSWORD);
        await page.getByLabel('新密码（至少 10 个字符）').fill('1234567890');
        await page.getByLabel('再次输入新密码').fill('1234567890');
        await page.getByRole('button', { name: '修改密码' }).last().click();
        await page.getByText('新密码太常见').waitFor();
        await page.getByLabel('新密码（至少 10 个字符）').fill('Lan-hua-2026-qiu');
        await page.getByLabel('再次输入新密码').fill('Lan-hua-2026-qiu');
        await page.getByRole('button', { name: '修改密码' }).last().click();
        await page.getByText('密码已修改').waitFor();
        await context.close();
        const again = await signIn('fuhe', 'Lan-hua-2026-qiu');
        await again.context.close();
      },
    );
  });
}
