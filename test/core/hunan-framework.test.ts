/**
 * A second department framework from another province, written as data: its figures are declared as
 * fields, its rates as formula metrics. Each indicator of the worked example is checked against a
 * computation written here from the example's raw numbers and the table's own words (not typed results).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import { Decimal } from '../../src/core/decimal.ts';
import { checkFigures } from '../../src/core/framework/figures.ts';
import { leaves, score } from '../../src/core/score.ts';
import { ROOT } from '../helpers.ts';

const D = (x: unknown) => new Decimal(String(x));
const r4 = (x: Decimal) => x.toDecimalPlaces(4, Decimal.ROUND_HALF_UP); // ratioPlaces: 4
const r2 = (x: Decimal) => x.toFixed(2, Decimal.ROUND_HALF_UP);
const ZERO = D(0);
const sumOf = (xs: unknown[]) => xs.reduce<Decimal>((a, x) => a.plus(D(x)), ZERO);

/** “≤ limit full; each started step above it −deduct, floor 0” (the table's 每超过…扣…，扣完为止). */
function excess(value: Decimal, limit: Decimal, step: Decimal, deduct: Decimal, weight: Decimal): Decimal {
  const over = value.minus(limit);
  if (!over.greaterThan(0)) return weight;
  return Decimal.max(0, weight.minus(over.dividedBy(step).ceil().times(deduct)));
}
const proportional = (ratio: Decimal, weight: Decimal) => Decimal.min(ratio, 1).times(weight);

test('the Hunan table scores the worked example from figures: each indicator as computed independently', () => {
  const fw = loadFramework('hunan-dept-2023');
  assert.ok(fw.ok, JSON.stringify(!fw.ok && fw.errors));
  const loaded = loadDataset(join(ROOT, 'examples/hunan-dept-example-2023.yaml'));
  assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
  const raw = parse(readFileSync(join(ROOT, 'examples/hunan-dept-example-2023.yaml'), 'utf8'));
  const f = raw.figures;
  const W = D(5);

  // Independent figures, from the raw file.
  const initial = sumOf(Object.values(raw.budget.initial));
  const adjustments = raw.adjustments.map((a: { amount: number }) => D(a.amount));
  const adjusted = initial.plus(sumOf(adjustments));
  const supplement = sumOf(adjustments.filter((a: Decimal) => a.isPositive()));
  const available = D(f.carryoverPrior).plus(adjusted);
  const threePublic = (side: Record<string, number>) => sumOf(Object.values(side));
  const tpBudget = threePublic(raw.threePublicCosts.budget);
  const tpActual = threePublic(raw.threePublicCosts.actual);
  const completion = available.minus(f.yearEndBalance).dividedBy(available);
  const carryover = D(f.yearEndBalance).dividedBy(available);
  const fixed = raw.assets.fixed as { originalValue: number; inUseValue: number }[];
  const tasks = raw.keyTasks as { done: boolean }[];

  const expected: Record<string, Decimal> = {
    'staff-control': excess(
      r4(D(raw.staff.staffInPost).dividedBy(raw.staff.authorizedPosts)),
      D(1),
      D('0.01'),
      D('0.5'),
      W,
    ),
    'three-public-change': excess(
      r4(tpBudget.minus(f.priorThreePublicBudget).dividedBy(f.priorThreePublicBudget)),
      ZERO,
      D('0.01'),
      D('0.5'),
      W,
    ),
    'budget-completion': excess(r4(Decimal.max(D(1).minus(completion), 0)), ZERO, D('0.05'), D(2), W),
    // 预算控制率 = 追加/年初: =0 → 5; (0,10%] → 4; (10,20%] → 3; (20,30%] → 2; > 30% → 0.
    'budget-control': ((r) =>
      r.isZero() ? D(5) : r.lte('0.1') ? D(4) : r.lte('0.2') ? D(3) : r.lte('0.3') ? D(2) : ZERO)(
      r4(supplement.dividedBy(initial)),
    ),
    // No building project (0 approved, 0 built): full marks, as the table says.
    'building-area': W,
    // Lower is better: target 5 % ÷ actual, capped at full marks.
    'carryover-rate': proportional(carryover.lte('0.05') ? D(1) : r4(D('0.05').dividedBy(carryover)), W),
    'carryover-change': excess(
      r4(D(f.yearEndBalance).minus(f.priorYearEndBalance).dividedBy(f.priorYearEndBalance)),
      ZERO,
      D('0.01'),
      D('0.5'),
      W,
    ),
    'public-cost-control': excess(
      r4(D(raw.dailyOperating.actual).dividedBy(raw.dailyOperating.adjustedBudget)),
      D(1),
      D('0.01'),
      D('0.5'),
      W,
    ),
    'three-public-control': excess(r4(tpActual.dividedBy(tpBudget)), D(1), D('0.01'), D('0.5'), W),
    procurement: proportional(r4(D(raw.procurement.actual).dividedBy(raw.procurement.planned)), W),
    rules: D(5), // both items answered met
    compliance: W.minus(1), // one non-compliance, −1 each
    'asset-safety': D('2.5'), // one of two items met
    'asset-utilization': proportional(
      r4(sumOf(fixed.map((c) => c.inUseValue)).dividedBy(sumOf(fixed.map((c) => c.originalValue)))),
      W,
    ),
    training: proportional(r4(D(f.trainingSessions.actual).dividedBy(f.trainingSessions.target)), W),
    'key-tasks': proportional(r4(D(tasks.filter((t) => t.done).length).dividedBy(tasks.length)), W),
    timeliness: proportional(r4(D(raw.projects.completedOnTime).dividedBy(raw.projects.count)), W),
    // A rate scored against a target below 100 %: actual ÷ 70 % × points, capped.
    coverage: proportional(r4(D(f.membersServed).dividedBy(f.membersTotal).dividedBy('0.7')), W),
    'social-benefit': D(raw.evaluation['social-benefit'].score),
    satisfaction: ((s) => (s.gte(90) ? D(5) : s.gte(80) ? D(4) : s.gte(70) ? D(3) : s.gte(60) ? D(2) : ZERO))(
      D(raw.satisfaction.score),
    ),
  };

  const result = score(loaded.value, fw.value);
  const got = Object.fromEntries(leaves(result).map((l) => [l.code, l.score]));
  assert.deepEqual(Object.keys(got).sort(), Object.keys(expected).sort());
  for (const [code, value] of Object.entries(expected)) assert.equal(got[code], r2(value), code);
  const total = Object.values(expected).reduce((a, v) => a.plus(r2(v)), ZERO);
  assert.equal(result.total, r2(total));
  assert.deepEqual(result.missing, []);
  // The example exercises partial scores, not only full marks.
  assert.ok(Object.entries(expected).filter(([, v]) => v.lessThan(W)).length >= 10);
});

