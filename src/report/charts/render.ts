/**
 * Charts drawn on the server: ECharts server-side rendering to SVG (every chart disposed), then
 * resvg to PNG on libuv's thread pool for the formats that need a raster (.docx, PDF). On the main
 * thread the PNGs are drawn by the chart thread (thread.ts) while the caller goes on.
 * resvg draws no text without a font, so it is given an explicit CJK font file: the shipped GB2312
 * subset of Noto Sans CJK SC cut down to the report's characters, plus the system's full Noto Sans CJK
 * collection when a label uses a character outside the subset. Nothing is downloaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { renderAsync } from '@resvg/resvg-js';
import type * as Echarts from 'echarts';
import type { ChartSpec } from '../model/types.ts';
import { cutFont, dropCutFont } from './font.ts';
import { encodePng } from './png.ts';
import { drawOnChartThread, useChartThread } from './thread.ts';

/**
 * ECharts' one-file CommonJS build: it loads in ≈ 0.14 s, the ES modules in ≈ 0.65 s, which every
 * `jixiao report`, server start and batch worker paid. The same code, the same SVGs. Loaded on first
 * use: a main thread that only writes .docx leaves the drawing to the chart thread and never loads it.
 */
let echartsModule: typeof Echarts | null = null;
const echarts = () => (echartsModule ??= createRequire(import.meta.url)('echarts') as typeof Echarts);

export const CHART_FONT_FAMILY = 'Noto Sans CJK SC';
/** The font stack written into the SVG: browsers use whatever CJK font they have. */
const SVG_FONT_STACK = `'${CHART_FONT_FAMILY}', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif`;

const SUBSET_FONT = fileURLToPath(new URL('./fonts/NotoSansSC-Subset.otf', import.meta.url));
const SUBSET_CHARS = fileURLToPath(new URL('./fonts/NotoSansSC-Subset.chars.txt', import.meta.url));
const SYSTEM_FONTS = [
  process.env.JIXIAO_CJK_FONT,
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
].filter((f): f is string => !!f);

export const CHART_SIZE = { width: 640, height: 360 };
const PALETTE = ['#2f5597', '#c55a11', '#548235', '#7f6000'];

/** Thrown when no font can draw the chart's Chinese labels. */
export class ChartFontError extends Error {
  readonly code = 'REPORT_CHART_FONT';
}

let subsetChars: Set<string> | null = null;
function coveredBySubset(text: string): boolean {
  if (!existsSync(SUBSET_FONT)) return false;
  subsetChars ??= new Set(readFileSync(SUBSET_CHARS, 'utf8'));
  for (const ch of text) if (ch.trim() && !subsetChars.has(ch)) return false;
  return true;
}

/** The font files resvg needs for these labels. */
export function chartFontFiles(text: string): string[] {
  if (coveredBySubset(text)) return [SUBSET_FONT];
  const system = SYSTEM_FONTS.find((f) => existsSync(f));
  if (system) return existsSync(SUBSET_FONT) ? [SUBSET_FONT, system] : [system];
  throw new ChartFontError(
    '图表中的部分文字不在随附的中文字体中，且系统未安装 Noto Sans CJK 字体（fonts-noto-cjk）；' +
      '请安装该字体，或以环境变量 JIXIAO_CJK_FONT 指定一个中文字体文件。',
  );
}

/**
 * Type sizes in SVG pixels. The chart is 640 px drawn about 148 mm wide, so 1 px prints as 0.66 pt:
 * 15 px labels print at about 10 pt (at 12 px they printed at 7 pt, too small on paper).
 */
const TYPE = { base: 16, title: 18, axis: 15, label: 15, legend: 15 };

/** A bar this share of the axis or taller carries its label inside, at its foot. */
const TALL_BAR = 0.15;

