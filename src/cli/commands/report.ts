import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Decimal, percent } from '../../core/decimal.ts';
import { isIsoDate } from '../../core/calendar.ts';
import type { Dataset } from '../../core/dataset/schema.ts';
import { monitor, monitoringProblems } from '../../core/monitoring/monitor.ts';
import { score } from '../../core/score.ts';
import {
  REPORT_FORMATS,
  buildMonitoringModel,
  buildReportModel,
  renderDocx,
  renderHtml,
  renderMarkdown,
  type ReportFormat,
  type ReportModel,
} from '../../report/index.ts';
import { PdfError, renderPdf } from '../../adapters/pdf.ts';
import { ChartFontError } from '../../report/charts/render.ts';
import { startChartThread } from '../../report/charts/thread.ts';
import { checkReport } from '../../checker/index.ts';
import { SEVERITY_LABELS, sortFindings, type Finding } from '../../core/checks/types.ts';
import type { Framework } from '../../core/framework/schema.ts';
import { parse } from '../args.ts';
import { EXIT, UsageError, reportErrors, type Command, type Io } from '../io.ts';
import { loadFrameworkOrReport, loadInputs, defaultFramework } from './common.ts';
import { DEFAULT_PROJECT_FRAMEWORK } from './score-project.ts';

export const reportCommand: Command = {
  name: 'report',
  get usage() {
    return `用法：jixiao report <数据文件> [-o <输出文件>] [--format docx|html|md|pdf] [--framework <框架 id 或文件>] [--strict]
       jixiao report <数据文件> --kind monitoring [--as-of YYYY-MM-DD] [-o <输出文件>] [--format …]

  --kind        evaluation（缺省）：年度自评报告；monitoring：绩效运行监控（“双监控”）报告，
                需数据文件有 monitoring 部分
  --as-of       监控报告的监控日期，缺省为数据文件 monitoring.asOf
  --project-framework  二级项目自评所用框架，缺省 ${DEFAULT_PROJECT_FRAMEWORK}；有绩效目标的项目
                在附表中各附一张项目支出绩效自评表（附表 2-1 起）

  -o, --output  输出文件；缺省为数据文件同名、按格式取扩展名，写在当前目录
  --format      docx（缺省）、html（单文件、可打印）、md（Markdown）或 pdf（需安装 LibreOffice）；
                缺省按 -o 的扩展名判断
  --framework   指标体系框架：内置框架 id（见 jixiao frameworks）或框架文件路径；
                缺省用数据文件中的 framework 字段，再缺省用 ${defaultFramework()}
  --strict      报告中仍有待填写的内容，或自查（jixiao check）发现错误时，以退出码 1 结束

报告中用户未填写的叙述（dataset.narrative.*）和改进措施（dataset.measures.<指标代码>）以
【待填写：…】标出，并在命令输出中逐条列出。生成 docx 或 pdf 后即用 jixiao check 核对所写报告，
列出前后不一之处。`;
  },
  async run(args, io) {
    const { values, positionals } = parse(args, {
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
      framework: { type: 'string' },
      strict: { type: 'boolean' },
      kind: { type: 'string' },
      'as-of': { type: 'string' },
      'project-framework': { type: 'string' },
    });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('需要一个数据文件');
    const format = pickFormat(values.format, values.output);
    const kind = values.kind ?? 'evaluation';
    if (kind !== 'evaluation' && kind !== 'monitoring')
      throw new UsageError(`--kind 应为 evaluation 或 monitoring，收到“${kind}”`);
    const asOf = values['as-of'];
    if (asOf !== undefined && (kind !== 'monitoring' || !isIsoDate(asOf)))
      throw new UsageError(
        kind !== 'monitoring'
          ? '--as-of 只用于 --kind monitoring'
          : `--as-of 应为日期 YYYY-MM-DD，收到“${asOf}”`,
      );
    const output =
      values.output ??
      `${basename(positionals[0]!, extname(positionals[0]!))}${kind === 'monitoring' ? '-monitoring' : ''}.${format}`;
    if (format === 'docx' || format === 'pdf') startChartThread(); // loads while the input is read
    const inputs = loadInputs(io, positionals[0]!, values.framework);
    if (typeof inputs === 'number') return inputs;
    if (kind === 'monitoring')
      return monitoringReport(io, inputs.dataset, positionals[0]!, output, format, asOf);
    const projectFramework = (inputs.dataset.projects.items ?? []).some((p) => p.targets?.length)
      ? loadFrameworkOrReport(io, values['project-framework'] ?? DEFAULT_PROJECT_FRAMEWORK)
      : undefined;
    if (typeof projectFramework === 'number') return projectFramework;
    const result = score(inputs.dataset, inputs.framework);
    const model = buildReportModel(inputs.dataset, inputs.framework, result, { projectFramework });
    const written = await write(io, model, format, output);
    if (written !== EXIT.ok) return written;
    io.out(
      `已生成自评报告：${output}（${format}）\n${model.department} ${model.year} 年度，${result.framework.name}，` +
        `自评得分 ${result.total}${result.grade ? `（${result.grade}）` : ''}，失分指标 ${result.problems.length} 项`,
    );
    io.out(formatPlaceholders(model));
    const errors = await selfCheck(io, output, format, inputs.framework);
    for (const n of model.notices) io.err(`说明：${n}`);
    if (result.missing.length)
      io.err(`注意：评分有 ${result.missing.length} 处缺少评价依据（见 jixiao score）`);
    return values.strict && (model.placeholders.length || errors) ? EXIT.findings : EXIT.ok;
  },
};