test('every quantitative row of the Hunan table is scored from figures, none by an evaluator-typed score', () => {
  const fw = loadFramework('hunan-dept-2023');
  assert.ok(fw.ok);
  const typed = leaves(score(loadDatasetOrThrow(), fw.value)).filter((l) => l.rule === 'judged');
  // Only 社会效益 (a qualitative judgement with a written reason) is typed by the evaluator.
  assert.deepEqual(
    typed.map((l) => l.name),
    ['社会效益'],
  );
});

function loadDatasetOrThrow() {
  const r = loadDataset(join(ROOT, 'examples/hunan-dept-example-2023.yaml'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

test('jixiao validate’s figure check names the framework field by its Chinese label', () => {
  const fw = loadFramework('hunan-dept-2023');
  assert.ok(fw.ok);
  const ds = loadDatasetOrThrow();
  assert.deepEqual(checkFigures(ds, fw.value), []);
  const figures = { ...ds.figures };
  delete figures['carryoverPrior'];
  figures['trainingSessions'] = '10';
  figures['membersServed'] = '52.5';
  const problems = checkFigures({ figures }, fw.value);
  assert.deepEqual(
    problems.map((p) => [p.kind, p.label]),
    [
      ['missing', '上年结转资金'],
      ['invalid', '业务培训期数'],
      ['invalid', '服务对象覆盖人数'],
    ],
  );
  for (const p of problems) assert.doesNotMatch(p.message, /[A-Za-z]{3,}/, p.message);
});

test('the report’s scoring table prints the framework figures each indicator is scored from', async () => {
  const { buildReportModel } = await import('../../src/report/model/build.ts');
  const fw = loadFramework('hunan-dept-2023');
  assert.ok(fw.ok);
  const text = JSON.stringify(buildReportModel(loadDatasetOrThrow(), fw.value));
  assert.match(text, /本单位填报：业务培训期数实际值 10期、业务培训期数目标值 12期/);
  // Through other metrics: 结转结余率 reads availableFunds, which reads 上年结转资金.
  assert.match(text, /本单位填报：年末结转结余资金 150\.00万元、上年结转资金 64\.00万元/);
  assert.match(text, /本单位填报：上年度“三公”经费预算数 11\.80万元/);
});