function option(spec: ChartSpec, title?: string): Echarts.EChartsCoreOption {
  const many = spec.categories.length > 6;
  const withLine = spec.series.some((s) => s.type === 'line');
  const values = spec.series.flatMap((s) => s.values.filter((v) => v !== null).map(Number));
  const axisMax = spec.max ?? Math.max(...values, 0);
  const labelledBars = spec.series.filter((s) => s.type === 'bar' && s.labels.some(Boolean)).length;
  return {
    animation: false,
    backgroundColor: '#ffffff',
    color: PALETTE,
    textStyle: { fontFamily: SVG_FONT_STACK, fontSize: TYPE.base },
    title: title
      ? { text: title, left: 'center', top: 8, textStyle: { fontSize: TYPE.title, fontWeight: 'normal' } }
      : undefined,
    legend: {
      top: title ? 40 : 10,
      data: spec.series.map((s) => s.name),
      textStyle: { fontSize: TYPE.legend },
    },
    grid: { left: 72, right: 32, top: title ? 84 : 56, bottom: spec.longLabels && many ? 100 : 50 },
    xAxis: {
      type: 'category',
      data: spec.categories,
      axisLabel: { interval: 0, rotate: spec.longLabels && many ? 35 : 0, fontSize: TYPE.axis },
    },
    yAxis: {
      type: 'value',
      name: spec.unit,
      max: spec.max,
      ...(spec.integer ? { minInterval: 1 } : {}),
      axisLabel: { fontSize: TYPE.axis },
      nameTextStyle: { fontSize: TYPE.axis },
    },
    series: spec.series.map((s) => {
      const label = {
        show: true,
        position: 'top',
        fontSize: TYPE.label,
        formatter: (p: { dataIndex: number }) => s.labels[p.dataIndex] ?? '',
      };
      // Beside a line, a bar's label goes inside the bar at its foot, away from the line's markers
      // and labels (on top, 77.73 % overprinted the line's 75 % and 96.90 % sat under its marker).
      const inside = (v: string) =>
        s.type === 'bar' && withLine && axisMax > 0 && Number(v) / axisMax >= TALL_BAR;
      // ECharts draws nothing for '-': no bar, a gap in a line.
      const point = (v: string | null) =>
        v === null
          ? '-'
          : inside(v)
            ? { value: Number(v), label: { position: 'insideBottom', color: '#ffffff', distance: 6 } }
            : Number(v);
      return {
        name: s.name,
        type: s.type,
        data: s.values.map(point),
        barMaxWidth: 48,
        // Two labelled bars side by side: a gap wide enough for their figures (“2,683.35” is 75 px).
        ...(s.type === 'bar' && labelledBars > 1 ? { barGap: '60%' } : {}),
        symbolSize: 7,
        label: s.type === 'line' ? { ...label, distance: 8 } : label,
      };
    }),
  };
}

