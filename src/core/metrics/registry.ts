/**
 * Metrics (指标量): every derived figure the frameworks and the report use. Each is a declaration
 * (builtin.ts, or a framework file's `metrics:`) — label, unit, formula — compiled once per framework
 * into closures over exact decimals (expression.ts), and computed on demand per dataset.
 * Rates are ratios (0.9337), shown as percentages; nothing here rounds.
 */
import { Decimal } from '../decimal.ts';
import { datasetSchema, type Dataset } from '../dataset/schema.ts';
import { BUILTIN_METRICS, type MetricDeclaration, type MetricUnit } from './builtin.ts';
import {
  FormulaError,
  compile,
  compileParts,
  formulaText,
  parseFormula,
  referencedNames,
  toDecimal,
  type Compiled,
  type Env,
  type NameKind,
  type Value,
} from './expression.ts';

export type { MetricDeclaration, MetricUnit } from './builtin.ts';
export type MetricValue = Decimal | Decimal[] | string | boolean | null;

export interface MetricDef {
  label: string;
  unit: MetricUnit;
  /** The formula as the report writes it (Chinese). */
  formula?: string;
  /** The formula in the metric formula language (what is computed). */
  expression: string;
  compute(ds: Dataset): MetricValue;
  /** For a ratio with a `none` reading: its numerator and denominator, so 0/0 can be told apart. */
  parts?(ds: Dataset): [Decimal, Decimal];
  /** What 0/0 means in the department's words: “无政府采购计划，也无实际采购”. */
  none?: string;
}

/** What a framework brings: the figures it declares and metrics over them (see framework/schema.ts). */
export interface FrameworkMetricSource {
  id?: string;
  fields?: readonly { id: string; label: string; unit?: string | undefined; pair?: boolean | undefined }[];
  metrics?: readonly ({ id: string } & MetricDeclaration)[];
}

interface CompiledMetric {
  name: string;
  decl: MetricDeclaration;
  fn: Compiled;
  parts: [Compiled, Compiled] | null;
}

/** Whether a dotted path names a field of the dataset schema (walking zod's definitions). */
function isDatasetPath(path: string): boolean {
  let node = datasetSchema as unknown as { _zod: { def: Record<string, unknown> } };
  const keys = path.split('.');
  for (let i = 0; i < keys.length; i++) {
    for (;;) {
      const def = node._zod.def;
      const t = def['type'];
      if (t === 'optional' || t === 'default' || t === 'nullable' || t === 'prefault' || t === 'readonly')
        node = def['innerType'] as typeof node;
      else if (t === 'pipe') node = def['in'] as typeof node;
      else if (t === 'lazy') node = (def['getter'] as () => typeof node)();
      else break;
    }
    const def = node._zod.def;
    const t = def['type'];
    if (t === 'object') {
      const next = (def['shape'] as Record<string, typeof node>)[keys[i]!];
      if (!next) return false;
      node = next;
    } else if (t === 'record' || t === 'array' || t === 'tuple') {
      return true; // keys or positions below a record or list are data
    } else return false;
  }
  return true;
}

const pathCache = new Map<string, boolean>();
function datasetPath(path: string): boolean {
  let v = pathCache.get(path);
  if (v === undefined) {
    v = isDatasetPath(path);
    pathCache.set(path, v);
  }
  return v;
}

/** The names a formula can use, for one framework: metrics (not itself), its figures, dataset fields. */
function resolver(
  self: string,
  metrics: Record<string, MetricDeclaration>,
  fields: FrameworkMetricSource['fields'],
): (name: string) => NameKind | null {
  return (name) => {
    if (name !== self && Object.hasOwn(metrics, name)) return 'metric';
    if (name.startsWith('figures.')) {
      const [, id, side, ...rest] = name.split('.');
      const field = fields?.find((f) => f.id === id);
      if (!field || rest.length) return null;
      if (field.pair) return side === 'target' || side === 'actual' ? 'figure' : null;
      return side === undefined ? 'figure' : null;
    }
    return datasetPath(name) ? 'data' : null;
  };
}

function compileOne(
  name: string,
  decl: MetricDeclaration,
  metrics: Record<string, MetricDeclaration>,
  fields: FrameworkMetricSource['fields'],
): CompiledMetric {
  const ast = parseFormula(decl.formula);
  const scope = { resolve: resolver(name, metrics, fields) };
  const fn = compile(ast, scope, decl.formula);
  const parts =
    decl.none !== undefined && decl.unit === 'ratio' ? compileParts(ast, scope, decl.formula) : null;
  return { name, decl, fn, parts };
}

/** Metric names a declaration depends on (for cycle detection). */
function dependencies(name: string, decl: MetricDeclaration, metrics: Record<string, MetricDeclaration>) {
  return referencedNames(parseFormula(decl.formula)).filter((n) => n !== name && Object.hasOwn(metrics, n));
}

