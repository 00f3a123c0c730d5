/**
 * What users read instead of code: a Chinese title for every finding code, a Chinese label for every
 * dataset field path ("execution.quarterlyCumulative[1]" → "预算执行·二季度末累计执行数"), and the one
 * spelling of the quarters. Field labels are derived from the dataset schema's own descriptions; metric
 * keys from the metric registry; indicator codes from the framework. Pure.
 */
import { ROOT_PATH } from './dataset/root-path.ts';
import { fieldAt, shortLabel } from './dataset/catalogue.ts';
import type { Seg } from './dataset/merge.ts';
import {
  ASSET_INCLUDE_COLUMNS,
  MONITORING_FIELDS,
  MONITORING_LISTS,
  NARRATIVE_KEYS,
  PROJECT_TARGET_COLUMNS,
  SECTIONS,
  projectFields,
  type FieldSpec,
} from './dataset/sections.ts';
import { datasetShape } from './dataset/dataset-shape.ts';
import type { ShapeNode } from './dataset/shape.ts';
import { FRAMEWORK_FIELD_LABELS } from './framework/field-labels.ts';
import { metricLabel } from './metrics/labels.ts';
import type { FrameworkMetricSource } from './metrics/registry.ts';
import { quarterLabel } from './quarters.ts';

export { QUARTERS, quarterLabel } from './quarters.ts';

/**
 * The title of each finding code, as a reader sees it (the code stays in the JSON and in a tooltip).
 * Dataset checks (src/core/checks), report checks (src/checker).
 */
export const FINDING_TITLES = {
  'stated.mismatch': '写明的数与重算不符',
  'stated.unknown': '写明的数无法对应指标',
  'stated.unreadable': '写明的数无法读取',
  'stated.unit': '金额单位有误',
  'parts.exceedWhole': '部分大于整体',
  'sum.mismatch': '分项合计与总数不符',
  'quarterly.falling': '季度累计执行数下降',
  'execution.aboveBudget': '执行数超过预算',
  'dates.outOfYear': '日期不在评价年度内',
  'targets.notNumber': '定量指标没有数值',
  'targets.categoryFit': '指标类别与指标值不符',
  'targets.overAchievement': '超额完成未说明原因',
  'evaluation.noReason': '评分缺少理由',
  'evaluation.unknownIndicator': '评分对应的指标不存在',
  'measures.missing': '失分没有改进措施',
  'report.sum': '合计与构成数不符',
  'report.rate': '比率与其运算数不符',
  'report.unit': '金额单位有误',
  'report.repeated': '同一数字前后不一',
  'report.recomputed': '重新计算相符',
  'report.count': '同一数目前后不一',
  'report.countApprox': '约数与确数不符',
  'report.breakdown': '其中各项之和与总数不符',
  'report.enumeration': '列举项数与所写数目不符',
  'report.enumerationRepeated': '同一列举前后数目不一',
  'report.tableNumber': '表格编号重复或不连续',
  'report.tableReference': '引用的表格不存在',
  'report.ratioWording': '比例所指与表述不符',
  'report.scoreWeight': '分值与框架不符',
  'report.scoreAboveWeight': '得分超过分值',
  'report.scoreTotal': '总分与各项得分之和不符',
  'report.score': '得分与按规则重算不符',
  'report.problemsMissing': '缺少“存在问题”部分',
  'report.problemNotNamed': '失分未在存在问题中写明',
  'report.problemNamed': '失分已在存在问题中写明',
  'report.problemHeading': '小标题与正文不一致',
  // Published 自评表 (src/checker/published/)
  'published.executionRate': '执行率与全年执行数、全年预算数不符',
  'published.executionScore': '预算执行得分与执行率不符',
  'published.fundsSum': '年度资金总额与其中各项之和不符',
  'published.budgetChange': '年初预算调整为全年预算未说明原因',
  'published.weightSum': '下级指标分值之和与上级分值不符',
  'published.scoreSum': '下级指标得分之和与上级得分不符',
  'published.weightTotal': '各行分值合计不是 100',
  'published.weightSplit': '分值结构与 10/50/30/10 不同',
  'published.scoreAboveWeight': '得分高于分值',
  'published.total': '总分与各行得分之和不符',
  'published.totalBound': '总分超过表中各行可得的上限',
  'published.target': '指标完成情况与得分相符',
  'published.metDocked': '指标已完成却扣分且未说明原因',
  'published.missedFull': '指标未完成却得满分',
  'published.noActual': '定量指标没有实际完成值',
  'published.grade': '评价等级与总分不符',
  'published.narrativeSum': '叙述中的各部分之和与合计不符',
  'published.narrativeCount': '叙述中的数目与列举的名称个数不符',
} as const satisfies Record<string, string>;

