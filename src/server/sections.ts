/**
 * The dataset's sections as people fill them in: one form tab and one workbook sheet each. Pure data
 * and path helpers, shared by the browser form and the Excel workbook so both name fields alike.
 * Paths are written as parseDataset reports them: "budget.initial.personnel", "targets[3].target".
 */
import {
  DISCLOSURE_LABELS,
  DISCLOSURE_LEVELS,
  SPENDING_CATEGORIES,
  SPENDING_CATEGORY_LABELS,
  TARGET_CATEGORIES,
} from '../core/dataset/schema.ts';
import { FORECAST_LABELS, REASON_LABELS } from '../core/monitoring/monitor.ts';
import { QUARTERS } from '../core/quarters.ts';
import { MAX_NESTING, nestingDepth } from '../core/text.ts';

export type FieldKind = 'amount' | 'count' | 'decimal' | 'bool' | 'text' | 'textBlock' | 'enum' | 'date';

export interface FieldSpec {
  /** Absolute path for field sections; the key inside an item for list sections. */
  path: string;
  label: string;
  kind: FieldKind;
  unit?: string;
  required?: boolean;
  options?: { value: string; label: string }[];
  help?: string;
}

export type Section =
  | { id: string; title: string; kind: 'fields'; fields: FieldSpec[] }
  | { id: string; title: string; kind: 'list'; path: string; columns: FieldSpec[]; itemLabel: string };

export const WAN = '万元';
const amount = (path: string, label: string, required = true, help?: string): FieldSpec => ({
  path,
  label,
  kind: 'amount',
  unit: WAN,
  required,
  ...(help ? { help } : {}),
});
const count = (path: string, label: string, required = true, unit = '个'): FieldSpec => ({
  path,
  label,
  kind: 'count',
  unit,
  required,
});

const CATEGORY_OPTIONS = SPENDING_CATEGORIES.map((v) => ({ value: v, label: SPENDING_CATEGORY_LABELS[v] }));
const DISCLOSURE_OPTIONS = DISCLOSURE_LEVELS.map((v) => ({ value: v, label: DISCLOSURE_LABELS[v] }));

/** Form options from a core label table (value → Chinese label), declared once in the core. */
function optionsOf(labels: Record<string, string>) {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}
export const TARGET_CATEGORY_OPTIONS = TARGET_CATEGORIES.map((v) => ({ value: v, label: v }));

/** A declared target as written: category, name, target value and actual value (department and project). */
export const TARGET_TEXT_COLUMNS: FieldSpec[] = [
  { path: 'category', label: '指标类别', kind: 'enum', options: TARGET_CATEGORY_OPTIONS, required: true },
  { path: 'name', label: '三级指标名称', kind: 'text', required: true },
  { path: 'target', label: '指标值', kind: 'text', required: true },
  { path: 'actual', label: '实际完成值', kind: 'text' },
];

export const QUARTER_LABELS = QUARTERS.map((q) => `${q}末`);

