/**
 * A report as blocks: paragraphs (with their heading path) and tables (tab-separated rows, with their
 * caption "表 1-2 …" and unit). The input is lines of text: a .txt as it is, a .docx with one line per
 * paragraph and table rows joined by tabs, a PDF's text layer with column gaps turned into tabs.
 * Paragraphs broken by a page break (a line that stops mid-sentence, a blank line, the rest) are joined.
 */

export type SourceKind = 'txt' | 'docx' | 'pdf';

export interface ReportSource {
  /** File name, for messages. */
  name: string;
  kind: SourceKind;
  lines: string[];
  /** Page of each line (PDF only). */
  pages?: number[];
  /** How each line is named to a reader (.docx: “第 12 段”, “第 2 个表格第 3 行”). */
  labels?: string[];
  /** The encoding the text was read in (txt only). */
  encoding?: string;
}

export interface Heading {
  level: number;
  text: string;
  line: number;
}

export interface Paragraph {
  kind: 'para';
  text: string;
  line: number;
  /** Offsets in `text` where each joined source line starts. */
  starts: { offset: number; line: number }[];
  /** The headings above it, outermost first. */
  section: Heading[];
  heading?: Heading;
}

export interface TableRow {
  cells: string[];
  line: number;
}

export interface Table {
  kind: 'table';
  line: number;
  rows: TableRow[];
  /** "表 1-2" as printed, and the caption's title. */
  number?: string;
  caption?: string;
  captionLine?: number;
  unit?: string;
  section: Heading[];
}

export type Block = Paragraph | Table;

export interface ReportDocument {
  source: ReportSource;
  blocks: Block[];
}

/** Full-width digits and signs to ASCII; non-breaking spaces to spaces. */
export function normalizeLine(s: string): string {
  return s
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/％/g, '%')
    .replace(/．(?=\d)/g, '.')
    .replace(/[\u00a0\u3000]/g, ' ')
    .replace(/\r$/, '');
}

const CN = '一二三四五六七八九十';
/** Heading level from its number: 一、 (1) · （一） (2) · 1. (3) · （1）(4) · 1) (5). */
export function headingLevel(line: string): number | null {
  const t = line.trim();
  if (!t || t.length > 60 || /[。；;]$/.test(t)) return null;
  if (new RegExp(`^[${CN}]+、`).test(t)) return 1;
  if (new RegExp(`^[（(][${CN}]+[）)]`).test(t)) return 2;
  if (/^\d{1,2}[.．、]\s*(?!\d)/.test(t)) return 3;
  if (/^[（(]\d{1,2}[）)]/.test(t)) return 4;
  if (/^\d{1,2}\)\s*/.test(t)) return 5;
  if (/^附表/.test(t)) return 1;
  return null;
}

/**
 * How far back before a figure its label and context are read, in characters. A sentence with no full
 * stop may run for pages: reading all of it before each figure made checking quadratic.
 */
export const CONTEXT_CHARS = 200;

export const CAPTION = /^表\s*(\d+)(?:\s*[-－—–]\s*(\d+))?(?![\d.])\s*(.*)$/;
/**
 * A caption line (“表 1-2 预算收支变动情况”): short, and not a reference wrapped onto a new line
 * (“表 1-4，定量指标占比情况见表 1-5。”, “表 2-1 所示：”).
 */
export function captionOf(line: string): RegExpMatchArray | null {
  const m = line.length < 60 ? line.match(CAPTION) : null;
  return m && !/^[，。、；：,.;:）)]|^所示|^中/.test(m[3]!.trim()) ? m : null;
}

/** "表 1-2" or "表 3". */
export function captionNumber(m: RegExpMatchArray): string {
  return m[2] ? `表 ${m[1]}-${m[2]}` : `表 ${m[1]}`;
}
const UNIT_LINE = /^单位\s*[:：]\s*(\S+)/;
const TERMINAL = /[。！？!?；;：:）)”」]$/;

interface PdfCell {
  text: string;
  start: number;
}

/** Cells of a text-layer line: runs separated by two or more spaces, with their columns. */
function pdfCells(line: string): PdfCell[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ text: m[0], start: m.index! }));
}

function tableLike(cells: PdfCell[]): boolean {
  return cells.length >= 3 || (cells.length === 2 && /\d/.test(cells[1]!.text));
}

/**
 * A PDF's text layer keeps table columns as runs of spaces. Consecutive lines with several such
 * columns become tab-separated rows, each cell put under the nearest column of the widest row; a
 * short line between rows is the wrapped end of a cell and joins the row above.
 */
export function pdfTables(lines: string[]): string[] {
  const out = [...lines];
  const cells = lines.map(pdfCells);
  let i = 0;
  while (i < lines.length) {
    if (!tableLike(cells[i]!)) {
      out[i] = lines[i]!.trim();
      i++;
      continue;
    }
    const rows: number[] = [];
    const wraps = new Map<number, number>();
    let j = i;
    while (j < lines.length) {
      if (tableLike(cells[j]!)) rows.push(j);
      else if (cells[j]!.length === 1 && cells[j]![0]!.text.length <= 6 && rows.length)
        wraps.set(j, rows[rows.length - 1]!);
      else break;
      j++;
    }
    let widest = 0;
    for (const r of rows) widest = Math.max(widest, cells[r]!.length);
    const anchorRow = [...rows].reverse().find((r) => cells[r]!.length === widest)!;
    const anchors = cells[anchorRow]!.map((c) => c.start);
    const nearest = (start: number) =>
      anchors.reduce((best, a, k) => (Math.abs(a - start) < Math.abs(anchors[best]! - start) ? k : best), 0);
    const grid = new Map<number, string[]>();
    for (const r of rows) {
      // A row with a cell in every column is read in order: columns are placed by character count,
      // and a row whose first cell has more Chinese characters than the anchor row's is shifted.
      if (cells[r]!.length === anchors.length) {
        grid.set(
          r,
          cells[r]!.map((c) => c.text),
        );
        continue;
      }
      const row = anchors.map(() => '');
      for (const c of cells[r]!) {
        const k = nearest(c.start);
        row[k] = row[k] ? `${row[k]} ${c.text}` : c.text;
      }
      grid.set(r, row);
    }
    for (const [w, r] of wraps) {
      const c = cells[w]![0]!;
      const row = grid.get(r)!;
      row[nearest(c.start)] += c.text;
      out[w] = '';
    }
    for (const [r, row] of grid) out[r] = row.join('\t');
    i = j;
  }
  return out;
}

