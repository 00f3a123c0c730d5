/**
 * The target-value parser (指标值解析): a declared target value as written — “≥10 项”, “>160 人次”,
 * “100%准确”, “≤75 万元”, “2023 年 6 月 1 日—2023 年 12 月 31 日”, “每月及时发放”, “有所提高 100%” — and
 * the actual value recorded beside it, turned into operator, value, unit, qualifier, date range or
 * qualitative grade. Whether a target is quantitative (定量) follows from the parse, by rule.
 *
 * Rules (docs/targets.md has the table):
 * - a date, or two dates joined by —/–/-/~/至/到, is a date range (quantitative);
 * - otherwise a figure is a quantity: the operator before it (≥ > ≤ < =, >=, 不低于, 不超过 …) or after
 *   it (以上, 以内 …); the unit right after it (项, 人次, 万元, % …); every other word is the qualifier;
 * - a text with no figure is qualitative (定性); its grade word (及时, 有效, 提高 …) is kept.
 * - With no operator written the operator is implied: ≤ for a cost target (成本指标), = otherwise
 *   (and = scores like ≥, see score.ts).
 */
import { daysInMonth } from '../calendar.ts';
import { Decimal } from '../decimal.ts';

/** Comparison operators, ASCII as the framework conditions write them. */
export type TargetOp = '>=' | '>' | '<=' | '<' | '=';

export const OP_SYMBOL: Record<TargetOp, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

export interface QuantityParse {
  kind: 'quantity';
  op: TargetOp;
  /** True when no operator was written and it was implied (see module comment). */
  opImplied: boolean;
  /** The figure as a normalized decimal string, in `unit` (a percentage is 95 with unit “%”). */
  value: string;
  unit: string | null;
  /** Words around the figure that are neither operator nor unit: 准确, 合格, 及时, 有所提高 … */
  qualifier: string | null;
  /** Parse remarks, e.g. a second figure that was not used. */
  notes: string[];
}

export interface DateRangeParse {
  kind: 'dateRange';
  /** ISO dates (YYYY-MM-DD); a deadline (“……前”) has no `from`. */
  from: string | null;
  to: string | null;
  qualifier: string | null;
  notes: string[];
}

export interface QualitativeParse {
  kind: 'qualitative';
  /** The grade word found (及时, 有效, 提高, 良好 …), if any. */
  grade: string | null;
  qualifier: string;
  notes: string[];
}

export type TargetParse = QuantityParse | DateRangeParse | QualitativeParse;

export interface ParseOptions {
  /** The target's category (成本指标 implies ≤ when no operator is written). */
  category?: string | undefined;
  /** The year, for dates written without one (“12 月底前”). */
  year?: number | undefined;
}

/** Full-width forms and spaces removed; the text as compared and matched. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[＞]/g, '>')
    .replace(/[＜]/g, '<')
    .replace(/[＝]/g, '=')
    .replace(/[≧]/g, '≥')
    .replace(/[≦]/g, '≤')
    .replace(/[％]/g, '%')
    .replace(/[，]/g, ',')
    .replace(/[．]/g, '.')
    .replace(/\s+/g, '');
}

const PREFIX_OPS: [RegExp, TargetOp][] = [
  [/(≥|>=|=>|不低于|不少于|不小于|至少|达到|大于等于|大于或等于)$/, '>='],
  [/(≤|<=|=<|不高于|不超过|不多于|不大于|最多|小于等于|小于或等于|控制在)$/, '<='],
  [/(>|大于|高于|超过|多于)$/, '>'],
  [/(<|小于|低于|少于)$/, '<'],
  [/(=|等于|为)$/, '='],
];
const SUFFIX_OPS: [RegExp, TargetOp][] = [
  [/^(以上|及以上|或以上)/, '>='],
  [/^(以内|以下|及以下|或以下)/, '<='],
];

/** Units, longest first so 人次 wins over 人 and 万元 over 元. */
const UNITS = [
  '个百分点',
  '平方米',
  '万元',
  '亿元',
  '千元',
  '人次',
  '户次',
  '万人',
  '公里',
  '千米',
  '小时',
  '工作日',
  '元',
  '次',
  '人',
  '名',
  '位',
  '个',
  '项',
  '台',
  '套',
  '件',
  '场',
  '家',
  '户',
  '篇',
  '期',
  '批',
  '份',
  '本',
  '辆',
  '所',
  '座',
  '处',
  '条',
  '部',
  '张',
  '支',
  '株',
  '棵',
  '亩',
  '㎡',
  '米',
  '吨',
  '天',
  '日',
  '周',
  '月',
  '年',
  '分',
  '起',
  '例',
  '宗',
  '%',
  '‰',
];

