/**
 * A published file as table rows and text lines, whatever its format: .docx tables (gridSpan and
 * vMerge keep columns aligned: a merged cell's continuation is blank), .xlsx sheets (a merged range is
 * read from its master cell only), saved .html pages (<table> with rowspan / colspan laid on a grid),
 * a PDF's text layer and flattened text (cells split by tabs, by `|`, or by runs of two or more spaces).
 * Every cell and line is normalised (traditional → simplified, OCR slips in figures). Reading goes
 * through the report reader's bounded paths (size checked first, zip inflated as a counted stream).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { decodeText } from '../../adapters/text.ts';
import { unzipBounded } from '../../adapters/zip.ts';
import { MAX_REPORT_BYTES, MAX_REPORT_LINES, readReport, type ReadError } from '../read.ts';
import { normalizeLine } from '../document.ts';
import { Decimal } from '../../core/decimal.ts';
import { displayWidth, headingKey, normalizeCell, repairLine, toSimplified } from './normalize.ts';
import { isHeadingWord } from './phrases.ts';
import { joinWrappedCells } from './pdf-rows.ts';

export type PublishedKind = 'docx' | 'xlsx' | 'html' | 'pdf' | 'txt';

export interface GridRow {
  cells: string[];
  /** How a reader finds the row: “第 2 个表格第 5 行”, “工作表「自评表」第 7 行”, “第 1 页第 12 行”. */
  where: string;
  /** True when the cells were split from flattened text (blank cells may have collapsed). */
  flattened: boolean;
  /** Place in the file among rows and text lines, where the reader knows it (text, PDF, .docx, .xlsx). */
  order?: number;
  /** Flattened text only: where each cell starts, in characters and in display columns (CJK = 2). */
  starts?: number[];
  cols?: number[];
  /** Cells taken from the line above the row (printed higher than its figures, see liftName). */
  lifted?: boolean[];
  /** The lines the row takes in a layout text, with a name lifted from above and wrapped ends below. */
  span?: { top: number; bottom: number };
}

export interface Grid {
  /** “第 1 个表格”, “工作表「自评表」”, “第 3 行起的表格”. */
  name: string;
  rows: GridRow[];
}

export interface TextLine {
  text: string;
  where: string;
  /** As GridRow.order: tells which table a title or a “项目名称 …” line stands before. */
  order?: number;
  /** Where its text starts in a layout text (characters, display columns): a merged name printed alone. */
  start?: number;
  col?: number;
}

export interface PublishedSource {
  file: string;
  kind: PublishedKind;
  grids: Grid[];
  /** Text outside tables (titles, notes, narrative), in order. */
  lines: TextLine[];
}

export type GridRead = { ok: true; source: PublishedSource } | { ok: false; error: ReadError };

const fail = (code: string, path: string, message: string): GridRead => ({
  ok: false,
  error: { code, path, message },
});

/** The kind a file is read as: .xlsx and .html by name and first bytes; the rest as the report reader does. */
export async function readPublished(path: string): Promise<GridRead> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readXlsx(path);
  if (ext === '.html' || ext === '.htm') return readHtml(path);
  const r = await readReport(path);
  if (!r.ok) return r;
  const s = r.source;
  const where = (i: number) =>
    s.labels?.[i] || (s.pages ? `第 ${s.pages[i]} 页第 ${pageLine(s.pages, i)} 行` : `第 ${i + 1} 行`);
  return { ok: true, source: fromLines(basename(path), s.kind, s.lines, where) };
}

function pageLine(pages: number[], i: number): number {
  let n = 0;
  for (let k = i; k >= 0 && pages[k] === pages[i]; k--) n++;
  return n;
}

const BAR = /[|｜]/g;
const isPipeRow = (line: string) => (line.match(BAR)?.length ?? 0) >= 2;

/**
 * Whether a file's `|` tables draw a border bar at each end of a line (“| a | b |”, as Markdown does) or
 * only between cells, so that a bar at the start is a blank first cell (“ | 产出指标 | …” under a merged
 * “绩效指标” column). Told from the whole file: bordered when every `|` line starts (ends) with a bar.
 */
export function pipeBorders(lines: readonly string[]): { lead: boolean; trail: boolean } {
  const rows = lines.map((l) => l.trim()).filter((l) => !l.includes('\t') && isPipeRow(l));
  return {
    lead: rows.length > 0 && rows.every((l) => /^[|｜]/.test(l)),
    trail: rows.length > 0 && rows.every((l) => /[|｜]$/.test(l)),
  };
}

