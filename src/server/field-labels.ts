/**
 * Chinese labels for dataset paths and values, for people (conflict dialog, merge notes, workbook
 * confirmations): "预算执行 › 二季度末累计执行数", "预算调整 › 第 2 项「项目支出」 › 调整金额".
 * Derived from the form sections (sections.ts) and, where no form field shows a path, from the
 * schema's own descriptions; list items are named by their position and first column, never by id.
 */
import type { Seg } from '../core/dataset/merge.ts';
import { patternOf, schemaDescription } from '../core/dataset/schema-paths.ts';
import { NARRATIVE_KEYS, SECTIONS, type FieldSpec, type Section } from './sections.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A name for the indicator with a code (from the dataset's framework), when known. */
export type IndicatorNames = (code: string) => string | undefined;

const SEP = ' › ';

/** Descriptions read as labels: without the explanations in brackets that name codes. */
function clean(text: string): string {
  return text.replace(/（[^（）]*[A-Za-z][^（）]*）/g, '').trim();
}

const keyOf = (s: Seg) => (typeof s === 'string' ? s : null);

function listSection(
  segs: readonly Seg[],
): { section: Section & { kind: 'list' }; depth: number } | undefined {
  for (const s of SECTIONS) {
    if (s.kind !== 'list') continue;
    const parts = s.path.split('.');
    if (
      parts.length < segs.length &&
      parts.every((p, i) => segs[i] === p) &&
      typeof segs[parts.length] !== 'string'
    )
      return { section: s, depth: parts.length };
  }
  return undefined;
}

function fieldSection(segs: readonly Seg[]): { section: Section; field: FieldSpec } | undefined {
  if (segs.some((s) => typeof s === 'object')) return undefined;
  let path = '';
  for (const s of segs) path += typeof s === 'number' ? `[${s}]` : path ? `.${s}` : s;
  for (const s of SECTIONS)
    if (s.kind === 'fields') {
      const field = s.fields.find((f) => f.path === path);
      if (field) return { section: s, field };
    }
  return undefined;
}

/** The form field a path shows in, if any (for enum and yes/no display). */
export function fieldSpecOf(segs: readonly Seg[]): FieldSpec | undefined {
  const f = fieldSection(segs);
  if (f) return f.field;
  const l = listSection(segs);
  if (l && segs.length === l.depth + 2)
    return l.section.columns.find((c) => c.path === keyOf(segs[l.depth + 1]!));
  return undefined;
}

function itemIn(list: unknown, s: Seg): { n: number; item: unknown } | undefined {
  if (!Array.isArray(list)) return undefined;
  const i = typeof s === 'number' ? s : list.findIndex((x) => isObj(x) && x.id === (s as { id: string }).id);
  return i < 0 || i >= list.length ? undefined : { n: i + 1, item: list[i] };
}

/** "第 2 项「项目支出」": the item's position and its first shown value. */
function itemLabel(list: unknown, s: Seg, first?: FieldSpec): string {
  const hit = itemIn(list, s);
  if (!hit) return typeof s === 'number' ? `第 ${s + 1} 项` : '（已删除的一项）';
  const item = isObj(hit.item) ? hit.item : {};
  const key = first?.path ?? 'name';
  const v = item[key] ?? item.name;
  const name =
    v === undefined || v === null || v === '' ? '' : `「${first ? displayValue(v, first) : String(v)}」`;
  return `第 ${hit.n} 项${name}`;
}

/**
 * The label of a path, by section and field. `data` names list items (their position and first
 * column); pass the version where the item exists (mine, else theirs, else base).
 */
export function fieldLabel(segs: readonly Seg[], data: unknown, indicators?: IndicatorNames): string {
  const f = fieldSection(segs);
  if (f) return `${f.section.title}${SEP}${f.field.label}`;
  const l = listSection(segs);
  if (l) {
    let list: unknown = data;
    for (const p of segs.slice(0, l.depth)) list = isObj(list) ? list[p as string] : undefined;
    const parts = [l.section.title, itemLabel(list, segs[l.depth]!, l.section.columns[0])];
    const rest = segs.slice(l.depth + 1);
    if (rest.length) {
      const col = l.section.columns.find((c) => c.path === keyOf(rest[0]!));
      parts.push(col && rest.length === 1 ? col.label : describe(segs));
    }
    return parts.join(SEP);
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
  // Elsewhere: the schema's descriptions along the path, list items by position and name.
  const parts: string[] = [];
  let cur: unknown = data;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (typeof s === 'string') {
      const d = schemaDescription(patternOf(segs.slice(0, i + 1)));
      if (d && clean(d)) parts.push(clean(d));
      cur = isObj(cur) ? cur[s] : undefined;
    } else {
      parts.push(itemLabel(cur, s));
      cur = itemIn(cur, s)?.item;
    }
  }
  return parts.length ? parts.join(SEP) : '其他数据';
}

/** The schema's description of the path's last field (or "其他数据"). */
function describe(segs: readonly Seg[]): string {
  const d = schemaDescription(patternOf(segs));
  return d && clean(d) ? clean(d) : '其他数据';
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