export type FindingCode = keyof typeof FINDING_TITLES;

/** The title of a finding code; an unknown code gets a generic title, never the code itself. */
export function findingTitle(code: string): string {
  return (FINDING_TITLES as Record<string, string>)[code] ?? '核对发现';
}

// ---------------------------------------------------------------------------------------------
// Field paths: one implementation, two styles.
//
// `plain` (CLI, check results, the dataset page's findings): the schema's names joined by “·”,
//   “预算执行·二季度末累计执行数”, “部门整体绩效目标第 26 条·指标类别”.
// `form` (conflict dialog, merge notes, workbook confirmations): where the form shows the field, its
//   section titles joined by “ › ”, “预算执行 › 二季度末累计执行数”, “预算调整 › 第 2 项「项目支出」 ›
//   调整金额”; list items are named by their position and first column (from `data`), never by id.
// Both read the field catalogue (the schema's declarations) and, for the form style, the form sections.

/** Unwraps optional, default, pipes and the like, collecting the first description on the way. */
function unwrap(schema: ShapeNode): { schema: ShapeNode; description?: string } {
  let s = schema;
  let description = s.description;
  for (let k = 0; k < 10 && s.inner; k++) {
    s = s.inner;
    description ??= s.description;
  }
  return description ? { schema: s, description } : { schema: s };
}

/** The schema of a key (or any item, for a number or an id) inside `schema`. */
function child(schema: ShapeNode, key: Seg): ShapeNode | undefined {
  if (typeof key !== 'string') return schema.type === 'array' ? schema.element : undefined;
  if (schema.type === 'object') {
    const own = schema.shape?.[key];
    const rest = schema.catchall;
    return own ?? (rest && rest.type !== 'never' ? rest : undefined);
  }
  if (schema.type === 'record') return schema.valueType;
  return undefined;
}

/** “a.b[2].c” → ['a', 'b', 2, 'c']. */
function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** Top-level labels the schema does not describe (its objects carry descriptions on their fields). */
const GROUP_LABELS: Record<string, string> = {
  budget: '预算',
  execution: '预算执行',
  projects: '项目',
  threePublicCosts: '“三公”经费',
  dailyOperating: '日常公用经费',
  procurement: '政府采购',
  assets: '资产',
  staff: '人员',
  department: '部门',
  satisfaction: '满意度',
  previousYear: '上年',
  monitoring: '绩效运行监控',
};

/** Parts keyed by an indicator code or a metric name: their head, then the indicator or metric. */
const KEYED_HEADS = {
  measures: '改进措施',
  evaluation: '评价人判断',
  stated: '写明的数',
  narrative: '叙述',
} as const;

/** What names indicators: a framework, or a score result (both are trees of code and name). */
export interface IndicatorNames extends FrameworkMetricSource {
  indicators: NamedNode[];
}
interface NamedNode {
  code: string;
  name: string;
  children?: NamedNode[] | undefined;
  rule?: unknown;
}

