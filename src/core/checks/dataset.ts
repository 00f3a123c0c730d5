/**
 * Consistency checks on a dataset, before scoring and before a report is written. Pure: a dataset
 * (and optionally the framework it is scored against) in, findings and the list of what passed out.
 * Each check is registered with a stable code; `checkDataset` runs them all.
 */
import { Decimal, ZERO, fixed, money, parseDecimalText, sum } from '../decimal.ts';
import type { Dataset, Target } from '../dataset/schema.ts';
import type { Framework, IndicatorNode } from '../framework/schema.ts';
import { METRICS, type MetricDef } from '../metrics/registry.ts';
import { quarterLabel } from '../quarters.ts';
import { score } from '../score.ts';
import { asPercent, compare, publishedPlaces } from './tolerance.ts';
import type { CheckOutcome, Finding, Passed } from './types.ts';

export interface DatasetCheckOptions {
  /** The framework the dataset is scored against: enables the score-dependent checks. */
  framework?: Framework | undefined;
  /**
   * Over-achievement share beyond which a target's actual value needs a written reason (target.note):
   * "0.2" = more than 20 % beyond the target value. Default 0.2.
   */
  overAchievementShare?: string | undefined;
}

export interface DatasetCheckContext {
  dataset: Dataset;
  options: DatasetCheckOptions;
  finding(f: Finding): void;
  pass(p: Passed): void;
}

export interface DatasetCheck {
  code: string;
  /** What the check verifies, in Chinese. */
  title: string;
  run(ctx: DatasetCheckContext): void;
}

const d = (s: string | undefined): Decimal => (s === undefined ? ZERO : new Decimal(s));
const CATEGORY_LABELS = { personnel: '人员经费', publicOperating: '公用经费', project: '项目支出' } as const;
type Category = keyof typeof CATEGORY_LABELS;
const CATEGORIES = Object.keys(CATEGORY_LABELS) as Category[];

/** A numeric metric of the dataset (the same declaration the score and the report use). */
function metricOf(ds: Dataset, name: string): Decimal {
  const v = METRICS[name]!.compute(ds);
  return v instanceof Decimal ? v : ZERO;
}
const adjustedOf = (ds: Dataset, c: Category): Decimal => metricOf(ds, `budget.adjusted.${c}`);

/** A metric's value in the unit a report prints it: percent for ratios. */
function display(def: MetricDef, v: Decimal): Decimal {
  return def.unit === 'ratio' ? asPercent(v) : v;
}
function show(def: MetricDef, v: Decimal, places: number): string {
  if (def.unit === 'ratio') return `${fixed(asPercent(v), places)}%`;
  if (def.unit === 'amount') return `${money(v, places)}万元`;
  return fixed(v, places);
}

const statedCheck: DatasetCheck = {
  code: 'stated.mismatch',
  title: '写明的合计数、比率与由构成数重新计算的结果一致',
  run({ dataset, finding, pass }) {
    for (const [name, text] of Object.entries(dataset.stated)) {
      const path = `stated.${name}`;
      const def = METRICS[name];
      if (!def) {
        finding({
          code: 'stated.unknown',
          severity: 'note',
          path,
          message: `“${name}”不是系统计算的指标量，未核对`,
        });
        continue;
      }
      const inYuan = def.unit === 'amount' && /[^万]元\s*$|^元$/.test(text.trim()) && !/万元\s*$/.test(text);
      const parsed = parseDecimalText(text.replace(/\s*(万元|元|分|人|个|项)$/, ''));
      // An amount written in 元 is compared in 万元 (the dataset's unit).
      const statedNum = parsed && inYuan ? parsed.dividedBy(10000) : parsed;
      const computed = def.compute(dataset);
      if (!statedNum || !(computed instanceof Decimal)) {
        finding({
          code: 'stated.unreadable',
          severity: 'note',
          path,
          message: `${def.label}写作“${text}”，无法与计算值比较`,
        });
        continue;
      }
      const places = publishedPlaces(text);
      const cmp = compare(statedNum, places, display(def, computed));
      const expected = show(def, computed, Math.max(places, 2));
      if (cmp.ok) {
        pass({
          code: 'stated.mismatch',
          path,
          message: `${def.label}写明 ${text}，重新计算为 ${expected}${cmp.residue ? '（尾差，在公布精度之内）' : ''}`,
        });
      } else if (inYuan && parsed && compare(parsed, places, computed).ok) {
        finding({
          code: 'stated.unit',
          severity: 'error',
          path,
          message: `${def.label}写作“${text}”，按构成数为 ${expected}：单位应为万元，写成“元”差了一万倍`,
          stated: text,
          expected,
          tolerance: fixed(cmp.tolerance, places + 1),
        });
      } else {
        finding({
          code: 'stated.mismatch',
          severity: 'error',
          path,
          message: `${def.label}写明为 ${text}，按${def.formula ?? '构成数'}重新计算为 ${expected}，相差 ${fixed(cmp.diff.abs(), Math.max(places, 2))}`,
          stated: text,
          expected,
          tolerance: fixed(cmp.tolerance, places + 1),
        });
      }
    }
  },
};

