/**
 * Loads a framework: the schema first, then what a schema cannot say — weights add up level by level,
 * every metric a rule names exists, codes are unique, only level-3 (leaf) indicators carry rules.
 */
import { Decimal, sum } from '../decimal.ts';
import { frameworkMetricErrors, metricNames, metricSet } from '../metrics/registry.ts';
import { TARGET_CATEGORIES } from '../dataset/schema.ts';
import {
  formatPath,
  withTextErrors,
  zhErrorMap,
  zodErrors,
  type FieldError,
  type ParseResult,
} from '../dataset/parse.ts';
import { frameworkSchema, type Condition, type Framework, type IndicatorNode, type Rule } from './schema.ts';

export function parseFramework(input: unknown): ParseResult<Framework> {
  return withTextErrors(input, (x) => {
    const r = frameworkSchema.safeParse(x, { error: zhErrorMap });
    if (!r.success) return { ok: false, errors: zodErrors(r.error) };
    const errors = checkFramework(r.data);
    return errors.length ? { ok: false, errors } : { ok: true, value: r.data };
  });
}

function checkFramework(fw: Framework): FieldError[] {
  const errors: FieldError[] = [];
  const codes = new Set<string>();
  const err = (path: (string | number)[], message: string) =>
    errors.push({ path: formatPath(path), message });

  // The framework's own fields and metrics first: rules may name its metrics like built-in ones.
  const declared = frameworkMetricErrors(fw);
  declared.forEach((e) => err(e.path, e.message));
  known = new Set([...metricNames(), ...fw.metrics.map((m) => m.id)]);
  if (!declared.length) metricSet(fw); // compiled once; its metrics join METRICS for rules and reports

  const top = sum(fw.indicators.map((n) => new Decimal(n.weight)));
  if (!top.equals(fw.total)) {
    err(['indicators'], `一级指标分值合计 ${top.toString()}，应等于总分 ${fw.total}`);
  }

  const visit = (node: IndicatorNode, path: (string | number)[], level: number) => {
    if (codes.has(node.code)) err([...path, 'code'], `指标 code “${node.code}”重复`);
    codes.add(node.code);
    const weight = new Decimal(node.weight);
    if (weight.isNegative()) err([...path, 'weight'], '分值不能为负数');
    if (node.children?.length) {
      if (node.rule) err([...path, 'rule'], '只有末级（三级）指标才有评分规则');
      const s = sum(node.children.map((c) => new Decimal(c.weight)));
      if (!s.equals(weight)) {
        err(
          [...path, 'weight'],
          `“${node.name}”分值 ${node.weight}，其下级指标分值合计 ${s.toString()}，应相等`,
        );
      }
      node.children.forEach((c, i) => visit(c, [...path, 'children', i], level + 1));
    } else if (!node.rule) {
      err([...path, 'rule'], `末级指标“${node.name}”缺少评分规则 rule`);
    } else {
      checkRule(node.rule, weight, [...path, 'rule'], err);
    }
  };
  fw.indicators.forEach((n, i) => visit(n, ['indicators', i], 1));
  return errors;
}

type Err = (path: (string | number)[], message: string) => void;

/** Metric names the framework being checked can use (built-in and its own); set by checkFramework. */
let known: ReadonlySet<string> = new Set();

function checkMetric(name: string, path: (string | number)[], err: Err) {
  if (!known.has(name)) err(path, `指标量“${name}”不存在；可用的有：${[...known].join('、')}`);
}

function checkConditions(conds: Condition[] | undefined, path: (string | number)[], err: Err) {
  conds?.forEach((c, i) => checkMetric(c.metric, [...path, i, 'metric'], err));
}

