/**
 * End to end in real Debian chromium (playwright-core): one server and one browser for this file.
 * The front end is built by Vite into a temporary folder first, so the test runs the current code.
 * Screenshots of the main pages are kept under test-artifacts/web/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../src/server/auth.ts';
import { FrameworkRegistry } from '../../src/server/frameworks.ts';
import { createDataset } from '../../src/server/service.ts';
import { startServer, type Running } from '../../src/server/start.ts';
import { createDepartment, createUser, findDepartmentByName, listDatasets } from '../../src/storage/repo.ts';
import { Decimal } from '../../src/core/decimal.ts';
import type { IndicatorNode } from '../../src/core/framework/schema.ts';
import { futian, ROOT, seedDataset } from '../helpers.ts';
import { freshPglite } from '../storage/db-helpers.ts';
import { SEED_TOTAL, totalAfterQuarterChange } from './expected.ts';
import { buildWeb, launchChromium } from './browser.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts/web');
const PASSWORD = 'e2e-password-123';
const OTHER = '乙部门（端到端测试）';

let dist: string;
let server: Running;
let browser: Browser;
let seedId: number;
let otherId: number;
const seed = seedDataset();

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dist = await buildWeb('jixiao-web-');
  const store = await freshPglite();
  server = await startServer({ port: 0, host: '127.0.0.1', store, staticDir: dist });
  const db = store.db;
  const frameworks = new FrameworkRegistry();
  await frameworks.load(db);
  const seedDept = (await findDepartmentByName(db, seed.department.name))!;
  seedId = (await listDatasets(db, { departmentId: seedDept.id }))[0]!.id;
  const other = await createDepartment(db, OTHER);
  const r = await createDataset(
    db,
    frameworks,
    { id: null, name: '测试' },
    other,
    2023,
    { ...seed, department: { name: OTHER } },
    'futian-2023',
  );
  otherId = (r as { id: number }).id;
  const hash = await hashPassword(PASSWORD);
  await createUser(db, {
    username: 'tianbao',
    displayName: '张填报',
    role: 'filler',
    departmentId: seedDept.id,
    passwordHash: hash,
  });
  await createUser(db, {
    username: 'fuhe',
    displayName: '李复核',
    role: 'reviewer',
    departmentId: null,
    passwordHash: hash,
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await server?.store.close();
  rmSync(dist, { recursive: true, force: true });
});

async function signIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
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
  return { context, page };
}

const total = (page: Page) => page.getByTestId('score-total');
/** A full-page screenshot once loading spinners are gone and transitions have settled. */
async function shot(page: Page, name: string) {
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

test(
  'sign in, open the seed department, change a quarter and see the score move to the rule’s value',
  { timeout: 90_000 },
  async () => {
    const { context, page } = await signIn('tianbao');
    await page.getByRole('cell', { name: seed.department.name }).waitFor();
    await shot(page, '01-departments');
    await page.getByRole('button', { name: '打开' }).click();
    await assertText(total(page), SEED_TOTAL);
    await page.getByTestId('section-execution').click();
    const q2 = page.locator('[data-path="execution.quarterlyCumulative[1]"]');
    await q2.fill('1500.00');
    const expected = totalAfterQuarterChange(seed, 1, '1500.00');
    assert.notEqual(expected, SEED_TOTAL);
    await assertText(total(page), expected);
    // 1,500.00 is below the first quarter's 2,080.30: a cumulative figure that falls is a finding,
    // shown beside the field (checkDataset, src/core/checks).
    await page.locator('[data-warning-for="execution.quarterlyCumulative[1]"]').waitFor();
    await page.getByTestId('findings').getByText('季度累计执行数下降').first().waitFor();
    await assertNoCode(page, '填报页与数据核对');
    await shot(page, '02-dataset-entry');
    // A bad entry is named beside the field; the score keeps the last good value.
    await q2.fill('一千五');
    await page.locator('[data-error-for="execution.quarterlyCumulative[1]"]').waitFor();
    assert.match(
      await page.locator('[data-error-for="execution.quarterlyCumulative[1]"]').innerText(),
      /应为金额/,
    );
    await q2.fill('1500.00');
    await assertText(total(page), expected);
    // The falling cumulative figure is an error-severity finding: saving asks first, naming it.
    await saveConfirmingFallingQuarter(page);
    await page.getByText('第 2 版').first().waitFor();
    // The report's charts, drawn by the server, shown as images whose text says what they show.
    await page.getByRole('tab', { name: '评分明细' }).click();
    const scores = await chartShown(page, 'chart-scores');
    for (const l2 of futian().indicators.flatMap((l1) => l1.children ?? []))
      assert.ok(scores.includes(l2.name), `${l2.name} in the chart's text`);
    assert.match(await chartShown(page, 'chart-execution'), /二季度：累计预算执行率 \d+\.\d{2}%/);
    await shot(page, '03-score-detail');
    await page.getByRole('tab', { name: '历年对比' }).click();
    assert.match(await chartShown(page, 'chart-history'), new RegExp(`${seed.year}年：自评得分 ${expected}`));
    await shot(page, '03b-history');
    await page.getByRole('tab', { name: '修改记录' }).click();
    await page.getByRole('cell', { name: '预算执行·二季度末累计执行数' }).waitFor();
    await assertNoCode(page, '修改记录');
    await shot(page, '04-audit');
    await context.close();
  },
);

test('unsaved input survives a reload', { timeout: 60_000 }, async () => {
  const { context, page } = await signIn('tianbao');
  await page.goto(`${server.url}/#/datasets/${seedId}`);
  await page.getByTestId('section-people').click();
  const field = page.locator('[data-path="satisfaction.score"]');
  await field.fill('97.5');
  await page.waitForTimeout(300);
  await page.reload();
  await page.getByTestId('restored').waitFor();
  await page.getByTestId('section-people').click();
  assert.equal(await page.locator('[data-path="satisfaction.score"]').inputValue(), '97.5');
  await page.getByRole('button', { name: '放弃这些输入' }).click();
  await page.getByTestId('section-people').click();
  await assertValue(page.locator('[data-path="satisfaction.score"]'), '86.52');
  await context.close();
});

test(
  'fields the report prints are editable: 职能与年度工作, 变动原因, every narrative block',
  { timeout: 60_000 },
  async () => {
    const { context, page } = await signIn('tianbao');
    await page.goto(`${server.url}/#/datasets/${seedId}`);
    await page.getByTestId('section-work').click();
    const functions = page.locator('[data-path="functions"]');
    await assertValue(functions, seed.functions!.join('\n'));
    await page.getByText('部门主要职能').first().waitFor();
    await assertNoCode(page, '职能与年度工作');
    await page.getByTestId('section-budget').click();
    await page.locator('[data-path="budget.changeReasons.project"]').waitFor();
    await page.getByRole('tab', { name: '叙述与整改' }).click();
    await page.locator('[data-path="narrative.budgetResponsibilities"]').waitFor();
    await page.getByText('预算绩效管理责任（每行“机构：职责”）').waitFor();
    await context.close();
  },
);

test(
  'an evaluator answer (a checklist item) moves the score by that item’s points',
  { timeout: 60_000 },
  async () => {
    const { context, page } = await signIn('tianbao');
    await page.goto(`${server.url}/#/datasets/${seedId}`);
    const before = (await total(page).innerText()).trim();
    await page.getByRole('tab', { name: '评价判断' }).click();
    const row = page.getByTestId('evaluation-budget-rationality');
    await row.waitFor();
    // The framework's 预算编制合理性 item "mandate" is worth its stated points; answering 否 loses them.
    const item = futian()
      .indicators.flatMap(function walk(n): IndicatorNode[] {
        return n.children?.length ? n.children.flatMap(walk) : [n];
      })
      .find((n) => n.code === 'budget-rationality')!;
    const points = (item.rule as { items: { id: string; points: string }[] }).items.find(
      (i) => i.id === 'mandate',
    )!.points;
    await row.locator('[data-path="evaluation.budget-rationality.items.mandate.met"]').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('否').click();
    await assertText(total(page), new Decimal(before).minus(points).toFixed(2));
    await shot(page, '10-evaluation');
    await page.evaluate(() => localStorage.clear());
    await context.close();
  },
);

test('a workbook with a bad cell is refused and the cell is named', { timeout: 60_000 }, async () => {
  const { context, page } = await signIn('tianbao');
  await page.goto(`${server.url}/#/datasets/${seedId}`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-workbook').click(),
  ]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  wb.getWorksheet('预算执行')!.getCell('B4').value = '两千四百';
  const file = join(dist, 'bad.xlsx');
  await wb.xlsx.writeFile(file);
  await page.locator('input[type=file]').setInputFiles(file);
  const box = page.getByTestId('workbook-errors');
  await box.waitFor();
  const text = await box.innerText();
  assert.match(text, /预算执行/);
  assert.match(text, /B4/);
  assert.match(text, /应为金额/);
  await shot(page, '05-workbook-error');
  await context.close();
});

test('the report downloads as a .docx', { timeout: 90_000 }, async () => {
  const { context, page } = await signIn('tianbao');
  await page.goto(`${server.url}/#/datasets/${seedId}`);
  await page.getByRole('tab', { name: '报告预览' }).click();
  await page.locator('iframe[title="报告预览"]').waitFor();
  await shot(page, '06-report-preview');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-report').click(),
  ]);
  assert.match(download.suggestedFilename(), /\.docx$/);
  const bytes = readFileSync((await download.path())!);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
  assert.ok(bytes.length > 5000);
  await context.close();
});

