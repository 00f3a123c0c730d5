import { Decimal, money, percent } from '../../core/decimal.ts';
import { isIsoDate } from '../../core/calendar.ts';
import {
  FORECAST_LABELS,
  REASON_LABELS,
  STATUS_LABELS,
  monitor,
  monitoringProblems,
  type MonitoringResult,
} from '../../core/monitoring/monitor.ts';
import { loadDataset } from '../../adapters/files.ts';
import { parse } from '../args.ts';
import { EXIT, UsageError, padDisplay, reportErrors, type Command } from '../io.ts';

export const monitorCommand: Command = {
  name: 'monitor',
  usage: `用法：jixiao monitor <数据文件> [--as-of 2023-07-31] [--gap 10] [--linear] [--json]

  --as-of   监控日期（YYYY-MM-DD），缺省为数据文件 monitoring.asOf
  --gap     目标进度与预算执行进度相差超过该百分点数时预警（缺省 10，或数据文件中的 gapThreshold）
  --linear  序时进度在季度末之间按天数线性插值（缺省取最近一个季度末的进度）
  --json    以 JSON 输出

退出码：0 无预警；1 有预警；2 数据有误或没有 monitoring 部分`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      'as-of': { type: 'string' },
      gap: { type: 'string' },
      linear: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('需要一个数据文件');
    const asOf = values['as-of'];
    if (asOf !== undefined && !validDate(asOf))
      throw new UsageError(`--as-of 应为日期 YYYY-MM-DD，收到“${asOf}”`);
    if (values.gap !== undefined && !/^\d+(\.\d+)?$/.test(values.gap))
      throw new UsageError(`--gap 应为百分点数，如 10，收到“${values.gap}”`);
    const ds = loadDataset(positionals[0]!);
    if (!ds.ok) return reportErrors(io, `数据文件 ${positionals[0]} 有误`, ds.errors);
    const r = monitor(ds.value, {
      ...(asOf ? { asOf } : {}),
      settings: { gapThreshold: values.gap, interpolate: values.linear ? 'linear' : undefined },
    });
    if (!r)
      return reportErrors(io, `数据文件 ${positionals[0]} 无法监控`, [
        {
          path: 'monitoring',
          message: '没有 monitoring（绩效运行监控）部分：需填写 asOf、executed 和各目标的 progress',
        },
      ]);
    const problems = monitoringProblems(r);
    if (values.json) io.out(JSON.stringify({ ...r, problems }, null, 2));
    else {
      io.out(format(r, ds.value.department.name));
      if (ds.value.monitoring!.asOf !== r.asOf)
        io.out(`\n注意：监控数据截至 ${ds.value.monitoring!.asOf}，此处按 ${r.asOf} 的序时进度比较。`);
    }
    return problems.length ? EXIT.findings : EXIT.ok;
  },
};

function validDate(s: string): boolean {
  return isIsoDate(s);
}

const pct = (r: string | null) => (r === null ? '—' : `${percent(new Decimal(r))}%`);

function format(r: MonitoringResult, department: string): string {
  const out: string[] = [];
  out.push(
    `${department} 绩效运行监控（“双监控”），截至 ${r.asOf}${r.constructed ? '（示例构造数据）' : ''}`,
    '',
  );
  out.push(`序时进度 ${pct(r.pace)}（${r.paceRule}）`);
  out.push('');
  out.push('一、预算执行进度');
  out.push(
    `  ${padDisplay('', 24)} ${padDisplay('全年预算数', 12)} ${padDisplay('累计执行数', 12)} ${padDisplay('执行率', 10)} 与序时进度差（百分点）`,
  );
  for (const e of [r.execution, ...r.projects])
    out.push(
      `  ${padDisplay(e.name, 24)} ${padDisplay(money(new Decimal(e.budget)), 12)} ${padDisplay(money(new Decimal(e.executed)), 12)} ${padDisplay(pct(e.rate), 10)} ${e.behindBy === null ? '—' : new Decimal(e.behindBy).isNegative() ? `超前 ${new Decimal(e.behindBy).negated().toFixed(2)}` : `滞后 ${e.behindBy}`}`,
    );
  out.push('');
  out.push('二、绩效目标进度');
  out.push(
    `  ${padDisplay('目标', 34)} ${padDisplay('指标值', 12)} ${padDisplay('进度', 20)} ${padDisplay('完成比例', 9)} ${padDisplay('状态', 4)} ${padDisplay('完成可能性', 12)} 偏差原因类别`,
  );
  for (const t of r.targets)
    out.push(
      `  ${padDisplay((t.project ? `[${t.project}] ` : '') + t.name, 34)} ${padDisplay(t.target ?? '—', 12)} ${padDisplay(t.progress ?? '—', 20)} ${padDisplay(pct(t.progressShare), 9)} ${padDisplay(STATUS_LABELS[t.status], 4)} ${padDisplay(t.forecast ? FORECAST_LABELS[t.forecast] + (t.forecastSource === 'suggested' ? '（建议）' : '') : '—', 12)} ${t.reasonCategory ? REASON_LABELS[t.reasonCategory] : '—'}`,
    );
  out.push('');
  out.push(
    `目标平均完成进度 ${pct(r.targetProgress)}，预算执行率 ${pct(r.execution.rate)}，偏差 ${r.gap === null ? '—' : `${r.gap} 个百分点`}（预警界限 ${r.gapThreshold} 个百分点）`,
  );
  const actions = r.targets.filter((t) => t.reason || t.action);
  if (actions.length) {
    out.push('', '三、偏差原因和纠偏措施');
    for (const t of actions)
      out.push(`  - ${t.name}：${t.reason ?? '（未说明原因）'}；措施：${t.action ?? '（未提出措施）'}`);
  }
  out.push('', r.warnings.length ? `预警（${r.warnings.length} 项）：` : '预警：无');
  for (const w of r.warnings)
    out.push(
      `  ${w.severity === 'warning' ? '！' : '·'} ${w.message}${w.action ? `；纠偏措施：${w.action}` : ''}`,
    );
  return out.join('\n');
}