const partsCheck: DatasetCheck = {
  code: 'parts.exceedWhole',
  title: '部分不大于整体（其中项、在用数、完成数、回复数）',
  run({ dataset: ds, finding, pass }) {
    const pairs: [string, number | Decimal | undefined, string, number | Decimal | undefined, string][] = [
      [
        'projects.completedOnTime',
        ds.projects.completedOnTime,
        'projects.count',
        ds.projects.count,
        '按时完成的项目数不应多于项目数',
      ],
      [
        'projects.monitored',
        ds.projects.monitored,
        'projects.count',
        ds.projects.count,
        '“双监控”项目数不应多于项目数',
      ],
      [
        'projects.monitoredRunningWell',
        ds.projects.monitoredRunningWell,
        'projects.monitored',
        ds.projects.monitored,
        '运行良好的项目数不应多于监控项目数',
      ],
      [
        'projects.newProjects',
        ds.projects.newProjects,
        'projects.count',
        ds.projects.count,
        '新增项目数不应多于项目数',
      ],
      [
        'petitions.replied',
        ds.petitions.replied,
        'petitions.received',
        ds.petitions.received,
        '办理回复件数不应多于受理件数',
      ],
      [
        'petitions.repliedOnTime',
        ds.petitions.repliedOnTime,
        'petitions.replied',
        ds.petitions.replied,
        '按时回复件数不应多于回复件数',
      ],
    ];
    ds.assets.fixed.forEach((c, i) => {
      pairs.push([
        `assets.fixed[${i}].inUseValue`,
        d(c.inUseValue),
        `assets.fixed[${i}].originalValue`,
        d(c.originalValue),
        `${c.name}在用原值不应大于原值`,
      ]);
      (c.includes ?? []).forEach((x, j) => {
        pairs.push([
          `assets.fixed[${i}].includes[${j}].count`,
          x.count,
          `assets.fixed[${i}].count`,
          c.count,
          `其中${x.name}数量不应多于${c.name}数量`,
        ]);
        pairs.push([
          `assets.fixed[${i}].includes[${j}].originalValue`,
          d(x.originalValue),
          `assets.fixed[${i}].originalValue`,
          d(c.originalValue),
          `其中${x.name}原值不应大于${c.name}原值`,
        ]);
      });
    });
    ds.assets.intangible.forEach((c, i) =>
      pairs.push([
        `assets.intangible[${i}].inUseValue`,
        d(c.inUseValue),
        `assets.intangible[${i}].originalValue`,
        d(c.originalValue),
        `${c.name}在用原值不应大于原值`,
      ]),
    );
    for (const [partPath, part, wholePath, whole, message] of pairs) {
      if (part === undefined || whole === undefined) continue;
      const p = new Decimal(part);
      const w = new Decimal(whole);
      if (p.greaterThan(w))
        finding({
          code: 'parts.exceedWhole',
          severity: 'error',
          path: partPath,
          message: `${message}：${p.toString()} > ${w.toString()}（${wholePath}）`,
          stated: p.toString(),
          expected: `≤ ${w.toString()}`,
        });
      else
        pass({
          code: 'parts.exceedWhole',
          path: partPath,
          message: `${message}：${p.toString()} ≤ ${w.toString()}`,
        });
    }
  },
};

