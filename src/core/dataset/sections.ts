/**
 * The dataset's sections as people fill them in: one form tab and one workbook sheet each. Pure data:
 * which fields, in which order, under which title. What a field is (its kind, unit, enum options,
 * whether it is required, its label) comes from the field catalogue (catalogue.ts, derived from the
 * zod schema); a layout entry only names the path and, where the form needs more context than the
 * field's own label (“年初预算·人员经费”), the label it shows; every other label is the catalogue's. A field declared with `section` in its
 * metadata and not placed here is appended to that section, so a new field needs no entry here.
 * Paths are written as parseDataset reports them: "budget.initial.personnel", "targets[3].target".
 */
import type { FrameworkField } from '../framework/schema.ts';
import { catalogue, fieldAt, patternOfPath, type FieldDef, type FieldKind } from './catalogue.ts';
import { QUARTERS } from '../quarters.ts';
import { MAX_NESTING, nestingDepth } from '../text.ts';

export type { FieldKind } from './catalogue.ts';

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

/** A list inside the items of another list (a project's targets): its rows name their parent item. */
export interface ParentList {
  /** The outer list's path ("projects.items") and the key of the inner list in its items ("targets"). */
  path: string;
  key: string;
  /** The column naming the parent item (its `name`), e.g. “所属项目”. */
  label: string;
}

export type Section =
  | { id: string; title: string; kind: 'fields'; fields: FieldSpec[] }
  | {
      id: string;
      title: string;
      kind: 'list';
      path: string;
      columns: FieldSpec[];
      itemLabel: string;
      parent?: ParentList;
    };

export const WAN = '万元';

/** The catalogue's field as a form input at a concrete path; `over` gives the form's own label. */
function specOf(def: FieldDef, path: string, over: Partial<FieldSpec> = {}): FieldSpec {
  return {
    path,
    label: def.label,
    kind: def.kind,
    ...(def.unit ? { unit: def.unit } : {}),
    ...(def.required && !def.optionalParent ? { required: true } : {}),
    ...(def.options ? { options: def.options } : {}),
    ...(def.help ? { help: def.help } : {}),
    ...over,
  };
}

function defAt(pattern: string): FieldDef {
  const def = fieldAt(pattern);
  if (!def) throw new Error(`sections: no dataset field ${pattern}`);
  return def;
}

/**
 * A contextual label: only where the form needs another label than the catalogue's (“年初预算·人员经费”
 * for budget.initial.personnel, “原因” under 预算调剂); a label that is simply the field's name belongs
 * in the schema declaration, and one equal to the catalogue's is refused.
 */
function contextual(def: FieldDef, label: string | undefined): Partial<FieldSpec> {
  if (label === undefined) return {};
  if (label === def.label) throw new Error(`sections: ${def.path} repeats its catalogue label “${label}”`);
  return { label };
}

/** A field of a fields section, by its path. */
const f = (path: string, label?: string): FieldSpec => {
  const def = defAt(patternOfPath(path));
  return specOf(def, path, contextual(def, label));
};
/** A column of a list section: the key inside the item. */
const col = (list: string, key: string, label?: string): FieldSpec => {
  const def = defAt(`${patternOfPath(list)}[].${key}`);
  return specOf(def, key, contextual(def, label));
};
const cols = (list: string, keys: (string | [string, string])[]) =>
  keys.map((k) => (typeof k === 'string' ? col(list, k) : col(list, k[0], k[1])));

/** Enum options of a field, from the catalogue. */
const optionsAt = (pattern: string) => defAt(pattern).options ?? [];
export const TARGET_CATEGORY_OPTIONS = optionsAt('targets[].category');

/** A declared target as written: category, name, target value and actual value (department and project). */
export const TARGET_TEXT_COLUMNS: FieldSpec[] = cols('targets', ['category', 'name', 'target', 'actual']);

/** A declared target with the evaluator's judgement (项目支出绩效自评表; department targets alike). */
export const PROJECT_TARGET_COLUMNS: FieldSpec[] = [
  ...TARGET_TEXT_COLUMNS,
  ...cols('targets', ['weight', 'quantitative', 'grade', 'points', 'reason', 'deviationReason', 'note']),
];

export const QUARTER_LABELS = QUARTERS.map((q) => `${q}末`);

