/**
 * The seed's .docx: every table of the seed with the true figures (computed here from the example's
 * components, not read from the report), the 附表 with 93.96, the 存在问题 naming all four indicators
 * that lost points, and the GB/T 9704 layout in the XML.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Decimal as BaseDecimal } from 'decimal.js';
import { buildReportModel } from '../../src/report/model/build.ts';
import { Packer } from 'docx';
import {
  buildDocxDocument,
  patchStyles,
  docxCompiler,
  renderChartImages,
  renderDocx,
} from '../../src/report/render/docx.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import { docxBody, readZip, seedInputs, tableAfter, textOf, type BodyItem } from './helpers.ts';

const D = BaseDecimal.clone({ rounding: BaseDecimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof D>;
const dec = (s: string | undefined) => new D(s ?? '0');
const sumOf = (xs: (string | undefined)[]) => xs.reduce((a: Dec, x) => a.plus(dec(x)), new D(0));
/** 3184.7 → “3,184.70” (written here, not imported from the code under test). */
const money = (x: Dec) => {
  const [i, f] = x.toFixed(2).split('.');
  const neg = i!.startsWith('-');
  const digits = neg ? i!.slice(1) : i!;
  return `${neg ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
};
const pct = (x: Dec) => `${x.times(100).toFixed(2)}%`;

let ds: Dataset;
let items: BodyItem[];
let files: Map<string, Buffer>;
let documentXml: string;
let allText: string;

before(async () => {
  const seed = seedInputs();
  ds = seed.dataset;
  const buf = await renderDocx(buildReportModel(seed.dataset, seed.framework));
  files = readZip(buf);
  documentXml = files.get('word/document.xml')!.toString('utf8');
  items = docxBody(documentXml);
  allText = items.map((i) => (i.kind === 'p' ? i.text : i.rows.flat().join(' '))).join('\n');
});

const row = (rows: string[][], first: string) => {
  const r = rows.find((x) => x[0] === first);
  assert.ok(r, `row “${first}” missing`);
  return r;
};

describe('seed .docx: tables with the true figures', () => {
  it('numbers tables uniquely and in order, chapter by chapter', () => {
    const captions = items
      .filter((i): i is { kind: 'p'; text: string } => i.kind === 'p' && /^表 \d+-\d+ /.test(i.text))
      .map((i) => i.text.split(' ')[1]!);
    assert.equal(new Set(captions).size, captions.length, `duplicate table numbers: ${captions.join(', ')}`);
    assert.deepEqual(captions, ['1-1', '1-2', '1-3', '1-4', '1-5', '1-6', '2-1', '2-2', '2-3']);
  });

  it('budget by category and year on year (seed 表 1-1)', () => {
    const { rows } = tableAfter(items, '表 1-2');
    const cats = [
      ['人员支出', 'personnel'],
      ['公用支出', 'publicOperating'],
      ['项目支出', 'project'],
    ] as const;
    for (const [label, key] of cats) {
      const now = dec(ds.budget.initial[key]);
      const prior = dec(ds.budget.priorYear![key]);
      assert.deepEqual(row(rows, label).slice(1, 4), [money(prior), money(now.minus(prior)), money(now)]);
    }
    const now = sumOf(Object.values(ds.budget.initial));
    const prior = sumOf(Object.values(ds.budget.priorYear!));
    assert.deepEqual(row(rows, '合计').slice(1, 4), [money(prior), money(now.minus(prior)), money(now)]);
    assert.equal(money(now), '3,244.00'); // the seed's table (its text says 3,224.00)
    assert.match(
      allText,
      new RegExp(`增加${money(now.minus(prior))}万元，增加${pct(now.minus(prior).div(prior))}`),
    );
  });

  it('adjustment by use (seed 表 1-2)', () => {
    const { rows } = tableAfter(items, '表 1-3');
    const net = (c: string) => sumOf(ds.adjustments.filter((a) => a.category === c).map((a) => a.amount));
    for (const [label, key] of [
      ['人员经费', 'personnel'],
      ['公用经费', 'publicOperating'],
      ['二、项目支出', 'project'],
    ] as const) {
      const init = dec(ds.budget.initial[key]);
      const n = net(key);
      assert.deepEqual(row(rows, label).slice(1), [
        money(init),
        money(n),
        money(init.plus(n)),
        pct(n.div(init)),
      ]);
    }
    const basicInit = dec(ds.budget.initial.personnel).plus(dec(ds.budget.initial.publicOperating));
    const basicNet = net('personnel').plus(net('publicOperating'));
    assert.deepEqual(row(rows, '一、基本支出').slice(1), [
      money(basicInit),
      money(basicNet),
      money(basicInit.plus(basicNet)),
      pct(basicNet.div(basicInit)),
    ]);
    const init = sumOf(Object.values(ds.budget.initial));
    const total = sumOf(ds.adjustments.map((a) => a.amount));
    assert.deepEqual(row(rows, '合计').slice(1), [
      money(init),
      money(total),
      money(init.plus(total)),
      pct(total.div(init)),
    ]);
    assert.equal(money(init.plus(total)), '3,184.70'); // the seed's adjusted total
  });

  it('performance targets and their quantified share (seed 表 1-3, 表 1-4)', () => {
    const targets = tableAfter(items, '表 1-4').rows;
    for (const t of ds.targets)
      assert.ok(
        targets.some((r) => r.includes(t.name) && r.includes(t.target)),
        t.name,
      );
    const share = tableAfter(items, '表 1-5').rows;
    // The seed's 表 1-4: total / quantitative per category.
    const seed: [string, number, number][] = [
      ['数量指标', 12, 12],
      ['质量指标', 6, 6],
      ['时效指标', 6, 5],
      ['成本指标', 2, 2],
      ['社会效益指标', 5, 5],
      ['满意度指标', 3, 3],
      ['合计', 34, 33],
    ];
    for (const [c, n, q] of seed) {
      assert.deepEqual(row(share, c).slice(1), [String(n), String(q), pct(new D(q).div(n))]);
    }
    assert.equal(row(share, '合计')[3], '97.06%');
  });

  it('fixed assets (seed 表 1-5)', () => {
    const { rows } = tableAfter(items, '表 1-6');
    const fixed = ds.assets.fixed;
    const n = fixed.reduce((a, c) => a + c.count, 0);
    const orig = sumOf(fixed.map((c) => c.originalValue));
    const inUse = sumOf(fixed.map((c) => c.inUseValue));
    assert.deepEqual(row(rows, '一、固定资产').slice(1), [
      String(n),
      money(orig),
      money(inUse),
      pct(inUse.div(orig)),
    ]);
    for (const c of fixed) {
      const r = rows.find((x) => x[0]!.endsWith(c.name))!;
      assert.deepEqual(r.slice(1), [
        String(c.count),
        money(dec(c.originalValue)),
        money(dec(c.inUseValue)),
        '100.00%',
      ]);
    }
    assert.deepEqual(row(rows, '其中：车辆').slice(1, 3), ['1', '23.80']);
    const intangible = sumOf(ds.assets.intangible.map((c) => c.originalValue));
    assert.deepEqual(row(rows, '合计').slice(1, 3), [
      String(n + ds.assets.intangible.reduce((a, c) => a + c.count, 0)),
      money(orig.plus(intangible)),
    ]);
    assert.equal(money(orig.plus(intangible)), '108.91');
  });

  it('“三公” and public operating costs (seed 表 2-1), with the true 日常公用经费 rate', () => {
    const { rows } = tableAfter(items, '表 2-1');
    const b = ds.threePublicCosts.budget;
    const a = ds.threePublicCosts.actual;
    const budget = sumOf(Object.values(b));
    const actual = sumOf(Object.values(a));
    assert.deepEqual(row(rows, '一、“三公”经费').slice(1), [
      money(budget),
      money(budget),
      money(actual),
      pct(actual.div(budget)),
    ]);
    assert.equal(pct(actual.div(budget)), '93.37%');
    assert.deepEqual(row(rows, '公务接待费').slice(1), [
      '0.40',
      '0.40',
      '0.30',
      pct(dec(a.reception).div(dec(b.reception))),
    ]);
    assert.deepEqual(row(rows, '公务用车运行维护费').slice(4), [
      pct(dec(a.vehicleOperation).div(dec(b.vehicleOperation))),
    ]);
    assert.deepEqual(row(rows, '因公出国（境）费').slice(1), ['—', '—', '—', '—']);
    const daily = ds.dailyOperating;
    const rate = dec(daily.actual).div(dec(daily.adjustedBudget));
    assert.deepEqual(row(rows, '二、日常公用经费').slice(1), [
      money(dec(daily.initialBudget)),
      money(dec(daily.adjustedBudget)),
      money(dec(daily.actual)),
      pct(rate),
    ]);
    assert.equal(pct(rate), '80.83%'); // 29.81 / 36.88; the seed printed 80.85%
  });

  it('quarterly execution (seed 表 2-2) with the seed’s quarter scores 1, 1, 1, 0.97, 1.99, 5.96', () => {
    const { rows } = tableAfter(items, '表 2-2');
    const adjusted = sumOf(Object.values(ds.budget.initial)).plus(sumOf(ds.adjustments.map((a) => a.amount)));
    const scores = ['1', '1', '1', '0.97'];
    ['一季度', '二季度', '三季度', '四季度'].forEach((q, i) => {
      const cum = dec(ds.execution.quarterlyCumulative[i]);
      const schedule = adjusted.times(new D(i + 1).div(4));
      assert.deepEqual(row(rows, q).slice(1), [
        money(cum),
        money(schedule),
        pct(cum.div(adjusted)),
        scores[i]!,
      ]);
    });
    assert.deepEqual(row(rows, '全年平均执行率得分').slice(1), ['1.99']);
    assert.deepEqual(row(rows, '总分').slice(1), ['5.96']);
    assert.equal(row(rows, '一季度')[2], '796.18');
  });

  it('outcome indicators (seed 表 2-3)', () => {
    const { rows } = tableAfter(items, '表 2-3');
    const outcomes = ds.targets.filter((t) => t.category === '社会效益指标');
    assert.equal(rows.length - 1, outcomes.length);
    for (const t of outcomes)
      assert.ok(
        rows.some((r) => r.includes(t.name) && r.includes(t.actual!)),
        t.name,
      );
  });

  it('prints the 附表 from the framework with merged level-1/2 cells and 93.96', () => {
    const { title, rows } = tableAfter(items, '附表');
    assert.match(title, /评分表/);
    assert.deepEqual(row(rows, '综合评分').slice(1), ['93.96']);
    for (const [name, score] of [
      ['编外人员控制率', '0.00'],
      ['公用经费控制率', '5.00'],
      ['预算执行率', '5.96'],
      ['公众或服务对象满意度', '2.00'],
      ['社会效益、经济效益、生态效益等', '25.00'],
    ] as const) {
      const r = rows.find((x) => x.includes(name));
      assert.ok(r, name);
      assert.equal(r.at(-1), score, name);
    }
    assert.equal(
      rows.filter((r) => /^\d+\.\d\d$/.test(r.at(-1)!)).length,
      21 + 1,
      '21 indicators and the total',
    );
    // Level-1 names appear once each (merged down), as in the seed.
    for (const l1 of ['部门决策', '部门管理', '部门绩效'])
      assert.equal(rows.filter((r) => r.includes(l1)).length, 1, l1);
    const restarts = (documentXml.match(/<w:vMerge w:val="restart"\/>/g) ?? []).length;
    assert.ok(restarts >= 3 + 11, `expected merged level-1/2 cells, got ${restarts} vMerge restarts`);
  });

  it('存在问题 names all four indicators that lost points, each with its figure and points', () => {
    const start = items.findIndex((i) => i.kind === 'p' && i.text === '1. 存在问题');
    const end = items.findIndex((i) => i.kind === 'p' && i.text === '2. 改进措施');
    assert.ok(start > 0 && end > start);
    const section = items
      .slice(start, end)
      .map((i) => (i.kind === 'p' ? i.text : ''))
      .join('\n');
    for (const [name, figure, lost] of [
      ['编外人员控制率', '74.19%', '1.00'],
      ['公用经费控制率', '93.37%', '1.00'],
      ['预算执行率', '96.90%', '0.04'],
      ['公众或服务对象满意度', '86.52', '4.00'],
    ] as const) {
      assert.match(section, new RegExp(`${name}未得满分`), name);
      assert.match(
        section,
        new RegExp(`${name}（[^）]*）自评得分[\\d.]+分，扣${lost.replace('.', '\\.')}分`),
        name,
      );
      assert.ok(section.includes(figure), `${name}: ${figure}`);
    }
    assert.match(section, /共有4项指标未得满分，合计扣6\.04分/);
  });

  it('pairs each problem with the user’s measure or a visible placeholder', () => {
    assert.match(allText, /【待填写：针对“编外人员控制率”扣分的改进措施】/);
    assert.ok(allText.includes(ds.measures['satisfaction']![0]!.slice(0, 30)));
  });
});

describe('seed .docx: GB/T 9704 layout', () => {
  it('is A4 with margins 37/35/28/26 mm, the appendix on a landscape page', () => {
    const sizes = [...documentXml.matchAll(/<w:pgSz ([^>]*)\/>/g)].map((m) => m[1]!);
    assert.match(sizes[0]!, /w:w="11906" w:h="16838"/);
    assert.match(sizes[1]!, /w:w="16838" w:h="11906" w:orient="landscape"/);
    const mar = documentXml.match(/<w:pgMar ([^>]*)\/>/)![1]!;
    const attr = (n: string) => Number(mar.match(new RegExp(`w:${n}="(\\d+)"`))![1]);
    const mm = (tw: number) => Math.round((tw / 1440) * 25.4);
    assert.deepEqual(
      [mm(attr('top')), mm(attr('bottom')), mm(attr('left')), mm(attr('right'))],
      [37, 35, 28, 26],
    );
  });

  it('sets the eastAsia font in the defaults and every paragraph style; body 仿宋 16 pt, title 小标宋 22 pt', () => {
    const styles = files.get('word/styles.xml')!.toString('utf8');
    const defaults = styles.match(/<w:docDefaults>[\s\S]*?<\/w:docDefaults>/)![0];
    assert.match(defaults, /w:eastAsia="仿宋_GB2312"/);
    assert.match(defaults, /<w:sz w:val="32"\/>/);
    const paragraphStyles = [
      ...styles.matchAll(/<w:style w:type="paragraph"[^>]*w:styleId="([^"]+)"[\s\S]*?<\/w:style>/g),
    ];
    const ours = paragraphStyles.filter((m) =>
      [
        'Title',
        'Heading1',
        'Heading2',
        'Heading3',
        'Heading4',
        'Body',
        'Caption',
        'TableText',
        'TableHead',
      ].includes(m[1]!),
    );
    assert.equal(ours.length, 9);
    for (const m of ours) assert.match(m[0], /w:eastAsia="[^"]+"/, `style ${m[1]} has no eastAsia font`);
    const style = (id: string) => ours.find((m) => m[1] === id)![0];
    assert.match(style('Title'), /w:eastAsia="方正小标宋简体"[\s\S]*<w:sz w:val="44"\/>/);
    assert.match(style('Heading1'), /w:eastAsia="黑体"/);
    assert.match(style('Heading2'), /w:eastAsia="楷体_GB2312"/);
    assert.match(style('Body'), /w:eastAsia="仿宋_GB2312"[\s\S]*<w:sz w:val="32"\/>/);
  });

  it('numbers pages “— 1 —”, odd right and even left, with different odd and even footers', () => {
    assert.match(files.get('word/settings.xml')!.toString('utf8'), /<w:evenAndOddHeaders\/>/);
    const footers = [...files.keys()]
      .filter((k) => /^word\/footer\d+\.xml$/.test(k))
      .map((k) => files.get(k)!.toString('utf8'));
    assert.ok(footers.length >= 2);
    for (const f of footers) {
      assert.match(f, /PAGE/);
      assert.match(textOf(f), /^— .*—$/);
    }
    assert.ok(footers.some((f) => /<w:jc w:val="right"\/>/.test(f)));
    assert.ok(footers.some((f) => /<w:jc w:val="left"\/>/.test(f)));
    assert.match(documentXml, /<w:footerReference w:type="even"/);
  });

  it('gives tables fixed column widths and repeated header rows', () => {
    const tables = [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]!);
    assert.equal(tables.length, 10);
    for (const t of tables) {
      assert.match(t, /<w:tblLayout w:type="fixed"\/>/);
      assert.match(t, /<w:gridCol w:w="\d+"\/>/);
      assert.match(t, /<w:tblHeader\/>/);
    }
  });

  it('embeds the three charts as PNG', () => {
    const media = [...files.keys()].filter((k) => k.startsWith('word/media/'));
    assert.equal(media.length, 3);
    for (const k of media) assert.deepEqual([...files.get(k)!.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    for (const n of ['图 1-1', '图 2-1', '图 4-1'])
      assert.ok(
        items.some((i) => i.kind === 'p' && i.text.startsWith(n + ' ')),
        n,
      );
  });
});

describe('seed .docx: packing', () => {
  const seed = seedInputs();
  const model = buildReportModel(seed.dataset, seed.framework);
  let images: Awaited<ReturnType<typeof renderChartImages>>;
  let packed: Map<string, Buffer>;
  before(async () => {
    images = await renderChartImages(model);
    packed = readZip(await Packer.toBuffer(buildDocxDocument(model, images)));
    // renderDocx adds to styles.xml what docx cannot write (patchStyles): so does the reference.
    packed.set('word/styles.xml', Buffer.from(patchStyles(packed.get('word/styles.xml')!.toString('utf8'))));
  });

  /** The same entries in the same order with the same bytes, but for what may differ between runs. */
  const assertSamePackage = (ours: Map<string, Buffer>, theirs: Map<string, Buffer>) => {
    assert.deepEqual([...ours.keys()], [...theirs.keys()]);
    // Allowed to differ: the creation and modification times, and drawing ids (docx counts them per process).
    const normal = (b: Buffer) =>
      b
        .toString('latin1')
        .replace(/<dcterms:(created|modified)[^>]*>[^<]*</g, '')
        .replace(/<wp:docPr id="\d+"/g, '<wp:docPr id=""');
    for (const [name, data] of theirs) {
      const [a, b] = [normal(ours.get(name)!), normal(data)];
      let at = 0;
      while (at < a.length && a[at] === b[at]) at++;
      assert.ok(a === b, `${name} differs at ${at}: ${a.slice(at, at + 80)} ≠ ${b.slice(at, at + 80)}`);
    }
  };

  it('is the package docx’s Packer writes for the same tree, each chart’s PNG where its placeholder was', () => {
    // renderDocx compiles with docx’s own compiler (not exported) while the charts are drawn.
    assert.doesNotThrow(docxCompiler, 'docx no longer has Packer.compiler: renderDocx must change with it');
    assertSamePackage(files, packed);
    const pngs = [...images.values()].map((png) => Buffer.from(png).toString('base64'));
    const media = [...files.keys()].filter((k) => k.startsWith('word/media/'));
    assert.deepEqual(
      media.map((k) => files.get(k)!.toString('base64')),
      pngs,
    );
  });
});
