/**
 * `jixiao report --format html` printed by a browser (issue 15): chromium prints the seed's HTML report
 * to PDF with the page sizes its CSS asks for, and the PDF is read as a person reads it — the 附表 on
 * landscape pages, its table across the landscape text block (225 mm, not the body's 156 mm), many rows
 * a page (it printed about one row a page, 21 pages), and no figure such as “5.00” broken across lines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { loadFramework } from '../../src/adapters/files.ts';
import { score } from '../../src/core/score.ts';
import { buildReportModel } from '../../src/report/model/build.ts';
import { renderHtml } from '../../src/report/render/html.ts';
import { launchChromium } from '../web/browser.ts';
import { readPdf, textBlock, type PdfPage } from './pdf-pages.ts';
import { seedInputs } from './helpers.ts';

const MM = 72 / 25.4;
let browser: Browser;
let pages: PdfPage[] = [];
let html = '';

before(async () => {
  const { dataset, framework } = seedInputs();
  const pf = loadFramework('mof-project-2020');
  assert.ok(pf.ok);
  const model = buildReportModel(dataset, framework, score(dataset, framework), {
    projectFramework: pf.value,
  });
  html = renderHtml(model);
  browser = await launchChromium();
  const page = await browser.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  pages = readPdf(await page.pdf({ preferCSSPageSize: true }));
});

after(async () => {
  await browser?.close();
});

const landscape = (p: PdfPage) => p.width > p.height;
/** Leftmost and rightmost ink on the page's text rows, in points. */
function inkExtent(p: PdfPage): { left: number; right: number } {
  const b = textBlock(p);
  let left = p.w;
  let right = 0;
  for (let y = Math.ceil(b.top); y < Math.floor(b.bottom); y++)
    for (let x = 0; x < p.w; x++)
      if (p.pixels[y * p.w + x]! < 160) {
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
  return { left, right };
}

describe('the HTML report printed by chromium', () => {
  it('prints the body on portrait A4 and the 附表 on landscape A4', () => {
    assert.ok(pages.length > 10);
    const first = pages[0]!;
    assert.ok(Math.abs(first.width - 210 * MM) < 2 && Math.abs(first.height - 297 * MM) < 2);
    const appendix = pages.filter(landscape);
    assert.ok(appendix.length > 0, 'no landscape page');
    assert.ok(Math.abs(appendix[0]!.width - 297 * MM) < 2);
    const text = (p: PdfPage) => p.lines.map((l) => l.text.replace(/\s+/g, '')).join('');
    assert.ok(appendix.some((p) => text(p).includes('部门整体支出绩效评价共性指标体系评分表')));
    assert.ok(pages.filter((p) => !landscape(p)).every((p) => !text(p).includes('综合评分')));
  });

  it('draws the 附表 across the landscape text block (225 mm), not the body’s 156 mm', () => {
    for (const p of pages.filter(landscape)) {
      const b = textBlock(p);
      const { left, right } = inkExtent(p);
      const width = (right - left) / MM;
      assert.ok(width > 0.95 * 225, `page ${p.number}: table ${width.toFixed(0)} mm wide`);
      assert.ok(left > b.left - 3 && right < b.right + 3, `page ${p.number}: outside the text block`);
    }
  });

  it('puts several rows on a page (the 附表 printed about one row a page, 21 pages)', () => {
    const appendix = pages.filter(landscape);
    // Rows of 附表 1 and the project tables: their score cells (“5.00”, “93.96”) are lines of their own.
    const scores = appendix.flatMap((p) => p.lines.filter((l) => /^\d{1,3}\.\d{2}$/.test(l.text.trim())));
    assert.ok(scores.length >= 30, `${scores.length} score cells`);
    assert.ok(
      scores.length / appendix.length >= 2.5,
      `${appendix.length} landscape pages for ${scores.length} score cells`,
    );
  });

  it('breaks no figure across lines (“5.0 / 0”)', () => {
    // A cell cut inside its figure leaves a line that is the figure's head: “5.0”, “93.9”. (A line “3.”
    // is a criteria list number, wrapped before its item.)
    const split = pages
      .filter(landscape)
      .flatMap((p) =>
        p.lines.filter((l) => /^\d{1,3}\.\d$/.test(l.text.trim())).map((l) => `${p.number}: ${l.text}`),
      );
    assert.deepEqual(split, []);
    const figures = pages
      .filter(landscape)
      .flatMap((p) => p.lines.flatMap((l) => l.text.trim().split(/\s+/)));
    for (const f of ['5.00', '93.96', '99.84']) assert.ok(figures.includes(f), `no “${f}” on one line`);
  });
});
