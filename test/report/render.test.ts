/**
 * Charts (Chinese labels really drawn), the HTML and Markdown renderers from the same model, and the
 * `jixiao report` command (writes the file, lists placeholders, formats, bad input).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { crc32, inflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import { main } from '../../src/cli/main.ts';
import { cutFont, dropCutFont } from '../../src/report/charts/font.ts';
import { encodePng } from '../../src/report/charts/png.ts';
import { stopChartThread, useChartThread } from '../../src/report/charts/thread.ts';
import {
  beginChartPngs,
  chartFontFiles,
  chartPng,
  chartPngs,
  drawChartPngs,
  chartSvg,
  chartText,
  clearChartCache,
  svgChars,
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
function drawn(svg: string, fontFiles: string[]): Buffer {
  return new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Noto Sans CJK SC' },
    background: '#ffffff',
  }).render().pixels;
}

/** Pixels that differ between two drawings of the same size (labels may be white on a bar). */
function changed(a: Buffer, b: Buffer): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4)
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
  return n;
}

function inked(svg: string, fontFiles: string[]): number {
  const px = drawn(svg, fontFiles);
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

  it('prints no character beyond ASCII that chartText does not name (the cut font is made from it)', () => {
    const rare = { ...charts[0]!.spec, categories: ['龘（生僻字）', ...charts[0]!.spec.categories.slice(1)] };
    for (const spec of [...charts.map((c) => c.spec), rare]) {
      const named = new Set(chartText(spec));
      const printed = svgChars(chartSvg(spec));
      assert.ok(printed.length > 10);
      assert.deepEqual(
        printed.filter((ch) => !named.has(ch)),
        [],
      );
    }
  });

  it('puts every Chinese label into the SVG', () => {
    for (const c of charts) {
      const svg = chartSvg(c.spec);
      for (const label of [...c.spec.categories, ...c.spec.series.map((s) => s.name)])
        assert.ok(svg.includes(label), `${c.id}: ${label}`);
    }
  });

  it('rasterises the labels with the CJK font (resvg draws no text without one)', async () => {
    const c = charts.find((x) => x.id === 'execution')!;
    const svg = chartSvg(c.spec);
    const files = chartFontFiles(chartText(c.spec));
    const withText = inked(svg, files);
    const withoutText = inked(svg.replace(/<text[\s\S]*?<\/text>/g, ''), files);
    const noFont = inked(svg, []);
    const added = changed(drawn(svg, files), drawn(svg.replace(/<text[\s\S]*?<\/text>/g, ''), files));
    assert.ok(withText > 0 && added > 2000, `labels changed only ${added} pixels`);
    assert.equal(
      noFont,
      withoutText,
      'without a font resvg should draw no text (the trap this guards against)',
    );
    // Only the label text decides the font: a rare character brings in the full system collection.
    assert.equal(chartFontFiles('一季度预算执行率').length, 1);
    const png = await chartPng(c.spec);
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  });
});

/** The pixels of a PNG, decoded by resvg (an <image> drawn at its own size). */
function decodePng(png: Buffer, width: number, height: number): Buffer {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return new Resvg(svg).render().pixels;
}

