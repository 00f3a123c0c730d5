/**
 * Field-level differences between two JSON values, as the audit records them: one entry per leaf
 * path that changed ("execution.quarterlyCumulative[1]", "targets[3].target").
 */
export interface Change {
  path: string;
  oldValue: unknown;
  newValue: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function diff(before: unknown, after: unknown, path = ''): Change[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: Change[] = [];
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) out.push(...diff(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  if (isObject(before) && isObject(after)) {
    const out: Change[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of keys) out.push(...diff(before[k], after[k], path ? `${path}.${k}` : k));
    return out;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '（全部）', oldValue: before, newValue: after }];
}