const totalsCheck: DatasetCheck = {
  code: 'sum.mismatch',
  title: '分项合计与总数一致（按类别执行数、二级项目明细、二级项目与项目支出预算）',
  run({ dataset: ds, finding, pass }) {
    const q4 = ds.execution.quarterlyCumulative[3];
    const byCat = ds.execution.byCategory;
    if (byCat && q4 !== undefined) {
      const total = sum(CATEGORIES.map((c) => d(byCat[c])));
      if (!total.equals(d(q4)))
        finding({
          code: 'sum.mismatch',
          severity: 'error',
          path: 'execution.byCategory',
          message: `按类别执行数合计 ${money(total)} 万元，与四季度末累计执行数 ${money(d(q4))} 万元不符`,
          stated: money(total),
          expected: money(d(q4)),
          tolerance: '0',
        });
      else
        pass({
          code: 'sum.mismatch',
          path: 'execution.byCategory',
          message: `按类别执行数合计 ${money(total)} 万元，等于四季度末累计执行数`,
        });
    }
    const p = ds.projects;
    if (p.adjustedBudget !== undefined) {
      const fromBudget = adjustedOf(ds, 'project');
      if (!d(p.adjustedBudget).equals(fromBudget))
        finding({
          code: 'sum.mismatch',
          severity: 'warning',
          path: 'projects.adjustedBudget',
          message: `二级项目调整预算合计 ${money(d(p.adjustedBudget))} 万元，与项目支出调整预算数（年初+调整）${money(fromBudget)} 万元不符`,
          stated: money(d(p.adjustedBudget)),
          expected: money(fromBudget),
          tolerance: '0',
        });
      else
        pass({
          code: 'sum.mismatch',
          path: 'projects.adjustedBudget',
          message: `二级项目调整预算合计 ${money(fromBudget)} 万元，等于项目支出年初预算加调整`,
        });
    }
    const items = p.items ?? [];
    // Items are every project only when there are as many as projects.count; otherwise a part.
    const complete = items.length === p.count;
    for (const field of ['adjustedBudget', 'executed'] as const) {
      const total = p[field];
      const parts = items.filter((it) => it[field] !== undefined);
      if (total === undefined || !parts.length) continue;
      const s = sum(parts.map((it) => d(it[field])));
      const label = field === 'executed' ? '支出数' : '调整预算数';
      const path = `projects.${field}`;
      if (complete && parts.length === items.length) {
        if (!s.equals(d(total)))
          finding({
            code: 'sum.mismatch',
            severity: 'error',
            path,
            message: `二级项目${label}逐项相加为 ${money(s)} 万元，合计写为 ${money(d(total))} 万元`,
            stated: money(d(total)),
            expected: money(s),
            tolerance: '0',
          });
        else
          pass({ code: 'sum.mismatch', path, message: `二级项目${label}逐项相加等于合计 ${money(s)} 万元` });
      } else if (s.greaterThan(d(total)))
        finding({
          code: 'parts.exceedWhole',
          severity: 'error',
          path,
          message: `列出的 ${parts.length} 个二级项目${label}已达 ${money(s)} 万元，超过合计 ${money(d(total))} 万元`,
          stated: money(d(total)),
          expected: `≥ ${money(s)}`,
        });
      else
        pass({
          code: 'parts.exceedWhole',
          path,
          message: `列出的 ${parts.length} 个（共 ${p.count} 个）二级项目${label} ${money(s)} 万元，不超过合计 ${money(d(total))} 万元`,
        });
    }
    const daily = ds.dailyOperating;
    const adjPub = adjustedOf(ds, 'publicOperating');
    if (d(daily.adjustedBudget).greaterThan(adjPub))
      finding({
        code: 'parts.exceedWhole',
        severity: 'warning',
        path: 'dailyOperating.adjustedBudget',
        message: `日常公用经费调整预算 ${money(d(daily.adjustedBudget))} 万元，大于公用经费调整预算 ${money(adjPub)} 万元（日常公用经费是公用经费的一部分）`,
        stated: money(d(daily.adjustedBudget)),
        expected: `≤ ${money(adjPub)}`,
      });
    else
      pass({
        code: 'parts.exceedWhole',
        path: 'dailyOperating.adjustedBudget',
        message: `日常公用经费调整预算 ${money(d(daily.adjustedBudget))} 万元，不大于公用经费调整预算 ${money(adjPub)} 万元`,
      });
  },
};

const quarterlyCheck: DatasetCheck = {
  code: 'quarterly.falling',
  title: '季度累计执行数逐季不减',
  run({ dataset: ds, finding, pass }) {
    const q = ds.execution.quarterlyCumulative.map((x) => d(x));
    let ok = true;
    for (let i = 1; i < q.length; i++) {
      if (q[i]!.lessThan(q[i - 1]!)) {
        ok = false;
        finding({
          code: 'quarterly.falling',
          severity: 'error',
          path: `execution.quarterlyCumulative[${i}]`,
          message: `${quarterLabel(i + 1)}末累计执行数 ${money(q[i]!)} 万元，低于上季度末的 ${money(q[i - 1]!)} 万元；累计数不应下降`,
          stated: money(q[i]!),
          expected: `≥ ${money(q[i - 1]!)}`,
        });
      }
    }
    if (ok)
      pass({
        code: 'quarterly.falling',
        path: 'execution.quarterlyCumulative',
        message: `季度累计执行数逐季不减：${q.map((x) => money(x)).join(' ≤ ')}`,
      });
  },
};

