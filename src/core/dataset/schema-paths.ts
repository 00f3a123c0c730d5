/**
 * What the dataset schema says about its paths, derived from the schema itself (one declaration):
 * which lists have items with an `id` (merged by identity), and each field's description.
 * Path patterns use "[]" for "any item of": "projects.items[].targets[].name"; "{}" for "any key of".
 */
import { z } from 'zod';
import { datasetSchema } from './schema.ts';

interface JsonNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonNode>;
  items?: JsonNode;
  additionalProperties?: JsonNode | boolean;
  anyOf?: JsonNode[];
  allOf?: JsonNode[];
  oneOf?: JsonNode[];
}

interface SchemaPaths {
  idLists: string[];
  descriptions: Map<string, string>;
  records: Set<string>;
}

let cached: SchemaPaths | undefined;

function walk(): SchemaPaths {
  const root = z.toJSONSchema(datasetSchema, { io: 'output', unrepresentable: 'any' }) as JsonNode;
  const idLists: string[] = [];
  const descriptions = new Map<string, string>();
  const records = new Set<string>();
  const visit = (node: JsonNode, path: string) => {
    if (node.description && path && !descriptions.has(path)) descriptions.set(path, node.description);
    for (const alt of [...(node.anyOf ?? []), ...(node.allOf ?? []), ...(node.oneOf ?? [])]) visit(alt, path);
    for (const [k, v] of Object.entries(node.properties ?? {})) visit(v, path ? `${path}.${k}` : k);
    if (node.items) {
      if (node.items.properties?.id) idLists.push(path);
      visit(node.items, `${path}[]`);
    }
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      records.add(path);
      visit(node.additionalProperties, `${path}.{}`);
    }
  };
  visit(root, '');
  return { idLists: [...new Set(idLists)], descriptions, records };
}

const paths = () => (cached ??= walk());

/** The lists whose items carry ids: "adjustments", "projects.items[].targets", … */
export function idListPaths(): readonly string[] {
  return paths().idLists;
}

/** The schema's description of a field, by pattern ("projects.items[].name"), if it has one. */
export function schemaDescription(pattern: string): string | undefined {
  return paths().descriptions.get(pattern);
}

/** The pattern of a concrete path: list steps become "[]", keys of a record (codes) become "{}". */
export function patternOf(segs: readonly (string | number | { id: string })[]): string {
  let out = '';
  for (const s of segs) {
    if (typeof s !== 'string') out += '[]';
    else if (paths().records.has(out)) out += '.{}';
    else out += out ? `.${s}` : s;
  }
  return out;
}
