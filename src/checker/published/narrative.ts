/**
 * Sums and counts in the narrative of a published self-evaluation (the 年度总体目标 cells, notes, the
 * report's text): parts against their stated total (“共 15 个项目，其中年初 8 个、新增 8 个”; “30 + 30 +
 * 29.99 = 89.97 万元”) and counts against enumerations (“10 个直属事业单位：A、B、…” with 9 names).
 */
import { Decimal, ZERO } from '../../core/decimal.ts';
import { compare, partsResidue, publishedPlaces } from '../../core/checks/tolerance.ts';
import { chineseNumber } from '../numbers.ts';
import type { TextLine } from './grid.ts';
import { like, type CheckOut } from './checks.ts';

const NUM = String.raw`\d[\d,]*(?:\.\d+)?`;
// 万人次 before 人次: a figure in 万 is rounded like an amount, not an exact count.
const UNIT = '万元|元|万人次|万人|万户|个|家|项|人次|人|名|次|所|件|户|场';
const AMOUNT = new RegExp(`(${NUM})\\s*(${UNIT})`, 'g');
// 共 but not 公共 (“公共实训基地运行 163.20 万元” is a part, not a total).
const TOTAL_WORD = /(?:共计|合计|总计|总额为?|总数为?|共有|累计|(?<!公)共)[^，,。；;\d]{0,10}$/;
/** A part taken away: “取消 1 个”, “收回 45.00 万元”. */
const REMOVED = /取消|减少|收回|调减|核减|撤销|终止|压减|减去/;
const CN_NUM = '[零〇一二两三四五六七八九十百]+';

const value = (s: string) => new Decimal(s.replace(/,/g, '').replace('−', '-'));
/** Parts as written, taken-away ones after a minus: “12 + 3 − 1”. */
const signed = (parts: string[]) =>
  parts.map((p, i) => (i === 0 ? p : p.startsWith('−') ? `− ${p.slice(1)}` : `+ ${p}`)).join(' ');

/** Sentences, each with its closing mark (matched once through the text: a split on a lookbehind retries at every place). */
const SENTENCE = /[^。；;！!？?]+[。；;！!？?]?|[。；;！!？?]/g;

function sentences(line: TextLine): { text: string; where: string; order?: number }[] {
  return [...line.text.matchAll(SENTENCE)]
    .map((m) => ({ text: m[0], where: line.where, order: line.order }))
    .filter((s) => s.text.trim());
}

function sumCheck(s: { text: string; where: string }, out: CheckOut) {
  // “a + b + c = d” written out.
  for (const m of s.text.matchAll(new RegExp(`((?:${NUM}\\s*[+＋]\\s*)+${NUM})\\s*[=＝]\\s*(${NUM})`, 'g'))) {
    const parts = m[1]!.split(/[+＋]/).map((p) => p.trim());
    push(s, parts, m[2]!, '', out);
  }
  let end = 0;
  const amounts = [...s.text.matchAll(AMOUNT)].map((m) => {
    const a = {
      text: m[1]!,
      unit: m[2]!,
      index: m.index!,
      totalWord: TOTAL_WORD.test(s.text.slice(Math.max(0, m.index! - 12), m.index!)),
      // The words since the figure before: “取消 1 个” is taken away.
      removed: REMOVED.test(s.text.slice(end, m.index!)),
      // “全年执行 1,338.20 万元，其中 …”: the figure right before 其中 is the total of what follows.
      beforeOf: /^\s*[，,：:]?\s*其中/.test(s.text.slice(m.index! + m[0].length, m.index! + m[0].length + 4)),
    };
    end = m.index! + m[0].length;
    return a;
  });
  const total = amounts.find((a) => a.beforeOf) ?? amounts.find((a) => a.totalWord);
  if (!total) return;
  const same = amounts.filter((a) => a !== total && a.unit === total.unit);
  const qi = s.text.indexOf('其中', total.index);
  const parts =
    qi > total.index ? same.filter((a) => a.index > qi) : same.filter((a) => a.index < total.index);
  // Percentages and shares after a part (“占 35%”) are not parts.
  if (parts.length < 2) return;
  push(
    s,
    parts.map((p) => (p.removed ? `−${p.text}` : p.text)),
    total.text,
    total.unit,
    out,
  );
}

