import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import type { Dataset, ProjectItem } from '../../src/core/dataset/schema.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { parseFramework } from '../../src/core/framework/validate.ts';
import { findProject, scoreProject, scoreProjects } from '../../src/core/projects/project.ts';
import { score } from '../../src/core/score.ts';

const seed = loadDataset('examples/futian-zonggonghui-2023.yaml');
const mof = loadFramework('mof-project-2020');
const futian = loadFramework('futian-2023');
if (!seed.ok || !mof.ok || !futian.ok) throw new Error('example or frameworks do not load');
const ds = seed.value;
const fw = mof.value;

function project(name: string): ProjectItem {
  const r = findProject(ds, name);
  if (!r.ok) throw new Error(r.finding.message);
  return r.value;
}

function withProject(p: Record<string, unknown>): Dataset {
  const raw = structuredClone(ds) as unknown as { projects: { items: unknown[] } };
  raw.projects.items = [p];
  const r = parseDataset(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('the seed example stays as it was', () => {
  it('still scores 93.96 under futian-2023 with the constructed parts added', () => {
    assert.equal(score(ds, futian.value).total, '93.96');
  });
  it('the constructed projects and monitoring are marked constructed', () => {
    assert.ok((ds.projects.items ?? []).length >= 2);
    for (const p of ds.projects.items ?? []) assert.equal(p.constructed, true, p.name);
    assert.equal(ds.monitoring?.constructed, true);
  });
});

describe('mof-project-2020 is a framework as data', () => {
  it('loads through parseFramework with weights 10 / 50 / 30 / 10', () => {
    assert.equal(fw.scope, 'project');
    assert.deepEqual(
      fw.indicators.map((n) => [n.name, n.weight]),
      [
        ['预算执行率', '10'],
        ['产出指标', '50'],
        ['效益指标', '30'],
        ['满意度指标', '10'],
      ],
    );
  });
  it('a targets rule naming an unknown category is refused with its path', () => {
    const bad = structuredClone(fw) as unknown as { indicators: { rule: Record<string, unknown> }[] };
    bad.indicators[1]!.rule = { kind: 'targets', categories: ['产出'] };
    const r = parseFramework(bad);
    assert.equal(r.ok, false);
    assert.ok(
      !r.ok && r.errors.some((e) => e.path === 'indicators[1].rule.categories[0]'),
      JSON.stringify(r),
    );
  });
});

describe('project table worked by hand: 法律维权服务 (constructed figures)', () => {
  const t = scoreProject(ds, project('法律维权服务'), fw);
  it('funds: 66.50 ÷ 71.00 = 0.936619… → 93.66 %; × 10 = 9.366… → 9.37', () => {
    assert.deepEqual(t.funds, {
      initialBudget: '80.00',
      adjustedBudget: '71.00',
      executed: '66.50',
      rate: '93.66',
      weight: '10.00',
      score: '9.37',
    });
  });
  it('产出 50: 10 (3 名 ≥ 3 名) + 10 (100% ≥ 5%) + 15 (66.50 ≤ 75 万元) + 10.50 (定性“部分达成”, 15 × 70%) = 45.50', () => {
    const out = t.indicators.find((i) => i.code === 'outputs')!;
    assert.deepEqual(
      out.rows.map((r) => [r.name, r.weight, r.score]),
      [
        ['聘请法律顾问人数', '10.00', '10.00'],
        ['协助诉调室调解成功率', '10.00', '10.00'],
        ['法律顾问服务费', '15.00', '15.00'],
        ['法律顾问服务费支付及时性', '15.00', '10.50'],
      ],
    );
    assert.equal(out.score, '45.50');
  });
  it('效益 30: 100% against 90%有效 → 30.00; 满意度 10: 88 ÷ 90 × 10 = 9.777… → 9.78', () => {
    assert.equal(t.indicators.find((i) => i.code === 'outcomes')!.score, '30.00');
    assert.equal(t.indicators.find((i) => i.code === 'satisfaction')!.score, '9.78');
  });
  it('total 9.37 + 45.50 + 30.00 + 9.78 = 94.65', () => assert.equal(t.total, '94.65'));
  it('调解成功率 100% against ≥5% is 2000 %: its deviation reason is given, so no finding', () => {
    assert.deepEqual(t.findings, []);
  });
  it('the points lost are the engine’s problems', () => {
    assert.deepEqual(
      t.result.problems.map((p) => [p.code, p.lost]),
      [
        ['budget-execution', '0.63'],
        ['outputs', '4.50'],
        ['satisfaction', '0.22'],
      ],
    );
  });
});

describe('project table worked by hand: 区退休职工管理 (constructed figures)', () => {
  const t = scoreProject(ds, project('区退休职工管理'), fw);
  it('468.32 ÷ 476.00 = 0.983865… → 98.39 %, 9.838… → 9.84; all targets met; total 99.84', () => {
    assert.equal(t.funds?.rate, '98.39');
    assert.equal(t.funds?.score, '9.84');
    assert.equal(t.total, '99.84');
  });
});

describe('edge cases are findings, never silent, never a crash', () => {
  it('initial budget zero (a project added in the year): scored on the full-year budget, with a note', () => {
    const t = scoreProject(ds, project('疫情防控临时性工作补助'), fw);
    assert.equal(t.funds?.score, '10.00');
    assert.ok(t.findings.some((f) => f.code === 'initialBudgetZero' && f.severity === 'info'));
    // it has no 满意度 target: 0 of 10, and said so
    assert.ok(t.findings.some((f) => f.code === 'noTargets' && f.message.includes('满意度')));
    assert.equal(t.total, '90.00');
  });
  it('full-year budget zero: no rate, 0 of 10, a warning', () => {
    const d = withProject({ name: 'X', initialBudget: '0', adjustedBudget: '0', executed: '0', targets: [] });
    const t = scoreProject(d, d.projects.items![0]!, fw);
    assert.equal(t.funds?.rate, null);
    assert.equal(t.funds?.score, '0.00');
    assert.deepEqual(
      t.findings.map((f) => f.code),
      ['initialBudgetZero', 'adjustedBudgetZero', 'noTargets', 'noTargets', 'noTargets', 'noTargets'],
    );
    assert.ok(t.result.missing.length > 0);
  });
  it('missing full-year budget or executed: the rate is missing, not taken from the department', () => {
    const d = withProject({ name: 'Y', initialBudget: '10', executed: '5' });
    const t = scoreProject(d, d.projects.items![0]!, fw);
    assert.equal(t.funds?.score, '0.00');
    assert.ok(t.findings.some((f) => f.code === 'adjustedBudgetMissing'));
    const d2 = withProject({ name: 'Z', initialBudget: '10', adjustedBudget: '10' });
    const t2 = scoreProject(d2, d2.projects.items![0]!, fw);
    assert.ok(t2.findings.some((f) => f.code === 'executedMissing'));
    assert.equal(t2.funds?.rate, null);
  });
  it('executed above budget: capped at 100 %, with a warning', () => {
    const d = withProject({ name: 'W', initialBudget: '10', adjustedBudget: '10', executed: '12' });
    const t = scoreProject(d, d.projects.items![0]!, fw);
    assert.equal(t.funds?.score, '10.00');
    assert.ok(t.findings.some((f) => f.code === 'executedOverBudget'));
  });
  it('missing actual and non-numeric actual for a quantitative target: 0 points, findings, no crash', () => {
    const d = withProject({
      name: 'V',
      initialBudget: '10',
      adjustedBudget: '10',
      executed: '10',
      targets: [
        { category: '数量指标', name: '场次', target: '≥4 场' },
        { category: '质量指标', name: '合格率', target: '≥95%', actual: '良好' },
      ],
    });
    const t = scoreProject(d, d.projects.items![0]!, fw);
    const out = t.indicators.find((i) => i.code === 'outputs')!;
    assert.deepEqual(
      out.rows.map((r) => [r.score, r.scored]),
      [
        ['0.00', false],
        ['0.00', false],
      ],
    );
    assert.deepEqual(
      t.findings
        .filter((f) => f.code === 'actualMissing' || f.code === 'actualNotNumeric')
        .map((f) => f.code),
      ['actualMissing', 'actualNotNumeric'],
    );
    assert.ok(t.result.missing.some((m) => m.message.includes('不是数值')));
  });
  it('a project that is not there is a finding listing the ones that are', () => {
    const r = findProject(ds, '不存在的项目');
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.finding.message.includes('区退休职工管理'));
  });
  it('a unique partial name finds the project', () => {
    const r = findProject(ds, '法律维权');
    assert.ok(r.ok && r.value.name === '法律维权服务');
  });
  it('every project of the example is scored, none above 100', () => {
    const all = scoreProjects(ds, fw);
    assert.equal(all.length, 3);
    for (const t of all) assert.ok(Number(t.total) <= 100 && Number(t.total) >= 0);
  });
});