/** How a flattened line splits into cells (with each cell's start column), or null when it is text. */
export function splitRow(
  raw: string,
  borders: { lead: boolean; trail: boolean } = { lead: true, trail: true },
): { cells: string[]; flattened: boolean; starts?: number[] } | null {
  const line = raw.replace(/\s+$/, '');
  if (line.includes('\t')) return { cells: line.split('\t'), flattened: false };
  if (isPipeRow(line)) {
    let body = line.trim();
    if (borders.lead) body = body.replace(/^[|｜]/, '');
    if (borders.trail) body = body.replace(/[|｜]$/, '');
    return { cells: body.split(/[|｜]/), flattened: false };
  }
  // Runs of two or more spaces split cells; a single space splits two figures when the first has its
  // decimals (“3,253.60 10”, a layout text's narrow columns), not an OCR slip inside one (“2 00.00”).
  const parts = [...line.matchAll(/\S+(?: \S+)*/g)].flatMap((m) => {
    const two = m[0].match(/^(-?[\d,]*\d\.\d+%?) ([\d,]*\d(?:\.\d+)?%?|[—-])$/);
    return two
      ? [
          { text: two[1]!, index: m.index! },
          { text: two[2]!, index: m.index! + two[1]!.length + 1 },
        ]
      : [{ text: m[0], index: m.index! }];
  });
  return parts.length >= 3
    ? { cells: parts.map((m) => m.text), flattened: true, starts: parts.map((m) => m.index) }
    : null;
}

/**
 * A wrapped cell's continuation (“款” under “其中：本年财政拨”): short, no figure, no sentence end, no
 * “label：value” (“自评等级：良好” under a table is a line of its own).
 */
const FRAGMENT = /^[^\d\s:：]{1,16}$/;

/** The display column of a place in a line: a Chinese character takes two (a hand-aligned or OCR text). */
const displayColumn = (line: string, index: number) => displayWidth(line.slice(0, index));

/**
 * Joins a line of wrapped cell ends to the row above, when every part of it is a fragment (short, no
 * figure, no sentence end, no “label：value”) that starts where one of the row's cells starts (by
 * character or by display column, within 3): false, and nothing changed, otherwise.
 */
function joinWrapped(
  raw: string,
  last: { row: GridRow; starts: number[]; line: string },
  index: number,
): boolean {
  const parts = [...raw.matchAll(/\S+(?: \S+)*/g)];
  const fragment = (t: string) => FRAGMENT.test(t) && !/[。；]$/.test(t) && !isHeadingWord(headingKey(t));
  if (!parts.length || !parts.every((p) => fragment(p[0]))) return false;
  const cols = last.starts.map((s) => displayColumn(last.line, s));
  const ends = last.row.cells.map((c, k) => last.starts[k]! + c.length);
  const targets = parts.map((p) => {
    const at = p.index!;
    const col = displayColumn(raw, at);
    let best = -1;
    let off = Infinity;
    last.starts.forEach((s, k) => {
      // Starting where the cell starts, or centred under it (“标” under “服务对象满意度指”).
      const within = at >= s && at + p[0].length <= ends[k]! + 1;
      const d = within ? 0 : Math.min(Math.abs(s - at), Math.abs(cols[k]! - col));
      if (d <= 3 && d < off) [best, off] = [k, d];
    });
    return best;
  });
  if (targets.some((k) => k < 0) || new Set(targets).size !== targets.length) return false;
  targets.forEach((k, j) => {
    last.row.cells[k] = normalizeCell(last.row.cells[k] + parts[j]![0]);
  });
  if (last.row.span) last.row.span.bottom = Math.max(last.row.span.bottom, index);
  return true;
}

/**
 * Whether line i is the upper half of a name wrapped around the next row's figures (a PDF centres the
 * figures between the name's lines: “服务对象满意度指” / the row / “标”): the next line is a row with
 * figures and no cell where this line's text is, and the line after holds text within this line's span.
 * Then it belongs to the row below, not to the row above.
 */