/** Grade words of a qualitative target value, most specific first. */
const GRADE_WORDS = [
  '优秀',
  '优良',
  '良好',
  '较好',
  '显著',
  '明显',
  '有所提高',
  '有所提升',
  '提高',
  '提升',
  '改善',
  '增强',
  '有效',
  '及时',
  '按时',
  '合格',
  '达标',
  '规范',
  '稳定',
  '完成',
  '满意',
  '落实',
  '到位',
];

const DATE_FULL = /(\d{4})(?:年(\d{1,2})月(?:(\d{1,2})日|底|末)?|[-/.](\d{1,2})[-/.](\d{1,2}))/g;
const DATE_MONTH = /(?<!\d)(\d{1,2})月(?:(\d{1,2})日|底|末)/g;
const RANGE_SEP = /^(—|–|－|-|~|～|至|到)+$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDay(year: number, month: number): number {
  return daysInMonth(year, month);
}

/** A valid ISO date from parts; a month alone means its last day; null if not a real date. */
function isoDate(year: number, month: number, day: number | null): string | null {
  if (month < 1 || month > 12) return null;
  const d = day ?? lastDay(year, month);
  if (d < 1 || d > lastDay(year, month)) return null;
  return `${year}-${pad(month)}-${pad(d)}`;
}

interface DateHit {
  iso: string;
  start: number;
  end: number;
}

