/**
 * The golden case: the seed example, scored against the Futian 2023 framework, reproduces every
 * published score of the seed report's 附表 — read from the report text itself, not typed here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaves, score } from '../../src/core/score.ts';
import { futian, seedDataset, seedReportText } from '../helpers.ts';

/** The 自评得分 the seed's 附表 prints for an indicator: the last x.xx on the row naming it. */
function publishedScore(text: string, name: string): string {
  const appendix = text.slice(text.indexOf('部门整体支出绩效评价共性指标体系评分表'));
  const line = appendix.split('\n').find((l) => l.includes(`${name}\t`) || l.includes(`${name} `));
  assert.ok(line, `附表中找不到“${name}”`);
  const scores = line.match(/\d+\.\d{2}/g);
  assert.ok(scores, `“${name}”一行没有得分`);
  return scores.at(-1)!;
}

test('the seed example scores 93.96, the total the seed report publishes', () => {
  const text = seedReportText();
  const published = text.match(/绩效评价评分\s*([\d.]+)\s*分/)![1];
  const result = score(seedDataset(), futian());
  assert.equal(published, '93.96');
  assert.equal(result.total, published);
  assert.equal(result.grade, '优');
});

test('every one of the 21 level-3 scores equals the seed 附表', () => {
  const text = seedReportText();
  const result = score(seedDataset(), futian());
  const all = leaves(result);
  assert.equal(all.length, 21);
  for (const leaf of all) {
    assert.equal(leaf.score, publishedScore(text, leaf.name), leaf.name);
  }
});

test('level-1 and level-2 scores are the sums of their parts', () => {
  const result = score(seedDataset(), futian());
  const byName = Object.fromEntries(result.indicators.map((n) => [n.name, n.score]));
  assert.deepEqual(byName, { 部门决策: '20.00', 部门管理: '19.00', 部门绩效: '54.96' });
});

test('the problems list names exactly the four indicators that lost points, with their figures', () => {
  const result = score(seedDataset(), futian());
  const problems = Object.fromEntries(result.problems.map((p) => [p.name, p]));
  assert.deepEqual(
    Object.keys(problems).sort(),
    ['公众或服务对象满意度', '公用经费控制率', '编外人员控制率', '预算执行率'].sort(),
  );
  // The figures, as the seed states them in its text.
  const figure = (name: string, label: string) =>
    problems[name]!.figures.find((f) => f.label === label)?.value;
  assert.equal(figure('公用经费控制率', '“三公”经费控制率'), '93.37%');
  assert.equal(figure('编外人员控制率', '编外人员控制率'), '74.19%');
  assert.equal(figure('公众或服务对象满意度', '公众或服务对象满意度'), '86.52');
  assert.equal(figure('预算执行率', '各季度累计预算执行率'), '65.32%、70.81%、77.73%、96.90%');
  assert.equal(problems['公用经费控制率']!.lost, '1.00');
  assert.equal(problems['预算执行率']!.lost, '0.04');
  assert.equal(problems['编外人员控制率']!.lost, '1.00');
  assert.equal(problems['公众或服务对象满意度']!.lost, '4.00');
  for (const p of result.problems) assert.ok(p.reasons.length > 0, `${p.name} 没有失分原因`);
});

test('every level-3 result explains itself: rule kind, steps, and inputs where figures are used', () => {
  const result = score(seedDataset(), futian());
  for (const leaf of leaves(result)) {
    assert.ok(leaf.rule, leaf.name);
    assert.ok(leaf.steps && leaf.steps.length > 0, `${leaf.name} 没有计算步骤`);
  }
  const exec = leaves(result).find((l) => l.code === 'budget-execution')!;
  assert.ok(
    exec.steps!.some((s) => s.includes('1.985') && s.includes('1.99')),
    exec.steps!.join('\n'),
  );
  assert.equal(result.missing.length, 0, JSON.stringify(result.missing));
});
