/**
 * In real chromium, on PGlite and on PostgreSQL: a version the reviewer returned shows each comment
 * beside what it concerns — the indicator's row in 评分明细 and the project's panel in 项目明细 —, and
 * the summary card beside the score leads to both; the department attaches 佐证材料 to a project, a
 * target (绩效目标 row) and a 整改 item (完成佐证), and the reviewer sees each listed and downloads it
 * (same SHA-256). Screenshots at 1440 and 1024 px go to test-artifacts/web/.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { Decimal, fixed } from '../../src/core/decimal.ts';
import type { ReviewItemsResponse } from '../../src/core/review/views.ts';
import { ROOT } from '../helpers.ts';
import { BACKENDS, stopPostgres } from '../storage/db-helpers.ts';
import { buildWeb, e2eSite, launchChromium, waitShown, type E2eSite } from './browser.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts/web');
const INDICATOR_COMMENT = '会议纪要未体现预算编制的集体决策过程';
const PROJECT_COMMENT = '项目验收报告未附，完成值无从核对';
const REASON = '请按复核意见补充佐证材料后重新送审';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(6000), Buffer.from('\n%%EOF\n')]);
const FILES = {
  project: { name: '项目验收报告.pdf', body: pdf() },
  target: { name: '目标完成情况统计.pdf', body: pdf() },
  rectification: { name: '整改完成通知.pdf', body: pdf() },
};

let dist: string;
let browser: Browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dist = await buildWeb('jixiao-web-returned-');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmSync(dist, { recursive: true, force: true });
  stopPostgres();
});

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
};

/** Uploads one file in the 佐证材料 panel its button opens, and closes the panel. */
async function attach(page: Page, button: Locator, file: { name: string; body: Buffer }) {
  await button.scrollIntoViewIfNeeded();
  await button.click();
  const drawer = page.getByTestId('evidence-drawer');
  await waitShown(page, drawer.getByTestId('evidence-upload'));
  await drawer
    .locator('input[type=file]')
    .setInputFiles([{ name: file.name, mimeType: 'application/pdf', buffer: file.body }]);
  await waitShown(page, drawer.getByTestId('evidence-file').filter({ hasText: file.name }));
  await waitShown(page, button.getByText('1'));
  // Dispatched: the 已上传 message can sit over the close button while the pointer rests on it.
  await drawer.locator('.ant-drawer-close').dispatchEvent('click');
  await waitShown(page, drawer, 'detached');
}

/** Opens the panel as a reviewer: the file is listed, there is no upload, and it downloads intact. */
async function download(page: Page, button: Locator, file: { name: string; body: Buffer }) {
  await button.scrollIntoViewIfNeeded();
  await waitShown(page, button.getByText('1'));
  await button.click();
  const drawer = page.getByTestId('evidence-drawer');
  const link = drawer.getByTestId('evidence-file').filter({ hasText: file.name });
  await waitShown(page, link);
  assert.equal(await drawer.getByTestId('evidence-upload').count(), 0, 'a reviewer has no upload button');
  const [got] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(got.suggestedFilename(), file.name);
  assert.equal(sha(readFileSync((await got.path())!)), sha(file.body));
  // Dispatched: the 已上传 message can sit over the close button while the pointer rests on it.
  await drawer.locator('.ant-drawer-close').dispatchEvent('click');
  await waitShown(page, drawer, 'detached');
}

