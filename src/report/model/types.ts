/**
 * The report model (报告模型): the whole 自评报告 as plain data — headings, paragraphs, numbered
 * tables and charts — built once from (dataset, framework, score result) and rendered by separate
 * renderers (docx, html, md, pdf). Nothing here knows about a file format.
 */

/** A run of text inside a paragraph or cell. */
export interface Run {
  text: string;
  bold?: boolean;
  /** A visible 【待填写：…】 placeholder where the user has not written the text. */
  placeholder?: boolean;
}

export interface HeadingBlock {
  kind: 'heading';
  /** 1 “一、” (黑体) · 2 “（一）” (楷体) · 3 “1.” · 4 “（1）” (仿宋). */
  level: 1 | 2 | 3 | 4;
  /** The full heading, numbering included: “一、部门基本情况”. */
  text: string;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  runs: Run[];
  /** body: indented 2 characters; plain: no indent (lists inside tables, notes). */
  style?: 'body' | 'plain';
}

export type CellAlign = 'left' | 'center' | 'right';

export interface Cell {
  text: string;
  /** Several lines inside one cell (评分标准, 变动原因). Takes precedence over `text` when given. */
  lines?: string[];
  colSpan?: number;
  /** A cell merged down over this many rows; the rows below omit it. */
  rowSpan?: number;
  align?: CellAlign;
  bold?: boolean;
  placeholder?: boolean;
}

export interface TableBlock {
  kind: 'table';
  /** Stable id for tests and links: “budget-yoy”. */
  id: string;
  /** “表 1-2”, or “附表” for the appendix; unique and in order. */
  number: string;
  title: string;
  /** “单位：万元”. */
  unit?: string;
  /** Relative column widths; renderers scale them to the text block. */
  columns: number[];
  /** Header rows, repeated on every page. */
  header: Cell[][];
  rows: Cell[][];
  /** Font size hint: small for the wide appendix table. */
  size?: 'normal' | 'small';
  /** The appendix is printed on a landscape page. */
  landscape?: boolean;
  /** Notes printed under the table (“说明：…”), e.g. a project's scoring findings. */
  notes?: string[];
}

export interface ChartSeries {
  name: string;
  type: 'bar' | 'line';
  /** Values as decimal strings (exact); charts convert them only to draw. null: no value (no bar, a gap in a line). */
  values: (string | null)[];
  /** The label printed at each point, formatted as the report formats figures. */
  labels: string[];
}

export interface ChartSpec {
  categories: string[];
  series: ChartSeries[];
  /** Axis name: “%”, “分”, “万元”. */
  unit: string;
  /** Fixed axis maximum when meaningful (100 % for rates). */
  max?: number;
  /** Category labels are long (indicator names): rotate or wrap them. */
  longLabels?: boolean;
  /** The values are counts: the axis shows whole numbers only. */
  integer?: boolean;
}

export interface ChartBlock {
  kind: 'chart';
  id: string;
  /** “图 1”. */
  number: string;
  title: string;
  spec: ChartSpec;
}

export type Block = HeadingBlock | ParagraphBlock | TableBlock | ChartBlock;

/** A text the user has to write; shown in the report as 【待填写：label】 and listed by the CLI. */
export interface Placeholder {
  /** Where the text belongs in the dataset: “narrative.goals”, “measures.extra-staff-control”. */
  key: string;
  label: string;
  /** The section heading it appears under. */
  section: string;
}

export interface ReportModel {
  /** evaluation (default): the year-end 自评报告; monitoring: the 绩效运行监控报告. */
  kind?: 'evaluation' | 'monitoring';
  /** “2023 年度部门整体绩效自评报告”. */
  title: string;
  department: string;
  year: number;
  framework: { id: string; name: string };
  total: string;
  grade?: string | undefined;
  blocks: Block[];
  placeholders: Placeholder[];
  /** Things the builder noticed and handled (e.g. a narrative line that was a heading and was dropped). */
  notices: string[];
}
