/**
 * The built-in metrics (指标量) as declarations: name, Chinese label, unit, and a formula in the metric
 * formula language (expression.ts) over dataset fields and other metrics. `text` is the formula as the
 * report writes it; `none` says what 0/0 means in the department's words. Nothing here rounds.
 * docs/frameworks.md's metric table is generated from this list (scripts/gen-metric-docs.ts).
 */
import {
  SPENDING_CATEGORIES,
  SPENDING_CATEGORY_LABELS,
  type SpendingCategory,
} from '../dataset/categories.ts';

export type MetricUnit = 'ratio' | 'amount' | 'count' | 'score' | 'text' | 'boolean' | 'ratios';

export interface MetricDeclaration {
  label: string;
  unit: MetricUnit;
  /** The formula in the metric formula language. */
  formula: string;
  /** The formula as the report writes it (Chinese). Framework metrics without one get it generated. */
  text?: string;
  /** What 0/0 means in the department's words: “无政府采购计划，也无实际采购”. A ratio with it tells 0/0 apart. */
  none?: string;
}

/** One metric per spending category (人员经费, 公用经费, 项目支出). */
function byCategory(
  make: (c: SpendingCategory, name: string) => [string, MetricDeclaration],
): Record<string, MetricDeclaration> {
  return Object.fromEntries(SPENDING_CATEGORIES.map((c) => make(c, SPENDING_CATEGORY_LABELS[c])));
}

const THREE_PUBLIC_ITEMS = {
  outboundTravel: '因公出国（境）费',
  reception: '公务接待费',
  vehiclePurchase: '公务用车购置费',
  vehicleOperation: '公务用车运行维护费',
} as const;
const threePublicTotal = (side: 'budget' | 'actual') =>
  `total(${Object.keys(THREE_PUBLIC_ITEMS)
    .map((k) => `threePublicCosts.${side}.${k}`)
    .join(', ')})`;