const LAYOUT: Section[] = [
  {
    id: 'basic',
    title: '基本信息',
    kind: 'fields',
    fields: [
      f('department.name'),
      f('department.code'),
      f('department.jurisdiction'),
      f('year'),
      f('budget.fundingSource'),
    ],
  },
  {
    id: 'budget',
    title: '年初预算',
    kind: 'fields',
    fields: [
      f('budget.initial.personnel', '年初预算·人员经费'),
      f('budget.initial.publicOperating', '年初预算·公用经费'),
      f('budget.initial.project', '年初预算·项目支出'),
      f('budget.priorYear.personnel', '上年预算·人员经费'),
      f('budget.priorYear.publicOperating', '上年预算·公用经费'),
      f('budget.priorYear.project', '上年预算·项目支出'),
      f('budget.changeReasons.personnel'),
      f('budget.changeReasons.publicOperating'),
      f('budget.changeReasons.project'),
    ],
  },
  {
    id: 'adjustments',
    title: '预算调整',
    kind: 'list',
    path: 'adjustments',
    itemLabel: '调整',
    columns: cols('adjustments', ['category', 'amount', 'reason', 'date']),
  },
  {
    id: 'transfers',
    title: '预算调剂',
    kind: 'list',
    path: 'transfers',
    itemLabel: '调剂',
    columns: cols('transfers', ['from', 'to', 'amount', ['reason', '原因'], 'date']),
  },
  {
    id: 'execution',
    title: '预算执行',
    kind: 'fields',
    fields: [
      ...QUARTER_LABELS.map((q, i) => f(`execution.quarterlyCumulative[${i}]`, `${q}累计执行数`)),
      f('execution.byCategory.personnel', '全年执行·人员经费'),
      f('execution.byCategory.publicOperating', '全年执行·公用经费'),
      f('execution.byCategory.project', '全年执行·项目支出'),
    ],
  },
  {
    id: 'projects',
    title: '项目',
    kind: 'fields',
    fields: [
      f('projects.count'),
      f('projects.completedOnTime'),
      f('projects.monitored'),
      f('projects.monitoredRunningWell'),
      f('projects.newProjects'),
      f('projects.adjustedBudget'),
      f('projects.executed'),
    ],
  },
  {
    id: 'costs',
    title: '三公与公用经费',
    kind: 'fields',
    fields: [
      f('threePublicCosts.budget.outboundTravel', '预算·因公出国（境）费'),
      f('threePublicCosts.budget.reception', '预算·公务接待费'),
      f('threePublicCosts.budget.vehiclePurchase', '预算·公务用车购置费'),
      f('threePublicCosts.budget.vehicleOperation', '预算·公务用车运行维护费'),
      f('threePublicCosts.actual.outboundTravel', '实际·因公出国（境）费'),
      f('threePublicCosts.actual.reception', '实际·公务接待费'),
      f('threePublicCosts.actual.vehiclePurchase', '实际·公务用车购置费'),
      f('threePublicCosts.actual.vehicleOperation', '实际·公务用车运行维护费'),
      f('dailyOperating.initialBudget', '日常公用经费·预算安排数'),
      f('dailyOperating.adjustedBudget', '日常公用经费·调整预算数'),
      f('dailyOperating.actual', '日常公用经费·决算数'),
      f('procurement.planned'),
      f('procurement.actual'),
      f('procurement.description'),
    ],
  },
  {
    id: 'assets',
    title: '固定资产',
    kind: 'list',
    path: 'assets.fixed',
    itemLabel: '资产类别',
    columns: cols('assets.fixed', ['name', 'count', 'originalValue', 'inUseValue']),
  },
  {
    id: 'people',
    title: '人员·公开·信访·满意度',
    kind: 'fields',
    fields: [
      f('staff.authorizedPosts'),
      f('staff.staffInPost'),
      f('staff.extraStaff'),
      f('disclosure.budget'),
      f('disclosure.finalAccounts'),
      f('petitions.channel'),
      f('petitions.received'),
      f('petitions.replied'),
      f('petitions.repliedOnTime'),
      f('satisfaction.score'),
      f('satisfaction.source'),
      f('staff.note'),
      f('disclosure.note'),
    ],
  },
  {
    id: 'targets',
    title: '绩效目标',
    kind: 'list',
    path: 'targets',
    itemLabel: '目标',
    // The columns of the first version first (a workbook downloaded then still reads), then the
    // evaluator's judgement of each target.
    columns: [
      ...TARGET_TEXT_COLUMNS,
      ...cols('targets', ['quantitative', 'note']),
      ...PROJECT_TARGET_COLUMNS.filter(
        (c) => !TARGET_TEXT_COLUMNS.includes(c) && !['quantitative', 'note'].includes(c.path),
      ),
    ],
  },
  {
    id: 'keyTasks',
    title: '重点工作',
    kind: 'list',
    path: 'keyTasks',
    itemLabel: '重点工作',
    columns: cols('keyTasks', ['name', 'done', 'source', 'reason']),
  },
  {
    id: 'work',
    title: '职能与年度工作',
    kind: 'fields',
    fields: [f('functions'), f('annualWork'), f('keyTasksSummary')],
  },
  {
    id: 'intangible',
    title: '无形资产',
    kind: 'list',
    path: 'assets.intangible',
    itemLabel: '无形资产',
    columns: cols('assets.intangible', ['name', 'count', 'originalValue', 'inUseValue']),
  },
  {
    id: 'other',
    title: '上年情况与其他说明',
    kind: 'fields',
    fields: [f('priorYear.quantifiedShare'), f('priorYear.total'), f('assets.disposals')],
  },
];

