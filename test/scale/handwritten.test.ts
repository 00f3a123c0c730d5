/**
 * The benchmark's hand-written loop is an honest baseline only if it computes what score() computes:
 * the same 21 level-3 scores and total on every synthetic department (and on the seed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { leaves, score } from '../../src/core/score.ts';
import { FUTIAN_2023_LEAVES, scoreFutian2023ByHand } from '../../src/batch/handwritten.ts';
import { synthDepartment } from '../../src/synth/generate.ts';

const fw = loadFramework('futian-2023');
if (!fw.ok) throw new Error('framework does not load');
const framework = fw.value;

test('the hand-written loop names the framework’s 21 level-3 indicators in order', () => {
  const ds = loadDataset('examples/futian-zonggonghui-2023.yaml');
  assert.ok(ds.ok);
  assert.deepEqual(
    leaves(score(ds.value, framework)).map((l) => l.code),
    [...FUTIAN_2023_LEAVES],
  );
});

test('the hand-written loop gives the seed’s 93.96, as the seed report states', () => {
  const ds = loadDataset('examples/futian-zonggonghui-2023.yaml');
  assert.ok(ds.ok);
  assert.equal(scoreFutian2023ByHand(ds.value).total.toFixed(2), '93.96');
});

for (const seed of [1, 2024]) {
  test(`the hand-written loop and score() agree on 1,500 synthetic departments (seed ${seed})`, () => {
    let differing = 0;
    const totals = new Set<string>();
    for (let i = 0; i < 1500; i++) {
      const parsed = parseDataset(synthDepartment(i, { seed, inconsistentPercent: 30 }).dataset);
      assert.ok(parsed.ok, `department ${i} is not valid: ${JSON.stringify(!parsed.ok && parsed.errors)}`);
      const engine = leaves(score(parsed.value, framework)).map((l) => l.score);
      const hand = scoreFutian2023ByHand(parsed.value);
      const byHand = hand.scores.map((s) => s.toFixed(2));
      if (engine.join() !== byHand.join()) {
        differing++;
        assert.deepEqual(
          Object.fromEntries(FUTIAN_2023_LEAVES.map((c, k) => [c, engine[k]])),
          Object.fromEntries(FUTIAN_2023_LEAVES.map((c, k) => [c, byHand[k]])),
          `department ${i}`,
        );
      }
      assert.equal(score(parsed.value, framework).total, hand.total.toFixed(2));
      totals.add(hand.total.toFixed(2));
    }
    assert.equal(differing, 0);
    // The comparison means something only if the departments actually differ and lose points.
    assert.ok(totals.size > 300, `only ${totals.size} distinct totals`);
  });
}

test('the hand-written loop and score() agree on edge cases: zero bases, missing answers, partial points', () => {
  // Mutations reach into the generated dataset freely; the schema (parseDataset) is what checks them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Loose = any;
  const mutations: ((d: Loose) => void)[] = [
    (d) => (d.procurement = { planned: '0', actual: '0' }),
    (d) => (d.threePublicCosts = { budget: {}, actual: {} }),
    (d) => (d.petitions = { channel: false, received: 0, replied: 0, repliedOnTime: 0 }),
    (d) => (d.evaluation = {}),
    (d) => (d.evaluation['budget-rationality'].items.mandate = { points: '0.5' }),
    (d) => (d.evaluation['asset-safety'].items.custody = { points: '7' }),
    (d) => (d.evaluation.outcomes = { score: '31', reason: '超出上限' }),
    (d) =>
      (d.evaluation['budget-compliance'] = { deductions: [{ reason: 'a', points: '9' }, { reason: 'b' }] }),
    (d) => (d.staff = { authorizedPosts: 0, staffInPost: 0, extraStaff: 0 }),
    (d) => (d.assets.fixed = []),
    (d) => (d.projects.count = 0),
    (d) => (d.keyTasks = [1, 2, 3].map((i) => ({ name: `任务${i}`, done: false }))),
    (d) => (d.targets = [{ category: '社会效益指标', name: '群众获得感', target: '有所提升' }]),
    (d) => (d.budget.initial = { personnel: '0', publicOperating: '0', project: '0' }),
    (d) => (d.transfers = [{ from: 'a', to: 'b', amount: '99999.99' }]),
    (d) => (d.satisfaction.score = '95'),
    (d) => (d.dailyOperating.actual = d.dailyOperating.adjustedBudget),
  ];
  for (let i = 0; i < 340; i++) {
    const raw = structuredClone(synthDepartment(i, { seed: 99 }).dataset) as Loose;
    mutations[i % mutations.length]!(raw);
    if (i % 3 === 0) mutations[(i * 7 + 3) % mutations.length]!(raw);
    const parsed = parseDataset(raw);
    assert.ok(parsed.ok, `mutation ${i % mutations.length}: ${JSON.stringify(!parsed.ok && parsed.errors)}`);
    const engine = leaves(score(parsed.value, framework)).map((l) => l.score);
    assert.deepEqual(
      scoreFutian2023ByHand(parsed.value).scores.map((s) => s.toFixed(2)),
      engine,
      `mutation ${i % mutations.length} on department ${i}`,
    );
  }
});
