/**
 * Merged 一级 / 二级 names in a layout text (a PDF's text layer, `pdftotext -layout`). A merged cell's
 * name is printed once, at the vertical middle of the rows it spans: on a line of its own between two
 * rows (“预算编制（10 分）” between 预算编制规范性 and 预算编制合理性), or on the line of the middle row. Read
 * in order, the rows below such a name lose it and the rows above never had it. Where the table's
 * header gives each column's start and the rows' figures sit under their 分值 / 得分 headings, each
 * cell is placed by its column, and each name is given to the run of rows it is centred on. Pure.
 */
import type { TextLine } from './grid.ts';
import { cellNumber } from './normalize.ts';
import { LEVEL1_OF_LEVEL2 } from './phrases.ts';
import type { Cell, HeaderColumn, HeaderField, IndicatorRow, IndicatorTable } from './recognise.ts';

const LEVELS = ['level1', 'level2'] as const;
type Level = (typeof LEVELS)[number];

/**
 * How a layout text lines its columns up: by characters (pdftotext counts a Chinese character as one)
 * or by display columns (a hand-aligned text counts it as two). Each table is measured both ways.
 */
type Measure = 'start' | 'col';

/** The header column a cell starting at `at` sits under: the nearest, with how far off it is. */
function columnAt(columns: HeaderColumn[], at: number, m: Measure): { field: HeaderField; off: number } {
  let best = columns[0]!;
  let off = Infinity;
  for (const c of columns) {
    const d = Math.abs(c[m] - at);
    if (d < off) [best, off] = [c, d];
  }
  return { field: best.field, off };
}

/** Each cell of a row with the column it sits under (and whether it was printed on the line above). */
function placed(r: IndicatorRow, columns: HeaderColumn[], m: Measure) {
  const s = r.source!;
  const at = m === 'start' ? s.starts! : s.cols!;
  return s.cells.map((text, k) => ({ text, up: s.lifted?.[k] ?? false, ...columnAt(columns, at[k]!, m) }));
}

/**
 * The measure under which the rows' figures sit under the header's 分值 and 得分 (four rows in five at
 * least), the nearer of the two; null when neither: the columns cannot be trusted.
 */
function measureOf(t: IndicatorTable, columns: HeaderColumn[]): Measure | null {
  const rows = t.rows.filter((r) => r.score && cellNumber(r.score.text));
  if (rows.length < 2) return null;
  const fit = (m: Measure) => {
    let good = 0;
    let off = 0;
    for (const r of rows) {
      const cells = placed(r, columns, m);
      const at = (f: HeaderField) => cells.find((c) => c.field === f)?.text;
      if (at('score') === r.score!.text && (!r.weight || at('weight') === r.weight.text)) good++;
      off += cells.reduce((n, c) => n + c.off, 0);
    }
    return { ok: good >= rows.length * 0.8, off };
  };
  const [a, b] = [fit('start'), fit('col')];
  if (a.ok && (!b.ok || a.off <= b.off)) return 'start';
  return b.ok ? 'col' : null;
}

interface Label {
  name: string;
  weight?: Cell;
  /** The line it is printed on (a row's own line, the line above it, or a line between rows). */
  line: number;
}

/** The lines a row takes: from a name printed above its figures to the last wrapped end below them. */
const spanOf = (r: IndicatorRow) => r.source!.span ?? { top: r.source!.order!, bottom: r.source!.order! };

/**
 * The runs of rows each name spans, in order, covering every row. A merged cell's name is printed at the
 * middle of the lines its rows take, so the runs are chosen together to put each name nearest the middle
 * of its run (and within it); `prior` is a name a row's other names imply (经济效益指标 is under 效益指标
 * by the 10号 template), a tie-breaker where lines alone cannot tell (a name printed on a row's line
 * when its run has an even number of lines).
 */
function runs(
  labels: Label[],
  rows: IndicatorRow[],
  prior: (k: number) => string | undefined,
): { label: Label; from: number; to: number }[] {
  const spans = rows.map(spanOf);
  const n = rows.length;
  const m = labels.length;
  if (!m || !n) return [];
  const cost = (i: number, from: number, to: number) => {
    const label = labels[i]!;
    const top = spans[from]!.top;
    const bottom = spans[to]!.bottom;
    if (label.line < top - 1 || label.line > bottom + 1) return Infinity;
    let c = Math.abs((top + bottom) / 2 - label.line);
    for (let k = from; k <= to; k++) if (prior(k) !== undefined && prior(k) !== label.name) c += 1;
    return c;
  };
  // best[i][e]: the least cost of giving labels 0..i the rows 0..e, the last run ending at e.
  const best = Array.from({ length: m }, () => new Array<number>(n).fill(Infinity));
  const back = Array.from({ length: m }, () => new Array<number>(n).fill(-1));
  for (let e = 0; e < n; e++) best[0]![e] = cost(0, 0, e);
  for (let i = 1; i < m; i++)
    for (let e = i; e < n; e++)
      for (let s = i; s <= e; s++) {
        const c = best[i - 1]![s - 1]! + cost(i, s, e);
        if (c < best[i]![e]!) [best[i]![e], back[i]![e]] = [c, s];
      }
  if (!Number.isFinite(best[m - 1]![n - 1]!)) return [];
  const out: { label: Label; from: number; to: number }[] = [];
  for (let i = m - 1, e = n - 1; i >= 0; i--) {
    const from = i === 0 ? 0 : back[i]![e]!;
    out.unshift({ label: labels[i]!, from, to: e });
    e = from - 1;
  }
  return out;
}

