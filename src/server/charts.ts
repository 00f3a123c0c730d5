/**
 * The web app's charts, drawn here: the report's own chart declarations (src/report/model/charts.ts)
 * rendered by the report's ECharts SVG renderer, sent as SVG text with a text alternative. The browser
 * shows them as images, so it needs no chart library (ECharts was a third of the front end) and the
 * screen shows exactly the chart the report will print.
 */
import { decs } from '../report/model/format.ts';
import { CHARTS, type ChartId } from '../report/model/charts.ts';
import type { ChartSpec } from '../report/model/types.ts';
import { chartSvg } from '../report/charts/render.ts';
import { METRICS } from '../core/metrics/registry.ts';
import { trimZeros } from '../core/problem-text.ts';
import type { Dataset } from '../core/dataset/schema.ts';
import type { IndicatorResult } from '../core/score.ts';

/** A chart as the API sends it. */
export interface ChartView {
  id: ChartId;
  title: string;
  /** The chart as an SVG document (ECharts' server-side rendering; text escaped by ECharts). */
  svg: string;
  /** What the chart shows, in words, for screen readers and as the image's alt text. */
  alt: string;
}

/** The same spec draws the same SVG: charts redrawn as a person types are mostly unchanged. */
const svgCache = new Map<string, string>();
const SVG_CACHE_SIZE = 64;

function svgOf(spec: ChartSpec): string {
  const key = JSON.stringify(spec);
  const hit = svgCache.get(key);
  if (hit !== undefined) {
    svgCache.delete(key);
    svgCache.set(key, hit);
    return hit;
  }
  const svg = chartSvg(spec);
  svgCache.set(key, svg);
  if (svgCache.size > SVG_CACHE_SIZE) svgCache.delete(svgCache.keys().next().value!);
  return svg;
}

/** “标题。类别：系列 值，系列 值；…” from the spec (the values as printed, else the figures). */
export function chartAlt(title: string, spec: ChartSpec): string {
  const unit = spec.unit === '%' ? '%' : spec.unit ? ` ${spec.unit}` : '';
  const points = spec.categories.map((category, i) => {
    const parts = spec.series.map((s) => {
      const v = s.values[i];
      const label = s.labels[i];
      return `${s.name} ${label ? label : v === null || v === undefined ? '无' : `${trimZeros(v)}${unit}`}`;
    });
    return `${category}：${parts.join('，')}`;
  });
  return `${title}。${points.join('；')}。`;
}

function view<K extends ChartId>(id: K, ...args: Parameters<(typeof CHARTS)[K]['spec']>): ChartView {
  const chart = CHARTS[id];
  const spec = (chart.spec as (...a: typeof args) => ChartSpec)(...args);
  return { id, title: chart.title, svg: svgOf(spec), alt: chartAlt(chart.title, spec) };
}

/** The 评分明细 tab's charts for scored input. */
export function datasetCharts(dataset: Dataset, indicators: IndicatorResult[]): ChartView[] {
  const rates = decs(METRICS['execution.quarterlyRates']!.compute(dataset));
  return [view('scores', indicators), view('execution', rates)];
}

export const historyChart = (years: Parameters<(typeof CHARTS)['history']['spec']>[0]) =>
  view('history', years);
export const distributionChart = (d: Parameters<(typeof CHARTS)['distribution']['spec']>[0]) =>
  view('distribution', d);
