/** Dataset consistency checks: each check on small hand-made changes to the seed dataset. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDataset, runDatasetChecks } from '../../src/core/checks/dataset.ts';
import { compare, halfUnit, publishedPlaces } from '../../src/core/checks/tolerance.ts';
import { Decimal, money } from '../../src/core/decimal.ts';
import { futian, reparse, seedDataset, seedInput } from '../helpers.ts';

const codes = (fs: { code: string }[]) => fs.map((f) => f.code).sort();

describe('tolerance from published precision', () => {
  it('counts the printed decimals', () => {
    assert.equal(publishedPlaces('3,184.70'), 2);
    assert.equal(publishedPlaces('75.0%'), 1);
    assert.equal(publishedPlaces('100%'), 0);
    assert.equal(halfUnit(2).toString(), '0.005');
  });
  it('tells rounding residue from disagreement', () => {
    const exact = new Decimal('29.81').dividedBy('36.88').times(100); // 80.8297…
    assert.equal(compare(new Decimal('80.83'), 2, exact).ok, true);
    assert.equal(compare(new Decimal('80.85'), 2, exact).ok, false);
    // Half a unit exactly is still rounding (half up): 796.175 printed as 796.18.
    assert.equal(compare(new Decimal('796.18'), 2, new Decimal('3184.70').times('0.25')).ok, true);
    assert.equal(compare(new Decimal('796.19'), 2, new Decimal('3184.70').times('0.25')).ok, false);
  });
});

describe('dataset checks', () => {
  it('the seed example: only its honest findings (rate under 成本, no measure for 编外人员控制率)', () => {
    const findings = checkDataset(seedDataset(), futian());
    assert.deepEqual(codes(findings), ['measures.missing', 'targets.categoryFit']);
    assert.equal(findings.find((f) => f.code === 'measures.missing')!.path, 'measures.extra-staff-control');
    const fit = findings.find((f) => f.code === 'targets.categoryFit')!;
    assert.match(fit.message, /预算执行率/);
    assert.equal(fit.severity, 'warning');
    assert.ok(!findings.some((f) => f.severity === 'error'));
  });

  it('without a framework the score-dependent checks do not run', () => {
    assert.deepEqual(codes(checkDataset(seedDataset())), ['targets.categoryFit']);
  });

  it('stated totals and rates against their recomputation, with the tolerance of their precision', () => {
    const input = seedInput();
    input.stated = {
      'budget.initial.total': '3,224.00',
      'budget.adjusted.total': '3,184.70',
      'dailyOperating.controlRate': '80.85%',
      'threePublicCosts.controlRate': '93.37%',
      'staff.fundedControlRate': '83.33%',
    };
    const r = runDatasetChecks(reparse(input));
    const bad = r.findings.filter((f) => f.code === 'stated.mismatch');
    assert.deepEqual(bad.map((f) => f.path).sort(), [
      'stated.budget.initial.total',
      'stated.dailyOperating.controlRate',
      'stated.staff.fundedControlRate',
    ]);
    const initial = bad.find((f) => f.path === 'stated.budget.initial.total')!;
    const sum = new Decimal('523.07').plus('37.58').plus('2683.35');
    assert.equal(initial.expected, `${money(sum)}万元`);
    assert.equal(initial.stated, '3,224.00');
    assert.equal(initial.tolerance, '0.005');
    const staff = bad.find((f) => f.path === 'stated.staff.fundedControlRate')!;
    assert.equal(staff.expected, `${new Decimal(8).dividedBy(11).times(100).toFixed(2)}%`);
    assert.ok(r.passed.some((p) => p.path === 'stated.threePublicCosts.controlRate'));
    assert.ok(r.passed.some((p) => p.path === 'stated.budget.adjusted.total'));
  });

  it('a stated amount in 元 whose number is the 万元 figure is a unit slip', () => {
    const input = seedInput();
    input.stated = { 'threePublicCosts.budget': '4.07元', 'threePublicCosts.actual': '3.80万元' };
    const r = runDatasetChecks(reparse(input));
    assert.deepEqual(
      r.findings.filter((f) => f.code.startsWith('stated.')).map((f) => [f.code, f.path]),
      [['stated.unit', 'stated.threePublicCosts.budget']],
    );
  });

  it('quarterly cumulative figures that fall', () => {
    const input = seedInput();
    (input.execution as { quarterlyCumulative: string[] }).quarterlyCumulative = ['100', '90', '200', '300'];
    const f = checkDataset(reparse(input)).filter((x) => x.code === 'quarterly.falling');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.path, 'execution.quarterlyCumulative[1]');
  });

  it('executed above budget', () => {
    const input = seedInput();
    (input.execution as { quarterlyCumulative: string[] }).quarterlyCumulative = [
      '1000',
      '2000',
      '3000',
      '3200',
    ];
    const f = checkDataset(reparse(input)).filter((x) => x.code === 'execution.aboveBudget');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.severity, 'error');
    assert.equal(f[0]!.expected, '≤ 3,184.70');
  });

  it('dates out of the year', () => {
    const input = seedInput();
    (input.adjustments as { date?: string }[])[0]!.date = '2022-12-20';
    const f = checkDataset(reparse(input)).filter((x) => x.code === 'dates.outOfYear');
    assert.deepEqual(
      f.map((x) => x.path),
      ['adjustments[0].date'],
    );
  });

  it('a quantitative target whose value is not a number', () => {
    const input = seedInput();
    (input.targets as Record<string, unknown>[]).push({
      category: '时效指标',
      name: '按时完成',
      target: '按时完成',
      quantitative: true,
    });
    const f = checkDataset(reparse(input)).filter((x) => x.code === 'targets.notNumber');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.severity, 'error');
  });

  it('over-achievement beyond the configured share needs a reason', () => {
    const input = seedInput();
    const t = { category: '质量指标', name: '调解成功率', target: '≥5%', actual: '100%' };
    (input.targets as Record<string, unknown>[]).push(t);
    const ds = reparse(input);
    const over = (share?: string) =>
      runDatasetChecks(ds, { overAchievementShare: share }).findings.filter(
        (x) => x.code === 'targets.overAchievement',
      );
    assert.equal(over().length, 1);
    assert.equal(over('100').length, 0, 'a share of 10000 % tolerates it');
    // 90 %有效 → 100 % is 11.1 % over: under the default 20 %, over 10 %.
    assert.equal(
      runDatasetChecks(seedDataset(), { overAchievementShare: '0.1' }).findings.filter(
        (x) => x.code === 'targets.overAchievement',
      ).length,
      1,
    );
    (input.targets as Record<string, unknown>[]).at(-1)!.note = '上年基数低，本年专项调解';
    assert.equal(
      runDatasetChecks(reparse(input)).findings.filter((x) => x.code === 'targets.overAchievement').length,
      0,
    );
  });

  it('a checklist item or a judged score without a reason', () => {
    const input = seedInput();
    const ev = input.evaluation as Record<
      string,
      { items?: Record<string, { reason?: string }>; reason?: string }
    >;
    delete ev['budget-rationality']!.items!.mandate!.reason;
    delete ev.outcomes!.reason;
    const f = checkDataset(reparse(input), futian()).filter((x) => x.code === 'evaluation.noReason');
    assert.deepEqual(f.map((x) => x.path).sort(), [
      'evaluation.budget-rationality.items.mandate',
      'evaluation.outcomes.reason',
    ]);
  });

  it('every point lost has a measure', () => {
    const input = seedInput();
    delete (input.measures as Record<string, unknown>).satisfaction;
    const f = checkDataset(reparse(input), futian()).filter((x) => x.code === 'measures.missing');
    assert.deepEqual(f.map((x) => x.path).sort(), ['measures.extra-staff-control', 'measures.satisfaction']);
  });

  it('a part larger than its whole', () => {
    const input = seedInput();
    (input.projects as { completedOnTime: number }).completedOnTime = 14;
    (input.petitions as { replied: number }).replied = 140;
    const f = checkDataset(reparse(input)).filter((x) => x.code === 'parts.exceedWhole');
    assert.deepEqual(f.map((x) => x.path).sort(), ['petitions.replied', 'projects.completedOnTime']);
  });

  it('a complete project list must add up to the project totals', () => {
    const input = seedInput();
    const p = input.projects as Record<string, unknown>;
    p.count = 2;
    p.completedOnTime = 2;
    p.adjustedBudget = '100.00';
    p.items = [
      { name: '甲', adjustedBudget: '60.00' },
      { name: '乙', adjustedBudget: '30.00' },
    ];
    const f = checkDataset(reparse(input)).filter(
      (x) => x.path === 'projects.adjustedBudget' && x.code === 'sum.mismatch' && x.severity === 'error',
    );
    assert.equal(f.length, 1);
    assert.equal(f[0]!.expected, '90.00');
  });
});
