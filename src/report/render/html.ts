/**
 * The report as one self-contained, printable HTML page: inline CSS (A4 pages with the GB/T 9704
 * margins, the official font names first with common fallbacks), charts as inline SVG, tables with
 * real row/column spans and header rows that repeat when printed. No external resource is loaded.
 */
import { chartSvg } from '../charts/render.ts';
import type { Block, Cell, ReportModel, Run, TableBlock } from '../model/types.ts';
import { cellLines, scaleWidths } from './layout.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const FANGSONG = `"仿宋_GB2312", "FangSong_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", "Source Han Serif SC", serif`;
const HEI = `"黑体", SimHei, STHeiti, "Noto Sans CJK SC", "Source Han Sans SC", sans-serif`;
const KAI = `"楷体_GB2312", "KaiTi_GB2312", "楷体", KaiTi, STKaiti, "LXGW WenKai", "AR PL KaitiM GB", serif`;
const TITLE = `"方正小标宋简体", "方正小标宋_GBK", "小标宋", "Noto Serif CJK SC", "Source Han Serif SC", serif`;

const CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page landscape { size: A4 landscape; margin: 28mm 35mm 26mm 37mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; font-family: ${FANGSONG}; font-size: 16pt; line-height: 28.9pt; color: #000; background: #fff; }
@media screen { body { max-width: 156mm; padding: 24px 0 64px; } }
h1.title { font-family: ${TITLE}; font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.6; margin: 0 0 12pt; }
p.department { text-align: center; margin: 0 0 28.9pt; }
h2, h3, h4, h5 { font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; break-after: avoid; }
h2 { font-family: ${HEI}; }
h3 { font-family: ${KAI}; }
h4 { font-weight: bold; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.placeholder { background: #ffeb3b; font-weight: bold; }
figure { margin: 8pt 0; text-align: center; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption, .caption { font-family: ${HEI}; font-size: 14pt; text-align: center; line-height: 1.5; }
.caption { margin-top: 8pt; break-after: avoid; }
.unit { text-align: right; font-size: 12pt; line-height: 1.5; text-indent: 0; }
.note { font-size: 12pt; line-height: 1.5; text-indent: 0; margin: 4pt 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 12pt; line-height: 1.45; margin-bottom: 8pt; }
table.small { font-size: 10pt; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: middle; overflow-wrap: anywhere; }
th { font-family: ${HEI}; font-weight: normal; text-align: center; }
th.left, th.right { font-family: ${FANGSONG}; }
.left { text-align: left; } .center { text-align: center; } .right { text-align: right; }
td.bold { font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
section.landscape { page: landscape; break-before: page; width: 225mm; }
@media screen { section.landscape { max-width: none; width: 225mm; margin-left: calc((156mm - 225mm) / 2); } }
`;

function runs(rs: Run[]): string {
  return rs
    .map((r) => {
      const t = escapeHtml(r.text);
      if (r.placeholder) return `<span class="placeholder">${t}</span>`;
      return r.bold ? `<strong>${t}</strong>` : t;
    })
    .join('');
}

function cell(tag: 'th' | 'td', c: Cell): string {
  const attrs: string[] = [];
  if (c.colSpan && c.colSpan > 1) attrs.push(`colspan="${c.colSpan}"`);
  if (c.rowSpan && c.rowSpan > 1) attrs.push(`rowspan="${c.rowSpan}"`);
  // A header cell aligned left or right holds data (a project's name, its funds).
  const align = tag === 'td' || (c.align && c.align !== 'center') ? (c.align ?? 'center') : '';
  const cls = [align, c.bold ? 'bold' : ''].filter(Boolean).join(' ');
  if (cls) attrs.push(`class="${cls}"`);
  const body = cellLines(c)
    .map((l) => (c.placeholder ? `<span class="placeholder">${escapeHtml(l)}</span>` : escapeHtml(l)))
    .join('<br>');
  return `<${tag}${attrs.length ? ' ' + attrs.join(' ') : ''}>${body}</${tag}>`;
}

export function tableHtml(t: TableBlock): string {
  const widths = scaleWidths(t.columns, 1000);
  const cols = widths.map((w) => `<col style="width:${(w / 10).toFixed(1)}%">`).join('');
  const head = t.header.map((r) => `<tr>${r.map((c) => cell('th', c)).join('')}</tr>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`).join('\n');
  return (
    `<p class="caption" id="${escapeHtml(t.id)}">${escapeHtml(`${t.number} ${t.title}`)}</p>\n` +
    (t.unit ? `<p class="unit">${escapeHtml(t.unit)}</p>\n` : '') +
    `<table${t.size === 'small' ? ' class="small"' : ''}><colgroup>${cols}</colgroup><thead>${head}</thead><tbody>\n${body}\n</tbody></table>` +
    (t.notes ?? []).map((n) => `\n<p class="note">${escapeHtml(n)}</p>`).join('')
  );
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level + 1}>${escapeHtml(b.text)}</h${b.level + 1}>`;
    case 'paragraph':
      return `<p>${runs(b.runs)}</p>`;
    case 'table':
      return b.landscape ? `<section class="landscape">${tableHtml(b)}</section>` : tableHtml(b);
    case 'chart':
      return `<figure id="${escapeHtml(b.id)}">${chartSvg(b.spec)}<figcaption>${escapeHtml(`${b.number} ${b.title}`)}</figcaption></figure>`;
  }
}

/** renderHtml(model) → one self-contained HTML document (UTF-8 string). */
export function renderHtml(model: ReportModel): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${model.department} ${model.title}`)}</title>
<style>${CSS}</style>
</head>
<body>
<h1 class="title">${escapeHtml(model.title)}</h1>
<p class="department">部门名称（公章）：${escapeHtml(model.department)}</p>
${model.blocks.map(block).join('\n')}
</body>
</html>
`;
}
