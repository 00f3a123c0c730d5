/**
 * Chinese labels for dataset paths and values, for people (conflict dialog, merge notes, workbook
 * confirmations): "预算执行 › 二季度末累计执行数", "预算调整 › 第 2 项「项目支出」 › 调整金额".
 * Derived from the form sections (core/dataset/sections.ts) and, where no form field shows a path, from
 * the field catalogue's labels (the schema's declarations); list items are named by their position and
 * first column, never by id.
 */
import type { Seg } from '../core/dataset/merge.ts';
import { fieldAt } from '../core/dataset/catalogue.ts';
import { patternOf, schemaDescription } from '../core/dataset/schema-paths.ts';
import {
  ASSET_INCLUDE_COLUMNS,
  MONITORING_FIELDS,
  MONITORING_LISTS,
  NARRATIVE_KEYS,
  PROJECT_TARGET_COLUMNS,
  SECTIONS,
  projectFields,
  type FieldSpec,
} from '../core/dataset/sections.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A name for the indicator with a code (from the dataset's framework), when known. */
export type IndicatorNames = (code: string) => string | undefined;

const SEP = ' › ';

/** Descriptions read as labels: the part before a colon, without bracketed explanations of codes. */
function clean(text: string): string {
  return text
    .split('：')[0]!
    .replace(/（[^（）]*(?:[A-Za-z]|键为|缺省)[^（）]*）/g, '')
    .trim();
}

/** A list as the forms show it: the titles above it, its columns, and lists inside its items. */
interface ListDef {
  titles: string[];
  columns: FieldSpec[];
  nested?: Record<string, ListDef>;
}

interface Groups {
  /** Position path ("execution.quarterlyCumulative[1]") → titles and the field. */
  fields: Map<string, { titles: string[]; field: FieldSpec }>;
  /** List path ("assets.fixed") → its definition. */
  lists: Map<string, ListDef>;
}

let groups: Groups | undefined;

function build(): Groups {
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
  return { fields, lists };
}

const all = () => (groups ??= build());

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
    const def = path === undefined ? undefined : all().lists.get(path);
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

/** Labels inside a list item: its columns, nested lists, else the schema's description. */
function insideItem(def: ListDef, item: unknown, rest: readonly Seg[], segs: readonly Seg[]): string[] {
  if (rest.length === 0) return [];
  const key = rest[0];
  if (typeof key !== 'string') return [describe(segs)];
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
  return [col && rest.length === 1 ? col.label : (nested?.titles.join(SEP) ?? describe(segs))];
}

/** The form field a path shows in, if any (for enum and yes/no display). */
export function fieldSpecOf(segs: readonly Seg[]): FieldSpec | undefined {
  const p = positionOf(segs);
  const f = p === undefined ? undefined : all().fields.get(p);
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

/**
 * The label of a path, by section and field. `data` names list items (their position and name);
 * pass the version where the item exists (mine, else theirs, else base).
 */
export function fieldLabel(segs: readonly Seg[], data: unknown, indicators?: IndicatorNames): string {
  const p = positionOf(segs);
  const f = p === undefined ? undefined : all().fields.get(p);
  if (f) return [...f.titles, f.field.label].join(SEP);
  const l = listOf(segs);
  if (l) {
    let list: unknown = data;
    for (const s of segs.slice(0, l.depth)) list = isObj(list) ? list[s as string] : undefined;
    const item = itemIn(list, segs[l.depth]!)?.item;
    return [
      ...l.def.titles,
      itemLabel(list, segs[l.depth]!, l.def.columns),
      ...insideItem(l.def, item, segs.slice(l.depth + 1), segs),
    ].join(SEP);
  }
  const [head, key, ...rest] = segs;
  if (head === 'narrative' && typeof key === 'string')
    return `叙述${SEP}${NARRATIVE_KEYS.find((n) => n.key === key)?.label ?? '其他段落'}`;
  if (head === 'measures' && typeof key === 'string')
    return `整改措施${SEP}${indicators?.(key) ?? '其他指标'}`;
  if (head === 'evaluation' && typeof key === 'string') {
    const parts = ['评价判断', indicators?.(key) ?? '其他指标'];
    if (rest.length) parts.push(describe(segs));
    return parts.join(SEP);
  }
  // Elsewhere: the schema's descriptions along the path.
  const parts: string[] = [];
  let cur: unknown = data;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (typeof s === 'string') {
      const d = labelOf(patternOf(segs.slice(0, i + 1)));
      if (d) parts.push(d);
      cur = isObj(cur) ? cur[s] : undefined;
    } else {
      parts.push(itemLabel(cur, s));
      cur = itemIn(cur, s)?.item;
    }
  }
  return parts.length ? parts.join(SEP) : '其他数据';
}

/** A field's catalogue label; a part that is not a field (an object, a list) by its description. */
function labelOf(pattern: string): string | undefined {
  const leaf = fieldAt(pattern);
  if (leaf) return leaf.label;
  const d = schemaDescription(pattern);
  return d && clean(d) ? clean(d) : undefined;
}

/** The label of the path's last field (or "其他数据"). */
function describe(segs: readonly Seg[]): string {
  return labelOf(patternOf(segs)) ?? '其他数据';
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
        const child = [...segs, k];
        const sp = fieldSpecOf(child);
        const label = sp?.label ?? describe(child);
        return `${label}：${displayValue(x, sp, child)}`;
      })
      .join('；');
  }
  return String(v) + (spec?.unit && spec.kind === 'amount' ? ` ${spec.unit}` : '');
}

/** A value at a path, for display. */
export function displayAt(segs: readonly Seg[], v: unknown): string {
  return displayValue(v, fieldSpecOf(segs), segs);
}