test("a department's user is denied another department's data", { timeout: 60_000 }, async () => {
  const { context, page } = await signIn('tianbao');
  await page.goto(`${server.url}/#/datasets/${otherId}`);
  await page.getByTestId('not-found').waitFor();
  assert.ok(!(await page.content()).includes(OTHER));
  const api = await page.request.get(`${server.url}/api/datasets/${otherId}`);
  assert.equal(api.status(), 404);
  const list = await page.request.get(`${server.url}/api/departments`);
  assert.ok(!(await list.text()).includes(OTHER));
  await shot(page, '07-denied');
  await context.close();
});

test(
  'two sessions changing the same field get a per-field conflict and keep the value they pick',
  { timeout: 90_000 },
  async () => {
    const one = await signIn('tianbao');
    const two = await signIn('tianbao');
    for (const s of [one, two]) {
      await s.page.goto(`${server.url}/#/datasets/${seedId}`);
      await s.page.getByTestId('section-people').click();
    }
    await one.page.locator('[data-path="satisfaction.score"]').fill('91');
    await saveConfirmingFallingQuarter(one.page);
    await one.page.getByText('已保存为').waitFor();
    await two.page.locator('[data-path="satisfaction.score"]').fill('99');
    await saveConfirmingFallingQuarter(two.page);
    const dialog = two.page.getByTestId('conflict');
    await dialog.waitFor();
    const text = await dialog.innerText();
    // The field by its Chinese label (never its path), with theirs (and who) and mine.
    assert.match(text, /人员·公开·信访·满意度 › 满意度得分/);
    assert.doesNotMatch(text, /satisfaction/);
    assert.match(text, /91/);
    assert.match(text, /99/);
    assert.match(text, /张填报/);
    await shot(two.page, '08-conflict');
    // Nothing is saved until a pick is made for every field.
    assert.ok(await two.page.getByTestId('conflict-save').isDisabled());
    await dialog.getByTestId('pick-0').getByText('我的').click();
    await two.page.getByTestId('conflict-save').click();
    await two.page.getByText('已保存为').waitFor();
    const api = await two.page.request.get(`${server.url}/api/datasets/${seedId}`);
    const body = (await api.json()) as { data: { satisfaction: { score: string } } };
    assert.equal(body.data.satisfaction.score, '99');
    await one.context.close();
    await two.context.close();
  },
);