function centredAbove(lines: string[], i: number, borders: { lead: boolean; trail: boolean }): boolean {
  const next = lines[i + 1];
  const after = lines[i + 2];
  if (next === undefined || after === undefined || /\d/.test(lines[i]!)) return false;
  const row = splitRow(next, borders);
  if (!row?.starts || !row.cells.some((c) => /\d/.test(c)) || splitRow(after, borders)) return false;
  const parts = [...lines[i]!.matchAll(/\S+(?: \S+)*/g)];
  const tails = [...after.matchAll(/\S+(?: \S+)*/g)];
  const free = parts.every(
    (p) =>
      !row.cells.some(
        (c, k) => p.index! < row.starts![k]! + c.length && row.starts![k]! < p.index! + p[0].length,
      ),
  );
  const under =
    tails.length > 0 &&
    tails.every((t) => parts.some((p) => t.index! >= p.index! - 1 && t.index! <= p.index! + p[0].length));
  return free && under;
}

/** A line of text with no figure, just above a row: maybe the row's own name, printed higher. */
interface Above {
  raw: string;
  order: number;
  line: TextLine;
}

/**
 * The line above's parts as the row's cells, when they are short names (no figure, no sentence) sitting
 * where the row has no cell (no overlap with any of its cells) and the row has figures: merged in
 * column order. Null when it is not so (a heading, a note, a page header over the row stays text).
 */
function liftName(
  above: Above,
  split: { cells: string[]; starts?: number[] },
  raw: string,
): { cells: string[]; starts: number[]; cols: number[]; lifted: boolean[]; line: string } | null {
  const parts = [...above.raw.matchAll(/\S+(?: \S+)*/g)];
  if (!parts.length || parts.length > 3) return null;
  if (parts.some((p) => p[0].length > 16 || /[。；，]/.test(p[0]))) return null;
  if (!split.cells.some((c) => /\d/.test(c))) return null;
  const starts = split.starts!;
  const overlaps = (a: number, len: number) =>
    split.cells.some((c, k) => a < starts[k]! + c.length && starts[k]! < a + len);
  if (parts.some((p) => overlaps(p.index!, p[0].length))) return null;
  const merged = [
    ...parts.map((p) => ({ text: p[0], start: p.index!, col: displayColumn(above.raw, p.index!), up: true })),
    ...split.cells.map((c, k) => ({
      text: c,
      start: starts[k]!,
      col: displayColumn(raw, starts[k]!),
      up: false,
    })),
  ].sort((a, b) => a.start - b.start);
  // The joined line, so that a wrapped end below can find its cell by column.
  let line = '';
  for (const m of merged) line = line.padEnd(m.start, ' ') + m.text;
  return {
    cells: merged.map((m) => m.text),
    starts: merged.map((m) => m.start),
    cols: merged.map((m) => m.col),
    lifted: merged.map((m) => m.up),
    line,
  };
}

/** Lines of text (a .txt, a .docx's paragraphs and tab-joined rows, a PDF's layout text) as grids and lines. */
export function fromLines(
  file: string,
  kind: PublishedKind,
  lines: string[],
  where: (i: number) => string,
): PublishedSource {
  const grids: Grid[] = [];
  const text: TextLine[] = [];
  let current: Grid | null = null;
  let last: { row: GridRow; starts: number[]; line: string } | null = null;
  let gap = 0;
  let above: Above | null = null;
  const borders = pipeBorders(lines);
  // A PDF's cells wrapped over several lines are joined back into one line per row first.
  const { lines: joined, labels } =
    kind === 'pdf' ? joinWrappedCells(lines) : { lines, labels: new Set<number>() };
  const plain = joined.map((l) => l ?? '');
  joined.forEach((raw, i) => {
    if (raw === null) return;
    if (!raw.trim()) {
      // Blank lines inside a table (a page break, a PDF's row gap) do not end it; three do.
      if (++gap > 2) current = last = null;
      return;
    }
    const afterBlank = gap > 0;
    gap = 0;
    const split = splitRow(raw, borders);
    // Wrapped cells of the row above (a layout text, an OCR scan): “拨款” under “其中：本年财政”, or
    // “标    满意度指标” under “满意度指    服务对象”: each part joined to the cell starting at its column.
    if (
      last &&
      !split &&
      !afterBlank &&
      !labels.has(i) &&
      !centredAbove(plain, i, borders) &&
      joinWrapped(raw, last, i)
    )
      return;
    if (split) {
      if (!current) grids.push((current = { name: `第 ${grids.length + 1} 个表格`, rows: [] }));
      // A row's name printed on the line above its figures (a PDF centres a row's figures between the
      // lines of its wrapped name: “其中：本年财政拨” above, “款” below): the name's parts become its cells.
      const lifted = above && above.order === i - 1 && split.starts ? liftName(above, split, raw) : null;
      if (lifted) text.splice(text.indexOf(above!.line), 1);
      const cells = lifted?.cells ?? split.cells;
      const starts = lifted?.starts ?? split.starts;
      const row: GridRow = {
        cells: cells.map(normalizeCell),
        where: where(i),
        flattened: split.flattened,
        order: i,
        ...(starts
          ? {
              starts,
              cols: lifted?.cols ?? starts.map((x) => displayColumn(raw, x)),
            }
          : {}),
        ...(lifted ? { lifted: lifted.lifted } : {}),
        span: { top: lifted ? i - 1 : i, bottom: i },
      };
      current.rows.push(row);
      last = starts ? { row, starts, line: lifted?.line ?? raw } : null;
      above = null;
      return;
    }
    // A single line inside a table (a page header) does not end it.
    const indent = raw.length - raw.trimStart().length;
    const line: TextLine = {
      text: repairLine(toSimplified(normalizeLine(raw))).trim(),
      where: where(i),
      order: i,
      start: indent,
      col: displayColumn(raw, indent),
    };
    text.push(line);
    above = current && !labels.has(i) && !/\d/.test(raw) ? { raw, order: i, line } : null;
  });
  return { file, kind, grids, lines: text };
}

