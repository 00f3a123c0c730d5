/**
 * Recognising a published 自评表 in rows: the 项目资金 block (年初预算数 / 全年预算数 / 全年执行数 /
 * 分值 / 执行率 / 得分 by 年度资金总额 and its 其中 rows), the indicator table (一级 / 二级 / 三级指标,
 * 指标值, 实际完成值, 分值, 得分, 偏差原因; a 部门整体 table carries a 分值 beside each level), the
 * 总分 row and the 评价等级. Headings are told by the phrase tables in phrases.ts, not by position.
 * Merged cells are blank in every reader: 一级 and 二级 names carry down.
 */
import type { Grid, GridRow, PublishedSource, TextLine } from './grid.ts';
import { cellNumber, headingKey, isBlank, unitIn, type AmountUnit } from './normalize.ts';
import { placeMergedNames, splitNamedWeights } from './layout.ts';
import {
  FUNDS_COLUMNS,
  FUNDS_ROWS,
  GRADE_LABELS,
  INDICATOR_COLUMNS,
  LEVEL1_OF_LEVEL2,
  FUNDS_HEADS,
  SIGNATURE,
  TITLES,
  TOTAL_ROWS,
  matchPhrase,
  partitionHead,
  partitionOf,
  type FundsPartition,
} from './phrases.ts';

export type FundsColumn = keyof typeof FUNDS_COLUMNS;
export type FundsRowKind = keyof typeof FUNDS_ROWS;

/** A cell as read: its text, the row's place and the column's heading. */
export interface Cell {
  text: string;
  where: string;
  column: string;
}

export interface FundsRow {
  kind: FundsRowKind;
  /** The partition of the total a part row is in (none for the total). */
  partition: FundsPartition | null;
  label: string;
  where: string;
  values: Partial<Record<FundsColumn, Cell>>;
}

export interface FundsBlock {
  grid: string;
  where: string;
  unit: AmountUnit;
  columns: FundsColumn[];
  rows: FundsRow[];
}

export interface IndicatorRow {
  where: string;
  level1: string;
  level1Weight?: Cell;
  /** A 一级 / 二级 subtotal's stated score (a row of its own above its leaves), on its first leaf. */
  level1Score?: Cell;
  level2: string;
  level2Weight?: Cell;
  level2Score?: Cell;
  level3: string;
  target?: Cell;
  actual?: Cell;
  weight?: Cell;
  score?: Cell;
  reason: string;
  /** The row as read (its cells' starting columns place them in a layout text). */
  source?: GridRow;
  /** The 一级 / 二级 names in the row's own cells, before any carried down from the rows above. */
  own?: { level1?: string; level2?: string };
}

export type HeaderField = Exclude<keyof IndicatorHeader, 'width'>;
export interface HeaderColumn {
  field: HeaderField;
  start: number;
  col: number;
}

export interface IndicatorTable {
  grid: string;
  where: string;
  layout: 'project' | 'department';
  rows: IndicatorRow[];
  /** A layout text's header (PDF): where each column starts, to place cells and merged names by. */
  columns?: HeaderColumn[];
  /** Places of the header row and of the 总分 row among the file's rows and lines. */
  order?: number;
  end?: number;
  total?: { where: string; weight?: Cell; score?: Cell };
  grade?: string;
}

export type TableKind = 'project' | 'department';
export interface TableInfo {
  project?: string;
  department?: string;
  unit?: string;
}

/** One 自评表 of a file: a department publishes all its projects' tables in one PDF or workbook. */
export interface PublishedTable {
  kind: TableKind;
  title?: string;
  info: TableInfo;
  funds?: FundsBlock;
  indicators: IndicatorTable[];
  /** Its own text (lines from its first row to the next table's, long text cells): where reasons are. */
  notes: TextLine[];
}

export interface Recognised {
  /** The file's kind: its first table's, or its title's when no table was read. */
  kind: TableKind | null;
  title?: string;
  /** The first table's names (project, 主管部门, 实施单位). */
  info: TableInfo;
  tables: PublishedTable[];
  /** The file opens with a 自评表 title (“项目支出绩效自评表”, not a report's “…自评报告”) above its tables. */
  titled: boolean;
  /** Text to read as narrative: lines outside tables and long text cells (年度总体目标, 说明). */
  narrative: TextLine[];
}

