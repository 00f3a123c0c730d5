import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { score } from '../../core/score.ts';
import {
  REPORT_FORMATS,
  PdfError,
  buildReportModel,
  renderDocx,
  renderHtml,
  renderMarkdown,
  renderPdf,
  type ReportFormat,
  type ReportModel,
} from '../../report/index.ts';
import { ChartFontError } from '../../report/charts/render.ts';
import { parse } from '../args.ts';
import { EXIT, UsageError, type Command, type Io } from '../io.ts';
import { loadInputs } from './common.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: '生成部门整体支出绩效自评报告（.docx，也可 HTML、Markdown、PDF）',
  usage: `用法：jixiao report <数据文件> [-o <输出文件>] [--format docx|html|md|pdf] [--framework <框架 id 或文件>] [--strict]

  -o, --output  输出文件；缺省为数据文件同名、按格式取扩展名，写在当前目录
  --format      docx（缺省）、html（单文件、可打印）、md（Markdown）或 pdf（需安装 LibreOffice）；
                缺省按 -o 的扩展名判断
  --framework   指标体系框架：内置框架 id（见 jixiao frameworks）或框架文件路径；
                缺省用数据文件中的 framework 字段，再缺省用 futian-2023
  --strict      报告中仍有待填写的内容时以退出码 1 结束

报告中用户未填写的叙述（dataset.narrative.*）和改进措施（dataset.measures.<指标代码>）以
【待填写：…】标出，并在命令输出中逐条列出。`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
      framework: { type: 'string' },
      strict: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('需要一个数据文件');
    const format = pickFormat(values.format, values.output);
    const output = values.output ?? `${basename(positionals[0]!, extname(positionals[0]!))}.${format}`;
    const inputs = loadInputs(io, positionals[0]!, values.framework);
    if (typeof inputs === 'number') return inputs;
    const result = score(inputs.dataset, inputs.framework);
    const model = buildReportModel(inputs.dataset, inputs.framework, result);
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
    io.out(
      `已生成自评报告：${output}（${format}）\n${model.department} ${model.year} 年度，${result.framework.name}，` +
        `自评得分 ${result.total}${result.grade ? `（${result.grade}）` : ''}，失分指标 ${result.problems.length} 项`,
    );
    io.out(formatPlaceholders(model));
    for (const n of model.notices) io.err(`说明：${n}`);
    if (result.missing.length)
      io.err(`注意：评分有 ${result.missing.length} 处缺少评价依据（见 jixiao score）`);
    return values.strict && model.placeholders.length ? EXIT.findings : EXIT.ok;
  },
};

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
      return renderDocx(model, { isolateCharts: false }); // one report, then the process exits
    case 'html':
      return renderHtml(model);
    case 'md':
      return renderMarkdown(model);
    case 'pdf':
      return renderPdf(model, { isolateCharts: false });
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
