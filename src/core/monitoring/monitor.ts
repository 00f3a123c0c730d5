/**
 * Dual monitoring (双监控): at a monitoring date, budget execution against a pace table (序时进度, by
 * default the quarter ends 25 / 50 / 75 / 100 %), each target's progress against the same pace, the gap
 * between target progress and execution (a warning beyond a set number of points), a status per target
 * (green / yellow / red), the forecast of completion (确定能 / 有可能 / 完全不可能) with its reason
 * category, and the corrective actions. Warnings are values that can carry into the year-end problems.
 */
import { dayOfYear as calendarDayOfYear } from '../calendar.ts';
import { Decimal, ZERO, fixed, min, percent, sum } from '../decimal.ts';
import type { Dataset, Monitoring } from '../dataset/schema.ts';
import { inTargetUnit, parseActualText, parseTargetText, type TargetParse } from '../targets/parse.ts';
import type { ScoreResult } from '../score.ts';

// The forecast and deviation-reason values with their labels are declared once, with the dataset schema.
import type { Forecast, ReasonCategory } from '../dataset/schema.ts';
export { FORECAST_LABELS, REASON_LABELS, type Forecast, type ReasonCategory } from '../dataset/schema.ts';
export type Status = 'green' | 'yellow' | 'red' | 'unknown';
export const STATUS_LABELS: Record<Status, string> = { green: '绿', yellow: '黄', red: '红', unknown: '—' };

export interface PacePoint {
  /** MM-DD */
  date: string;
  /** Share of the year as a ratio string ("0.25"). */
  share: string;
}

export const QUARTER_END_PACE: PacePoint[] = [
  { date: '03-31', share: '0.25' },
  { date: '06-30', share: '0.5' },
  { date: '09-30', share: '0.75' },
  { date: '12-31', share: '1' },
];

export interface MonitoringSettings {
  pace: PacePoint[];
  /** step: the share of the last pace date reached; linear: interpolated by days between pace dates. */
  interpolate: 'step' | 'linear';
  /** Warn when |target progress − execution| exceeds this many percentage points. */
  gapThreshold: string;
  /** A target behind the pace by more than `yellow` points is yellow, by more than `red` points red. */
  statusMargins: { yellow: string; red: string };
}

export const DEFAULT_MONITORING_SETTINGS: MonitoringSettings = {
  pace: QUARTER_END_PACE,
  interpolate: 'step',
  gapThreshold: '10',
  statusMargins: { yellow: '10', red: '30' },
};

export interface TargetMonitorRow {
  name: string;
  project: string | null;
  category: string | null;
  target: string | null;
  progress: string | null;
  /** Progress as a share of the annual target (ratio string), when both are figures. */
  progressShare: string | null;
  status: Status;
  forecast: Forecast | null;
  /** Given in the data, or suggested from the status when not. */
  forecastSource: 'given' | 'suggested' | 'none';
  reasonCategory: ReasonCategory | null;
  reason: string | null;
  action: string | null;
  notes: string[];
}

export interface ExecutionRow {
  name: string;
  budget: string;
  executed: string;
  /** ratio string, null when the budget is zero. */
  rate: string | null;
  /** rate − pace, in percentage points (two decimals). */
  behindBy: string | null;
}

export interface MonitoringWarning {
  code:
    | 'executionBehindPace'
    | 'progressGap'
    | 'targetRed'
    | 'targetYellow'
    | 'forecastImpossible'
    | 'reasonMissing'
    | 'actionMissing'
    | 'targetUnknown'
    | 'projectBehindPace';
  severity: 'warning' | 'info';
  name: string;
  message: string;
  action: string | null;
}

export interface MonitoringResult {
  asOf: string;
  constructed: boolean;
  pace: string;
  paceRule: string;
  execution: ExecutionRow;
  projects: ExecutionRow[];
  /** Average progress share of the targets with figures (each capped at 100 %), ratio string. */
  targetProgress: string | null;
  /** targetProgress − execution rate, percentage points (two decimals). */
  gap: string | null;
  gapThreshold: string;
  targets: TargetMonitorRow[];
  warnings: MonitoringWarning[];
}

