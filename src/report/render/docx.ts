/**
 * The report as .docx, laid out after GB/T 9704-2012: A4, margins 37/35/28/26 mm (text block
 * 156 × 225 mm), 22 lines a page, body 仿宋_GB2312 三号 (16 pt), title 方正小标宋简体 二号 (22 pt),
 * headings 黑体 / 楷体_GB2312 / 仿宋_GB2312, page numbers “— 1 —” in 宋体 四号, odd pages right and even
 * pages left, one character in. The eastAsia font is set in the defaults and in every style. Tables
 * have explicit column widths and header rows repeated on every page; the 附表 gets a landscape page.
 */
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  HeadingLevel,
  HeightRule,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableAnchorType,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextDirection,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphStyleOptions,
  type ISectionOptions,
} from 'docx';
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';
import { Zip, type ZipInputFile } from 'fflate';
import { xmlSafeDeep } from '../../core/text.ts';
import { beginChartPngs, CHART_SIZE } from '../charts/render.ts';
import type { Block, Cell, ChartBlock, ReportModel, Run, TableBlock } from '../model/types.ts';
import { cellLines, placeRows, scaleWidths } from './layout.ts';

const deflateRawAsync = promisify(deflateRaw);

/** Windows font names, as users' Word has them; LibreOffice maps them through fontconfig aliases. */
export const FONTS = {
  fangsong: '仿宋_GB2312',
  hei: '黑体',
  kai: '楷体_GB2312',
  title: '方正小标宋简体',
  song: '宋体',
  latin: 'Times New Roman',
} as const;

const MM = 1440 / 25.4; // twips per millimetre
const mm = (v: number) => Math.round(v * MM);
const PAGE = { width: 11906, height: 16838 }; // A4 in twips
const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
/** Text block width: 156 mm portrait, 225 mm on the landscape appendix page. */
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const LANDSCAPE_TEXT_WIDTH = PAGE.height - MARGIN.top - MARGIN.bottom;
/** 225 mm / 22 lines. */
const LINE = Math.round((225 * MM) / 22);
/** Characters a body line holds (GB/T 9704 §7.1: 28 × 22). */
const CHARS_PER_LINE = 28;
const SIZE_BODY_PT = 16;
/**
 * 28 characters of 16 pt take 448 pt, the text block is 442 pt wide: body text is condensed by this
 * many twips a character. (A character grid, docGrid linesAndChars, does this in Word, but LibreOffice
 * gives a 16 pt character two cells of a grid pitch under 16 pt, and printed 15 characters a line.)
 */
const CONDENSE = Math.floor(TEXT_WIDTH / CHARS_PER_LINE - SIZE_BODY_PT * 20);
const SIZE = { body: SIZE_BODY_PT * 2, title: 44, footer: 28, table: 24, tableSmall: 20, caption: 28 }; // half-points
const INDENT = 640; // two characters of 16 pt

const font = (eastAsia: string, latin: string = FONTS.latin) => ({
  ascii: latin,
  hAnsi: latin,
  eastAsia,
  cs: latin,
});

/**
 * Styles set off the document grid: tables, captions, notes, the figure and the title keep their own
 * line height (snapped to the 29 pt body grid, a table row was twice the height of its text) and their
 * own character width (body text is condensed to 28 characters a line).
 */
const OFF_GRID = new Set([
  'Title',
  'Caption',
  'Unit',
  'TableNote',
  'TableText',
  'TableHead',
  'Figure',
  'PageNumber',
]);

const style = (
  id: string,
  name: string,
  run: { font: string; size: number; bold?: boolean },
  paragraph: IParagraphStyleOptions['paragraph'] = {},
): IParagraphStyleOptions => ({
  id,
  name,
  basedOn: 'Normal',
  next: 'Normal',
  quickFormat: true,
  run: {
    font: font(run.font),
    size: run.size,
    bold: run.bold ?? false,
    color: '000000',
    ...(OFF_GRID.has(id) ? {} : { characterSpacing: CONDENSE }),
  },
  paragraph,
});

/**
 * docx writes no paragraph-level <w:snapToGrid/>, which takes a paragraph off the line grid: it is
 * added to the OFF_GRID styles' pPr in the compiled styles.xml, in the place the schema gives it
 * (before spacing, indentation and alignment).
 */
