/**
 * How published 自评表 name their headings: every phrasing the checker recognises, declared once as
 * data (phrasing → field). Cells are compared without spaces and without a unit in brackets, after
 * traditional → simplified conversion, so “年 初 預 算 數（萬元）” matches 年初预算数. docs/checks.md lists
 * these tables; add a local variant here and it is recognised everywhere.
 */

/** Columns of the 项目资金 block (财预〔2020〕10号 附件 and local variants). */
export const FUNDS_COLUMNS = {
  initial: ['年初预算数', '年初预算', '年初预算金额', '年初批复预算', '年初批复数'],
  adjusted: [
    '全年预算数',
    '全年预算',
    '调整后预算数',
    '调整后预算',
    '调整预算数',
    '调整预算',
    '全年批复预算',
    '全年预算批复数',
    '全年预算安排数',
  ],
  executed: ['全年执行数', '全年执行', '全年实际执行数', '实际执行数', '执行数', '实际支出数', '全年支出数'],
  weight: ['分值', '权重', '分数'],
  rate: ['执行率', '预算执行率', '全年执行率'],
  score: ['得分', '自评得分', '评分'],
} as const;

/**
 * Rows of the 项目资金 block: the total and its 其中 parts. Each part belongs to one partition of the
 * total (by where the money comes from, or, in 部门整体 tables, by what it is spent on); each partition
 * adds up to the total on its own.
 */
export const FUNDS_ROWS = {
  total: [
    '年度资金总额',
    '资金总额',
    '项目资金总额',
    '年度资金合计',
    '合计',
    '年度预算资金总额',
    '部门资金总额',
  ],
  fiscal: ['本年财政拨款', '当年财政拨款', '财政拨款', '财政资金', '本级财政资金', '财政拨款收入'],
  carryover: ['上年结转资金', '上年结转', '结转资金', '上年结转结余', '上年结转结余资金'],
  other: ['其他资金', '其他', '其他来源资金', '其他收入'],
  general: ['一般公共预算', '一般公共预算拨款', '一般公共预算资金', '一般公共预算财政拨款'],
  fund: ['政府性基金预算', '政府性基金', '政府性基金预算拨款', '政府性基金预算资金'],
  stateCapital: ['国有资本经营预算', '国有资本经营预算拨款'],
  specialAccount: ['财政专户管理资金', '财政专户管理资金收入'],
  unitFunds: ['单位资金', '事业收入', '经营收入', '上级补助收入', '附属单位上缴收入'],
  basic: ['基本支出'],
  project: ['项目支出'],
} as const;

/** The funds block's own name, in the merged cell left of its rows. */
export const FUNDS_HEADS: readonly string[] = [
  '项目资金',
  '年度预算资金',
  '预算资金',
  '资金情况',
  '年度预算申请',
  '资金',
];

/** The partitions of a funds total: which parts add up to it together, and the heads that name them. */
export const FUNDS_PARTITIONS = {
  source: {
    label: '按收入性质分',
    heads: ['按收入性质分', '按资金来源分', '按资金性质分', '按来源分'],
    rows: ['fiscal', 'carryover', 'other', 'general', 'fund', 'stateCapital', 'specialAccount', 'unitFunds'],
  },
  use: {
    label: '按支出性质分',
    heads: ['按支出性质分', '按支出用途分', '按用途分'],
    rows: ['basic', 'project'],
  },
} as const satisfies Record<string, { label: string; heads: string[]; rows: (keyof typeof FUNDS_ROWS)[] }>;

export type FundsPartition = keyof typeof FUNDS_PARTITIONS;

/** Which partition a part row is in. */
export function partitionOf(kind: keyof typeof FUNDS_ROWS): FundsPartition | null {
  for (const [p, d] of Object.entries(FUNDS_PARTITIONS) as [FundsPartition, { rows: readonly string[] }][])
    if (d.rows.includes(kind)) return p;
  return null;
}

/** A cell that heads a partition (“按支出性质分”), written alone or before the first part. */
export function partitionHead(key: string): FundsPartition | null {
  for (const [p, d] of Object.entries(FUNDS_PARTITIONS) as [FundsPartition, { heads: readonly string[] }][])
    if (d.heads.includes(key)) return p;
  return null;
}