export function placeMergedNames(t: IndicatorTable, lines: TextLine[]): void {
  const columns = t.columns;
  if (!columns || t.order === undefined) return;
  if (!t.rows.every((r) => r.source?.starts && r.source.cols && r.source.order !== undefined)) return;
  // Where the rows' figures do not sit under their headings (a PDF of wrapped cells, whose headings
  // are centred in wide cells), cells keep their places as read and only the names between rows,
  // placed by the heading columns they start under, are given to runs of rows.
  const aligned = measureOf(t, columns);
  const m = aligned ?? 'col';
  const end = t.end ?? Math.max(...t.rows.map((r) => r.source!.order!)) + 1;
  const labels: Record<Level, Label[]> = { level1: [], level2: [] };
  // Names on a row's own line (or on the line just above it: between it and the row before), and the
  // row's other cells by their columns.
  let between = 0;
  t.rows.forEach((r) => {
    if (!aligned) {
      for (const level of LEVELS)
        if (r.own?.[level])
          labels[level].push({ ...named(r.own[level], r.where, level), line: r.source!.order! });
      return;
    }
    const cells = placed(r, columns, m);
    const text = (f: HeaderField) => cells.find((c) => c.field === f)?.text ?? '';
    for (const level of LEVELS) {
      const cell = cells.find((c) => c.field === level);
      if (!cell?.text || cellNumber(cell.text)) continue;
      labels[level].push({ ...named(cell.text, r.where, level), line: r.source!.order! - (cell.up ? 1 : 0) });
      if (cell.up) between++;
    }
    if (text('level3')) r.level3 = text('level3');
    if (text('target'))
      r.target = { ...(r.target ?? { where: r.where, column: '年度指标值' }), text: text('target') };
    if (text('actual'))
      r.actual = { ...(r.actual ?? { where: r.where, column: '实际完成值' }), text: text('actual') };
  });
  // Names on lines of their own between the table's rows.
  for (const l of lines) {
    if (l.order === undefined || l.order <= t.order || l.order >= end || l.start === undefined) continue;
    if (/[:：。，；\d]/.test(l.text.replace(/[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]/, '')) || l.text.length > 24)
      continue;
    const { field, off } = columnAt(columns, m === 'start' ? l.start : (l.col ?? l.start), m);
    if ((field !== 'level1' && field !== 'level2') || off > 6) continue;
    labels[field].push({ ...named(l.text, l.where, field), line: l.order });
    between++;
  }
  if (!between) return;
  for (const level of ['level2', 'level1'] as const) {
    const list = labels[level].sort((a, b) => a.line - b.line);
    if (!list.length) continue;
    for (const r of t.rows) r[`${level}Weight`] = undefined;
    // 一级 names are placed after 二级 ones, which imply theirs in the 10号 template.
    const prior = (k: number) => (level === 'level1' ? LEVEL1_OF_LEVEL2[t.rows[k]!.level2] : undefined);
    for (const { label, from, to } of runs(list, t.rows, prior))
      for (let k = from; k <= to; k++) {
        const r = t.rows[k]!;
        r[level] = label.name;
        if (k === from && label.weight) r[`${level}Weight`] = label.weight;
      }
  }
  if (LEVELS.some((level) => labels[level].some((l) => l.weight))) t.layout = 'department';
}

function named(text: string, where: string, level: Level): Omit<Label, 'line'> {
  const w = weightInName(text);
  return w
    ? {
        name: w.name,
        weight: { text: w.weight, where, column: level === 'level1' ? '一级指标' : '二级指标' },
      }
    : { name: text };
}

/** A level's weight written in its name: “产出（35 分）”, “预算编制(10分)”. */
const WEIGHT_IN_NAME = /^(.+?)\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]$/;

export function weightInName(name: string): { name: string; weight: string } | null {
  const m = name.trim().match(WEIGHT_IN_NAME);
  return m ? { name: m[1]!, weight: m[2]! } : null;
}

/** Names carrying their weight become the name and that level's weight (the table is a 部门整体 tree). */
export function splitNamedWeights(r: IndicatorRow): boolean {
  let found = false;
  for (const level of ['level1', 'level2'] as const) {
    const w = weightInName(r[level]);
    if (!w) continue;
    r[level] = w.name;
    r[`${level}Weight`] ??= {
      text: w.weight,
      where: r.where,
      column: level === 'level1' ? '一级指标' : '二级指标',
    };
    found = true;
  }
  return found;
}