export function patchStyles(stylesXml: string): string {
  return stylesXml.replace(
    /<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>[\s\S]*?<\/w:style>/g,
    (xml, id: string) => {
      if (!OFF_GRID.has(id)) return xml;
      const off = '<w:snapToGrid w:val="0"/>';
      if (!xml.includes('<w:pPr>')) return xml.replace(/<w:rPr>/, `<w:pPr>${off}</w:pPr><w:rPr>`);
      return xml.replace(
        /<w:pPr>([\s\S]*?)(<w:spacing\b|<w:ind\b|<w:jc\b|<w:outlineLvl\b|<\/w:pPr>)/,
        `<w:pPr>$1${off}$2`,
      );
    },
  );
}

const bodySpacing = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

const STYLES: IParagraphStyleOptions[] = [
  style(
    'Title',
    '公文标题',
    { font: FONTS.title, size: SIZE.title },
    {
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: LINE },
    },
  ),
  // GB/T 9704 heading levels: 一、 黑体; （一） 楷体; 1. 仿宋 bold; （1） 仿宋.
  ...(
    [
      ['一级标题', { font: FONTS.hei, size: SIZE.body }],
      ['二级标题', { font: FONTS.kai, size: SIZE.body }],
      ['三级标题', { font: FONTS.fangsong, size: SIZE.body, bold: true }],
      ['四级标题', { font: FONTS.fangsong, size: SIZE.body }],
    ] as const
  ).map(([name, run], level) =>
    style(`Heading${level + 1}`, name, run, {
      indent: { firstLine: INDENT },
      spacing: bodySpacing,
      keepNext: true,
      outlineLevel: level,
    }),
  ),
  style(
    'Body',
    '正文',
    { font: FONTS.fangsong, size: SIZE.body },
    {
      indent: { firstLine: INDENT },
      alignment: AlignmentType.JUSTIFIED,
      spacing: bodySpacing,
    },
  ),
  style(
    'Plain',
    '正文（不缩进）',
    { font: FONTS.fangsong, size: SIZE.body },
    {
      alignment: AlignmentType.CENTER,
      spacing: bodySpacing,
    },
  ),
  style(
    'Caption',
    '表题图题',
    { font: FONTS.hei, size: SIZE.caption },
    {
      alignment: AlignmentType.CENTER,
      spacing: { line: 400, lineRule: LineRuleType.AT_LEAST, before: 120, after: 60 },
      keepNext: true,
    },
  ),
  style(
    'Unit',
    '表格单位',
    { font: FONTS.fangsong, size: SIZE.table },
    {
      alignment: AlignmentType.RIGHT,
      spacing: { line: 320, lineRule: LineRuleType.AT_LEAST, before: 0, after: 60 },
      keepNext: true,
    },
  ),
  style(
    'TableNote',
    '表注',
    { font: FONTS.fangsong, size: SIZE.table },
    {
      alignment: AlignmentType.LEFT,
      spacing: { line: 320, lineRule: LineRuleType.AT_LEAST, before: 0, after: 60 },
    },
  ),
  style(
    'TableText',
    '表格文字',
    { font: FONTS.fangsong, size: SIZE.table },
    {
      spacing: { line: 300, lineRule: LineRuleType.AT_LEAST, before: 20, after: 20 },
    },
  ),
  style(
    'TableHead',
    '表头文字',
    { font: FONTS.hei, size: SIZE.table },
    {
      alignment: AlignmentType.CENTER,
      spacing: { line: 300, lineRule: LineRuleType.AT_LEAST, before: 20, after: 20 },
    },
  ),
  style(
    'Figure',
    '图',
    { font: FONTS.fangsong, size: SIZE.body },
    {
      alignment: AlignmentType.CENTER,
      // Single spacing, not Normal's exact line height: an inline image in an exact line is cut to
      // that height, and LibreOffice drew the chart behind the text above it (only its axis labels
      // showed on paper).
      spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120, after: 0 },
      keepNext: true,
    },
  ),
  style('PageNumber', '页码', { font: FONTS.song, size: SIZE.footer }, {}),
];

function runs(rs: Run[], size?: number): TextRun[] {
  return rs.map(
    (r) =>
      new TextRun({
        text: r.text,
        bold: r.bold,
        size,
        ...(r.placeholder ? { highlight: 'yellow', bold: true } : {}),
      }),
  );
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT };

/**
 * A table with its caption, unit and notes. `newPage`: the table starts a page (each 附表 after the
 * first, which the landscape section break already puts on a new page).
 */
