/**
 * The report's figures as one model. Parts are data (budget by category, each adjustment, each asset
 * class, each quarter's cumulative execution…); totals, rates and scores follow from them. Every figure
 * the report prints is compared with what its parts give: a total with the sum of its parts, a rate with
 * its operands, a repeated part with its first statement. The tolerance is half a unit of the printed
 * figure's last digit (rounding residue), plus half a unit per part for a sum of rounded parts.
 */
import { Decimal, ZERO, fixed, money } from '../core/decimal.ts';
import { compare, halfUnit } from '../core/checks/tolerance.ts';
import type { Finding, Passed } from '../core/checks/types.ts';
import { isQuantitative } from '../core/targets/quantitative.ts';
import type { Framework, Rule } from '../core/framework/schema.ts';
import { BUILTIN_METRICS } from '../core/metrics/builtin.ts';
import { dottedName, parseFormula } from '../core/metrics/expression.ts';
import { metricDef, type MetricContext } from '../core/metrics/registry.ts';
import type jsep from 'jsep';
import { evaluateRule } from '../core/rules/registry.ts';
import { frameworkLeaves, keyLabel, type Extraction, type Fact, type FactUnit } from './facts.ts';

interface Value {
  value: Decimal;
  /** How it was obtained, with the figures: "523.07 + 37.58 + 2,683.35". */
  explain?: string;
  derived: boolean;
  /** Number of rounded parts summed (for the residue). */
  parts?: number;
  partPlaces?: number;
  /**
   * The figure is only a lower bound: a gross sum built from category nets (each category's adjustments
   * may go both ways, so Σ|each adjustment| ≥ Σ|net|). A stated figure at or above it agrees.
   */
  atLeast?: boolean;
  /** Numerator and denominator keys for a ratio (to recompute with a row's own operands). */
  ratio?: { num: string; den: string; abs?: boolean };
}

type Get = (key: string) => Value | null;
type Spec = (get: Get, model: Model) => Value | null;

const CATS = ['personnel', 'publicOperating', 'project'] as const;

/** A figure in an explanation: "2,683.35", "-108.60", "8". */
function num(v: Decimal): string {
  return v.isInteger() ? v.toString() : money(v, Math.max(2, v.decimalPlaces()));
}

function fmt(v: Decimal, unit: FactUnit, places = 2): string {
  if (unit === 'amount') return money(v, places);
  if (unit === 'percent') return `${fixed(v, places)}%`;
  if (unit === 'count') return v.toFixed(0);
  return fixed(v, places);
}

function sumOf(get: Get, keys: string[], min = keys.length): Value | null {
  const vals = keys.map((k) => [k, get(k)] as const).filter(([, v]) => v !== null) as [string, Value][];
  if (vals.length < min || vals.length === 0) return null;
  const value = vals.reduce((a, [, v]) => a.plus(v.value), ZERO);
  return {
    value,
    derived: true,
    parts: vals.length,
    partPlaces: 2,
    explain: vals.map(([k, v]) => `${keyLabel(k)} ${num(v.value)}`).join(' + '),
  };
}

function ratioOf(get: Get, numKey: string, den: string, abs = false): Value | null {
  const n = get(numKey);
  const d = get(den);
  if (!n || !d || d.value.isZero()) return null;
  const nv = abs ? n.value.abs() : n.value;
  return {
    value: nv.dividedBy(d.value).times(100),
    derived: true,
    explain: `${abs ? '|' : ''}${keyLabel(numKey)} ${num(n.value)}${abs ? '|' : ''} ÷ ${keyLabel(den)} ${num(d.value)}`,
    ratio: { num: numKey, den, abs },
    ...(n.atLeast && d.value.isPositive() ? { atLeast: true } : {}),
  };
}

/** The names a formula adds up (`a + b + c`), or null when it is anything else. */
function sumTerms(node: jsep.Expression): string[] | null {
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const l = sumTerms(node.left as jsep.Expression);
    const r = sumTerms(node.right as jsep.Expression);
    return l && r ? [...l, ...r] : null;
  }
  const name = dottedName(node);
  return name === null ? null : [name];
}

