/**
 * Three-way merge of two edits of one dataset, field by field: base (what the editor loaded), theirs
 * (the latest saved version) and mine (what the editor now saves). A field only I changed takes my
 * value; a field only they changed keeps theirs; a field both changed to different values is a
 * conflict, unless a pick for it is given. Lists whose items carry an `id` merge by item identity
 * (an inserted row does not shift later rows); other lists merge by position when all three have the
 * same length, else as one value. Pure: no I/O; ids come from the caller's generator.
 */

/** One step of a path: an object key, a list position, or a list item by its id. */
export type Seg = string | number | { id: string };

export interface MergeChange {
  /** Identity path ("adjustments[#a1].amount"): stable across versions, used for picks. */
  path: string;
  segs: Seg[];
  before: unknown;
  after: unknown;
}

export interface MergeConflict {
  path: string;
  segs: Seg[];
  base: unknown;
  theirs: unknown;
  mine: unknown;
  /** The field's position path in mine ("adjustments[2].amount"), where it still exists there. */
  minePath?: string;
}

export type Pick = 'mine' | 'theirs';

export interface MergeResult {
  merged: unknown;
  /** Changes I made that the merge applied. */
  fromMine: MergeChange[];
  /** Changes they made that the merge kept (and that I had not made myself). */
  fromTheirs: MergeChange[];
  /** Fields both changed, to different values, with no pick given. */
  conflicts: MergeConflict[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep equality of JSON values; a missing key equals an absent one. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!same(a[k], b[k])) return false;
    return true;
  }
  return false;
}

export function formatSegs(segs: readonly Seg[]): string {
  let out = '';
  for (const s of segs) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'object') out += `[#${s.id}]`;
    else out += out ? `.${s}` : s;
  }
  return out || '（全部）';
}

const idOf = (v: unknown): string | undefined =>
  isObj(v) && typeof v.id === 'string' && v.id !== '' ? v.id : undefined;

/** Whether a list's items are known by identity: every item of every given list has an id. */
function byIdentity(...lists: (unknown[] | undefined)[]): boolean {
  const present = lists.filter((l): l is unknown[] => Array.isArray(l));
  return present.some((l) => l.length > 0) && present.every((l) => l.every((x) => idOf(x) !== undefined));
}