export const SECTIONS: Section[] = [
  {
    id: 'basic',
    title: '基本信息',
    kind: 'fields',
    fields: [
      { path: 'department.name', label: '部门（单位）名称', kind: 'text', required: true },
      { path: 'department.code', label: '部门编码', kind: 'text' },
      { path: 'department.jurisdiction', label: '所属地区', kind: 'text' },
      { path: 'year', label: '评价年度', kind: 'count', unit: '年', required: true },
      { path: 'budget.fundingSource', label: '资金来源', kind: 'text' },
    ],
  },
  {
    id: 'budget',
    title: '年初预算',
    kind: 'fields',
    fields: [
      amount('budget.initial.personnel', '年初预算·人员经费'),
      amount('budget.initial.publicOperating', '年初预算·公用经费'),
      amount('budget.initial.project', '年初预算·项目支出'),
      amount('budget.priorYear.personnel', '上年预算·人员经费', false),
      amount('budget.priorYear.publicOperating', '上年预算·公用经费', false),
      amount('budget.priorYear.project', '上年预算·项目支出', false),
    ],
  },
  {
    id: 'adjustments',
    title: '预算调整',
    kind: 'list',
    path: 'adjustments',
    itemLabel: '调整',
    columns: [
      { path: 'category', label: '支出类别', kind: 'enum', options: CATEGORY_OPTIONS, required: true },
      { path: 'amount', label: '调整金额（追加为正，调减为负）', kind: 'amount', unit: WAN, required: true },
      { path: 'reason', label: '调整原因', kind: 'text' },
      { path: 'date', label: '日期', kind: 'date', unit: 'YYYY-MM-DD' },
    ],
  },
  {
    id: 'transfers',
    title: '预算调剂',
    kind: 'list',
    path: 'transfers',
    itemLabel: '调剂',
    columns: [
      { path: 'from', label: '调出项目/科目', kind: 'text', required: true },
      { path: 'to', label: '调入项目/科目', kind: 'text', required: true },
      { path: 'amount', label: '调剂金额', kind: 'amount', unit: WAN, required: true },
      { path: 'reason', label: '原因', kind: 'text' },
      { path: 'date', label: '日期', kind: 'date', unit: 'YYYY-MM-DD' },
    ],
  },
  {
    id: 'execution',
    title: '预算执行',
    kind: 'fields',
    fields: [
      ...QUARTER_LABELS.map((q, i) => amount(`execution.quarterlyCumulative[${i}]`, `${q}累计执行数`)),
      amount('execution.byCategory.personnel', '全年执行·人员经费', false),
      amount('execution.byCategory.publicOperating', '全年执行·公用经费', false),
      amount('execution.byCategory.project', '全年执行·项目支出', false),
    ],
  },
  {
    id: 'projects',
    title: '项目',
    kind: 'fields',
    fields: [
      count('projects.count', '二级项目数'),
      count('projects.completedOnTime', '按计划时间完成的项目数'),
      count('projects.monitored', '纳入“双监控”的项目数', false),
      count('projects.monitoredRunningWell', '监控结果“整体运行良好”的项目数', false),
      count('projects.newProjects', '年中新增项目数', false),
      amount('projects.adjustedBudget', '二级项目调整预算合计', false),
      amount('projects.executed', '二级项目支出合计', false),
    ],
  },
  {
    id: 'costs',
    title: '三公与公用经费',
    kind: 'fields',
    fields: [
      amount('threePublicCosts.budget.outboundTravel', '预算·因公出国（境）费', false),
      amount('threePublicCosts.budget.reception', '预算·公务接待费', false),
      amount('threePublicCosts.budget.vehiclePurchase', '预算·公务用车购置费', false),
      amount('threePublicCosts.budget.vehicleOperation', '预算·公务用车运行维护费', false),
      amount('threePublicCosts.actual.outboundTravel', '实际·因公出国（境）费', false),
      amount('threePublicCosts.actual.reception', '实际·公务接待费', false),
      amount('threePublicCosts.actual.vehiclePurchase', '实际·公务用车购置费', false),
      amount('threePublicCosts.actual.vehicleOperation', '实际·公务用车运行维护费', false),
      amount('dailyOperating.initialBudget', '日常公用经费·预算安排数', false),
      amount('dailyOperating.adjustedBudget', '日常公用经费·调整预算数'),
      amount('dailyOperating.actual', '日常公用经费·决算数'),
      amount('procurement.planned', '政府采购计划金额'),
      amount('procurement.actual', '实际采购金额'),
    ],
  },
  {
    id: 'assets',
    title: '固定资产',
    kind: 'list',
    path: 'assets.fixed',
    itemLabel: '资产类别',
    columns: [
      { path: 'name', label: '资产类别', kind: 'text', required: true },
      { path: 'count', label: '数量', kind: 'count', unit: '个', required: true },
      { path: 'originalValue', label: '原值', kind: 'amount', unit: WAN, required: true },
      { path: 'inUseValue', label: '其中在用原值', kind: 'amount', unit: WAN, required: true },
    ],
  },
  {
    id: 'people',
    title: '人员·公开·信访·满意度',
    kind: 'fields',
    fields: [
      count('staff.authorizedPosts', '核定编制数（含工勤）', true, '人'),
      count('staff.staffInPost', '实有在编人数（含工勤）', true, '人'),
      count('staff.extraStaff', '编外人员实有人数（含劳务派遣）', true, '人'),
      {
        path: 'disclosure.budget',
        label: '预算公开',
        kind: 'enum',
        options: DISCLOSURE_OPTIONS,
        required: true,
      },
      {
        path: 'disclosure.finalAccounts',
        label: '决算公开',
        kind: 'enum',
        options: DISCLOSURE_OPTIONS,
        required: true,
      },
      {
        path: 'petitions.channel',
        label: '已建立群众意见反映渠道和办理回复机制',
        kind: 'bool',
        required: true,
      },
      count('petitions.received', '信访受理件数', true, '件'),
      count('petitions.replied', '办理回复件数', true, '件'),
      count('petitions.repliedOnTime', '按时办理回复件数', true, '件'),
      {
        path: 'satisfaction.score',
        label: '满意度得分',
        kind: 'decimal',
        unit: '分（百分制）',
        required: true,
      },
      { path: 'satisfaction.source', label: '满意度数据来源', kind: 'text' },
    ],
  },
  {
    id: 'targets',
    title: '绩效目标',
    kind: 'list',
    path: 'targets',
    itemLabel: '目标',
    columns: [
      ...TARGET_TEXT_COLUMNS,
      { path: 'quantitative', label: '定量指标', kind: 'bool' },
      { path: 'note', label: '备注', kind: 'text' },
    ],
  },
  {
    id: 'keyTasks',
    title: '重点工作',
    kind: 'list',
    path: 'keyTasks',
    itemLabel: '重点工作',
    columns: [
      { path: 'name', label: '重点工作', kind: 'text', required: true },
      { path: 'done', label: '按期保质保量完成', kind: 'bool', required: true },
      { path: 'source', label: '交办来源', kind: 'text' },
      { path: 'reason', label: '未完成原因或完成说明', kind: 'text' },
    ],
  },
];

