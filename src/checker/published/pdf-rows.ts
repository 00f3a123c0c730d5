/**
 * A PDF's text layer where a table's cells wrap over several lines (a Word table with narrow columns,
 * printed): `pdftotext -layout` gives each line of each cell where it falls, so a row is a line of
 * figures with the pieces of its names above and below it (“年度资金总” / figures / “额”), and a
 * heading is two or three lines of pieces (“全年预算” / “年初预算数  分值” / “数”). Rows are separated
 * by blank lines there. This puts each block of such lines back together as one line per row, before
 * the lines are split into cells. Pure.
 */
import { displayWidth, headingKey } from './normalize.ts';
import { INDICATOR_COLUMNS, isHeadingWord, isLevelName, matchPhrase } from './phrases.ts';

interface Part {
  text: string;
  line: number;
  /** Display columns (a Chinese character is two), where pdftotext lines text up. */
  col: number;
  end: number;
}

function partsOf(raw: string, line: number): Part[] {
  return [...raw.matchAll(/\S+(?: \S+)*/g)].map((m) => {
    const col = displayWidth(raw.slice(0, m.index));
    return { text: m[0], line, col, end: col + displayWidth(m[0]) };
  });
}

/** A figure cell: 10, 9.50, 95.00%, 1,250.00, ≥92%, or a dash for “not applicable”. */
const FIGURE = /^(?:[≥≤<>＞＜]=?)?-?[\d,]*\d(?:\.\d+)?%?$|^[—–-]$/;
const isFigure = (p: Part) => FIGURE.test(p.text);

type LineKind = 'blank' | 'text' | 'figures' | 'pieces';

/** A line of a row's figures, a line of pieces of names, or text (a sentence) that is neither. */
function kindOf(parts: Part[]): LineKind {
  if (!parts.length) return 'blank';
  // A sentence (a comma or full stop outside a figure's thousands), or a long run of text.
  if (parts.some((p) => /[，。；;]|,(?!\d{3})/.test(p.text) || displayWidth(p.text) > 40)) return 'text';
  const figures = parts.filter(isFigure);
  return figures.some((p) => /\d/.test(p.text)) && figures.length >= 2 ? 'figures' : 'pieces';
}

/** Whether the pieces read together (top to bottom) make a known heading, name label or grade label. */
const known = (pieces: Part[]) => isHeadingWord(headingKey(pieces.map((p) => p.text).join('')));
const centre = (p: Part) => (p.col + p.end) / 2;

/** A line with the cells at their display columns, at least two spaces apart. */
function lineOf(cells: { text: string; col: number }[]): string {
  let s = '';
  for (const c of [...cells].sort((a, b) => a.col - b.col)) {
    const at = s.length === 0 ? c.col : Math.max(c.col, displayWidth(s) + 2);
    s += ' '.repeat(Math.max(0, at - displayWidth(s))) + c.text;
  }
  return s;
}

/**
 * A heading block (no figures): pieces stacked in a column that make a known word become that word,
 * with the other pieces on the lines they span (a label's value printed on its middle line). Lines
 * above and below them (a title) are left as they are. Null when no pieces join.
 */
function joinHeading(
  parts: Part[],
): { from: number; to: number; cells: { text: string; col: number; end: number }[] } | null {
  const used = new Set<Part>();
  const groups: Part[][] = [];
  for (const p of parts) {
    if (used.has(p)) continue;
    const below = (q: Part, from: Part) => q.line > from.line && q.line <= from.line + 2 && !used.has(q);
    const near = (q: Part, from: Part) => Math.abs(centre(q) - centre(from)) <= 8;
    let best: Part[] | null = null;
    for (const q of parts.filter((x) => below(x, p) && near(x, p))) {
      if (known([p, q])) best ??= [p, q];
      for (const r of parts.filter((x) => below(x, q) && near(x, q)))
        if (known([p, q, r])) best ??= [p, q, r];
    }
    const group = best ?? [p];
    for (const g of group) used.add(g);
    groups.push(group);
  }
  const joined = groups.filter((g) => g.length > 1);
  if (!joined.length) return null;
  const from = Math.min(...joined.flatMap((g) => g.map((p) => p.line)));
  const to = Math.max(...joined.flatMap((g) => g.map((p) => p.line)));
  const cells = groups
    .filter((g) => g.every((p) => p.line >= from && p.line <= to))
    .map((g) => ({
      text: g.map((p) => p.text).join(''),
      col: Math.min(...g.map((p) => p.col)),
      end: Math.max(...g.map((p) => p.end)),
    }));
  return { from, to, cells };
}