test(
  'the finance bureau sees every department with scores, grades and the distribution chart',
  { timeout: 60_000 },
  async () => {
    const { context, page } = await signIn('fuhe');
    await page.goto(`${server.url}/#/bureau`);
    const table = page.getByTestId('bureau-table');
    await table.getByRole('cell', { name: OTHER }).waitFor();
    await table.getByRole('cell', { name: seed.department.name }).waitFor();
    assert.match(await chartShown(page, 'chart-distribution'), /部门数 [12]/);
    await assertNoCode(page, '财政局总览');
    await shot(page, '09-bureau');
    await context.close();
  },
);

test(
  'a project item’s executed funds and a target’s actual value are edited, checked and kept',
  { timeout: 90_000 },
  async () => {
    const { context, page } = await signIn('tianbao');
    await page.goto(`${server.url}/#/datasets/${seedId}`);
    await assertText(total(page), /\d/);
    const item = seed.projects.items![1]!;
    await page.getByTestId('section-projectItems').click();
    await page.getByTestId('project-1').click();
    const executed = page.locator('[data-path="projects.items[1].executed"]');
    const actual = page.locator('[data-path="projects.items[1].targets[0].actual"]');
    assert.equal(await executed.inputValue(), item.executed);
    assert.equal(await actual.inputValue(), item.targets![0]!.actual);
    const projectBefore = (await page.getByTestId('project-score-1').locator('b').innerText()).trim();
    // A bad amount is named beside the field, and the tab shows that it holds an error.
    await executed.fill('六十六');
    const error = page.locator('[data-error-for="projects.items[1].executed"]');
    await error.waitFor();
    assert.match(await error.innerText(), /应为金额/);
    await page.getByTestId('section-projectItems').getByText('1', { exact: true }).waitFor();
    await shot(page, '12-project-item-error');
    const newExecuted = new Decimal(item.executed!).plus('3.55').toFixed(2); // no trailing zero: amounts are stored normalized
    await executed.fill(newExecuted);
    // The project's 预算执行率 indicator (10 分 × executed ÷ full-year budget, capped at 10, to 0.01)
    // moves the project's own score by the difference; the other indicators are unchanged.
    const execScore = (x: string) =>
      Decimal.min(new Decimal(x).dividedBy(item.adjustedBudget!).times(10), 10).toDecimalPlaces(2);
    const delta = execScore(newExecuted).minus(execScore(item.executed!));
    assert.ok(delta.gt(0));
    await assertText(
      page.getByTestId('project-score-1').locator('b'),
      new Decimal(projectBefore).plus(delta).toFixed(2),
    );
    await actual.fill('4 名');
    await error.waitFor({ state: 'detached' });
    await saveConfirmingFallingQuarter(page);
    await page.getByText('已保存为').waitFor();
    await page.reload();
    await page.getByTestId('section-projectItems').click();
    await page.getByTestId('project-1').click();
    await assertValue(page.locator('[data-path="projects.items[1].executed"]'), newExecuted);
    await assertValue(page.locator('[data-path="projects.items[1].targets[0].actual"]'), '4 名');
    assert.equal(await page.getByTestId('restored').count(), 0, 'the saved value comes from the server');
    const saved = (await (await page.request.get(`${server.url}/api/datasets/${seedId}`)).json()) as {
      data: typeof seed;
    };
    assert.equal(saved.data.projects.items![1]!.executed, newExecuted);
    assert.equal(saved.data.projects.items![1]!.targets![0]!.actual, '4 名');
    await shot(page, '13-project-items');
    // The asset category's 其中 items and the monitoring section are shown with the seed's figures.
    await page.getByTestId('section-assets').click();
    const includes = seed.assets.fixed.findIndex((a) => a.includes?.length);
    await assertValue(
      page.locator(`[data-path="assets.fixed[${includes}].includes[0].originalValue"]`),
      seed.assets.fixed[includes]!.includes![0]!.originalValue,
    );
    const includeValue = `assets.fixed[${includes}].includes[0].originalValue`;
    await page.locator(`[data-path="${includeValue}"]`).fill('二十三');
    await page.locator(`[data-error-for="${includeValue}"]`).waitFor();
    assert.match(await page.locator(`[data-error-for="${includeValue}"]`).innerText(), /应为金额/);
    await page.getByTestId('section-monitoring').click();
    await assertValue(page.locator('[data-path="monitoring.asOf"]'), seed.monitoring!.asOf);
    await assertValue(page.locator('[data-path="monitoring.executed"]'), seed.monitoring!.executed);
    await page.locator('[data-path="monitoring.targets[0].progress"]').fill('8 项');
    await page.locator('[data-path="monitoring.executed"]').fill('-5');
    await page.locator('[data-error-for="monitoring.executed"]').waitFor();
    assert.match(await page.locator('[data-error-for="monitoring.executed"]').innerText(), /负/);
    await shot(page, '14-monitoring');
    await context.close();
  },
);

