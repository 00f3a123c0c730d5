/**
 * The dataset schema's structure as plain data: per node its zod type, description, catalogue metadata
 * (fieldMeta) and children. The field catalogue (catalogue.ts) and the path labels (labels.ts) read
 * this, not zod, so the web app gets the same catalogue from a JSON copy made when it is built
 * (web/vite.config.ts) and carries no zod. Derived from the one declaration in schema.ts, never typed.
 */
import type { z } from 'zod';
import { fieldMeta, type FieldMeta } from './fields.ts';

export interface ShapeNode {
  /** zod's own type name: object, array, record, optional, pipe, string, enum, … */
  type: string;
  description?: string;
  meta?: FieldMeta;
  /** What a wrapper wraps: innerType (optional, default, nullable, …) or a pipe's input. */
  inner?: ShapeNode;
  shape?: Record<string, ShapeNode>;
  catchall?: ShapeNode;
  element?: ShapeNode;
  valueType?: ShapeNode;
  /** An array of exactly this many items. */
  length?: number;
}

type Def = Record<string, unknown> & { type: string };

/** The plain structure of a zod schema (no cycles: the dataset schema has no recursive types). */
export function shapeOf(schema: z.ZodType, depth = 0): ShapeNode {
  if (depth > 40) throw new Error('数据结构嵌套过深（是否有递归类型？）');
  const def = (schema as unknown as { def: Def }).def;
  const node: ShapeNode = { type: def.type };
  const description = (schema as unknown as { description?: string }).description;
  if (description) node.description = description;
  const meta = fieldMeta.get(schema);
  if (meta) node.meta = { ...meta };
  const sub = (s: unknown) => shapeOf(s as z.ZodType, depth + 1);
  const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  if (inner) node.inner = sub(inner);
  if (def.type === 'object') {
    node.shape = Object.fromEntries(
      Object.entries(def.shape as Record<string, z.ZodType>).map(([k, v]) => [k, sub(v)]),
    );
    if (def.catchall) node.catchall = sub(def.catchall);
  } else if (def.type === 'array') {
    node.element = sub(def.element);
    const checks = (def.checks ?? []) as { _zod: { def: { check: string; length?: number } } }[];
    const length = checks.find((c) => c._zod.def.check === 'length_equals')?._zod.def.length;
    if (length !== undefined) node.length = length;
  } else if (def.type === 'record') node.valueType = sub(def.valueType);
  return node;
}
