import { Decimal, percent } from '../../core/decimal.ts';
import { ACHIEVEMENT_LABELS, scoreTarget, type TargetScore } from '../../core/targets/score.ts';
import { quantifiedShareTable, reviewTargets } from '../../core/targets/share.ts';
import { suggestOutcomesScore } from '../../core/targets/outcomes.ts';
import { loadDataset } from '../../adapters/files.ts';
import { parse } from '../args.ts';
import { EXIT, UsageError, padDisplay, reportErrors, type Command } from '../io.ts';

export const targetsCommand: Command = {
  name: 'targets',
  usage: `用法：jixiao targets <数据文件> [--json]

  --json  以 JSON 输出

每个目标的指标值按规则解析（比较符、数值、单位、限定词、日期区间或定性等级），定量与否由解析判断。
目标填写了分值（weight）时按分值计分，否则列出得分率（占满分的百分比）。
退出码：0 正常；1 有需要补充的说明（实际值不是数值、单位不一致、超额完成未说明偏差原因等）；2 数据有误`,
  async run(args, io) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('需要一个数据文件');
    const ds = loadDataset(positionals[0]!);
    if (!ds.ok) return reportErrors(io, `数据文件 ${positionals[0]} 有误`, ds.errors);
    const d = ds.value;
    const rows = d.targets.map((t) => scoreTarget(t, t.weight ?? '100', undefined, { year: d.year }));
    const share = quantifiedShareTable(d.targets);
    const review = reviewTargets(d.targets);
    const outcomes = suggestOutcomesScore(d);
    const findings = rows.flatMap((r) => r.findings).filter((f) => f.code !== 'actualMissing');
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            department: d.department.name,
            year: d.year,
            targets: rows.map((r, i) => ({ ...r, scoreBasis: d.targets[i]!.weight ? 'weight' : 'percent' })),
            quantifiedShare: share,
            review,
            outcomes,
          },
          null,
          2,
        ),
      );
      return findings.length ? EXIT.findings : EXIT.ok;
    }
    io.out(`${d.department.name} ${d.year} 年度绩效目标（${rows.length} 个）`);
    io.out('');
    io.out(
      [
        padDisplay('类别', 14),
        padDisplay('三级指标', 36),
        padDisplay('指标值', 22),
        padDisplay('解析', 28),
        padDisplay('定量', 4),
        padDisplay('实际完成值', 12),
        padDisplay('完成情况', 10),
        '得分',
      ].join(' '),
    );
    io.out('-'.repeat(140));
    rows.forEach((r, i) => io.out(line(r, d.targets[i]!.weight !== undefined)));
    io.out('');
    io.out('定量指标占比（表1-4）：');
    io.out(
      `  ${padDisplay('指标', 14)} ${padDisplay('指标总个数', 10)} ${padDisplay('定量指标个数', 12)} 量化指标占比`,
    );
    for (const r of [...share.rows, share.total])
      io.out(
        `  ${padDisplay(r.category, 14)} ${padDisplay(String(r.total), 10)} ${padDisplay(String(r.quantitative), 12)} ${r.sharePercent === null ? '—' : `${r.sharePercent}%`}`,
      );
    if (share.qualitative.length)
      io.out(`  定性指标：${share.qualitative.map((q) => `${q.name}（${q.target}）`).join('、')}`);
    if (d.priorYear?.quantifiedShare !== undefined && share.total.sharePercent !== null)
      io.out(
        `  上年量化指标占比 ${new Decimal(d.priorYear.quantifiedShare).toFixed(2)}%，本年 ${share.total.sharePercent}%，变动 ${new Decimal(share.total.sharePercent).minus(d.priorYear.quantifiedShare).toFixed(2)} 个百分点`,
      );
    io.out('');
    io.out(
      `效果性（按效益指标完成情况）：建议得分 ${outcomes.suggested ?? '—'} / ${outcomes.weight}` +
        (outcomes.evaluator
          ? `；评价人判断 ${outcomes.evaluator.score}（以评价人判断为准）${outcomes.evaluator.reason ? `：${outcomes.evaluator.reason}` : ''}`
          : ''),
    );
    const missing = rows.filter((r) => r.findings.some((f) => f.code === 'actualMissing')).length;
    if (missing) io.out(`未填报实际完成值的目标 ${missing} 个。`);
    if (review.length) {
      io.out('');
      io.out('指标值写法提示：');
      for (const x of review) io.out(`  - ${x.message}`);
    }
    if (findings.length) {
      io.err(`需要补充说明 ${findings.length} 处：`);
      for (const f of findings) io.err(`  - ${f.message}`);
      return EXIT.findings;
    }
    return EXIT.ok;
  },
};

function line(r: TargetScore, weighted: boolean): string {
  const score = !r.scored
    ? '—'
    : weighted
      ? `${r.score} / ${r.weight}`
      : `${percent(new Decimal(r.score).dividedBy(r.weight))}%`;
  return [
    padDisplay(r.category, 14),
    padDisplay(r.name, 36),
    padDisplay(r.target, 22),
    padDisplay(r.parsed, 28),
    padDisplay(r.quantitative ? '是' : '否', 4),
    padDisplay(r.actual ?? '—', 12),
    padDisplay(ACHIEVEMENT_LABELS[r.achievement], 10),
    score,
  ].join(' ');
}