/** The 一级 / 二级 columns of an indicator heading, where they really are on the page. */
type LevelColumns = { col: number; end: number }[];

function levelColumns(cells: { text: string; col: number; end: number }[]): LevelColumns | null {
  const key = (c: { text: string }) => matchPhrase(headingKey(c.text), INDICATOR_COLUMNS);
  if (!cells.some((c) => key(c) === 'level3')) return null;
  const levels = cells.filter((c) => key(c) === 'level1' || key(c) === 'level2');
  return levels.length ? levels.map((c) => ({ col: c.col, end: c.end })) : null;
}

/** Whether a piece sits in a 一级 / 二级 column (most of it, or any of a piece of one or two characters). */
function inLevel(p: Part, levels: LevelColumns): LevelColumns[number] | undefined {
  return levels.find((c) => {
    const over = Math.min(p.end, c.end) - Math.max(p.col, c.col);
    return over > 0 && (over * 2 >= p.end - p.col || p.end - p.col <= 4);
  });
}

/**
 * Merged 一级 / 二级 names printed between rows, on lines of their own: pieces of one column stacked
 * within two lines of each other are one name, until they make a known name (产出指 / 标 → 产出指标).
 * Each is written back as a line of its own at its first piece's place, for the table reader to give
 * to the rows it is centred on.
 */
function levelLabels(pieces: Part[], levels: LevelColumns): { line: number; col: number; text: string }[] {
  const out: { line: number; col: number; text: string }[] = [];
  for (const column of levels) {
    let open: Part[] = [];
    const close = () => {
      if (open.length)
        out.push({
          line: open[0]!.line,
          col: Math.min(...open.map((p) => p.col)),
          text: open.map((p) => p.text).join(''),
        });
      open = [];
    };
    for (const p of pieces.filter((x) => inLevel(x, levels) === column).sort((a, b) => a.line - b.line)) {
      if (open.length && (p.line - open.at(-1)!.line > 2 || isLevelName(open.map((x) => x.text).join(''))))
        close();
      open.push(p);
    }
    close();
  }
  return out;
}

/** A block with rows of figures: each piece goes to the row it sits next to, cells joined by column. */
/** A heading's columns where they really are on the page (its joined words' spans). */
type Columns = { col: number; end: number }[];

/** The heading column a piece of text sits in: the one it overlaps most; none when it overlaps none. */
function columnOf(p: Part, columns: Columns | null): number {
  if (!columns) return -1;
  let best = -1;
  let most = 0;
  columns.forEach((c, k) => {
    const over = Math.min(p.end, c.end) - Math.max(p.col, c.col);
    // Alike: the column the piece starts in.
    const starts = p.col >= c.col && p.col < c.end;
    if (over > most || (over === most && over > 0 && starts)) [best, most] = [k, over];
  });
  return best;
}

function joinRows(
  parts: Part[],
  rows: number[],
  columns: Columns | null,
): Map<number, { text: string; col: number }[]> {
  const groups = new Map<number, Part[]>(rows.map((r) => [r, parts.filter((p) => p.line === r)]));
  const overlaps = (a: Part, b: Part) => a.col < b.end && b.col < a.end;
  for (const p of parts) {
    if (rows.includes(p.line)) continue;
    const next = rows.filter((r) => Math.abs(r - p.line) === 1);
    let row: number;
    if (next.length === 1) row = next[0]!;
    else {
      const d = Math.min(...rows.map((r) => Math.abs(r - p.line)));
      const nearest = rows.filter((r) => Math.abs(r - p.line) === d);
      // Between two rows alike: the one whose own line has text in this column, else the one below.
      row =
        nearest.find((r) => groups.get(r)!.some((q) => !isFigure(q) && overlaps(p, q))) ??
        nearest[nearest.length - 1]!;
    }
    groups.get(row)!.push(p);
  }
  const out = new Map<number, { text: string; col: number }[]>();
  for (const [row, members] of groups) {
    const clusters: Part[][] = [];
    for (const p of [...members].sort((a, b) => a.line - b.line || a.col - b.col)) {
      if (p.text === '%' || p.text === '％') {
        // A percent sign wrapped under its figure: to the nearest figure that lacks one.
        const figs = clusters.filter((c) => c.every(isFigure) && !c.at(-1)!.text.endsWith('%'));
        const to = figs.sort(
          (a, b) => Math.abs(centre(a[0]!) - centre(p)) - Math.abs(centre(b[0]!) - centre(p)),
        )[0];
        if (to && Math.abs(centre(to[0]!) - centre(p)) <= 8) {
          to.push(p);
          continue;
        }
      }
      // Text joins text in its column (the heading's, where there is one: a target printed over its
      // 三级指标's wrapped name is in its own column); a figure is a cell of its own.
      const k = columnOf(p, columns);
      const into = isFigure(p)
        ? undefined
        : clusters.find(
            (c) =>
              !c.some(isFigure) &&
              (k >= 0 ? c.every((q) => columnOf(q, columns) === k) : c.some((q) => overlaps(p, q))),
          );
      if (into) into.push(p);
      else clusters.push([p]);
    }
    out.set(
      row,
      clusters.map((c) => ({
        text: [...c]
          .sort((a, b) => a.line - b.line)
          .map((p) => p.text)
          .join(''),
        col: Math.min(...c.map((p) => p.col)),
      })),
    );
  }
  return out;
}