function fundsHeader(row: GridRow): Map<FundsColumn, number> | null {
  const map = new Map<FundsColumn, number>();
  row.cells.forEach((c, i) => {
    const f = matchPhrase(headingKey(c), FUNDS_COLUMNS);
    if (f && !map.has(f)) map.set(f, i);
  });
  return map.has('adjusted') && map.has('executed') ? map : null;
}

interface IndicatorHeader {
  level1?: number;
  level1Weight?: number;
  level2?: number;
  level2Weight?: number;
  level3?: number;
  target?: number;
  actual?: number;
  weight?: number;
  score?: number;
  reason?: number;
  width: number;
}

function indicatorHeader(row: GridRow): IndicatorHeader | null {
  const h: IndicatorHeader = { width: row.cells.length };
  row.cells.forEach((c, i) => {
    const f = matchPhrase(headingKey(c), INDICATOR_COLUMNS);
    if (!f) return;
    if (f === 'weight') {
      // A 分值 right after a level's name is that level's weight (部门整体 layouts).
      if (h.level1 === i - 1 && h.level1Weight === undefined) h.level1Weight = i;
      else if (h.level2 === i - 1 && h.level2Weight === undefined) h.level2Weight = i;
      else h.weight ??= i;
    } else if (h[f] === undefined) h[f] = i;
  });
  return h.level3 !== undefined && h.score !== undefined && (h.weight !== undefined || h.target !== undefined)
    ? h
    : null;
}

/**
 * A funds row's name (the first word cell), skipping a “其中：” cell of its own and a partition head
 * before it (“按支出性质分 | 基本支出 | …”). A row holding only a partition head says so: `head`.
 */
const fundsRowLabel = (row: GridRow) => {
  let head: ReturnType<typeof partitionHead> = null;
  for (const c of row.cells) {
    if (isBlank(c) || cellNumber(c)) continue;
    const key = headingKey(c);
    if (!key) continue;
    // The block's own name in a cell of the row (a PDF prints a merged “项目资金（万元）” on a row).
    if (FUNDS_HEADS.includes(key)) continue;
    const p = partitionHead(key);
    if (p) {
      head = p;
      continue;
    }
    const f = matchPhrase(key, FUNDS_ROWS);
    return f ? { field: f, text: c, head } : null;
  }
  return head ? { field: null, text: '', head } : null;
};

const isTotalRow = (row: GridRow) => {
  const first = row.cells.find((c) => !isBlank(c) && !cellNumber(c));
  return first !== undefined && (TOTAL_ROWS as readonly string[]).includes(headingKey(first));
};

/** A grade written after its label in one cell or line: “自评等级：良好”. */
const GRADE_TEXT = new RegExp(`^(?:${GRADE_LABELS.join('|')})(?:\\s*[:：]\\s*|\\s+)(\\S+)$`);

function gradeIn(row: GridRow): string | undefined {
  const i = row.cells.findIndex((c) => (GRADE_LABELS as readonly string[]).includes(headingKey(c)));
  if (i < 0) {
    for (const c of row.cells) {
      const m = c.match(GRADE_TEXT);
      if (m) return m[1];
    }
    return undefined;
  }
  return row.cells.slice(i + 1).find((c) => !isBlank(c));
}

const cell = (row: GridRow, i: number | undefined, column: string): Cell | undefined =>
  i === undefined ? undefined : { text: row.cells[i] ?? '', where: row.where, column };

function positional(row: GridRow, width: number): boolean {
  return !row.flattened || row.cells.length >= width;
}

/**
 * An indicator row split from flattened text (blank cells collapsed): read from the 分值 / 得分 pair,
 * the cells before it right-aligned to the header's columns before 分值 (三级, 指标值, 实际值… as the
 * table has them; blank ones are the merged names on the left).
 */
