/**
 * 佐证材料 in real chromium, on PGlite and on PostgreSQL: the department's 填报人 opens an indicator's
 * panel, uploads two files at once (the badge counts them), is told in Chinese why a renamed executable
 * is refused; a 复核人 opens the file beside the indicator and downloads it (same SHA-256), cannot
 * upload, and downloads 下载送审材料 whose manifest hashes all match. Screenshots go to test-artifacts/web/.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '../helpers.ts';
import { BACKENDS, stopPostgres } from '../storage/db-helpers.ts';
import { buildWeb, e2eSite, launchChromium, type E2eSite } from './browser.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts/web');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(30_000), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(5000)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), randomBytes(4000)]);

let dist: string;
let browser: Browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dist = await buildWeb('jixiao-web-evidence-');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmSync(dist, { recursive: true, force: true });
  stopPostgres();
});

for (const backend of BACKENDS) {
  describe(`evidence in the browser on ${backend.name}`, () => {
    let site: E2eSite;
    const tag = backend.name.toLowerCase();

    before(async () => {
      site = await e2eSite(browser, await backend.open(), dist);
    });

    after(async () => {
      await site?.close();
    });

    async function open(username: string): Promise<Page> {
      const page = await site.signIn(username, { downloads: true });
      await page.goto(`${site.server.url}/#/datasets/${site.seedId}`);
      await page.getByTestId('score-total').waitFor();
      await page.getByRole('tab', { name: '评分明细' }).click();
      await page.getByTestId('evidence-panel').waitFor();
      return page;
    }

    const shot = async (page: Page, name: string) => {
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${tag}.png`), fullPage: true });
    };

    test(
      'a 填报人 uploads, a 复核人 opens the file beside the indicator and downloads the bundle',
      { timeout: 180_000 },
      async () => {
        const filler = await open('tianbao');
        const row = filler.getByTestId('evidence-open-budget-rationality');
        await row.click();
        const drawer = filler.getByTestId('evidence-drawer');
        await drawer.getByTestId('evidence-upload').waitFor();
        await drawer.locator('input[type=file]').setInputFiles([
          { name: '预算编制依据.pdf', mimeType: 'application/pdf', buffer: PDF },
          { name: '现场照片.png', mimeType: 'image/png', buffer: PNG },
        ]);
        await drawer.getByText('现场照片.png').waitFor();
        await drawer.getByText('预算编制依据.pdf').waitFor();
        await row.getByText('2').waitFor();
        // A renamed executable: refused, with the reason in Chinese, and nothing added.
        await drawer
          .locator('input[type=file]')
          .setInputFiles([{ name: '安装程序.pdf', mimeType: 'application/pdf', buffer: ELF }]);
        await filler.getByText(/安装程序\.pdf.*与扩展名 \.pdf 不符/).waitFor();
        assert.equal(await drawer.getByTestId('evidence-file').count(), 2);
        await shot(filler, '40-evidence-filler');
        await filler.context().close();

        const reviewer = await open('fuhe');
        await reviewer.getByTestId('evidence-open-budget-rationality').click();
        const rd = reviewer.getByTestId('evidence-drawer');
        await rd.getByText('预算编制依据.pdf').waitFor();
        assert.equal(await rd.getByTestId('evidence-upload').count(), 0, 'a reviewer has no upload button');
        const [file] = await Promise.all([
          reviewer.waitForEvent('download'),
          rd.getByText('预算编制依据.pdf').click(),
        ]);
        assert.equal(file.suggestedFilename(), '预算编制依据.pdf');
        assert.equal(sha(readFileSync((await file.path())!)), sha(PDF));
        await shot(reviewer, '41-evidence-reviewer');
        await rd.locator('.ant-drawer-close').click();
        const [bundle] = await Promise.all([
          reviewer.waitForEvent('download'),
          reviewer.getByTestId('bundle-download').click(),
        ]);
        const files = unzipSync(new Uint8Array(readFileSync((await bundle.path())!)));
        const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
          entries: { path: string; size: number; sha256: string }[];
        };
        assert.ok(manifest.entries.some((e) => e.path.endsWith('/预算编制依据.pdf')));
        assert.ok(manifest.entries.some((e) => e.path.endsWith('/现场照片.png')));
        for (const e of manifest.entries) assert.equal(sha(files[e.path]!), e.sha256, e.path);
        await reviewer.context().close();
      },
    );
  });
}