/** Columns of an indicator table (项目: 三级 with 指标值; 部门整体: each level with its own 分值). */
export const INDICATOR_COLUMNS = {
  level1: ['一级指标'],
  level2: ['二级指标'],
  level3: ['三级指标', '指标名称', '具体指标'],
  target: ['年度指标值', '指标值', '年度目标值', '目标值', '预期指标值', '年度目标'],
  actual: ['实际完成值', '实际完成', '完成值', '实际值', '全年实际完成值', '实际完成情况值'],
  weight: ['分值', '权重', '指标分值', '标准分值', '参考分值'],
  score: ['得分', '自评得分', '评分', '实际得分'],
  reason: [
    '偏差原因分析及改进措施',
    '偏差原因分析',
    '偏差原因',
    '未完成原因分析',
    '原因分析及改进措施',
    '备注',
    '说明',
  ],
} as const;

/** Labels of the total row and the grade. */
export const TOTAL_ROWS = ['总分', '合计得分', '自评总分', '总得分', '合计', '自评得分合计'];
export const GRADE_LABELS = ['评价等级', '自评等级', '绩效等级', '自评结果等级'];

/** Titles that tell a table kind (the file's title or a line above the table). */
export const TITLES = {
  project: ['项目支出绩效自评表', '项目绩效自评表', '项目支出绩效自评报告', '项目绩效自评报告'],
  department: [
    '部门整体支出绩效自评表',
    '部门整体绩效自评表',
    '部门绩效自评表',
    '整体支出绩效自评表',
    '部门整体支出绩效自评报告',
    '部门整体绩效自评报告',
    '整体支出绩效自评报告',
  ],
} as const;

/** 二级指标 → 一级指标 (10号 附件), when a merged 一级 cell was lost. */
export const LEVEL1_OF_LEVEL2: Record<string, string> = {
  数量指标: '产出指标',
  质量指标: '产出指标',
  时效指标: '产出指标',
  成本指标: '产出指标',
  经济效益指标: '效益指标',
  社会效益指标: '效益指标',
  生态效益指标: '效益指标',
  可持续影响指标: '效益指标',
  服务对象满意度指标: '满意度指标',
  满意度指标: '满意度指标',
};

/** The 财预〔2020〕10号 “原则上” split: 预算执行率 10, 产出 50, 效益 30, 满意度 10. */
export const NATIONAL_SPLIT: { label: string; level1: string | null; weight: number }[] = [
  { label: '预算执行率', level1: null, weight: 10 },
  { label: '产出指标', level1: '产出指标', weight: 50 },
  { label: '效益指标', level1: '效益指标', weight: 30 },
  { label: '满意度指标', level1: '满意度指标', weight: 10 },
];

/** A signature line under a table (“单位负责人：… 填表人：…”): never a row of it. */
export const SIGNATURE = /(?:负责人|填表人|填报人|审核人|经办人|联系人|联系电话|填报日期|填表日期)\s*[:：]/;

/** Words that give a reason for a budget change or a deduction. */
export const REASON_WORDS =
  /调整|追加|调减|调增|调剂|收回|统筹|压减|变更|原因|由于|因[^此]|受.{0,6}影响|未能|延期|滞后/;

/** Which field a heading cell is (the whole cell, without spaces and unit, equals one phrasing). */
export function matchPhrase<K extends string>(key: string, table: Record<K, readonly string[]>): K | null {
  for (const [field, phrases] of Object.entries(table) as [K, readonly string[]][])
    if (phrases.includes(key)) return field;
  return null;
}

const HEADING_WORDS: ReadonlySet<string> = new Set([
  ...Object.values(FUNDS_COLUMNS).flat(),
  ...Object.values(FUNDS_ROWS).flat(),
  ...Object.values(INDICATOR_COLUMNS).flat(),
  ...TOTAL_ROWS,
  ...GRADE_LABELS,
  '年度总体目标',
  '预期目标',
  '实际完成情况',
  '项目名称',
  '主管部门',
  '实施单位',
]);

/** A cell that is a column or row name of the templates (never the wrapped end of another cell). */
export function isHeadingWord(key: string): boolean {
  return HEADING_WORDS.has(key);
}

const LEVEL_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(LEVEL1_OF_LEVEL2),
  ...Object.values(LEVEL1_OF_LEVEL2),
]);

/** A 10号 一级 or 二级 indicator name (数量指标, 产出指标…): a merged cell's name, never a wrapped end. */
export function isLevelName(key: string): boolean {
  return LEVEL_NAMES.has(key);
}