function collapsedIndicator(
  row: GridRow,
  h: IndicatorHeader,
): Omit<IndicatorRow, 'level1' | 'level2'> & {
  level1?: string;
  level2?: string;
} {
  const c = row.cells;
  let i = -1;
  for (let k = c.length - 2; k >= 0; k--)
    if (cellNumber(c[k]) && cellNumber(c[k + 1])) {
      i = k;
      break;
    }
  const at = (k: number, column: string) => ({ text: c[k] ?? '', where: row.where, column });
  if (i < 0) return { where: row.where, level3: c[0] ?? '', reason: '' };
  const before = c.slice(0, i);
  const names = (['level1', 'level2', 'level3', 'target', 'actual'] as const)
    .filter((f) => h[f] !== undefined && h[f] < (h.weight ?? Infinity))
    .sort((a, b) => h[a]! - h[b]!);
  // Right-aligned: the last cell before the pair is the last name column, and so on to the left.
  const got: Partial<Record<(typeof names)[number], number>> = {};
  names
    .slice()
    .reverse()
    .forEach((f, k) => {
      if (before.length - 1 - k >= 0) got[f] = before.length - 1 - k;
    });
  const text = (f: (typeof names)[number]) => (got[f] === undefined ? undefined : before[got[f]]);
  return {
    where: row.where,
    level1: text('level1'),
    level2: text('level2'),
    level3: text('level3') ?? '',
    target: got.target !== undefined ? at(got.target, '年度指标值') : undefined,
    actual: got.actual !== undefined ? at(got.actual, '实际完成值') : undefined,
    weight: at(i, '分值'),
    score: at(i + 1, '得分'),
    reason: c.slice(i + 2).join(' '),
  };
}

/** A flattened header's columns with where each starts (a layout text's), or none. */
function headerColumns(row: GridRow, h: IndicatorHeader): HeaderColumn[] | undefined {
  if (!row.starts || !row.cols) return undefined;
  return (Object.keys(h) as (keyof IndicatorHeader)[])
    .filter((k): k is HeaderField => k !== 'width' && h[k] !== undefined)
    .map((field) => ({ field, start: row.starts![h[field]!]!, col: row.cols![h[field]!]! }))
    .sort((a, b) => a.start - b.start);
}

/** Where the names carry down from: the row above, or the subtotal rows since. */
type Carry = Pick<IndicatorRow, 'level1' | 'level2'>;

/**
 * A subtotal row of a tree laid out row by row (“部门决策 | | | 20 | 19”, “| 预算编制 | | 10 | 10”): a
 * 一级 or 二级 name with its own 分值 / 得分 and no 三级 name. Only where columns are known (not from
 * flattened text whose blank cells collapsed).
 */
function subtotalIn(
  row: GridRow,
  h: IndicatorHeader,
): { level: 'level1' | 'level2'; name: string; weight: Cell; score?: Cell } | null {
  if (!positional(row, h.width) || h.level3 === undefined || h.weight === undefined) return null;
  if (!isBlank(row.cells[h.level3]) || !cellNumber(row.cells[h.weight])) return null;
  const l2 = h.level2 === undefined ? '' : (row.cells[h.level2] ?? '');
  const l1 = h.level1 === undefined ? '' : (row.cells[h.level1] ?? '');
  const level = !isBlank(l2) ? 'level2' : !isBlank(l1) ? 'level1' : null;
  if (!level) return null;
  const score = cell(row, h.score, level === 'level1' ? '一级指标得分' : '二级指标得分');
  return {
    level,
    name: level === 'level2' ? l2 : l1,
    weight: cell(row, h.weight, level === 'level1' ? '一级指标分值' : '二级指标分值')!,
    score: cellNumber(score?.text) ? score : undefined,
  };
}

