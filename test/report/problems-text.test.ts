/**
 * 存在问题 reads as a report, not a scoring log (issue 15): for each indicator that lost points, two or
 * three sentences — the points lost, then what fell short and why — with each figure once, no nested
 * quotation marks, and the scoring rule left to the 附表.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { score } from '../../src/core/score.ts';
import { buildReportModel } from '../../src/report/model/build.ts';
import { seedInputs } from './helpers.ts';

describe('the seed report’s text (存在问题, table lead-ins, 表 1-1)', () => {
  const { dataset, framework } = seedInputs();
  const result = score(dataset, framework);
  const model = buildReportModel(dataset, framework, result);
  const texts = model.blocks.map((b) =>
    b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.kind === 'heading' ? b.text : '',
  );
  const start = texts.indexOf('1. 存在问题');
  const end = texts.indexOf('2. 改进措施');
  const section = texts.slice(start + 1, end).filter(Boolean);

  it('writes each problem in two or three sentences, each figure once, no nested quotes, no rule', () => {
    assert.ok(start > 0 && end > start);
    assert.equal(result.problems.length, 4);
    for (const p of result.problems) {
      const i = section.indexOf(`（${result.problems.indexOf(p) + 1}）${p.name}未得满分`);
      assert.ok(i >= 0, p.name);
      const text = section[i + 1]!;
      assert.ok(!section[i + 2] || section[i + 2]!.startsWith('（'), `${p.name}: one paragraph only`);
      const sentences = text.split('。').filter(Boolean).length;
      assert.ok(sentences >= 2 && sentences <= 3, `${p.name}: ${sentences} sentences: ${text}`);
      assert.ok(text.includes(`扣${p.lost}分`), text);
      for (const f of p.figures) {
        const n = text.split(f.value).length - 1;
        assert.ok(n <= 1, `${f.value} appears ${n} times: ${text}`);
      }
      assert.doesNotMatch(text, /“[^”]*“/, `nested quotes: ${text}`);
      assert.doesNotMatch(text, /评分标准：|×100%/, `the rule is pasted: ${text}`);
    }
    assert.ok(!section.some((t) => t.startsWith('评分标准：')));
  });

  it('leads every “如表…所示：” straight into its table, and says no paragraph twice', () => {
    model.blocks.forEach((b, i) => {
      if (b.kind === 'paragraph' && /所示：$/.test(b.runs.map((r) => r.text).join('')))
        assert.equal(model.blocks[i + 1]!.kind, 'table', texts[i]);
    });
    const paragraphs = texts.filter((t, i) => t && model.blocks[i]!.kind === 'paragraph');
    const squeezed = paragraphs.map((t) => t.replace(/\s+/g, '').replace(/。$/, ''));
    squeezed.forEach((t, i) =>
      assert.ok(
        !squeezed.some((u, j) => j !== i && t.length > 20 && u.includes(t)),
        `said twice: ${paragraphs[i]}`,
      ),
    );
  });

  it('keeps the “；” that ends each duty in 表 1-1 (the last ends with “。”)', () => {
    const t = model.blocks.find((b) => b.kind === 'table' && b.number === '表 1-1');
    assert.ok(t && t.kind === 'table');
    for (const row of t.rows) {
      const lines = row[1]!.lines ?? [];
      if (lines.length < 2) continue;
      for (const l of lines.slice(0, -1)) assert.match(l, /；$/, l);
    }
  });
});
