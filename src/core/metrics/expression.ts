/**
 * The formula language of metrics: JavaScript expression syntax parsed by jsep (a maintained parser of
 * expressions only, no evaluation), compiled once into closures that compute with the project's Decimal
 * (precision 40, half up). Numbers in a formula are read from their source text, never through a
 * binary float. Why jsep and not mathjs / expr-eval / filtrex: see docs/frameworks.md, “公式语言”.
 *
 * A missing value (an optional field not filled in, a ratio whose base is 0) is null; arithmetic and
 * comparisons with null give null, and `ifnull(x, y)` supplies a fallback. Division by zero gives null.
 */
import jsep from 'jsep';
import { Decimal, ZERO, cmp } from '../decimal.ts';
import { isQuantitative } from '../targets/quantitative.ts';

export type Value = Decimal | string | boolean | null | Value[] | { readonly [k: string]: unknown };

export interface Env {
  /** The dataset (any plain object): a dotted name that is neither a metric nor a figure reads from it. */
  readonly data: unknown;
  /** The framework's declared figures (dataset `figures`). */
  readonly figures: Readonly<Record<string, unknown>>;
  metric(name: string): Value;
  /** The current element inside sum/count/map/any/all. */
  readonly item?: unknown;
}

export type Compiled = (env: Env) => Value;

/** Where a dotted name in a formula points. */
export type NameKind = 'metric' | 'figure' | 'data';

export interface CompileScope {
  /** Classifies a dotted name; returns null when it names nothing (a formula error). */
  resolve(name: string): NameKind | null;
}

/** A formula error, in Chinese, with the column where it was found (1-based) when known. */
export class FormulaError extends Error {
  constructor(
    message: string,
    readonly column?: number,
  ) {
    super(message);
  }
}

type Node = jsep.Expression;

const NUMBER_TEXT = /^[+-]?\d+(\.\d+)?$/;

/** A value as a Decimal, or null when it is missing or not a number. */
export function toDecimal(v: unknown): Decimal | null {
  if (v instanceof Decimal) return v;
  if (typeof v === 'number') return Number.isFinite(v) ? new Decimal(v) : null;
  if (typeof v === 'string' && NUMBER_TEXT.test(v)) return new Decimal(v);
  return null;
}