// ---------------------------------------------------------------------------------------------
// .xlsx

const MAX_XLSX_INFLATED = 60 * 1024 * 1024;

function sizeOk(path: string): GridRead | null {
  try {
    const st = statSync(path);
    if (!st.isFile()) return fail('report.notFile', path, '不是普通文件，应为表格或报告文件');
    if (st.size === 0) return fail('report.empty', path, '文件为空（0 字节），没有可核对的内容');
    if (st.size > MAX_REPORT_BYTES)
      return fail('report.tooLarge', path, `文件过大，上限 ${MAX_REPORT_BYTES / 1048576} MB`);
  } catch {
    return fail('report.notFound', path, '文件不存在或无法读取');
  }
  return null;
}

/** Excel number formats' decimals ("0.00" → 2), so 90 shown as 90.00 keeps its published precision. */
function formatPlaces(fmt: string | undefined): number | null {
  const m = fmt?.match(/0\.(0+)/);
  return m ? m[1]!.length : fmt && /^(0|#,##0)(;|$)/.test(fmt) ? 0 : null;
}

/** A number as the cell shows it: its format's decimals, ×100 with % for a percentage format. */
function shown(v: number, numFmt: string | undefined): string {
  const places = formatPlaces(numFmt);
  const pct = numFmt?.includes('%');
  // Scaled in decimal text, not by a binary ×100 (0.9705882352941176 → 97.05882352941176).
  const n = pct ? new Decimal(v).times(100) : new Decimal(v);
  const text = places === null ? n.toString() : n.toFixed(places);
  // “#,##0.00” shows thousands separators: the figure is quoted as the sheet shows it.
  const grouped = numFmt?.includes('#,##')
    ? text.replace(/^(-?\d+)/, (w) => w.replace(/\B(?=(\d{3})+$)/g, ','))
    : text;
  return grouped + (pct ? '%' : '');
}

function cellString(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return shown(v, cell.numFmt);
  // A formula (=E7/D7): its cached result, shown in the cell's format like a typed number.
  if (typeof v === 'object' && 'result' in v)
    return typeof v.result === 'number' ? shown(v.result, cell.numFmt) : String(v.result ?? '');
  return cell.text;
}

async function readXlsx(path: string): Promise<GridRead> {
  const bad = sizeOk(path);
  if (bad) return bad;
  const buf = readFileSync(path);
  // exceljs has no zip-bomb guard: inflate as a counted stream first, refusing at the limit.
  const z = await unzipBounded(buf, { maxTotalBytes: MAX_XLSX_INFLATED });
  if (!z.ok) return fail('report.notXlsx', path, `无法作为 Excel 工作簿打开：${z.message}`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return fail('report.notXlsx', path, '无法作为 Excel 工作簿（.xlsx）打开');
  }
  const grids: Grid[] = [];
  const lines: TextLine[] = [];
  let count = 0;
  wb.eachSheet((ws) => {
    const grid: Grid = { name: `工作表「${ws.name}」`, rows: [] };
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (++count > MAX_REPORT_LINES) return;
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const cell = row.getCell(c);
        // A merged range is read from its master cell only (exceljs repeats the value in every cell).
        cells.push(cell.isMerged && cell.master !== cell ? '' : normalizeCell(cellString(cell)));
      }
      while (cells.length && !cells[cells.length - 1]) cells.pop();
      const filled = cells.filter(Boolean);
      const where = `${grid.name}第 ${r} 行`;
      if (filled.length === 1) lines.push({ text: filled[0]!, where, order: count });
      else if (filled.length) grid.rows.push({ cells, where, flattened: false, order: count });
    });
    if (grid.rows.length) grids.push(grid);
  });
  if (count > MAX_REPORT_LINES)
    return fail('report.tooLong', path, `工作簿超过 ${MAX_REPORT_LINES} 行，不像一份自评表，已拒绝`);
  return { ok: true, source: { file: basename(path), kind: 'xlsx', grids, lines } };
}