/** Fields declared with a `section` in their metadata that the layout does not place: appended there. */
function withDeclared(layout: Section[]): Section[] {
  const placed = new Set<string>();
  for (const s of [...layout, ...EXTRA_SHEETS])
    if (s.kind === 'fields') for (const x of s.fields) placed.add(patternOfPath(x.path));
    else for (const c of s.columns) placed.add(`${patternOfPath(s.path)}[].${c.path}`);
  return layout.map((s) => {
    const extra = catalogue().filter((d) => d.section === s.id && !placed.has(d.path));
    if (!extra.length) return s;
    if (s.kind === 'fields')
      return {
        ...s,
        fields: [...s.fields, ...extra.filter((d) => !d.path.includes('[')).map((d) => specOf(d, d.path))],
      };
    const prefix = `${patternOfPath(s.path)}[].`;
    return {
      ...s,
      columns: [
        ...s.columns,
        ...extra.filter((d) => d.path.startsWith(prefix)).map((d) => specOf(d, d.path.slice(prefix.length))),
      ],
    };
  });
}

/** A second-level project's own fields, under `base` ("projects.items[0]"). */
export const projectFields = (base: string): FieldSpec[] =>
  cols('projects.items', [
    'name',
    'initialBudget',
    'adjustedBudget',
    'executed',
    'completedOnTime',
    'monitored',
  ]).map((c) => ({ ...c, path: `${base}.${c.path}` }));

/** The 其中 items of a fixed-asset category (assets.fixed[].includes[]). */
export const ASSET_INCLUDE_COLUMNS: FieldSpec[] = cols('assets.fixed[].includes', [
  'name',
  'count',
  'originalValue',
  'inUseValue',
]);

export const MONITORING_FIELDS: FieldSpec[] = [
  f('monitoring.asOf'),
  f('monitoring.executed'),
  f('monitoring.budget'),
  f('monitoring.gapThreshold'),
  f('monitoring.note', '说明'),
].map((x) =>
  x.path === 'monitoring.asOf' || x.path === 'monitoring.executed' ? { ...x, required: true } : x,
);

export const MONITORING_LISTS: Section[] = [
  {
    id: 'monitoring.targets',
    title: '各目标的监控情况',
    kind: 'list',
    path: 'monitoring.targets',
    itemLabel: '目标',
    columns: cols('monitoring.targets', [
      'name',
      'project',
      'progress',
      'forecast',
      'reasonCategory',
      'reason',
      'action',
    ]),
  },
  {
    id: 'monitoring.projects',
    title: '各二级项目截至监控日期的执行数',
    kind: 'list',
    path: 'monitoring.projects',
    itemLabel: '项目',
    columns: cols('monitoring.projects', ['name', 'budget', 'executed']),
  },
  {
    id: 'monitoring.pace',
    title: '序时进度表（不填时为季度末 25%、50%、75%、100%）',
    kind: 'list',
    path: 'monitoring.pace',
    itemLabel: '时点',
    columns: cols('monitoring.pace', ['date', 'share']),
  },
];

