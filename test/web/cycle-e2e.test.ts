/**
 * The whole submission cycle in real chromium, on PGlite and on PostgreSQL, with a 填报人 and a 复核人:
 * fill in, attach 佐证材料, 送审, 开始复核, review one indicator with a comment, 退回 with a reason, the
 * department fixes and resubmits, 通过; the reviewer downloads the 送审材料 .zip and every manifest hash
 * is checked, its report being the bytes frozen at 送审; the 通过 left 整改 items, the reviewer's
 * comment among them. Screenshots (docs/web.md) go to test-artifacts/web/.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { Decimal, fixed } from '../../src/core/decimal.ts';
import { leaves, score } from '../../src/core/score.ts';
import { futian, ROOT, seedDataset } from '../helpers.ts';
import { BACKENDS, stopPostgres } from '../storage/db-helpers.ts';
import { buildWeb, e2eSite, launchChromium, transition, waitShown, type E2eSite } from './browser.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts/web');
const REASON = '满意度得分缺少调查报告，请补充后重新送审';
const COMMENT = '会议纪要未体现预算编制的集体决策过程';
const seed = seedDataset();
// An indicator of the budget part (not touched by the edits below) with at least one point to lower.
const leaf = leaves(score(seed, futian())).find(
  (l) => l.code !== 'satisfaction' && new Decimal(l.score).greaterThanOrEqualTo(1),
)!;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4000, 0x41), Buffer.from('\n%%EOF\n')]);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let dist: string;
let browser: Browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dist = await buildWeb('jixiao-web-cycle-');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmSync(dist, { recursive: true, force: true });
  stopPostgres();
});

for (const backend of BACKENDS) {
  describe(`the submission cycle in the browser on ${backend.name}`, () => {
    const tag = backend.name.toLowerCase();
    let site: E2eSite;

    before(async () => {
      site = await e2eSite(browser, await backend.open(), dist);
    });

    after(async () => {
      await site?.close();
    });

    const signIn = (username: string) => site.signIn(username, { downloads: true });

    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(300);
      // The viewport as the user sees it (docs/web.md shows these).
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${tag}.png`) });
    };

    const openDataset = (page: Page) => site.openDataset(page);

    async function stateIs(page: Page, label: string) {
      await waitShown(page, page.getByTestId('submission-state').filter({ hasText: label }));
    }

    async function editSatisfaction(page: Page, value: string) {
      await page.getByTestId('section-people').click();
      await page.locator('[data-path="satisfaction.score"]').fill(value);
      await page.getByTestId('save').click();
      await waitShown(page, page.getByTestId('save').and(page.locator('[disabled]')));
    }

    async function textOf(page: Page, testId: string): Promise<string> {
      await waitShown(page, page.getByTestId(testId));
      return (await page.getByTestId(testId).innerText()).trim();
    }

    /** Waits until the element's text differs from `before`, and returns it. */
    async function changedFrom(page: Page, testId: string, before: string): Promise<string> {
      for (let i = 0; i < 100; i++) {
        const now = await textOf(page, testId);
        if (now !== before) return now;
        await page.waitForTimeout(100);
      }
      assert.fail(`${testId} stayed “${before}”`);
    }

    test(
      'fill, attach, 送审, review per indicator, 退回, fix, resubmit, 通过; the bundle’s hashes hold',
      { timeout: 400_000 },
      async () => {
        // The department fills in and attaches a file to an indicator.
        const filler = await signIn('tianbao');
        await openDataset(filler);
        await stateIs(filler, '填报中');
        await editSatisfaction(filler, '88.00');
        await filler.getByRole('tab', { name: '评分明细' }).click();
        const row = filler.getByTestId(`evidence-open-${leaf.code}`);
        await row.click();
        const drawer = filler.getByTestId('evidence-drawer');
        await drawer.getByTestId('evidence-upload').waitFor();
        await drawer
          .locator('input[type=file]')
          .setInputFiles([{ name: '会议纪要.pdf', mimeType: 'application/pdf', buffer: PDF }]);
        await drawer.getByText('会议纪要.pdf').waitFor();
        await shot(filler, '50-cycle-evidence');
        await drawer.locator('.ant-drawer-close').click();
        await transition(filler, 'submit');
        await stateIs(filler, '已送审');
        await shot(filler, '51-cycle-submitted');

        // The reviewer finds it in 待办, starts the review, lowers one indicator with a comment.
        const reviewer = await signIn('fuhe');
        await waitShown(reviewer, reviewer.getByTestId('todo-item').filter({ hasText: '待复核' }));
        await openDataset(reviewer);
        await transition(reviewer, 'startReview');
        await stateIs(reviewer, '复核中');
        await reviewer.getByRole('tab', { name: '复核' }).click();
        const before = await textOf(reviewer, 'review-items-total');
        await reviewer
          .getByTestId(`review-item-score-${leaf.code}`)
          .fill(fixed(new Decimal(leaf.score).minus(1)));
        await reviewer.getByTestId(`review-item-comment-${leaf.code}`).fill(COMMENT);
        await reviewer.getByTestId('review-items-save').click();
        const afterReview = await changedFrom(reviewer, 'review-items-total', before);
        const figure = (t: string) => new Decimal(t.match(/\d+(\.\d+)?/)![0]);
        assert.equal(fixed(figure(before).minus(figure(afterReview))), '1.00', `${before} → ${afterReview}`);
        await shot(reviewer, '52-cycle-review-items');
        await transition(reviewer, 'return', REASON);
        await stateIs(reviewer, '已退回');

        // The department sees why, and the comment beside the indicator; fixes; resubmits.
        await openDataset(filler);
        await stateIs(filler, '已退回');
        assert.match(await textOf(filler, 'return-reason'), new RegExp(REASON));
        assert.match(await textOf(filler, 'review-comments'), new RegExp(COMMENT));
        await shot(filler, '53-cycle-returned');
        await editSatisfaction(filler, '86.52');
        await transition(filler, 'submit');
        await stateIs(filler, '已送审');

        // The reviewer passes it and downloads the 送审材料.
        await openDataset(reviewer);
        await transition(reviewer, 'startReview');
        await stateIs(reviewer, '复核中');
        await transition(reviewer, 'pass', '');
        await stateIs(reviewer, '已通过');
        await shot(reviewer, '54-cycle-passed');
        await reviewer.getByRole('tab', { name: '评分明细' }).click();
        const [bundle] = await Promise.all([
          reviewer.waitForEvent('download'),
          reviewer.getByTestId('bundle-download').click(),
        ]);
        const files = unzipSync(new Uint8Array(readFileSync((await bundle.path())!)));
        const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
          entries: { path: string; size: number; sha256: string }[];
        };
        assert.ok(manifest.entries.some((e) => e.path.endsWith('/会议纪要.pdf')));
        for (const e of manifest.entries) {
          assert.ok(files[e.path], `${e.path} is in the manifest but not in the .zip`);
          assert.equal(sha(files[e.path]!), e.sha256, e.path);
          assert.equal(files[e.path]!.length, e.size, e.path);
        }
        const frozen = await reviewer.request.get(
          `${site.server.url}/api/datasets/${site.seedId}/submission/report.docx`,
        );
        const docx = manifest.entries.find((e) => e.path.endsWith('.docx'))!;
        assert.equal(docx.sha256, frozen.headers()['x-content-sha256']);
        assert.equal(docx.sha256, sha(await frozen.body()));

        // 通过 left 整改 items for the department, the reviewer's comment among them.
        await openDataset(filler);
        await filler.getByRole('tab', { name: '叙述与整改' }).click();
        await waitShown(filler, filler.getByTestId('rect-items').filter({ hasText: COMMENT }));
        await filler.getByTestId('rect-items').scrollIntoViewIfNeeded();
        await shot(filler, '55-cycle-rectifications');
        await filler.context().close();
        await reviewer.context().close();
      },
    );
  });
}