/**
 * The relation the metric registry declares under the key's own name, when it reads figures a report
 * prints under the same names: a sum of two or more of them, or a ratio of two (as a percentage). Other
 * formulas (over item lists, with functions or fallbacks) have no such printed operands: specFor keeps
 * the report's own relation for them.
 */
function metricSpec(key: string): Spec | null {
  const decl = Object.hasOwn(BUILTIN_METRICS, key) ? BUILTIN_METRICS[key] : undefined;
  if (!decl) return null;
  const ast = parseFormula(decl.formula);
  const terms = sumTerms(ast);
  if (terms && terms.length >= 2 && !terms.includes(key)) return (get) => sumOf(get, terms);
  if (ast.type === 'BinaryExpression' && ast.operator === '/') {
    const num = dottedName(ast.left as jsep.Expression);
    const den = dottedName(ast.right as jsep.Expression);
    if (num && den && num !== key && den !== key) return (get) => ratioOf(get, num, den);
  }
  return null;
}

const specs = new Map<string, Spec | null>();

/**
 * How a key follows from others, or null when it is a part (data): the metric's formula first (see
 * metricSpec), then the report's own relations (alternatives when the metric's operands are not printed).
 */
function specFor(key: string): Spec | null {
  let spec = specs.get(key);
  if (spec === undefined) {
    const metric = metricSpec(key);
    const own = reportSpec(key);
    spec = metric && own ? (get, model) => metric(get, model) ?? own(get, model) : (metric ?? own);
    specs.set(key, spec);
  }
  return spec;
}