function readIndicator(row: GridRow, h: IndicatorHeader, prev: Carry | undefined): IndicatorRow | null {
  let r: Partial<IndicatorRow> & { level1?: string; level2?: string };
  if (positional(row, h.width)) {
    const text = (i: number | undefined) => (i === undefined ? '' : (row.cells[i] ?? ''));
    r = {
      where: row.where,
      level1: text(h.level1),
      level1Weight:
        h.level1Weight !== undefined && !isBlank(row.cells[h.level1Weight])
          ? cell(row, h.level1Weight, '一级指标分值')
          : undefined,
      level2: text(h.level2),
      level2Weight:
        h.level2Weight !== undefined && !isBlank(row.cells[h.level2Weight])
          ? cell(row, h.level2Weight, '二级指标分值')
          : undefined,
      level3: text(h.level3),
      target: cell(row, h.target, '年度指标值'),
      actual: cell(row, h.actual, '实际完成值'),
      weight: cell(row, h.weight, '分值'),
      score: cell(row, h.score, '得分'),
      reason: text(h.reason),
    };
  } else r = collapsedIndicator(row, h);
  if (isBlank(r.level3) && !cellNumber(r.score?.text) && !cellNumber(r.weight?.text)) return null;
  const newLevel1 = !isBlank(r.level1);
  const level2 = !isBlank(r.level2) ? r.level2! : newLevel1 ? '' : (prev?.level2 ?? '');
  const level1 = newLevel1 ? r.level1! : (prev?.level1 ?? LEVEL1_OF_LEVEL2[level2] ?? '');
  return {
    ...(r as IndicatorRow),
    level1: level1 || LEVEL1_OF_LEVEL2[level2] || '',
    level2,
    reason: r.reason ?? '',
    source: row,
    own: {
      ...(newLevel1 ? { level1: r.level1! } : {}),
      ...(!isBlank(r.level2) ? { level2: r.level2! } : {}),
    },
  };
}

/** The value beside a label cell ("项目名称 | XX 项目"), or after the label on a text line. */
function besideLabel(rows: GridRow[], lines: TextLine[], labels: string[]): string | undefined {
  for (const row of rows) {
    const i = row.cells.findIndex((c) => labels.includes(headingKey(c)));
    if (i >= 0) return row.cells.slice(i + 1).find((c) => !isBlank(c));
  }
  for (const l of lines) {
    const m = l.text.match(new RegExp(`^(?:${labels.join('|')})(?:[:：]|\\s)\\s*([^\\s，。；]+)`));
    if (m) return m[1];
  }
  return undefined;
}

const NAME_LABELS = {
  project: ['项目名称'],
  department: ['主管部门', '部门名称', '单位名称', '预算部门', '部门（单位）名称', '单位（部门）名称'],
  unit: ['实施单位'],
} as const;
const ALL_NAME_LABELS: readonly string[] = [...NAME_LABELS.project, ...NAME_LABELS.department];

/** A short line naming a table kind, not a mention of it inside 《》 in a sentence. */
function titleIn(texts: string[], list: readonly string[]): string | undefined {
  return texts.find((t) => {
    const bare = t.replace(/《[^》]*》/g, '').replace(/\s+/g, '');
    return t.length <= 60 && list.some((p) => bare.includes(p));
  });
}

/** A table being read: its rows so far (for its names) and the place of its first and last row. */
interface Segment {
  funds?: FundsBlock;
  indicators: IndicatorTable[];
  rows: GridRow[];
  first?: number;
  last?: number;
  /** The indicator table being read when a grid ended: a table split over pages goes on in the next. */
  open?: IndicatorState;
}

interface IndicatorState {
  table: IndicatorTable;
  header: IndicatorHeader;
  carry?: Carry;
  pending: Partial<Record<'level1' | 'level2', NonNullable<ReturnType<typeof subtotalIn>>>>;
}

const hasContent = (s: Segment) => !!s.funds || s.indicators.length > 0;

