/** Reading metrics for rules: display, ratio precision, conditions. */
import { Decimal, HUNDRED, cmp, constant, fixed, money, percent, roundHalfUp } from '../decimal.ts';
import type { Condition } from '../framework/schema.ts';
import { METRICS, type MetricValue } from '../metrics/registry.ts';
import type { RuleContext, RuleInput } from './types.ts';

export function displayValue(metric: string, v: MetricValue): string {
  const unit = METRICS[metric]?.unit;
  if (v === null) return '（无法计算）';
  if (Array.isArray(v)) return v.map((x) => `${percent(x)}%`).join('、');
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  switch (unit) {
    case 'ratio':
      return `${percent(v)}%`;
    case 'amount':
      return `${money(v)}万元`;
    case 'count':
      return v.toFixed(0);
    default:
      return fixed(v);
  }
}

export function input(metric: string, ctx: RuleContext): RuleInput {
  const def = METRICS[metric]!;
  return {
    metric,
    label: def.label,
    value: displayValue(metric, ctx.metrics.get(metric)),
    formula: def.formula,
  };
}

/** A ratio at the precision the framework compares at (settings.ratioPlaces), else exact. */
export function atPrecision(metric: string, v: Decimal, ctx: RuleContext): Decimal {
  const places = ctx.settings.ratioPlaces;
  const unit = METRICS[metric]?.unit;
  return places !== undefined && (unit === 'ratio' || unit === 'ratios') ? roundHalfUp(v, places) : v;
}

/** A numeric metric ready for a rule, or null when it cannot be computed. */
export function numeric(metric: string, ctx: RuleContext): Decimal | null {
  const v = ctx.metrics.get(metric);
  return v instanceof Decimal ? atPrecision(metric, v, ctx) : null;
}

const THRESHOLD_TEXT = new Map<string, string>();

/** A framework threshold as people read it ("90%"); the same few for every department, formatted once. */
export function showThreshold(metric: string, value: string | boolean): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  const key = `${metric}\u0000${value}`;
  let t = THRESHOLD_TEXT.get(key);
  if (t === undefined) {
    const unit = METRICS[metric]?.unit;
    t = unit === 'ratio' ? `${constant(value).times(HUNDRED).toString()}%` : value;
    if (THRESHOLD_TEXT.size < 10_000) THRESHOLD_TEXT.set(key, t);
  }
  return t;
}

export function compare(a: Decimal, op: Condition['op'], b: Decimal): boolean {
  const c = cmp(a, b);
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
  }
}

/** Evaluates a condition; null when its metric cannot be computed. */
export function holds(cond: Condition, ctx: RuleContext): boolean | null {
  const raw = ctx.metrics.get(cond.metric);
  if (typeof cond.value === 'boolean' || typeof raw === 'boolean') {
    if (typeof raw !== 'boolean') return null;
    const want = typeof cond.value === 'boolean' ? cond.value : cond.value === 'true';
    return cond.op === '!=' ? raw !== want : raw === want;
  }
  const v = numeric(cond.metric, ctx);
  return v === null ? null : compare(v, cond.op, constant(cond.value));
}

const OPS: Record<Condition['op'], string> = {
  '<': '<',
  '<=': '≤',
  '>': '>',
  '>=': '≥',
  '=': '=',
  '!=': '≠',
};

export function describeCondition(cond: Condition): string {
  const label = METRICS[cond.metric]?.label ?? cond.metric;
  return `${label}${OPS[cond.op]}${showThreshold(cond.metric, cond.value)}`;
}

const DESCRIBED = new WeakMap<readonly Condition[], string>();

/**
 * Conditions joined with 且, as a checklist item or a rule states them: the same text for every
 * department, so written once per framework's condition list (kept with the list, so no growth).
 */
export function describeConditions(conds: readonly Condition[]): string {
  let t = DESCRIBED.get(conds);
  if (t === undefined) {
    t = conds.map(describeCondition).join('且');
    DESCRIBED.set(conds, t);
  }
  return t;
}