/**
 * Sheets the workbook has beyond the form's sections: the web form shows these parts in its own tabs
 * (项目明细, 运行监控, an asset's 其中 items inside 固定资产); the workbook gives each a sheet, a list
 * inside a list naming its parent item in its first column.
 */
export const EXTRA_SHEETS: Section[] = [
  {
    id: 'projectItems',
    title: '项目明细',
    kind: 'list',
    path: 'projects.items',
    itemLabel: '项目',
    columns: projectFields('').map((c) => ({ ...c, path: c.path.slice(1) })),
  },
  {
    id: 'projectTargets',
    title: '项目绩效目标',
    kind: 'list',
    path: 'projects.items[].targets',
    itemLabel: '目标',
    parent: { path: 'projects.items', key: 'targets', label: '所属项目' },
    columns: PROJECT_TARGET_COLUMNS,
  },
  {
    id: 'assetIncludes',
    title: '固定资产其中项',
    kind: 'list',
    path: 'assets.fixed[].includes',
    itemLabel: '其中项',
    parent: { path: 'assets.fixed', key: 'includes', label: '所属资产类别' },
    columns: ASSET_INCLUDE_COLUMNS,
  },
  { id: 'monitoring', title: '运行监控', kind: 'fields', fields: MONITORING_FIELDS },
  ...MONITORING_LISTS.map((s) => ({
    ...s,
    title: `监控·${s.id === 'monitoring.pace' ? '序时进度表' : s.title}`,
  })),
];

export const SECTIONS: Section[] = withDeclared(LAYOUT);

/** The narrative blocks the report quotes, in report order (declared with the schema's narrative). */
export const NARRATIVE_KEYS: { key: string; label: string }[] = catalogue()
  .filter((d) => d.path.startsWith('narrative.') && d.source === 'entered')
  .map((d) => ({ key: d.path.slice('narrative.'.length), label: d.label }));

/** A framework-declared field (Framework['fields']): declared once, in the framework schema. */
export type FrameworkFieldLike = FrameworkField;

/** A framework's own fields, if it declares any (read structurally: `fields` is optional). */
export function frameworkFieldsOf(framework: unknown): FrameworkFieldLike[] | undefined {
  const fields = (framework as { fields?: unknown } | null | undefined)?.fields;
  return Array.isArray(fields) ? (fields as FrameworkFieldLike[]) : undefined;
}

export const FRAMEWORK_FIELDS_TITLE = '本框架专用指标数据';

/**
 * The form sections (and workbook sheets) of a framework's own fields (dataset `figures`): one per
 * `section` the framework names, titled by it (“framework” or none: 本框架专用指标数据); a pair field
 * gives a 目标值 and a 实际值 input.
 */
export function frameworkFieldSections(fields: readonly FrameworkFieldLike[] | undefined): Section[] {
  const groups = new Map<string, FieldSpec[]>();
  for (const x of fields ?? []) {
    const title = x.section && x.section !== 'framework' ? x.section : FRAMEWORK_FIELDS_TITLE;
    const kind: FieldKind = x.kind === 'amount' ? 'amount' : x.kind === 'count' ? 'count' : 'decimal';
    const unit = x.unit ?? (x.kind === 'amount' ? WAN : x.kind === 'ratio' ? '%' : undefined);
    const base = { kind, ...(unit ? { unit } : {}), ...(x.help ? { help: x.help } : {}), required: true };
    const specs: FieldSpec[] = x.pair
      ? [
          { ...base, path: `figures.${x.id}.target`, label: `${x.label}·目标值` },
          { ...base, path: `figures.${x.id}.actual`, label: `${x.label}·实际值` },
        ]
      : [{ ...base, path: `figures.${x.id}`, label: x.label }];
    groups.set(title, [...(groups.get(title) ?? []), ...specs]);
  }
  return [...groups].map(([title, specs], i) => ({
    id: i === 0 ? 'figures' : `figures-${i}`,
    title,
    kind: 'fields',
    fields: specs,
  }));
}

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
const OPTIONAL_OBJECTS = ['budget.priorYear', 'execution.byCategory', 'budget.changeReasons', 'priorYear'];

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