function indicatorNode(fw: IndicatorNames | undefined, code: string): NamedNode | undefined {
  if (!fw) return undefined;
  const walk = (nodes: NamedNode[]): NamedNode | undefined => {
    for (const n of nodes) {
      if (n.code === code) return n;
      const hit = n.children ? walk(n.children) : undefined;
      if (hit) return hit;
    }
    return undefined;
  };
  return walk(fw.indicators);
}

function itemName(node: NamedNode | undefined, id: string): string | undefined {
  const rule = node?.rule as { items?: { id: string; name?: string; text?: string }[] } | undefined;
  const item = rule?.items?.find((x) => x.id === id);
  return item?.name ?? item?.text;
}

export interface PathLabelOptions {
  /** 'plain' (default): the schema's names with “·”; 'form': section titles and items with “ › ”. */
  style?: 'plain' | 'form';
  /** Names the indicators of `measures` and `evaluation` paths and their checklist items. */
  framework?: IndicatorNames | undefined;
  /** The dataset the path is in (form style): list items are named by their position and name. */
  data?: unknown;
}

const SEPARATORS = { plain: '·', form: ' › ' } as const;

/**
 * A dataset field path as a reader names it: “targets[25].category” → “部门整体绩效目标第 26 条·指标类别”,
 * “stated.budget.initial.total” → “写明的数·年初预算数”, “measures.extra-staff-control” → “改进措施·编外人员控制率”.
 * Several paths joined by “/” are named one by one.
 */
export function fieldPathLabel(path: string, framework?: IndicatorNames): string {
  // An audit record the system wrote in words (“（全部）”, “整改事项“…”·整改状态”) is no path: shown as written.
  if (/^[^\p{ASCII}]/u.test(path)) return path;
  if (path.includes('/'))
    return path
      .split('/')
      .map((p) => fieldPathLabel(p, framework))
      .join('、');
  return pathLabel(segments(path), { framework });
}

/** The label of a path given as segments (ids of list items allowed), in either style. */
export function pathLabel(segs: readonly Seg[], opts: PathLabelOptions = {}): string {
  const style = opts.style ?? 'plain';
  const parts = (style === 'form' ? formParts(segs, opts) : undefined) ?? schemaParts(segs, opts);
  return parts.length ? parts.join(SEPARATORS[style]) : '其他数据';
}

/** Parts from the schema's declarations along the path (any style). */
function schemaParts(segs: readonly Seg[], opts: PathLabelOptions): string[] {
  const [top, key] = segs;
  // Audit records of 佐证材料 (uploads, deletions) name no dataset field.
  if (top === 'evidence' && segs.length === 1) return ['佐证材料'];
  if (top === 'stated' && segs.length > 1)
    return [KEYED_HEADS.stated, metricLabel(segs.slice(1).join('.'), opts.framework) ?? '未知指标量'];
  if (top === 'narrative' && typeof key === 'string')
    return [KEYED_HEADS.narrative, NARRATIVE_KEYS.find((n) => n.key === key)?.label ?? '其他段落'];
  if ((top === 'measures' || top === 'evaluation') && typeof key === 'string') {
    const rest = segs.slice(2);
    const node = indicatorNode(opts.framework, key);
    const entry = child(unwrap(child(unwrap(datasetShape).schema, top)!).schema, key);
    const labels = entry ? labelFrom(entry, rest, `${top}.{}`, opts) : [];
    // A checklist item is named by the framework: “evaluation.x.items.mandate” → the item's name.
    if (rest[0] === 'items' && typeof rest[1] === 'string') {
      const item = itemName(node, rest[1]);
      labels.splice(0, 1, item ? `“${item}”` : '清单项');
    }
    return [KEYED_HEADS[top], node?.name ?? '指标', ...labels];
  }
  return labelFrom(datasetShape, segs, '', opts);
}