function dayOfYear(year: number, mmdd: string): number {
  const [m, d] = mmdd.split('-').map(Number) as [number, number];
  return calendarDayOfYear(year, m, d);
}

/** The expected share of the year's budget spent by `asOf` (YYYY-MM-DD) under the pace table. */
export function paceAt(asOf: string, settings: MonitoringSettings = DEFAULT_MONITORING_SETTINGS): Decimal {
  const year = Number(asOf.slice(0, 4));
  const day = dayOfYear(year, asOf.slice(5));
  const points = [...settings.pace]
    .map((p) => ({ day: dayOfYear(year, p.date), share: new Decimal(p.share) }))
    .sort((a, b) => a.day - b.day);
  let prev = { day: 0, share: ZERO };
  for (const p of points) {
    if (day < p.day) {
      if (settings.interpolate === 'step') return prev.share;
      const span = p.day - prev.day;
      return prev.share.plus(
        p.share
          .minus(prev.share)
          .times(day - prev.day)
          .dividedBy(span),
      );
    }
    prev = p;
  }
  return prev.share;
}

function executionRow(name: string, budget: Decimal, executed: Decimal, pace: Decimal): ExecutionRow {
  const rate = budget.isZero() ? null : executed.dividedBy(budget);
  return {
    name,
    budget: fixed(budget),
    executed: fixed(executed),
    rate: rate ? rate.toString() : null,
    behindBy: rate ? fixed(pace.minus(rate).times(100)) : null,
  };
}

interface DeclaredTarget {
  name: string;
  category: string;
  target: string;
  project: string | null;
}

function declaredTargets(ds: Dataset): DeclaredTarget[] {
  return [
    ...ds.targets.map((t) => ({ name: t.name, category: t.category, target: t.target, project: null })),
    ...(ds.projects.items ?? []).flatMap((p) =>
      (p.targets ?? []).map((t) => ({
        name: t.name,
        category: t.category,
        target: t.target,
        project: p.name,
      })),
    ),
  ];
}

function progressShare(
  parse: TargetParse,
  progress: string,
  year: number,
): { share: Decimal | null; note?: string; over?: boolean } {
  if (parse.kind !== 'quantity') return { share: null };
  const a = parseActualText(progress, { year });
  if (!a || a.kind !== 'number') return { share: null, note: `进度“${progress}”不是数值` };
  const conv = inTargetUnit(a, parse.unit);
  if ('error' in conv) return { share: null, note: conv.error };
  const v = new Decimal(parse.value);
  if (parse.op === '<=' || parse.op === '<') {
    // a ceiling: spending so far is fine while below it
    return {
      share: null,
      over: conv.value.greaterThan(v),
      note: `已发生 ${conv.value.toString()}${parse.unit ?? ''}，上限 ${v.toString()}${parse.unit ?? ''}`,
    };
  }
  if (v.isZero()) return { share: null, note: '指标值为 0，无法计算进度' };
  return { share: conv.value.dividedBy(v) };
}

function worse(a: Status, b: Status): Status {
  const rank: Record<Status, number> = { unknown: 0, green: 1, yellow: 2, red: 3 };
  return rank[a] >= rank[b] ? a : b;
}

export function monitoringSettings(
  m: Monitoring | undefined,
  override: Partial<MonitoringSettings> = {},
): MonitoringSettings {
  const fromData: Partial<MonitoringSettings> = {};
  if (m?.pace)
    fromData.pace = m.pace.map((p) => ({
      date: p.date,
      share: new Decimal(p.share).dividedBy(100).toString(),
    }));
  if (m?.gapThreshold) fromData.gapThreshold = m.gapThreshold;
  const clean = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_MONITORING_SETTINGS, ...fromData, ...clean };
}