function checkRule(rule: Rule, weight: Decimal, path: (string | number)[], err: Err) {
  switch (rule.kind) {
    case 'checklist': {
      const s = sum(rule.items.map((i) => new Decimal(i.points)));
      if (!s.equals(weight))
        err([...path, 'items'], `清单各项分值合计 ${s.toString()}，应等于指标分值 ${weight.toString()}`);
      const ids = new Set<string>();
      rule.items.forEach((item, i) => {
        if (ids.has(item.id)) err([...path, 'items', i, 'id'], `清单项 id “${item.id}”重复`);
        ids.add(item.id);
        checkConditions(item.when, [...path, 'items', i, 'when'], err);
      });
      break;
    }
    case 'deduction':
      if (rule.countMetric) checkMetric(rule.countMetric, [...path, 'countMetric'], err);
      break;
    case 'proportional':
      checkMetric(rule.metric, [...path, 'metric'], err);
      checkConditions(rule.zeroIf, [...path, 'zeroIf'], err);
      if (rule.points && new Decimal(rule.points).greaterThan(weight))
        err([...path, 'points'], '分值超过指标分值');
      break;
    case 'tiered':
      checkMetric(rule.metric, [...path, 'metric'], err);
      rule.tiers.forEach((t, i) => {
        if (new Decimal(t.score).greaterThan(weight))
          err([...path, 'tiers', i, 'score'], '档位得分超过指标分值');
        if (t.min !== undefined && t.max !== undefined && new Decimal(t.min).greaterThan(t.max)) {
          err([...path, 'tiers', i], '档位下限大于上限');
        }
      });
      break;
    case 'schedule': {
      checkMetric(rule.metric, [...path, 'metric'], err);
      const total = new Decimal(rule.perQuarter).times(rule.schedule.length).plus(rule.average.points);
      if (!total.equals(weight)) {
        err(path, `各季度分值合计加平均部分分值为 ${total.toString()}，应等于指标分值 ${weight.toString()}`);
      }
      break;
    }
    case 'composite': {
      const s = sum(rule.parts.map((p) => new Decimal(p.points)));
      if (!s.equals(weight))
        err([...path, 'parts'], `各部分分值合计 ${s.toString()}，应等于指标分值 ${weight.toString()}`);
      rule.parts.forEach((p, i) =>
        checkRule(p.rule, new Decimal(p.points), [...path, 'parts', i, 'rule'], err),
      );
      break;
    }
    case 'veto':
      checkConditions(rule.when, [...path, 'when'], err);
      checkRule(rule.rule, weight, [...path, 'rule'], err);
      break;
    case 'judged':
      if (rule.max && new Decimal(rule.max).greaterThan(weight)) err([...path, 'max'], '上限超过指标分值');
      break;
    case 'choice':
      checkMetric(rule.metric, [...path, 'metric'], err);
      for (const [k, v] of Object.entries(rule.options)) {
        if (new Decimal(v).greaterThan(weight)) err([...path, 'options', k], '选项得分超过指标分值');
      }
      break;
    case 'excess':
      checkMetric(rule.metric, [...path, 'metric'], err);
      break;
    case 'targets':
      rule.categories.forEach((c, i) => {
        if (!(TARGET_CATEGORIES as readonly string[]).includes(c))
          err([...path, 'categories', i], `目标类别“${c}”不存在；可用的有：${TARGET_CATEGORIES.join('、')}`);
      });
      if (
        rule.ifMissing &&
        rule.ifMissing.score !== 'full' &&
        new Decimal(rule.ifMissing.score).greaterThan(weight)
      )
        err([...path, 'ifMissing'], '缺少目标时的得分超过指标分值');
      if (rule.qualitativeBands) {
        for (const [band, [lo, hi]] of Object.entries(rule.qualitativeBands)) {
          if (
            new Decimal(lo).greaterThan(hi) ||
            new Decimal(hi).greaterThan(1) ||
            new Decimal(lo).isNegative()
          )
            err([...path, 'qualitativeBands', band], '定性分档区间应在 0%—100% 之间且下限不大于上限');
        }
      }
      break;
  }
}
