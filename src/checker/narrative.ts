/**
 * Counts in the narrative: the same thing counted in two places ("工会联合会 157 家" and "156 家"),
 * an exact count against a rounded one ("594,113 人" and "60 多万人"), a count against its own
 * breakdown ("156 家（其中 92 家、50 家、6 家、8 家）"), and a count against the items it lists
 * ("思想引领、素质提升、队伍壮大四个方面").
 */
import { Decimal } from '../core/decimal.ts';
import type { Finding, Passed } from '../core/checks/types.ts';
import {
  CONTEXT_CHARS,
  lineAt,
  placeLabel,
  sectionLabel,
  type Paragraph,
  type ReportDocument,
} from './document.ts';
import { approxRange, chineseNumber, type Range } from './numbers.ts';

interface Count {
  subject: string;
  exact?: Decimal;
  range?: Range;
  raw: string;
  line: number;
  where: string;
  section: string;
  /** The year its sentence names before it, and whether it counts new ones or the running total. */
  year?: string;
  flow: '' | 'new' | 'cum';
}

const NUMERAL = '[一二两三四五六七八九十百千]';
const COUNT = new RegExp(
  `(近)?(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?|${NUMERAL}+)?\\s*(多|余)?\\s*(万|亿)?\\s*(多|余)?\\s*(人次|家|个|人|名|项|件|篇|所|座)`,
  'g',
);
const VERBS =
  /^(涵盖|覆盖|组建|创建|建成|累计|先后|吸纳|建设|新建|包括|其中|共有|共计|共|达到|拥有|吸引了?|服务|培养|发掘|扩大到|惠及|截至目前|目前)/;