function table(t: TableBlock, width: number, newPage = false): (Paragraph | Table)[] {
  const notes = t.notes ?? [];
  return [
    ...tableOnly(t, width, newPage),
    // A 说明 block stays together, its label with its items.
    ...notes.map((n, i) => new Paragraph({ style: 'TableNote', text: n, keepNext: i < notes.length - 1 })),
  ];
}

function tableOnly(t: TableBlock, width: number, newPage: boolean): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    new Paragraph({ style: 'Caption', text: `${t.number} ${t.title}`, pageBreakBefore: newPage }),
  ];
  if (t.unit) out.push(new Paragraph({ style: 'Unit', text: t.unit }));
  const widths = scaleWidths(t.columns, width);
  const size = t.size === 'small' ? SIZE.tableSmall : SIZE.table;
  const placed = placeRows([...t.header, ...t.rows], widths.length);
  // No row splits across pages; the header rows repeat on each page; the last row never stands alone
  // on a page (the row before it keeps with it, as Word's keep-with-next does for table rows).
  const rows = placed.map(
    (row, r) =>
      new TableRow({
        tableHeader: r < t.header.length,
        cantSplit: true,
        children: row.map(({ cell, col, span }) =>
          tableCell(cell, widths, col, span, r < t.header.length, size, r === placed.length - 2),
        ),
      }),
  );
  out.push(
    new Table({
      rows,
      columnWidths: widths,
      width: { size: width, type: WidthType.DXA },
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
    }),
  );
  return out;
}

function tableCell(
  cell: Cell,
  widths: number[],
  col: number,
  span: number,
  head: boolean,
  size: number,
  keepNext: boolean,
): TableCell {
  const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
  // A header cell aligned left or right holds data (a project's name, its funds), printed as body text.
  const data = !head || (cell.align !== undefined && cell.align !== 'center');
  const align = ALIGN[data ? (cell.align ?? 'center') : 'center'];
  return new TableCell({
    width: { size: w, type: WidthType.DXA },
    columnSpan: span > 1 ? span : undefined,
    rowSpan: cell.rowSpan && cell.rowSpan > 1 ? cell.rowSpan : undefined,
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 80, right: 80, top: 20, bottom: 20 },
    children: cellLines(cell).map(
      (line) =>
        new Paragraph({
          style: data ? 'TableText' : 'TableHead',
          alignment: align,
          keepNext: keepNext || undefined,
          children: runs([{ text: line, bold: cell.bold && data, placeholder: cell.placeholder }], size),
        }),
    ),
  });
}

function chart(c: ChartBlock, png: Buffer): Paragraph[] {
  const width = Math.round((TEXT_WIDTH / 1440) * 96 * 0.95); // px at 96 dpi
  const height = Math.round((width * CHART_SIZE.height) / CHART_SIZE.width);
  return [
    new Paragraph({
      style: 'Figure',
      children: [new ImageRun({ type: 'png', data: png, transformation: { width, height } })],
    }),
    new Paragraph({ style: 'Caption', text: `${c.number} ${c.title}`, keepNext: false }),
  ];
}

function footers() {
  const number = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType], indent: object) =>
    new Footer({
      children: [
        new Paragraph({
          style: 'PageNumber',
          alignment,
          indent,
          children: [
            new TextRun({
              children: ['— ', PageNumber.CURRENT, ' —'],
              font: font(FONTS.song, FONTS.song),
              size: SIZE.footer,
            }),
          ],
        }),
      ],
    });
  // Odd pages: right, one character in; even pages: left, one character in.
  return {
    default: number(AlignmentType.RIGHT, { right: 280 }),
    even: number(AlignmentType.LEFT, { left: 280 }),
  };
}

/**
 * Page numbers of the landscape 附表 pages. GB/T 9704-1999 §10.2 (2012: §8): a landscape table's head
 * faces the binding on odd pages and the outer edge on even ones, so the page is turned with its top to
 * the sheet's left, and the number stays where the portrait pages have it — below the text block as the
 * sheet is held, odd pages right, even pages left, one character in. On the landscape page that is the
 * left margin, 7 mm from the text block, at its bottom (odd) or top (even), set top to bottom (tbRl).
 * A floating one-cell table in the footer carries it (a frame's text cannot be turned).
 */
/**
 * How far right of a floating table's position LibreOffice draws the edge of a turned (tbRl) line: 4.4 pt,
 * measured in the PDF (the number's box moved exactly as the position did). The number's edge toward the
 * text block is placed 7 mm from it in the PDF; Word centres the line in the 6 mm cell, about 3 mm nearer.
 */