/** The relations only a report has (by category, per asset class, per quarter…) and the alternatives. */
function reportSpec(key: string): Spec | null {
  let m = key.match(/^budget\.(initial|priorYear|adjustment|yoyChange|adjusted)\.(total|basic)$/);
  if (m) {
    const s = m[1]!;
    if (m[2] === 'basic')
      return (get) => sumOf(get, [`budget.${s}.personnel`, `budget.${s}.publicOperating`]);
    return (get) =>
      sumOf(
        get,
        CATS.map((c) => `budget.${s}.${c}`),
      ) ?? sumOf(get, [`budget.${s}.basic`, `budget.${s}.project`]);
  }
  m = key.match(/^budget\.adjusted\.(\w+)$/);
  if (m) return (get) => sumOf(get, [`budget.initial.${m![1]}`, `budget.adjustment.${m![1]}`]);
  m = key.match(/^budget\.yoyChange\.(\w+)$/);
  if (m)
    return (get) => {
      const a = get(`budget.initial.${m![1]}`);
      const b = get(`budget.priorYear.${m![1]}`);
      if (!a || !b) return null;
      return {
        value: a.value.minus(b.value),
        derived: true,
        explain: `${num(a.value)} − ${num(b.value)}`,
        parts: 2,
      };
    };
  m = key.match(/^budget\.yoyRate\.(\w+)$/);
  if (m) return (get) => ratioOf(get, `budget.yoyChange.${m![1]}`, `budget.priorYear.${m![1]}`);
  m = key.match(/^budget\.adjustmentRate\.(\w+)$/);
  if (m) return (get) => ratioOf(get, `budget.adjustment.${m![1]}`, `budget.initial.${m![1]}`);
  if (key === 'adjustmentsAndTransfers.gross')
    return (get) => {
      const adj = CATS.map((c) => get(`budget.adjustment.${c}`));
      const t = get('transfers.total');
      if (adj.some((x) => !x) || !t) return null;
      const value = adj.reduce((acc, x) => acc.plus(x!.value.abs()), ZERO).plus(t.value);
      return {
        value,
        derived: true,
        parts: 4,
        explain: `${adj.map((x) => `|${num(x!.value)}|`).join(' + ')} + 调剂 ${num(t.value)}`,
        atLeast: true,
      };
    };
  if (key === 'adjustmentsAndTransfers.grossRatio')
    return (get) => ratioOf(get, 'adjustmentsAndTransfers.gross', 'budget.initial.total');
  if (key === 'adjustments.netRatio')
    return (get) => ratioOf(get, 'budget.adjustment.total', 'budget.initial.total', true);
  m = key.match(/^share\.(.+)\.(\w+)$/);
  if (m) return (get) => ratioOf(get, `${m![1]}.${m![2]}`, `${m![1]}.total`);
  if (key === 'transfers.total')
    return (_get, model) => {
      const items = model.facts.filter((f) => f.key === 'transfer.item');
      if (!items.length) return null;
      return {
        value: items.reduce((a, f) => a.plus(f.value), ZERO),
        derived: true,
        parts: items.length,
        partPlaces: Math.max(...items.map((f) => f.places)),
        explain: items.map((f) => num(f.value)).join(' + '),
      };
    };
  m = key.match(/^assets\.(fixedTotal|intangibleTotal|allTotal)\.(count|original|inUse)$/);
  if (m) {
    const f = m[2]!;
    if (m[1] === 'fixedTotal')
      return (get) =>
        sumOf(
          get,
          ['building', 'equipment', 'furniture'].map((c) => `assets.${c}.${f}`),
          2,
        );
    if (m[1] === 'intangibleTotal') return (get) => sumOf(get, [`assets.software.${f}`], 1);
    return (get) => sumOf(get, [`assets.fixedTotal.${f}`, `assets.intangibleTotal.${f}`]);
  }
  m = key.match(/^assets\.(\w+)\.rate$/);
  if (m) return (get) => ratioOf(get, `assets.${m![1]}.inUse`, `assets.${m![1]}.original`);
  if (key === 'staff.authorizedPosts')
    return (get) => sumOf(get, ['staff.posts.civil', 'staff.posts.worker']);
  if (key === 'staff.extraStaffRate')
    return (get) => {
      const e = get('staff.extraStaff');
      const p = get('staff.staffInPost');
      if (!e || !p || e.value.plus(p.value).isZero()) return null;
      return {
        value: e.value.dividedBy(e.value.plus(p.value)).times(100),
        derived: true,
        explain: `编外人员 ${num(e.value)} ÷ （在编 ${num(p.value)} + 编外 ${num(e.value)}）`,
      };
    };
  if (key === 'projects.executionRate')
    return (get) => ratioOf(get, 'projects.executed', 'projects.adjustedBudget');
  m = key.match(/^threePublic\.(budget|adjusted|actual)\.(vehicle|total)$/);
  if (m) {
    const s = m[1]!;
    if (m[2] === 'vehicle')
      return (get) =>
        sumOf(get, [`threePublic.${s}.vehiclePurchase`, `threePublic.${s}.vehicleOperation`], 1);
    return (get) =>
      sumOf(get, [`threePublic.${s}.outbound`, `threePublic.${s}.reception`, `threePublic.${s}.vehicle`], 1);
  }
  if (key === 'threePublic.controlRate')
    return (get) => ratioOf(get, 'threePublic.actual.total', 'threePublic.budget.total');
  m = key.match(/^threePublic\.rate\.(\w+)$/);
  if (m) return (get) => ratioOf(get, `threePublic.actual.${m![1]}`, `threePublic.budget.${m![1]}`);
  // Over the adjusted budget as printed (the metric); a report that prints none gives 公用经费's.
  if (key === 'dailyOperating.controlRate')
    return (get) =>
      get('dailyOperating.adjustedBudget')
        ? null
        : ratioOf(get, 'dailyOperating.actual', 'budget.adjusted.publicOperating');
  m = key.match(/^execution\.q(\d)\.(rate|schedule|score)$/);
  if (m) {
    const q = Number(m[1]);
    if (m[2] === 'rate') return (get) => ratioOf(get, `execution.q${q}.cumulative`, 'budget.adjusted.total');
    if (m[2] === 'schedule')
      return (get) => {
        const t = get('budget.adjusted.total');
        if (!t) return null;
        return {
          value: t.value.times(q).dividedBy(4),
          derived: true,
          explain: `${num(t.value)} × ${q * 25}%`,
        };
      };
    return (get, model) => {
      const r = get(`execution.q${q}.rate`);
      const sched = model.schedule;
      if (!r || !sched || q > sched.rule.schedule.length) return null;
      // The framework's own schedule rule on this one quarter (no average part): its arithmetic, not a copy.
      const one = {
        ...sched.rule,
        schedule: [sched.rule.schedule[q - 1]!],
        average: { ...sched.rule.average, points: '0' },
      };
      const value = sched.run(one, new Decimal(sched.rule.perQuarter), [r.value.dividedBy(100)]);
      if (!value) return null;
      const at = new Decimal(sched.rule.schedule[q - 1]!).times(100);
      return { value, derived: true, explain: `min(${fixed(r.value)}% ÷ ${at.toString()}%, 1)` };
    };
  }
  if (key === 'execution.averageScore')
    return (get, model) => {
      const sched = model.schedule;
      if (!sched) return null;
      const n = sched.rule.schedule.length;
      const rates = Array.from({ length: n }, (_, i) => get(`execution.q${i + 1}.rate`));
      const s = Array.from({ length: n }, (_, i) => get(`execution.q${i + 1}.score`));
      if (rates.some((x) => !x) || s.some((x) => !x)) return null;
      const total = sched.run(
        sched.rule,
        sched.weight,
        rates.map((x) => x!.value.dividedBy(100)),
      );
      if (!total) return null;
      return {
        value: total.minus(s.reduce((a, x) => a.plus(x!.value), ZERO)),
        derived: true,
        explain: `(${s.map((x) => num(x!.value)).join(' + ')}) ÷ ${n} × ${sched.rule.average.points}`,
      };
    };
  if (key === 'execution.totalScore')
    return (get) =>
      sumOf(get, [1, 2, 3, 4].map((q) => `execution.q${q}.score`).concat('execution.averageScore'));
  m = key.match(/^targets\.(count|quantCount)\.(.+)$/);
  if (m)
    return (_get, model) => {
      const list = model.extraction.targets;
      if (model.extraction.targetsFromLayout) return null;
      if (!list.length) {
        if (m![2] !== 'total') return null;
        const parts = model.facts.filter(
          (f) => f.key.startsWith(`targets.${m![1]}.`) && !f.key.endsWith('.total'),
        );
        if (!parts.length) return null;
        return { value: parts.reduce((a, f) => a.plus(f.value), ZERO), derived: true, explain: '各类别相加' };
      }
      const rows = m![2] === 'total' ? list : list.filter((t) => t.category === m![2]);
      const n =
        m![1] === 'count' ? rows.length : rows.filter((t) => isQuantitative({ target: t.target })).length;
      return {
        value: new Decimal(n),
        derived: true,
        explain:
          m![1] === 'count'
            ? `绩效目标表中${m![2] === 'total' ? '全部' : m![2]}逐条计数`
            : '按指标值含数字判断为定量的条数',
      };
    };
  m = key.match(/^targets\.share\.(.+)$/);
  if (m) return (get) => ratioOf(get, `targets.quantCount.${m![1]}`, `targets.count.${m![1]}`);
  m = key.match(/^indicatorText\.([\w-]+)\.lost$/);
  if (m)
    return (get) => {
      const w = get(`indicatorText.${m![1]}.weight`);
      const s = get(`indicatorText.${m![1]}.score`);
      if (!w || !s) return null;
      return {
        value: w.value.minus(s.value),
        derived: true,
        explain: `满分 ${num(w.value)} − 得分 ${num(s.value)}`,
      };
    };
  return null;
}