export function recognise(src: PublishedSource): Recognised {
  const allRows = src.grids.flatMap((g) => g.rows);
  const fileTexts = [...src.lines.map((l) => l.text), ...allRows.slice(0, 3).flatMap((r) => r.cells)];
  const fileProject = titleIn(fileTexts, TITLES.project);
  const fileDept = titleIn(fileTexts, TITLES.department);
  let docUnit: AmountUnit | null = null;
  for (const l of src.lines) docUnit ??= /单位/.test(l.text) ? unitIn(l.text) : null;

  const segments: Segment[] = [{ indicators: [], rows: [] }];
  for (const grid of src.grids) scanGrid(grid, segments, docUnit);
  const found = segments.filter(hasContent);
  for (const seg of found) for (const t of seg.indicators) placeMergedNames(t, src.lines);

  // Each table's names and title: from its own rows, then from the text lines since the table before.
  const ordered = found.every((s) => s.last !== undefined) && src.lines.every((l) => l.order !== undefined);
  const tables: PublishedTable[] = found.map((seg, k) => {
    const after = k > 0 ? found[k - 1]!.last! : -Infinity;
    const lines =
      ordered && found.length > 1
        ? src.lines.filter((l) => l.order! > after && l.order! <= seg.last!)
        : src.lines;
    const texts = [...lines.map((l) => l.text), ...seg.rows.slice(0, 3).flatMap((r) => r.cells)];
    const projectTitle = found.length > 1 ? titleIn(texts, TITLES.project) : fileProject;
    const deptTitle = found.length > 1 ? titleIn(texts, TITLES.department) : fileDept;
    // A 部门整体 table may carry a funds block and 指标值 rows like a project's: its title tells.
    const dept =
      (deptTitle && !projectTitle) ||
      (!projectTitle && !fileProject && fileDept) ||
      (!seg.funds && seg.indicators.every((t) => t.layout === 'department'));
    // A grade on a line of its own below the table (“自评等级：良好”) is its last indicator table's.
    const lastTable = seg.indicators[seg.indicators.length - 1];
    if (lastTable && !lastTable.grade) {
      const below = ordered
        ? src.lines.filter((l) => l.order! > seg.last! && l.order! < (found[k + 1]?.first ?? Infinity))
        : found.length === 1
          ? src.lines
          : [];
      lastTable.grade = below.map((l) => l.text.match(GRADE_TEXT)?.[1]).find(Boolean);
    }
    return {
      kind: dept ? 'department' : 'project',
      title: projectTitle ?? deptTitle,
      info: {
        project: besideLabel(seg.rows, lines, [...NAME_LABELS.project]),
        department: besideLabel(seg.rows, lines, [...NAME_LABELS.department]),
        unit: besideLabel(seg.rows, lines, [...NAME_LABELS.unit]),
      },
      funds: seg.funds,
      indicators: seg.indicators,
      notes:
        ordered && found.length > 1
          ? [
              // A 说明 under a table is that table's: from its first row to the next table's.
              ...src.lines.filter(
                (l) => l.order! >= (seg.first ?? after) && l.order! < (found[k + 1]?.first ?? Infinity),
              ),
              ...longCellsOf(seg.rows),
            ]
          : [...src.lines, ...longCellsOf(allRows)],
    };
  });
  const longCells = longCellsOf(allRows);
  const first = tables[0];
  const firstRow = allRows[0]?.order ?? Infinity;
  const opening = src.lines.filter((l) => (l.order ?? 0) < firstRow).slice(0, 3);
  const tableTitles = [...TITLES.project, ...TITLES.department].filter((t) => t.endsWith('表'));
  return {
    titled:
      titleIn(
        opening.map((l) => l.text),
        tableTitles,
      ) !== undefined,
    kind: first?.kind ?? (fileProject ? 'project' : fileDept ? 'department' : null),
    title: first?.title ?? fileProject ?? fileDept,
    info: first?.info ?? {
      project: besideLabel(allRows, src.lines, [...NAME_LABELS.project]),
      department: besideLabel(allRows, src.lines, [...NAME_LABELS.department]),
      unit: besideLabel(allRows, src.lines, [...NAME_LABELS.unit]),
    },
    tables,
    narrative: [...src.lines, ...longCells],
  };
}

const COLUMN_WORDS: ReadonlySet<string> = new Set([
  ...Object.values(FUNDS_COLUMNS).flat(),
  ...Object.values(INDICATOR_COLUMNS).flat(),
]);

/** A row of headings only (no figure), every one a known column name: the lower row of a two-row heading. */
function headingOnly(row: GridRow): boolean {
  const filled = row.cells.filter((c) => !isBlank(c));
  return filled.length > 0 && filled.every((c) => !cellNumber(c) && COLUMN_WORDS.has(headingKey(c)));
}

function mergeHeading(upper: string[], lower: string[]): string[] {
  return Array.from({ length: Math.max(upper.length, lower.length) }, (_, c) =>
    !isBlank(lower[c]) ? lower[c]! : (upper[c] ?? ''),
  );
}

/**
 * A layout text's funds row placed by where its cells start (a PDF: a row may hold a name the heading
 * line lacks, so counting cells misplaces every figure): each cell after the name to the heading column
 * nearest it, by characters or by display columns, within half the narrowest gap between headings and
 * no two to one column. Null when the row or heading has no places, or they do not fit.
 */