/** The value at an identity path (list items found by id). */
export function valueAt(data: unknown, segs: readonly Seg[]): unknown {
  let cur = data;
  for (const s of segs) {
    if (typeof s === 'object') cur = Array.isArray(cur) ? cur.find((x) => idOf(x) === s.id) : undefined;
    else if (typeof s === 'number') cur = Array.isArray(cur) ? cur[s] : undefined;
    else cur = isObj(cur) ? cur[s] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** The position path of an identity path in `data` ("targets[3].name"), if every step exists there. */
export function positionPath(data: unknown, segs: readonly Seg[]): string | undefined {
  let cur = data;
  const out: (string | number)[] = [];
  for (const s of segs) {
    if (typeof s === 'object') {
      if (!Array.isArray(cur)) return undefined;
      const i = cur.findIndex((x) => idOf(x) === s.id);
      if (i < 0) return undefined;
      out.push(i);
      cur = cur[i];
    } else {
      out.push(s);
      cur =
        typeof s === 'number' ? (Array.isArray(cur) ? cur[s] : undefined) : isObj(cur) ? cur[s] : undefined;
    }
  }
  return formatSegs(out);
}

/** The leaf-level changes from `before` to `after`, list items by identity where they have ids. */
export function changes(before: unknown, after: unknown, segs: Seg[] = []): MergeChange[] {
  if (same(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    if (byIdentity(before, after)) {
      const out: MergeChange[] = [];
      const ids = new Set([...before.map(idOf), ...after.map(idOf)] as string[]);
      for (const id of ids) {
        const b = before.find((x) => idOf(x) === id);
        const a = after.find((x) => idOf(x) === id);
        if (b === undefined || a === undefined)
          out.push({ path: formatSegs([...segs, { id }]), segs: [...segs, { id }], before: b, after: a });
        else out.push(...changes(b, a, [...segs, { id }]));
      }
      return out;
    }
    if (before.length === after.length) return before.flatMap((b, i) => changes(b, after[i], [...segs, i]));
  }
  if (isObj(before) && isObj(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((k) => changes(before[k], after[k], [...segs, k]));
  }
  return [{ path: formatSegs(segs), segs, before, after }];
}

export interface MergeOptions {
  /** Picks for conflicting fields, by identity path. */
  picks?: Readonly<Record<string, Pick>>;
}

/**
 * Merges mine into theirs relative to base. `base` undefined means the base is unknown: then every
 * field where mine and theirs differ is a conflict (nothing of theirs is silently reverted).
 */
export function merge3(
  base: unknown,
  theirs: unknown,
  mine: unknown,
  options: MergeOptions = {},
): MergeResult {
  const picks = options.picks ?? {};
  const out: MergeResult = { merged: undefined, fromMine: [], fromTheirs: [], conflicts: [] };

  const conflict = (segs: Seg[], b: unknown, t: unknown, m: unknown): unknown => {
    const path = formatSegs(segs);
    const pick = picks[path];
    if (pick === 'mine') {
      out.fromMine.push({ path, segs, before: t, after: m });
      return m;
    }
    if (pick === 'theirs') return t;
    const minePath = positionPath(mine, segs);
    out.conflicts.push({ path, segs, base: b, theirs: t, mine: m, ...(minePath ? { minePath } : {}) });
    return t;
  };

  const go = (b: unknown, t: unknown, m: unknown, segs: Seg[], known: boolean): unknown => {
    if (same(t, m)) return t;
    if (known && same(b, m)) {
      out.fromTheirs.push(...changes(b, t, segs));
      return t;
    }
    if (known && same(b, t)) {
      out.fromMine.push(...changes(b, m, segs));
      return m;
    }
    // Both sides changed this value (or the base is unknown): look inside where structure allows.
    if (isObj(t) && isObj(m) && (isObj(b) || b === undefined)) {
      const bo: Obj = isObj(b) ? b : {};
      const keys = [...new Set([...Object.keys(t), ...Object.keys(m)])];
      const res: Obj = {};
      for (const k of keys) {
        const v = go(bo[k], t[k], m[k], [...segs, k], known && (isObj(b) || b === undefined));
        if (v !== undefined) res[k] = v;
      }
      return res;
    }
    if (Array.isArray(t) && Array.isArray(m)) {
      const bl = Array.isArray(b) ? b : undefined;
      if (byIdentity(bl, t, m))
        return mergeById(bl ?? [], t, m, segs, known && (bl !== undefined || b === undefined));
      if (t.length === m.length && (bl === undefined ? !known : bl.length === t.length))
        return t.map((x, i) => go(bl?.[i], x, m[i], [...segs, i], known));
    }
    return conflict(segs, known ? b : undefined, t, m);
  };

  const mergeById = (b: unknown[], t: unknown[], m: unknown[], segs: Seg[], known: boolean): unknown[] => {
    const find = (l: unknown[], id: string) => l.find((x) => idOf(x) === id);
    const result = new Map<string, unknown>();
    for (const ti of t) {
      const id = idOf(ti)!;
      const s = [...segs, { id }];
      const bi = known ? find(b, id) : undefined;
      const mi = find(m, id);
      if (mi !== undefined) {
        const v = go(bi, ti, mi, s, known || bi !== undefined);
        if (v !== undefined) result.set(id, v);
      } else if (known && bi !== undefined) {
        // I removed it; they kept it: removed unless they changed it meanwhile.
        if (same(bi, ti)) out.fromMine.push({ path: formatSegs(s), segs: s, before: ti, after: undefined });
        else {
          const v = conflict(s, bi, ti, undefined);
          if (v !== undefined) result.set(id, v);
        }
      } else {
        // They added it (or the base is unknown and only they have it): keep.
        if (known) out.fromTheirs.push({ path: formatSegs(s), segs: s, before: undefined, after: ti });
        result.set(id, ti);
      }
    }
    const order = t.map((x) => idOf(x)!).filter((id) => result.has(id));
    let last: string | undefined;
    for (const mi of m) {
      const id = idOf(mi)!;
      if (find(t, id) !== undefined) {
        if (result.has(id)) last = id;
        continue;
      }
      const s = [...segs, { id }];
      const bi = known ? find(b, id) : undefined;
      let v: unknown;
      if (bi === undefined) {
        // I added it.
        out.fromMine.push({ path: formatSegs(s), segs: s, before: undefined, after: mi });
        v = mi;
      } else if (same(bi, mi)) {
        // They removed it; I did not change it.
        out.fromTheirs.push({ path: formatSegs(s), segs: s, before: bi, after: undefined });
        v = undefined;
      } else v = conflict(s, bi, undefined, mi);
      if (v === undefined) continue;
      result.set(id, v);
      const at = last === undefined ? 0 : order.indexOf(last) + 1;
      order.splice(at, 0, id);
      last = id;
    }
    return order.map((id) => result.get(id));
  };

  out.merged = go(base, theirs, mine, [], base !== undefined);
  return out;
}

/**
 * Gives every item of the listed lists an id where it has none (ids already present are kept;
 * a repeated id is replaced). `lists` are the list paths whose items carry ids, with "[]" for
 * "every item of" ("projects.items[].targets"); see idListPaths in this folder's schema helpers.
 */
export function assignItemIds<T>(data: T, lists: readonly string[], newId: () => string): T {
  if (!lacksIds(data, lists)) return data;
  const copy = structuredClone(data) as unknown;
  const seen = new Set<string>();
  const visit = (node: unknown, parts: string[]): void => {
    if (parts.length === 0) {
      if (!Array.isArray(node)) return;
      for (const item of node) {
        if (!isObj(item)) continue;
        if (typeof item.id !== 'string' || item.id === '' || seen.has(item.id)) {
          let id = newId();
          while (seen.has(id)) id = newId();
          item.id = id;
        }
        seen.add(item.id as string);
      }
      return;
    }
    const [head, ...rest] = parts;
    if (head === '[]') {
      if (Array.isArray(node)) for (const x of node) visit(x, rest);
    } else if (isObj(node)) visit(node[head!], rest);
  };
  for (const l of lists) visit(copy, listParts(l));
  return copy as T;
}

/** Whether some item of the lists has no id, or repeats one (then assignItemIds must copy). */
function lacksIds(data: unknown, lists: readonly string[]): boolean {
  const seen = new Set<string>();
  const visit = (node: unknown, parts: string[]): boolean => {
    if (parts.length === 0) {
      if (!Array.isArray(node)) return false;
      for (const item of node) {
        if (!isObj(item)) continue;
        if (typeof item.id !== 'string' || item.id === '' || seen.has(item.id)) return true;
        seen.add(item.id);
      }
      return false;
    }
    const [head, ...rest] = parts;
    if (head === '[]') return Array.isArray(node) && node.some((x) => visit(x, rest));
    return isObj(node) && visit(node[head!], rest);
  };
  return lists.some((l) => visit(data, listParts(l)));
}

const listParts = (list: string) => list.replace(/\[\]/g, '.[]').split('.').filter(Boolean);

/** Removes the ids assignItemIds gave (for output that people read, such as an export). */
export function withoutItemIds<T>(data: T, lists: readonly string[]): T {
  const copy = structuredClone(data) as unknown;
  const visit = (node: unknown, parts: string[]): void => {
    if (parts.length === 0) {
      if (Array.isArray(node)) for (const item of node) if (isObj(item)) delete item.id;
      return;
    }
    const [head, ...rest] = parts;
    if (head === '[]') {
      if (Array.isArray(node)) for (const x of node) visit(x, rest);
    } else if (isObj(node)) visit(node[head!], rest);
  };
  for (const l of lists) visit(copy, listParts(l));
  return copy as T;
}
