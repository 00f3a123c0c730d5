/**
 * A dataset with no narrative, and a framework with a different tree, still give a complete, valid
 * report with visible, listed placeholders; and a golden test on the normalised word/document.xml
 * (UPDATE_GOLDEN=1 rewrites it after a deliberate change — review the diff).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { score } from '../../src/core/score.ts';
import { buildReportModel } from '../../src/report/model/build.ts';
import type { ReportModel, TableBlock } from '../../src/report/model/types.ts';
import { renderDocx } from '../../src/report/render/docx.ts';
import { docxBody, fixtureInputs, readZip, tableAfter } from './helpers.ts';

const MINIMAL = 'test/fixtures/report/minimal.yaml';
const TWO_LEVEL = 'test/fixtures/report/two-level.yaml';
const GOLDEN = 'test/golden/report-minimal-two-level.document.xml';

const CHAPTERS = [
  '一、部门基本情况',
  '二、部门（单位）主要履职绩效分析',
  '三、总体评价和整改措施',
  '四、部门整体支出绩效评价指标评分情况',
];

function tables(model: ReportModel): TableBlock[] {
  return model.blocks.filter((b): b is TableBlock => b.kind === 'table');
}

/** Stable across runs and machines: drawing ids and image relationship ids are renumbered. */
export function normalise(documentXml: string): string {
  return documentXml
    .replace(/<wp:docPr id="\d+"/g, '<wp:docPr id="N"')
    .replace(/r:embed="[^"]+"/g, 'r:embed="IMAGE"')
    .replace(/></g, '>\n<');
}

for (const [label, frameworkRef] of [
  ['the Futian framework', 'futian-2023'],
  ['a two-level framework', TWO_LEVEL],
] as const) {
  describe(`a dataset with no narrative, scored with ${label}`, () => {
    const { dataset, framework } = fixtureInputs(MINIMAL, frameworkRef);
    const result = score(dataset, framework);
    const model = buildReportModel(dataset, framework, result);

    it('has all four chapters and the 附表 with the total', () => {
      const headings = model.blocks
        .filter((b) => b.kind === 'heading' && b.level === 1)
        .map((b) => (b.kind === 'heading' ? b.text : ''));
      assert.deepEqual(headings, CHAPTERS);
      const appendix = tables(model).find((t) => t.number === '附表')!;
      assert.equal(appendix.rows.at(-1)!.at(-1)!.text, result.total);
    });

    it('shows every missing text as a visible placeholder and lists it', () => {
      const keys = model.placeholders.map((p) => p.key);
      for (const k of [
        'functions',
        'narrative.goals',
        'narrative.experience',
        'narrative.plans',
        'targets[2].actual',
      ])
        assert.ok(keys.includes(k), k);
      // Every point lost has its measure placeholder.
      for (const p of result.problems) assert.ok(keys.includes(`measures.${p.code}`), p.code);
      const visible = model.blocks
        .flatMap((b) =>
          b.kind === 'paragraph'
            ? b.runs.filter((r) => r.placeholder).map((r) => r.text)
            : b.kind === 'table'
              ? [...b.header, ...b.rows]
                  .flat()
                  .filter((c) => c.placeholder)
                  .map((c) => c.text)
              : [],
        )
        .filter((t) => t.startsWith('【待填写：'));
      assert.equal(visible.length, model.placeholders.length);
      for (const p of model.placeholders) assert.ok(p.section.length > 0, p.key);
    });

    it('numbers its tables uniquely and in order', () => {
      const numbers = tables(model).map((t) => t.number);
      assert.equal(new Set(numbers).size, numbers.length);
      const order = numbers
        .filter((n) => n !== '附表')
        .map((n) => n.replace('表 ', '').split('-').map(Number));
      for (let i = 1; i < order.length; i++) {
        const [c0, n0] = order[i - 1]!;
        const [c1, n1] = order[i]!;
        assert.ok(c1! > c0! ? n1 === 1 : c1 === c0 && n1 === n0! + 1, `${numbers[i - 1]} → ${numbers[i]}`);
      }
    });

    it('states computed figures from this dataset, not the seed’s', () => {
      const text = model.blocks
        .map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : ''))
        .join('\n');
      assert.match(text, /年初预算收入500\.00万元/);
      assert.match(text, /未作调整/);
      assert.match(text, /未完成1项：“建设测试平台”（供应商延期交付）/);
      assert.match(text, /“三公”经费控制率为86\.67%/); // 2.60 / 3.00
      assert.match(text, /固定资产利用率80\.00%/);
      assert.doesNotMatch(text, /3,184\.70|93\.96/);
    });

    it('renders a valid .docx whose text shows the placeholders', async () => {
      const files = readZip(await renderDocx(model));
      const xml = files.get('word/document.xml')!.toString('utf8');
      assert.ok(files.has('word/styles.xml') && files.has('[Content_Types].xml'));
      const items = docxBody(xml);
      const text = items.map((i) => (i.kind === 'p' ? i.text : i.rows.flat().join(' '))).join('\n');
      assert.equal((text.match(/【待填写：/g) ?? []).length, model.placeholders.length);
      assert.equal(tableAfter(items, '附表').rows.at(-1)!.at(-1), result.total);
    });
  });
}

describe('a two-level framework', () => {
  const { dataset, framework } = fixtureInputs(MINIMAL, TWO_LEVEL);
  const model = buildReportModel(dataset, framework);
  const appendix = tables(model).find((t) => t.number === '附表')!;

  it('prints the 附表 with two levels; a level-1 leaf spans the level-2 columns', () => {
    assert.deepEqual(
      appendix.header[1]!.map((c) => c.text),
      ['一级指标', '二级指标'],
    );
    const leafRow = appendix.rows.find((r) => r[0]!.text === '全年预算执行率')!;
    assert.equal(leafRow[0]!.colSpan, 3);
    const branch = appendix.rows.find((r) => r[0]!.text === '管理')!;
    assert.equal(branch[0]!.rowSpan, 3);
    assert.equal(appendix.columns.length, 2 * 2 + 3);
  });

  it('drops the quarter-score columns of 表 2-2 when the framework has no schedule rule', () => {
    const execution = tables(model).find((t) => t.id === 'execution')!;
    assert.deepEqual(
      execution.header[0]!.map((c) => c.text),
      ['季度/全年', '累计执行数', '预算序时进度', '预算执行率'],
    );
  });

  it('matches the golden word/document.xml', async () => {
    const xml = normalise(
      readZip(await renderDocx(model))
        .get('word/document.xml')!
        .toString('utf8'),
    );
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
      writeFileSync(GOLDEN, xml);
      if (process.env.UPDATE_GOLDEN !== '1')
        assert.fail(`wrote a new golden file ${GOLDEN}; review and commit it`);
    }
    assert.equal(xml, readFileSync(GOLDEN, 'utf8'));
  });
});