function push(
  s: { text: string; where: string },
  parts: string[],
  totalText: string,
  unit: string,
  out: CheckOut,
) {
  const sum = parts.reduce((a, p) => a.plus(value(p)), ZERO);
  const places = Math.max(
    ...parts.map((p) => publishedPlaces(p.replace('−', ''))),
    publishedPlaces(totalText),
  );
  // Counts (个, 家, 人…) are exact; amounts (and figures in 万) carry the parts' rounding residue.
  const counted = unit !== '' && !/元|万/.test(unit);
  const c = counted
    ? { ok: value(totalText).eq(sum), tolerance: ZERO }
    : compare(value(totalText), publishedPlaces(totalText), sum, partsResidue(parts.length, places));
  const path = `${s.where}（叙述）`;
  if (!c.ok)
    out.findings.push({
      code: 'published.narrativeSum',
      severity: 'error',
      path,
      message: `写明合计 ${totalText}${unit}，各部分 ${signed(parts)} = ${like(totalText, sum, places)}${unit}：“${s.text.trim().slice(0, 80)}”`,
      stated: totalText,
      expected: like(totalText, sum, places),
      tolerance: c.tolerance.toString(),
      location: { row: '叙述' },
    });
  else
    out.passed.push({
      code: 'published.narrativeSum',
      path,
      message: `${signed(parts)} = ${totalText}${unit}`,
    });
}

const ENUM = new RegExp(
  `(${NUM}|${CN_NUM})\\s*(?<measure>个|家|项|所|名|位)([\\u4e00-\\u9fff]{1,12}?)(?:[（(]|[:：]|[，,]?(?:分别是|分别为|包括|即))([^。；;）)]+)`,
  'g',
);

function countCheck(s: { text: string; where: string }, out: CheckOut) {
  for (const m of s.text.matchAll(ENUM)) {
    const n = /\d/.test(m[1]!) ? Number(m[1]!.replace(/,/g, '')) : chineseNumber(m[1]!);
    const items = m[4]!
      .replace(/等$/, '')
      .split(/[、，,]|和|及|与/)
      .map((x) => x.trim())
      .filter(Boolean);
    // “…等 5 个” or a list ending in 等 is not complete (中等专业学校 is a name).
    if (n === null || items.length < 2 || /等$|等\s*[\d零一二两三四五六七八九十]/.test(m[4]!.trim()))
      continue;
    const path = `${s.where}（叙述）`;
    if (items.length !== n)
      out.findings.push({
        code: 'published.narrativeCount',
        severity: 'error',
        path,
        message: `写明“${m[1]} ${m.groups!.measure}${m[3]}”，列出的名称有 ${items.length} 个：${items.join('、')}`,
        stated: String(n),
        expected: String(items.length),
        location: { row: '叙述' },
      });
    else
      out.passed.push({
        code: 'published.narrativeCount',
        path,
        message: `${m[1]} ${m.groups!.measure}${m[3]}，列出 ${items.length} 个`,
      });
  }
}

/** How a count moves through the year, told by the word before it. */
const MOVES = [
  { kind: 'initial', words: /(?:年初|年度初|预算批复时|原计划)[^，,。；\d]{0,8}$/ },
  { kind: 'added', words: /(?:新增|追加|增加|增补|调增|补充)[^，,。；\d]{0,6}$/ },
  { kind: 'removed', words: /(?:减少|撤销|取消|调减|终止|删减|核减)[^，,。；\d]{0,6}$/ },
  { kind: 'total', words: /(?:共计|合计|总计|累计|共有|全年共|共)[^，,。；\d]{0,8}$/ },
] as const;
type Move = (typeof MOVES)[number]['kind'];
/** A removal told after the count: “1 个项目因政策调整取消”. */
const REMOVED_AFTER = /^[^，,。；\d]{0,10}(?:取消|撤销|终止|核减|不再实施)/;

const COUNT = new RegExp(`(${NUM}|${CN_NUM})\\s*(个|项|家|所)([\\u4e00-\\u9fff]{0,6})`, 'g');
/**
 * What is counted, as a key: the first two characters after the measure word (“项目因政策调整” and
 * “项目，均为” are both 项目), before any particle. Too short a noun is none.
 */