const MODIFIERS = /^(多层次|各类|各级)/;
/** Subjects too general to tell one count from another. */
const GENERIC = /^(项目|活动|职工|企业|单位|人员|群众|会员|人次|工作|基层单位)$/;
const STOP = /[，,。；;：:、（）()！？\s“”"‘’]/;
const NUMERAL_CHAR = new RegExp(NUMERAL);

function subjectOf(text: string, start: number, end: number): string | null {
  let after = '';
  for (let i = end; i < text.length && after.length < 16; i++) {
    const ch = text[i]!;
    if (/[“”"‘’]/.test(ch)) continue;
    if (STOP.test(ch) || NUMERAL_CHAR.test(ch) || /\d/.test(ch)) break;
    after += ch;
  }
  if (after) {
    const s = after.replace(MODIFIERS, '');
    return s.length >= 4 && !GENERIC.test(s) ? s : null;
  }
  let before = '';
  for (let i = start - 1; i >= 0 && before.length < 16; i--) {
    const ch = text[i]!;
    if (/[“”"‘’\s]/.test(ch)) continue;
    if (STOP.test(ch) || /\d/.test(ch)) break;
    before = ch + before;
  }
  let s = before;
  for (let k = 0; k < 3; k++) s = s.replace(VERBS, '');
  s = s.replace(MODIFIERS, '');
  return s.length >= 4 && !GENERIC.test(s) ? s : null;
}

function collectCounts(doc: ReportDocument): Count[] {
  const out: Count[] = [];
  for (const b of doc.blocks) {
    if (b.kind !== 'para' || b.heading) continue;
    const text = b.text;
    // Where the sentence around each count starts: the last 。 or ； before it, found moving forward
    // with the matches (searching back from each match was quadratic in a paragraph without full stops).
    let sentenceStart = 0;
    let scanned = 0;
    for (const m of text.matchAll(COUNT)) {
      const [whole, near, num, more1, mag, more2] = m;
      if (!num && !mag) continue;
      const start = m.index!;
      const end = start + whole.length;
      if (/[\d.,]/.test(text[start - 1] ?? '')) continue;
      if (/^\s*(以上|以下|以内|、)/.test(text.slice(end, end + 64))) continue;
      if (/、\s*$/.test(text.slice(Math.max(0, start - 2), start))) continue;
      if (/(不少于|不超过|超过|至少|约|数)$/.test(text.slice(Math.max(0, start - 3), start))) continue;
      const subject = subjectOf(text, start, end);
      if (!subject) continue;
      const printed = whole.replace(/\s+/g, '');
      let exact: Decimal | undefined;
      let range: Range | undefined;
      if (near || more1 || more2) {
        const r = approxRange(printed.replace(/(人次|家|个|人|名|项|件|篇|所|座)$/, ''));
        if (!r) continue;
        range = r;
      } else {
        const base = num ? (/^\d/.test(num) ? new Decimal(num.replace(/,/g, '')) : chineseNumber(num)) : 1;
        if (base === null) continue;
        exact = new Decimal(base).times(mag === '万' ? 10000 : mag === '亿' ? 100000000 : 1);
      }
      const line = lineAt(b, start);
      for (; scanned < start; scanned++) {
        const ch = text[scanned];
        if (ch === '。' || ch === '；') sentenceStart = scanned + 1;
      }
      const lead = text.slice(Math.max(sentenceStart, start - CONTEXT_CHARS), start);
      const year = lead.match(/((?:19|20)\d{2})\s*年/)?.[1];
      const flow = /新增|新建|新组建|本年|今年|当年/.test(lead)
        ? 'new'
        : /累计|共计|先后/.test(lead)
          ? 'cum'
          : '';
      out.push({
        ...(year ? { year } : {}),
        flow,
        subject,
        ...(exact ? { exact } : {}),
        ...(range ? { range } : {}),
        raw: printed,
        line,
        where: `${placeLabel(doc.source, line)}（正文）`,
        section: sectionLabel(b.section),
      });
    }
  }
  return out;
}

function show(c: Count): string {
  return `“${c.subject}${c.raw}”`;
}

function agree(a: Count, b: Count): boolean {
  if (a.exact && b.exact) return a.exact.equals(b.exact);
  if (a.exact && b.range) return a.exact.greaterThanOrEqualTo(b.range.lo) && a.exact.lessThan(b.range.hi);
  if (a.range && b.exact) return agree(b, a);
  return a.range!.lo.lessThan(b.range!.hi) && b.range!.lo.lessThan(a.range!.hi);
}

export function checkNarrativeCounts(doc: ReportDocument): { findings: Finding[]; passed: Passed[] } {
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  const groups = new Map<string, Count[]>();
  for (const c of collectCounts(doc)) {
    const g = groups.get(c.subject) ?? [];
    g.push(c);
    groups.set(c.subject, g);
  }
  for (const [subject, list] of groups) {
    if (list.length < 2) continue;
    const exact = list.find((c) => c.exact);
    const ref = exact ?? list[0]!;
    for (const c of list) {
      if (c === ref) continue;
      // Counts of different years, or this year's new ones against a running total, are not the same fact.
      if (c.year !== ref.year || (c.flow && ref.flow && c.flow !== ref.flow)) continue;
      if (agree(c, ref)) {
        passed.push({
          code: 'report.count',
          path: c.where,
          message: `${subject}：${show(c)} 与 ${ref.where} ${show(ref)} 相符`,
        });
        continue;
      }
      const approx = !!(c.range || ref.range);
      findings.push({
        code: approx ? 'report.countApprox' : 'report.count',
        severity: approx ? 'warning' : 'error',
        path: c.where,
        message: approx
          ? `同一数目前后说法不符：此处写${show(c)}，${ref.where} 写${show(ref)}${ref.exact && c.range ? `，${ref.exact.toString()} 不在“${c.range.text}”的范围（${c.range.lo.toString()}～${c.range.hi.toString()}）内` : ''}`
          : `同一数目前后不一：此处写${show(c)}，${ref.where} 写${show(ref)}`,
        stated: c.raw,
        expected: ref.raw,
        location: { line: c.line, section: c.section },
      });
    }
  }
  return { findings, passed };
}

// ---------------------------------------------------------------------------------------------
// Breakdowns and enumerations

interface Enumeration {
  items: string[];
  count: number;
  noun: string;
  line: number;
  where: string;
  section: string;
  raw: string;
}

function splitItems(list: string): string[] {
  const parts = list.split('、').map((s) => s.trim());
  const last = parts.pop() ?? '';
  const tail = last.split(/和|及|与/).filter(Boolean);
  return [...parts, ...(tail.length === 2 && parts.length ? tail : [last])].map((s) =>
    s.replace(/[“”"‘’]/g, ''),
  );
}

const CLAUSE_MARK = /[，,。；;：:（(！？]/;

function numberOf(s: string): number | null {
  return /^\d+$/.test(s) ? Number(s) : chineseNumber(s);
}

export function checkBreakdowns(doc: ReportDocument): { findings: Finding[]; passed: Passed[] } {
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  const enums: Enumeration[] = [];
  for (const b of doc.blocks) {
    if (b.kind !== 'para' || b.heading) continue;
    const p: Paragraph = b;
    const text = p.text;
    const at = (i: number) => ({ line: lineAt(p, i), section: sectionLabel(p.section) });
    // N 家（其中 A n1 家、B n2 家…）
    for (const m of text.matchAll(/(\d+)\s*(家|个|人|名|项|件)[（(]其中([^）)]+)[）)]/g)) {
      const total = Number(m[1]);
      if (/等/.test(m[3]!)) continue;
      const parts = [...m[3]!.matchAll(/(\d+)\s*(家|个|人|名|项|件)/g)].map((x) => Number(x[1]));
      if (parts.length < 2) continue;
      const s = parts.reduce((a, x) => a + x, 0);
      const { line, section } = at(m.index!);
      const where = `${placeLabel(doc.source, line)}（正文）`;
      if (s === total)
        passed.push({
          code: 'report.breakdown',
          path: where,
          message: `${total}${m[2]} = ${parts.join(' + ')}（其中各项相加）`,
        });
      else
        findings.push({
          code: 'report.breakdown',
          severity: 'error',
          path: where,
          message: `写共 ${total}${m[2]}，其中各项 ${parts.join(' + ')} = ${s}${m[2]}，不相等`,
          stated: String(total),
          expected: String(s),
          tolerance: '0',
          location: { line, section },
        });
    }
    // A、B、C 三个项目 / 三大主题
    const countRe = new RegExp(
      `(\\d+|${NUMERAL}+)\\s*(个|大|项|类|种|条|级|方面)([^，。；、（）]{0,6})`,
      'g',
    );
    let marked = 0;
    let lastMark = -1;
    for (const m of text.matchAll(countRe)) {
      const n = numberOf(m[1]!);
      if (n === null || n < 2 || /[“"‘]/.test(text[m.index! - 1] ?? '')) continue;
      let j = m.index! - 1;
      while (j >= 0 && /[”"’\s]/.test(text[j]!)) j--;
      // The list runs back to the last clause mark before it (kept while moving forward: scanning back
      // from each count was quadratic in a paragraph without such marks).
      for (; marked <= j; marked++) if (CLAUSE_MARK.test(text[marked]!)) lastMark = marked;
      let k = j < 0 ? -1 : lastMark;
      if (k > j) {
        k = j;
        while (k >= 0 && !CLAUSE_MARK.test(text[k]!)) k--;
      }
      const list = text.slice(k + 1, j + 1);
      if (!list.includes('、') || /等$|等[^、]*$/.test(list)) continue;
      const items = splitItems(list).filter(Boolean);
      // “优的 5 个、良的 4 个”: a breakdown of counts, not a list of names.
      if (items.length < 2 || items.some((x) => /\d\s*(个|大|项|类|种|条|级|方面)/.test(x))) continue;
      const { line, section } = at(m.index!);
      const where = `${placeLabel(doc.source, line)}（正文）`;
      const noun = `${m[2] === '个' || m[2] === '项' ? '' : m[2]}${m[3]!.replace(/[“”"]/g, '')}`;
      const raw = `${list}${text.slice(j + 1, m.index!)}${m[0]}`;
      enums.push({ items, count: n, noun, line, where, section, raw });
      if (items.length === n)
        passed.push({
          code: 'report.enumeration',
          path: where,
          message: `列举 ${items.length} 项，与“${m[1]}${m[2]}”相符：${items.join('、')}`,
        });
      else
        findings.push({
          code: 'report.enumeration',
          severity: 'warning',
          path: where,
          message: `写“${m[1]}${m[2]}${m[3]}”，实际列出 ${items.length} 项：${items.join('、')}`,
          stated: String(n),
          expected: String(items.length),
          location: { line, section },
        });
    }
  }
  // The same list counted differently in two places. Each list is compared with the lists before it
  // that share an item's last character (two items where one ends the other end alike), and a list
  // written the same way as an earlier one (same count, same items) is compared only through that one:
  // a report that repeats one list n times gives n − 1 comparisons, not n².
  const same = (a: string, b: string) => a.endsWith(b) || b.endsWith(a);
  const byTail = new Map<string, number[]>();
  const firstOfKind = new Map<string, number>();
  for (let k = 0; k < enums.length; k++) {
    const b = enums[k]!;
    const kind = `${b.noun}\u0000${b.count}\u0000${b.items.join('、')}`;
    const firstSame = firstOfKind.get(kind);
    const candidates = new Set<number>();
    if (firstSame !== undefined) candidates.add(firstSame);
    else {
      for (const x of b.items)
        for (const i of byTail.get(`${b.noun}\u0000${x.slice(-1)}`) ?? []) candidates.add(i);
      firstOfKind.set(kind, k);
      for (const x of new Set(b.items.map((y) => y.slice(-1)))) {
        const key = `${b.noun}\u0000${x}`;
        const list = byTail.get(key);
        if (list) list.push(k);
        else byTail.set(key, [k]);
      }
    }
    for (const i of [...candidates].sort((x, y) => x - y)) {
      const a = enums[i]!;
      const shared = a.items.filter((x) => b.items.some((y) => same(x, y))).length;
      if (shared < 2) continue;
      if (a.count === b.count && a.items.length === b.items.length) {
        passed.push({
          code: 'report.enumerationRepeated',
          path: b.where,
          message: `与 ${a.where} 列举一致（${a.count} 项）`,
        });
        continue;
      }
      findings.push({
        code: 'report.enumerationRepeated',
        severity: 'error',
        path: b.where,
        message: `同一事项前后数目不一：此处“${b.raw}”（${b.count} 项），${a.where}“${a.raw}”（${a.count} 项）`,
        stated: String(b.count),
        expected: String(a.count),
        location: { line: b.line, section: b.section },
      });
    }
  }
  return { findings, passed };
}