for (const backend of BACKENDS) {
  describe(`a returned version in the browser on ${backend.name}`, () => {
    const tag = backend.name.toLowerCase();
    let site: E2eSite;

    before(async () => {
      site = await e2eSite(browser, await backend.open(), dist);
    });
    after(async () => {
      await site?.close();
    });

    test(
      'comments beside the indicator and the project; evidence on a project, a target and a 整改 item',
      { timeout: 300_000 },
      async () => {
        const id = site.seedId;
        const filler = await site.signIn('tianbao');
        const reviewer = await site.signIn('fuhe', { downloads: true });

        // The cycle up to 退回, through the API (the submission test walks it on screen).
        await site.call(filler, 'POST', `/api/datasets/${id}/submission/submit`, {});
        await site.call(reviewer, 'POST', `/api/datasets/${id}/submission/startReview`, {});
        const view = (await site.call(
          reviewer,
          'GET',
          `/api/datasets/${id}/review-items`,
        )) as unknown as ReviewItemsResponse;
        const indicator = view.indicators.find((r) => new Decimal(r.selfScore).greaterThanOrEqualTo(1))!;
        const project = view.projects[0]!;
        assert.ok(indicator && project, 'the seed has an indicator and a project to review');
        const lower = (s: string) => fixed(new Decimal(s).minus(1));
        await site.call(reviewer, 'PUT', `/api/datasets/${id}/review-items`, {
          version: view.version,
          items: [
            {
              kind: 'indicator',
              code: indicator.ref,
              score: lower(indicator.selfScore),
              comment: INDICATOR_COMMENT,
            },
            { kind: 'project', code: project.ref, score: lower(project.selfScore), comment: PROJECT_COMMENT },
          ],
        });
        await site.call(reviewer, 'POST', `/api/datasets/${id}/submission/return`, { reason: REASON });

        // The department: the summary card beside the score, each name leading to its field.
        await filler.goto(`${site.server.url}/#/datasets/${id}`);
        await waitShown(filler, filler.getByTestId('submission-state').filter({ hasText: '已退回' }));
        const card = filler.getByTestId('review-comments');
        await waitShown(filler, card.getByText(INDICATOR_COMMENT));
        await waitShown(filler, card.getByText(PROJECT_COMMENT));

        await card.getByTestId(`review-goto-indicator-${indicator.ref}`).click();
        const indicatorRow = filler.locator(`[data-anchor="indicator:${indicator.ref}"]`);
        const indicatorNote = indicatorRow.getByTestId(`review-note-indicator-${indicator.ref}`);
        await waitShown(filler, indicatorNote);
        assert.match(await indicatorNote.innerText(), new RegExp(INDICATOR_COMMENT));
        assert.match(await indicatorRow.innerText(), new RegExp(indicator.name));
        await filler.waitForTimeout(300); // the page scrolls the row into view
        await filler.screenshot({ path: join(ARTIFACTS, `70-returned-indicator-${tag}.png`) });

        // The same comment beside the indicator's questions in 评价判断 (a checklist indicator).
        await filler.getByRole('tab', { name: '评价判断' }).click();
        const judged = filler.getByTestId(`evaluation-${indicator.ref}`);
        await waitShown(filler, judged.getByTestId(`review-note-indicator-${indicator.ref}`));

        await card.getByTestId(`review-goto-project-${project.ref}`).click();
        const panel = filler.locator(`[data-anchor="project:${project.ref}"]`);
        const projectNote = panel.getByTestId(`review-note-project-${project.ref}`);
        await waitShown(filler, projectNote);
        assert.match(await projectNote.innerText(), new RegExp(PROJECT_COMMENT));
        await filler.waitForTimeout(300); // the page scrolls the panel's top into view
        await filler.screenshot({ path: join(ARTIFACTS, `71-returned-project-${tag}.png`) });

        // Evidence on the project (its panel), a target (its row) and a 整改 item (完成佐证).
        const data = (await site.call(filler, 'GET', `/api/datasets/${id}`)).data as {
          targets: { id: string; name: string }[];
        };
        const target = data.targets[0]!;
        const projectButton = filler.getByTestId(`evidence-open-project-${project.ref}`);
        await attach(filler, projectButton, FILES.project);
        await filler.getByTestId('section-targets').click();
        await attach(filler, filler.getByTestId(`evidence-open-target-${target.id}`), FILES.target);
        await shot(filler, `72-target-evidence-${tag}`);
        await filler.getByRole('tab', { name: '叙述与整改' }).click();
        await filler.getByTestId('rect-generate').click();
        const rows = filler.getByTestId('rect-items').locator('tbody tr.ant-table-row');
        await waitShown(filler, rows.first());
        const rectButton = rows.first().locator('[data-testid^="evidence-open-rectification-"]');
        await attach(filler, rectButton, FILES.rectification);
        const rectTestId = (await rectButton.getAttribute('data-testid'))!;
        await rows.first().scrollIntoViewIfNeeded();
        await filler.screenshot({ path: join(ARTIFACTS, `73-rectification-evidence-${tag}.png`) });

        // The reviewer opens each beside its field and downloads it.
        await reviewer.goto(`${site.server.url}/#/datasets/${id}`);
        await reviewer.getByTestId('score-total').waitFor();
        await reviewer.getByTestId('section-projectItems').click();
        // Returned: the commented project's panel is open for everyone.
        const rp = reviewer.getByTestId(`evidence-open-project-${project.ref}`);
        await download(reviewer, rp, FILES.project);
        await reviewer.getByTestId('section-targets').click();
        await download(reviewer, reviewer.getByTestId(`evidence-open-target-${target.id}`), FILES.target);
        await reviewer.getByRole('tab', { name: '叙述与整改' }).click();
        await download(reviewer, reviewer.getByTestId(rectTestId), FILES.rectification);

        // 1024 px: the same, narrower (for the eye; the layout test checks overflow and axe).
        await filler.setViewportSize({ width: 1024, height: 800 });
        await filler.getByRole('tab', { name: '叙述与整改' }).click();
        await rows.first().scrollIntoViewIfNeeded();
        await filler.screenshot({ path: join(ARTIFACTS, `74-rectification-1024-${tag}.png`) });
        await card.getByTestId(`review-goto-indicator-${indicator.ref}`).click();
        await waitShown(filler, indicatorNote);
        await filler.waitForTimeout(300); // the page scrolls the row into view
        await filler.screenshot({ path: join(ARTIFACTS, `75-returned-indicator-1024-${tag}.png`) });
        await card.getByTestId(`review-goto-project-${project.ref}`).click();
        await waitShown(filler, projectNote);
        await filler.waitForTimeout(300); // the page scrolls the panel's top into view
        await filler.screenshot({ path: join(ARTIFACTS, `76-returned-project-1024-${tag}.png`) });
        await filler.context().close();
        await reviewer.context().close();
      },
    );
  });
}
