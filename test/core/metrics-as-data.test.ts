/**
 * Metrics are declarations (label, unit, formula) compiled once: the formula language computes in exact
 * decimals, a framework's own metrics are validated with Chinese errors placed in the file, and the
 * built-in declarations form no cycle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from '../../src/core/decimal.ts';
import { frameworkErrorPlace } from '../../src/core/labels.ts';
import { BUILTIN_METRICS } from '../../src/core/metrics/builtin.ts';
import { FUNCTIONS } from '../../src/core/metrics/expression.ts';
import { METRICS, MetricContext, findCycle, metricDef } from '../../src/core/metrics/registry.ts';
import { metricLabel } from '../../src/core/metrics/labels.ts';
import { parseFramework } from '../../src/core/framework/validate.ts';
import { score, type IndicatorResult } from '../../src/core/score.ts';
import type { Framework } from '../../src/core/framework/schema.ts';
import { seedDataset } from '../helpers.ts';

function framework(extra: Record<string, unknown>, metric = 'probe') {
  return parseFramework({
    id: 'metric-probe',
    name: '测试框架',
    total: 10,
    ...extra,
    indicators: [
      {
        code: 'l1',
        name: '一级',
        weight: 10,
        children: [{ code: 'x', name: '被测指标', weight: 10, rule: { kind: 'proportional', metric } }],
      },
    ],
  });
}

function value(formula: string, figures: Record<string, unknown> = {}, fields: unknown[] = []) {
  const fw = framework({ fields, metrics: [{ id: 'probe', label: '探针', unit: 'amount', formula }] });
  assert.ok(fw.ok, JSON.stringify(!fw.ok && fw.errors));
  const ds = { ...seedDataset(), figures } as ReturnType<typeof seedDataset>;
  return new MetricContext(ds, fw.value).get('probe');
}

test('the built-in metrics are declarations with a formula, and none depends on itself through others', () => {
  for (const [name, decl] of Object.entries(BUILTIN_METRICS)) {
    assert.ok(decl.formula.trim(), name);
    assert.equal(METRICS[name]!.expression, decl.formula);
  }
  assert.equal(findCycle(BUILTIN_METRICS), null);
  assert.ok(Object.keys(BUILTIN_METRICS).length >= 54);
});

test('formulas compute in exact decimals: numbers are read from their text, not through a binary float', () => {
  assert.equal(String(value('0.1 + 0.2')), '0.3');
  const third = value('1 / 3') as Decimal;
  assert.ok(third instanceof Decimal);
  assert.equal(third.toString(), new Decimal(1).dividedBy(3).toString()); // the project's precision (40)
  assert.equal(String(value('round(2.675, 2)')), '2.68'); // half up
  assert.equal(String(value('min(3, 1.5, 2) + max(1, 4) + abs(-2)')), '7.5');
});

test('a missing value or a zero base gives null, which spreads; ifnull and total supply the fallback', () => {
  assert.equal(value('1 / 0'), null);
  assert.equal(value('figures.a + 1', {}, [{ id: 'a', label: '甲', kind: 'amount' }]), null);
  assert.equal(
    String(value('ifnull(figures.a, 5) + 1', {}, [{ id: 'a', label: '甲', kind: 'amount' }])),
    '6',
  );
  assert.equal(String(value('total(figures.a, 2)', {}, [{ id: 'a', label: '甲', kind: 'amount' }])), '2');
  assert.equal(
    String(
      value('figures.p.actual / figures.p.target', { p: { target: '8', actual: '6' } }, [
        { id: 'p', label: '乙', kind: 'count', pair: true },
      ]),
    ),
    '0.75',
  );
});

test('sum and count go over a list with a filter on each item', () => {
  // Seed adjustments: personnel −108.60, publicOperating −0.70, project +50.00.
  assert.equal(String(value('sum(adjustments, item.amount, item.amount > 0)')), '50');
  assert.equal(String(value('sum(adjustments, item.amount, item.category == "personnel")')), '-108.6');
  assert.equal(String(value('count(adjustments, item.amount < 0)')), '2');
  assert.equal(String(value('execution.quarterlyCumulative[3]')), '3085.88');
  assert.equal(String(value('keyTasks.total > 3 ? 1 : 2')), '1');
});

test('framework metrics are checked on load: syntax, unknown names, cycles, clashes — in Chinese, placed in the file', () => {
  const cases: [Record<string, unknown>, RegExp, string][] = [
    [{ metrics: [{ id: 'probe', label: '探针', unit: 'ratio', formula: '(1 +' }] }, /写法有误/, 'formula'],
    [
      { metrics: [{ id: 'probe', label: '探针', unit: 'ratio', formula: 'budget.nothing / 2' }] },
      /budget\.nothing/,
      'formula',
    ],
    [
      { metrics: [{ id: 'probe', label: '探针', unit: 'ratio', formula: 'figures.x' }] },
      /figures\.x/,
      'formula',
    ],
    [
      { metrics: [{ id: 'probe', label: '探针', unit: 'ratio', formula: 'nosuch(1)' }] },
      /函数“nosuch”不存在/,
      'formula',
    ],
    [
      {
        metrics: [
          { id: 'probe', label: '探针', unit: 'ratio', formula: 'other + 1' },
          { id: 'other', label: '另一个', unit: 'ratio', formula: 'probe * 2' },
        ],
      },
      /循环引用：探针 → 另一个 → 探针|循环引用：另一个 → 探针 → 另一个/,
      'formula',
    ],
    [
      { metrics: [{ id: 'execution.rate', label: '重名', unit: 'ratio', formula: '1' }] },
      /与内置指标量重名/,
      'id',
    ],
    [
      { metrics: [{ id: 'staff.extraStaff', label: '重名', unit: 'count', formula: '1' }] },
      /与数据字段重名/,
      'id',
    ],
  ];
  for (const [extra, message, key] of cases) {
    const r = framework(extra, 'execution.rate');
    assert.equal(r.ok, false, JSON.stringify(extra));
    const e = !r.ok ? r.errors.find((x) => message.test(x.message)) : undefined;
    assert.ok(e, `${JSON.stringify(extra)} → ${JSON.stringify(!r.ok && r.errors)}`);
    assert.match(frameworkErrorPlace(e.path), /第 \d+ 个指标量/);
    assert.match(frameworkErrorPlace(e.path), key === 'formula' ? /公式/ : /编号/);
  }
  // A rule naming a metric the framework does not declare is refused like an unknown built-in.
  const unknown = framework({}, 'probe');
  assert.equal(unknown.ok, false);
});

test('a rule scores a framework metric exactly like a built-in one, with its label and generated formula text', () => {
  const fw = framework({
    fields: [{ id: 'sessions', label: '培训期数', unit: '期', kind: 'count', pair: true }],
    metrics: [
      {
        id: 'probe',
        label: '培训计划完成率',
        unit: 'ratio',
        formula: 'figures.sessions.actual / figures.sessions.target',
      },
    ],
  });
  assert.ok(fw.ok, JSON.stringify(!fw.ok && fw.errors));
  const ds = { ...seedDataset(), figures: { sessions: { target: '8', actual: '6' } } } as ReturnType<
    typeof seedDataset
  >;
  const leaf = score(ds, fw.value).indicators[0]!.children![0]!;
  assert.equal(leaf.score, '7.50');
  assert.equal(leaf.inputs?.[0]?.label, '培训计划完成率');
  assert.equal(leaf.inputs?.[0]?.formula, '培训期数实际值/培训期数目标值×100%');
});

test('two frameworks may declare the same metric name with different formulas: each scores with its own', () => {
  // Province A reads the rate against the target, province B against the actual; both call it “rate”,
  // with their own label, and a tier condition and a proportional rule reading it side by side.
  const fields = [{ id: 'sessions', label: '培训期数', unit: '期', kind: 'count', pair: true }];
  const declare = (label: string, formula: string) => ({
    fields,
    metrics: [{ id: 'rate', label, unit: 'ratio', formula }],
  });
  const a = framework(declare('培训计划完成率', 'figures.sessions.actual / figures.sessions.target'), 'rate');
  const b = framework(
    declare('培训超额比例', '1 - figures.sessions.target / figures.sessions.actual'),
    'rate',
  );
  assert.ok(a.ok && b.ok, JSON.stringify([!a.ok && a.errors, !b.ok && b.errors]));
  const ds = { ...seedDataset(), figures: { sessions: { target: '8', actual: '10' } } } as ReturnType<
    typeof seedDataset
  >;
  const leaf = (fw: Framework): IndicatorResult => score(ds, fw).indicators[0]!.children![0]!;
  for (let round = 0; round < 2; round++) {
    // 10/8 = 125 % capped at 100 %: full marks; 1 − 8/10 = 20 %: 2 of 10 points.
    const la = leaf(a.value);
    const lb = leaf(b.value);
    assert.equal(la.score, '10.00');
    assert.equal(la.inputs?.[0]?.label, '培训计划完成率');
    assert.equal(la.inputs?.[0]?.value, '125.00%');
    assert.equal(la.inputs?.[0]?.formula, '培训期数实际值/培训期数目标值×100%');
    assert.equal(lb.score, '2.00');
    assert.equal(lb.inputs?.[0]?.label, '培训超额比例');
    assert.equal(lb.inputs?.[0]?.value, '20.00%');
    assert.equal(lb.inputs?.[0]?.formula, '1−培训期数目标值/培训期数实际值×100%');
    assert.equal(new MetricContext(ds, a.value).get('rate')!.toString(), '1.25');
    assert.equal(new MetricContext(ds, b.value).get('rate')!.toString(), '0.2');
  }
  // Neither framework's metric joins the built-in list that other frameworks read.
  assert.equal(METRICS['rate'], undefined);
  assert.equal(metricDef('rate', a.value)?.label, '培训计划完成率');
  assert.equal(metricDef('rate', b.value)?.label, '培训超额比例');
  assert.equal(metricDef('budget.adjusted.total', b.value), METRICS['budget.adjusted.total']);
  // The light label lookup (labels.ts, the web) names every metric as the compiled definitions do.
  for (const fw of [a.value, b.value, undefined])
    for (const name of [...Object.keys(METRICS), 'rate', 'nonexistent.metric'])
      assert.equal(metricLabel(name, fw), metricDef(name, fw)?.label, name);
});

test('every formula function is documented with a signature and a Chinese description', () => {
  for (const [name, f] of Object.entries(FUNCTIONS)) {
    assert.ok(f.signature.startsWith(`${name}(`), name);
    assert.match(f.doc, /[\u4e00-\u9fff]/, name);
  }
});
