/**
 * Sums and counts in the narrative of a published self-evaluation (the 年度总体目标 cells, notes, the
 * report's text): parts against their stated total (“共 15 个项目，其中年初 8 个、新增 8 个”; “30 + 30 +
 * 29.99 = 89.97 万元”) and counts against enumerations (“10 个直属事业单位：A、B、…” with 9 names).
 */
import { Decimal, ZERO } from '../../core/decimal.ts';
import { compare, partsResidue, publishedPlaces } from '../../core/checks/tolerance.ts';
import { chineseNumber } from '../numbers.ts';
import type { TextLine } from './grid.ts';
import type { CheckOut } from './checks.ts';

const NUM = String.raw`\d[\d,]*(?:\.\d+)?`;
const UNIT = '万元|元|个|家|项|人次|人|名|次|所|件|户|场';
const AMOUNT = new RegExp(`(${NUM})\\s*(${UNIT})`, 'g');
const TOTAL_WORD = /(?:共计|合计|总计|总额为?|总数为?|共有|累计|共)[^，,。；;\d]{0,10}$/;
const CN_NUM = '[零〇一二两三四五六七八九十百]+';

const value = (s: string) => new Decimal(s.replace(/,/g, ''));

function sentences(line: TextLine): { text: string; where: string }[] {
  return line.text
    .split(/(?<=[。；;！!？?])/)
    .map((t) => ({ text: t, where: line.where }))
    .filter((s) => s.text.trim());
}

function sumCheck(s: { text: string; where: string }, out: CheckOut) {
  // “a + b + c = d” written out.
  for (const m of s.text.matchAll(new RegExp(`((?:${NUM}\\s*[+＋]\\s*)+${NUM})\\s*[=＝]\\s*(${NUM})`, 'g'))) {
    const parts = m[1]!.split(/[+＋]/).map((p) => p.trim());
    push(s, parts, m[2]!, '', out);
  }
  const amounts = [...s.text.matchAll(AMOUNT)].map((m) => ({
    text: m[1]!,
    unit: m[2]!,
    index: m.index!,
    totalWord: TOTAL_WORD.test(s.text.slice(Math.max(0, m.index! - 12), m.index!)),
  }));
  const total = amounts.find((a) => a.totalWord);
  if (!total) return;
  const same = amounts.filter((a) => a !== total && a.unit === total.unit);
  const qi = s.text.indexOf('其中');
  let parts: typeof same;
  if (qi > total.index) parts = same.filter((a) => a.index > qi);
  else parts = same.filter((a) => a.index < total.index);
  // Percentages and shares after a part (“占 35%”) are not parts.
  if (parts.length < 2) return;
  push(
    s,
    parts.map((p) => p.text),
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
  const places = Math.max(...parts.map(publishedPlaces), publishedPlaces(totalText));
  // Counts (个, 家, 人…) are exact; amounts carry the parts' rounding residue.
  const counted = unit !== '' && !/元/.test(unit);
  const c = counted
    ? { ok: value(totalText).eq(sum), tolerance: ZERO }
    : compare(value(totalText), publishedPlaces(totalText), sum, partsResidue(parts.length, places));
  const path = `${s.where}（叙述）`;
  if (!c.ok)
    out.findings.push({
      code: 'published.narrativeSum',
      severity: 'error',
      path,
      message: `写明合计 ${totalText}${unit}，各部分 ${parts.join(' + ')} = ${sum.toFixed(places)}${unit}：“${s.text.trim().slice(0, 80)}”`,
      stated: totalText,
      expected: sum.toFixed(places),
      tolerance: c.tolerance.toString(),
      location: { row: '叙述' },
    });
  else
    out.passed.push({
      code: 'published.narrativeSum',
      path,
      message: `${parts.join(' + ')} = ${totalText}${unit}`,
    });
}

const ENUM = new RegExp(
  `(${NUM}|${CN_NUM})\\s*(?:个|家|项|所|名|位)([\\u4e00-\\u9fff]{1,12}?)(?:[（(]|[:：]|[，,]?(?:分别是|分别为|包括|即))([^。；;）)]+)`,
  'g',
);

function countCheck(s: { text: string; where: string }, out: CheckOut) {
  for (const m of s.text.matchAll(ENUM)) {
    const n = /\d/.test(m[1]!) ? Number(m[1]!.replace(/,/g, '')) : chineseNumber(m[1]!);
    const items = m[3]!
      .replace(/等$/, '')
      .split(/[、，,]|和|及|与/)
      .map((x) => x.trim())
      .filter(Boolean);
    if (n === null || items.length < 2 || /等/.test(m[3]!)) continue;
    const path = `${s.where}（叙述）`;
    if (items.length !== n)
      out.findings.push({
        code: 'published.narrativeCount',
        severity: 'error',
        path,
        message: `写明 ${m[1]} 个${m[2]}，列出的名称有 ${items.length} 个：${items.join('、')}`,
        stated: String(n),
        expected: String(items.length),
        location: { row: '叙述' },
      });
    else
      out.passed.push({
        code: 'published.narrativeCount',
        path,
        message: `${m[1]} 个${m[2]}，列出 ${items.length} 个`,
      });
  }
}

export function checkNarrative(lines: TextLine[]): CheckOut {
  const out: CheckOut = { findings: [], passed: [] };
  for (const line of lines)
    for (const s of sentences(line)) {
      sumCheck(s, out);
      countCheck(s, out);
    }
  return out;
}