const aboveBudgetCheck: DatasetCheck = {
  code: 'execution.aboveBudget',
  title: '执行数不超过预算（全年、按类别、二级项目、“三公”经费、政府采购）',
  run({ dataset: ds, finding, pass }) {
    const adjTotal = metricOf(ds, 'budget.adjusted.total');
    const q4 = d(ds.execution.quarterlyCumulative[3]);
    const check = (
      path: string,
      label: string,
      actual: Decimal,
      budget: Decimal,
      severity: 'error' | 'warning',
    ) => {
      if (actual.greaterThan(budget))
        finding({
          code: 'execution.aboveBudget',
          severity,
          path,
          message: `${label}执行 ${money(actual)} 万元，超过预算 ${money(budget)} 万元`,
          stated: money(actual),
          expected: `≤ ${money(budget)}`,
        });
      else
        pass({
          code: 'execution.aboveBudget',
          path,
          message: `${label}执行 ${money(actual)} 万元，未超过预算 ${money(budget)} 万元`,
        });
    };
    check('execution.quarterlyCumulative[3]', '全年预算', q4, adjTotal, 'error');
    const byCat = ds.execution.byCategory;
    if (byCat)
      for (const c of CATEGORIES)
        check(`execution.byCategory.${c}`, CATEGORY_LABELS[c], d(byCat[c]), adjustedOf(ds, c), 'error');
    if (ds.projects.executed !== undefined && ds.projects.adjustedBudget !== undefined)
      check('projects.executed', '二级项目', d(ds.projects.executed), d(ds.projects.adjustedBudget), 'error');
    const tp = ds.threePublicCosts;
    const labels = {
      outboundTravel: '因公出国（境）费',
      reception: '公务接待费',
      vehiclePurchase: '公务用车购置费',
      vehicleOperation: '公务用车运行维护费',
    } as const;
    for (const k of Object.keys(labels) as (keyof typeof labels)[]) {
      if (tp.actual[k] === undefined) continue;
      check(`threePublicCosts.actual.${k}`, labels[k], d(tp.actual[k]), d(tp.budget[k]), 'warning');
    }
    check(
      'dailyOperating.actual',
      '日常公用经费',
      d(ds.dailyOperating.actual),
      d(ds.dailyOperating.adjustedBudget),
      'warning',
    );
    check('procurement.actual', '政府采购', d(ds.procurement.actual), d(ds.procurement.planned), 'warning');
  },
};

/** Years written in a text: "2023 年 6 月 1 日—2023 年 12 月 31 日" → [2023, 2023]; "2023-12-31" too. */
export function yearsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/((?:19|20)\d{2})\s*(?:年|[-/.](?=\d))/g)) out.push(Number(m[1]));
  return out;
}

const datesCheck: DatasetCheck = {
  code: 'dates.outOfYear',
  title: '日期在评价年度之内',
  run({ dataset: ds, finding, pass }) {
    const dated: [string, string | undefined][] = [
      ...ds.adjustments.map((a, i) => [`adjustments[${i}].date`, a.date] as [string, string | undefined]),
      ...ds.transfers.map((t, i) => [`transfers[${i}].date`, t.date] as [string, string | undefined]),
    ];
    // A target carried from last year keeps last year's dates until the department re-dates it: that
    // is a reminder on the form (evaluate's `redate`), not a finding.
    ds.targets.forEach((t, i) => {
      if (t.category === '时效指标' && t.carriedFrom === undefined)
        dated.push([`targets[${i}].target`, t.target]);
    });
    let n = 0;
    for (const [path, text] of dated) {
      if (!text) continue;
      for (const y of yearsIn(String(text))) {
        n++;
        if (y !== ds.year)
          finding({
            code: 'dates.outOfYear',
            severity: 'error',
            path,
            message: `日期“${text}”不在评价年度 ${ds.year} 年内`,
            stated: String(text),
            expected: `${ds.year} 年内`,
          });
      }
    }
    if (n)
      pass({
        code: 'dates.outOfYear',
        path: 'adjustments/transfers/targets',
        message: `核对了 ${n} 处日期是否在 ${ds.year} 年内`,
      });
  },
};

