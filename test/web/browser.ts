/**
 * The real browser and the built front end, shared by the browser tests and the page-load bench:
 * Debian's chromium with the flags this closed network needs (no background connections), and the
 * web app built by vite into a temporary folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { ROOT } from '../helpers.ts';

export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Builds the front end into a new temporary folder and returns it (the caller removes it). */
export async function buildWeb(prefix = 'jixiao-web-'): Promise<string> {
  const dist = mkdtempSync(join(tmpdir(), prefix));
  await build({
    configFile: join(ROOT, 'web/vite.config.ts'),
    logLevel: 'error',
    build: { outDir: dist, emptyOutDir: true },
  });
  return dist;
}

/**
 * Waits for a locator; on a timeout the failure says what the page showed instead (its visible text,
 * cut short), so a flake seen only in CI can be read from CI's log.
 */
export async function waitShown(
  page: Page,
  locator: Locator,
  state: 'visible' | 'detached' = 'visible',
): Promise<void> {
  try {
    await locator.waitFor({ state });
  } catch (e) {
    const text = await page
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch(() => '（无法读取页面）');
    throw new Error(
      `${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n页面当时显示：${text.replace(/\s+/g, ' ').slice(0, 1500)}`,
    );
  }
}

/**
 * Presses a confirmation's button (antd modal.confirm) and waits for the confirmation to close. The
 * press waits for the opening motion to end first; should the confirmation still be open after 5 s, it
 * is pressed once more: in CI the first press was lost a few times (the button did nothing, no request
 * was made), only while the machine was loaded, which a user would answer by pressing again. Failing
 * after that, the error says what the page showed.
 */
export async function confirmWith(page: Page, button: string): Promise<void> {
  const dialog = page.locator('.ant-modal-confirm');
  await waitShown(page, dialog);
  const moving = page.locator('.ant-modal-root [class*="-appear"], .ant-modal-root [class*="-enter"]');
  for (let i = 0; i < 50 && (await moving.count()) > 0; i++) await page.waitForTimeout(100);
  const ok = dialog.getByRole('button', { name: button, exact: true });
  await ok.click();
  try {
    await dialog.waitFor({ state: 'detached', timeout: 5000 });
  } catch {
    if (await ok.isEnabled().catch(() => false)) await ok.click().catch(() => {});
    await waitShown(page, dialog, 'detached');
  }
}