type ScheduleRule = Extract<Rule, { kind: 'schedule' }>;

/** The framework's quarterly schedule rule, run on rates taken from the report (ratios, 0.9690). */
interface Schedule {
  rule: ScheduleRule;
  weight: Decimal;
  run(rule: ScheduleRule, weight: Decimal, rates: Decimal[]): Decimal | null;
}

function scheduleOf(fw: Framework | undefined): Schedule | undefined {
  if (!fw) return undefined;
  const leaf = frameworkLeaves(fw).find((n) => n.rule?.kind === 'schedule');
  if (!leaf || leaf.rule?.kind !== 'schedule') return undefined;
  return {
    rule: leaf.rule,
    weight: new Decimal(leaf.weight),
    run(rule, weight, rates) {
      const metrics = {
        get: () => rates,
        zeroOverZero: () => false,
        def: (name: string) => metricDef(name, fw),
      } as unknown as MetricContext;
      const o = evaluateRule(rule, weight, {
        metrics,
        answers: undefined,
        settings: fw.settings,
        indicator: { code: leaf.code, name: leaf.name },
      });
      return o.missing.length ? null : o.score;
    },
  };
}

export class Model {
  readonly byKey = new Map<string, Fact[]>();
  /** The schedule score's rule, from the framework the report is checked against (none: not derived). */
  readonly schedule: Schedule | undefined;
  private readonly memo = new Map<string, Value | null>();
  private readonly visiting = new Set<string>();

