/**
 * Reading a report file: .txt (UTF-8, UTF-8 with BOM, GB18030 — detected), .docx (its XML paragraphs and
 * tables, inflated by adapters/zip.ts) and .pdf (its text layer, through poppler's pdftotext). The file
 * type is told by its first bytes, not its name. Sizes are checked before reading, and a .docx is inflated
 * as a counted stream that stops at the limit, so a huge file or a zip bomb (even one that under-declares
 * its size) is refused in bounded time and memory.
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { decodeText } from '../adapters/text.ts';
import { unzipBounded } from '../adapters/zip.ts';
import type { ReportSource } from './document.ts';

/** Reports are a few MB at most; larger files are refused before they are read. */
export const MAX_REPORT_BYTES = 50 * 1024 * 1024;
/**
 * Lines (paragraphs and table rows) a report may have: a self-evaluation report has a few thousand; the
 * checker is linear, but a file with more is not a report, and is refused before it is checked.
 */
export const MAX_REPORT_LINES = 100_000;
/** The XML inside a .docx may not inflate beyond this. */
export const MAX_DOCX_XML_BYTES = 100 * 1024 * 1024;

export interface ReadError {
  /** Stable code: report.empty, report.tooLarge, report.notFound, report.notDocx, report.noText… */
  code: string;
  path: string;
  message: string;
}

export type ReadResult = { ok: true; source: ReportSource } | { ok: false; error: ReadError };

const fail = (code: string, path: string, message: string): ReadResult => ({
  ok: false,
  error: { code, path, message },
});

function tooManyLines(path: string, what: string): ReadResult {
  return fail(
    'report.tooLong',
    path,
    `${what}超过 ${MAX_REPORT_LINES.toLocaleString('en-US')} 行，不像一份自评报告（通常几百到几千行），已拒绝；请确认文件是否正确`,
  );
}

function head(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export async function readReport(path: string): Promise<ReadResult> {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory())
      return fail('report.notFile', path, '这是一个文件夹，应为报告文件（.docx、.txt 或 .pdf）');
    size = st.size;
  } catch {
    return fail('report.notFound', path, '文件不存在或无法读取');
  }
  if (size === 0) return fail('report.empty', path, '文件为空（0 字节），没有可核对的内容');
  if (size > MAX_REPORT_BYTES)
    return fail(
      'report.tooLarge',
      path,
      `文件过大（${(size / 1048576).toFixed(1)} MB），上限 ${MAX_REPORT_BYTES / 1048576} MB；自评报告通常不超过几 MB，请确认文件是否正确`,
    );
  const magic = head(path, 8);
  const ext = extname(path).toLowerCase();
  if (magic.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') return readDocx(path);
  if (magic.subarray(0, 5).toString('latin1') === '%PDF-') return readPdf(path);
  if (ext === '.docx')
    return fail('report.notDocx', path, '扩展名为 .docx，但文件不是 Word 文档（不是 zip 格式）');
  if (ext === '.pdf') return fail('report.notPdf', path, '扩展名为 .pdf，但文件不是 PDF');
  if (ext === '.doc')
    return fail('report.oldWord', path, '不支持旧版 Word（.doc）格式，请另存为 .docx 后再核对');
  if (ext === '.xls' || ext === '.et')
    return fail('report.oldExcel', path, `不支持旧版 Excel（${ext}）格式，请另存为 .xlsx 后再核对`);
  if (ext === '.wps')
    return fail('report.oldWord', path, '不支持 WPS 文字（.wps）格式，请另存为 .docx 后再核对');
  if (ext === '.ofd')
    return fail('report.ofd', path, '不支持 OFD 版式文件，请导出为 PDF（带文字层）或 .docx 后再核对');
  return readText(path);
}

export { decodeText };

function readText(path: string): ReadResult {
  const buf = readFileSync(path);
  const decoded = decodeText(buf);
  if (!decoded)
    return fail(
      'report.notText',
      path,
      '无法识别的文件：不是 .docx、PDF，也不是 UTF-8 或 GB18030 编码的文本',
    );
  if (!decoded.text.trim()) return fail('report.empty', path, '文件只有空白，没有可核对的内容');
  const lines = decoded.text.split(/\r?\n/);
  if (lines.length > MAX_REPORT_LINES) return tooManyLines(path, '文本');
  return {
    ok: true,
    source: {
      name: basename(path),
      kind: 'txt',
      lines,
      encoding: decoded.encoding,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// .docx

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

/** The text of a paragraph's runs (w:t), with tabs and breaks as spaces. */
function paragraphText(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\b[^>]*\/>/g)) {
    out += m[1] !== undefined ? unescapeXml(m[1]) : ' ';
  }
  return out;
}

const tagRegexps = new Map<string, RegExp>();
/** Finds the end of the element that starts at `start` (same tag, nesting counted). */
function elementEnd(xml: string, start: number, tag: string): number {
  let re = tagRegexps.get(tag);
  if (!re) tagRegexps.set(tag, (re = new RegExp(`<(/?)${tag}(?=[\\s>/])[^>]*?(/?)>`, 'g')));
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[2] === '/') {
      if (depth === 0) return re.lastIndex;
      continue;
    }
    depth += m[1] === '/' ? -1 : 1;
    if (depth === 0) return re.lastIndex;
  }
  return xml.length;
}

