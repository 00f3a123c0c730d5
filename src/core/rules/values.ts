/**
 * Reading metrics for rules: display, ratio precision, conditions. A metric's label and unit are the
 * scored framework's (its own metrics, then the built-in ones), read through the rule's context.
 */
import { Decimal, HUNDRED, cmp, constant, fixed, money, percent, roundHalfUp } from '../decimal.ts';
import type { Condition } from '../framework/schema.ts';
import type { MetricDef, MetricValue } from '../metrics/registry.ts';
import type { RuleContext, RuleInput } from './types.ts';

/** A metric's label under the framework being scored (the name itself when unknown). */
export function labelOf(metric: string, ctx: RuleContext): string {
  return ctx.metrics.def(metric)?.label ?? metric;
}

export function displayValue(metric: string, v: MetricValue, ctx: RuleContext): string {
  return display(ctx.metrics.def(metric)?.unit, v);
}

function display(unit: MetricDef['unit'] | undefined, v: MetricValue): string {
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
  const def = ctx.metrics.def(metric)!;
  return {
    metric,
    label: def.label,
    value: display(def.unit, ctx.metrics.get(metric)),
    formula: def.formula,
  };
}

/** A ratio at the precision the framework compares at (settings.ratioPlaces), else exact. */
export function atPrecision(metric: string, v: Decimal, ctx: RuleContext): Decimal {
  const places = ctx.settings.ratioPlaces;
  if (places === undefined) return v;
  const unit = ctx.metrics.def(metric)?.unit;
  return unit === 'ratio' || unit === 'ratios' ? roundHalfUp(v, places) : v;
}

/** A numeric metric ready for a rule, or null when it cannot be computed. */
export function numeric(metric: string, ctx: RuleContext): Decimal | null {
  const v = ctx.metrics.get(metric);
  return v instanceof Decimal ? atPrecision(metric, v, ctx) : null;
}

const THRESHOLD_TEXT = new Map<string, string>();

/** A framework threshold as people read it ("90%"); the same few for every department, formatted once. */
export function showThreshold(metric: string, value: string | boolean, ctx: RuleContext): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (ctx.metrics.def(metric)?.unit !== 'ratio') return value;
  let t = THRESHOLD_TEXT.get(value);
  if (t === undefined) {
    t = `${constant(value).times(HUNDRED).toString()}%`;
    if (THRESHOLD_TEXT.size < 10_000) THRESHOLD_TEXT.set(value, t);
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

export function describeCondition(cond: Condition, ctx: RuleContext): string {
  return `${labelOf(cond.metric, ctx)}${OPS[cond.op]}${showThreshold(cond.metric, cond.value, ctx)}`;
}

const DESCRIBED = new WeakMap<readonly Condition[], { set: object; text: string }>();

/**
 * Conditions joined with 且, as a checklist item or a rule states them: the same text for every
 * department, so written once per framework's condition list and metric set (kept with the list, so
 * no growth; a list read under another metric set is described again).
 */
export function describeConditions(conds: readonly Condition[], ctx: RuleContext): string {
  const set = ctx.metrics.set;
  const hit = DESCRIBED.get(conds);
  if (hit && hit.set === set) return hit.text;
  const text = conds.map((c) => describeCondition(c, ctx)).join('且');
  if (set) DESCRIBED.set(conds, { set, text });
  return text;
}