function labelFrom(root: ShapeNode, segs: readonly Seg[], base: string, opts: PathLabelOptions): string[] {
  const parts: string[] = [];
  let schema: ShapeNode | undefined = root;
  let pattern = base;
  let data = opts.data;
  segs.forEach((seg, i) => {
    const next: ShapeNode | undefined = schema ? child(unwrap(schema).schema, seg) : undefined;
    const inRecord = schema !== undefined && unwrap(schema).schema.type === 'record';
    const step = typeof seg !== 'string' ? '[]' : inRecord ? '{}' : seg;
    pattern += step === '[]' ? step : pattern ? `.${step}` : step;
    // A field's label is the catalogue's (its declared label, else its description shortened).
    const leaf = fieldAt(pattern);
    const description = next ? unwrap(next).description : undefined;
    const described =
      leaf && leaf.description === description ? leaf.label : description && shortLabel(description);
    if (typeof seg !== 'string') {
      const parent = segs[i - 1];
      if (parent === 'quarterlyCumulative' && typeof seg === 'number')
        parts[parts.length - 1] = `${quarterLabel(seg + 1)}末累计执行数`;
      else if (opts.style === 'form') parts.push(itemLabel(data, seg));
      else if (typeof seg === 'number')
        parts[parts.length - 1] = `${parts[parts.length - 1] ?? ''}第 ${seg + 1} 条`;
      data = itemIn(data, seg)?.item;
    } else {
      if (described) parts.push(described);
      else if (i === 0 && GROUP_LABELS[seg]) parts.push(GROUP_LABELS[seg]);
      data = isObj(data) ? data[seg] : undefined;
    }
    schema = next;
  });
  return parts;
}

/** The label of the path's last field, by the schema (or “其他数据”). */
function lastLabel(segs: readonly Seg[]): string {
  return labelFrom(datasetShape, segs, '', {}).at(-1) ?? '其他数据';
}

// Form placement -------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A list as the forms show it: the titles above it, its columns, and lists inside its items. */
interface ListDef {
  titles: string[];
  columns: FieldSpec[];
  nested?: Record<string, ListDef>;
}

interface Placement {
  /** Position path ("execution.quarterlyCumulative[1]") → titles and the field. */
  fields: Map<string, { titles: string[]; field: FieldSpec }>;
  /** List path ("assets.fixed") → its definition. */
  lists: Map<string, ListDef>;
}

let placement: Placement | undefined;

/** Where the form sections place each field and list (built once, from sections.ts). */
function placed(): Placement {
  if (placement) return placement;
  const fields = new Map<string, { titles: string[]; field: FieldSpec }>();
  const lists = new Map<string, ListDef>();
  for (const s of SECTIONS) {
    if (s.kind === 'fields') for (const f of s.fields) fields.set(f.path, { titles: [s.title], field: f });
    else
      lists.set(s.path, {
        titles: [s.title],
        columns: s.columns,
        ...(s.path === 'assets.fixed'
          ? { nested: { includes: { titles: ['其中'], columns: ASSET_INCLUDE_COLUMNS } } }
          : {}),
      });
  }
  lists.set('projects.items', {
    titles: ['项目明细'],
    columns: projectFields('').map((f) => ({ ...f, path: f.path.slice(1) })),
    nested: { targets: { titles: ['项目绩效目标'], columns: PROJECT_TARGET_COLUMNS } },
  });
  for (const f of MONITORING_FIELDS) fields.set(f.path, { titles: ['运行监控'], field: f });
  for (const s of MONITORING_LISTS)
    if (s.kind === 'list') lists.set(s.path, { titles: ['运行监控', s.title], columns: s.columns });
  return (placement = { fields, lists });
}

function positionOf(segs: readonly Seg[]): string | undefined {
  if (segs.some((s) => typeof s === 'object')) return undefined;
  let path = '';
  for (const s of segs) path += typeof s === 'number' ? `[${s}]` : path ? `.${s}` : s;
  return path;
}

