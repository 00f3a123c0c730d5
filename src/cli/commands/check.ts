import { extname } from 'node:path';
import { checkReport, notRecognisedMessage } from '../../checker/index.ts';
import type { ReportCheckResult } from '../../checker/report.ts';
import { runDatasetChecks } from '../../core/checks/dataset.ts';
import { SEVERITY_LABELS, sortFindings, type Finding, type Passed } from '../../core/checks/types.ts';
import { fieldPathLabel, findingTitle } from '../../core/labels.ts';
import { parse } from '../args.ts';
import { EXIT, UsageError, type Command, type Io } from '../io.ts';
import { defaultFramework, loadFrameworkOrReport, loadInputs } from './common.ts';

const DATASET_EXT = new Set(['.yaml', '.yml', '.json']);

export const checkCommand: Command = {
  name: 'check',
  get usage() {
    return `用法：jixiao check <报告.docx|报告.txt|报告.pdf|数据.yaml> [--framework <框架>] [--json] [--brief]

  核对已写成的自评报告：读取表格和正文数字，重算合计、比率、得分，指出前后不一之处；
  或核对数据文件：构成数与合计、写明的比率、季度累计、超预算、日期、绩效目标、理由与改进措施。

  --framework      指标体系框架 id 或文件（缺省 ${defaultFramework()}，数据文件可自带）
  --over-share     超额完成超过目标多少需要写明原因（数据文件；缺省 0.2，即 20%）
  --json           以 JSON 输出（findings、passed、notChecked）
  --brief          不列出已核对相符的各项，只列问题

退出码：0 未发现错误（可能有警告、提示）；1 发现错误；2 输入文件有误；4 文件中未识别到自评报告`;
  },
  async run(args, io) {
    const { values, positionals } = parse(args, {
      framework: { type: 'string' },
      json: { type: 'boolean' },
      brief: { type: 'boolean' },
      'over-share': { type: 'string' },
    });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('需要一个报告文件或数据文件');
    const file = positionals[0]!;
    const share = values['over-share'];
    if (share !== undefined && !/^\d+(\.\d+)?$/.test(share))
      throw new UsageError('--over-share 应为小数，例如 0.2（即 20%）');

    if (DATASET_EXT.has(extname(file).toLowerCase())) {
      const inputs = loadInputs(io, file, values.framework);
      if (typeof inputs === 'number') return inputs;
      const r = runDatasetChecks(inputs.dataset, {
        framework: inputs.framework,
        overAchievementShare: share,
      });
      const findings = sortFindings(r.findings);
      if (values.json) {
        io.out(
          JSON.stringify(
            { file, kind: 'dataset', summary: summary(findings, r.passed), findings, passed: r.passed },
            null,
            2,
          ),
        );
      } else {
        io.out(
          `核对数据文件：${file}（${inputs.dataset.department.name} ${inputs.dataset.year} 年度，框架 ${inputs.framework.id}）`,
        );
        printFindings(io, findings, r.passed, !values.brief, [], (p) => fieldPathLabel(p, inputs.framework));
      }
      return findings.some((f) => f.severity === 'error') ? EXIT.findings : EXIT.ok;
    }

    const fw = loadFrameworkOrReport(io, values.framework ?? defaultFramework());
    if (typeof fw === 'number') return fw;
    const r = await checkReport(file, { framework: fw });
    if (!r.ok) {
      io.err(`无法核对 ${file}：${r.error.message}`);
      return EXIT.badInput;
    }
    const res = r.result;
    if (!res.recognised) {
      if (values.json) io.out(JSON.stringify(reportJson(res), null, 2));
      io.err(`${file}：${notRecognisedMessage(res)}`);
      return EXIT.notReport;
    }
    if (values.json) io.out(JSON.stringify(reportJson(res), null, 2));
    else {
      io.out(header(res, fw.id));
      printFindings(io, res.findings, res.passed, !values.brief, res.notChecked, (p) => p);
    }
    return res.findings.some((f) => f.severity === 'error') ? EXIT.findings : EXIT.ok;
  },
};

const KIND_ZH: Record<string, string> = { txt: '文本', docx: 'Word 文档', pdf: 'PDF 文字层' };

function header(res: ReportCheckResult, fw: string): string {
  const who = [res.department, res.year ? `${res.year} 年度` : null].filter(Boolean).join(' ');
  return [
    `核对报告：${res.file}（${KIND_ZH[res.kind] ?? res.kind}${res.encoding ? `，${res.encoding}` : ''}）${who ? ` — ${who}` : ''}`,
    `读取表格 ${res.tablesRead.length} 张（${res.tablesRead.map((t) => `${t.where}${t.kind}`).join('、') || '无'}），数字 ${res.figuresRead} 个；框架 ${fw}`,
  ].join('\n');
}

function summary(findings: Finding[], passed: Passed[]) {
  const n = (s: string) => findings.filter((f) => f.severity === s).length;
  return { errors: n('error'), warnings: n('warning'), notes: n('note'), passed: passed.length };
}

export function reportJson(res: ReportCheckResult) {
  return {
    file: res.file,
    recognised: res.recognised,
    kind: res.kind,
    encoding: res.encoding ?? null,
    department: res.department,
    year: res.year,
    summary: summary(res.findings, res.passed),
    findings: res.findings,
    passed: res.passed,
    notChecked: res.notChecked,
    tablesRead: res.tablesRead,
    notRebuilt: res.rebuilt.missing,
  };
}

function printFindings(
  io: Io,
  findings: Finding[],
  passed: Passed[],
  listPassed: boolean,
  notChecked: string[],
  /** How a finding's path is shown: a field path as its Chinese label; a report place as it is. */
  place: (path: string) => string,
) {
  const s = summary(findings, passed);
  io.out('');
  io.out(
    findings.length
      ? `发现 ${findings.length} 处问题：错误 ${s.errors}，警告 ${s.warnings}，提示 ${s.notes}`
      : '未发现问题。',
  );
  findings.forEach((f, i) => {
    io.out(
      `\n${String(i + 1).padStart(3)}. 【${SEVERITY_LABELS[f.severity]}】${findingTitle(f.code)}｜${place(f.path)}`,
    );
    io.out(`     ${f.message}`);
    const figs = [
      f.stated !== undefined ? `写明 ${f.stated}` : null,
      f.expected !== undefined ? `应为 ${f.expected}` : null,
      f.tolerance !== undefined ? `容差 ${f.tolerance}` : null,
    ].filter(Boolean);
    if (figs.length) io.out(`     ${figs.join('｜')}`);
  });
  io.out(`\n已核对并相符 ${passed.length} 项${listPassed ? '：' : '（去掉 --brief 可逐项列出）'}`);
  if (listPassed) for (const p of passed) io.out(`  ✓ ${place(p.path)}：${p.message}`);
  if (notChecked.length) {
    io.out('\n未能核对：');
    for (const n of notChecked) io.out(`  - ${n}`);
  }
}