export const BUILTIN_METRICS: Record<string, MetricDeclaration> = {
  'budget.initial.total': {
    label: '年初预算数',
    unit: 'amount',
    formula: 'budget.initial.personnel + budget.initial.publicOperating + budget.initial.project',
    text: '人员经费+公用经费+项目支出',
  },
  'budget.initial.basic': {
    label: '年初基本支出预算数',
    unit: 'amount',
    formula: 'budget.initial.personnel + budget.initial.publicOperating',
    text: '人员经费+公用经费',
  },
  'budget.priorYear.total': {
    label: '上年预算数',
    unit: 'amount',
    formula: 'budget.priorYear.personnel + budget.priorYear.publicOperating + budget.priorYear.project',
  },
  'budget.yoyChange': {
    label: '年初预算较上年变动金额',
    unit: 'amount',
    formula: 'budget.initial.total - budget.priorYear.total',
    text: '本年年初预算数−上年预算数',
  },
  'budget.yoyRate': {
    label: '年初预算较上年变动率',
    unit: 'ratio',
    formula: '(budget.initial.total - budget.priorYear.total) / budget.priorYear.total',
    text: '（本年年初预算数−上年预算数）/上年预算数×100%',
  },
  'adjustments.net': {
    label: '预算调整净额',
    unit: 'amount',
    formula: 'sum(adjustments, item.amount)',
    text: 'Σ预算调整金额（追加为正，调减为负）',
  },
  'adjustments.gross': {
    label: '预算调整总额（绝对值）',
    unit: 'amount',
    formula: 'sum(adjustments, abs(item.amount))',
    text: 'Σ|预算调整金额|',
  },
  'transfers.total': {
    label: '预算调剂金额',
    unit: 'amount',
    formula: 'sum(transfers, item.amount)',
    text: 'Σ调剂金额',
  },
  'budget.adjusted.total': {
    label: '调整预算数（全年预算数）',
    unit: 'amount',
    formula: 'budget.initial.total + adjustments.net',
    text: '年初预算数+预算调整净额',
  },
  ...byCategory((c, name) => [
    `adjustments.net.${c}`,
    {
      label: `${name}调整净额`,
      unit: 'amount',
      formula: `sum(adjustments, item.amount, item.category == "${c}")`,
      text: `Σ${name}调整金额`,
    },
  ]),
  ...byCategory((c, name) => [
    `budget.adjusted.${c}`,
    {
      label: `${name}调整预算数`,
      unit: 'amount',
      formula: `budget.initial.${c} + adjustments.net.${c}`,
    },
  ]),
  'budget.adjusted.basic': {
    label: '基本支出调整预算数',
    unit: 'amount',
    formula: 'budget.adjusted.personnel + budget.adjusted.publicOperating',
  },
  'adjustments.rate': {
    label: '预算调整率',
    unit: 'ratio',
    formula: 'adjustments.net / budget.initial.total',
    text: '预算调整净额/年初预算数×100%（调减为负）',
  },
  ...byCategory((c, name) => [
    `adjustments.rate.${c}`,
    {
      label: `${name}调整率`,
      unit: 'ratio',
      formula: `adjustments.net.${c} / budget.initial.${c}`,
      text: `${name}调整金额/${name}年初预算数×100%`,
    },
  ]),
  'adjustments.rate.basic': {
    label: '基本支出调整率',
    unit: 'ratio',
    formula: '(adjustments.net.personnel + adjustments.net.publicOperating) / budget.initial.basic',
    text: '基本支出调整金额/基本支出年初预算数×100%',
  },
  'budget.adjusted.share.basic': {
    label: '基本支出占调整预算比例',
    unit: 'ratio',
    formula: 'budget.adjusted.basic / budget.adjusted.total',
    text: '基本支出调整预算数/调整预算数×100%',
  },
  'budget.adjusted.share.project': {
    label: '项目支出占调整预算比例',
    unit: 'ratio',
    formula: 'budget.adjusted.project / budget.adjusted.total',
    text: '项目支出调整预算数/调整预算数×100%',
  },
  'adjustments.netRatio': {
    label: '预算调整比例',
    unit: 'ratio',
    formula: 'abs(adjustments.net) / budget.initial.total',
    text: '|预算调整净额|/年初预算数×100%',
  },
  'adjustmentsAndTransfers.gross': {
    label: '调整、调剂资金累计',
    unit: 'amount',
    formula: 'adjustments.gross + transfers.total',
    text: 'Σ|预算调整金额|+Σ调剂金额',
  },
  'adjustmentsAndTransfers.grossRatio': {
    label: '调整、调剂资金累计占预算总规模比例',
    unit: 'ratio',
    formula: 'adjustmentsAndTransfers.gross / budget.initial.total',
    text: '（Σ|预算调整金额|+Σ调剂金额）/年初预算数×100%',
  },
  'execution.annual': {
    label: '全年预算执行数',
    unit: 'amount',
    formula: 'ifnull(execution.quarterlyCumulative[3], 0)',
    text: '四季度末累计执行数',
  },
  'execution.rate': {
    label: '全年预算执行率',
    unit: 'ratio',
    formula: 'execution.annual / budget.adjusted.total',
    text: '全年预算执行数/调整预算数×100%',
  },
  'execution.quarterlyRates': {
    label: '各季度累计预算执行率',
    unit: 'ratios',
    formula:
      'budget.adjusted.total == 0 ? null : map(execution.quarterlyCumulative, ifnull(item, 0) / budget.adjusted.total)',
    text: '季度末累计执行数/调整预算数×100%',
  },
  'execution.scheduleAmounts': {
    label: '各季度预算序时进度金额',
    unit: 'ratios',
    formula: 'map([0.25, 0.5, 0.75, 1], budget.adjusted.total * item)',
    text: '调整预算数×序时进度（25%、50%、75%、100%）',
  },
  'procurement.rate': {
    label: '政府采购执行率',
    unit: 'ratio',
    formula: 'procurement.actual / procurement.planned',
    text: '实际采购金额合计数/采购计划金额合计数×100%',
    none: '本年度无政府采购计划，也无实际采购',
  },
  'threePublicCosts.budget': {
    label: '“三公”经费预算安排数',
    unit: 'amount',
    formula: threePublicTotal('budget'),
  },
  'threePublicCosts.actual': {
    label: '“三公”经费实际支出数',
    unit: 'amount',
    formula: threePublicTotal('actual'),
  },
  'threePublicCosts.controlRate': {
    label: '“三公”经费控制率',
    unit: 'ratio',
    formula: 'threePublicCosts.actual / threePublicCosts.budget',
    text: '“三公”经费实际支出数/“三公”经费预算安排数×100%',
    none: '本年度“三公”经费预算和实际支出均为 0',
  },
  ...Object.fromEntries(
    Object.entries(THREE_PUBLIC_ITEMS).map(([item, name]): [string, MetricDeclaration] => [
      `threePublicCosts.controlRate.${item}`,
      {
        label: `${name}控制率`,
        unit: 'ratio',
        // No budget line: null (the report prints “—”); no spending: 0.
        formula: `ifnull(threePublicCosts.actual.${item}, 0) / threePublicCosts.budget.${item}`,
        text: `${name}实际支出数/${name}预算安排数×100%`,
      },
    ]),
  ),
  'dailyOperating.controlRate': {
    label: '日常公用经费控制率',
    unit: 'ratio',
    formula: 'dailyOperating.actual / dailyOperating.adjustedBudget',
    text: '日常公用经费决算数/日常公用经费调整预算数×100%',
    none: '本年度日常公用经费调整预算数和决算数均为 0',
  },
  'assets.fixed.originalValue': {
    label: '固定资产原值合计',
    unit: 'amount',
    formula: 'sum(assets.fixed, item.originalValue)',
  },
  'assets.fixed.inUseValue': {
    label: '在用固定资产原值合计',
    unit: 'amount',
    formula: 'sum(assets.fixed, item.inUseValue)',
  },
  'assets.fixed.count': {
    label: '固定资产数量',
    unit: 'count',
    formula: 'sum(assets.fixed, item.count)',
  },
  'assets.utilization': {
    label: '固定资产利用率',
    unit: 'ratio',
    formula: 'assets.fixed.inUseValue / assets.fixed.originalValue',
    text: '实际在用固定资产总额/所有固定资产总额×100%',
    none: '本部门无固定资产（原值合计为 0）',
  },
  'staff.fundedControlRate': {
    label: '财政供养人员控制率',
    unit: 'ratio',
    formula: 'staff.staffInPost / staff.authorizedPosts',
    text: '本年度在编人数（含工勤人员）/核定编制数（含工勤人员）×100%',
    none: '核定编制数和在编人数均为 0',
  },
  'staff.extraStaffRate': {
    label: '编外人员控制率',
    unit: 'ratio',
    formula: 'staff.extraStaff / (staff.staffInPost + staff.extraStaff)',
    text: '编外人员数/（在编人数+编外人员数）×100%',
    none: '在编人数和编外人员数均为 0',
  },
  'keyTasks.total': { label: '重点工作任务数', unit: 'count', formula: 'count(keyTasks)' },
  'keyTasks.uncompleted': {
    label: '未完成的重点工作数',
    unit: 'count',
    formula: 'count(keyTasks, !item.done)',
  },
  'projects.completionRatio': {
    label: '项目按时完成比例',
    unit: 'ratio',
    formula: 'projects.completedOnTime / projects.count',
    text: '已按时完成项目数/计划完成项目总数',
    none: '部门预算未安排二级项目（计划完成项目数为 0）',
  },
  'projects.executionRate': {
    label: '二级项目预算执行率',
    unit: 'ratio',
    formula: 'projects.executed / ifnull(projects.adjustedBudget, budget.adjusted.project)',
    text: '二级项目支出数/二级项目调整预算数×100%',
  },
  'petitions.channel': {
    label: '群众意见反映渠道和办理回复机制',
    unit: 'boolean',
    formula: 'petitions.channel',
  },
  'petitions.replyRate': {
    label: '群众信访办理回复率',
    unit: 'ratio',
    formula: 'petitions.received == 0 ? 1 : petitions.replied / petitions.received',
    text: '办理回复件数/受理件数×100%',
  },
  'petitions.onTimeRate': {
    label: '群众信访及时办理回复率',
    unit: 'ratio',
    formula: 'petitions.received == 0 ? 1 : petitions.repliedOnTime / petitions.received',
    text: '按时办理回复件数/受理件数×100%',
  },
  'satisfaction.score': { label: '公众或服务对象满意度', unit: 'score', formula: 'satisfaction.score' },
  'targets.count': { label: '绩效指标个数', unit: 'count', formula: 'count(targets)' },
  'targets.quantitativeCount': {
    label: '定量指标个数',
    unit: 'count',
    formula: 'count(targets, quantitative(item))',
  },
  'targets.quantifiedShare': {
    label: '量化指标占比',
    unit: 'ratio',
    formula: 'targets.quantitativeCount / targets.count',
    text: '定量指标个数/指标总个数×100%',
  },
  'disclosure.budget': { label: '部门预算公开情况', unit: 'text', formula: 'disclosure.budget' },
  'disclosure.finalAccounts': {
    label: '部门决算公开情况',
    unit: 'text',
    formula: 'disclosure.finalAccounts',
  },
};
