/** Property tests over generated department-years (fast-check). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Decimal, sum } from '../../src/core/decimal.ts';
import { leaves, score, type IndicatorResult } from '../../src/core/score.ts';
import { futian, reparse, seedInput } from '../helpers.ts';

/** An amount in 万元 with two decimals, built from whole cents (no floats). */
const amount = (max = 100_000_00) =>
  fc.integer({ min: 0, max }).map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`);

const departmentYear = fc.record({
  initial: fc.tuple(amount(), amount(100_00), amount()),
  adjustments: fc.array(
    fc.tuple(
      fc.constantFrom('personnel', 'publicOperating', 'project'),
      fc.integer({ min: -5000_00, max: 5000_00 }),
    ),
    { maxLength: 4 },
  ),
  quarters: fc.array(amount(), { minLength: 4, maxLength: 4 }),
  staff: fc.tuple(
    fc.integer({ min: 0, max: 200 }),
    fc.integer({ min: 0, max: 200 }),
    fc.integer({ min: 0, max: 200 }),
  ),
  // A score out of 100; at most 1 is refused as a fraction typed for it (see test/core/dataset.test.ts).
  satisfaction: fc
    .integer({ min: 101, max: 10000 })
    .map((n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`),
  threePublic: fc.tuple(amount(100_00), amount(100_00)),
  daily: fc.tuple(amount(500_00), amount(500_00)),
  procurement: fc.tuple(amount(1000_00), amount(1000_00)),
  petitions: fc.tuple(
    fc.integer({ min: 0, max: 50 }),
    fc.integer({ min: 0, max: 50 }),
    fc.integer({ min: 0, max: 50 }),
  ),
  tasks: fc.array(fc.boolean(), { maxLength: 6 }),
  projects: fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })),
});

type DepartmentYear = typeof departmentYear extends fc.Arbitrary<infer T> ? T : never;

function build(g: DepartmentYear) {
  const d = seedInput();
  d.budget = { initial: { personnel: g.initial[0], publicOperating: g.initial[1], project: g.initial[2] } };
  d.adjustments = g.adjustments.map(([category, c]) => ({
    category,
    amount: `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`,
  }));
  const sorted = [...g.quarters].sort((a, b) => new Decimal(a).comparedTo(b));
  d.execution = { quarterlyCumulative: sorted };
  d.staff = { authorizedPosts: g.staff[0], staffInPost: g.staff[1], extraStaff: g.staff[2] };
  d.satisfaction = { score: g.satisfaction };
  d.threePublicCosts = { budget: { reception: g.threePublic[0] }, actual: { reception: g.threePublic[1] } };
  d.dailyOperating = { adjustedBudget: g.daily[0], actual: g.daily[1] };
  d.procurement = { planned: g.procurement[0], actual: g.procurement[1] };
  d.petitions = {
    channel: true,
    received: g.petitions[0],
    replied: g.petitions[1],
    repliedOnTime: g.petitions[2],
  };
  d.keyTasks = g.tasks.map((done, i) => ({ name: `任务${i}`, done }));
  d.projects = { count: g.projects[0], completedOnTime: g.projects[1] };
  return reparse(d);
}

const framework = futian();

test('every score lies within [0, weight], at every level', () => {
  fc.assert(
    fc.property(departmentYear, (g) => {
      const result = score(build(g), framework);
      const walk = (n: IndicatorResult) => {
        const s = new Decimal(n.score);
        assert.ok(
          s.greaterThanOrEqualTo(0) && s.lessThanOrEqualTo(n.weight),
          `${n.name}: ${n.score} / ${n.weight}`,
        );
        assert.equal(new Decimal(n.lost).plus(s).toFixed(2), new Decimal(n.weight).toFixed(2));
        n.children?.forEach(walk);
      };
      result.indicators.forEach(walk);
      const total = new Decimal(result.total);
      assert.ok(total.greaterThanOrEqualTo(0) && total.lessThanOrEqualTo(100));
    }),
    { numRuns: 300 },
  );
});

test('the total equals the sum of its parts, and every parent the sum of its children', () => {
  fc.assert(
    fc.property(departmentYear, (g) => {
      const result = score(build(g), framework);
      assert.equal(sum(leaves(result).map((l) => new Decimal(l.score))).toFixed(2), result.total);
      const walk = (n: IndicatorResult) => {
        if (!n.children) return;
        assert.equal(sum(n.children.map((c) => new Decimal(c.score))).toFixed(2), n.score, n.name);
        n.children.forEach(walk);
      };
      result.indicators.forEach(walk);
      const lost = sum(result.problems.map((p) => new Decimal(p.lost)));
      assert.equal(lost.plus(result.total).toFixed(2), '100.00');
    }),
    { numRuns: 300 },
  );
});

test('raising execution never lowers the execution score', () => {
  const execScore = (q: string[]) => {
    const d = seedInput();
    d.execution = { quarterlyCumulative: q };
    return new Decimal(
      leaves(score(reparse(d), framework)).find((l) => l.code === 'budget-execution')!.score,
    );
  };
  fc.assert(
    fc.property(
      fc.array(amount(4000_00), { minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 3 }),
      amount(1000_00),
      (qs, which, extra) => {
        const before = [...qs].sort((a, b) => new Decimal(a).comparedTo(b));
        const after = before.map((q, i) => (i >= which ? new Decimal(q).plus(extra).toFixed(2) : q));
        assert.ok(execScore(after).greaterThanOrEqualTo(execScore(before)), `${before} → ${after}`);
      },
    ),
    { numRuns: 300 },
  );
});
