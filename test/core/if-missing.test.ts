/**
 * Ratios that are 0/0 — nothing to measure — are scored as the framework file states (ifMissing with a
 * note quoting the framework), not by a silent 0 with “缺少评价依据”; a zero base with something on top
 * is still missing evidence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaves, score } from '../../src/core/score.ts';
import { parseFramework } from '../../src/core/framework/validate.ts';
import { futian, reparse, seedInput, singleRuleFramework } from '../helpers.ts';

type Input = Record<string, unknown>;
function scored(change: (d: Input) => void) {
  const d = seedInput();
  change(d);
  const result = score(reparse(d), futian());
  const byCode = Object.fromEntries(leaves(result).map((l) => [l.code, l]));
  return { result, byCode };
}

const cases: [string, (d: Input) => void, string, string, RegExp][] = [
  [
    'no procurement plan and no procurement',
    (d) => (d.procurement = { planned: '0', actual: '0' }),
    'procurement',
    '2.00',
    /本年度无政府采购计划，也无实际采购，政府采购执行率无法计算；按框架说明得 1\.00 分：框架原文为“政府采购执行率得分=政府采购执行率×1分/,
  ],
  [
    '三公 budget 0 and spend 0',
    (d) => (d.threePublicCosts = { budget: {}, actual: {} }),
    'cost-control',
    '6.00',
    /本年度“三公”经费预算和实际支出均为 0.*按框架说明得 3\.00 分/,
  ],
  [
    'no fixed assets',
    (d) => ((d.assets as Input).fixed = []),
    'asset-utilization',
    '1.00',
    /本部门无固定资产（原值合计为 0）.*没有固定资产也就没有闲置资产/,
  ],
  [
    'no projects',
    (d) => Object.assign(d.projects as Input, { count: 0, completedOnTime: 0 }),
    'project-timeliness',
    '6.00',
    /部门预算未安排二级项目.*“所有部门预算安排的项目均按计划时间完成（6分）”/,
  ],
  [
    'no staff in post and no extra staff',
    (d) => Object.assign(d.staff as Input, { staffInPost: 0, extraStaff: 0 }),
    'extra-staff-control',
    '1.00',
    /在编人数和编外人员数均为 0.*没有使用编外人员，按满分计/,
  ],
];

for (const [what, change, code, want, step] of cases) {
  test(`0/0 as the framework states: ${what} → ${code} ${want}, not missing evidence`, () => {
    const { result, byCode } = scored(change);
    const leaf = byCode[code];
    assert.ok(leaf, `${code} in ${Object.keys(byCode).join(', ')}`);
    assert.equal(leaf.score, want);
    assert.match(leaf.steps!.join('\n'), step);
    assert.deepEqual(
      result.missing.filter((m) => m.code === code),
      [],
      'a case the framework states is not missing evidence',
    );
  });
}

test('a zero base with spending on top is not 0/0: still missing evidence, scored 0', () => {
  const { result, byCode } = scored(
    (d) => (d.threePublicCosts = { budget: {}, actual: { reception: '1.20' } }),
  );
  assert.equal(byCode['cost-control']!.score, '3.00'); // 0 for 三公, 3 for 日常公用经费
  assert.ok(result.missing.some((m) => m.code === 'cost-control' && /“三公”经费控制率/.test(m.message)));
});

test('ifMissing as a plain number still scores it and lists the case as missing evidence', () => {
  const d = seedInput();
  Object.assign(d.projects as Input, { count: 0, completedOnTime: 0 });
  const r = score(
    reparse(d),
    singleRuleFramework({ kind: 'proportional', metric: 'projects.completionRatio', ifMissing: '3' }),
  );
  assert.equal(leaves(r)[0]!.score, '3.00');
  assert.equal(r.missing.length, 1);
});

test('ifMissing: full, a number or {score, note}; anything else is refused with the path', () => {
  const fw = (ifMissing: unknown) =>
    parseFramework({
      id: 'test-if-missing',
      name: '测试',
      total: '6',
      indicators: [
        {
          code: 'a',
          name: '甲',
          weight: '6',
          rule: { kind: 'proportional', metric: 'projects.completionRatio', ifMissing },
        },
      ],
    });
  for (const ok of ['full', '2', { score: 'full', note: '框架未写明' }, { score: '1.5' }])
    assert.ok(fw(ok).ok, JSON.stringify(ok));
  const bad = fw({ score: 'half', note: '' });
  assert.equal(bad.ok, false);
  assert.match(
    !bad.ok ? bad.errors.map((e) => `${e.path}：${e.message}`).join('\n') : '',
    /indicators\[0\]\.rule\.ifMissing/,
  );
});

test('a checklist item scored above its points is counted at its points and named, not silently', () => {
  const d = seedInput();
  const evaluation = d.evaluation as Record<string, { items: Record<string, unknown> }>;
  const code = Object.keys(evaluation).find((k) => evaluation[k]?.items?.spending)!;
  evaluation[code]!.items.spending = { points: '5', reason: '填错' };
  const r = score(reparse(d), futian());
  assert.ok(
    r.missing.some((m) => /评价人得分 5 超出该项分值 0—1，按 1 计/.test(m.message)),
    JSON.stringify(r.missing),
  );
  assert.equal(r.total, '93.96');
});