  constructor(
    readonly extraction: Extraction,
    readonly facts: Fact[] = extraction.facts,
    framework?: Framework,
  ) {
    this.schedule = scheduleOf(framework);
    for (const f of facts) {
      const list = this.byKey.get(f.key) ?? [];
      list.push(f);
      this.byKey.set(f.key, list);
    }
  }

  /** The value a key takes in the model: computed from its parts when it has parts, else as stated. */
  get = (key: string): Value | null => {
    if (this.memo.has(key)) return this.memo.get(key)!;
    if (this.visiting.has(key)) return null;
    this.visiting.add(key);
    let v: Value | null = null;
    const spec = specFor(key);
    if (spec) v = spec(this.get, this);
    if (!v) {
      const f = this.statedOf(key);
      if (f) v = { value: f.value, derived: false };
    }
    this.visiting.delete(key);
    this.memo.set(key, v);
    return v;
  };

  /** The statement taken as the part's value: a table's, else the first in 万元, else the first. */
  statedOf(key: string): Fact | undefined {
    const list = this.byKey.get(key);
    if (!list?.length) return undefined;
    return (
      list.find((f) => f.source === 'table') ??
      list.find((f) => f.printedUnit === undefined || f.printedUnit === '万元') ??
      list[0]
    );
  }

  /** The first statement of `key` in a sentence or table row (`group`). */
  inGroup(key: string, group: string | undefined): Fact | undefined {
    if (!this.groups) {
      this.groups = new Map();
      for (const f of this.facts) {
        const k = `${f.key}\u0000${f.group ?? ''}`;
        if (!this.groups.has(k)) this.groups.set(k, f);
      }
    }
    return this.groups.get(`${key}\u0000${group ?? ''}`);
  }

  private groups: Map<string, Fact> | undefined;

  isDerived(key: string): boolean {
    const spec = specFor(key);
    return !!spec && !!spec(this.get, this);
  }
}

