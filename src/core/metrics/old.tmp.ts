/**
 * Metrics (指标量): every derived figure the frameworks and the report use, computed from the dataset
 * with exact decimals. Each carries its Chinese label, unit and formula so a score can explain itself.
 * Rates are ratios (0.9337), shown as percentages; nothing here rounds.
 */
import { Decimal, ZERO, sum } from '../decimal.ts';
import {
  SPENDING_CATEGORIES,
  SPENDING_CATEGORY_LABELS,
  type Dataset,
  type SpendingCategory,
} from '../dataset/schema.ts';
import { isQuantitative } from '../targets/quantitative.ts';

export type MetricValue = Decimal | Decimal[] | string | boolean | null;
export type MetricUnit = 'ratio' | 'amount' | 'count' | 'score' | 'text' | 'boolean' | 'ratios';

export interface MetricDef {
  label: string;
  unit: MetricUnit;
  /** The formula as the report writes it. */
  formula?: string;
  compute(ds: Dataset): MetricValue;
  /** For a ratio: its numerator and denominator, so 0/0 (nothing to measure) can be told apart. */
  parts?(ds: Dataset): [Decimal, Decimal];
  /** What 0/0 means in the department's words: “无政府采购计划，也无实际采购”. */
  none?: string;
}

/** A ratio metric declared by its parts: compute is numerator / denominator, null when the base is 0. */
function ratioMetric(
  def: Omit<MetricDef, 'unit' | 'compute' | 'parts'> & {
    parts(ds: Dataset): [Decimal, Decimal];
  },
): MetricDef {
  return { ...def, unit: 'ratio', compute: (ds) => ratio(...def.parts(ds)) };
}

const d = (s: string | undefined): Decimal => (s === undefined ? ZERO : new Decimal(s));
const ratio = (num: Decimal, den: Decimal): Decimal | null => (den.isZero() ? null : num.dividedBy(den));
const int = (n: number) => new Decimal(n);

function initialTotal(ds: Dataset): Decimal {
  const b = ds.budget.initial;
  return d(b.personnel).plus(d(b.publicOperating)).plus(d(b.project));
}
function netAdjustment(ds: Dataset, category?: string): Decimal {
  return sum(ds.adjustments.filter((a) => !category || a.category === category).map((a) => d(a.amount)));
}
function adjusted(ds: Dataset, category: 'personnel' | 'publicOperating' | 'project'): Decimal {
  return d(ds.budget.initial[category]).plus(netAdjustment(ds, category));
}
function adjustedTotal(ds: Dataset): Decimal {
  return initialTotal(ds).plus(netAdjustment(ds));
}
const SCHEDULE = ['0.25', '0.5', '0.75', '1'].map((s) => new Decimal(s));

type ThreePublicItem = 'outboundTravel' | 'reception' | 'vehiclePurchase' | 'vehicleOperation';
const THREE_PUBLIC_ITEMS: ThreePublicItem[] = [
  'outboundTravel',
  'reception',
  'vehiclePurchase',
  'vehicleOperation',
];
function threePublic(ds: Dataset, side: 'budget' | 'actual'): Decimal {
  return sum(THREE_PUBLIC_ITEMS.map((k) => d(ds.threePublicCosts[side][k])));
}
/** Null when the item has no budget line (the report prints “—”). */
function itemControlRate(ds: Dataset, item: ThreePublicItem): Decimal | null {
  const budget = ds.threePublicCosts.budget[item];
  return budget === undefined ? null : ratio(d(ds.threePublicCosts.actual[item]), d(budget));
}
function fixedAssets(ds: Dataset, field: 'originalValue' | 'inUseValue'): Decimal {
  return sum(ds.assets.fixed.map((c) => d(c[field])));
}

/** One metric per spending category (人员经费, 公用经费, 项目支出). */
function byCategory(
  make: (c: SpendingCategory, name: string) => [string, MetricDef],
): Record<string, MetricDef> {
  return Object.fromEntries(SPENDING_CATEGORIES.map((c) => make(c, SPENDING_CATEGORY_LABELS[c])));
}

const THREE_PUBLIC_LABELS: Record<ThreePublicItem, string> = {
  outboundTravel: '因公出国（境）费',
  reception: '公务接待费',
  vehiclePurchase: '公务用车购置费',
  vehicleOperation: '公务用车运行维护费',
};

