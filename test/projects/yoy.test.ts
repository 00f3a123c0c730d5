import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { score } from '../../src/core/score.ts';
import { yearOverYear } from '../../src/core/yoy/yoy.ts';

const seed = loadDataset('examples/futian-zonggonghui-2023.yaml');
const fw = loadFramework('futian-2023');
if (!seed.ok || !fw.ok) throw new Error('example does not load');
const ds = seed.value;

describe('year over year from the figures recorded in the seed', () => {
  const y = yearOverYear(ds);
  it('budget by category as the seed’s 表1-1 prints it (2022 预算金额, 变动金额, 2023 预算金额)', () => {
    assert.deepEqual(
      y.budget.map((r) => [r.label, r.prior, r.change, r.current]),
      [
        ['人员经费', '392.00', '131.07', '523.07'],
        ['公用经费', '32.28', '5.30', '37.58'],
        ['项目支出', '2244.72', '438.63', '2683.35'],
        ['合计', '2669.00', '575.00', '3244.00'],
      ],
    );
  });
  it('the total rose 21.54 % as the seed says (575.00 ÷ 2,669.00)', () => {
    assert.equal(y.budget.at(-1)!.rate, '21.54');
  });
  it('quantified share 65.91 % → 97.06 %, +31.15 points', () => {
    assert.deepEqual(y.quantifiedShare, { prior: '65.91', current: '97.06', points: '31.15' });
  });
  it('no score comparison without a score', () => {
    assert.deepEqual([y.scores, y.total, y.source], [[], null, 'recorded']);
  });
});

describe('year over year from a whole prior dataset', () => {
  // A prior year built from the seed: satisfaction 91 (→ 4 of 6) and the 2022 budget by category.
  const raw = structuredClone(ds) as unknown as Record<string, Record<string, unknown>>;
  raw.year = 2022 as never;
  raw.satisfaction = { score: '91' };
  raw.budget = {
    ...raw.budget,
    initial: { personnel: '392.00', publicOperating: '32.28', project: '2244.72' },
  };
  const prior = parseDataset(raw);
  if (!prior.ok) throw new Error(JSON.stringify(prior.errors));
  const y = yearOverYear(ds, {
    prior: prior.value,
    priorScore: score(prior.value, fw.value),
    currentScore: score(ds, fw.value),
  });
  it('score by indicator: 满意度 4 → 2; 预算执行率 6 → 5.96; total 96.00 → 93.96', () => {
    const sat = y.scores.find((r) => r.key === 'satisfaction')!;
    assert.deepEqual([sat.prior, sat.current, sat.change], ['4.00', '2.00', '-2.00']);
    // The prior year's budget is 2,669.00 − 108.60 − 0.70 + 50.00 = 2,609.70 after the same adjustments, so
    // every quarter's cumulative execution (2,080.30 … 3,085.88) reaches its pace: 4 × 1 + 2 = 6.00.
    const exec = y.scores.find((r) => r.key === 'budget-execution')!;
    assert.deepEqual([exec.prior, exec.current, exec.change], ['6.00', '5.96', '-0.04']);
    // 93.96 + 2.00 + 0.04 = 96.00
    assert.deepEqual([y.total?.prior, y.total?.current, y.total?.change], ['96.00', '93.96', '-2.04']);
    assert.equal(y.priorYear, 2022);
  });
});
