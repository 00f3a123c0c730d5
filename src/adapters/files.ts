/**
 * Reading datasets and frameworks from YAML or JSON files. YAML is read with the failsafe schema, so
 * every scalar arrives as text and the schemas parse numbers exactly (523.07 never becomes a float).
 * Errors are values with the file, line and field path, in Chinese.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { parseDataset, type FieldError, type ParseResult } from '../core/dataset/parse.ts';
import type { Dataset } from '../core/dataset/schema.ts';
import { parseFramework } from '../core/framework/validate.ts';
import type { Framework } from '../core/framework/schema.ts';
import { decodeText, readBounded } from './text.ts';

export const FRAMEWORKS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../frameworks');
/** Files larger than this are refused before they are read: a dataset is a few hundred kB at most. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/**
 * What a file may hold once its YAML aliases are expanded (text characters, one per key and item at
 * least): the same as a file may hold written out. An alias repeats its anchor's whole content, so a
 * few aliases of a large anchor can otherwise make a small file into gigabytes of report.
 */
export const MAX_EXPANDED_CHARS = MAX_FILE_BYTES;

const ABSENT = new Set(['', '~', 'null', 'Null', 'NULL']);

/** Drops keys whose value is empty (YAML `key:` or `~`), so optional fields may be left blank. */
function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropEmpty);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string' && ABSENT.has(x.trim())) continue;
      out[k] = dropEmpty(x);
    }
    return out;
  }
  return v;
}

/** Parses YAML or JSON text (JSON is read as YAML too, keeping numbers as text). */
export function parseDataText(text: string, file = '输入'): ParseResult<unknown> {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return { ok: false, errors: [{ path: file, message: '文件为空' }] };
  try {
    const value = parseYaml(body, {
      schema: 'failsafe',
      maxAliasCount: 100,
      uniqueKeys: true,
      prettyErrors: true,
      logLevel: 'error',
    });
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return {
        ok: false,
        errors: [
          { path: file, message: '文件内容应为一组字段（YAML 映射或 JSON 对象），而不是单个值或列表' },
        ],
      };
    }
    if (expandedSize(value, MAX_EXPANDED_CHARS) > MAX_EXPANDED_CHARS) {
      return {
        ok: false,
        errors: [
          {
            path: file,
            message: `不是有效的数据文件：YAML 别名展开后内容过大（超过 ${MAX_EXPANDED_CHARS / 1048576} MB，疑似恶意文件）`,
          },
        ],
      };
    }
    return { ok: true, value: dropEmpty(value) };
  } catch (e) {
    if (isTooDeep(e)) {
      return {
        ok: false,
        errors: [{ path: file, message: '不是有效的数据文件：嵌套层数过深（疑似恶意文件）' }],
      };
    }
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      const where = pos ? `第 ${pos.line} 行第 ${pos.col} 列` : '';
      const first = e.message.split('\n')[0];
      return {
        ok: false,
        errors: [
          {
            path: file,
            message: `不是有效的 YAML/JSON：${where}${where ? '，' : ''}${yamlReason(e.code)}（${first}）`,
          },
        ],
      };
    }
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      return {
        ok: false,
        errors: [{ path: file, message: '不是有效的数据文件：YAML 别名展开过多（疑似恶意文件）' }],
      };
    }
    if (e instanceof RangeError) {
      return { ok: false, errors: [{ path: file, message: '不是有效的数据文件：嵌套层次过深' }] };
    }
    throw e;
  }
}

/**
 * The size of a parsed value as if every alias were written out: characters of text and keys, at least
 * one per node. Stops counting past `limit`, so the walk itself is bounded however much sharing there is.
 */
function expandedSize(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length && size <= limit) {
    const v = stack.pop();
    size += 1;
    if (typeof v === 'string') size += v.length;
    else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        size += k.length;
        stack.push(x);
      }
  }
  return size;
}

/** A stack overflow while reading: the text nests deeper than any dataset does. */
function isTooDeep(e: unknown): boolean {
  return (
    (e instanceof RangeError || e instanceof YAMLParseError) &&
    /Maximum call stack size exceeded/.test((e as Error).message)
  );
}

function yamlReason(code: string): string {
  const reasons: Record<string, string> = {
    DUPLICATE_KEY: '字段重复',
    BAD_INDENT: '缩进不正确',
    MISSING_CHAR: '缺少括号或引号',
    UNEXPECTED_TOKEN: '出现了不应有的符号',
    BLOCK_AS_IMPLICIT_KEY: '缩进或冒号位置不正确',
    MULTILINE_IMPLICIT_KEY: '字段名跨行',
    TAB_AS_INDENT: '不能用 Tab 缩进',
    ALIAS_PROPS: '别名使用不正确',
    RESOURCE_EXHAUSTION: '别名展开过多（疑似恶意文件）',
  };
  return reasons[code] ?? '格式错误';
}

export function readDataFile(path: string): ParseResult<unknown> {
  const read = readBounded(path, MAX_FILE_BYTES);
  if (!read.ok) return { ok: false, errors: [{ path, message: read.message }] };
  const decoded = decodeText(read.bytes);
  if (!decoded)
    return {
      ok: false,
      errors: [
        {
          path,
          message: '不是文本文件，或编码无法识别（应为 YAML 或 JSON 文本，编码 UTF-8、GB18030 或 UTF-16）',
        },
      ],
    };
  return parseDataText(decoded.text, path);
}