/** The first number in a target value and its comparator: "≥10 项" → {op: '>=', value: 10}. */
export function targetNumber(
  text: string,
): { op: '>=' | '>' | '<=' | '<' | '='; value: Decimal; percent: boolean } | null {
  const m = text
    .replace(/,/g, '')
    .match(/(≥|>=|＞|>|≤|<=|＜|<|不低于|不少于|不超过|不高于|大于|小于)?\s*(\d+(?:\.\d+)?)\s*(%|％)?/);
  if (!m) return null;
  const ops: Record<string, '>=' | '>' | '<=' | '<'> = {
    '≥': '>=',
    '>=': '>=',
    不低于: '>=',
    不少于: '>=',
    '＞': '>',
    '>': '>',
    大于: '>',
    '≤': '<=',
    '<=': '<=',
    不超过: '<=',
    不高于: '<=',
    '＜': '<',
    '<': '<',
    小于: '<',
  };
  return { op: m[1] ? ops[m[1]]! : '=', value: new Decimal(m[2]!), percent: !!m[3] };
}

const MONEY = /万元|元/;
const RATE = /%|％|率/;

const targetsCheck: DatasetCheck = {
  code: 'targets',
  title: '绩效目标：定量指标有数值、指标类别与指标值相符、超额完成有说明',
  run({ dataset: ds, options, finding, pass }) {
    const share = new Decimal(options.overAchievementShare ?? '0.2');
    ds.targets.forEach((t: Target, i) => {
      const path = `targets[${i}]`;
      const hasNumber = /\d/.test(t.target);
      if (t.quantitative === true && !hasNumber)
        finding({
          code: 'targets.notNumber',
          severity: 'error',
          path: `${path}.target`,
          message: `“${t.name}”计为定量指标，但指标值“${t.target}”没有数值`,
        });
      else if (t.category === '数量指标' && !hasNumber)
        finding({
          code: 'targets.notNumber',
          severity: 'warning',
          path: `${path}.target`,
          message: `数量指标“${t.name}”的指标值“${t.target}”没有数值`,
        });
      const fit = categoryFit(t);
      if (fit)
        finding({
          code: 'targets.categoryFit',
          severity: 'warning',
          path: `${path}.category`,
          message: fit,
          stated: t.category,
        });
      else
        pass({
          code: 'targets.categoryFit',
          path,
          message: `${t.category}“${t.name}”（${t.target}）类别与指标值相符`,
        });
      if (t.actual !== undefined) {
        const target = targetNumber(t.target);
        const actual = targetNumber(t.actual);
        if (!target || !actual || target.value.isZero()) return;
        const over = target.op.startsWith('<')
          ? target.value.minus(actual.value)
          : actual.value.minus(target.value);
        const ratio = over.dividedBy(target.value);
        if (ratio.greaterThan(share) && !t.note?.trim())
          finding({
            code: 'targets.overAchievement',
            severity: 'warning',
            path: `${path}.actual`,
            message: `“${t.name}”目标 ${t.target}，实际 ${t.actual}，超出目标 ${fixed(asPercent(ratio))}%（超过 ${fixed(asPercent(share), 0)}%），未说明原因（targets[${i}].note）；目标值可能设置偏低`,
            stated: t.actual,
            expected: t.target,
            tolerance: `${fixed(asPercent(share), 0)}%`,
          });
        else
          pass({
            code: 'targets.overAchievement',
            path: `${path}.actual`,
            message: `“${t.name}”目标 ${t.target}，实际 ${t.actual}${ratio.greaterThan(share) ? '，超额有说明' : '，未超额过多'}`,
          });
      }
    });
    const q = metricOf(ds, 'targets.quantitativeCount').toNumber();
    if (ds.targets.length)
      pass({
        code: 'targets.notNumber',
        path: 'targets',
        message: `${ds.targets.length} 个绩效指标中 ${q} 个为定量指标`,
      });
  },
};

