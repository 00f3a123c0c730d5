/**
 * In real chromium: the department generates its 整改 items from the points lost, is refused 整改中
 * without an owner (in Chinese, in the dialog), sets owner and a past deadline and sees the item
 * overdue; the bureau page lists it. PGlite only: the same routes run on both backends in
 * test/cycle/rectification.test.ts, and the lead's walk test covers the cycle on PostgreSQL.
 * Screenshots go to test-artifacts/web/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { score } from '../../src/core/score.ts';
import { ROOT, futian, seedDataset } from '../helpers.ts';
import { freshPglite } from '../storage/db-helpers.ts';
import { buildWeb, e2eSite, launchChromium, type E2eSite } from './browser.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts/web');
const seed = seedDataset();
const problems = score(seed, futian()).problems;

let dist: string;
let browser: Browser;
let site: E2eSite;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dist = await buildWeb('jixiao-web-rect-');
  browser = await launchChromium();
  site = await e2eSite(browser, await freshPglite(), dist);
});

after(async () => {
  await site?.close();
  await browser?.close();
  rmSync(dist, { recursive: true, force: true });
});

test(
  '整改: generate, a refusal in the dialog, an overdue item, the bureau’s list',
  { timeout: 180_000 },
  async () => {
    const page = await site.signIn('tianbao');
    await page.goto(`${site.server.url}/#/datasets/${site.seedId}`);
    await page.getByTestId('score-total').waitFor();
    await page.getByRole('tab', { name: '叙述与整改' }).click();
    await page.getByTestId('rect-generate').click();
    const rows = page.getByTestId('rect-items').locator('tbody tr.ant-table-row');
    await rows.nth(problems.length - 1).waitFor();
    assert.equal(await rows.count(), problems.length);
    await rows.first().getByText(problems[0]!.name, { exact: true }).waitFor();

    await rows.first().getByTestId('rect-edit').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('整改状态').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '整改中' }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByTestId('rect-error').getByText('前请填写责任人', { exact: false }).waitFor();

    await dialog.getByLabel('责任人').fill('财务部 李四');
    await dialog.getByLabel('整改期限').fill('2001-06-30');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const first = rows.first();
    await first.getByText('整改中', { exact: true }).waitFor();
    await first.getByTestId('rect-overdue').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '60-rectifications.png'), fullPage: true });
    await page.context().close();

    const reviewer = await site.signIn('fuhe');
    await reviewer.goto(`${site.server.url}/#/bureau`);
    const overdue = reviewer.getByTestId('bureau-overdue');
    await overdue.getByText('财务部 李四').waitFor();
    await overdue.getByText(seed.department.name).waitFor();
    assert.equal(await overdue.locator('tbody tr.ant-table-row').count(), 1);
    await reviewer.screenshot({ path: join(ARTIFACTS, '61-bureau-overdue.png'), fullPage: true });
    await reviewer.context().close();
  },
);