/** Direct children elements with the given tag. */
function children(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}(?=[\\s>/])`, 'g');
  let i = 0;
  while (i < xml.length) {
    re.lastIndex = i;
    const m = re.exec(xml);
    if (!m) break;
    const end = elementEnd(xml, m.index, tag);
    out.push(xml.slice(m.index, end));
    i = end;
  }
  return out;
}

function tableLines(tbl: string): string[] {
  const lines: string[] = [];
  const inner = tbl.replace(/^<w:tbl[^>]*>/, '');
  for (const tr of children(inner, 'w:tr')) {
    const cells: string[] = [];
    for (const tc of children(tr.replace(/^<w:tr[^>]*>/, ''), 'w:tc')) {
      const span = Number(tc.match(/<w:gridSpan w:val="(\d+)"/)?.[1] ?? 1);
      const continued = /<w:vMerge\s*\/>|<w:vMerge w:val="continue"\s*\/>/.test(tc);
      const nested = tc.includes('<w:tbl');
      const body = nested ? tc.replace(/<w:tbl[\s>][\s\S]*<\/w:tbl>/g, '') : tc;
      const text = continued
        ? ''
        : children(body.replace(/^<w:tc[^>]*>/, ''), 'w:p')
            .map(paragraphText)
            .join(' ')
            .replace(/\s+/g, ' ')
            .trim();
      cells.push(text);
      for (let k = 1; k < span; k++) cells.push('');
    }
    if (cells.some((c) => c)) lines.push(cells.join('\t'));
  }
  return lines;
}

/**
 * The document body as lines: one per paragraph, table rows tab-separated between blank lines; with
 * each line's name as Word shows it (“第 12 段”, “第 2 个表格第 3 行”).
 */
export function docxBodyLines(
  xml: string,
  maxLines = Infinity,
): { lines: string[]; labels: string[]; tooLong: boolean } {
  const body = xml.match(/<w:body>([\s\S]*)<\/w:body>/)?.[1] ?? xml;
  const lines: string[] = [];
  const labels: string[] = [];
  let paragraphs = 0;
  let tables = 0;
  const re = /<w:(p|tbl)(?=[\s>/])/g;
  let i = 0;
  while (i < body.length) {
    re.lastIndex = i;
    const m = re.exec(body);
    if (!m) break;
    const tag = `w:${m[1]}`;
    const end = elementEnd(body, m.index, tag);
    const el = body.slice(m.index, end);
    if (m[1] === 'p') {
      lines.push(paragraphText(el).replace(/\t/g, ' '));
      labels.push(`第 ${++paragraphs} 段`);
    } else {
      const rows = tableLines(el);
      tables++;
      lines.push('');
      labels.push('');
      rows.forEach((row, r) => {
        lines.push(row);
        labels.push(`第 ${tables} 个表格第 ${r + 1} 行`);
      });
      lines.push('');
      labels.push('');
    }
    if (lines.length > maxLines) return { lines, labels, tooLong: true };
    i = end;
  }
  return { lines, labels, tooLong: false };
}

async function readDocx(path: string): Promise<ReadResult> {
  // Inflated as a counted stream: an archive that under-declares its size stops at the limit.
  const unzipped = await unzipBounded(readFileSync(path), {
    maxTotalBytes: MAX_DOCX_XML_BYTES,
    only: (name) => name === 'word/document.xml',
    keep: () => true,
  });
  if (!unzipped.ok)
    return unzipped.reason === 'tooLarge'
      ? fail('report.tooLarge', path, `Word 文档正文${unzipped.message}`)
      : fail('report.notDocx', path, `文件是 zip 格式但无法作为 Word 文档打开：${unzipped.message}`);
  const doc = unzipped.entries.get('word/document.xml');
  if (!doc)
    return fail(
      'report.notDocx',
      path,
      '这是一个 zip 压缩包，但不是 Word 文档（缺少 word/document.xml）；请提供 .docx 报告',
    );
  const xml = doc.toString('utf8');
  const { lines, labels, tooLong } = docxBodyLines(xml, MAX_REPORT_LINES);
  if (tooLong) return tooManyLines(path, '段落和表格行');
  if (!lines.some((l) => l.trim()))
    return fail('report.noText', path, 'Word 文档中没有文字（可能只有图片），无法核对');
  return { ok: true, source: { name: basename(path), kind: 'docx', lines, labels } };
}

// ---------------------------------------------------------------------------------------------
// .pdf

function pdftotext(
  path: string,
): Promise<{ ok: true; text: string } | { ok: false; missing: boolean; message: string }> {
  return new Promise((resolve) => {
    execFile(
      'pdftotext',
      ['-layout', '-enc', 'UTF-8', path, '-'],
      { maxBuffer: 64 * 1024 * 1024, timeout: 60_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
          resolve({ ok: false, missing, message: String(stderr || err.message).split('\n')[0] ?? '' });
        } else resolve({ ok: true, text: stdout });
      },
    );
  });
}

async function readPdf(path: string): Promise<ReadResult> {
  const r = await pdftotext(path);
  if (!r.ok) {
    if (r.missing)
      return fail(
        'report.pdfToolMissing',
        path,
        '读取 PDF 需要 pdftotext（poppler-utils），本机未安装；请安装 poppler-utils，或提供 .docx 报告',
      );
    return fail('report.badPdf', path, `PDF 无法读取（${r.message}）`);
  }
  if (r.text.replace(/\f/g, '').trim() === '')
    return fail(
      'report.noText',
      path,
      'PDF 没有文字层（可能是扫描件或图片），无法提取数字核对；请提供 .docx 或可复制文字的 PDF',
    );
  const lines: string[] = [];
  const pages: number[] = [];
  if (r.text.split('\n', MAX_REPORT_LINES + 2).length > MAX_REPORT_LINES + 1)
    return tooManyLines(path, 'PDF 文字层');
  r.text.split('\f').forEach((page, i) => {
    for (const l of page.split('\n')) {
      lines.push(l);
      pages.push(i + 1);
    }
  });
  return { ok: true, source: { name: basename(path), kind: 'pdf', lines, pages } };
}