/** A page number line as GB/T 9704 prints it: “— 9 —”, “-9-”. */
const PAGE_NUMBER = /^[—–-]\s*\d{1,4}\s*[—–-]$/;
const compactRow = (line: string) => line.replace(/[\s\t]+/g, '');

export function buildDocument(source: ReportSource): ReportDocument {
  let lines = source.lines.map(normalizeLine);
  // A PDF's text layer, or a text file whose tables are aligned with spaces instead of tabs.
  if (source.kind === 'pdf' || (source.kind === 'txt' && !lines.some((l) => l.includes('\t'))))
    lines = pdfTables(lines);
  const blocks: Block[] = [];
  const section: Heading[] = [];
  let para: Paragraph | null = null;
  // The last line joined into `para`: whether the paragraph ends a sentence is read from it, not from
  // the paragraph's whole text (a regex on a string built by `+=` flattens it each time: quadratic).
  let paraTail = '';
  let pendingCaption: { number: string; caption: string; line: number } | null = null;
  let pendingUnit: string | undefined;
  const isTableLine = (l: string) => l.includes('\t') && l.replace(/\t/g, '').trim() !== '';

  const flush = () => {
    if (para) blocks.push(para);
    para = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (isTableLine(raw)) {
      flush();
      const table: Table = { kind: 'table', line: lineNo, rows: [], section: [...section] };
      if (pendingCaption) {
        table.number = pendingCaption.number;
        table.caption = pendingCaption.caption;
        table.captionLine = pendingCaption.line;
      }
      if (pendingUnit) table.unit = pendingUnit;
      pendingCaption = null;
      pendingUnit = undefined;
      let j = i;
      while (j < lines.length) {
        const l = lines[j]!;
        if (isTableLine(l)) {
          table.rows.push({ cells: l.split('\t').map((c) => c.trim()), line: j + 1 });
          j++;
          continue;
        }
        // Blank lines, or a page break (its page number “— 9 —” between blank lines), inside a table;
        // the header rows a table repeats on its next page are not rows.
        if (l.trim() === '' || PAGE_NUMBER.test(l.trim())) {
          let k = j;
          while (k < lines.length && (lines[k]!.trim() === '' || PAGE_NUMBER.test(lines[k]!.trim()))) k++;
          if (k < lines.length && isTableLine(lines[k]!)) {
            for (let h = 0; h < table.rows.length - 1 && k < lines.length; h++, k++)
              if (compactRow(lines[k]!) !== compactRow(table.rows[h]!.cells.join('\t'))) break;
            j = k;
            continue;
          }
        }
        break;
      }
      blocks.push(table);
      i = j - 1;
      continue;
    }
    const t = raw.trim();
    if (!t) continue;
    const cap = captionOf(t);
    if (cap) {
      flush();
      pendingCaption = { number: captionNumber(cap), caption: cap[3]!.trim(), line: lineNo };
      blocks.push(paragraphOf(t, lineNo, section));
      continue;
    }
    const unit = t.match(UNIT_LINE);
    if (unit && t.length < 20) {
      flush();
      pendingUnit = unit[1];
      continue;
    }
    const level = headingLevel(t);
    if (level !== null) {
      flush();
      const h: Heading = { level, text: t, line: lineNo };
      while (section.length && section[section.length - 1]!.level >= level) section.pop();
      const p = paragraphOf(t, lineNo, section);
      p.heading = h;
      blocks.push(p);
      section.push(h);
      pendingCaption = null;
      continue;
    }
    const current = para as Paragraph | null;
    if (current && !TERMINAL.test(paraTail)) {
      current.starts.push({ offset: current.text.length, line: lineNo });
      current.text += t;
      paraTail = t;
      continue;
    }
    flush();
    para = paragraphOf(t, lineNo, section);
    paraTail = t;
  }
  flush();
  return { source, blocks };
}

function paragraphOf(text: string, line: number, section: Heading[]): Paragraph {
  return { kind: 'para', text, line, starts: [{ offset: 0, line }], section: [...section] };
}

/** The source line of a character offset in a paragraph (binary search: a paragraph may join many lines). */
export function lineAt(p: Paragraph, offset: number): number {
  const starts = p.starts;
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || starts[0]!.offset > offset) return p.line;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]!.offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return starts[lo]!.line;
}

/** "第 60 行", "第 12 段", "第 3 页第 20 行". */
export function placeLabel(source: ReportSource, line: number): string {
  const label = source.labels?.[line - 1];
  if (label) return label;
  if (source.kind === 'docx') return `第 ${line} 段`;
  if (source.kind === 'pdf' && source.pages) return `第 ${source.pages[line - 1] ?? 1} 页第 ${line} 行`;
  return `第 ${line} 行`;
}

export function sectionLabel(section: Heading[]): string {
  return section.map((h) => h.text).join(' / ');
}
