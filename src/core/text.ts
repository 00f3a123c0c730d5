/**
 * Which characters a text may carry, declared once for every entry point (dataset files, the
 * workbook, the web API) and every writer (.docx, .xlsx).
 *
 * Refused in input:
 * - what XML 1.0 cannot hold: NUL and the other C0 controls except tab, line feed and carriage
 *   return; lone surrogates (half of a UTF-16 pair); the non-characters U+FFFE and U+FFFF. A .docx or
 *   .xlsx carrying one is not well-formed, and PostgreSQL refuses NUL and lone surrogates;
 * - the bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they
 *   make a text display differently from what it says (U+202E shows “12.00” as “00.21”), which a
 *   report of figures must not allow; Chinese text never needs them. The marks U+200E, U+200F and
 *   U+061C change no order of other characters and are kept.
 *
 * The writers strip the XML-illegal ones (defence in depth: a framework file or a generated text can
 * carry them too) and keep the rest.
 */

/** Characters XML 1.0 cannot carry (with the `u` flag a surrogate class matches only lone halves). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
const REFUSED = new RegExp(`${XML_ILLEGAL.source.slice(0, -1)}${BIDI_CONTROLS.source.slice(1)}`, 'u');

/** How a refused character is named to people. */
function describe(cp: number): string {
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp === 0) return `${code}（空字符）`;
  if (cp < 0x20) return `${code}（控制字符）`;
  if (cp >= 0xd800 && cp <= 0xdfff) return `${code}（不成对的代理码元，文字编码已损坏）`;
  if (cp === 0xfffe || cp === 0xffff) return `${code}（非字符）`;
  return `${code}（双向文字控制符，会使显示顺序与实际内容不符）`;
}

/**
 * Why a text cannot be kept, in Chinese (the first refused character, where it is), or null when it
 * is fine.
 */
export function textProblem(s: string): string | null {
  const m = REFUSED.exec(s);
  if (!m) return null;
  const position = [...s.slice(0, m.index)].length + 1;
  return `含有不能保存的字符 ${describe(m[0].codePointAt(0)!)}，在第 ${position} 个字符处；请删除该字符后重试`;
}

/** The text without the characters XML cannot carry (for the .docx and .xlsx writers). */
export function xmlSafe(s: string): string {
  return s.replace(XML_ILLEGAL, '');
}

/** A copy of plain data (objects, arrays) with every string made xmlSafe; other values kept as they are. */
export function xmlSafeDeep<T>(value: T): T {
  const go = (v: unknown): unknown => {
    if (typeof v === 'string') return xmlSafe(v);
    if (Array.isArray(v)) return v.map(go);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[xmlSafe(k)] = go(x);
      return out;
    }
    return v;
  };
  return go(value) as T;
}

/** Deepest nesting of objects and arrays accepted in input (a form's data is under 10 levels deep). */
export const MAX_NESTING = 64;

export interface TextIssue {
  /** Keys from the root to the offending string or key. */
  path: (string | number)[];
  message: string;
}

/**
 * Every refused character in the strings and keys of plain data (JSON, YAML), with the path to it;
 * and nesting beyond MAX_NESTING. Iterative, so hostile nesting cannot overflow the stack.
 */
export function findTextProblems(value: unknown, limit = 50): TextIssue[] {
  // Paths are kept as links to the parent and spelled out only for a problem: most data has none.
  interface At {
    key: string | number;
    parent: At | undefined;
    depth: number;
  }
  const pathOf = (at: At | undefined): (string | number)[] => {
    const keys: (string | number)[] = [];
    for (let a = at; a; a = a.parent) keys.push(a.key);
    return keys.reverse();
  };
  const out: TextIssue[] = [];
  const stack: [unknown, At | undefined][] = [[value, undefined]];
  while (stack.length && out.length < limit) {
    const [v, at] = stack.pop()!;
    if (typeof at?.key === 'string' && REFUSED.test(at.key))
      out.push({ path: pathOf(at), message: `字段名${textProblem(at.key)!}` });
    if (typeof v === 'string') {
      if (REFUSED.test(v)) out.push({ path: pathOf(at), message: textProblem(v)! });
    } else if (v && typeof v === 'object') {
      const depth = at ? at.depth : 0;
      if (depth >= MAX_NESTING) {
        out.push({ path: pathOf(at), message: `嵌套过深（超过 ${MAX_NESTING} 层）` });
        continue;
      }
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], { key: i, parent: at, depth: depth + 1 }]);
      } else {
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--)
          stack.push([
            (v as Record<string, unknown>)[keys[i]!],
            { key: keys[i]!, parent: at, depth: depth + 1 },
          ]);
      }
    }
  }
  return out;
}

/** Nesting depth of plain data, counted without recursion; stops counting past `max`. */
export function nestingDepth(value: unknown, max = MAX_NESTING): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (d + 1 > deepest) deepest = d + 1;
    if (deepest > max) return deepest;
    for (const x of Array.isArray(v) ? v : Object.values(v))
      if (x && typeof x === 'object') stack.push([x, d + 1]);
  }
  return deepest;
}

/**
 * A string as a spreadsheet cell: one that a spreadsheet (or a CSV saved from it) could take for a
 * formula (it starts with = + - @ tab or CR, after any apostrophes) gets one more apostrophe in front,
 * as OWASP advises; XML-illegal characters are dropped. fromCellText undoes the prefix exactly.
 */
export function cellText(s: string): string {
  const t = xmlSafe(s);
  return FORMULA_START.test(t) ? `'${t}` : t;
}

/** The text a cellText cell stands for (what was typed before export). */
export function fromCellText(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

const FORMULA_START = /^'*[=+\-@\t\r]/;