export const METRICS: Record<string, MetricDef> = {
  'budget.initial.total': {
    label: '年初预算数',
    unit: 'amount',
    formula: '人员经费+公用经费+项目支出',
    compute: initialTotal,
  },
  'budget.initial.basic': {
    label: '年初基本支出预算数',
    unit: 'amount',
    formula: '人员经费+公用经费',
    compute: (ds) => d(ds.budget.initial.personnel).plus(d(ds.budget.initial.publicOperating)),
  },
  'budget.priorYear.total': {
    label: '上年预算数',
    unit: 'amount',
    compute: (ds) => {
      const p = ds.budget.priorYear;
      return p ? d(p.personnel).plus(d(p.publicOperating)).plus(d(p.project)) : null;
    },
  },
  'budget.yoyChange': {
    label: '年初预算较上年变动金额',
    unit: 'amount',
    formula: '本年年初预算数−上年预算数',
    compute: (ds) => {
      const prior = METRICS['budget.priorYear.total']!.compute(ds);
      return prior instanceof Decimal ? initialTotal(ds).minus(prior) : null;
    },
  },
  'budget.yoyRate': {
    label: '年初预算较上年变动率',
    unit: 'ratio',
    formula: '（本年年初预算数−上年预算数）/上年预算数×100%',
    compute: (ds) => {
      const prior = METRICS['budget.priorYear.total']!.compute(ds);
      return prior instanceof Decimal ? ratio(initialTotal(ds).minus(prior), prior) : null;
    },
  },
  'adjustments.net': {
    label: '预算调整净额',
    unit: 'amount',
    formula: 'Σ预算调整金额（追加为正，调减为负）',
    compute: (ds) => netAdjustment(ds),
  },
  'adjustments.gross': {
    label: '预算调整总额（绝对值）',
    unit: 'amount',
    formula: 'Σ|预算调整金额|',
    compute: (ds) => sum(ds.adjustments.map((a) => d(a.amount).abs())),
  },
  'transfers.total': {
    label: '预算调剂金额',
    unit: 'amount',
    formula: 'Σ调剂金额',
    compute: (ds) => sum(ds.transfers.map((t) => d(t.amount))),
  },
  'budget.adjusted.total': {
    label: '调整预算数（全年预算数）',
    unit: 'amount',
    formula: '年初预算数+预算调整净额',
    compute: adjustedTotal,
  },
  ...byCategory((c, name) => [
    `budget.adjusted.${c}`,
    { label: `${name}调整预算数`, unit: 'amount', compute: (ds) => adjusted(ds, c) },
  ]),
  'budget.adjusted.basic': {
    label: '基本支出调整预算数',
    unit: 'amount',
    compute: (ds) => adjusted(ds, 'personnel').plus(adjusted(ds, 'publicOperating')),
  },
  'adjustments.rate': {
    label: '预算调整率',
    unit: 'ratio',
    formula: '预算调整净额/年初预算数×100%（调减为负）',
    compute: (ds) => ratio(netAdjustment(ds), initialTotal(ds)),
  },
  ...byCategory((c, name) => [
    `adjustments.rate.${c}`,
    {
      label: `${name}调整率`,
      unit: 'ratio',
      formula: `${name}调整金额/${name}年初预算数×100%`,
      compute: (ds) => ratio(netAdjustment(ds, c), d(ds.budget.initial[c])),
    },
  ]),
  'adjustments.rate.basic': {
    label: '基本支出调整率',
    unit: 'ratio',
    formula: '基本支出调整金额/基本支出年初预算数×100%',
    compute: (ds) =>
      ratio(
        netAdjustment(ds, 'personnel').plus(netAdjustment(ds, 'publicOperating')),
        d(ds.budget.initial.personnel).plus(d(ds.budget.initial.publicOperating)),
      ),
  },
  'budget.adjusted.share.basic': {
    label: '基本支出占调整预算比例',
    unit: 'ratio',
    formula: '基本支出调整预算数/调整预算数×100%',
    compute: (ds) =>
      ratio(adjusted(ds, 'personnel').plus(adjusted(ds, 'publicOperating')), adjustedTotal(ds)),
  },
  'budget.adjusted.share.project': {
    label: '项目支出占调整预算比例',
    unit: 'ratio',
    formula: '项目支出调整预算数/调整预算数×100%',
    compute: (ds) => ratio(adjusted(ds, 'project'), adjustedTotal(ds)),
  },
  'adjustments.netRatio': {
    label: '预算调整比例',
    unit: 'ratio',
    formula: '|预算调整净额|/年初预算数×100%',
    compute: (ds) => ratio(netAdjustment(ds).abs(), initialTotal(ds)),
  },
  'adjustmentsAndTransfers.grossRatio': {
    label: '调整、调剂资金累计占预算总规模比例',
    unit: 'ratio',
    formula: '（Σ|预算调整金额|+Σ调剂金额）/年初预算数×100%',
    compute: (ds) =>
      ratio(
        sum(ds.adjustments.map((a) => d(a.amount).abs())).plus(sum(ds.transfers.map((t) => d(t.amount)))),
        initialTotal(ds),
      ),
  },
  'execution.annual': {
    label: '全年预算执行数',
    unit: 'amount',
    formula: '四季度末累计执行数',
    compute: (ds) => d(ds.execution.quarterlyCumulative[3]),
  },
  'execution.rate': {
    label: '全年预算执行率',
    unit: 'ratio',
    formula: '全年预算执行数/调整预算数×100%',
    compute: (ds) => ratio(d(ds.execution.quarterlyCumulative[3]), adjustedTotal(ds)),
  },
  'execution.quarterlyRates': {
    label: '各季度累计预算执行率',
    unit: 'ratios',
    formula: '季度末累计执行数/调整预算数×100%',
    compute: (ds) => {
      const total = adjustedTotal(ds);
      if (total.isZero()) return null;
      return ds.execution.quarterlyCumulative.map((q) => d(q).dividedBy(total));
    },
  },
  'execution.scheduleAmounts': {
    label: '各季度预算序时进度金额',
    unit: 'ratios',
    formula: '调整预算数×序时进度（25%、50%、75%、100%）',
    compute: (ds) => SCHEDULE.map((s) => adjustedTotal(ds).times(s)),
  },
  'procurement.rate': ratioMetric({
    label: '政府采购执行率',
    formula: '实际采购金额合计数/采购计划金额合计数×100%',
    parts: (ds) => [d(ds.procurement.actual), d(ds.procurement.planned)],
    none: '本年度无政府采购计划，也无实际采购',
  }),
  'threePublicCosts.budget': {
    label: '“三公”经费预算安排数',
    unit: 'amount',
    compute: (ds) => threePublic(ds, 'budget'),
  },
  'threePublicCosts.actual': {
    label: '“三公”经费实际支出数',
    unit: 'amount',
    compute: (ds) => threePublic(ds, 'actual'),
  },
  'threePublicCosts.controlRate': ratioMetric({
    label: '“三公”经费控制率',
    formula: '“三公”经费实际支出数/“三公”经费预算安排数×100%',
    parts: (ds) => [threePublic(ds, 'actual'), threePublic(ds, 'budget')],
    none: '本年度“三公”经费预算和实际支出均为 0',
  }),
  ...Object.fromEntries(
    THREE_PUBLIC_ITEMS.map((item): [string, MetricDef] => {
      const name = THREE_PUBLIC_LABELS[item];
      return [
        `threePublicCosts.controlRate.${item}`,
        {
          label: `${name}控制率`,
          unit: 'ratio',
          formula: `${name}实际支出数/${name}预算安排数×100%`,
          compute: (ds) => itemControlRate(ds, item),
        },
      ];
    }),
  ),
  'dailyOperating.controlRate': ratioMetric({
    label: '日常公用经费控制率',
    formula: '日常公用经费决算数/日常公用经费调整预算数×100%',
    parts: (ds) => [d(ds.dailyOperating.actual), d(ds.dailyOperating.adjustedBudget)],
    none: '本年度日常公用经费调整预算数和决算数均为 0',
  }),
  'assets.fixed.originalValue': {
    label: '固定资产原值合计',
    unit: 'amount',
    compute: (ds) => fixedAssets(ds, 'originalValue'),
  },
  'assets.fixed.inUseValue': {
    label: '在用固定资产原值合计',
    unit: 'amount',
    compute: (ds) => fixedAssets(ds, 'inUseValue'),
  },
  'assets.fixed.count': {
    label: '固定资产数量',
    unit: 'count',
    compute: (ds) => int(ds.assets.fixed.reduce((n, c) => n + c.count, 0)),
  },
  'assets.utilization': ratioMetric({
    label: '固定资产利用率',
    formula: '实际在用固定资产总额/所有固定资产总额×100%',
    parts: (ds) => [fixedAssets(ds, 'inUseValue'), fixedAssets(ds, 'originalValue')],
    none: '本部门无固定资产（原值合计为 0）',
  }),
  'staff.fundedControlRate': ratioMetric({
    label: '财政供养人员控制率',
    formula: '本年度在编人数（含工勤人员）/核定编制数（含工勤人员）×100%',
    parts: (ds) => [int(ds.staff.staffInPost), int(ds.staff.authorizedPosts)],
    none: '核定编制数和在编人数均为 0',
  }),
  'staff.extraStaffRate': ratioMetric({
    label: '编外人员控制率',
    formula: '编外人员数/（在编人数+编外人员数）×100%',
    parts: (ds) => [int(ds.staff.extraStaff), int(ds.staff.staffInPost + ds.staff.extraStaff)],
    none: '在编人数和编外人员数均为 0',
  }),
  'keyTasks.total': { label: '重点工作任务数', unit: 'count', compute: (ds) => int(ds.keyTasks.length) },
  'keyTasks.uncompleted': {
    label: '未完成的重点工作数',
    unit: 'count',
    compute: (ds) => int(ds.keyTasks.filter((t) => !t.done).length),
  },
  'projects.completionRatio': ratioMetric({
    label: '项目按时完成比例',
    formula: '已按时完成项目数/计划完成项目总数',
    parts: (ds) => [int(ds.projects.completedOnTime), int(ds.projects.count)],
    none: '部门预算未安排二级项目（计划完成项目数为 0）',
  }),
  'projects.executionRate': {
    label: '二级项目预算执行率',
    unit: 'ratio',
    formula: '二级项目支出数/二级项目调整预算数×100%',
    compute: (ds) =>
      ds.projects.executed === undefined
        ? null
        : ratio(d(ds.projects.executed), d(ds.projects.adjustedBudget ?? adjusted(ds, 'project').toString())),
  },
  'petitions.channel': {
    label: '群众意见反映渠道和办理回复机制',
    unit: 'boolean',
    compute: (ds) => ds.petitions.channel,
  },
  'petitions.replyRate': {
    label: '群众信访办理回复率',
    unit: 'ratio',
    formula: '办理回复件数/受理件数×100%',
    compute: (ds) =>
      ds.petitions.received === 0
        ? new Decimal(1)
        : ratio(int(ds.petitions.replied), int(ds.petitions.received)),
  },
  'petitions.onTimeRate': {
    label: '群众信访及时办理回复率',
    unit: 'ratio',
    formula: '按时办理回复件数/受理件数×100%',
    compute: (ds) =>
      ds.petitions.received === 0
        ? new Decimal(1)
        : ratio(int(ds.petitions.repliedOnTime), int(ds.petitions.received)),
  },
  'satisfaction.score': {
    label: '公众或服务对象满意度',
    unit: 'score',
    compute: (ds) => new Decimal(ds.satisfaction.score),
  },
  'targets.count': { label: '绩效指标个数', unit: 'count', compute: (ds) => int(ds.targets.length) },
  'targets.quantitativeCount': {
    label: '定量指标个数',
    unit: 'count',
    compute: (ds) => int(ds.targets.filter((t) => isQuantitative(t)).length),
  },
  'targets.quantifiedShare': {
    label: '量化指标占比',
    unit: 'ratio',
    formula: '定量指标个数/指标总个数×100%',
    compute: (ds) => ratio(int(ds.targets.filter((t) => isQuantitative(t)).length), int(ds.targets.length)),
  },
  'disclosure.budget': { label: '部门预算公开情况', unit: 'text', compute: (ds) => ds.disclosure.budget },
  'disclosure.finalAccounts': {
    label: '部门决算公开情况',
    unit: 'text',
    compute: (ds) => ds.disclosure.finalAccounts,
  },
};

export function metricNames(): string[] {
  return Object.keys(METRICS);
}

/** Computes metrics on demand and remembers them for one dataset. */
export class MetricContext {
  private readonly cache = new Map<string, MetricValue>();
  constructor(readonly dataset: Dataset) {}
  get(name: string): MetricValue {
    if (this.cache.has(name)) return this.cache.get(name)!;
    const def = METRICS[name];
    if (!def) throw new Error(`unknown metric ${name}`); // a bug: frameworks are validated on load
    const v = def.compute(this.dataset);
    this.cache.set(name, v);
    return v;
  }
  /** True when a ratio metric is 0/0: numerator and denominator both zero (nothing to measure). */
  zeroOverZero(name: string): boolean {
    const parts = METRICS[name]?.parts?.(this.dataset);
    return parts !== undefined && parts[0].isZero() && parts[1].isZero();
  }
}
