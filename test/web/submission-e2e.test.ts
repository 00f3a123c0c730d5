/**
 * In real chromium (PGlite; the lead's walk test covers both backends): the submission cycle with a
 * 填报人 and a 复核人 — fill in, 送审 (the form becomes read-only and says why), 开始复核, 退回 with a
 * reason, the filler sees the reason (on the page and in 待办), edits, resubmits, 通过; the bureau page
 * shows the state; 版本 compares two versions. Screenshots go to test-artifacts/web/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '../helpers.ts';
import { freshPglite } from '../storage/db-helpers.ts';
import { buildWeb, e2eSite, launchChromium, transition, waitShown, type E2eSite } from './browser.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts/web');
const REASON = '满意度得分缺少调查报告，请补充说明';

let dist: string;
let browser: Browser;
let site: E2eSite;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dist = await buildWeb('jixiao-web-sub-');
  browser = await launchChromium();
  site = await e2eSite(browser, await freshPglite(), dist);
});

after(async () => {
  await site?.close();
  await browser?.close();
  rmSync(dist, { recursive: true, force: true });
});

async function signIn(username: string) {
  const page = await site.signIn(username);
  return { context: page.context(), page };
}

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
};

async function stateIs(page: Page, label: string) {
  const tag = page.getByTestId('submission-state');
  for (let i = 0; i < 100; i++) {
    if ((await tag.innerText({ timeout: 500 }).catch(() => '')).trim() === label) return;
    await page.waitForTimeout(100);
  }
  await waitShown(page, page.getByTestId('submission-state').filter({ hasText: label }));
}

const openDataset = (page: Page) => site.openDataset(page);

async function editSatisfaction(page: Page, value: string) {
  await page.getByTestId('section-people').click();
  await page.locator('[data-path="satisfaction.score"]').fill(value);
  await page.getByTestId('save').click();
  await waitShown(page, page.getByTestId('save').and(page.locator('[disabled]')));
}

test(
  'fill → 送审 → 开始复核 → 退回 with reason → fix and resubmit → 通过',
  { timeout: 300_000 },
  async () => {
    const filler = await signIn('tianbao');
    await openDataset(filler.page);
    await stateIs(filler.page, '填报中');
    await editSatisfaction(filler.page, '88.00');
    await transition(filler.page, 'submit');
    await stateIs(filler.page, '已送审');
    await waitShown(filler.page, filler.page.getByTestId('frozen-note'));
    assert.match(await filler.page.getByTestId('frozen-note').innerText(), /表单只读.*数据已冻结/);
    assert.equal(await filler.page.getByTestId('save').count(), 0, 'no save button while frozen');
    assert.ok(await filler.page.getByTestId('transition-withdraw').isVisible());
    await shot(filler.page, '40-submission-submitted');

    const reviewer = await signIn('fuhe');
    await waitShown(reviewer.page, reviewer.page.getByTestId('todo-item').filter({ hasText: '待复核' }));
    await shot(reviewer.page, '41-submission-todo-reviewer');
    await openDataset(reviewer.page);
    await transition(reviewer.page, 'startReview');
    await stateIs(reviewer.page, '复核中');
    // 退回 cannot be confirmed without a reason.
    await reviewer.page.getByTestId('transition-return').click();
    assert.equal(await reviewer.page.locator('#reason-ok').isDisabled(), true);
    await reviewer.page.getByTestId('reason-input').fill(REASON);
    await shot(reviewer.page, '42-submission-return-dialog');
    await reviewer.page.locator('#reason-ok').click();
    await stateIs(reviewer.page, '已退回');

    await filler.page.goto(site.server.url);
    await waitShown(filler.page, filler.page.getByTestId('todo-item').filter({ hasText: REASON }));
    await shot(filler.page, '43-submission-todo-returned');
    await openDataset(filler.page);
    await stateIs(filler.page, '已退回');
    assert.match(await filler.page.getByTestId('return-reason').innerText(), new RegExp(REASON));
    await editSatisfaction(filler.page, '86.52');
    await transition(filler.page, 'submit');
    await stateIs(filler.page, '已送审');

    await openDataset(reviewer.page);
    await transition(reviewer.page, 'startReview');
    await stateIs(reviewer.page, '复核中');
    await transition(reviewer.page, 'pass', '');
    await stateIs(reviewer.page, '已通过');
    await reviewer.page.getByTestId('submission-history-toggle').click();
    const history = await reviewer.page.getByTestId('submission-events').innerText();
    for (const verb of ['送审', '开始复核', '退回', '通过']) assert.ok(history.includes(verb), history);
    assert.ok(history.includes(REASON));
    await shot(reviewer.page, '44-submission-passed-history');

    await reviewer.page.getByTestId('versions-open').click();
    await reviewer.page.getByTestId('compare').click();
    await waitShown(reviewer.page, reviewer.page.getByTestId('compare-fields'));
    const fields = await reviewer.page.getByTestId('compare-fields').innerText();
    assert.match(fields, /满意度/);
    assert.doesNotMatch(fields, /satisfaction|\.score/);
    await shot(reviewer.page, '45-versions-compare');

    await reviewer.page.goto(`${site.server.url}/#/bureau`);
    await waitShown(reviewer.page, reviewer.page.getByTestId('bureau-state').filter({ hasText: '已通过' }));
    await shot(reviewer.page, '46-bureau-state');
    await filler.context.close();
    await reviewer.context.close();
  },
);
