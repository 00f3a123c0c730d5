/**
 * The field catalogue: every dataset field, declared once in the zod schema (schema.ts) with its type,
 * description and catalogue metadata (fieldMeta: label, unit, enum labels, section, source), walked
 * here into one flat list. The form sections and the workbook sheets (sections.ts), the path labels
 * and the coverage test read this list instead of typing fields again.
 *
 * Patterns use "[]" for "any item of" and "{}" for "any key of": "projects.items[].targets[].name",
 * "narrative.{}", "execution.quarterlyCumulative[]".
 */
import { datasetShape } from './dataset-shape.ts';
import type { FieldKind, FieldMeta, FieldSource } from './fields.ts';
import type { ShapeNode } from './shape.ts';

export type { FieldKind, FieldSource } from './fields.ts';

export interface FieldOption {
  value: string;
  label: string;
}

/** One field of the dataset, as everything that shows or reads it needs it. */
export interface FieldDef {
  /** Path pattern: "budget.initial.personnel", "targets[].category", "narrative.{}". */
  path: string;
  kind: FieldKind;
  /** Chinese label (short, without the path's context). */
  label: string;
  unit?: string;
  options?: FieldOption[];
  /** Whether the schema requires it (within its list item, if any). */
  required: boolean;
  /** Inside an optional object: required only once that object is given (budget.priorYear.*). */
  optionalParent?: true;
  /** For an item of a fixed-length list (execution.quarterlyCumulative[]): the list's length. */
  listLength?: number;
  help?: string;
  /** The form section / workbook sheet it belongs to, when declared with the field. */
  section?: string;
  source: FieldSource;
  /** The schema's description, if any. */
  description?: string;
}

/** Schema types without catalogue metadata that are still single values (shown as text). */
const LEAF_TYPES = new Set(['union', 'literal', 'pipe', 'string', 'number', 'enum']);

/** A description made into a label: “年初预算（万元）” → “年初预算”, “调整金额（万元），追加为正” → “调整金额”. */
export function shortLabel(description: string): string {
  return description
    .split(/[，,：:]/)[0]!
    .replace(/[（(][^）)]*[）)]$/, '')
    .trim();
}

interface Walked {
  schema: ShapeNode;
  meta: FieldMeta;
  description?: string;
  optional: boolean;
}

/** Unwraps optional, default, nullable, readonly and refinement pipes, merging metadata outer-first. */
function unwrap(schema: ShapeNode): Walked {
  let s = schema;
  let meta: FieldMeta = {};
  let description: string | undefined;
  let optional = false;
  for (let k = 0; k < 12; k++) {
    meta = { ...(s.meta ?? {}), ...meta };
    description ??= s.description;
    if (meta.kind) break;
    if (s.type === 'optional' || s.type === 'default' || s.type === 'prefault') optional = true;
    const inner = WRAPPERS.has(s.type) ? s.inner : undefined;
    if (!inner) break;
    s = inner;
  }
  return { schema: s, meta, ...(description ? { description } : {}), optional };
}

/** The wrappers the catalogue looks through (a refinement is a pipe). */
const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'pipe']);

function walk(): FieldDef[] {
  const out: FieldDef[] = [];
  const visit = (
    schema: ShapeNode,
    path: string,
    inherited: { source?: FieldSource; section?: string },
    parentOptional: boolean,
    /** A list's or record's description, for its items when they have none. */
    container?: string,
    listLength?: number,
  ) => {
    const w = unwrap(schema);
    if (!w.description && container) w.description = container;
    const source = w.meta.source ?? inherited.source;
    const section = w.meta.section ?? inherited.section;
    const def = w.schema;
    const kind: FieldKind | undefined = w.meta.kind ?? (LEAF_TYPES.has(def.type) ? 'text' : undefined);
    if (kind) {
      const key =
        path
          .replace(/(\[\]|\.\{\})$/, '')
          .split('.')
          .pop() ?? path;
      const label = w.meta.label ?? (w.description ? shortLabel(w.description) : '') ?? key;
      const f: FieldDef = {
        path,
        kind,
        label: label || key,
        required: !w.optional && !parentOptional,
        ...(parentOptional ? { optionalParent: true } : {}),
        ...(listLength ? { listLength } : {}),
        source: source ?? 'entered',
      };
      if (w.meta.unit) f.unit = w.meta.unit;
      if (w.meta.options)
        f.options = Object.entries(w.meta.options).map(([value, l]) => ({ value, label: l }));
      if (w.meta.help) f.help = w.meta.help;
      if (section) f.section = section;
      if (w.description) f.description = w.description;
      out.push(f);
      return;
    }
    const next = { ...(source ? { source } : {}), ...(section ? { section } : {}) };
    if (def.type === 'object') {
      for (const [k, v] of Object.entries(def.shape ?? {}))
        visit(v, path ? `${path}.${k}` : k, next, w.optional || parentOptional);
      const rest = def.catchall;
      if (rest && rest.type !== 'never' && rest.type !== 'unknown')
        visit(rest, `${path}.{}`, next, false, w.description);
    } else if (def.type === 'array') {
      visit(def.element!, `${path}[]`, next, false, w.description, def.length);
    } else if (def.type === 'record') visit(def.valueType!, `${path}.{}`, next, false, w.description);
  };
  visit(datasetShape, '', {}, false);
  return out;
}

let cached: FieldDef[] | undefined;
let byPath: Map<string, FieldDef> | undefined;

/** Every leaf field of the dataset, in schema order. */
export function catalogue(): readonly FieldDef[] {
  return (cached ??= walk());
}

/** The field at a pattern ("targets[].category"), if the schema has one. */
export function fieldAt(pattern: string): FieldDef | undefined {
  byPath ??= new Map(catalogue().map((f) => [f.path, f]));
  return byPath.get(pattern);
}

/**
 * The paths of a pattern outside lists of any length: a fixed-length list's items one by one
 * ("execution.quarterlyCumulative[]" → "[0]" … "[3]"); a pattern inside an open list has none.
 */
export function concretePaths(def: FieldDef): string[] {
  if (def.path.includes('{}')) return [];
  const steps = def.path.split('[]');
  if (steps.length === 1) return [def.path];
  if (steps.length > 2 || !def.listLength || steps[1] !== '') return [];
  return Array.from({ length: def.listLength }, (_, i) => `${steps[0]}[${i}]`);
}

/** The pattern of a concrete form path: "targets[3].category" → "targets[].category". */
export function patternOfPath(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}