function byColumns(
  header: GridRow,
  cols: [FundsColumn, number][],
  row: GridRow,
  labelIndex: number,
): Partial<Record<FundsColumn, number>> | null {
  if (!header.starts || !row.starts || !header.cols || !row.cols || labelIndex < 0) return null;
  for (const m of ['starts', 'cols'] as const) {
    const hs = cols.map(([, i]) => header[m]![i]!);
    const gaps = hs.slice(1).map((h, k) => h - hs[k]!);
    const tolerance = Math.max(2, Math.min(...gaps, 16) / 2);
    const out: Partial<Record<FundsColumn, number>> = {};
    let ok = true;
    for (let k = labelIndex + 1; k < row.cells.length && ok; k++) {
      let best = -1;
      let off = Infinity;
      for (let j = 0; j < cols.length; j++) {
        const d = Math.abs(hs[j]! - row[m]![k]!);
        if (d < off) [best, off] = [j, d];
      }
      const f = cols[best]?.[0];
      if (f === undefined || off > tolerance || out[f] !== undefined) ok = false;
      else out[f] = k;
    }
    if (ok) return out;
  }
  return null;
}

/** Long text cells (年度总体目标, 说明 written in the table): read as narrative. */
function longCellsOf(rows: GridRow[]): TextLine[] {
  return rows.flatMap((r) =>
    r.cells
      .filter((c) => c.length >= 40 && /[\u4e00-\u9fff]/.test(c))
      .map((text) => ({ text, where: r.where })),
  );
}

/** Whether a row names a table (“项目名称 | …”, “部门名称 | …”): the start of the next one in a file. */
const namesTable = (row: GridRow) => {
  const first = row.cells.find((c) => !isBlank(c));
  return first !== undefined && ALL_NAME_LABELS.includes(headingKey(first));
};

const sameHeader = (a: IndicatorHeader, b: IndicatorHeader) =>
  (Object.keys(a) as (keyof IndicatorHeader)[]).every((k) => a[k] === b[k]);