// Parts the workbook has no sheet for (the web form's 项目明细 and 运行监控 tabs, an asset's 其中 items).

/** A project's declared targets with the evaluator's judgement (项目支出绩效自评表). */
export const PROJECT_TARGET_COLUMNS: FieldSpec[] = [
  ...TARGET_TEXT_COLUMNS,
  { path: 'weight', label: '分值', kind: 'decimal', unit: '分' },
  { path: 'quantitative', label: '定量指标', kind: 'bool' },
  {
    path: 'grade',
    label: '定性分档',
    kind: 'enum',
    options: [
      { value: 'met', label: '达成' },
      { value: 'partial', label: '部分达成' },
      { value: 'unmet', label: '未达成' },
    ],
  },
  { path: 'points', label: '定性得分', kind: 'decimal', unit: '分' },
  { path: 'reason', label: '评价理由', kind: 'text' },
  { path: 'deviationReason', label: '偏差原因', kind: 'text' },
  { path: 'note', label: '备注', kind: 'text' },
];

/** A second-level project's own fields, under `base` ("projects.items[0]"). */
export const projectFields = (base: string): FieldSpec[] => [
  { path: `${base}.name`, label: '项目名称', kind: 'text', required: true },
  { path: `${base}.initialBudget`, label: '年初预算数', kind: 'amount', unit: WAN },
  { path: `${base}.adjustedBudget`, label: '全年预算数（调整后）', kind: 'amount', unit: WAN },
  { path: `${base}.executed`, label: '全年执行数', kind: 'amount', unit: WAN },
  { path: `${base}.completedOnTime`, label: '按计划时间完成', kind: 'bool' },
  { path: `${base}.monitored`, label: '纳入“双监控”', kind: 'bool' },
];

/** The 其中 items of a fixed-asset category (assets.fixed[].includes[]). */
export const ASSET_INCLUDE_COLUMNS: FieldSpec[] = [
  { path: 'name', label: '名称', kind: 'text', required: true },
  { path: 'count', label: '数量', kind: 'count', unit: '个', required: true },
  { path: 'originalValue', label: '原值', kind: 'amount', unit: WAN, required: true },
  { path: 'inUseValue', label: '其中在用原值', kind: 'amount', unit: WAN, required: true },
];

export const MONITORING_FIELDS: FieldSpec[] = [
  { path: 'monitoring.asOf', label: '监控日期', kind: 'date', unit: 'YYYY-MM-DD', required: true },
  { path: 'monitoring.executed', label: '截至监控日期累计执行数', kind: 'amount', unit: WAN, required: true },
  { path: 'monitoring.budget', label: '监控时全年预算数（缺省为调整预算数）', kind: 'amount', unit: WAN },
  { path: 'monitoring.gapThreshold', label: '进度偏差预警线', kind: 'decimal', unit: '个百分点' },
  { path: 'monitoring.note', label: '说明', kind: 'textBlock' },
];

