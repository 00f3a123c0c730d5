/**
 * Normalising what a published 自评表 looks like once read: traditional characters to simplified
 * (opencc-js), OCR slips inside figures (stray spaces, l/I for 1, O/o for 0), full-width digits, and
 * the unit of amounts (元 or 万元). Pure functions.
 */
import * as OpenCC from 'opencc-js';
import { Decimal } from '../../core/decimal.ts';
import { normalizeLine } from '../document.ts';

let convert: ((s: string) => string) | null = null;

/** Traditional → simplified (mainland phrasing); text with no Chinese character is returned as is. */
export function toSimplified(s: string): string {
  if (!/[\u4e00-\u9fff]/.test(s)) return s;
  const c = (convert ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  return c(s);
}

/**
 * A table cell that OCR read as a figure with slips: "8 9. 97" → "89.97", "1O0.00" → "100.00",
 * "l0" → "10", "9 8.5 %" → "98.5%". Only a cell that is a figure once repaired (at least one real digit,
 * nothing else but signs, separators and a trailing %) is changed; words are left alone.
 */
export function repairFigure(cell: string): string {
  const t = cell.trim();
  if (!/\d/.test(t) || t.length > 24) return cell;
  const fixed = t.replace(/[lI|]/g, '1').replace(/[Oo]/g, '0').replace(/\s+/g, '');
  return /^[-−]?\d[\d,]*(\.\d+)?%?$/.test(fixed) ? fixed : cell;
}

/**
 * A running text line: OCR slips inside digit runs only ("2O23" → "2023", "89. 97" → "89.97"), and a
 * figure's first digit after a sign (“≤l300元” → “≤1300元”, “≥9O%”).
 */
export function repairLine(s: string): string {
  return s
    .replace(/(?<=\d)[Oo](?=[\d.,%])|(?<=[\d.,])[Oo](?=\d)/g, '0')
    .replace(/(?<=\d)[lI](?=[\d.,%])|(?<=[\d.,])[lI](?=\d)/g, '1')
    .replace(/(?<=[≥≤<>=＜＞]\s?)[lI](?=\d)/g, '1')
    .replace(/(?<=\d\.) (?=\d)|(?<=\d) (?=\.\d)/g, '');
}

/** One cell as the checker reads it: simplified, full-width digits to ASCII, OCR slips repaired. */
export function normalizeCell(s: string): string {
  const cell = toSimplified(normalizeLine(s)).replace(/\s+/g, ' ').trim();
  const figure = repairFigure(cell);
  return figure !== cell ? figure : repairLine(cell);
}

/** A heading cell compared with the phrase table: no spaces ("年 初 预 算 数"), no unit in brackets. */
export function headingKey(s: string): string {
  return (
    s
      .replace(/\s+/g, '')
      .replace(/[:：]$/, '')
      .replace(/[（(](万?元|%|分)[）)]$/, '')
      // A column's letter or formula, as later templates write it: 全年预算数（A）, 执行率（B/A）, 得分（C×10）.
      .replace(/[（(][A-Za-z][A-Za-z0-9/÷×*+\-%]*[）)]$/, '')
      .replace(/^其中[:：]?/, '')
      .replace(/[:：]$/, '')
  );
}

/** A figure in a cell: "3,224.00" → 3224.00, "98.5%" → 98.5; null when the cell is not a figure. */
export function cellNumber(s: string | undefined): Decimal | null {
  if (!s) return null;
  const t = s
    .trim()
    .replace(/[−–]/g, '-')
    .replace(/,/g, '')
    // A unit written in the cell (“381.00（万元）”, “9.5分”) is not part of the figure.
    .replace(/\s*[（(]?(?:万元|元)[）)]?$/, '')
    .replace(/%$/, '')
    .replace(/分$/, '');
  return /^-?\d+(\.\d+)?$/.test(t) ? new Decimal(t) : null;
}

/** Whether a cell is blank (nothing, or only dashes / 无 / slashes): a missing value, not a zero. */
export function isBlank(s: string | undefined): boolean {
  return !s || /^[-—–\s/无]*$/.test(s.trim());
}

export type AmountUnit = '万元' | '元';

/** The unit of amounts stated in a heading or caption ("项目资金（万元）", "单位：元"), if any. */
export function unitIn(s: string): AmountUnit | null {
  const m = s.replace(/\s+/g, '').match(/(?:[（(]|单位[:：])(万元|元)[）)]?/);
  return (m?.[1] as AmountUnit | undefined) ?? null;
}

/** An amount in 万元, whatever unit it was stated in. */
export function toWan(v: Decimal, unit: AmountUnit): Decimal {
  return unit === '元' ? v.div(10000) : v;
}

/** Columns a text takes where a Chinese character is two (a layout text, a sheet's column width). */
export function displayWidth(t: string): number {
  return [...t].reduce((n, ch) => n + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0);
}
