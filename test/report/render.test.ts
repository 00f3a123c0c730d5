/**
 * Charts (Chinese labels really drawn), the HTML and Markdown renderers from the same model, and the
 * `jixiao report` command (writes the file, lists placeholders, formats, bad input).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import { main } from '../../src/cli/main.ts';
import {
  chartFontFiles,
  chartPng,
  chartPngsIsolated,
  chartSvg,
  chartText,
  clearChartCache,
} from '../../src/report/charts/render.ts';
import { buildReportModel } from '../../src/report/model/build.ts';
import type { ChartBlock, TableBlock } from '../../src/report/model/types.ts';
import { renderHtml } from '../../src/report/render/html.ts';
import { renderMarkdown } from '../../src/report/render/markdown.ts';
import { seedInputs } from './helpers.ts';

const { dataset, framework } = seedInputs();
const model = buildReportModel(dataset, framework);
const charts = model.blocks.filter((b): b is ChartBlock => b.kind === 'chart');
const tables = model.blocks.filter((b): b is TableBlock => b.kind === 'table');

/** Pixels that are not white. */
function inked(svg: string, fontFiles: string[]): number {
  const img = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Noto Sans CJK SC' },
    background: '#ffffff',
  }).render();
  const px = img.pixels;
  let n = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i]! < 200 || px[i + 1]! < 200 || px[i + 2]! < 200) n++;
  return n;
}

describe('charts', () => {
  it('draws the three charts of the issue: execution vs schedule, budget composition, scores by level 2', () => {
    assert.deepEqual(
      charts.map((c) => c.id),
      ['budget-composition', 'execution', 'scores'],
    );
    const execution = charts.find((c) => c.id === 'execution')!;
    assert.deepEqual(execution.spec.series[0]!.labels, ['65.32%', '70.81%', '77.73%', '96.90%']);
    assert.deepEqual(execution.spec.series[1]!.values, ['25', '50', '75', '100']);
  });

  it('puts every Chinese label into the SVG', () => {
    for (const c of charts) {
      const svg = chartSvg(c.spec);
      for (const label of [...c.spec.categories, ...c.spec.series.map((s) => s.name)])
        assert.ok(svg.includes(label), `${c.id}: ${label}`);
    }
  });

  it('rasterises the labels with the CJK font (resvg draws no text without one)', () => {
    const c = charts.find((x) => x.id === 'execution')!;
    const svg = chartSvg(c.spec);
    const files = chartFontFiles(chartText(c.spec));
    const withText = inked(svg, files);
    const withoutText = inked(svg.replace(/<text[\s\S]*?<\/text>/g, ''), files);
    const noFont = inked(svg, []);
    assert.ok(withText - withoutText > 2000, `labels added only ${withText - withoutText} inked pixels`);
    assert.equal(
      noFont,
      withoutText,
      'without a font resvg should draw no text (the trap this guards against)',
    );
    // Only the label text decides the font: a rare character brings in the full system collection.
    assert.equal(chartFontFiles('一季度预算执行率').length, 1);
    const png = chartPng(c.spec);
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  });
});

describe('charts drawn in a worker thread (the library default)', () => {
  it('give the same PNG bytes as drawing in this thread', async () => {
    clearChartCache();
    const inline = charts.map((c) => chartPng(c.spec));
    clearChartCache();
    const isolated = await chartPngsIsolated(charts.map((c) => ({ spec: c.spec })));
    assert.equal(isolated.length, 3);
    isolated.forEach((png, i) => assert.ok(png.equals(inline[i]!), charts[i]!.id));
  });
});