/** A raw dataset value as a formula value: numbers become Decimals, lists and text stay. */
function fromRaw(v: unknown): Value {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return new Decimal(v);
  if (v instanceof Decimal || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v as Value[];
  return v as { readonly [k: string]: unknown };
}

function read(obj: unknown, keys: readonly string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** A dotted name for an Identifier / non-computed MemberExpression chain, else null. */
export function dottedName(node: Node): string | null {
  if (node.type === 'Identifier') return node.name as string;
  if (node.type === 'MemberExpression' && !node.computed) {
    const obj = dottedName(node.object as Node);
    const prop = node.property as Node;
    return obj !== null && prop.type === 'Identifier' ? `${obj}.${prop.name as string}` : null;
  }
  return null;
}

const truth = (v: Value): boolean | null => (typeof v === 'boolean' ? v : null);

function compareValues(a: Value, b: Value): number | null {
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (x !== null && y !== null) return cmp(x, y);
  return null;
}

function equals(a: Value, b: Value): boolean | null {
  if (a === null || b === null) return a === b ? null : null;
  const c = compareValues(a, b);
  if (c !== null) return c === 0;
  return a === b;
}

function list(v: Value): readonly unknown[] | null {
  return Array.isArray(v) ? v : null;
}

/** The named functions formulas may call: each declared once, with its Chinese description for the docs. */
interface FunctionDef {
  /** Signature as the docs show it. */
  signature: string;
  /** What it computes, in Chinese. */
  doc: string;
  /** Argument positions evaluated once per list element (with `item` bound), not once. */
  perItem?: number[];
  minArgs: number;
  maxArgs: number;
  build(args: Compiled[]): Compiled;
}

function forEachItem(env: Env, items: readonly unknown[], fn: (e: Env) => void) {
  // One environment for the whole list, its item moved along (the closures read it, never keep it).
  const e: { -readonly [K in keyof Env]: Env[K] } = {
    data: env.data,
    figures: env.figures,
    metric: env.metric,
    item: undefined,
  };
  for (const item of items) {
    e.item = item;
    fn(e);
  }
}

function numbersOf(args: Compiled[], env: Env): (Decimal | null)[] {
  return args.map((a) => toDecimal(a(env)));
}

export const FUNCTIONS: Record<string, FunctionDef> = {
  sum: {
    signature: 'sum(列表, 表达式, 条件?)',
    doc: '对列表每一项（以 item 指代）计算表达式并相加，缺项按 0 计；给出条件时只加条件成立的项',
    perItem: [1, 2],
    minArgs: 2,
    maxArgs: 3,
    build:
      ([of, expr, filter]) =>
      (env) => {
        const items = list(of!(env));
        if (items === null) return null;
        let acc = ZERO;
        forEachItem(env, items, (e) => {
          if (filter && truth(filter(e)) !== true) return;
          const v = toDecimal(expr!(e));
          if (v !== null) acc = acc.plus(v);
        });
        return acc;
      },
  },
  count: {
    signature: 'count(列表, 条件?)',
    doc: '列表的项数；给出条件时只数条件成立的项',
    perItem: [1],
    minArgs: 1,
    maxArgs: 2,
    build:
      ([of, filter]) =>
      (env) => {
        const items = list(of!(env));
        if (items === null) return null;
        if (!filter) return new Decimal(items.length);
        let n = 0;
        forEachItem(env, items, (e) => {
          if (truth(filter(e)) === true) n++;
        });
        return new Decimal(n);
      },
  },
  map: {
    signature: 'map(列表, 表达式)',
    doc: '对列表每一项计算表达式，得到一列数（如各季度执行率）',
    perItem: [1],
    minArgs: 2,
    maxArgs: 2,
    build:
      ([of, expr]) =>
      (env) => {
        const items = list(of!(env));
        if (items === null) return null;
        const out: Value[] = [];
        forEachItem(env, items, (e) => out.push(toDecimal(expr!(e))));
        return out;
      },
  },
  total: {
    signature: 'total(值1, 值2, …)',
    doc: '各值相加，未填写的值按 0 计（如“三公”经费四项合计）',
    minArgs: 1,
    maxArgs: 100,
    build: (args) => (env) => {
      let acc = ZERO;
      for (const v of numbersOf(args, env)) if (v !== null) acc = acc.plus(v);
      return acc;
    },
  },
  ifnull: {
    signature: 'ifnull(值, 替代值)',
    doc: '值无法取得（未填写或无法计算）时用替代值',
    minArgs: 2,
    maxArgs: 2,
    build:
      ([a, b]) =>
      (env) => {
        const v = a!(env);
        return v === null ? b!(env) : v;
      },
  },
  abs: {
    signature: 'abs(值)',
    doc: '绝对值',
    minArgs: 1,
    maxArgs: 1,
    build:
      ([a]) =>
      (env) =>
        toDecimal(a!(env))?.abs() ?? null,
  },
  min: {
    signature: 'min(值1, 值2, …)',
    doc: '最小值；任一值无法取得时无法计算',
    minArgs: 2,
    maxArgs: 100,
    build: (args) => (env) => {
      const v = numbersOf(args, env);
      return v.some((x) => x === null) ? null : Decimal.min(...(v as Decimal[]));
    },
  },
  max: {
    signature: 'max(值1, 值2, …)',
    doc: '最大值；任一值无法取得时无法计算',
    minArgs: 2,
    maxArgs: 100,
    build: (args) => (env) => {
      const v = numbersOf(args, env);
      return v.some((x) => x === null) ? null : Decimal.max(...(v as Decimal[]));
    },
  },
  round: {
    signature: 'round(值, 位数)',
    doc: '四舍五入（half up）到给定小数位数',
    minArgs: 2,
    maxArgs: 2,
    build:
      ([a, p]) =>
      (env) => {
        const v = toDecimal(a!(env));
        const places = toDecimal(p!(env));
        return v === null || places === null
          ? null
          : v.toDecimalPlaces(places.toNumber(), Decimal.ROUND_HALF_UP);
      },
  },
  quantitative: {
    signature: 'quantitative(绩效目标)',
    doc: '该绩效目标是否为定量指标（申报时的标记，缺省按指标值是否含数字判断）',
    minArgs: 1,
    maxArgs: 1,
    build:
      ([a]) =>
      (env) => {
        const t = a!(env);
        return t !== null && typeof t === 'object' && !Array.isArray(t) && !(t instanceof Decimal)
          ? isQuantitative(t as Parameters<typeof isQuantitative>[0])
          : null;
      },
  },
};

function arith(op: string, x: Decimal, y: Decimal): Decimal | null {
  switch (op) {
    case '+':
      return x.plus(y);
    case '-':
      return x.minus(y);
    case '*':
      return x.times(y);
    case '/':
      return y.isZero() ? null : x.dividedBy(y);
    case '%':
      return y.isZero() ? null : x.modulo(y);
    default:
      return null;
  }
}

const ARITH = new Set(['+', '-', '*', '/', '%']);
const COMPARE = new Set(['<', '<=', '>', '>=']);

/** Parses formula text; throws FormulaError in Chinese. */
export function parseFormula(text: string): Node {
  try {
    return jsep(text);
  } catch (e) {
    const err = e as { description?: string; index?: number; message?: string };
    const at = typeof err.index === 'number' ? err.index + 1 : undefined;
    throw new FormulaError(
      `公式“${text}”写法有误${at !== undefined ? `（第 ${at} 个字符附近）` : ''}：${err.description ?? err.message ?? ''}`,
      at,
    );
  }
}

/** Every dotted name a formula refers to, outside `item.…` (for validation and dependency order). */
export function referencedNames(node: Node): string[] {
  const out: string[] = [];
  const walk = (n: Node | null | undefined) => {
    if (!n) return;
    const name = dottedName(n);
    if (name !== null) {
      if (name !== 'item' && !name.startsWith('item.')) out.push(name);
      return;
    }
    switch (n.type) {
      case 'CallExpression':
        (n.arguments as Node[]).forEach(walk);
        return;
      case 'MemberExpression':
        walk(n.object as Node);
        return;
      default:
        for (const key of ['left', 'right', 'argument', 'test', 'consequent', 'alternate'])
          walk(n[key] as Node);
        if (Array.isArray(n.elements)) (n.elements as Node[]).forEach(walk);
    }
  };
  walk(node);
  return out;
}

/** Compiles a parsed formula into a closure; names are classified once here, not per evaluation. */
export function compile(node: Node, scope: CompileScope, source: string): Compiled {
  const fail = (msg: string): never => {
    throw new FormulaError(`公式“${source}”：${msg}`);
  };
  const go = (n: Node): Compiled => {
    const name = dottedName(n);
    if (name !== null) {
      if (name === 'null') return () => null;
      if (name === 'true' || name === 'false') {
        const b = name === 'true';
        return () => b;
      }
      if (name === 'item' || name.startsWith('item.')) {
        const keys = name.split('.').slice(1);
        return (env) => fromRaw(read(env.item, keys));
      }
      const kind = scope.resolve(name);
      if (kind === null) return fail(`名称“${name}”既不是指标量，也不是数据字段或本框架声明的字段（fields）`);
      if (kind === 'metric') return (env) => env.metric(name);
      if (kind === 'figure') {
        const keys = name.split('.').slice(1);
        return (env) => fromRaw(read(env.figures, keys));
      }
      const keys = name.split('.');
      return (env) => fromRaw(read(env.data, keys));
    }
    switch (n.type) {
      case 'Literal': {
        const raw = n.raw as string;
        if (typeof n.value === 'number') {
          const d = new Decimal(raw);
          return () => d;
        }
        const v = n.value as Value;
        return () => v;
      }
      case 'ArrayExpression': {
        const els = (n.elements as Node[]).map(go);
        return (env) => els.map((e) => e(env));
      }
      case 'UnaryExpression': {
        const a = go(n.argument as Node);
        const op = n.operator as string;
        if (op === '-') return (env) => toDecimal(a(env))?.negated() ?? null;
        if (op === '+') return (env) => toDecimal(a(env));
        if (op === '!')
          return (env) => {
            const t = truth(a(env));
            return t === null ? null : !t;
          };
        return fail(`不支持运算符“${op}”`);
      }
      case 'BinaryExpression': {
        const op = n.operator as string;
        const l = go(n.left as Node);
        const r = go(n.right as Node);
        if (ARITH.has(op))
          return (env) => {
            const x = toDecimal(l(env));
            if (x === null) return null;
            const y = toDecimal(r(env));
            return y === null ? null : arith(op, x, y);
          };
        if (COMPARE.has(op))
          return (env) => {
            const c = compareValues(l(env), r(env));
            if (c === null) return null;
            return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
          };
        if (op === '==' || op === '===') return (env) => equals(l(env), r(env));
        if (op === '!=' || op === '!==')
          return (env) => {
            const e = equals(l(env), r(env));
            return e === null ? null : !e;
          };
        if (op === '&&')
          return (env) => {
            const a = truth(l(env));
            if (a === false) return false;
            const b = truth(r(env));
            return a === null || b === null ? (b === false ? false : null) : b;
          };
        if (op === '||')
          return (env) => {
            const a = truth(l(env));
            if (a === true) return true;
            const b = truth(r(env));
            return a === null || b === null ? (b === true ? true : null) : b;
          };
        return fail(`不支持运算符“${op}”`);
      }
      case 'ConditionalExpression': {
        const t = go(n.test as Node);
        const c = go(n.consequent as Node);
        const a = go(n.alternate as Node);
        return (env) => {
          const b = truth(t(env));
          return b === null ? null : b ? c(env) : a(env);
        };
      }
      case 'CallExpression': {
        const callee = n.callee as Node;
        const fname = callee.type === 'Identifier' ? (callee.name as string) : '';
        const def = FUNCTIONS[fname];
        if (!def) return fail(`函数“${fname || '?'}”不存在；可用的有：${Object.keys(FUNCTIONS).join('、')}`);
        const args = n.arguments as Node[];
        if (args.length < def.minArgs || args.length > def.maxArgs)
          return fail(`函数 ${def.signature} 的参数个数不对（收到 ${args.length} 个）`);
        return def.build(args.map(go));
      }
      case 'MemberExpression': {
        // list[3]: an element by position (0-based), the index a number written in the formula.
        const prop = n.property as Node;
        if (
          !n.computed ||
          prop.type !== 'Literal' ||
          typeof prop.value !== 'number' ||
          !Number.isInteger(prop.value)
        )
          return fail('[ ] 中只能写整数位置，例如 execution.quarterlyCumulative[3]');
        const obj = go(n.object as Node);
        const index = prop.value;
        return (env) => {
          const l = list(obj(env));
          return l === null ? null : fromRaw(l[index]);
        };
      }
      default:
        return fail(`不支持的写法（${n.type}）`);
    }
  };
  return go(node);
}

/**
 * The formula's numerator and denominator when its top level is a division (a ratio), else null;
 * lets 0/0 — nothing to measure — be told apart from a missing figure.
 */
export function compileParts(node: Node, scope: CompileScope, source: string): [Compiled, Compiled] | null {
  if (node.type !== 'BinaryExpression' || node.operator !== '/') return null;
  return [compile(node.left as Node, scope, source), compile(node.right as Node, scope, source)];
}

/**
 * A formula as people read it: each name replaced by its Chinese label, * and / by × and /,
 * ratios followed by ×100%. For metrics a framework declares without their own formula text.
 */
export function formulaText(node: Node, label: (name: string) => string): string {
  const prec: Record<string, number> = {
    '||': 1,
    '&&': 2,
    '==': 3,
    '!=': 3,
    '<': 4,
    '<=': 4,
    '>': 4,
    '>=': 4,
    '+': 5,
    '-': 5,
    '*': 6,
    '/': 6,
    '%': 6,
  };
  const sym: Record<string, string> = {
    '*': '×',
    '-': '−',
    '<=': '≤',
    '>=': '≥',
    '!=': '≠',
    '&&': '且',
    '||': '或',
    '==': '=',
  };
  const go = (n: Node, parent = 0): string => {
    const name = dottedName(n);
    if (name !== null) return name === 'item' || name.startsWith('item.') ? name : label(name);
    switch (n.type) {
      case 'Literal':
        return String(n.raw);
      case 'BinaryExpression': {
        const op = n.operator as string;
        const p = prec[op] ?? 0;
        const s = `${go(n.left as Node, p)}${sym[op] ?? op}${go(n.right as Node, p + 1)}`;
        return p < parent ? `（${s}）` : s;
      }
      case 'UnaryExpression':
        return `${n.operator === '!' ? '非' : (n.operator as string)}${go(n.argument as Node, 7)}`;
      case 'ConditionalExpression':
        return `${go(n.test as Node)}时为${go(n.consequent as Node)}，否则为${go(n.alternate as Node)}`;
      case 'CallExpression':
        return `${(n.callee as Node).name as string}(${(n.arguments as Node[]).map((a) => go(a)).join(', ')})`;
      case 'ArrayExpression':
        return `[${(n.elements as Node[]).map((a) => go(a)).join(', ')}]`;
      default:
        return '…';
    }
  };
  return go(node);
}
