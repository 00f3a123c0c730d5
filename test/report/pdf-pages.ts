/**
 * A PDF read the way a person reads its pages: the text layer's lines with their positions
 * (pdftotext -bbox-layout) and each page's image in grey (pdftoppm, 72 dpi: one pixel a point), from
 * which the checks below find where ink is, where table rules run and how much of a page is left
 * empty. Used by pdf-layout.test.ts on the seed, the monitoring report and synthetic departments.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PdfLine {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

export interface PdfPage {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  lines: PdfLine[];
  /** Grey levels, one byte a point, row by row (0 black, 255 white). */
  pixels: Uint8Array;
  /** Pixel width and height of the image. */
  w: number;
  h: number;
}

const MM = 72 / 25.4;
/** The text block per orientation (GB/T 9704: 37/35/28/26 mm; landscape turned: 28/26 top/bottom). */
export function textBlock(page: PdfPage): { top: number; bottom: number; left: number; right: number } {
  return page.width < page.height
    ? { top: 37 * MM, bottom: page.height - 35 * MM, left: 28 * MM, right: page.width - 26 * MM }
    : { top: 28 * MM, bottom: page.height - 26 * MM, left: 37 * MM, right: page.width - 35 * MM };
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

function parsePgm(buf: Buffer): { w: number; h: number; pixels: Uint8Array } {
  // P5\n<w> <h>\n255\n<bytes>
  const header = buf.subarray(0, 40).toString('latin1');
  const m = header.match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/)!;
  const w = Number(m[1]);
  const h = Number(m[2]);
  return { w, h, pixels: buf.subarray(m[0].length, m[0].length + w * h) };
}