/** Compares every printed figure with the model. */
export function checkFacts(model: Model): { findings: Finding[]; passed: Passed[] } {
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  for (const [key, facts] of model.byKey) {
    if (key === 'transfer.item') continue;
    const canon = model.get(key);
    if (!canon) continue;
    const label = keyLabel(key);
    const first = model.statedOf(key)!;
    let agreeing: Fact[] | undefined;
    for (const f of facts) {
      const places = f.places;
      if (canon.derived) {
        const residue =
          canon.parts && canon.parts > 1 ? halfUnit(canon.partPlaces ?? 2).times(canon.parts) : undefined;
        const cmp = compare(f.value, places, canon.value, residue);
        if (!cmp.ok && canon.atLeast && f.value.greaterThan(canon.value)) {
          passed.push({
            code: 'report.recomputed',
            path: f.where,
            message: `${label} ${f.raw} 不低于 ${canon.explain ?? ''} = ${fmt(canon.value, f.unit, Math.max(places, 2))}（各类别只知调整净额，逐笔绝对值之和不低于此）`,
          });
          continue;
        }
        // A cut written as a positive figure ("调减 39.90") is compared signed, shown as written.
        const cut = f.value.isNegative() && !/^[-−]/.test(f.raw);
        const shown = cut ? canon.value.abs() : canon.value;
        const expected = fmt(shown, f.unit, Math.max(places, f.unit === 'count' ? 0 : 2));
        if (cmp.ok) {
          passed.push({
            code: 'report.recomputed',
            path: f.where,
            message: `${label} ${f.raw} = ${canon.explain ?? ''} = ${expected}${cmp.residue ? '（尾差，在公布精度之内）' : ''}`,
          });
          continue;
        }
        const unitSlip = unitMismatch(f, canon.value);
        let own = '';
        if (canon.ratio) {
          const n = model.inGroup(canon.ratio.num, f.group);
          const d = model.inGroup(canon.ratio.den, f.group);
          if (n && d && !d.value.isZero()) {
            const nv = canon.ratio.abs ? n.value.abs() : n.value;
            const ownValue = nv.dividedBy(d.value).times(100);
            const ok = compare(f.value, places, ownValue).ok;
            if (ownValue.equals(canon.value)) own = '';
            else
              own = ok
                ? `；它与同处所写的 ${n.raw} ÷ ${d.raw} 相符，错在所用的数字`
                : `；按同处所写的 ${n.raw} ÷ ${d.raw} 计算为 ${fixed(ownValue, places)}%，也不相符`;
          }
        }
        // Another statement of the same figure that agrees with the recomputation (the list of those is
        // made once per key: filtering all statements again for each wrong one was quadratic).
        agreeing ??= facts.filter((x) => compare(x.value, x.places, canon.value).ok);
        const other = agreeing.find((x) => x !== f && !compare(x.value, x.places, f.value).ok);
        if (other) own += `；报告另处写作 ${other.raw}（${other.where}），与重算相符`;
        findings.push({
          code: unitSlip ? 'report.unit' : canon.ratio ? 'report.rate' : 'report.sum',
          severity: 'error',
          path: f.where,
          message: unitSlip
            ? `${label}写作“${f.raw}”，单位有误：按其他处应为 ${fmt(canon.value, f.unit)} 万元`
            : `${label}写为 ${f.raw}${cut ? '（减少）' : ''}，由${canon.ratio ? '其运算数' : '其构成数'}重新计算：${canon.explain} = ${cut ? `减少 ${expected}` : expected}，相差 ${fixed(cmp.diff.abs(), Math.max(places, 2))}${own}`,
          stated: f.raw,
          expected,
          tolerance: fixed(cmp.tolerance, places + 1),
          location: locationOf(f),
        });
        continue;
      }
      if (f === first) continue;
      const tol = Decimal.max(halfUnit(places), halfUnit(first.places));
      const diff = f.value.minus(canon.value);
      const expected = `${first.raw}（${first.where}）`;
      if (diff.abs().lessThanOrEqualTo(tol)) {
        passed.push({
          code: 'report.repeated',
          path: f.where,
          message: `${label} ${f.raw} 与 ${expected} 一致`,
        });
        continue;
      }
      const unitSlip = unitMismatch(f, canon.value);
      findings.push({
        code: unitSlip ? 'report.unit' : 'report.repeated',
        severity: 'error',
        path: f.where,
        message: unitSlip
          ? `${label}写作“${f.raw}”，而 ${first.where} 为 ${first.raw}${first.printedUnit ? '' : '（万元）'}：单位应为万元，写成“元”差了一万倍`
          : `${label}前后不一：此处写 ${f.raw}，${first.where} 写 ${first.raw}`,
        stated: f.raw,
        expected: first.raw,
        tolerance: fixed(tol, places + 1),
        location: locationOf(f),
      });
    }
  }
  return { findings, passed };
}

/** A figure printed in 元 whose number equals the model's value in 万元. */
function unitMismatch(f: Fact, canon: Decimal): boolean {
  if (f.printedUnit !== '元') return false;
  return f.value.times(10000).equals(canon);
}

export function locationOf(f: Fact): Finding['location'] {
  return {
    line: f.line,
    section: f.section,
    ...(f.table ? { table: f.table } : {}),
    ...(f.row ? { row: f.row } : {}),
    ...(f.column ? { column: f.column } : {}),
  };
}

export { fmt as formatFigure };
