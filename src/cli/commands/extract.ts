import { existsSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { checkReport, notRecognisedMessage } from '../../checker/index.ts';
import { checkAnyFile } from '../../checker/published/file.ts';
import { compareTotals, rescore, toProjectItem } from '../../checker/published/project.ts';
import { DEFAULT_PROJECT_FRAMEWORK } from '../../report/project-framework.ts';
import { parseDataset } from '../../core/dataset/parse.ts';
import { fieldPathLabel } from '../../core/labels.ts';
import { parse } from '../args.ts';
import { EXIT, UsageError, type Command } from '../io.ts';
import { defaultFramework, loadFrameworkOrReport } from './common.ts';

export const extractCommand: Command = {
  name: 'extract',
  get usage() {
    return `用法：jixiao extract <报告.docx|报告.txt|报告.pdf|项目支出绩效自评表> [-o 数据.yaml] [--force] [--framework <框架>]

  读取报告中的表格与数字，写出能重建的数据（年初预算、调整、调剂、季度执行、资产、人员、
  “三公”经费、绩效目标……），文件开头注明未能重建的部分（评价人判断、叙述、改进措施等），
  便于下一年从上一年的报告开始填报。报告中前后不一的数字，按构成数和表格取值。
  已公开的项目支出绩效自评表（.docx、.xlsx、网页、PDF、文本）写成数据中的一个项目（projects.items，
  含绩效指标），按 ${DEFAULT_PROJECT_FRAMEWORK} 重算得分并与表中写明的总分比较。

  -o, --output   输出文件（缺省输出到屏幕）
  --force        覆盖已存在的输出文件`;
  },
  async run(args, io) {
    const { values, positionals } = parse(args, {
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
      framework: { type: 'string' },
    });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('需要一个报告文件');
    const out = values.output;
    if (out && existsSync(out) && !values.force) {
      io.err(`输出文件 ${out} 已存在；如要覆盖请加 --force`);
      return EXIT.badInput;
    }
    const fw = loadFrameworkOrReport(io, values.framework ?? defaultFramework());
    if (typeof fw === 'number') return fw;
    const pub = await checkAnyFile(positionals[0]!, fw);
    const projectTables =
      pub.via === 'published' ? pub.result.recognition.tables.filter((t) => t.kind === 'project') : [];
    if (pub.via === 'published' && projectTables.length) {
      const pfw = loadFrameworkOrReport(io, values.framework ?? DEFAULT_PROJECT_FRAMEWORK);
      if (typeof pfw === 'number') return pfw;
      // Every project table of the file (a department publishes all of its projects together).
      const done = projectTables.map((t, k) => {
        const x = toProjectItem(t, `p${k + 1}`);
        return { x, note: compareTotals(x, rescore(x, pfw, t.info.department ?? '')) };
      });
      const several = done.length > 1;
      const head = (x: (typeof done)[number]['x']) => (several ? `「${x.item.name}」` : '');
      const text = [
        `# 由 jixiao extract 从 ${pub.result.file} 的项目支出绩效自评表重建（金额单位：万元）：数据中的${several ? ` ${done.length} 个项目` : '一个项目'}。`,
        `# 重算：jixiao score <含此项目的数据文件> --project <项目名称>（框架 ${pfw.id}）`,
        ...done.map(({ x, note }) => `# ${head(x)}${note}`),
        ...done.flatMap(({ x }) =>
          x.missing.length
            ? [`# ${head(x)}未能带入、需要补充或核实的部分：`, ...x.missing.map((m) => `#   - ${m}`)]
            : [],
        ),
        '',
        stringify({ projects: { items: done.map(({ x }) => x.item) } }, { lineWidth: 0 }),
      ].join('\n');
      if (out) {
        writeFileSync(out, text);
        io.out(
          `已写出 ${out}：${done.map(({ x }) => `项目「${x.item.name}」，绩效指标 ${x.item.targets?.length ?? 0} 条`).join('；')}。`,
        );
      } else io.out(text);
      for (const { x, note } of done) {
        io.err(`${head(x)}${note}`);
        for (const m of x.missing) io.err(`  - ${m}`);
      }
      return EXIT.ok;
    }
    if (pub.via === 'published') {
      // A 部门整体支出绩效自评表 (or a narrative page) is checked, not rebuilt: it holds no dataset.
      io.err(
        `${positionals[0]}：${pub.result.what}。jixiao extract 只把项目支出绩效自评表写成数据中的项目，或把自评报告重建为数据文件；这份文件请用 jixiao check 核对。`,
      );
      return EXIT.notReport;
    }
    const r = await checkReport(positionals[0]!, { framework: fw });
    if (!r.ok) {
      io.err(`无法读取 ${positionals[0]}：${r.error.message}`);
      return EXIT.badInput;
    }
    const res = r.result;
    if (!res.recognised) {
      io.err(`${positionals[0]}：${notRecognisedMessage(res)}`);
      return EXIT.notReport;
    }
    const ds = { ...res.rebuilt.dataset, framework: fw.id };
    const valid = parseDataset(ds);
    const lines = [
      `# 由 jixiao extract 从 ${res.file} 重建（金额单位：万元）。`,
      '# 报告中前后不一的数字按构成数和表格取值；请用 jixiao check 查看报告中的矛盾。',
      '# 未能重建、需要补充或核实的部分：',
      ...res.rebuilt.missing.map((m) => `#   - ${m.path}：${m.reason}`),
      ...(valid.ok ? [] : ['# 注意：缺少必填字段，补齐后再评分（jixiao validate 会逐项列出）。']),
      '',
      stringify(ds, { lineWidth: 0 }),
    ];
    const text = lines.join('\n');
    if (out) {
      writeFileSync(out, text);
      io.out(
        `已写出 ${out}：${res.department ?? ''} ${res.year ?? ''} 年度，读取数字 ${res.figuresRead} 个。`,
      );
    } else io.out(text);
    io.err(`未能重建 ${res.rebuilt.missing.length} 项（已写在文件开头的注释中）：`);
    for (const m of res.rebuilt.missing) io.err(`  - ${fieldPathLabel(m.path, fw)}：${m.reason}`);
    return EXIT.ok;
  },
};