const TURNED_LINE_OFFSET = 88;

function landscapeFooters() {
  const textTop = MARGIN.left; // the landscape page's top margin is the sheet's binding margin
  const textBottom = PAGE.width - MARGIN.right;
  const textLeft = MARGIN.top;
  const width = mm(6);
  const length = mm(40);
  const char = mm(5.6); // one 4号 character
  const number = (odd: boolean) =>
    new Footer({
      children: [
        new Table({
          float: {
            horizontalAnchor: TableAnchorType.PAGE,
            verticalAnchor: TableAnchorType.PAGE,
            absoluteHorizontalPosition: textLeft - mm(7) - TURNED_LINE_OFFSET,
            absoluteVerticalPosition: odd ? textBottom - char - length : textTop + char,
          },
          layout: TableLayoutType.FIXED,
          width: { size: width, type: WidthType.DXA },
          columnWidths: [width],
          borders: TableBorders.NONE,
          rows: [
            new TableRow({
              height: { value: length, rule: HeightRule.EXACT },
              children: [
                new TableCell({
                  width: { size: width, type: WidthType.DXA },
                  textDirection: TextDirection.TOP_TO_BOTTOM_RIGHT_TO_LEFT,
                  verticalAlign: VerticalAlignTable.CENTER,
                  margins: { top: 0, bottom: 0, left: 0, right: 0 },
                  children: [
                    new Paragraph({
                      style: 'PageNumber',
                      alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
                      children: [
                        new TextRun({
                          children: ['— ', PageNumber.CURRENT, ' —'],
                          font: font(FONTS.song, FONTS.song),
                          size: SIZE.footer,
                        }),
                      ],
                    }),
                  ],
                }),
              ],
            }),
          ],
        }),
        // A footer ends with a paragraph.
        new Paragraph({ style: 'PageNumber', children: [] }),
      ],
    });
  return { default: number(true), even: number(false) };
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
];

/** Charts as PNG, keyed by chart id. Rendered once per document. */
export type ChartImages = Map<string, Buffer>;

/** Starts drawing the model's charts (see beginChartPngs); `done` gives them by chart id. */
export async function beginChartImages(model: ReportModel): Promise<{ done: Promise<ChartImages> }> {
  const charts = model.blocks.filter((b): b is ChartBlock => b.kind === 'chart');
  const drawing = await beginChartPngs(charts.map((c) => ({ spec: c.spec })));
  return { done: drawing.done.then((pngs) => new Map(charts.map((c, i) => [c.id, pngs[i]!]))) };
}

/** The model's charts as PNG, by chart id. */
export async function renderChartImages(model: ReportModel): Promise<ChartImages> {
  return (await beginChartImages(model)).done;
}

/** The document's body, every block built but the charts, which wait for their images. */
interface DocxParts {
  portrait: (Paragraph | Table | ChartBlock)[];
  landscape: (Paragraph | Table | ChartBlock)[];
}

function docxParts(model: ReportModel): DocxParts {
  const parts: DocxParts = {
    portrait: [
      ...titleLines(model).map(
        (text, i, all) =>
          new Paragraph({
            style: 'Title',
            text,
            ...(i < all.length - 1 ? { spacing: { after: 0 }, keepNext: true } : {}),
          }),
      ),
      new Paragraph({
        style: 'Plain',
        text: `部门名称（公章）：${model.department}`,
        spacing: { after: LINE },
      }),
    ],
    landscape: [],
  };
  for (const b of model.blocks) {
    const target = b.kind === 'table' && b.landscape ? parts.landscape : parts.portrait;
    if (b.kind === 'chart') target.push(b);
    else if (b.kind === 'table')
      target.push(
        ...table(
          b,
          b.landscape ? LANDSCAPE_TEXT_WIDTH : TEXT_WIDTH,
          target === parts.landscape && target.length > 0,
        ),
      );
    else target.push(...block(b));
  }
  return parts;
}

/** Title characters a line holds at 22 pt. */
const TITLE_CHARS = Math.floor(TEXT_WIDTH / (SIZE.title * 10));

/**
 * The title's lines: one when it fits, else broken where a reader breaks it — after the department's
 * name and before a parenthesis (“监控 / 报告” was LibreOffice's break for the monitoring report).
 */