/** Why a target's category does not fit its value, or null when it fits. */
export function categoryFit(t: Pick<Target, 'category' | 'name' | 'target'>): string | null {
  const both = `${t.name} ${t.target}`;
  if (t.category === '成本指标' && !MONEY.test(both))
    return `成本指标“${t.name}”的指标值“${t.target}”不是金额${RATE.test(both) ? '而是比率' : ''}；成本指标应为成本金额（如“≤75 万元”），${RATE.test(both) ? '比率宜归入质量或时效指标' : ''}`.replace(
      /，$/,
      '',
    );
  if (t.category === '数量指标' && /%|％/.test(t.target))
    return `数量指标“${t.name}”的指标值“${t.target}”是比率，应为数量（个、项、人次等）；比率宜归入质量指标`;
  if (t.category === '满意度指标' && !/%|％|满意|分/.test(t.target))
    return `满意度指标“${t.name}”的指标值“${t.target}”不是满意度（百分比或分值）`;
  return null;
}

function leavesOf(nodes: IndicatorNode[]): IndicatorNode[] {
  return nodes.flatMap((n) => (n.children?.length ? leavesOf(n.children) : [n]));
}

const reasonsCheck: DatasetCheck = {
  code: 'evaluation.noReason',
  title: '清单项、评价人判断得分附有理由',
  run({ dataset: ds, options, finding, pass }) {
    const fw = options.framework;
    const codes = fw ? new Map(leavesOf(fw.indicators).map((n) => [n.code, n])) : undefined;
    for (const [code, entry] of Object.entries(ds.evaluation)) {
      const node = codes?.get(code);
      const name = node?.name ?? code;
      if (codes && !node) {
        finding({
          code: 'evaluation.unknownIndicator',
          severity: 'warning',
          path: `evaluation.${code}`,
          message: `框架 ${fw!.id} 中没有指标“${code}”，这条评价不会计分`,
        });
        continue;
      }
      for (const [id, item] of Object.entries(entry.items ?? {})) {
        if (!item.reason?.trim())
          finding({
            code: 'evaluation.noReason',
            severity: 'warning',
            path: `evaluation.${code}.items.${id}`,
            message: `“${name}”的清单项“${id}”判断为${item.met === false ? '未达到' : '达到'}，没有写理由`,
          });
        else
          pass({
            code: 'evaluation.noReason',
            path: `evaluation.${code}.items.${id}`,
            message: `“${name}”清单项“${id}”附有理由`,
          });
      }
      if (entry.score !== undefined) {
        if (!entry.reason?.trim())
          finding({
            code: 'evaluation.noReason',
            severity: 'warning',
            path: `evaluation.${code}.reason`,
            message: `“${name}”评价人判断得分 ${entry.score}，没有写理由`,
          });
        else
          pass({
            code: 'evaluation.noReason',
            path: `evaluation.${code}.reason`,
            message: `“${name}”判断得分 ${entry.score} 附有理由`,
          });
      }
    }
  },
};

const measuresCheck: DatasetCheck = {
  code: 'measures.missing',
  title: '每一处失分都有改进措施',
  run({ dataset: ds, options, finding, pass }) {
    const fw = options.framework;
    if (!fw) return;
    const result = score(ds, fw);
    for (const p of result.problems) {
      const m = ds.measures[p.code];
      if (!m || !m.join('').trim())
        finding({
          code: 'measures.missing',
          severity: 'warning',
          path: `measures.${p.code}`,
          message: `“${p.name}”失 ${p.lost} 分（${p.score} / ${p.weight}），没有改进措施（请在“改进措施”中为该指标填写）`,
          stated: p.score,
          expected: p.weight,
        });
      else
        pass({
          code: 'measures.missing',
          path: `measures.${p.code}`,
          message: `“${p.name}”失 ${p.lost} 分，有改进措施`,
        });
    }
  },
};

/** The registry, in the order findings are reported. */
export const DATASET_CHECKS: DatasetCheck[] = [
  statedCheck,
  totalsCheck,
  partsCheck,
  quarterlyCheck,
  aboveBudgetCheck,
  datesCheck,
  targetsCheck,
  reasonsCheck,
  measuresCheck,
];

/** Runs every registered check: findings and the list of what was checked and agreed. */
export function runDatasetChecks(dataset: Dataset, options: DatasetCheckOptions = {}): CheckOutcome {
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  const ctx: DatasetCheckContext = {
    dataset,
    options,
    finding: (f) => findings.push(f),
    pass: (p) => passed.push(p),
  };
  for (const c of DATASET_CHECKS) c.run(ctx);
  return { findings, passed };
}

/** The findings of every dataset check (what the web app shows next to the form). */
export function checkDataset(
  dataset: Dataset,
  framework?: Framework,
  options: Omit<DatasetCheckOptions, 'framework'> = {},
): Finding[] {
  return runDatasetChecks(dataset, { ...options, framework }).findings;
}
