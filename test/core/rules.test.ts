/** Each rule kind at its boundaries, scored through score() on small variations of the seed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaves, score } from '../../src/core/score.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import { futian, reparse, seedInput, singleRuleFramework } from '../helpers.ts';

type Input = Record<string, unknown>;
function dataset(change: (d: Input) => void): Dataset {
  const d = seedInput();
  change(d);
  return reparse(d);
}
function scoreOf(ds: Dataset, rule: unknown, weight = '6', settings: Input = {}) {
  const result = score(ds, singleRuleFramework(rule, weight, settings));
  return leaves(result)[0]!;
}
const staff = (inPost: number, extra: number) =>
  dataset((d) => {
    d.staff = { authorizedPosts: 30, staffInPost: inPost, extraStaff: extra };
  });
const satisfaction = (s: string) =>
  dataset((d) => {
    d.satisfaction = { score: s };
  });

const extraStaffTiers = {
  kind: 'tiered',
  metric: 'staff.extraStaffRate',
  tiers: [
    { max: '5%', maxInclusive: false, score: '1' },
    { min: '5%', minInclusive: true, max: '10%', maxInclusive: true, score: '0.5' },
    { min: '10%', minInclusive: false, score: '0' },
  ],
};

test('tiered: closed and open ends of each tier (编外人员控制率)', () => {
  assert.equal(scoreOf(staff(20, 1), extraStaffTiers, '1').score, '1.00'); // 1/21 = 4.76 %
  assert.equal(scoreOf(staff(19, 1), extraStaffTiers, '1').score, '0.50'); // exactly 5 %: closed lower end
  assert.equal(scoreOf(staff(18, 2), extraStaffTiers, '1').score, '0.50'); // exactly 10 %: closed upper end
  assert.equal(scoreOf(staff(26, 3), extraStaffTiers, '1').score, '0.00'); // 3/29 = 10.34 %: open end
  assert.equal(scoreOf(staff(0, 0), extraStaffTiers, '1').score, '0.00'); // no staff at all: cannot compute
});

test('tiered: plain-number thresholds (满意度) at 95, 90, 80', () => {
  const rule = futian().indicators[2]!.children![3]!.children![1]!.rule;
  const cases: [string, string][] = [
    ['95', '6.00'],
    ['94.99', '4.00'],
    ['90', '4.00'],
    ['89.99', '2.00'],
    ['80', '2.00'],
    ['79.99', '1.00'],
    ['100', '6.00'],
  ];
  for (const [s, want] of cases) assert.equal(scoreOf(satisfaction(s), rule).score, want, s);
});

test('tiered: ratioPlaces compares at the published precision', () => {
  // 1/19.999… is not possible with whole people; use the 三公 control rate: 3.6645 / 4.07 = 90.04 %
  // and 3.66299 / 4.07 = 89.99975 % → 90.00 % at 0.01 %.
  const ds = (actual: string) =>
    dataset((d) => {
      d.threePublicCosts = { budget: { vehicleOperation: '4.07' }, actual: { vehicleOperation: actual } };
    });
  const rule = {
    kind: 'tiered',
    metric: 'threePublicCosts.controlRate',
    tiers: [
      { max: '90%', maxInclusive: false, score: '3' },
      { min: '90%', minInclusive: true, max: '100%', maxInclusive: true, score: '2' },
      { min: '100%', minInclusive: false, score: '0' },
    ],
  };
  assert.equal(scoreOf(ds('3.66299'), rule, '3', { ratioPlaces: 4 }).score, '2.00');
  assert.equal(scoreOf(ds('3.66299'), rule, '3').score, '3.00');
  assert.equal(scoreOf(ds('4.0701'), rule, '3', { ratioPlaces: 4 }).score, '2.00'); // 100.0025 % → 100.00 %
  assert.equal(scoreOf(ds('4.0703'), rule, '3', { ratioPlaces: 4 }).score, '0.00'); // 100.01 %
});

test('proportional: ratio × weight, capped; zero-if when actual exceeds plan', () => {
  const projects = (count: number, done: number) =>
    dataset((d) => {
      (d.projects as Input).count = count;
      (d.projects as Input).completedOnTime = done;
    });
  const rule = { kind: 'proportional', metric: 'projects.completionRatio', cap: '100%' };
  assert.equal(scoreOf(projects(13, 13), rule).score, '6.00');
  assert.equal(scoreOf(projects(13, 12), rule).score, '5.54'); // 12/13 × 6 = 5.538…
  assert.equal(scoreOf(projects(13, 14), rule).score, '6.00'); // capped at 100 %
  assert.equal(scoreOf(projects(0, 0), rule).score, '0.00'); // no projects: cannot compute, 0 and listed
  assert.equal(scoreOf(projects(0, 0), { ...rule, ifMissing: '6' }).score, '6.00');

  const procurement = (planned: string, actual: string) =>
    dataset((d) => {
      d.procurement = { planned, actual };
    });
  const p = {
    kind: 'proportional',
    metric: 'procurement.rate',
    cap: '100%',
    zeroIf: [{ metric: 'procurement.rate', op: '>', value: '100%' }],
  };
  assert.equal(scoreOf(procurement('12.02', '12.02'), p, '1').score, '1.00');
  assert.equal(scoreOf(procurement('12.02', '12.03'), p, '1').score, '0.00');
  assert.equal(scoreOf(procurement('10', '9.5'), p, '1').score, '0.95');
  assert.equal(scoreOf(procurement('10', '9.996'), p, '1').score, '1.00'); // 0.9996 rounds half up to 1.00
});

test('deduction: per item, not below the floor', () => {
  const tasks = (done: boolean[]) =>
    dataset((d) => {
      d.keyTasks = done.map((x, i) => ({ name: `任务${i + 1}`, done: x }));
    });
  const rule = { kind: 'deduction', per: '4', floor: '0', countMetric: 'keyTasks.uncompleted' };
  assert.equal(scoreOf(tasks([true, true]), rule, '8').score, '8.00');
  assert.equal(scoreOf(tasks([true, false]), rule, '8').score, '4.00');
  assert.equal(scoreOf(tasks([false, false]), rule, '8').score, '0.00');
  const three = scoreOf(tasks([false, false, false]), rule, '8');
  assert.equal(three.score, '0.00'); // 12 deducted, floor 0
  assert.equal(three.lost, '8.00');

  const evaluated = dataset((d) => {
    d.evaluation = {
      x: {
        deductions: [{ reason: '未按要求编报项目绩效目标' }, { reason: '目标与预算不匹配', points: '0.5' }],
      },
    };
  });
  const r = scoreOf(evaluated, { kind: 'deduction', per: '1', floor: '0' }, '3');
  assert.equal(r.score, '1.50');
  assert.deepEqual(
    r.losses!.map((l) => l.reason),
    ['未按要求编报项目绩效目标', '目标与预算不匹配'],
  );
  const floor1 = scoreOf(evaluated, { kind: 'deduction', per: '2', floor: '1' }, '3');
  assert.equal(floor1.score, '1.00');
});

test('schedule: quarter scores capped at 1, the average of rounded quarter scores (the seed: 5.96)', () => {
  const rule = futian().indicators[2]!.children![1]!.children![0]!.rule;
  const exec = (q: string[]) =>
    dataset((d) => {
      (d.execution as Input).quarterlyCumulative = q;
    });
  const seedLike = scoreOf(exec(['2080.30', '2255.09', '2475.40', '3085.88']), rule, '6', { ratioPlaces: 4 });
  assert.equal(seedLike.score, '5.96');
  assert.equal(scoreOf(exec(['800', '1600', '2400', '3184.70']), rule, '6').score, '6.00');
  // Q1 at 12.5 % of the year: half the schedule → 0.5; the rest on pace.
  const slow = scoreOf(exec(['398.09', '1592.35', '2388.53', '3184.70']), rule, '6');
  assert.equal(slow.score, '5.25'); // 0.5 + 1 + 1 + 1 + round(0.875 × 2 = 1.75)
  const rates = { ...(rule as object), average: { of: 'rates', points: '2', places: 2 } };
  assert.equal(
    scoreOf(exec(['2080.30', '2255.09', '2475.40', '3085.88']), rates, '6', { ratioPlaces: 4 }).score,
    '5.52',
  );
});

test('composite and veto: the parts add up; a veto sets the whole indicator to 0', () => {
  const rule = futian().indicators[1]!.children![0]!.children![1]!.rule; // 财务合规性
  const answers = (misuse: boolean) =>
    dataset((d) => {
      d.evaluation = {
        x: {
          items: {
            misuse: { met: misuse, reason: '审计发现挪用' },
            spending: { met: true },
            accounting: { points: '0.5', reason: '凭证不全' },
          },
        },
      };
    });
  const ok = scoreOf(answers(false), rule, '3');
  assert.equal(ok.score, '2.50');
  assert.ok(ok.losses!.some((l) => l.reason.includes('凭证不全')));
  const vetoed = scoreOf(answers(true), rule, '3');
  assert.equal(vetoed.score, '0.00');
  assert.ok(vetoed.losses![0]!.reason.includes('一票否决'));
});

test('excess: deduction per percentage point beyond the threshold, three counting modes', () => {
  const ds = dataset((d) => {
    d.budget = { initial: { personnel: '100', publicOperating: '0', project: '0' } };
    d.adjustments = [];
    d.transfers = [{ from: '甲', to: '乙', amount: '12.5' }];
  });
  const rule = (counting: string) => ({
    kind: 'excess',
    metric: 'adjustmentsAndTransfers.grossRatio',
    threshold: '10%',
    step: '1%',
    deduct: '0.1',
    counting,
  });
  assert.equal(scoreOf(ds, rule('started'), '1').score, '0.70');
  assert.equal(scoreOf(ds, rule('whole'), '1').score, '0.80');
  assert.equal(scoreOf(ds, rule('proportional'), '1').score, '0.75');
  const within = dataset((d) => {
    d.budget = { initial: { personnel: '100', publicOperating: '0', project: '0' } };
    d.adjustments = [];
    d.transfers = [{ from: '甲', to: '乙', amount: '10' }];
  });
  assert.equal(scoreOf(within, rule('started'), '1').score, '1.00'); // exactly 10 %: within
  const far = dataset((d) => {
    d.budget = { initial: { personnel: '100', publicOperating: '0', project: '0' } };
    d.adjustments = [{ category: 'personnel', amount: '-30' }];
    d.transfers = [];
  });
  assert.equal(scoreOf(far, rule('started'), '1').score, '0.00'); // floor 0
});

test('judged: the evaluator score within bounds, a reason required', () => {
  const rule = { kind: 'judged', requireReason: true };
  const ds = (entry: Input) =>
    dataset((d) => {
      d.evaluation = { x: entry };
    });
  assert.equal(scoreOf(ds({ score: '20', reason: '一项目标未实现' }), rule, '25').score, '20.00');
  const noReason = score(ds({ score: '20' }), singleRuleFramework(rule, '25'));
  assert.equal(noReason.missing.length, 1);
  assert.match(noReason.missing[0]!.message, /理由/);
  assert.equal(scoreOf(ds({ score: '30', reason: '超出' }), rule, '25').score, '25.00');
  const none = score(ds({}), singleRuleFramework(rule, '25'));
  assert.equal(none.total, '0.00');
  assert.match(none.missing[0]!.message, /未填写/);
});

test('checklist: unanswered items score zero and are listed; partial points with a reason', () => {
  const rule = {
    kind: 'checklist',
    items: [
      { id: 'a', text: '甲', points: '1' },
      { id: 'b', text: '乙', points: '2' },
    ],
  };
  const ds = dataset((d) => {
    d.evaluation = { x: { items: { a: { met: true }, b: { points: '1.5', reason: '部分落实' } } } };
  });
  assert.equal(scoreOf(ds, rule, '3').score, '2.50');
  const blank = dataset((d) => {
    d.evaluation = {};
  });
  const r = score(blank, singleRuleFramework(rule, '3'));
  assert.equal(r.total, '0.00');
  assert.equal(r.missing.length, 2);
  assert.equal(score(blank, singleRuleFramework(rule, '3', { unansweredItem: 'full' })).total, '3.00');
});

test('choice: categorical facts mapped to points (预决算信息公开)', () => {
  const rule = futian().indicators[1]!.children![0]!.children![2]!.rule;
  const ds = (budget: string, finalAccounts: string) =>
    dataset((d) => {
      d.disclosure = { budget, finalAccounts };
    });
  assert.equal(scoreOf(ds('full', 'full'), rule, '3').score, '3.00');
  assert.equal(scoreOf(ds('partial', 'none'), rule, '3').score, '1.00');
  assert.equal(scoreOf(ds('exempt', 'partial'), rule, '3').score, '2.50');
});