/**
 * The lines with each block of wrapped cells joined: a row's line stands at its figures' place, a
 * heading's at its first line, and the lines taken into them become null (skipped, not blank: a blank
 * line counts towards ending a table). Blocks with nothing wrapped are left as they are. `labels`: the
 * lines that now hold a merged 一级 / 二级 name between rows (text of their own, not a wrapped end).
 */
export function joinWrappedCells(lines: string[]): { lines: (string | null)[]; labels: Set<number> } {
  const out: (string | null)[] = [...lines];
  const labels = new Set<number>();
  const parts = lines.map(partsOf);
  const kinds = parts.map(kindOf);
  let levels: LevelColumns | null = null;
  let columns: Columns | null = null;
  for (let i = 0; i < lines.length;) {
    if (kinds[i] === 'blank' || kinds[i] === 'text') {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < lines.length && (kinds[j + 1] === 'figures' || kinds[j + 1] === 'pieces')) j++;
    const block = Array.from({ length: j - i + 1 }, (_, k) => i + k);
    if (block.length >= 2) {
      const rows = block.filter((k) => kinds[k] === 'figures');
      const sandwiched = rows.filter((r) => kinds[r - 1] === 'pieces' && kinds[r + 1] === 'pieces');
      if (!rows.length) {
        const heading = joinHeading(block.flatMap((k) => parts[k]!));
        if (heading) {
          for (let k = heading.from; k <= heading.to; k++) out[k] = null;
          out[heading.from] = lineOf(heading.cells);
          const found = levelColumns(heading.cells);
          if (found)
            [levels, columns] = [
              found,
              heading.cells.map((c) => ({ col: c.col, end: c.end })).sort((a, b) => a.col - b.col),
            ];
        }
      } else if (
        // No two rows of figures line after line, and all (but one of three or more) sit between lines
        // of pieces of their names: a layout of wrapped cells. Rows line after line with a few wrapped
        // names are left to the line-by-line reading (grid.ts: joinWrapped, liftName).
        !rows.some((r) => rows.includes(r + 1)) &&
        sandwiched.length >= (rows.length <= 2 ? rows.length : rows.length - 1)
      ) {
        const all = block.flatMap((k) => parts[k]!);
        // Under an indicator heading, 一级 / 二级 names between rows are the merged cells' names.
        const between = levels
          ? all.filter((p) => !rows.includes(p.line) && !isFigure(p) && inLevel(p, levels!))
          : [];
        const joined = joinRows(
          all.filter((p) => !between.includes(p)),
          rows,
          levels ? columns : null,
        );
        block.forEach((k) => (out[k] = null));
        for (const [row, cells] of joined) out[row] = lineOf(cells);
        for (const l of levelLabels(between, levels ?? [])) {
          // Two names starting on one line (一级 and 二级 side by side): the second on the next free line.
          const at = [l.line, l.line + 1, l.line - 1, l.line + 2].find(
            (k) => block.includes(k) && out[k] === null,
          );
          if (at === undefined) continue;
          out[at] = ' '.repeat(l.col) + l.text;
          labels.add(at);
        }
      }
    }
    i = j + 1;
  }
  return { lines: out, labels };
}
