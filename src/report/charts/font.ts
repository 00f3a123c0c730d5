/**
 * The chart font cut down to the characters a report's charts print.
 *
 * resvg reads its font file again for every text element it lays out, so laying out a chart costs in
 * proportion to the font file: with the shipped 3 MB GB2312 subset, ≈ 3 ms a label and ≈ 45 ms a chart.
 * harfbuzz (through subset-font) cuts that font to the characters asked for in ≈ 4 ms, ≈ 20 kB, and
 * resvg lays out a chart with it in ≈ 2 ms. The glyph outlines are the shipped font's own: the charts'
 * pixels are the same (test/report/render.test.ts compares them).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import subsetFont from 'subset-font';

/**
 * Of the layout features only kerning: the charts are set horizontally, and keeping every feature
 * (layout closure) takes 17 ms instead of 4.
 */
const OPTIONS = { targetFormat: 'sfnt', noLayoutClosure: true, keepFeatures: ['kern'] } as const;

const sources = new Map<string, Buffer>();
let dir: string | null = null;
let serial = 0;

/** A cut-down copy of `font` holding `chars`, as a temporary file; give it back with `dropCutFont`. */
export async function cutFont(font: string, chars: string): Promise<string> {
  let source = sources.get(font);
  if (!source) sources.set(font, (source = readFileSync(font)));
  const cut = await subsetFont(source, chars, OPTIONS);
  const file = join(cutFontDir(), `${threadId}-${++serial}.otf`);
  writeFileSync(file, cut);
  return file;
}

/**
 * The folder of the cut fonts, made on first use and removed when this thread's process exits.
 * The chart thread is given its parent's (useCutFontDir): a worker ended with its process may not
 * run exit handlers of its own.
 */
export function cutFontDir(): string {
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'jixiao-chart-fonts-'));
    const made = dir;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return dir;
}

export function useCutFontDir(folder: string): void {
  dir = folder;
}

export function dropCutFont(file: string): void {
  rmSync(file, { force: true });
}