const nounOf = (after: string) => {
  const n = after.split(/[的均都已在中全为是共和及与因，]/)[0]!.slice(0, 2);
  return n.length === 2 ? n : '';
};

interface CountFact {
  move: Move;
  n: number;
  text: string;
  noun: string;
  unit: string;
  sentence: number;
  where: string;
  /** The report's line of the sentence (report reader only: its findings sort and point by line). */
  line?: number;
}

/**
 * Counts that must add up across the text: “年初安排 8 个项目” in one sentence, “年中新增 8 个” in another,
 * “共实施 15 个项目” in a third: 8 + 8 ≠ 15. A count with no noun takes the one before it in its sentence.
 * Only facts from more than one sentence are compared here (one sentence is the sum check's).
 */
function balanceCheck(all: { text: string; where: string; order?: number }[], out: CheckOut) {
  const facts: CountFact[] = [];
  all.forEach((s, i) => {
    let noun = '';
    for (const m of s.text.matchAll(COUNT)) {
      const before = s.text.slice(Math.max(0, m.index! - 12), m.index!);
      const after = s.text.slice(m.index! + m[0].length, m.index! + m[0].length + 12);
      const move =
        MOVES.find((k) => k.words.test(before))?.kind ?? (REMOVED_AFTER.test(after) ? 'removed' : undefined);
      const n = /\d/.test(m[1]!) ? Number(m[1]!.replace(/,/g, '')) : chineseNumber(m[1]!);
      noun = nounOf(m[3]!) || noun;
      if (!move || n === null || !noun) continue;
      facts.push({ move, n, text: m[1]!, noun, unit: m[2]!, sentence: i, where: s.where, line: s.order });
    }
  });
  const keys = new Set(facts.map((f) => `${f.unit}${f.noun}`));
  for (const key of keys) {
    const of = facts.filter((f) => `${f.unit}${f.noun}` === key);
    const initial = of.find((f) => f.move === 'initial');
    const total = of.find((f) => f.move === 'total');
    const moves = of.filter((f) => f.move === 'added' || f.move === 'removed');
    if (!initial || !total || !moves.length) continue;
    const used = [initial, total, ...moves];
    if (new Set(used.map((f) => f.sentence)).size < 2) continue;
    const sum = moves.reduce((a, f) => (f.move === 'added' ? a + f.n : a - f.n), initial.n);
    const path = `${total.where}（叙述）`;
    const steps = `年初 ${initial.text}${moves.map((f) => ` ${f.move === 'added' ? '+ 新增' : '− 减少'} ${f.text}`).join('')}`;
    const places = [...new Set([...used].sort((a, b) => a.sentence - b.sentence).map((f) => f.where))].join(
      '、',
    );
    if (sum !== total.n)
      out.findings.push({
        code: 'published.narrativeSum',
        severity: 'error',
        path,
        message: `全年共 ${total.text} ${total.unit}${total.noun}，而${steps} = ${sum} ${total.unit}${total.noun}（见 ${places}）`,
        stated: total.text,
        expected: String(sum),
        tolerance: '0',
        location: { row: '叙述', ...(total.line !== undefined ? { line: total.line } : {}) },
      });
    else
      out.passed.push({
        code: 'published.narrativeSum',
        path,
        message: `${steps} = 共 ${total.text} ${total.unit}${total.noun}`,
      });
  }
}

/**
 * Only the counts that must add up across sentences, for a report read by the report reader (its own
 * checks cover sums and lists within a sentence). Each line's `order` is its report line.
 */
export function checkCountBalance(lines: TextLine[]): CheckOut {
  const out: CheckOut = { findings: [], passed: [] };
  balanceCheck(lines.flatMap(sentences), out);
  return out;
}

export function checkNarrative(lines: TextLine[]): CheckOut {
  const out: CheckOut = { findings: [], passed: [] };
  const all = lines.flatMap(sentences);
  for (const s of all) {
    sumCheck(s, out);
    countCheck(s, out);
  }
  balanceCheck(all, out);
  return out;
}