/**
 * Saves the seed department's data, which from the first test on holds a second quarter below the
 * first (an error-severity finding): the save asks first, naming it, and is confirmed.
 */
async function saveConfirmingFallingQuarter(page: Page) {
  await page.getByTestId('save').click();
  await page
    .getByTestId('save-confirm-findings')
    .getByText(/累计数不应下降/)
    .first()
    .waitFor();
  await page.getByRole('button', { name: '仍然保存' }).click();
}

/**
 * What the page shows has no code in it: no finding code or field path (“measures.missing”,
 * “execution.quarterlyCumulative[1]”) and no enum value (“full”, “personnel”, “warning”).
 */
const CODE_LIKE =
  /\b[a-z]+[A-Za-z]*\.[a-zA-Z][\w.-]*|\b[a-zA-Z]+\[\d+\]|\b(?:full|partial|none|exempt|personnel|publicOperating|project|error|warning|note|filler|reviewer|admin)\b/g;
async function assertNoCode(page: Page, where: string) {
  const text = await page.evaluate(() => document.body.innerText);
  const hits = [...text.matchAll(CODE_LIKE)].map((m) => m[0]);
  assert.deepEqual(hits, [], `${where}：页面上出现了代码 ${hits.slice(0, 10).join('、')}`);
}

async function assertText(loc: ReturnType<Page['getByTestId']>, want: string | RegExp) {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    last = (await loc.innerText().catch(() => '')).trim();
    if (typeof want === 'string' ? last === want : want.test(last)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (typeof want === 'string') assert.equal(last, want);
  else assert.match(last, want);
}

async function assertValue(loc: ReturnType<Page['locator']>, want: string) {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    last = await loc.inputValue().catch(() => '');
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(last, want);
}

test(
  'the first administrator signs in with the one-time password, must change it, and creates a user',
  { timeout: 60_000 },
  async () => {
    assert.ok(server.firstAdmin);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('用户名').fill(server.firstAdmin.username);
    await page.getByLabel('密码').fill(server.firstAdmin.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('首次登录：请修改密码').waitFor();
    await page.getByLabel('原密码（一次性密码）').fill(server.firstAdmin.password);
    await page.getByLabel('新密码（至少 10 个字符）').fill('Guanli-new-2026');
    await page.getByLabel('再次输入新密码').fill('Guanli-new-2026');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByTestId('whoami').waitFor();
    await page.goto(`${server.url}/#/admin`);
    await page.getByLabel('用户名').fill('xinren');
    await page.getByLabel('姓名').fill('王新人');
    await page.getByRole('button', { name: '新建', exact: true }).click();
    await page.getByText('请选择部门').waitFor();
    await page.getByLabel('部门').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(seed.department.name).click();
    await page.getByRole('button', { name: '新建', exact: true }).click();
    const otp = page.getByTestId('one-time-password');
    await otp.waitFor();
    assert.match(await otp.innerText(), /xinren/);
    await page.waitForTimeout(500); // let the dialog's opening animation finish for the screenshot
    await shot(page, '11-admin');
    await context.close();
  },
);

/** Waits until the chart's image has drawn (a real width), and answers its text alternative. */
async function chartShown(page: Page, testId: string): Promise<string> {
  const img = page.getByTestId(testId).locator('img');
  await img.waitFor();
  await page.waitForFunction(
    (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
    await img.elementHandle(),
  );
  return (await img.getAttribute('alt')) ?? '';
}
