/**
 * In real chromium (PGlite): a reviewer scores one indicator on the 复核 tab — without a comment it is
 * refused with the message naming it; with one, the review total (computed by the server) moves by the
 * difference; the department's filler then sees the comment beside the score panel; the bureau page
 * lists the signals and the budget suggestion. Screenshots go to test-artifacts/web/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { Decimal, fixed } from '../../src/core/decimal.ts';
import { leaves, score } from '../../src/core/score.ts';
import { futian, ROOT, seedDataset } from '../helpers.ts';
import { freshPglite } from '../storage/db-helpers.ts';
import { buildWeb, e2eSite, launchChromium, waitShown, type E2eSite } from './browser.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts/web');
const seed = seedDataset();
const result = score(seed, futian());
const leaf = leaves(result).find((l) => new Decimal(l.score).greaterThanOrEqualTo(1))!;
const REVIEWED = fixed(new Decimal(leaf.score).minus(1));
const EXPECTED_TOTAL = fixed(new Decimal(result.total).minus(1));
const COMMENT = '会议纪要未体现预算编制的集体决策过程';

let dist: string;
let browser: Browser;
let site: E2eSite;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dist = await buildWeb('jixiao-web-review-');
  browser = await launchChromium();
  site = await e2eSite(browser, await freshPglite(), dist);
});

after(async () => {
  await browser?.close();
  await site?.close();
  rmSync(dist, { recursive: true, force: true });
});

async function waitText(page: Page, testId: string, want: string) {
  const loc = page.getByTestId(testId);
  await waitShown(page, loc);
  let last = '';
  for (let i = 0; i < 100; i++) {
    last = (await loc.innerText({ timeout: 200 }).catch(() => '')).trim();
    if (last.includes(want)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${testId}: expected “${want}”, saw “${last}”`);
}

describe('review per indicator in the browser', () => {
  test(
    'the reviewer scores one indicator with a comment; the total moves; the filler sees the comment',
    { timeout: 180_000 },
    async () => {
      const page = await site.signIn('fuhe');
      await page.goto(`${site.server.url}/#/datasets/${site.seedId}`);
      await page.getByRole('tab', { name: '复核' }).click();
      await waitText(page, 'review-items-total', result.total);
      await page.getByTestId(`review-item-score-${leaf.code}`).fill(REVIEWED);
      await page.getByTestId('review-items-save').click();
      // A different score without a comment is refused, naming the indicator.
      await waitShown(page, page.getByText(new RegExp(`“${leaf.name}”.*请填写复核意见`)).first());
      await waitText(page, 'review-items-total', result.total);
      await page.getByTestId(`review-item-comment-${leaf.code}`).fill(COMMENT);
      await page.getByTestId('review-items-save').click();
      await waitText(page, 'review-items-total', EXPECTED_TOTAL);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(ARTIFACTS, '40-review-items.png'), fullPage: true });

      const filler = await site.signIn('tianbao');
      await filler.goto(`${site.server.url}/#/datasets/${site.seedId}`);
      await waitText(filler, 'review-comments', COMMENT);
      await waitText(filler, 'review-comments', leaf.name);
      await filler.screenshot({ path: join(ARTIFACTS, '41-review-comments.png'), fullPage: true });
      // The department reads the table but has no inputs.
      await filler.getByRole('tab', { name: '复核' }).click();
      await waitText(filler, 'review-items-total', EXPECTED_TOTAL);
      assert.equal(await filler.getByTestId(`review-item-score-${leaf.code}`).count(), 0);

      await page.goto(`${site.server.url}/#/bureau`);
      await waitText(page, 'bureau-signals', '目标值可能设置偏低');
      await waitText(page, 'bureau-table', '优先保障');
      await page.screenshot({ path: join(ARTIFACTS, '42-bureau-signals.png'), fullPage: true });
      await filler.context().close();
      await page.context().close();
    },
  );
});