/** A cycle among metric declarations, as the list of names around it, or null. */
export function findCycle(metrics: Record<string, MetricDeclaration>): string[] | null {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 2) return null;
    if (state.get(n) === 1) return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 1);
    stack.push(n);
    for (const dep of dependencies(n, metrics[n]!, metrics)) {
      const c = visit(dep);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 2);
    return null;
  };
  for (const n of Object.keys(metrics)) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

/** The label of a name in a formula, for generated formula text. */
function nameLabel(
  name: string,
  metrics: Record<string, MetricDeclaration>,
  fields: FrameworkMetricSource['fields'],
): string {
  if (Object.hasOwn(metrics, name)) return metrics[name]!.label;
  if (name.startsWith('figures.')) {
    const [, id, side] = name.split('.');
    const f = fields?.find((x) => x.id === id);
    if (f) return side === 'target' ? `${f.label}目标值` : side === 'actual' ? `${f.label}实际值` : f.label;
  }
  return name;
}

/** One framework's metrics, compiled: the built-in ones plus those the framework declares. */
export class MetricSet {
  readonly compiled = new Map<string, CompiledMetric>();
  readonly declarations: Record<string, MetricDeclaration>;
  private readonly defs = new Map<string, MetricDef>();
  constructor(readonly source: FrameworkMetricSource | undefined) {
    const own: Record<string, MetricDeclaration> = {};
    for (const m of source?.metrics ?? []) {
      const { id, ...decl } = m;
      own[id] = decl;
    }
    this.declarations = { ...BUILTIN_METRICS, ...own };
    for (const [name, decl] of Object.entries(this.declarations))
      this.compiled.set(name, compileOne(name, decl, this.declarations, source?.fields));
  }
  /** Chinese formula text: the declared text, or (framework metrics) generated from the formula. */
  text(name: string): string | undefined {
    const decl = this.declarations[name];
    if (!decl) return undefined;
    if (decl.text !== undefined || Object.hasOwn(BUILTIN_METRICS, name)) return decl.text;
    const t = formulaText(parseFormula(decl.formula), (n) =>
      nameLabel(n, this.declarations, this.source?.fields),
    );
    return decl.unit === 'ratio' ? `${t}×100%` : t;
  }
  /**
   * A metric's definition under this framework (label, unit, formula text), built once: its own
   * metrics, then the built-in ones (the same objects as METRICS). Undefined for an unknown name.
   */
  def(name: string): MetricDef | undefined {
    // A rule asks for the same metric's definition several times in a row (label, unit, display):
    // the last answer is kept beside the map.
    if (name === this.lastName) return this.lastDef;
    let d = this.defs.get(name);
    if (d === undefined) {
      if (!Object.hasOwn(this.declarations, name)) return undefined;
      d = this !== BUILTIN_SET && !this.own(name) ? BUILTIN_SET.def(name)! : defOf(name, this);
      this.defs.set(name, d);
    }
    this.lastName = name;
    this.lastDef = d;
    return d;
  }
  private lastName: string | undefined;
  private lastDef: MetricDef | undefined;
  /** Whether the framework itself declares the metric (not a built-in one). */
  own(name: string): boolean {
    return this.source?.metrics?.some((m) => m.id === name) ?? false;
  }
}

function coerce(unit: MetricUnit, v: Value): MetricValue {
  switch (unit) {
    case 'text':
      return typeof v === 'string' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'ratios':
      return Array.isArray(v) ? (v.map((x) => toDecimal(x)) as Decimal[]) : null;
    default:
      return toDecimal(v);
  }
}

const BUILTIN_SET = new MetricSet(undefined);
const SETS = new WeakMap<object, MetricSet>();

/**
 * The compiled metrics of a framework (once per framework object), or the built-in ones. Each
 * framework's own metrics live in its set only: two frameworks may declare the same name differently.
 */
export function metricSet(framework?: FrameworkMetricSource): MetricSet {
  if (!framework?.metrics?.length && !framework?.fields?.length) return BUILTIN_SET;
  let set = SETS.get(framework);
  if (!set) {
    set = new MetricSet(framework);
    SETS.set(framework, set);
  }
  return set;
}

/** A metric's definition as a framework reads it: its own metrics, then the built-in ones. */
export function metricDef(name: string, framework?: FrameworkMetricSource): MetricDef | undefined {
  return metricSet(framework).def(name);
}

function defOf(name: string, set: MetricSet): MetricDef {
  const decl = set.declarations[name]!;
  const text = set.text(name);
  const def: MetricDef = {
    label: decl.label,
    unit: decl.unit,
    expression: decl.formula,
    compute: (ds) => new MetricContext(ds, set.source).get(name),
  };
  if (text !== undefined) def.formula = text;
  if (decl.none !== undefined) def.none = decl.none;
  if (set.compiled.get(name)!.parts)
    def.parts = (ds) => new MetricContext(ds, set.source).parts(name) ?? [new Decimal(0), new Decimal(1)];
  return def;
}

/**
 * The built-in metrics by name. A framework's own metrics are not here: read them through the
 * framework (metricDef(name, framework), or a MetricContext's def), where a rule finds them by name
 * exactly like the built-in ones.
 */