function withFile(errors: FieldError[], file: string): FieldError[] {
  return errors.map((e) => (e.path === file ? e : { ...e, path: `${basename(file)}: ${e.path}` }));
}

export function loadDataset(path: string): ParseResult<Dataset> {
  const raw = readDataFile(path);
  if (!raw.ok) return raw;
  const r = parseDataset(raw.value);
  return r.ok ? r : { ok: false, errors: withFile(r.errors, path) };
}

export interface FrameworkInfo {
  id: string;
  name: string;
  file: string;
  scope: string;
  year?: number | undefined;
}

let defaultId: string | undefined;

/**
 * The built-in framework used when neither the command nor the dataset names one: the one whose file
 * says `default: true` (exactly one must). Read once; only the YAML is read, not the whole framework.
 */
export function defaultFrameworkId(): string {
  if (defaultId !== undefined) return defaultId;
  const flagged = readdirSync(FRAMEWORKS_DIR)
    .filter((f) => ['.yaml', '.yml', '.json'].includes(extname(f)))
    .sort()
    .flatMap((f) => {
      const raw = readDataFile(join(FRAMEWORKS_DIR, f));
      if (!raw.ok || typeof raw.value !== 'object' || raw.value === null) return [];
      const v = raw.value as { id?: unknown; default?: unknown };
      return (v.default === true || v.default === 'true') && typeof v.id === 'string' ? [v.id] : [];
    });
  if (flagged.length !== 1)
    throw new Error(
      `内置框架（${FRAMEWORKS_DIR}）中应恰有一个写明 default: true，现有 ${flagged.length} 个${flagged.length ? `：${flagged.join('、')}` : ''}`,
    );
  return (defaultId = flagged[0]!);
}

export function listFrameworks(): FrameworkInfo[] {
  return readdirSync(FRAMEWORKS_DIR)
    .filter((f) => ['.yaml', '.yml', '.json'].includes(extname(f)))
    .sort()
    .flatMap((f) => {
      const r = loadFrameworkFile(join(FRAMEWORKS_DIR, f));
      return r.ok
        ? [
            {
              id: r.value.id,
              name: r.value.name,
              file: join(FRAMEWORKS_DIR, f),
              scope: r.value.scope,
              year: r.value.year,
            },
          ]
        : [];
    });
}

/**
 * The built-in frameworks parsed to JSON at build time (scripts/build.mjs writes dist/frameworks/<file>.json
 * beside dist/adapters/): the installed CLI skips parsing their YAML (≈ 80 ms of every `jixiao score`).
 * Each carries the SHA-256 of the YAML it came from and is used only while that still matches; a
 * checkout has no such folder and parses the YAML.
 */
export const PREPARSED_FRAMEWORKS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../frameworks');

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function preparsed(path: string): unknown {
  if (resolve(dirname(path)) !== FRAMEWORKS_DIR) return undefined;
  let stored: { sha256: string; data: unknown };
  try {
    stored = JSON.parse(readFileSync(join(PREPARSED_FRAMEWORKS_DIR, `${basename(path)}.json`), 'utf8'));
  } catch {
    return undefined;
  }
  return stored.sha256 === sha256(readFileSync(path)) ? stored.data : undefined;
}

export function loadFrameworkFile(path: string): ParseResult<Framework> {
  const ready = preparsed(path);
  const raw: ParseResult<unknown> = ready === undefined ? readDataFile(path) : { ok: true, value: ready };
  if (!raw.ok) return raw;
  const r = parseFramework(raw.value);
  return r.ok ? r : { ok: false, errors: withFile(r.errors, path) };
}

/** A built-in framework's id (lower-case letters, digits, hyphens), as opposed to a framework file's path. */
const isFrameworkId = (idOrPath: string) => /^[a-z0-9-]+$/.test(idOrPath);

/**
 * The framework a dataset file names (its `framework:` field), as loadFramework takes it: a built-in id
 * as written, a file path resolved from the dataset file's folder (not the current folder).
 */
export function datasetFrameworkRef(datasetPath: string, ref: string): string {
  return isFrameworkId(ref) ? ref : resolve(dirname(datasetPath), ref);
}

/** A built-in framework by id, or a framework file by path. */
export function loadFramework(idOrPath: string): ParseResult<Framework> {
  if (isFrameworkId(idOrPath)) {
    for (const ext of ['.yaml', '.yml', '.json']) {
      const p = join(FRAMEWORKS_DIR, idOrPath + ext);
      try {
        statSync(p);
        return loadFrameworkFile(p);
      } catch {
        /* try the next extension */
      }
    }
    const known = readdirSync(FRAMEWORKS_DIR).map((f) => f.replace(/\.(ya?ml|json)$/, ''));
    return {
      ok: false,
      errors: [
        {
          path: idOrPath,
          message: `没有这个指标体系框架；可用的有：${known.join('、')}，或给出框架文件路径`,
        },
      ],
    };
  }
  return loadFrameworkFile(idOrPath);
}