describe('HTML', () => {
  const html = renderHtml(model);

  it('is one self-contained, printable page', () => {
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /@page \{ size: A4; margin: 37mm 26mm 35mm 28mm; \}/);
    assert.match(html, /thead \{ display: table-header-group; \}/);
    assert.doesNotMatch(html, /<link |<script|src="http|url\(http|@import/);
    assert.equal((html.match(/<svg/g) ?? []).length, 3);
  });

  it('holds the same tables, numbers and figures as the model, with real merged cells', () => {
    for (const t of tables) assert.ok(html.includes(`${t.number} ${t.title}`), t.number);
    assert.match(html, /rowspan="\d+"/);
    assert.match(html, /colspan="\d+"/);
    assert.match(html, /<td class="center bold">93\.96<\/td>/);
    assert.match(html, /<span class="placeholder">【待填写：/);
    assert.ok(html.includes('编外人员控制率未得满分'));
  });
});

describe('Markdown', () => {
  const md = renderMarkdown(model);

  it('has the headings, tables and charts of the model', () => {
    assert.match(md, /^# 2023年度部门整体绩效自评报告/);
    assert.match(md, /^## 一、部门基本情况$/m);
    assert.match(md, /^#### 1\. 存在问题$/m);
    for (const t of tables) assert.ok(md.includes(`${t.number} ${t.title}`), t.number);
    // A table without merges is a pipe table; one with merges is HTML.
    assert.match(md, /^\| 人员经费 \| 523\.07 \| -108\.60 \| 414\.47 \| -20\.76% \|$/m);
    assert.match(md, /<td colspan="8" class="center bold">综合评分<\/td>/);
    assert.equal((md.match(/!\[图 \d+-\d+ [^\]]+\]\(data:image\/svg\+xml;base64,/g) ?? []).length, 3);
    assert.match(md, /\*\*【待填写：针对“编外人员控制率”扣分的改进措施】\*\*/);
  });

  it('links chart files when asked', () => {
    const linked = renderMarkdown(model, { chartLink: (c) => `charts/${c.id}.svg` });
    assert.match(linked, /\]\(charts\/execution\.svg\)/);
  });
});

describe('jixiao report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-report-cli-'));
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
  };

  it('writes the .docx and lists every placeholder with where it goes', async () => {
    const c = capture();
    const file = join(dir, 'seed.docx');
    const code = await main(['report', 'examples/futian-zonggonghui-2023.yaml', '-o', file], c.io);
    assert.equal(code, 0, c.err.join('\n'));
    assert.equal(readFileSync(file).subarray(0, 2).toString(), 'PK');
    const out = c.out.join('\n');
    assert.match(out, /已生成自评报告：.*seed\.docx（docx）/);
    assert.match(out, /自评得分 93\.96（优），失分指标 4 项/);
    // The example has every narrative block; the one measure the seed never wrote (编外人员控制率) is missing.
    assert.match(out, /待填写（1 处/);
    assert.match(out, /measures\.extra-staff-control/);
    assert.doesNotMatch(out, /narrative\.budgetResponsibilities/);
  });

  it('takes the format from -o or --format, and --strict fails while placeholders remain', async () => {
    const c = capture();
    const html = join(dir, 'seed.html');
    assert.equal(
      await main(['report', 'examples/futian-zonggonghui-2023.yaml', '-o', html, '--strict'], c.io),
      1,
    );
    assert.match(readFileSync(html, 'utf8'), /^<!DOCTYPE html>/);
    const md = join(dir, 'seed.report');
    assert.equal(
      await main(
        ['report', 'examples/futian-zonggonghui-2023.yaml', '-o', md, '--format', 'md'],
        capture().io,
      ),
      0,
    );
    assert.match(readFileSync(md, 'utf8'), /^# 2023年度/);
  });

  it('rejects a bad --format and a bad dataset with exit 2 and a Chinese message', async () => {
    const c = capture();
    assert.equal(await main(['report', 'examples/futian-zonggonghui-2023.yaml', '--format', 'odt'], c.io), 2);
    assert.match(c.err.join('\n'), /--format 应为 docx、html、md、pdf 之一，收到“odt”/);
    const d = capture();
    const out = join(dir, 'never.docx');
    assert.equal(await main(['report', 'test/fixtures/report/two-level.yaml', '-o', out], d.io), 2);
    assert.ok(!existsSync(out));
  });
});