/** The list a path goes into (longest known list path followed by an item step). */
function listOf(segs: readonly Seg[]): { def: ListDef; depth: number } | undefined {
  for (let depth = segs.length - 1; depth > 0; depth--) {
    if (typeof segs[depth] === 'string') continue;
    const path = positionOf(segs.slice(0, depth));
    const def = path === undefined ? undefined : placed().lists.get(path);
    if (def) return { def, depth };
  }
  return undefined;
}

function itemIn(list: unknown, s: Seg): { n: number; item: unknown } | undefined {
  if (!Array.isArray(list)) return undefined;
  const i = typeof s === 'number' ? s : list.findIndex((x) => isObj(x) && x.id === (s as { id: string }).id);
  return i < 0 || i >= list.length ? undefined : { n: i + 1, item: list[i] };
}

/** "第 2 项「项目支出」": the item's position and its name (or first column). */
function itemLabel(list: unknown, s: Seg, columns?: FieldSpec[]): string {
  const hit = itemIn(list, s);
  if (!hit) return typeof s === 'number' ? `第 ${s + 1} 项` : '（已删除的一项）';
  const item = isObj(hit.item) ? hit.item : {};
  const col = columns?.find((c) => c.path === 'name') ?? columns?.[0];
  const v = item[col?.path ?? 'name'];
  const name = v === undefined || v === null || v === '' ? '' : `「${displayValue(v, col)}」`;
  return `第 ${hit.n} 项${name}`;
}

/** Labels inside a list item: its columns, nested lists, else the schema's label. */
function insideItem(def: ListDef, item: unknown, rest: readonly Seg[], segs: readonly Seg[]): string[] {
  if (rest.length === 0) return [];
  const key = rest[0];
  if (typeof key !== 'string') return [lastLabel(segs)];
  const nested = def.nested?.[key];
  if (nested && rest.length > 1) {
    const list = isObj(item) ? item[key] : undefined;
    const sub = itemIn(list, rest[1]!)?.item;
    return [
      ...nested.titles,
      itemLabel(list, rest[1]!, nested.columns),
      ...insideItem(nested, sub, rest.slice(2), segs),
    ];
  }
  const col = def.columns.find((c) => c.path === key);
  return [col && rest.length === 1 ? col.label : (nested?.titles.join(SEPARATORS.form) ?? lastLabel(segs))];
}

/** Parts naming where the form shows a path; undefined where no form section places it. */
function formParts(segs: readonly Seg[], opts: PathLabelOptions): string[] | undefined {
  const p = positionOf(segs);
  const f = p === undefined ? undefined : placed().fields.get(p);
  if (f) return [...f.titles, f.field.label];
  const l = listOf(segs);
  if (!l) return undefined;
  let list: unknown = opts.data;
  for (const s of segs.slice(0, l.depth)) list = isObj(list) ? list[s as string] : undefined;
  const item = itemIn(list, segs[l.depth]!)?.item;
  return [
    ...l.def.titles,
    itemLabel(list, segs[l.depth]!, l.def.columns),
    ...insideItem(l.def, item, segs.slice(l.depth + 1), segs),
  ];
}

/** The form field a path shows in, if any (for enum and yes/no display). */
export function fieldSpecOf(segs: readonly Seg[]): FieldSpec | undefined {
  const p = positionOf(segs);
  const f = p === undefined ? undefined : placed().fields.get(p);
  if (f) return f.field;
  const l = listOf(segs);
  if (!l) return undefined;
  let def = l.def;
  let rest = segs.slice(l.depth + 1);
  while (rest.length > 2 && typeof rest[0] === 'string' && def.nested?.[rest[0]]) {
    def = def.nested[rest[0]]!;
    rest = rest.slice(2);
  }
  return rest.length === 1 ? def.columns.find((c) => c.path === rest[0]) : undefined;
}