// ---------------------------------------------------------------------------------------------
// .html

const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'title', 'caption', 'div']);

function readHtml(path: string): GridRead {
  const bad = sizeOk(path);
  if (bad) return bad;
  const decoded = decodeText(readFileSync(path));
  if (!decoded) return fail('report.notText', path, '网页文件的编码无法识别（不是 UTF-8 或 GB18030）');
  const dom = parseDocument(decoded.text);
  const grids: Grid[] = [];
  const lines: TextLine[] = [];
  const tableLines: TextLine[] = [];
  // A table holding other tables lays the page out: its cells are not a 自评表's (the tables inside are).
  const isLayout = (t: Element) => !!DomUtils.findOne((x) => x.name === 'table', t.children);
  const tables = DomUtils.getElementsByTagName('table', dom.children, true).filter((t) => !isLayout(t));
  tables.forEach((t) => {
    const name = `第 ${grids.length + 1} 个表格`;
    const grid: Grid = { name, rows: [] };
    const occupied: boolean[][] = [];
    // Rows of this table, not of a table nested in one of its cells.
    const trs = DomUtils.getElementsByTagName('tr', [t], true).filter((tr) => {
      for (let p = tr.parent; p; p = p.parent) if ((p as Element).name === 'table') return p === t;
      return false;
    });
    trs.forEach((tr, r) => {
      const cells: string[] = [];
      occupied[r] ??= [];
      let c = 0;
      for (const td of tr.children.filter(
        (n): n is Element => n.type === 'tag' && (n.name === 'td' || n.name === 'th'),
      )) {
        while (occupied[r]![c]) cells[c++] ??= '';
        const rs = Math.max(1, Number(td.attribs.rowspan ?? 1) || 1);
        const cs = Math.max(1, Number(td.attribs.colspan ?? 1) || 1);
        cells[c] = normalizeCell(DomUtils.textContent(td));
        for (let dr = 0; dr < rs; dr++)
          for (let dc = 0; dc < cs; dc++) {
            (occupied[r + dr] ??= [])[c + dc] = true;
            if (dr === 0 && dc > 0) cells[c + dc] = '';
          }
        c += cs;
      }
      for (let k = 0; k < cells.length; k++) cells[k] ??= '';
      const filled = cells.filter(Boolean);
      const where = `${name}第 ${r + 1} 行`;
      // A row of one cell (a title, a 说明 under the table, as Excel saves them) is a line of text.
      if (filled.length === 1) tableLines.push({ text: filled[0]!, where });
      else if (filled.length) grid.rows.push({ cells, where, flattened: false });
    });
    grids.push(grid);
  });
  let n = 0;
  // Inside a 自评表 (its cells are read as rows), not inside a layout table around one.
  const inTable = (e: Element) => {
    for (let p = e.parent; p; p = p.parent)
      if ((p as Element).name === 'table' && !isLayout(p as Element)) return true;
    return false;
  };
  for (const e of DomUtils.findAll(
    (e) =>
      BLOCKS.has(e.name) &&
      !inTable(e) &&
      !DomUtils.findOne((x) => BLOCKS.has(x.name) || x.name === 'table', e.children),
    dom.children,
  )) {
    const text = repairLine(toSimplified(normalizeLine(DomUtils.textContent(e))))
      .replace(/\s+/g, ' ')
      .trim();
    if (text) lines.push({ text, where: `网页第 ${++n} 段` });
  }
  lines.push(...tableLines);
  return { ok: true, source: { file: basename(path), kind: 'html', grids, lines } };
}
