/**
 * The charts, declared once: each is a title and a pure function from figures to a ChartSpec. The
 * report prints them (图 x-y), and the web app shows the same charts drawn by the server
 * (src/server/charts.ts), so a department sees on screen the chart its report will carry.
 */
import type { Decimal } from '../../core/decimal.ts';
import { QUARTERS } from '../../core/quarters.ts';
import type { IndicatorResult } from '../../core/score.ts';
import { DASH, pct, trimZeros } from './format.ts';
import type { ChartSpec } from './types.ts';

/** The quarter-end schedule (序时进度) the execution chart draws its line at, in percent. */
const SCHEDULE = ['25', '50', '75', '100'];

export const CHARTS = {
  /** Each level-2 indicator's score against its weight (四、评分情况). */
  scores: {
    title: '各二级指标自评得分与参考分值',
    spec(indicators: IndicatorResult[]): ChartSpec {
      const level2 = indicators.flatMap((l1) => l1.children ?? [l1]);
      return {
        categories: level2.map((n) => `${n.name}（${trimZeros(n.weight)}）`),
        unit: '分',
        longLabels: true,
        series: [
          {
            name: '参考分值',
            type: 'bar',
            values: level2.map((n) => n.weight),
            // The weight is in the category label; one label per pair keeps them from overlapping.
            labels: level2.map(() => ''),
          },
          {
            name: '自评得分',
            type: 'bar',
            values: level2.map((n) => n.score),
            labels: level2.map((n) => n.score),
          },
        ],
      };
    },
  },
  /** Quarter-end cumulative execution rates against the schedule (预算执行情况). */
  execution: {
    title: '各季度累计预算执行率与序时进度',
    spec(rates: Decimal[] | null): ChartSpec {
      return {
        categories: [...QUARTERS],
        unit: '%',
        max: 100,
        series: [
          {
            name: '累计预算执行率',
            type: 'bar',
            values: QUARTERS.map((_, i) => rates?.[i]?.times(100).toString() ?? null),
            labels: QUARTERS.map((_, i) => (rates?.[i] ? pct(rates[i]) : DASH)),
          },
          { name: '序时进度', type: 'line', values: SCHEDULE, labels: SCHEDULE.map((s) => `${s}%`) },
        ],
      };
    },
  },
  /** A department's self and review totals over the years (历年对比). */
  history: {
    title: '历年自评得分与复核得分',
    spec(years: { year: number; selfScore: string | null; reviewScore: string | null }[]): ChartSpec {
      return {
        categories: years.map((y) => `${y.year}年`),
        unit: '分',
        max: 100,
        series: [
          {
            name: '自评得分',
            type: 'line',
            values: years.map((y) => y.selfScore),
            labels: years.map((y) => y.selfScore ?? ''),
          },
          {
            name: '复核得分',
            type: 'line',
            values: years.map((y) => y.reviewScore),
            labels: years.map(() => ''),
          },
        ],
      };
    },
  },
  /** How many departments got each grade (财政局汇总). */
  distribution: {
    title: '评价等级分布',
    spec(distribution: { grade: string; count: number }[]): ChartSpec {
      return {
        categories: distribution.map((d) => d.grade),
        unit: '部门数',
        integer: true,
        series: [
          {
            name: '部门数',
            type: 'bar',
            values: distribution.map((d) => String(d.count)),
            labels: distribution.map((d) => String(d.count)),
          },
        ],
      };
    },
  },
} as const;

export type ChartId = keyof typeof CHARTS;
