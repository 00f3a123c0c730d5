import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import type { Framework, IndicatorNode } from '../../src/core/framework/schema.ts';
import { parseFramework } from '../../src/core/framework/validate.ts';
import { leaves, score } from '../../src/core/score.ts';
import { suggestOutcomesScore } from '../../src/core/targets/outcomes.ts';

const seed = loadDataset('examples/futian-zonggonghui-2023.yaml');
const futian = loadFramework('futian-2023');
if (!seed.ok || !futian.ok) throw new Error('example or framework does not load');
const ds = seed.value;
const futianFw = futian.value;

/** futian-2023 with 效果性 scored by the targets rule instead of the plain judged rule. */
function withTargetsRule(): Framework {
  const raw = structuredClone(futianFw) as unknown as { indicators: IndicatorNode[] };
  const walk = (n: IndicatorNode) => {
    if (n.code === 'outcomes')
      (n as unknown as Record<string, unknown>).rule = {
        kind: 'targets',
        categories: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'],
      };
    n.children?.forEach(walk);
  };
  raw.indicators.forEach(walk);
  const r = parseFramework(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function edit(f: (raw: Record<string, unknown>) => void): Dataset {
  const raw = structuredClone(ds) as unknown as Record<string, unknown>;
  f(raw);
  const r = parseDataset(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('效果性 from the declared outcome targets (表2-3)', () => {
  it('the seed: 5 social-benefit targets, 5 points each, all met → suggested 25.00; evaluator 25 authoritative', () => {
    const s = suggestOutcomesScore(ds);
    assert.deepEqual(
      s.rows.map((r) => [r.name, r.weight, r.score]),
      [
        ['有效化解劳资纠纷', '5.00', '5.00'],
        ['保障离退休干部权益', '5.00', '5.00'],
        ['激发区职工参与积极性', '5.00', '5.00'],
        ['劳模福利有效落实', '5.00', '5.00'],
        ['关爱退休干部', '5.00', '5.00'],
      ],
    );
    assert.deepEqual(
      [s.suggested, s.evaluator?.score, s.final, s.source, s.difference],
      ['25.00', '25.00', '25.00', 'evaluator', null],
    );
  });
  it('under the targets rule the seed still scores 93.96, and the steps show both figures', () => {
    const r = score(ds, withTargetsRule());
    assert.equal(r.total, '93.96');
    const leaf = leaves(r).find((l) => l.code === 'outcomes')!;
    assert.equal(leaf.rule, 'targets');
    assert.ok(leaf.steps!.some((s) => s.includes('以评价人判断为准') && s.includes('建议得分 25.00')));
  });
  it('the evaluator’s override is kept with its reason when it differs from the targets', () => {
    const d = edit((raw) => {
      (raw.evaluation as Record<string, unknown>).outcomes = {
        score: '22',
        reason: '部分效益指标口径不清，酌情扣 3 分',
      };
    });
    const s = suggestOutcomesScore(d);
    assert.deepEqual([s.suggested, s.final, s.difference], ['25.00', '22.00', '-3.00']);
    const r = score(d, withTargetsRule());
    assert.equal(r.total, '90.96');
    const p = r.problems.find((x) => x.code === 'outcomes')!;
    assert.deepEqual(p.reasons, ['部分效益指标口径不清，酌情扣 3 分']);
  });
  it('without an evaluator score the targets decide: one outcome at 80 % of a 100 % target → 5 × 0.8 = 4.00', () => {
    const d = edit((raw) => {
      delete (raw.evaluation as Record<string, unknown>).outcomes;
      const t = (raw.targets as Record<string, unknown>[]).find((x) => x.name === '劳模福利有效落实')!;
      t.actual = '80%';
    });
    const s = suggestOutcomesScore(d);
    assert.deepEqual([s.suggested, s.final, s.source], ['24.00', '24.00', 'targets']);
    const r = score(d, withTargetsRule());
    // 93.96 − 1.00
    assert.equal(r.total, '92.96');
    assert.match(r.problems.find((x) => x.code === 'outcomes')!.reasons[0]!, /劳模福利有效落实/);
  });
  it('no outcome targets: nothing suggested, missing listed, 0 points unless the evaluator scores it', () => {
    const d = edit((raw) => {
      raw.targets = (raw.targets as Record<string, unknown>[]).filter((t) => t.category !== '社会效益指标');
      delete (raw.evaluation as Record<string, unknown>).outcomes;
    });
    const s = suggestOutcomesScore(d);
    assert.deepEqual([s.suggested, s.final, s.source], [null, '0.00', 'none']);
    const r = score(d, withTargetsRule());
    assert.ok(r.missing.some((m) => m.code === 'outcomes' && m.message.includes('未设置')));
  });
});
