/**
 * buildMonitoringModel(dataset, result) → ReportModel: the 绩效运行监控报告 (双监控) as plain data, from
 * `monitor()` and `monitoringProblems()`. Budget execution against the pace table (table and chart),
 * the gap between target progress and execution with its warning, the per-target table (status
 * 绿/黄/红, forecast 确定能/有可能/完全不可能, reason category), the corrective actions and the problems.
 * Pure: no I/O, no clock. Rendered by the same renderers as the year-end report.
 */
import { Decimal, fixed, percent } from '../../core/decimal.ts';
import type { Dataset } from '../../core/dataset/schema.ts';
import {
  FORECAST_LABELS,
  REASON_LABELS,
  STATUS_LABELS,
  monitoringProblems,
  type ExecutionRow,
  type MonitoringResult,
} from '../../core/monitoring/monitor.ts';
import { Builder } from './builder.ts';
import { DASH, amount } from './format.ts';
import type { Cell, ReportModel } from './types.ts';

/** “2023-08-31” → “2023年8月31日”. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const pct = (r: string | null) => (r === null ? DASH : `${percent(new Decimal(r))}%`);
const c = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, align: 'center', ...extra });

function behind(e: ExecutionRow): string {
  if (e.behindBy === null) return DASH;
  const v = new Decimal(e.behindBy);
  return v.isNegative() ? `超前 ${fixed(v.negated())}` : v.isZero() ? '持平' : `滞后 ${fixed(v)}`;
}

export function buildMonitoringModel(dataset: Dataset, r: MonitoringResult): ReportModel {
  const b = new Builder();
  const dept = dataset.department.name;
  const date = chineseDate(r.asOf);
  const problems = monitoringProblems(r);

  b.heading(1, '一、监控基本情况');
  b.paragraph(
    `按照预算绩效运行监控（预算执行进度和绩效目标实现程度“双监控”）的要求，${dept}对截至${date}的部门整体` +
      `${r.projects.length ? `及${r.projects.length}个项目的` : ''}预算执行情况和${r.targets.length}项绩效目标的完成情况开展监控。` +
      `序时进度${r.paceRule.replace(/：/, '，')}，截至监控日为${pct(r.pace)}。`,
  );
  if (r.constructed) b.paragraph('本报告所用监控数据为示例构造数据。');

  b.heading(1, '二、预算执行情况');
  const e = r.execution;
  const rate = e.rate ? new Decimal(e.rate) : null;
  b.paragraph(
    `截至${date}，${dept}全年预算数${amount(new Decimal(e.budget))}万元，累计执行${amount(new Decimal(e.executed))}万元，` +
      `预算执行率${pct(e.rate)}，序时进度${pct(r.pace)}，` +
      (rate === null
        ? '无法计算执行率。'
        : rate.lessThan(r.pace)
          ? `低于序时进度${fixed(new Decimal(e.behindBy!))}个百分点。`
          : `${rate.equals(r.pace) ? '与序时进度持平' : `超过序时进度${fixed(new Decimal(e.behindBy!).negated())}个百分点`}。`) +
      `具体见${b.nextTable()}、${b.nextChart()}。`,
  );
  const execRows = [r.execution, ...r.projects];
  b.table({
    id: 'monitoring-execution',
    title: `截至${date}预算执行进度`,
    unit: '单位：万元',
    // Rates (“100.00%”) on one line at 12 pt.
    columns: [2.8, 1.9, 1.9, 1.9, 1.9, 2.2],
    header: [
      [
        c('部门/项目'),
        c('全年预算数'),
        c('累计执行数'),
        c('执行率'),
        c('序时进度'),
        c('与序时进度差（百分点）'),
      ],
    ],
    rows: execRows.map((x) => [
      c(x.name, { align: 'left' }),
      c(amount(new Decimal(x.budget)), { align: 'right' }),
      c(amount(new Decimal(x.executed)), { align: 'right' }),
      c(pct(x.rate), { align: 'right' }),
      c(pct(r.pace), { align: 'right' }),
      c(behind(x)),
    ]),
  });
  const hundred = (s: string | null) => (s === null ? '0' : new Decimal(s).times(100).toString());
  b.chart('monitoring-execution', '累计预算执行率与序时进度', {
    categories: execRows.map((x) => x.name),
    unit: '%',
    max: 100,
    longLabels: execRows.length > 3,
    series: [
      {
        name: '累计执行率',
        type: 'bar',
        values: execRows.map((x) => hundred(x.rate)),
        labels: execRows.map((x) => pct(x.rate)),
      },
      {
        name: '序时进度',
        type: 'line',
        values: execRows.map(() => hundred(r.pace)),
        labels: execRows.map(() => ''),
      },
    ],
  });

  b.heading(1, '三、绩效目标完成情况');
  const gapWarn = r.warnings.find((w) => w.code === 'progressGap');
  b.paragraph(
    `纳入监控的${r.targets.length}项绩效目标中，状态为绿色${count(r, 'green')}项、黄色${count(r, 'yellow')}项、红色${count(r, 'red')}项` +
      `${count(r, 'unknown') ? `、无法判断${count(r, 'unknown')}项` : ''}。` +
      (r.targetProgress === null
        ? '没有可计算进度的定量目标，无法比较目标进度与预算执行进度。'
        : `可计算进度的目标平均完成进度${pct(r.targetProgress)}，与预算执行率${pct(e.rate)}相差${r.gap === null ? DASH : `${fixed(new Decimal(r.gap).abs())}个百分点`}（预警界限${r.gapThreshold}个百分点），` +
          (gapWarn
            ? `${gapWarn.message.replace(/^.*（/, '').replace(/）$/, '')}，予以预警。`
            : '在预警界限以内。')) +
      `各目标情况见${b.nextTable()}。`,
  );
  b.table({
    id: 'monitoring-targets',
    title: '绩效目标监控情况',
    columns: [0.9, 3, 2, 2.3, 2, 0.9, 1.6, 1.6],
    header: [
      [
        c('序号'),
        c('绩效目标'),
        c('年度指标值'),
        c('累计完成'),
        c('完成比例'),
        c('状态'),
        c('完成可能性'),
        c('偏差原因类别'),
      ],
    ],
    rows: r.targets.map((t, i) => [
      c(String(i + 1)),
      c(`${t.project ? `${t.project}：` : ''}${t.name}`, { align: 'left' }),
      c(t.target ?? DASH),
      c(t.progress ?? DASH),
      c(pct(t.progressShare)),
      c(STATUS_LABELS[t.status], { bold: t.status === 'red' }),
      c(
        t.forecast
          ? `${FORECAST_LABELS[t.forecast]}${t.forecastSource === 'suggested' ? '（按进度判断）' : ''}`
          : DASH,
      ),
      c(t.reasonCategory ? REASON_LABELS[t.reasonCategory] : DASH),
    ]),
  });

  b.heading(1, '四、偏差原因及纠偏措施');
  const flagged = r.targets.filter(
    (t) =>
      t.status === 'yellow' ||
      t.status === 'red' ||
      (t.forecast && t.forecast !== 'certain') ||
      t.reason ||
      t.action,
  );
  if (!flagged.length) b.paragraph('各项目标进度正常，无需采取纠偏措施。');
  flagged.forEach((t, i) => {
    b.paragraph(
      `${i + 1}. ${t.project ? `${t.project}：` : ''}${t.name}（${STATUS_LABELS[t.status]}，${t.forecast ? FORECAST_LABELS[t.forecast] : DASH}）。` +
        `偏差原因：${t.reason ?? '未说明'}${t.reasonCategory ? `（${REASON_LABELS[t.reasonCategory]}）` : ''}。` +
        `纠偏措施：${t.action ?? '未提出'}。`.replace(/。。/g, '。'),
    );
  });

  b.heading(1, '五、存在问题及预警');
  if (!problems.length) b.paragraph('截至监控日，未发现需要预警的问题。');
  problems.forEach((w, i) =>
    b.paragraph(
      `${i + 1}. ${w.message}${w.action ? `；纠偏措施：${w.action}` : ''}。`.replace(/。。$/, '。'),
    ),
  );
  const infos = r.warnings.filter((w) => w.severity !== 'warning');
  if (infos.length) {
    b.paragraph('此外，以下情况需关注：');
    infos.forEach((w, i) =>
      b.paragraph(
        `（${i + 1}）${w.message}${w.action ? `；纠偏措施：${w.action}` : ''}。`.replace(/。。$/, '。'),
      ),
    );
  }
  b.paragraph('上述预警事项将纳入年度绩效自评的存在问题清单跟踪整改。');

  return {
    kind: 'monitoring',
    title: `${dept}${dataset.year}年度绩效运行监控报告（截至${date}）`,
    department: dept,
    year: dataset.year,
    framework: { id: 'monitoring', name: '绩效运行监控' },
    total: '',
    blocks: b.blocks,
    placeholders: b.placeholders,
    notices: b.notices,
  };
}

function count(r: MonitoringResult, s: string): number {
  return r.targets.filter((t) => t.status === s).length;
}
