/**
 * Charts drawn by the server (src/server/charts.ts): the report's own charts as SVG, shown here as
 * images. The browser carries no chart library, and what a department sees is what its report prints.
 * An SVG shown through <img> runs no script and loads nothing, whatever text it holds.
 */
import { Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, type ChartView, type ChartsResponse } from './api.ts';

/** One chart, as wide as its column; its alt text says what it shows. */
export function ServerChart({ chart, testId }: { chart: ChartView; testId?: string }) {
  const src = useMemo(() => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(chart.svg)}`, [chart.svg]);
  return (
    <figure data-testid={testId ?? `chart-${chart.id}`} style={{ margin: 0 }}>
      <Typography.Title level={5}>{chart.title}</Typography.Title>
      <img src={src} alt={chart.alt} style={{ width: '100%', height: 'auto', display: 'block' }} />
    </figure>
  );
}

/** Holds a chart's place (640 × 360) while it is drawn, so the page does not jump. */
export const ChartPlaceholder = () => <div style={{ aspectRatio: '16 / 9' }} aria-busy="true" />;

/**
 * The 评分明细 charts of the input on screen (unsaved edits included), drawn again a moment after the
 * last change; while the input has errors the last charts stay. null until the first arrive.
 */
export function useDatasetCharts(id: number, data: unknown, enabled: boolean): ChartView[] | null {
  const [charts, setCharts] = useState<ChartView[] | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const t = setTimeout(() => {
      api<ChartsResponse>('POST', `/api/datasets/${id}/charts`, { data })
        .then((r) => {
          if (live && r.charts.length) setCharts(r.charts);
        })
        .catch(() => {
          /* the next change retries */
        });
    }, 400);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [id, data, enabled]);
  return charts;
}