async function write(io: Io, model: ReportModel, format: ReportFormat, output: string): Promise<number> {
  let content: Buffer | string;
  try {
    content = await render(model, format);
  } catch (e) {
    if (e instanceof PdfError || e instanceof ChartFontError) {
      io.err(e.message);
      return EXIT.internal;
    }
    throw e;
  }
  writeFileSync(output, content);
  return EXIT.ok;
}

async function monitoringReport(
  io: Io,
  dataset: Dataset,
  path: string,
  output: string,
  format: ReportFormat,
  asOf: string | undefined,
): Promise<number> {
  const r = monitor(dataset, asOf ? { asOf } : {});
  if (!r)
    return reportErrors(io, `数据文件 ${path} 无法生成监控报告`, [
      {
        path: 'monitoring',
        message: '没有 monitoring（绩效运行监控）部分：需填写 asOf、executed 和各目标的 progress',
      },
    ]);
  const model = buildMonitoringModel(dataset, r);
  const written = await write(io, model, format, output);
  if (written !== EXIT.ok) return written;
  const problems = monitoringProblems(r);
  io.out(
    `已生成绩效运行监控报告：${output}（${format}）\n${model.title}，预算执行率 ` +
      `${r.execution.rate ? `${percent(new Decimal(r.execution.rate))}%` : '—'}，序时进度 ${percent(new Decimal(r.pace))}%，` +
      `预警 ${problems.length} 项`,
  );
  if (dataset.monitoring!.asOf !== r.asOf)
    io.err(`注意：监控数据截至 ${dataset.monitoring!.asOf}，报告按 ${r.asOf} 的序时进度比较`);
  return EXIT.ok;
}

/**
 * Runs the checker (jixiao check) on the report just written and prints what it finds, so that a
 * report whose own figures disagree is not handed over in silence. The .docx and the PDF are read back
 * as written; html and md are not (the checker reads .docx, PDF and text). Returns the error count.
 */
async function selfCheck(
  io: Io,
  output: string,
  format: ReportFormat,
  framework: Framework,
): Promise<number> {
  if (format !== 'docx' && format !== 'pdf') {
    io.out('自查：html、md 格式不自动核对；可生成 docx 后用 jixiao check 核对。');
    return 0;
  }
  const r = await checkReport(output, { framework });
  if (!r.ok) {
    io.err(`注意：未能自查所生成的报告：${r.error.message}`);
    return 0;
  }
  const findings = sortFindings(r.result.findings);
  const n = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  if (!findings.length) {
    io.out(`自查（jixiao check）：未发现问题，已核对相符 ${r.result.passed.length} 项。`);
    return 0;
  }
  io.out(
    `自查（jixiao check）：发现 ${findings.length} 处问题（错误 ${n('error')}，警告 ${n('warning')}，提示 ${n('note')}），` +
      '提交前请核对并修改数据文件后重新生成：',
  );
  findings.forEach((f, i) => {
    const figures = [
      f.stated !== undefined ? `写明 ${f.stated}` : null,
      f.expected !== undefined ? `应为 ${f.expected}` : null,
    ].filter(Boolean);
    io.out(
      `  ${i + 1}. 【${SEVERITY_LABELS[f.severity]}】${f.message}${figures.length ? `（${figures.join('，')}）` : ''}`,
    );
  });
  return n('error');
}

function pickFormat(flag: string | undefined, output: string | undefined): ReportFormat {
  if (flag !== undefined) {
    if (!(REPORT_FORMATS as readonly string[]).includes(flag))
      throw new UsageError(`--format 应为 ${REPORT_FORMATS.join('、')} 之一，收到“${flag}”`);
    return flag as ReportFormat;
  }
  const ext = output ? extname(output).slice(1).toLowerCase() : '';
  if (ext === 'markdown') return 'md';
  if (ext === 'htm') return 'html';
  return (REPORT_FORMATS as readonly string[]).includes(ext) ? (ext as ReportFormat) : 'docx';
}

async function render(model: ReportModel, format: ReportFormat): Promise<Buffer | string> {
  switch (format) {
    case 'docx':
      return renderDocx(model);
    case 'html':
      return renderHtml(model);
    case 'md':
      return renderMarkdown(model);
    case 'pdf':
      return renderPdf(model);
  }
}

/** The placeholders, one a line, naming the section and where in the dataset the text goes. */
export function formatPlaceholders(model: ReportModel): string {
  if (!model.placeholders.length) return '待填写：无，报告各部分均已有内容。';
  return [
    `待填写（${model.placeholders.length} 处，报告中以【待填写：…】标出）：`,
    ...model.placeholders.map((p, i) => `  ${i + 1}. ${p.section}：${p.label}（数据文件 ${p.key}）`),
  ].join('\n');
}

export type { Io };
