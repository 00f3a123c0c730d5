/**
 * The real browser and the built front end, shared by the browser tests and the page-load bench:
 * Debian's chromium with the flags this closed network needs (no background connections), the web
 * app built by vite into a temporary folder, and the browser tests' site (server, users, sign-in).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { hashPassword } from '../../src/server/auth.ts';
import { startServer, type Running } from '../../src/server/start.ts';
import type { Store } from '../../src/storage/db.ts';
import { createUser, findDepartmentByName, listDatasets } from '../../src/storage/repo.ts';
import { ROOT, seedDataset } from '../helpers.ts';

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
  state: 'visible' | 'detached' | 'hidden' = 'visible',
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
  await pressToClose(page, dialog, dialog.getByRole('button', { name: button, exact: true }));
}

/** Presses `ok` in an open dialog and waits for the dialog to close, as confirmWith does. */
export async function pressToClose(page: Page, dialog: Locator, ok: Locator): Promise<void> {
  await waitShown(page, dialog);
  const moving = page.locator('.ant-modal-root [class*="-appear"], .ant-modal-root [class*="-enter"]');
  for (let i = 0; i < 50 && (await moving.count()) > 0; i++) await page.waitForTimeout(100);
  await ok.click();
  try {
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
  } catch {
    if (await ok.isEnabled().catch(() => false)) await ok.click().catch(() => {});
    await waitShown(page, dialog, 'hidden');
  }
}

/** Presses a 送审 transition's button; one that asks a reason gets `reason` in its dialog. */
export async function transition(page: Page, name: string, reason?: string): Promise<void> {
  await page.getByTestId(`transition-${name}`).click();
  if (reason === undefined) return;
  await page.getByTestId('reason-input').fill(reason);
  const ok = page.locator('#reason-ok');
  await pressToClose(page, page.locator('.ant-modal').filter({ has: ok }), ok);
}

/** The password of the users e2eSite creates. */
export const E2E_PASSWORD = 'e2e-password-123';

/** A running server with the seed department's dataset, its 填报人 and a 复核人, and their sign-in. */
export interface E2eSite {
  server: Running;
  /** The seed department's dataset. */
  seedId: number;
  departmentId: number;
  /**
   * A fresh browser context signed in as `username` (tianbao: the seed department's 填报人 张填报;
   * fuhe: the 复核人 李复核); a page error fails the test.
   */
  signIn(username: string, options?: { width?: number; downloads?: boolean }): Promise<Page>;
  /** Opens the seed department's dataset (reloading when it is open already) once its score and 送审 state show. */
  openDataset(page: Page): Promise<void>;
  /** A call to the API as the page's user (its cookie, and the Origin the server checks on writes). */
  call(page: Page, method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * The setup the browser tests share: a server over `store` serving the built front end (`dist`), the
 * users tianbao (填报人 of the seed department) and fuhe (复核人), and sign-in through the login page.
 */
export async function e2eSite(browser: Browser, store: Store, dist: string): Promise<E2eSite> {
  const server = await startServer({ port: 0, host: '127.0.0.1', store, staticDir: dist, backup: false });
  const seed = seedDataset();
  const dept = (await findDepartmentByName(store.db, seed.department.name))!;
  const seedId = (await listDatasets(store.db, { departmentId: dept.id }))[0]!.id;
  const hash = await hashPassword(E2E_PASSWORD);
  const user = (username: string, displayName: string, role: 'filler' | 'reviewer') =>
    createUser(store.db, {
      username,
      displayName,
      role,
      departmentId: role === 'filler' ? dept.id : null,
      passwordHash: hash,
    });
  await user('tianbao', '张填报', 'filler');
  await user('fuhe', '李复核', 'reviewer');
  return {
    server,
    seedId,
    departmentId: dept.id,
    async signIn(username, { width = 1440, downloads = false } = {}) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        locale: 'zh-CN',
        acceptDownloads: downloads,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
      await page.goto(server.url);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(E2E_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('whoami').waitFor();
      return page;
    },
    async openDataset(page) {
      const target = `${server.url}/#/datasets/${seedId}`;
      // The same hash again does not reload: reload, so the page shows the state now.
      if (page.url() === target) await page.reload();
      else await page.goto(target);
      await page.getByTestId('score-total').waitFor();
      await page.getByTestId('submission-state').waitFor();
    },
    async call(page, method, path, body) {
      const res = await page.request.fetch(`${server.url}${path}`, {
        method,
        headers: { origin: server.url, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { data: JSON.stringify(body) }),
      });
      const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${JSON.stringify(json)}`);
      return json;
    },
    async close() {
      await server.close();
      await server.store.close();
    },
  };
}