/** Reads every page of the PDF: text lines and a 72 dpi grey image. */
export function readPdf(pdf: Buffer): PdfPage[] {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-pdf-pages-'));
  try {
    const path = join(dir, 'r.pdf');
    writeFileSync(path, pdf);
    const xml = execFileSync('pdftotext', ['-bbox-layout', path, '-'], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    execFileSync('pdftoppm', ['-r', '72', '-gray', path, join(dir, 'p')]);
    const images = readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort((a, b) => Number(a.match(/(\d+)\.pgm$/)![1]) - Number(b.match(/(\d+)\.pgm$/)![1]));
    const pages = [...xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)];
    return pages.map((p, i) => {
      const lines = [
        ...p[3]!.matchAll(
          /<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g,
        ),
      ].map((l) => ({
        x0: Number(l[1]),
        y0: Number(l[2]),
        x1: Number(l[3]),
        y1: Number(l[4]),
        text: [...l[5]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => decode(w[1]!)).join(' '),
      }));
      const img = parsePgm(readFileSync(join(dir, images[i]!)));
      return { number: i + 1, width: Number(p[1]), height: Number(p[2]), lines, ...img };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DARK = 160;

/** How many pixels of row y between x0 and x1 are dark. */
function darkRun(page: PdfPage, y: number, x0: number, x1: number): number {
  let n = 0;
  const row = Math.round(y) * page.w;
  for (let x = Math.max(0, Math.round(x0)); x < Math.min(page.w, Math.round(x1)); x++)
    if (page.pixels[row + x]! < DARK) n++;
  return n;
}

/** The lowest row with ink inside the text block (null: the block is empty). */
export function lowestInk(page: PdfPage): number | null {
  const b = textBlock(page);
  for (let y = Math.floor(b.bottom); y > b.top; y--)
    if (darkRun(page, y, b.left - 2, b.right + 2) > 0) return y;
  return null;
}

/** The share of the text block left empty under its last ink. */
export function blankShare(page: PdfPage): number {
  const b = textBlock(page);
  const ink = lowestInk(page);
  return ink === null ? 1 : (b.bottom - ink) / (b.bottom - b.top);
}

/** Whether a horizontal rule (a table border) runs at some row between y0 and y1 across x0..x1. */
export function ruleBetween(page: PdfPage, y0: number, y1: number, x0: number, x1: number): boolean {
  for (let y = Math.floor(y0); y <= Math.ceil(y1); y++)
    if (darkRun(page, y, x0, x1) >= 0.9 * (x1 - x0)) return true;
  return false;
}

/** The first row with ink in the text block, and whether it is a rule across most of the block. */
export function pageStartsWithRule(page: PdfPage): { y: number } | null {
  const b = textBlock(page);
  for (let y = Math.ceil(b.top) - 4; y < b.bottom; y++) {
    const n = darkRun(page, y, b.left - 2, b.right + 2);
    if (n === 0) continue;
    return n >= 0.5 * (b.right - b.left) ? { y } : null;
  }
  return null;
}

/**
 * Numbers broken at a line end: a line ending in a digit (or a digit and “,” “.” “-” “〔”) followed, in
 * the same paragraph or cell (the next line below, overlapping it, no rule between), by a line that
 * starts with a digit, “.”, “%” or “〕”, unless the `source` text has a space there. Gives
 * “page: end / start” for each.
 */
export function brokenNumbers(pages: PdfPage[], source = ''): string[] {
  const out: string[] = [];
  for (const page of pages) {
    const body = page.lines.filter((l) => l.y0 < textBlock(page).bottom + 2);
    for (const a of body) {
      if (!/\d[,.-]?$|〔\d*$/.test(a.text)) continue;
      if (/(^|[；;：:\s])\d{1,2}\.$/.test(a.text)) continue; // a list number (“2.”) before its item
      const h = a.y1 - a.y0;
      const below = body
        .filter((b) => b.y0 > a.y0 + h * 0.5 && b.y0 < a.y1 + h * 0.8 && b.x0 < a.x1 && b.x1 > a.x0)
        .sort((p, q) => p.y0 - q.y0)[0];
      if (!below || !/^[\d.%〕]/.test(below.text)) continue;
      // A break at a space the text has (“03-31 25.00%”) is no broken number.
      const tail = a.text.split(' ').at(-1)!;
      const head = below.text.split(' ')[0]!;
      if (source.includes(`${tail} ${head}`)) continue;
      const x0 = Math.max(a.x0, below.x0);
      const x1 = Math.min(a.x1, below.x1);
      if (ruleBetween(page, a.y1, below.y0, x0, Math.max(x1, x0 + 4))) continue;
      out.push(`第 ${page.number} 页：“${a.text.slice(-8)} / ${below.text.slice(0, 8)}”`);
    }
  }
  return out;
}

/**
 * Full body lines (16 pt, all Chinese, from the left margin to the right, not stretched because the
 * next line starts with a figure that would not fit).
 */
export function fullBodyLines(pages: PdfPage[]): { page: number; text: string }[] {
  return pages.flatMap((page) => {
    const b = textBlock(page);
    return page.lines
      .filter(
        (l) =>
          page.width < page.height &&
          Math.abs(l.y1 - l.y0 - 20.8) < 1.5 && // 16 pt type
          Math.abs(l.x0 - b.left) < 1.5 &&
          l.x1 > b.right - 3 &&
          /^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…·]+$/.test(l.text) &&
          // A line before a figure that does not fit on it is stretched, not full.
          !page.lines.some((n) => n.y0 > l.y1 && n.y0 < l.y1 + 15 && /^[0-9A-Za-z]/.test(n.text)),
      )
      .map((l) => ({ page: page.number, text: l.text }));
  });
}

/**
 * The rows of horizontal rules that run across at least half the text block (a table's top, the foot
 * of its header and of each body row; the partial rules inside merged cells are left out), top down.
 */
export function tableRules(page: PdfPage): number[] {
  const b = textBlock(page);
  const out: number[] = [];
  for (let y = Math.floor(b.top) - 4; y < b.bottom; y++)
    if (darkRun(page, y, b.left - 2, b.right + 2) >= 0.5 * (b.right - b.left) && out.at(-1) !== y - 1)
      out.push(y);
    else if (out.at(-1) === y - 1 && darkRun(page, y, b.left - 2, b.right + 2) >= 0.5 * (b.right - b.left))
      out[out.length - 1] = y;
  return out;
}
