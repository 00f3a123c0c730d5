/** `jixiao score <dataset> --project <name>`: one project's 项目支出绩效自评表. */
import { findProject, scoreProject } from '../../core/projects/project.ts';
import { projectTableModel, type ProjectTableModel } from '../../core/projects/table.ts';
import { writeFileSync } from 'node:fs';
import { datasetFrameworkRef, loadDataset, loadFramework } from '../../adapters/files.ts';
import { EXIT, padDisplay, reportErrors, type Io } from '../io.ts';
import { loadFrameworkOrReport } from './common.ts';

import { DEFAULT_PROJECT_FRAMEWORK } from '../../report/project-framework.ts';

export { DEFAULT_PROJECT_FRAMEWORK };

export async function runProjectScore(
  io: Io,
  datasetPath: string,
  name: string,
  frameworkFlag: string | undefined,
  json: boolean,
  xlsxPath?: string,
): Promise<number> {
  const ds = loadDataset(datasetPath);
  if (!ds.ok) return reportErrors(io, `数据文件 ${datasetPath} 有误`, ds.errors);
  const fw = loadFrameworkOrReport(
    io,
    frameworkFlag ?? projectFrameworkOf(io, datasetPath, ds.value.framework),
  );
  if (typeof fw === 'number') return fw;
  const found = findProject(ds.value, name);
  if (!found.ok)
    return reportErrors(io, `数据文件 ${datasetPath}`, [
      { path: 'projects.items', message: found.finding.message },
    ]);
  const table = scoreProject(ds.value, found.value, fw);
  const model = projectTableModel(table);
  if (json) {
    const { result, ...rest } = table;
    io.out(
      JSON.stringify({ ...rest, problems: result.problems, missing: result.missing, table: model }, null, 2),
    );
  } else {
    io.out(formatProjectTable(model));
  }
  const warnings = table.findings.filter((f) => f.severity === 'warning');
  if (warnings.length && !json) {
    io.err(`注意：有 ${warnings.length} 处需要补充或核对：`);
    for (const w of warnings) io.err(`  - ${w.message}`);
  }
  // Exit 1, as for the department score, when figures or answers were missing or need checking.
  const attention = warnings.length > 0 || table.result.missing.length > 0;
  const written = xlsxPath ? await writeXlsx(io, xlsxPath, model, warnings.length > 0 && !json) : EXIT.ok;
  return written !== EXIT.ok ? written : attention ? EXIT.findings : EXIT.ok;
}

/**
 * The framework a project is scored with when no --framework is given: the dataset's own `framework:`
 * when that is a project framework; when it names a department framework (scored by `score` without
 * --project), the default project framework, and the user is told so.
 */
function projectFrameworkOf(io: Io, datasetPath: string, own: string | undefined): string {
  if (own === undefined) return DEFAULT_PROJECT_FRAMEWORK;
  const ref = datasetFrameworkRef(datasetPath, own);
  const fw = loadFramework(ref);
  if (!fw.ok || fw.value.scope === 'project') return ref; // a broken one is reported by the caller
  io.err(
    `说明：数据文件指定的框架 ${own} 是部门整体框架，项目自评使用项目支出框架 ${DEFAULT_PROJECT_FRAMEWORK}（可用 --framework 指定）`,
  );
  return DEFAULT_PROJECT_FRAMEWORK;
}

async function writeXlsx(io: Io, path: string, model: ProjectTableModel, note: boolean): Promise<number> {
  // exceljs only when a table is written: loading it costs `jixiao score` ≈ 0.15 s of start-up.
  const { projectTablesXlsx } = await import('../../adapters/xlsx/project-table.ts');
  try {
    writeFileSync(path, await projectTablesXlsx([model]));
  } catch (e) {
    io.err(`无法写入 ${path}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return EXIT.badInput;
  }
  io.err(`已另存为 ${path}${note ? '（有需要补充或核对之处，见上）' : ''}`);
  return EXIT.ok;
}

export function formatProjectTable(m: ProjectTableModel): string {
  const out: string[] = [];
  out.push(`${m.title}${m.constructed ? '（示例构造数据）' : ''}`, '');
  out.push(`项目名称：${m.project}    主管部门：${m.department}`, '');
  out.push(
    `项目资金（万元）  年初预算数 ${m.funds.initialBudget}  全年预算数 ${m.funds.adjustedBudget}  全年执行数 ${m.funds.executed}  分值 ${trim(m.funds.weight)}  执行率 ${m.funds.rate}  得分 ${m.funds.score}`,
  );
  out.push('');
  out.push(
    [
      padDisplay('一级指标', 10),
      padDisplay('二级指标', 14),
      padDisplay('三级指标', 30),
      padDisplay('年度指标值', 16),
      padDisplay('实际完成值', 24),
      padDisplay('分值', 6),
      padDisplay('得分', 6),
      '偏差原因分析及改进措施',
    ].join(' '),
  );
  out.push('-'.repeat(130));
  let last = '';
  for (const r of m.rows) {
    out.push(
      [
        padDisplay(r.level1 === last ? '' : r.level1, 10),
        padDisplay(r.level2, 14),
        padDisplay(r.name, 30),
        padDisplay(r.target, 16),
        padDisplay(r.actual, 24),
        padDisplay(trim(r.weight), 6),
        padDisplay(r.score, 6),
        r.remark,
      ].join(' '),
    );
    last = r.level1;
  }
  out.push('-'.repeat(130));
  out.push(`总分 ${m.total.score} / ${trim(m.total.weight)}${m.total.grade ? `（${m.total.grade}）` : ''}`);
  if (m.notes.length) {
    out.push('', '说明：');
    for (const n of m.notes) out.push(`  - ${n}`);
  }
  return out.join('\n');
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