export function titleLines(model: ReportModel): string[] {
  if ([...model.title].length <= TITLE_CHARS) return [model.title];
  const lines: string[] = [];
  let rest = model.title;
  if (rest.startsWith(model.department) && rest.length > model.department.length) {
    lines.push(model.department);
    rest = rest.slice(model.department.length);
  }
  const paren = rest.indexOf('（');
  if (paren > 0) lines.push(rest.slice(0, paren), rest.slice(paren));
  else lines.push(rest);
  return lines;
}

function block(b: Exclude<Block, ChartBlock | TableBlock>): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ heading: HEADINGS[b.level - 1], text: b.text })];
    case 'paragraph':
      return [new Paragraph({ style: b.style === 'plain' ? 'Plain' : 'Body', children: runs(b.runs) })];
  }
}

/** The docx Document for the model and its chart images (exposed so the benchmark can time packing alone). */
export function buildDocxDocument(model: ReportModel, images: ChartImages): Document {
  const safe = xmlSafeDeep(model);
  return assemble(safe, docxParts(safe), images);
}

function assemble(model: ReportModel, parts: DocxParts, images: ChartImages): Document {
  const withCharts = (xs: DocxParts['portrait']) =>
    xs.flatMap((x) => {
      if (x instanceof Paragraph || x instanceof Table) return [x];
      const png = images.get(x.id);
      return png ? chart(x, png) : [];
    });
  const portrait = withCharts(parts.portrait);
  const landscape = withCharts(parts.landscape);
  const page = (orientation: 'portrait' | 'landscape') => ({
    size:
      orientation === 'portrait'
        ? { width: PAGE.width, height: PAGE.height }
        : // docx swaps width and height itself for a landscape page.
          { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.LANDSCAPE },
    margin:
      orientation === 'portrait'
        ? { ...MARGIN, header: mm(15), footer: mm(35 - 7 - 5.5) }
        : {
            top: MARGIN.left,
            bottom: MARGIN.right,
            left: MARGIN.top,
            right: MARGIN.bottom,
            header: mm(12),
            footer: mm(12),
          },
  });
  const sections: ISectionOptions[] = [
    {
      properties: {
        page: page('portrait'),
        grid: { linePitch: LINE, type: DocumentGridType.LINES },
      },
      footers: footers(),
      children: portrait,
    },
  ];
  if (landscape.length) {
    sections.push({
      properties: { page: page('landscape') },
      footers: landscapeFooters(),
      children: landscape,
    });
  }
  return new Document({
    creator: 'jixiao',
    title: model.title,
    description:
      model.kind === 'monitoring'
        ? model.title
        : `${model.department} ${model.year} 年度部门整体支出绩效自评报告`,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: font(FONTS.fangsong),
            size: SIZE.body,
            // Latin text in en-US: with zh-CN there, LibreOffice broke lines inside digit runs (“3,184 / 70万元”).
            language: { value: 'en-US', eastAsia: 'zh-CN' },
          },
          paragraph: { spacing: bodySpacing },
        },
        title: { run: { font: font(FONTS.title), size: SIZE.title } },
        heading1: { run: { font: font(FONTS.hei), size: SIZE.body, color: '000000', bold: false } },
        heading2: { run: { font: font(FONTS.kai), size: SIZE.body, color: '000000', bold: false } },
        heading3: { run: { font: font(FONTS.fangsong), size: SIZE.body, color: '000000', bold: true } },
        heading4: { run: { font: font(FONTS.fangsong), size: SIZE.body, color: '000000', bold: false } },
      },
      paragraphStyles: STYLES,
    },
    sections,
  });
}

/** The package's files by path, in zip order, as docx's Packer has them before it zips them. */
type PackageFiles = Map<string, string | Uint8Array>;
type Compile = (file: Document) => PackageFiles;

/**
 * docx's compiler, which its Packer runs and then zips the result with fflate. docx does not export it
 * (Packer holds it as a private static), so it is looked up here and checked. Should a docx upgrade
 * take it away, this says so (and the test `seed .docx: packing` fails) instead of writing a bad file.
 */
export function docxCompiler(): Compile {
  const compiler = (Packer as unknown as { compiler?: { compile?: (file: Document) => unknown } }).compiler;
  const compile = compiler?.compile;
  if (typeof compile !== 'function') throw new Error('docx 包已无 Packer.compiler：renderDocx 需随之修改');
  return (file) => {
    const files = compile.call(compiler, file);
    if (!(files instanceof Map)) throw new Error('docx 包的编译器不再以 Map 给出文件：renderDocx 需随之修改');
    return files as PackageFiles;
  };
}

