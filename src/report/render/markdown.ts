/**
 * The report as Markdown (GitHub flavour): headings by level, pipe tables where a table has one header
 * row and no merged cells, an HTML table (allowed in Markdown) where it has merges, and charts as
 * images — embedded SVG data URIs by default, or links the caller provides (the CLI writes the SVG
 * files next to the .md).
 */
import { chartSvg } from '../charts/render.ts';
import type { Block, Cell, ChartBlock, ReportModel, Run, TableBlock } from '../model/types.ts';
import { tableHtml } from './html.ts';
import { cellLines } from './layout.ts';

export interface MarkdownOptions {
  /** Where a chart's image is; default: an embedded data:image/svg+xml URI. */
  chartLink?: (chart: ChartBlock) => string;
}

/**
 * Text as literal inline Markdown: characters Markdown or its inline HTML could read as markup are
 * backslash-escaped, and a line break becomes a space, so user text (a department name, a title) can
 * neither start a heading, list or table row of its own nor inject HTML.
 */
const escapeMd = (s: string) => s.replace(/\r\n?|\n/g, ' ').replace(/([\\`*_[\]|<>&~])/g, '\\$1');

/** Escaped text that opens a line: a leading "#", "-", "+", "=" or "1." would start a block. */
const escapeLine = (s: string) =>
  escapeMd(s)
    .replace(/^(\s*)([#+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');

/** Escaped heading text: a trailing "#" run would be read as the heading's closing sequence. */
const escapeHeading = (s: string) => escapeMd(s).replace(/(#+)\s*$/, (m) => m.replace(/#/g, '\\#'));

function runs(rs: Run[]): string {
  return rs
    .map((r, i) => {
      const text = i === 0 ? escapeLine(r.text) : escapeMd(r.text);
      return r.placeholder || r.bold ? `**${text}**` : text;
    })
    .join('');
}

const merged = (t: TableBlock) =>
  t.header.length > 1 ||
  [...t.header, ...t.rows].some((r) => r.some((c) => (c.colSpan ?? 1) > 1 || (c.rowSpan ?? 1) > 1));

function cellMd(c: Cell): string {
  const text = cellLines(c).map(escapeMd).join('<br>');
  return c.placeholder || c.bold ? `**${text}**` : text;
}

function table(t: TableBlock): string {
  if (merged(t)) return tableHtml({ ...t, notes: undefined });
  const head = t.header[0]!;
  const align = (c: Cell | undefined) =>
    c?.align === 'right' ? '---:' : c?.align === 'left' ? ':---' : ':---:';
  return [
    `**${escapeMd(`${t.number} ${t.title}`)}**`,
    ...(t.unit ? ['', escapeLine(t.unit)] : []),
    '',
    `| ${head.map(cellMd).join(' | ')} |`,
    `| ${head.map((_, i) => align(t.rows[0]?.[i])).join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(cellMd).join(' | ')} |`),
  ].join('\n');
}

function block(b: Block, opts: MarkdownOptions): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level + 1)} ${escapeHeading(b.text)}`;
    case 'paragraph':
      return runs(b.runs);
    case 'table':
      return [table(b), ...(b.notes ?? []).map(escapeLine)].join('\n\n');
    case 'chart': {
      const src =
        opts.chartLink?.(b) ??
        `data:image/svg+xml;base64,${Buffer.from(chartSvg(b.spec)).toString('base64')}`;
      return `![${escapeMd(`${b.number} ${b.title}`)}](${src})\n\n${escapeLine(`${b.number} ${b.title}`)}`;
    }
  }
}

/** renderMarkdown(model) → the report as a Markdown string. */
export function renderMarkdown(model: ReportModel, opts: MarkdownOptions = {}): string {
  return (
    [
      `# ${escapeHeading(model.title)}`,
      `部门名称（公章）：${escapeMd(model.department)}`,
      ...model.blocks.map((b) => block(b, opts)),
    ].join('\n\n') + '\n'
  );
}
