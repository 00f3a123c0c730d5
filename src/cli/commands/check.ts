import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { notRecognisedMessage } from '../../checker/index.ts';
import { checkAnyFile } from '../../checker/published/file.ts';
import { checkFolder, folderFiles, writeSummaryWorkbook } from '../../checker/published/folder.ts';
import type { PublishedResult } from '../../checker/published/index.ts';
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
    return `用法：jixiao check <报告.docx|报告.txt|报告.pdf|自评表.xlsx|自评表.html|数据.yaml|文件夹> [--framework <框架>] [--json] [--brief]

  核对已写成的自评报告：读取表格和正文数字，重算合计、比率、得分，指出前后不一之处；
  核对已公开的项目支出、部门整体支出绩效自评表（Word、Excel、网页、PDF、文本，繁体、OCR 文字均可）；
  或核对数据文件：构成数与合计、写明的比率、季度累计、超预算、日期、绩效目标、理由与改进措施。
  给出文件夹时，并行核对其中每个文件，写出汇总工作簿（各文件识别结果、错误、警告及位置）。

  --framework      指标体系框架 id 或文件（缺省 ${defaultFramework()}，数据文件可自带）
  --over-share     超额完成超过目标多少需要写明原因（数据文件；缺省 0.2，即 20%）
  --json           以 JSON 输出（findings、passed、notChecked）
  --brief          不列出已核对相符的各项，只列问题
  -o, --output     文件夹模式的汇总工作簿（缺省为文件夹旁的“<文件夹名>-核对汇总.xlsx”）
  --force          覆盖已存在的汇总工作簿

退出码：0 未发现错误（可能有警告、提示）；1 发现错误；2 输入文件有误；4 文件中未识别到自评报告或绩效自评表`;
  },
  async run(args, io) {
    const { values, positionals } = parse(args, {
      framework: { type: 'string' },
      json: { type: 'boolean' },
      brief: { type: 'boolean' },
      'over-share': { type: 'string' },
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
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

    if (existsSync(file) && statSync(file).isDirectory())
      return runFolder(
        io,
        file,
        values.framework ?? defaultFramework(),
        values.output,
        !!values.force,
        !!values.json,
      );

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
    const checked = await checkAnyFile(file, fw);
    if (checked.via === 'error') {
      io.err(`无法核对 ${file}：${checked.message}`);
      return EXIT.badInput;
    }
    if (checked.via === 'none') {
      if (values.json) io.out(JSON.stringify({ file, recognised: false, message: checked.message }, null, 2));
      io.err(`${file}：${checked.message}`);
      return EXIT.notReport;
    }
    if (checked.via === 'published') {
      const p = checked.result;
      if (values.json) io.out(JSON.stringify(publishedJson(p), null, 2));
      else {
        io.out(`核对已公开的自评表：${p.file}（${PUBLISHED_KIND_ZH[p.kind]}）\n识别到：${p.what}`);
        printFindings(io, p.findings, p.passed, !values.brief, [], (x) => x);
      }
      return p.findings.some((f) => f.severity === 'error') ? EXIT.findings : EXIT.ok;
    }
    const res = checked.result;
    if (!res.recognised) {
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
const PUBLISHED_KIND_ZH: Record<PublishedResult['kind'], string> = {
  ...({ txt: '文本', docx: 'Word 文档', pdf: 'PDF 文字层' } as const),
  xlsx: 'Excel 工作簿',
  html: '网页',
};

function publishedJson(p: PublishedResult) {
  return {
    file: p.file,
    recognised: p.recognised,
    kind: p.kind,
    what: p.what,
    summary: summary(p.findings, p.passed),
    findings: p.findings,
    passed: p.passed,
  };
}

/** `jixiao check <folder>`: every file in parallel, a summary workbook; exit 1 when any file has an error. */
async function runFolder(
  io: Io,
  folder: string,
  framework: string,
  output: string | undefined,
  force: boolean,
  json: boolean,
): Promise<number> {
  const out = output ?? join(dirname(resolve(folder)), `${basename(resolve(folder))}-核对汇总.xlsx`);
  if (existsSync(out) && !force) {
    io.err(`汇总工作簿 ${out} 已存在；如要覆盖请加 --force`);
    return EXIT.badInput;
  }
  const files = folderFiles(folder, out);
  if (!files.length) {
    io.err(`文件夹 ${folder} 中没有文件`);
    return EXIT.badInput;
  }
  const results = await checkFolder(files, { framework });
  await writeSummaryWorkbook(out, folder, results);
  const count = (s: string) =>
    results.reduce((n, r) => n + r.findings.filter((f) => f.severity === s).length, 0);
  if (json) io.out(JSON.stringify({ folder, workbook: out, files: results }, null, 2));
  else {
    io.out(`核对文件夹：${folder}（${files.length} 个文件）`);
    for (const r of results) {
      const e = r.findings.filter((f) => f.severity === 'error').length;
      const w = r.findings.filter((f) => f.severity === 'warning').length;
      const state = !r.recognised
        ? (r.message ?? r.what).replace(/\n/g, ' ')
        : r.findings.length
          ? `错误 ${e}，警告 ${w}，提示 ${r.findings.length - e - w}`
          : '未发现问题';
      io.out(`  ${r.file}：${r.recognised ? `${r.what}；` : ''}${state}`);
    }
    io.out(
      `\n合计：错误 ${count('error')}，警告 ${count('warning')}，提示 ${count('note')}；未识别 ${results.filter((r) => !r.recognised).length} 个文件`,
    );
    io.out(`汇总工作簿：${out}`);
  }
  if (results.some((r) => r.findings.some((f) => f.severity === 'error'))) return EXIT.findings;
  return results.some((r) => r.recognised) ? EXIT.ok : EXIT.notReport;
}

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
