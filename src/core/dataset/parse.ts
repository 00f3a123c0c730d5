/**
 * Validates a dataset and turns every problem into {path, message} in Chinese.
 */
import type { z } from 'zod';
import { findTextProblems } from '../text.ts';
import { datasetSchema, type Dataset } from './schema.ts';
import { upgradeDataset } from './upgrade.ts';

export interface FieldError {
  /** Field path as people write it: "budget.initial.personnel", "targets[3].target". */
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

import { ROOT_PATH } from './root-path.ts';
export { ROOT_PATH };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || ROOT_PATH;
}

/** The parse-level error map: messages for what the schema's own hints leave open. */
export function zhErrorMap(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return '缺少必填字段';
      if (iss.expected === 'object') return '应为一组字段（对象）';
      if (iss.expected === 'array') return '应为列表';
      if (iss.expected === 'string') return '应为文字';
      if (iss.expected === 'number') return '应为数字';
      if (iss.expected === 'boolean') return '应为 true/false';
      return `类型不对，应为 ${iss.expected}`;
    case 'unrecognized_keys':
      return `未知字段：${iss.keys.join('、')}（请检查拼写）`;
    case 'invalid_value':
      return `应为以下之一：${iss.values.map(String).join('、')}`;
    case 'too_small':
      return iss.origin === 'array'
        ? `至少需要 ${String(iss.minimum)} 项`
        : `不能小于 ${String(iss.minimum)}`;
    case 'too_big':
      return iss.origin === 'array' ? `最多 ${String(iss.maximum)} 项` : `不能大于 ${String(iss.maximum)}`;
    case 'invalid_union':
      return iss.input === undefined ? '缺少必填字段' : '格式不对';
    default:
      return undefined;
  }
}

export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/**
 * Refused characters (NUL, lone surrogates, U+FFFE/U+FFFF, bidi controls: see core/text.ts) anywhere
 * in the input, keys and unknown fields included, and nesting too deep to be data.
 */
export function textErrors(input: unknown): FieldError[] {
  return findTextProblems(input).map((p) => ({ path: formatPath(p.path), message: p.message }));
}

/** A schema's result with the text errors first; a path already named by them is not named twice. */
export function withTextErrors<T>(input: unknown, parse: (input: unknown) => ParseResult<T>): ParseResult<T> {
  const text = textErrors(input);
  if (text.length === 0) return parse(input);
  if (text.some((e) => e.message.startsWith('嵌套过深'))) return { ok: false, errors: text };
  const r = parse(input);
  const named = new Set(text.map((e) => e.path));
  return { ok: false, errors: [...text, ...(r.ok ? [] : r.errors.filter((e) => !named.has(e.path)))] };
}

/**
 * Validates a dataset as stored or entered: data saved by an earlier jixiao is upgraded to the current
 * format first (upgrade.ts); data from a newer jixiao is refused at `schemaVersion`.
 */
export function parseDataset(input: unknown): ParseResult<Dataset> {
  const upgraded = upgradeDataset(input);
  if (!upgraded.ok) return { ok: false, errors: [{ path: 'schemaVersion', message: upgraded.message }] };
  return withTextErrors(upgraded.value, (x) => {
    const r = datasetSchema.safeParse(x, { error: zhErrorMap });
    return r.success ? { ok: true, value: r.data } : { ok: false, errors: zodErrors(r.error) };
  });
}
