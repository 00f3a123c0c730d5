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
import { checkRule } from '../rules/registry.ts';
import type { CheckContext } from '../rules/types.ts';
import { frameworkSchema, type Framework, type IndicatorNode } from './schema.ts';

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
  const known = new Set([...metricNames(), ...fw.metrics.map((m) => m.id)]);
  if (!declared.length) metricSet(fw); // compiled once, kept with the framework object

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
      if (node.evidence) err([...path, 'evidence'], '只有末级（三级）指标才能要求佐证材料');
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
      checkRule(node.rule, weight, [...path, 'rule'], c);
    }
  };
  const c: CheckContext = {
    err,
    metric: (name, path) => {
      if (!known.has(name)) err(path, `指标量“${name}”不存在；可用的有：${[...known].join('、')}`);
    },
    targetCategories: targetCategoriesOf(fw),
  };
  (fw.targetCategories ?? []).forEach((cat, i) => {
    if ((TARGET_CATEGORIES as readonly string[]).includes(cat))
      err(['targetCategories', i], `“${cat}”已是财政部规定的目标类别，不必再声明`);
  });
  fw.indicators.forEach((n, i) => visit(n, ['indicators', i], 1));
  return errors;
}

/** The target categories a framework's rules and its departments may use: the MOF nine and its own. */
export function targetCategoriesOf(fw: Pick<Framework, 'targetCategories'>): string[] {
  return [...new Set([...TARGET_CATEGORIES, ...(fw.targetCategories ?? [])])];
}

/** Department targets whose category neither the MOF nine nor the framework declares. */
export function unknownTargetCategories(
  ds: { targets: readonly { category: string; name: string }[] },
  fw: Pick<Framework, 'targetCategories' | 'name'>,
): FieldError[] {
  const known = targetCategoriesOf(fw);
  return ds.targets.flatMap((t, i) =>
    known.includes(t.category)
      ? []
      : [
          {
            path: formatPath(['targets', i, 'category']),
            message: `绩效目标“${t.name}”的类别“${t.category}”不在框架“${fw.name}”的目标类别中；可用的有：${known.join('、')}`,
          },
        ],
  );
}