export const MONITORING_LISTS: Section[] = [
  {
    id: 'monitoring.targets',
    title: '各目标的监控情况',
    kind: 'list',
    path: 'monitoring.targets',
    itemLabel: '目标',
    columns: [
      { path: 'name', label: '目标名称', kind: 'text', required: true },
      { path: 'project', label: '所属二级项目（整体目标不填）', kind: 'text' },
      { path: 'progress', label: '截至监控日期完成值', kind: 'text' },
      {
        path: 'forecast',
        label: '全年完成可能性',
        kind: 'enum',
        options: optionsOf(FORECAST_LABELS),
      },
      {
        path: 'reasonCategory',
        label: '偏差原因类别',
        kind: 'enum',
        options: optionsOf(REASON_LABELS),
      },
      { path: 'reason', label: '偏差原因说明', kind: 'text' },
      { path: 'action', label: '纠偏措施', kind: 'text' },
    ],
  },
  {
    id: 'monitoring.projects',
    title: '各二级项目截至监控日期的执行数',
    kind: 'list',
    path: 'monitoring.projects',
    itemLabel: '项目',
    columns: [
      { path: 'name', label: '项目名称', kind: 'text', required: true },
      { path: 'budget', label: '全年预算数', kind: 'amount', unit: WAN },
      { path: 'executed', label: '累计执行数', kind: 'amount', unit: WAN, required: true },
    ],
  },
  {
    id: 'monitoring.pace',
    title: '序时进度表（不填时为季度末 25%、50%、75%、100%）',
    kind: 'list',
    path: 'monitoring.pace',
    itemLabel: '时点',
    columns: [
      { path: 'date', label: '日期（月-日，如 03-31）', kind: 'text', required: true },
      { path: 'share', label: '应达到的执行进度', kind: 'decimal', unit: '%', required: true },
    ],
  },
];

/** The narrative blocks the report quotes, in report order. */
export const NARRATIVE_KEYS: { key: string; label: string }[] = [
  { key: 'budgetManagement', label: '预算管理情况' },
  { key: 'budgetPreparation', label: '预算编制情况' },
  { key: 'budgetCompliance', label: '预算编制规范性' },
  { key: 'targetCompleteness', label: '绩效目标完整性' },
  { key: 'indicatorClarity', label: '绩效指标明确性' },
  { key: 'procurementPolicy', label: '政府采购政策执行' },
  { key: 'financialCompliance', label: '资金使用合规性' },
  { key: 'transfersNote', label: '预算调剂说明' },
  { key: 'disclosure', label: '预决算信息公开' },
  { key: 'projectProcedure', label: '项目管理程序' },
  { key: 'projectSupervision', label: '项目监管' },
  { key: 'assetSafety', label: '资产安全' },
  { key: 'internalControl', label: '内部控制制度' },
  { key: 'performanceManagement', label: '绩效管理' },
  { key: 'goals', label: '绩效目标' },
  { key: 'accomplishments', label: '年度主要工作成效' },
  { key: 'keyWork', label: '重点工作' },
  { key: 'socialBenefits', label: '社会效益' },
  { key: 'sustainability', label: '可持续影响' },
  { key: 'petitions', label: '信访办理' },
  { key: 'experience', label: '主要经验及做法' },
  { key: 'plans', label: '下一步工作计划' },
  { key: 'suggestions', label: '意见建议' },
];

// Paths ------------------------------------------------------------------------------------------

export function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = part.match(/^([^[]*)((?:\[\d+\])*)$/);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of splitPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** Returns a copy of obj with path set (structural sharing; creates objects/arrays on the way). */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const keys = splitPath(path);
  const go = (cur: unknown, i: number): unknown => {
    const key = keys[i]!;
    const base: Record<string | number, unknown> | unknown[] = Array.isArray(cur)
      ? [...cur]
      : cur && typeof cur === 'object'
        ? { ...(cur as Record<string, unknown>) }
        : typeof key === 'number'
          ? []
          : {};
    const container = base as Record<string | number, unknown>;
    if (i === keys.length - 1) {
      if (value === undefined && !Array.isArray(base)) delete container[key];
      else container[key] = value;
    } else container[key] = go(container[key], i + 1);
    return base;
  };
  return go(obj, 0) as T;
}

/** Optional objects that a blank form leaves empty and that should then be absent. */
const OPTIONAL_OBJECTS = ['budget.priorYear', 'execution.byCategory', 'budget.changeReasons'];

/**
 * Turns form input into what parseDataset expects: blank text fields are absent (optional fields
 * may be left empty), and optional objects left wholly blank are dropped.
 */
export function cleanInput(input: unknown): unknown {
  // Hostile nesting is left as it is, for parseDataset to refuse with a message (the recursion
  // below would overflow the stack).
  if (nestingDepth(input) > MAX_NESTING) return input;
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' && x.trim() === '' ? '' : strip(x)));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (x === null || x === undefined || (typeof x === 'string' && x.trim() === '')) continue;
        out[k] = strip(x);
      }
      return out;
    }
    return v;
  };
  let out = strip(input);
  for (const p of OPTIONAL_OBJECTS) {
    const v = getPath(out, p);
    if (v && typeof v === 'object' && Object.keys(v).length === 0) out = setPath(out, p, undefined);
  }
  return out;
}