/** The chart as an SVG string (the ECharts instance is disposed before returning). */
export function chartSvg(spec: ChartSpec, title?: string): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, ...CHART_SIZE });
  try {
    chart.setOption(option(spec, title));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Every text the chart prints (to pick fonts, and for tests that labels are there). */
export function chartText(spec: ChartSpec, title?: string): string {
  return [
    title ?? '',
    spec.unit,
    ...spec.categories,
    ...spec.series.flatMap((s) => [s.name, ...s.labels]),
  ].join('');
}

/** Characters every cut-down chart font holds: ECharts prints axis figures, and may shorten a label with “...”. */
const ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

/** The characters beyond ASCII that the SVG prints (its markup is ASCII; ECharts escapes only ASCII). */
export function svgChars(svg: string): string[] {
  return [...svg.replace(/<[^>]*>/g, '')].filter((ch) => ch > '\u007e');
}

/**
 * Rasterized charts, by chart data and scale (the drawing is a pure function of them). A report downloaded again (the web app) or rendered to
 * several formats draws its charts once.
 */
const pngCache = new Map<string, Buffer>();
const PNG_CACHE_SIZE = 48;

export function clearChartCache(): void {
  pngCache.clear();
}

/** PNGs being drawn: `done` resolves once they are all rasterised. */
export interface ChartDrawing {
  done: Promise<Buffer[]>;
}

/** A chart to draw: its data and optional title. */
export interface ChartRequest {
  spec: ChartSpec;
  title?: string;
}

/**
 * Starts drawing charts as PNG, `scale` × the SVG size (1.5 → 960 px wide, ≈ 160 dpi at 15 cm), and
 * resolves at once: the caller builds something else before it awaits `done`. On the main thread the
 * charts are drawn by the chart thread (thread.ts), elsewhere (a batch worker) by drawChartPngs in this
 * one. Cached charts are not redrawn; a label no font can draw throws ChartFontError here.
 */
export async function beginChartPngs(charts: ChartRequest[], scale = 1.5): Promise<ChartDrawing> {
  const keys = charts.map((c) => cacheKey(c.spec, c.title, scale));
  const pngs = keys.map((k) => cached(k));
  const missing = charts.map((c, i) => ({ c, i })).filter(({ i }) => !pngs[i]);
  if (!missing.length) return { done: Promise.resolve(pngs as Buffer[]) };
  chartFontFiles(missing.map(({ c }) => chartText(c.spec, c.title)).join(''));
  const requests = missing.map(({ c }) => c);
  const drawing = useChartThread() ? drawOnChartThread(requests, scale) : drawChartPngs(requests, scale);
  const done = drawing.then((made) => {
    missing.forEach(({ i }, k) => (pngs[i] = remember(keys[i]!, made[k]!)));
    return pngs as Buffer[];
  });
  done.catch(() => {}); // the caller awaits it later
  return { done };
}

/**
 * Draws charts as PNG in this thread: the font is cut to the characters chartText names and ASCII (the
 * axis figures), then each SVG (ECharts) goes to resvg on libuv's thread pool as soon as it is drawn.
 *
 * resvg's pixmaps live outside the JavaScript heap and are freed when the garbage collector collects
 * their images, which V8 does not hurry; memory levels off (test/report/render.test.ts measures it).
 */
export async function drawChartPngs(charts: ChartRequest[], scale = 1.5): Promise<Buffer[]> {
  const text = charts.map((c) => chartText(c.spec, c.title)).join('');
  const [base, extraFonts] = splitFonts(chartFontFiles(text));
  const width = Math.round(CHART_SIZE.width * scale);
  const chars = new Set([...ASCII, ...text]);
  const font = base ? await cutFont(base, [...chars].join('')).catch(() => base) : null;
  try {
    const drawn = charts.map((c) => {
      const svg = chartSvg(c.spec, c.title);
      // Should ECharts ever print a character of its own, that chart is drawn with the whole font.
      const whole = svgChars(svg).some((ch) => !chars.has(ch));
      const fontFiles = [...(font ? [whole ? base! : font] : []), ...extraFonts];
      const image = renderAsync(svg, {
        font: { loadSystemFonts: false, fontFiles, defaultFontFamily: CHART_FONT_FAMILY },
        fitTo: { mode: 'width', value: width },
        background: '#ffffff',
      });
      const png = image.then((img) => encodePng(img.pixels, img.width, img.height));
      png.catch(() => {}); // awaited below with the others
      return png;
    });
    return await Promise.all(drawn);
  } finally {
    if (font && font !== base) dropCutFont(font);
  }
}

/** Charts as PNG (see beginChartPngs). */
export async function chartPngs(charts: ChartRequest[], scale = 1.5): Promise<Buffer[]> {
  return (await beginChartPngs(charts, scale)).done;
}

/** The one chart as PNG. */
export async function chartPng(spec: ChartSpec, title?: string, scale = 1.5): Promise<Buffer> {
  return (await chartPngs([{ spec, title }], scale))[0]!;
}

/** The shipped font is cut down per report; a system collection, when needed, is loaded whole. */
function splitFonts(files: string[]): [string | null, string[]] {
  return files[0] === SUBSET_FONT ? [SUBSET_FONT, files.slice(1)] : [null, files];
}

function cacheKey(spec: ChartSpec, title: string | undefined, scale: number): string {
  return JSON.stringify([CHART_SIZE, scale, title ?? null, spec]);
}

function cached(key: string): Buffer | undefined {
  const hit = pngCache.get(key);
  if (hit) {
    pngCache.delete(key);
    pngCache.set(key, hit);
  }
  return hit;
}

function remember(key: string, png: Buffer): Buffer {
  pngCache.set(key, png);
  if (pngCache.size > PNG_CACHE_SIZE) pngCache.delete(pngCache.keys().next().value!);
  return png;
}