function scanGrid(grid: Grid, segments: Segment[], docUnit: AmountUnit | null) {
  let funds: {
    block: FundsBlock;
    header: Map<FundsColumn, number>;
    width: number;
    headerRow: GridRow;
  } | null = null;
  let seg = segments[segments.length - 1]!;
  // A table split over two grids (a page break in Word, two <table>s on a web page) goes on.
  let ind: IndicatorState | null = seg.open ?? null;
  // The next table of the file starts here: its names, its funds, its indicators are its own.
  const next = () => {
    if (hasContent(seg)) segments.push((seg = { indicators: [], rows: [] }));
    funds = null;
    ind = null;
  };
  for (let i = 0; i < grid.rows.length; i++) {
    let row = grid.rows[i]!;
    // A heading over two rows (“预算数” over “年初预算数 | 全年预算数”, “评分” over “分值 | 得分”): read
    // column by column, the lower cell where it has one, as one heading row.
    const below = grid.rows[i + 1];
    if (
      below &&
      !row.flattened &&
      !below.flattened &&
      headingOnly(below) &&
      !fundsHeader(below) &&
      !indicatorHeader(below)
    ) {
      const merged = { ...row, cells: mergeHeading(row.cells, below.cells) };
      if (fundsHeader(merged) || indicatorHeader(merged)) {
        row = merged;
        i++;
      }
    }
    if (SIGNATURE.test(row.cells.join(' '))) continue;
    // A name row after a table's content starts the next table.
    if (namesTable(row) && hasContent(seg)) next();
    seg.rows.push(row);
    seg.first ??= row.order;
    if (row.order !== undefined) seg.last = row.order;
    const grade = gradeIn(row);
    if (grade && ind) ind.table.grade = grade;
    const fh = fundsHeader(row);
    if (fh) {
      if (seg.funds || seg.indicators.length) {
        next();
        seg.rows.push(row);
        seg.first = seg.last = row.order;
      }
      const unit = row.cells.map(unitIn).find(Boolean) ?? docUnit ?? '万元';
      const block: FundsBlock = {
        grid: grid.name,
        where: row.where,
        unit,
        columns: [...fh.keys()],
        rows: [],
      };
      funds = { block, header: fh, width: row.cells.length, headerRow: row };
      ind = null;
      continue;
    }
    const ih = indicatorHeader(row);
    if (ih) {
      // A header repeated at the top of a page continues the table it heads.
      if (ind && !ind.table.total && sameHeader(ind.header, ih)) continue;
      if (seg.indicators.some((t) => t.total)) {
        next();
        seg.rows.push(row);
        seg.first = seg.last = row.order;
      }
      const dept = ih.level1Weight !== undefined || ih.level2Weight !== undefined;
      const table: IndicatorTable = {
        grid: grid.name,
        where: row.where,
        layout: dept ? 'department' : 'project',
        rows: [],
        order: row.order,
        columns: headerColumns(row, ih),
      };
      seg.indicators.push(table);
      ind = { table, header: ih, pending: {} };
      funds = null;
      continue;
    }
    if (funds) {
      const label = fundsRowLabel(row);
      if (label && !label.field) continue; // a partition's head on a row of its own
      if (label?.field) {
        const kind = label.field;
        const values: FundsRow['values'] = {};
        const cols = [...funds.header.entries()].sort((a, b) => a[1] - b[1]);
        const placed = byColumns(funds.headerRow, cols, row, row.cells.indexOf(label.text));
        if (placed) {
          for (const [f, k] of Object.entries(placed) as [FundsColumn, number][])
            values[f] = { text: row.cells[k] ?? '', where: row.where, column: FUNDS_COLUMNS[f][0] };
        } else if (!row.flattened) {
          for (const [f, i] of cols)
            values[f] = { text: row.cells[i] ?? '', where: row.where, column: FUNDS_COLUMNS[f][0] };
        } else {
          const after = row.cells.slice(row.cells.indexOf(label.text) + 1);
          cols.forEach(([f], k) => {
            if (after[k] !== undefined)
              values[f] = { text: after[k], where: row.where, column: FUNDS_COLUMNS[f][0] };
          });
        }
        funds.block.rows.push({
          kind,
          partition: kind === 'total' ? null : (label.head ?? partitionOf(kind)),
          label: label.text,
          where: row.where,
          values,
        });
        // A block is the table's only when it has rows (a header alone may be a report's other table).
        seg.funds ??= funds.block;
        continue;
      }
      funds = null;
    }
    if (ind) {
      if (isTotalRow(row)) {
        const h = ind.header;
        ind.table.end = row.order;
        if (positional(row, h.width)) {
          ind.table.total = {
            where: row.where,
            weight: cell(row, h.weight, '分值'),
            score: cell(row, h.score, '得分'),
          };
          if (!cellNumber(ind.table.total.score?.text)) {
            const nums = row.cells.filter((c) => cellNumber(c));
            if (nums.length)
              ind.table.total.score = { text: nums[nums.length - 1]!, where: row.where, column: '得分' };
          }
        } else {
          const nums = row.cells.filter((c) => cellNumber(c));
          const at = (t: string | undefined, column: string) =>
            t === undefined ? undefined : { text: t, where: row.where, column };
          ind.table.total = {
            where: row.where,
            weight: nums.length >= 2 ? at(nums[nums.length - 2], '分值') : undefined,
            score: at(nums[nums.length - 1], '得分'),
          };
        }
        continue;
      }
      // Nothing after the 总分 row is an indicator (a signature line, a note).
      if (grade || ind.table.total) continue;
      const sub = subtotalIn(row, ind.header);
      if (sub) {
        // The names carry down from the subtotal; its 分值 / 得分 wait for the first leaf under it.
        ind.table.layout = 'department';
        if (sub.level === 'level1') ind.carry = { level1: sub.name, level2: '' };
        else ind.carry = { level1: ind.carry?.level1 ?? '', level2: sub.name };
        ind.pending[sub.level] = sub;
        if (sub.level === 'level1') ind.pending.level2 = undefined;
        continue;
      }
      const r = readIndicator(row, ind.header, ind.carry);
      if (r) {
        for (const level of ['level1', 'level2'] as const) {
          const p = ind.pending[level];
          if (!p || r[level] !== p.name) continue;
          r[`${level}Weight`] ??= p.weight;
          r[`${level}Score`] ??= p.score;
          ind.pending[level] = undefined;
        }
        if (splitNamedWeights(r)) ind.table.layout = 'department';
        ind.carry = { level1: r.level1, level2: r.level2 };
        ind.table.rows.push(r);
      }
    }
  }
  seg.open = ind ?? undefined;
}
