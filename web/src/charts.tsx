/** Charts with tree-shaken ECharts (echarts/core) through echarts-for-react's ESM core build. */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core.js';
import { percent } from '../../src/core/decimal.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { METRICS } from '../../src/core/metrics/registry.ts';
import { QUARTERS } from '../../src/core/quarters.ts';
import { cleanInput } from '../../src/core/dataset/sections.ts';
import type { IndicatorResult } from './api.ts';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  SVGRenderer,
]);

const Chart = ReactEChartsCore as unknown as (p: {
  echarts: typeof echarts;
  option: object;
  style?: React.CSSProperties;
  notMerge?: boolean;
  opts?: object;
}) => React.ReactElement;

export function EChart({
  option,
  height = 300,
  testId,
}: {
  option: object;
  height?: number;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      <Chart echarts={echarts} option={option} notMerge style={{ height }} opts={{ renderer: 'svg' }} />
    </div>
  );
}

/** Score by level-2 indicator against its weight. */
export function Level2Chart({ indicators }: { indicators: IndicatorResult[] }) {
  const l2 = indicators.flatMap((l1) => l1.children ?? []);
  return (
    <EChart
      testId="chart-level2"
      option={{
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { data: ['分值', '得分'], top: 0 },
        grid: { left: 40, right: 10, bottom: 90, top: 40 },
        xAxis: {
          type: 'category',
          data: l2.map((n) => n.name),
          axisLabel: { interval: 0, rotate: 45, fontSize: 11 },
        },
        yAxis: { type: 'value', name: '分' },
        series: [
          { name: '分值', type: 'bar', data: l2.map((n) => n.weight), itemStyle: { color: '#d9d9d9' } },
          { name: '得分', type: 'bar', data: l2.map((n) => n.score), itemStyle: { color: '#a8071a' } },
        ],
      }}
    />
  );
}

const SCHEDULE = ['25', '50', '75', '100'];

/** Quarter-end cumulative execution rate against the schedule (25/50/75/100 %). */
export function QuarterChart({ data }: { data: Record<string, unknown> }) {
  const rates = quarterRates(data);
  return (
    <EChart
      testId="chart-quarters"
      option={{
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)}%` },
        legend: { data: ['累计执行率', '序时进度'], top: 0 },
        grid: { left: 40, right: 10, bottom: 30, top: 50 },
        xAxis: { type: 'category', data: [...QUARTERS] },
        yAxis: { type: 'value', name: '%', max: 120 },
        series: [
          {
            name: '累计执行率',
            type: 'bar',
            data: rates,
            itemStyle: { color: '#a8071a' },
            label: { show: true, position: 'top' },
          },
          { name: '序时进度', type: 'line', data: SCHEDULE, itemStyle: { color: '#595959' } },
        ],
      }}
    />
  );
}

/**
 * Execution rates in percent with two decimals: the core's own metric (execution.quarterlyRates) on the
 * entered figures, so the chart and the score use one formula. Input that does not parse shows no bars.
 */
export function quarterRates(data: Record<string, unknown>): (string | null)[] {
  const parsed = parseDataset(cleanInput(data));
  const rates = parsed.ok ? METRICS['execution.quarterlyRates']!.compute(parsed.value) : null;
  return Array.isArray(rates) ? rates.map((r) => percent(r)) : [null, null, null, null];
}
