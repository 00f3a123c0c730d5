/**
 * The rule kinds added for other jurisdictions' frameworks (targetRate, lowerIsBetter, targets by name,
 * framework-declared target categories) at their edges, and the registry as the one list of kinds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { leaves, score } from '../../src/core/score.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import { parseFramework, unknownTargetCategories } from '../../src/core/framework/validate.ts';
import { RULE_KINDS, RULES, evaluatorAsks } from '../../src/core/rules/registry.ts';
import type { Rule } from '../../src/core/framework/schema.ts';
import { ROOT, reparse, seedInput, singleRuleFramework } from '../helpers.ts';

type Input = Record<string, unknown>;
function dataset(change: (d: Input) => void): Dataset {
  const d = seedInput();
  change(d);
  return reparse(d);
}
const staff = (inPost: number, extra: number) =>
  dataset((d) => {
    d.staff = { authorizedPosts: 30, staffInPost: inPost, extraStaff: extra };
  });
const satisfaction = (s: string) =>
  dataset((d) => {
    d.satisfaction = { score: s };
  });
function leaf(ds: Dataset, rule: unknown, weight = '6', extra: Input = {}) {
  const fw = parseFramework({
    id: 'test-single',
    name: '测试框架',
    total: weight,
    ...extra,
    indicators: [{ code: 'l1', name: '一级', weight, children: [{ code: 'x', name: '被测', weight, rule }] }],
  });
  if (!fw.ok) throw new Error(JSON.stringify(fw.errors));
  return leaves(score(ds, fw.value))[0]!;
}
function loadErrors(rule: unknown, weight = '6', extra: Input = {}): string[] {
  const r = parseFramework({
    id: 'test-errors',
    name: '测试框架',
    total: weight,
    ...extra,
    indicators: [{ code: 'l1', name: '一级', weight, children: [{ code: 'x', name: '被测', weight, rule }] }],
  });
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

test('targetRate: actual ÷ target × points, a target below 100 % and the cap', () => {
  // 86.52 ÷ 90 = 0.96133…, × 6 = 5.768 → 5.77
  const r = leaf(satisfaction('86.52'), { kind: 'targetRate', metric: 'satisfaction.score', target: 90 });
  assert.equal(r.score, '5.77');
  assert.match(r.losses![0]!.reason, /目标 90/);
  // Above the target: capped at 100 % by default, at the stated cap otherwise (then points bound it).
  const over = { kind: 'targetRate', metric: 'satisfaction.score', target: 80, points: 5 };
  assert.equal(leaf(satisfaction('86.52'), over).score, '5.00');
  // 编外人员控制率 1/21 = 4.7619 % against a target of 70 % of 10 %, i.e. 7 %: 0.68027… × 1 = 0.68
  const rate = { kind: 'targetRate', metric: 'staff.extraStaffRate', target: '7%' };
  assert.equal(leaf(staff(20, 1), rate, '1').score, '0.68');
});

test('targetRate: zero actual scores 0; zero target and missing figures follow ifMissing', () => {
  const rule = { kind: 'targetRate', metric: 'staff.extraStaffRate', target: '70%' };
  const zero = leaf(staff(20, 0), rule, '2');
  assert.equal(zero.score, '0.00');
  assert.equal(zero.lost, '2.00');
  // No staff at all: the rate cannot be computed → ifMissing (here 1.5), listed as missing evidence.
  const none = leaf(staff(0, 0), { ...rule, ifMissing: 1.5 }, '2');
  assert.equal(none.score, '1.50');
  assert.ok(none.missing!.length > 0);
  // ifMissing with a note: 0/0 is scored as the framework states, not missing evidence.
  const stated = leaf(staff(0, 0), { ...rule, ifMissing: { score: 'full', note: '无人员时按满分计' } }, '2');
  assert.equal(stated.score, '2.00');
  assert.deepEqual(stated.missing, []);
  // A target of 0 cannot be divided by.
  const zeroTarget = leaf(staff(20, 1), { ...rule, target: 0, ifMissing: 1 }, '2');
  assert.equal(zeroTarget.score, '1.00');
  assert.match(zeroTarget.missing!.join(''), /目标值为 0/);
});

test('targetRate and lowerIsBetter: the target may be a metric', () => {
  const r = leaf(satisfaction('86.52'), {
    kind: 'targetRate',
    metric: 'satisfaction.score',
    targetMetric: 'satisfaction.score',
  });
  assert.equal(r.score, '6.00');
  assert.ok(r.inputs!.length === 2 || r.inputs!.length === 1);
});

test('lowerIsBetter: target ÷ actual × points; at or below the target, and 0, score full', () => {
  const rule = { kind: 'lowerIsBetter', metric: 'staff.extraStaffRate', target: '5%' };
  assert.equal(leaf(staff(18, 2), rule, '1').score, '0.50'); // 2/20 = 10 %: 5 ÷ 10
  assert.equal(leaf(staff(20, 1), rule, '1').score, '1.00'); // 4.76 % ≤ 5 %
  assert.equal(leaf(staff(19, 1), rule, '1').score, '1.00'); // exactly 5 %
  const zero = leaf(staff(20, 0), rule, '1');
  assert.equal(zero.score, '1.00');
  assert.match(zero.steps!.join(''), /为 0/);
  // 3/29 = 10.3448 %: 5 ÷ 10.3448 = 0.48333… → 0.48 of 1 point; of 3 points 1.45
  assert.equal(leaf(staff(26, 3), rule, '3').score, '1.45');
  // A target of 0 that the actual exceeds: 0 points.
  assert.equal(leaf(staff(18, 2), { ...rule, target: 0 }, '1').score, '0.00');
  // Missing figure → ifMissing.
  assert.equal(leaf(staff(0, 0), { ...rule, ifMissing: 0.4 }, '1').score, '0.40');
  assert.equal(leaf(staff(0, 0), rule, '1').score, '0.00');
});

test('targetRate and lowerIsBetter: load checks in Chinese', () => {
  const both = loadErrors({
    kind: 'lowerIsBetter',
    metric: 'satisfaction.score',
    target: 5,
    targetMetric: 'satisfaction.score',
  });
  assert.match(both.join('\n'), /二者取一/);
  const neither = loadErrors({ kind: 'targetRate', metric: 'satisfaction.score' });
  assert.match(neither.join('\n'), /二者取一/);
  const unknown = loadErrors({ kind: 'targetRate', metric: 'no.such', target: 1 });
  assert.match(unknown.join('\n'), /指标量“no.such”不存在/);
  const points = loadErrors({ kind: 'targetRate', metric: 'satisfaction.score', target: 90, points: 7 });
  assert.match(points.join('\n'), /分值超过指标分值/);
  assert.deepEqual(loadErrors({ kind: 'targetRate', metric: 'satisfaction.score', target: '70%' }), []);
});

const withTargets = (targets: Input[]) =>
  dataset((d) => {
    d.targets = targets;
  });

test('targets by name: the named targets scored; a named target not declared loses its share', () => {
  const ds = withTargets([
    { category: '数量指标', name: '培训场次', target: '≥10 场', actual: '8 场' },
    { category: '数量指标', name: '宣传次数', target: '≥4 次', actual: '4 次' },
    { category: '质量指标', name: '合格率', target: '≥90%', actual: '95%' },
  ]);
  const rule = { kind: 'targets', names: ['培训场次', '宣传次数'], evaluatorOverride: false };
  // 3 points each: 8 ÷ 10 × 3 = 2.4, and 3.
  const r = leaf(ds, rule, '6');
  assert.equal(r.score, '5.40');
  // The framework names a third target the department did not declare: weight split in three.
  const absent = leaf(ds, { ...rule, names: [...rule.names, '慰问人数'] }, '6');
  assert.equal(absent.score, '3.60'); // 8/10 × 2 + 2
  assert.match(absent.missing!.join(''), /慰问人数/);
  // Names and categories together: the union.
  const both = leaf(ds, { ...rule, names: ['培训场次'], categories: ['质量指标'] }, '6');
  assert.equal(both.score, '5.40'); // 8/10 × 3 + 3
  // Neither names nor categories: refused when the framework is loaded.
  assert.match(loadErrors({ kind: 'targets' }).join(''), /至少一项/);
});

test('target categories beyond the MOF nine: declared by the framework, accepted by the dataset', () => {
  const ds = withTargets([{ category: '履职效能指标', name: '办结率', target: '≥90%', actual: '81%' }]);
  const rule = { kind: 'targets', categories: ['履职效能指标'], evaluatorOverride: false };
  assert.match(loadErrors(rule).join(''), /目标类别“履职效能指标”不存在/);
  const extra = { targetCategories: ['履职效能指标'] };
  assert.deepEqual(loadErrors(rule, '6', extra), []);
  assert.equal(leaf(ds, rule, '6', extra).score, '5.40'); // 81 ÷ 90 × 6
  // The dataset's categories are checked against the framework it is scored with.
  assert.equal(unknownTargetCategories(ds, { name: '甲', targetCategories: ['履职效能指标'] }).length, 0);
  const wrong = unknownTargetCategories(ds, { name: '甲' });
  assert.equal(wrong.length, 1);
  assert.match(wrong[0]!.message, /履职效能指标/);
  // Declaring one of the nine again is refused.
  assert.match(loadErrors(rule, '6', { targetCategories: ['数量指标'] }).join(''), /已是财政部规定/);
});

test('the registry is the one list of kinds: the schema error names every kind', () => {
  const errs = loadErrors({ kind: 'nope' });
  for (const k of RULE_KINDS) assert.ok(errs.join('').includes(k), k);
  for (const k of RULE_KINDS) assert.ok(RULES[k].label && !/[a-z]/i.test(RULES[k].label), k);
});

test('evaluator questions come from the rule kinds, through composites and vetoes', () => {
  const rule = {
    kind: 'veto',
    item: 'misuse',
    text: '发生违规支出',
    rule: {
      kind: 'composite',
      parts: [
        {
          id: 'a',
          name: '甲',
          points: 1,
          rule: { kind: 'checklist', items: [{ id: 'i1', text: '制度健全', points: 1 }] },
        },
        { id: 'b', name: '乙', points: 1, rule: { kind: 'deduction', per: 0.5 } },
        {
          id: 'c',
          name: '丙',
          points: 1,
          rule: { kind: 'targetRate', metric: 'satisfaction.score', target: 90 },
        },
      ],
    },
  };
  const fw = singleRuleFramework(rule, '3');
  const asks = evaluatorAsks(fw.indicators[0]!.children![0]!.rule as Rule);
  assert.deepEqual(
    asks.items.map((i) => i.id),
    ['i1'],
  );
  assert.equal(asks.deductions, true);
  assert.equal(asks.score, false);
  assert.deepEqual(
    asks.events.map((e) => e.id),
    ['misuse'],
  );
  const figures = singleRuleFramework({ kind: 'lowerIsBetter', metric: 'satisfaction.score', target: 1 });
  const none = evaluatorAsks(figures.indicators[0]!.children![0]!.rule as Rule);
  assert.deepEqual(
    [none.items.length, none.score, none.deductions, none.events.length],
    [0, false, false, 0],
  );
});

test('every rule module can be imported first in a fresh process (no import cycle)', () => {
  const dir = join(ROOT, 'src/core/rules');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.includes('composite.ts') && files.includes('veto.ts') && files.includes('registry.ts'));
  for (const f of files) {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(join(dir, f))}); console.log('ok');`,
      ],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    assert.equal(out.trim(), 'ok', f);
  }
});