/** A value as people read it: enum labels, 是/否, paragraphs joined, an item's fields with labels. */
export function displayValue(v: unknown, spec?: FieldSpec, segs: readonly Seg[] = []): string {
  if (v === undefined || v === null || v === '') return '（空）';
  if (spec?.kind === 'enum') return spec.options?.find((o) => o.value === v)?.label ?? String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v))
    return v.every((x) => typeof x !== 'object') ? v.map(String).join('；') : `${v.length} 项`;
  if (isObj(v)) {
    return Object.entries(v)
      .filter(([k]) => k !== 'id')
      .map(([k, x]) => {
        const at = [...segs, k];
        const sp = fieldSpecOf(at);
        return `${sp?.label ?? lastLabel(at)}：${displayValue(x, sp, at)}`;
      })
      .join('；');
  }
  return String(v) + (spec?.unit && spec.kind === 'amount' ? ` ${spec.unit}` : '');
}

/** A value at a path, for display. */
export function displayAt(segs: readonly Seg[], v: unknown): string {
  return displayValue(v, fieldSpecOf(segs), segs);
}

/**
 * Where a dataset error is, as a reader names it: a field path becomes its label, a path behind a file
 * name (“dept.yaml: budget.initial.total”) keeps the file name; an error about a whole file (its path is
 * the file) has no place (''), as the message's title already names the file.
 */
export function fieldErrorPlace(path: string, framework?: IndicatorNames): string {
  const inFile = /^(.+\.(?:ya?ml|json)): ?(.*)$/i.exec(path);
  const whole = (p: string) => !p || p === ROOT_PATH || p === '输入';
  if (inFile)
    return whole(inFile[2]!) ? inFile[1]! : `${inFile[1]}：${fieldPathLabel(inFile[2]!, framework)}`;
  if (whole(path) || /[\\/]|\.(?:ya?ml|json)$/i.test(path)) return '';
  return fieldPathLabel(path, framework);
}

/** Keys whose values are records: the next segment is a key the framework author chose, shown quoted. */
const FRAMEWORK_RECORDS = new Set(['options', 'notes']);

/**
 * A framework file path as a reader names it, from FRAMEWORK_FIELD_LABELS (declared next to the
 * framework schema): “indicators[0].children[1].rule.tiers[2].min” → “第 1 个一级指标 › 第 2 个下级指标 ›
 * 评分规则 › 第 3 档 › 下限”. An unknown key is left out (its message names it).
 */
export function frameworkPathLabel(path: string): string {
  const segs = segments(path);
  const parts: string[] = [];
  segs.forEach((seg, i) => {
    const prev = segs[i - 1];
    if (typeof seg === 'number') {
      const list = typeof prev === 'string' ? FRAMEWORK_FIELD_LABELS[prev] : undefined;
      const name = list?.item ? list.item(seg + 1) : `${list?.label ?? ''}第 ${seg + 1} 项`;
      if (list) parts.pop();
      parts.push(name);
    } else if (typeof prev === 'string' && FRAMEWORK_RECORDS.has(prev)) parts.push(`“${seg}”`);
    else if (FRAMEWORK_FIELD_LABELS[seg]) parts.push(FRAMEWORK_FIELD_LABELS[seg].label);
  });
  return parts.join(' › ') || '框架文件';
}

/**
 * Where a framework error is: its path as labels; a path behind a file name keeps the file name; an
 * error about the whole file has no place ('').
 */
export function frameworkErrorPlace(path: string): string {
  const inFile = /^(.+\.(?:ya?ml|json)): ?(.*)$/i.exec(path);
  const whole = (p: string) => !p || p === ROOT_PATH || p === '输入';
  if (inFile) return whole(inFile[2]!) ? inFile[1]! : `${inFile[1]}：${frameworkPathLabel(inFile[2]!)}`;
  if (whole(path) || /[\\/]|\.(?:ya?ml|json)$/i.test(path)) return '';
  return frameworkPathLabel(path);
}