export const METRICS: Readonly<Record<string, MetricDef>> = Object.fromEntries(
  Object.keys(BUILTIN_METRICS).map((n) => [n, BUILTIN_SET.def(n)!]),
);

export function metricNames(): string[] {
  return Object.keys(BUILTIN_METRICS);
}

/** Computes metrics on demand and remembers them for one dataset (under one framework's metrics). */
export class MetricContext {
  private readonly cache = new Map<string, MetricValue>();
  /** The metrics this context computes: its framework's own and the built-in ones. */
  readonly set: MetricSet;
  private readonly env: Env;
  constructor(
    readonly dataset: Dataset,
    framework?: FrameworkMetricSource,
  ) {
    this.set = metricSet(framework);
    const figures = (dataset as { figures?: Record<string, unknown> }).figures ?? {};
    this.env = { data: dataset, figures, metric: (n) => this.get(n) };
  }
  get(name: string): MetricValue {
    const hit = this.cache.get(name);
    if (hit !== undefined || this.cache.has(name)) return hit!;
    const m = this.set.compiled.get(name);
    if (!m) throw new Error(`unknown metric ${name}`); // a bug: frameworks are validated on load
    const v = coerce(m.decl.unit, m.fn(this.env));
    this.cache.set(name, v);
    return v;
  }
  /** Numerator and denominator of a ratio declared with a `none` reading; null otherwise or when missing. */
  parts(name: string): [Decimal, Decimal] | null {
    const p = this.set.compiled.get(name)?.parts;
    if (!p) return null;
    const n = toDecimal(p[0](this.env));
    const d = toDecimal(p[1](this.env));
    return n === null || d === null ? null : [n, d];
  }
  /** True when a ratio metric is 0/0: numerator and denominator both zero (nothing to measure). */
  zeroOverZero(name: string): boolean {
    const parts = this.parts(name);
    return parts !== null && parts[0].isZero() && parts[1].isZero();
  }
  /** The definition of a metric under this context's framework (label, unit, text); built once per framework. */
  def(name: string): MetricDef | undefined {
    return this.set.def(name);
  }
}

/** Errors in a framework's fields/metrics declarations, for framework validation. */
export function frameworkMetricErrors(
  source: FrameworkMetricSource,
): { path: (string | number)[]; message: string }[] {
  const errors: { path: (string | number)[]; message: string }[] = [];
  const fieldIds = new Set<string>();
  (source.fields ?? []).forEach((f, i) => {
    if (fieldIds.has(f.id)) errors.push({ path: ['fields', i, 'id'], message: `字段编号“${f.id}”重复` });
    fieldIds.add(f.id);
  });
  const own: Record<string, MetricDeclaration> = {};
  (source.metrics ?? []).forEach((m, i) => {
    if (Object.hasOwn(BUILTIN_METRICS, m.id))
      errors.push({ path: ['metrics', i, 'id'], message: `指标量“${m.id}”与内置指标量重名` });
    else if (datasetPath(m.id))
      errors.push({ path: ['metrics', i, 'id'], message: `指标量“${m.id}”与数据字段重名` });
    else if (Object.hasOwn(own, m.id))
      errors.push({ path: ['metrics', i, 'id'], message: `指标量“${m.id}”重复` });
    const { id, ...decl } = m;
    own[id] = decl;
  });
  const all = { ...BUILTIN_METRICS, ...own };
  (source.metrics ?? []).forEach((m, i) => {
    try {
      compileOne(m.id, all[m.id]!, all, source.fields);
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      errors.push({ path: ['metrics', i, 'formula'], message: e.message });
    }
  });
  if (!errors.length) {
    const cycle = findCycle(own);
    if (cycle) {
      const i = (source.metrics ?? []).findIndex((m) => m.id === cycle[0]);
      errors.push({
        path: ['metrics', i, 'formula'],
        message: `指标量公式循环引用：${cycle.map((n) => all[n]?.label ?? n).join(' → ')}`,
      });
    }
  }
  return errors;
}

/** A framework field a metric reads, directly or through other metrics: `figures.<id>[.target|.actual]`. */
export interface FigureUse {
  id: string;
  side?: 'target' | 'actual';
}

/** The framework figures the named metrics read (in formula order, each once), for the report's basis. */
export function figuresUsedBy(names: readonly string[], framework: FrameworkMetricSource): FigureUse[] {
  const set = metricSet(framework);
  const out: FigureUse[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const decl = set.declarations[name];
    if (!decl || Object.hasOwn(BUILTIN_METRICS, name)) return;
    for (const ref of referencedNames(parseFormula(decl.formula))) {
      if (ref.startsWith('figures.')) {
        if (seen.has(ref)) continue;
        seen.add(ref);
        const [, id, side] = ref.split('.');
        out.push(side === 'target' || side === 'actual' ? { id: id!, side } : { id: id! });
      } else if (ref !== name && set.declarations[ref]) visit(ref);
    }
  };
  names.forEach(visit);
  return out;
}