/**
 * The monitoring result at `asOf` (default the dataset's monitoring.asOf). Null when the dataset has
 * no monitoring section.
 */
export function monitor(
  dataset: Dataset,
  opts: { asOf?: string; settings?: Partial<MonitoringSettings> } = {},
): MonitoringResult | null {
  const m = dataset.monitoring;
  if (!m) return null;
  const settings = monitoringSettings(m, opts.settings);
  const asOf = opts.asOf ?? m.asOf;
  const pace = paceAt(asOf, settings);
  const budget =
    m.budget !== undefined
      ? new Decimal(m.budget)
      : sum(Object.values(dataset.budget.initial).map((v) => new Decimal(v))).plus(
          sum(dataset.adjustments.map((a) => new Decimal(a.amount))),
        );
  const execution = executionRow('部门整体', budget, new Decimal(m.executed), pace);
  const warnings: MonitoringWarning[] = [];
  const warn = (w: MonitoringWarning) => warnings.push(w);
  const pct = (r: Decimal | string) => `${percent(new Decimal(r))}%`;

  if (execution.rate && new Decimal(execution.rate).lessThan(pace))
    warn({
      code: 'executionBehindPace',
      severity: 'warning',
      name: '预算执行进度',
      message: `截至 ${asOf} 预算执行率 ${pct(execution.rate)}，低于序时进度 ${pct(pace)}（差 ${execution.behindBy} 个百分点）`,
      action: null,
    });

  const projects = (m.projects ?? []).map((p) => {
    const item = dataset.projects.items?.find((i) => i.name === p.name);
    const b = p.budget ?? item?.adjustedBudget ?? item?.initialBudget;
    const row = executionRow(p.name, new Decimal(b ?? 0), new Decimal(p.executed), pace);
    if (row.rate && new Decimal(row.rate).lessThan(pace))
      warn({
        code: 'projectBehindPace',
        severity: 'info',
        name: p.name,
        message: `项目“${p.name}”执行率 ${pct(row.rate)}，低于序时进度 ${pct(pace)}`,
        action: null,
      });
    return row;
  });

  const declared = declaredTargets(dataset);
  const yellow = new Decimal(settings.statusMargins.yellow).dividedBy(100);
  const red = new Decimal(settings.statusMargins.red).dividedBy(100);
  const shares: Decimal[] = [];
  const targets: TargetMonitorRow[] = m.targets.map((t) => {
    const d = declared.find((x) => x.name === t.name && (t.project === undefined || x.project === t.project));
    const notes: string[] = [];
    let status: Status = 'unknown';
    let share: Decimal | null = null;
    if (!d) {
      notes.push('在绩效目标中找不到同名目标');
      warn({
        code: 'targetUnknown',
        severity: 'warning',
        name: t.name,
        message: `监控目标“${t.name}”在绩效目标中找不到`,
        action: null,
      });
    } else if (t.progress !== undefined) {
      const parse = parseTargetText(d.target, { category: d.category, year: dataset.year });
      const p = progressShare(parse, t.progress, dataset.year);
      if (p.note) notes.push(p.note);
      share = p.share;
      if (share) {
        shares.push(min(share, new Decimal(1)));
        const behind = pace.minus(share);
        status = behind.greaterThan(red) ? 'red' : behind.greaterThan(yellow) ? 'yellow' : 'green';
      } else if (p.over !== undefined) status = p.over ? 'red' : 'green';
    }
    const given = t.forecast ?? null;
    // a target with no figure to compare (qualitative, or progress in words) takes its status from the forecast
    if (status === 'unknown' && given === 'certain') status = 'green';
    if (given === 'impossible') status = worse(status, 'red');
    else if (given === 'possible') status = worse(status, 'yellow');
    const forecast: Forecast | null =
      given ?? (status === 'green' ? 'certain' : status === 'unknown' ? null : 'possible');
    const row: TargetMonitorRow = {
      name: t.name,
      project: t.project ?? d?.project ?? null,
      category: d?.category ?? null,
      target: d?.target ?? null,
      progress: t.progress ?? null,
      progressShare: share ? share.toString() : null,
      status,
      forecast,
      forecastSource: given ? 'given' : forecast ? 'suggested' : 'none',
      reasonCategory: t.reasonCategory ?? null,
      reason: t.reason ?? null,
      action: t.action ?? null,
      notes,
    };
    const where = `${row.project ? `项目“${row.project}”` : ''}目标“${t.name}”`;
    const shown = share ? `进度 ${pct(share)}，序时进度 ${pct(pace)}` : (t.progress ?? '未填进度');
    if (forecast === 'impossible')
      warn({
        code: 'forecastImpossible',
        severity: 'warning',
        name: t.name,
        message: `${where}预计全年完全不可能完成（${shown}）`,
        action: row.action,
      });
    else if (status === 'red')
      warn({
        code: 'targetRed',
        severity: 'warning',
        name: t.name,
        message: `${where}进度严重滞后（${shown}）`,
        action: row.action,
      });
    else if (status === 'yellow')
      warn({
        code: 'targetYellow',
        severity: 'info',
        name: t.name,
        message: `${where}进度滞后（${shown}）`,
        action: row.action,
      });
    if (status === 'yellow' || status === 'red' || (forecast && forecast !== 'certain')) {
      if (!row.reasonCategory || !row.reason?.trim())
        warn({
          code: 'reasonMissing',
          severity: 'warning',
          name: t.name,
          message: `${where}进度滞后或可能无法完成，未说明偏差原因及类别`,
          action: null,
        });
      if (!row.action?.trim())
        warn({
          code: 'actionMissing',
          severity: 'warning',
          name: t.name,
          message: `${where}进度滞后或可能无法完成，未提出纠偏措施`,
          action: null,
        });
    }
    return row;
  });

  const targetProgress = shares.length ? sum(shares).dividedBy(shares.length) : null;
  const gap = targetProgress && execution.rate ? targetProgress.minus(execution.rate).times(100) : null;
  if (gap && gap.abs().greaterThan(settings.gapThreshold))
    warn({
      code: 'progressGap',
      severity: 'warning',
      name: '目标进度与预算执行进度',
      message: `目标平均完成进度 ${pct(targetProgress!)} 与预算执行率 ${pct(execution.rate!)} 相差 ${fixed(gap.abs())} 个百分点，超过 ${settings.gapThreshold} 个百分点（${gap.isNegative() ? '资金支出快于目标完成' : '目标完成快于资金支出'}）`,
      action: null,
    });

  return {
    asOf,
    constructed: m.constructed === true,
    pace: pace.toString(),
    paceRule: `${settings.interpolate === 'step' ? '按最近一个进度节点' : '按节点间天数线性插值'}：${settings.pace.map((p) => `${p.date} ${percent(new Decimal(p.share))}%`).join('，')}`,
    execution,
    projects,
    targetProgress: targetProgress ? targetProgress.toString() : null,
    gap: gap ? fixed(gap) : null,
    gapThreshold: settings.gapThreshold,
    targets,
    warnings,
  };
}

/**
 * The warnings that belong in the year-end problems list (存在问题): every warning-level item, each with
 * its corrective action. Info-level items (a yellow target with a reason and an action) are left out.
 */
export function monitoringProblems(result: MonitoringResult): MonitoringWarning[] {
  return result.warnings.filter((w) => w.severity === 'warning');
}

/** A score result with the monitoring warnings beside its problems (an added optional field). */
export type ScoreResultWithMonitoring = ScoreResult & {
  monitoring?: { asOf: string; warnings: MonitoringWarning[] };
};

export function withMonitoringWarnings(
  result: ScoreResult,
  monitoring: MonitoringResult | null,
): ScoreResultWithMonitoring {
  if (!monitoring) return result;
  return { ...result, monitoring: { asOf: monitoring.asOf, warnings: monitoringProblems(monitoring) } };
}
