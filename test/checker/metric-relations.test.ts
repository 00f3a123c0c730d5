/**
 * Where the metric registry declares a figure under the same name as the report checker, over figures
 * a report prints under the same names (a sum or a ratio), the checker derives it from the metric's
 * formula; its own relations remain the alternatives when the metric's operands are not printed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decimal } from '../../src/core/decimal.ts';
import { BUILTIN_METRICS } from '../../src/core/metrics/builtin.ts';
import type { Extraction, Fact } from '../../src/checker/facts.ts';
import { Model } from '../../src/checker/model.ts';

function fact(key: string, value: string, line: number): Fact {
  return {
    key,
    value: new Decimal(value),
    raw: value,
    places: value.split('.')[1]?.length ?? 0,
    unit: key.endsWith('Rate') || key.endsWith('.rate') ? 'percent' : 'amount',
    line,
    where: `第 ${line} 行`,
    section: '',
    source: 'text',
    group: String(line),
  };
}

function model(figures: Record<string, string>): Model {
  const facts = Object.entries(figures).map(([k, v], i) => fact(k, v, i + 1));
  const extraction: Extraction = {
    year: 2023,
    department: '测试部门',
    facts,
    targets: [],
    actuals: [],
    scoring: [],
    tablesRead: [],
  };
  return new Model(extraction);
}

test('政府采购执行率 and 财政供养人员控制率 follow the metrics’ formulas', () => {
  assert.equal(BUILTIN_METRICS['procurement.rate']!.formula, 'procurement.actual / procurement.planned');
  const m = model({
    'procurement.actual': '45.00',
    'procurement.planned': '60.00',
    'procurement.rate': '70.00',
    'staff.posts.civil': '20',
    'staff.posts.worker': '5',
    'staff.staffInPost': '24',
  });
  const rate = m.get('procurement.rate')!;
  assert.ok(rate.derived);
  assert.equal(rate.value.toFixed(2), '75.00'); // 45 ÷ 60, not the printed 70.00
  assert.deepEqual(rate.ratio, { num: 'procurement.actual', den: 'procurement.planned', abs: false });
  // The metric's denominator (核定编制数) is itself the report's sum of its parts.
  const funded = m.get('staff.fundedControlRate')!;
  assert.ok(funded.derived);
  assert.equal(funded.value.toFixed(2), '96.00');
});

test('预算合计 is the metric’s sum of the three categories, else 基本支出 + 项目支出', () => {
  const byCategory = model({
    'budget.initial.personnel': '100.10',
    'budget.initial.publicOperating': '20.20',
    'budget.initial.project': '300.30',
  }).get('budget.initial.total')!;
  assert.equal(byCategory.value.toFixed(2), '420.60');
  assert.equal(byCategory.parts, 3);
  const byBasic = model({ 'budget.initial.basic': '120.30', 'budget.initial.project': '300.30' }).get(
    'budget.initial.total',
  )!;
  assert.equal(byBasic.value.toFixed(2), '420.60');
  assert.equal(byBasic.parts, 2);
});

test('日常公用经费控制率: over the printed adjusted budget (the metric), else over 公用经费', () => {
  const printed = model({
    'dailyOperating.actual': '90.00',
    'dailyOperating.adjustedBudget': '100.00',
    'budget.adjusted.publicOperating': '120.00',
  }).get('dailyOperating.controlRate')!;
  assert.equal(printed.value.toFixed(2), '90.00');
  const fallback = model({
    'dailyOperating.actual': '90.00',
    'budget.adjusted.publicOperating': '120.00',
  }).get('dailyOperating.controlRate')!;
  assert.equal(fallback.value.toFixed(2), '75.00');
});