function findDates(t: string, year: number | undefined): DateHit[] {
  const hits: DateHit[] = [];
  for (const m of t.matchAll(DATE_FULL)) {
    const y = Number(m[1]);
    const month = Number(m[2] ?? m[4]);
    const dayText = m[3] ?? m[5];
    if (!m[2] && !m[4]) continue;
    const iso = isoDate(y, month, dayText === undefined ? null : Number(dayText));
    if (iso) hits.push({ iso, start: m.index!, end: m.index! + m[0].length });
  }
  if (year !== undefined) {
    for (const m of t.matchAll(DATE_MONTH)) {
      const start = m.index!;
      if (hits.some((h) => start >= h.start && start < h.end)) continue;
      const iso = isoDate(year, Number(m[1]), m[2] === undefined ? null : Number(m[2]));
      if (iso) hits.push({ iso, start, end: start + m[0].length });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

function cleanQualifier(s: string): string | null {
  const q = s.replace(/^[,，、;；:：]+|[,，、;；:：。]+$/g, '');
  return q.length ? q : null;
}

function parseDates(t: string, hits: DateHit[]): DateRangeParse | null {
  const notes: string[] = [];
  const before = t.slice(0, hits[0]!.start);
  if (hits.length >= 2) {
    const between = t.slice(hits[0]!.end, hits[1]!.start);
    if (!RANGE_SEP.test(between)) return null;
    const after = t.slice(hits[1]!.end);
    if (hits.length > 2) notes.push('含两个以上日期，只取前两个作为起止日期');
    const [from, to] = [hits[0]!.iso, hits[1]!.iso];
    if (from > to) notes.push('起始日期晚于截止日期');
    return { kind: 'dateRange', from, to, qualifier: cleanQualifier(before + after), notes };
  }
  const after = t.slice(hits[0]!.end);
  const iso = hits[0]!.iso;
  const deadline = after.match(/^(之前|以前|前|止|截止)/);
  if (deadline)
    return {
      kind: 'dateRange',
      from: null,
      to: iso,
      qualifier: cleanQualifier(before + after.slice(deadline[0].length)),
      notes,
    };
  const start = after.match(/^(之后|以后|后|起|开始)/);
  if (start)
    return {
      kind: 'dateRange',
      from: iso,
      to: null,
      qualifier: cleanQualifier(before + after.slice(start[0].length)),
      notes,
    };
  return { kind: 'dateRange', from: iso, to: iso, qualifier: cleanQualifier(before + after), notes };
}

const NUMBER = /\d[\d,]*(?:\.\d+)?|\.\d+/;

function parseQuantity(t: string, opts: ParseOptions): QuantityParse | null {
  const m = NUMBER.exec(t);
  if (!m) return null;
  const notes: string[] = [];
  const numText = m[0].replace(/,/g, '');
  let pre = t.slice(0, m.index);
  let post = t.slice(m.index + m[0].length);
  let op: TargetOp | null = null;
  for (const [re, o] of PREFIX_OPS) {
    const hit = pre.match(re);
    if (hit) {
      op = o;
      pre = pre.slice(0, pre.length - hit[0].length);
      break;
    }
  }
  let unit: string | null = null;
  for (const u of UNITS) {
    if (post.startsWith(u)) {
      unit = u;
      post = post.slice(u.length);
      break;
    }
  }
  for (const [re, o] of SUFFIX_OPS) {
    const hit = post.match(re);
    if (hit) {
      if (op && op !== o) notes.push(`前后比较词不一致，取“${hit[0]}”`);
      op = o;
      post = post.slice(hit[0].length);
      break;
    }
  }
  if (NUMBER.test(post) || NUMBER.test(pre)) notes.push('含多个数字，只取第一个作为指标值');
  const opImplied = op === null;
  if (op === null) op = opts.category === '成本指标' ? '<=' : '=';
  return {
    kind: 'quantity',
    op,
    opImplied,
    value: new Decimal(numText.startsWith('.') ? `0${numText}` : numText).toString(),
    unit,
    qualifier: cleanQualifier(pre + post),
    notes,
  };
}

function gradeOf(t: string): string | null {
  return GRADE_WORDS.find((w) => t.includes(w)) ?? null;
}

/**
 * Whether a target value is written with a figure (an ASCII or full-width digit): exactly the texts
 * parseTargetText reads as a quantity or a date range. Every date form needs a digit, and a text with a
 * digit that is no date range is a quantity (NUMBER finds the digit once normalizeText has turned
 * full-width digits into ASCII), so the kind follows from this test alone — without parsing, since
 * counting quantitative targets runs for every department scored (test/targets/parse.test.ts checks it
 * against the parse).
 */
export function hasFigure(text: string): boolean {
  return FIGURE.test(text);
}
const FIGURE = /[0-9\uFF10-\uFF19]/;

/** Parses a target value as written. Never throws; an empty text is qualitative with no grade. */
export function parseTargetText(text: string, opts: ParseOptions = {}): TargetParse {
  const t = normalizeText(text);
  const dates = findDates(t, opts.year);
  if (dates.length) {
    const d = parseDates(t, dates);
    if (d) return d;
  }
  const q = parseQuantity(t, opts);
  if (q) return q;
  return { kind: 'qualitative', grade: gradeOf(t), qualifier: t, notes: [] };
}

/** The parse shown as one line of Chinese: “≥ 10 项”, “2023-06-01 至 2023-12-31”, “定性：及时”. */
export function describeParse(p: TargetParse): string {
  switch (p.kind) {
    case 'quantity':
      return `${OP_SYMBOL[p.op]}${p.opImplied ? '（隐含）' : ''} ${p.value}${p.unit ? ` ${p.unit}` : ''}${p.qualifier ? `（${p.qualifier}）` : ''}`;
    case 'dateRange':
      return p.from && p.to
        ? p.from === p.to
          ? `日期 ${p.from}`
          : `${p.from} 至 ${p.to}`
        : p.to
          ? `${p.to} 前`
          : `${p.from} 起`;
    case 'qualitative':
      return `定性${p.grade ? `：${p.grade}` : ''}`;
  }
}

/** An actual value (实际完成值) as recorded. */
export type ActualParse =
  | { kind: 'number'; value: string; unit: string | null; qualifier: string | null }
  | { kind: 'date'; from: string; to: string }
  | { kind: 'text'; text: string; affirmative: boolean };

const AFFIRMATIVE =
  /^(是|已完成|完成|全部完成|达成|已达成|已实现|实现|达到|已达到|及时|按时|均按时|已落实|落实|到位|合格|有效|良好|满意|√|y|yes|true)$/i;

/** Parses an actual value; null for an empty text. */
export function parseActualText(text: string, opts: ParseOptions = {}): ActualParse | null {
  const t = normalizeText(text);
  if (!t) return null;
  const dates = findDates(t, opts.year);
  if (dates.length) {
    const d = parseDates(t, dates);
    if (d) return { kind: 'date', from: d.from ?? d.to!, to: d.to ?? d.from! };
  }
  const q = parseQuantity(t, {});
  if (q && q.opImplied) return { kind: 'number', value: q.value, unit: q.unit, qualifier: q.qualifier };
  if (q) return { kind: 'text', text: t, affirmative: false };
  return { kind: 'text', text: t, affirmative: AFFIRMATIVE.test(t) };
}

/** Conversion factors into a common unit, for units that are the same quantity at another scale. */
const UNIT_SCALE: Record<string, [string, string]> = {
  元: ['万元', '0.0001'],
  千元: ['万元', '0.1'],
  万元: ['万元', '1'],
  亿元: ['万元', '10000'],
};

/**
 * The actual's value in the target's unit, or null with the reason when the units differ.
 * An actual written without a unit is taken to be in the target's unit.
 */
export function inTargetUnit(
  actual: { value: string; unit: string | null },
  targetUnit: string | null,
): { value: Decimal } | { error: string } {
  const v = new Decimal(actual.value);
  if (!actual.unit || !targetUnit || actual.unit === targetUnit) {
    if (actual.unit && !targetUnit) return { error: `实际值单位“${actual.unit}”，指标值未写单位` };
    return { value: v };
  }
  const a = UNIT_SCALE[actual.unit];
  const b = UNIT_SCALE[targetUnit];
  if (a && b && a[0] === b[0]) return { value: v.times(a[1]).dividedBy(b[1]) };
  return { error: `实际值单位“${actual.unit}”与指标值单位“${targetUnit}”不一致` };
}