/**
 * Zips the package as Packer does (DEFLATE at level 6, in the compiler's order), each placeholder
 * replaced by its chart's PNG (`chartOf` gives the chart id of each placeholder). The parts are
 * deflated by zlib on libuv's thread pool, all at once, while the charts may still be drawing; the
 * PNGs are stored, as they are compressed already. fflate writes the zip container.
 */
async function zipPackage(
  files: PackageFiles,
  chartOf: Map<Uint8Array, string>,
  images: Promise<ChartImages>,
): Promise<Buffer> {
  const utf8 = new TextEncoder();
  const entries = [...files].map(([path, data]) => {
    const chart = typeof data === 'string' ? undefined : chartOf.get(data);
    const bytes = typeof data === 'string' ? utf8.encode(data) : data;
    const deflated = chart ? null : deflateRawAsync(bytes, { level: 6 });
    deflated?.catch(() => {}); // awaited in order below; one thrown before then must not go unhandled
    return { path, chart, bytes, deflated };
  });
  // A docx that copied the image data would leave a placeholder in place of a chart: refuse that.
  const placed = entries.filter((e) => e.chart).length;
  if (placed !== chartOf.size) throw new Error(`docx: ${chartOf.size - placed} 张图表未能放入文件`);
  const out: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((e, chunk) => (e ? (failed ??= e) : out.push(chunk)));
  for (const e of entries) {
    const png = e.chart ? (await images).get(e.chart) : undefined;
    if (e.chart && !png) throw new Error(`图表 ${e.chart} 未能绘制`);
    const data = png ?? e.bytes;
    const stored = png ?? (await e.deflated!);
    const file: ZipInputFile = {
      filename: e.path,
      size: data.length,
      crc: crc32(data),
      compression: png ? 0 : 8,
    };
    zip.add(file);
    file.ondata!(null, stored as Uint8Array<ArrayBuffer>, true);
  }
  zip.end();
  if (failed) throw failed;
  return Buffer.concat(out);
}

/**
 * renderDocx(model) → the .docx file as a Buffer (for downloads and the CLI). The charts are
 * rasterised on libuv's thread pool while this thread builds and compiles the rest of the document:
 * each chart is placed with a placeholder of its own, and its PNG takes the placeholder's place in
 * the package when it is zipped.
 */
/**
 * A hyphen between digits (“表 1-2”) as Word's no-break hyphen, in the compiled document.xml: LibreOffice
 * broke “表 1- / 2” at a line end. Only for the PDF: jixiao check reads the .docx's w:t text and does
 * not yet read <w:noBreakHyphen/> as “-” (it saw “表 12”); the PDF's text layer gives “-”.
 */
export function noBreakHyphens(documentXml: string): string {
  return documentXml.replace(/(<w:t(?:\s[^>]*)?>)([^<]*)<\/w:t>/g, (whole, open: string, text: string) =>
    /\d-\d/.test(text)
      ? open +
        text.split(/(?<=\d)-(?=\d)/).join('</w:t><w:noBreakHyphen/><w:t xml:space="preserve">') +
        '</w:t>'
      : whole,
  );
}

export interface DocxOptions {
  /** Write hyphens between digits as no-break hyphens (for the PDF; see noBreakHyphens). */
  noBreakHyphens?: boolean;
}

export async function renderDocx(input: ReportModel, opts: DocxOptions = {}): Promise<Buffer> {
  // Characters XML cannot carry would make the document not well-formed: drop them from every text.
  const model = xmlSafeDeep(input);
  const charts = await beginChartImages(model);
  charts.done.catch(() => {}); // awaited below, once the rest of the document is built
  const parts = docxParts(model);
  const compile = docxCompiler();
  // Distinct bytes per chart: docx keys its media by a hash of the data, so equal ones would merge.
  const placeholders: ChartImages = new Map(
    model.blocks.flatMap((b) => (b.kind === 'chart' ? [[b.id, Buffer.from(`jixiao chart ${b.id}`)]] : [])),
  );
  const files = compile(assemble(model, parts, placeholders));
  const styles = files.get('word/styles.xml');
  if (typeof styles === 'string') files.set('word/styles.xml', patchStyles(styles));
  const body = files.get('word/document.xml');
  if (opts.noBreakHyphens && typeof body === 'string') files.set('word/document.xml', noBreakHyphens(body));
  const chartOf = new Map([...placeholders].map(([id, placeholder]) => [placeholder as Uint8Array, id]));
  return zipPackage(files, chartOf, charts.done);
}