describe('charts as PNG (cut-down font, rasterised on the thread pool)', () => {
  it('have the same pixels as resvg drawing the SVG with the whole shipped font', async () => {
    clearChartCache();
    const pngs = await chartPngs(charts.map((c) => ({ spec: c.spec })));
    assert.equal(pngs.length, 3);
    for (const [i, c] of charts.entries()) {
      const whole = new Resvg(chartSvg(c.spec), {
        font: {
          loadSystemFonts: false,
          fontFiles: chartFontFiles(chartText(c.spec)),
          defaultFontFamily: 'Noto Sans CJK SC',
        },
        fitTo: { mode: 'width', value: 960 },
        background: '#ffffff',
      }).render();
      assert.equal(pngs[i]!.readUInt32BE(16), 960, c.id);
      assert.equal(pngs[i]!.readUInt32BE(20), whole.height, c.id);
      assert.ok(decodePng(pngs[i]!, 960, whole.height).equals(whole.pixels), `${c.id}: pixels differ`);
    }
  });

  it('cut the shipped font down to the characters asked for, in a file given back afterwards', async () => {
    const [shipped] = chartFontFiles('预算');
    const file = await cutFont(shipped!, ' 0123456789%一二三四季度预算执行率');
    const size = readFileSync(file).length;
    assert.ok(size < 40_000, `cut font is ${size} bytes`);
    assert.ok(readFileSync(shipped!).length > 2_000_000);
    // It draws those characters: the label inks as many pixels as with the whole font.
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">' +
      '<text x="4" y="28" font-size="20" font-family="Noto Sans CJK SC">一季度预算执行率 96%</text></svg>';
    assert.equal(inked(svg, [file]), inked(svg, [shipped!]));
    assert.ok(inked(svg, [file]) > 300);
    dropCutFont(file);
    assert.ok(!existsSync(file));
  });

  it('draw a label outside the shipped font with the system collection, as the whole fonts do', async () => {
    const rare = { ...charts[0]!.spec, categories: ['龘（生僻字）', ...charts[0]!.spec.categories.slice(1)] };
    const fonts = chartFontFiles(chartText(rare));
    assert.equal(fonts.length, 2);
    clearChartCache();
    const [png] = await chartPngs([{ spec: rare }]);
    const whole = new Resvg(chartSvg(rare), {
      font: { loadSystemFonts: false, fontFiles: fonts, defaultFontFamily: 'Noto Sans CJK SC' },
      fitTo: { mode: 'width', value: 960 },
      background: '#ffffff',
    }).render();
    assert.ok(decodePng(png!, 960, whole.height).equals(whole.pixels));
    // …and 龘 is drawn: the same chart without it has fewer inked pixels.
    const without = { ...rare, categories: ['（生僻字）', ...rare.categories.slice(1)] };
    assert.ok(inked(chartSvg(rare), fonts) > inked(chartSvg(without), fonts) + 50);
  });

  it('come back complete when one call draws more charts than the cache holds (48)', async () => {
    clearChartCache();
    const many = Array.from({ length: 50 }, (_, i) => ({
      spec: { ...charts[1]!.spec, series: [{ ...charts[1]!.spec.series[0]!, labels: [`${i}`, '', '', ''] }] },
    }));
    const pngs = await chartPngs(many);
    assert.equal(pngs.length, 50);
    assert.ok(pngs.every((p) => Buffer.isBuffer(p) && p.readUInt32BE(16) === 960));
    assert.equal(new Set(pngs.map((p) => p.toString('base64'))).size, 50);
  });

  it('are drawn by the chart thread, and a thread that ends mid-job fails that job only', async () => {
    assert.ok(useChartThread(), 'the main thread draws through the chart thread');
    clearChartCache();
    const drawing = await beginChartPngs([{ spec: charts[0]!.spec, title: '中途结束' }]);
    await stopChartThread();
    await assert.rejects(drawing.done, /图表线程意外退出/);
    // The next charts start another thread.
    const [again] = await chartPngs([{ spec: charts[0]!.spec, title: '中途结束' }]);
    assert.deepEqual([...again!.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const here = await drawChartPngs([{ spec: charts[0]!.spec, title: '中途结束' }]);
    assert.ok(here[0]!.equals(again!), 'the chart thread draws what this thread draws');
  });

  for (const [where, env] of [
    ['in the chart thread', '1'],
    ['in the thread that asks (a batch worker)', '0'],
  ] as const)
    it(`give their memory back ${where}: resvg images are freed by the garbage collector`, () => {
      // 120 renders would hold ≈ 250 MB if resvg's pixmaps (2 MB each) were never freed. With
      // --expose-gc the chart thread collects after each job, as this script does after each call.
      const script = [
        "import { chartPngs, clearChartCache } from './src/report/charts/render.ts';",
        "import { buildReportModel } from './src/report/model/build.ts';",
        "import { seedInputs } from './test/report/helpers.ts';",
        'const { dataset, framework } = seedInputs();',
        "const specs = buildReportModel(dataset, framework).blocks.filter((b) => b.kind === 'chart').map((b) => ({ spec: b.spec }));",
        'const rss = () => process.memoryUsage().rss / 1048576;',
        'const settle = () => new Promise((r) => setTimeout(r, 20));',
        'clearChartCache(); await chartPngs(specs); await settle(); gc();',
        'const before = rss();',
        'for (let i = 0; i < 40; i++) { clearChartCache(); await chartPngs(specs); await settle(); gc(); }',
        'console.log(JSON.stringify({ before, after: rss() }));',
      ].join('\n');
      const r = spawnSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
        { encoding: 'utf8', timeout: 120_000, env: { ...process.env, JIXIAO_CHART_THREAD: env } },
      );
      assert.equal(r.status, 0, r.stderr);
      const { before, after } = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
        before: number;
        after: number;
      };
      assert.ok(after - before < 80, `RSS grew ${Math.round(after - before)} MB over 120 charts`);
    });
});

describe('PNG encoder', () => {
  // 3 × 2 pixels: red, green, blue / white, black, grey, all opaque.
  const px = Buffer.from([
    255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255,
  ]);

  it('writes signature, IHDR, IDAT and IEND with valid CRCs, rows unfiltered', async () => {
    const png = await encodePng(px, 3, 2);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks: { type: string; data: Buffer }[] = [];
    for (let at = 8; at < png.length;) {
      const len = png.readUInt32BE(at);
      const type = png.subarray(at + 4, at + 8).toString('latin1');
      const data = png.subarray(at + 8, at + 8 + len);
      assert.equal(png.readUInt32BE(at + 8 + len), crc32(png.subarray(at + 4, at + 8 + len)), type);
      chunks.push({ type, data });
      at += 12 + len;
    }
    assert.deepEqual(
      chunks.map((c) => c.type),
      ['IHDR', 'IDAT', 'IEND'],
    );
    const ihdr = chunks[0]!.data;
    assert.deepEqual(
      [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ...ihdr.subarray(8)],
      [3, 2, 8, 6, 0, 0, 0],
    );
    const rows = inflateSync(chunks[1]!.data);
    assert.deepEqual([rows[0], rows[13]], [0, 0]);
    assert.ok(Buffer.concat([rows.subarray(1, 13), rows.subarray(14)]).equals(px));
  });

  it('is decoded back to the same pixels, and refuses pixels that do not fit the size', async () => {
    assert.ok(decodePng(await encodePng(px, 3, 2), 3, 2).equals(px));
    await assert.rejects(encodePng(px, 4, 2), /像素数与图像尺寸不符/);
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

  it('writes user text literally: a department name cannot add markup, HTML or a line of its own', () => {
    const name = '<img src=x onerror=alert(1)> **总工会** [链接](http://x) |表|\n# 注入标题\n- 列表';
    const hostile = renderMarkdown(
      buildReportModel({ ...dataset, department: { ...dataset.department, name } }, framework),
    );
    const line = hostile.split('\n').find((l) => l.startsWith('部门名称（公章）：'))!;
    assert.equal(
      line,
      '部门名称（公章）：\\<img src=x onerror=alert(1)\\> \\*\\*总工会\\*\\* \\[链接\\](http://x) \\|表\\| # 注入标题 - 列表',
    );
    assert.doesNotMatch(hostile, /^# 注入标题/m);
    assert.doesNotMatch(hostile, /(?<!\\)<img/);
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
