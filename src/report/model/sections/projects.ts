/**
 * The appendix's 项目支出绩效自评表: one table per budget project (二级项目) that has targets, scored by
 * the core (`scoreProjects` under the project framework, e.g. mof-project-2020) and laid out by
 * `projectTableModel`: the funds row (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分), the targets by
 * 一级/二级/三级指标 with merged cells, and the total. The project's scoring findings print under its
 * table as notes. Numbered 附表 2-1, 2-2 … after the department's scoring table (then 附表 1).
 */
import type { Dataset } from '../../../core/dataset/schema.ts';
import type { Framework } from '../../../core/framework/schema.ts';
import { scoreProjects } from '../../../core/projects/project.ts';
import { projectTableModel, type ProjectTableModel } from '../../../core/projects/table.ts';
import { trimZeros } from '../format.ts';
import type { SectionContext } from '../context.ts';
import type { Cell } from '../types.ts';

/** Whether any project carries targets (and so gets a table). */
export function hasProjectTables(ds: Dataset): boolean {
  return (ds.projects.items ?? []).some((p) => p.targets?.length);
}

/** Adds the project tables; returns how many were added. */
export function projectAppendix(ctx: SectionContext, framework: Framework): number {
  const withTargets = new Set(
    (ctx.ds.projects.items ?? []).filter((p) => p.targets?.length).map((p) => p.name),
  );
  if (!withTargets.size) return 0;
  const tables = scoreProjects(ctx.ds, framework)
    .filter((t) => withTargets.has(t.project))
    .map(projectTableModel);
  const last = tables.length > 1 ? `至附表 2-${tables.length}` : '';
  ctx.b.paragraph(
    `设有绩效目标的二级项目按《${framework.name}》逐项自评，项目支出绩效自评表见附表 2-1${last}。`,
  );
  tables.forEach((m, i) => {
    ctx.b.appendix(
      {
        id: `project-${i + 1}`,
        title: `${m.project}${m.title.replace(/^\d+\s*年度/, '')}`,
        columns: [1.6, 2, 3.2, 2, 2.4, 1.1, 1.5, 4],
        // The project, its funds and the column heads repeat on every page the table spans.
        ...projectRows(m),
        size: 'small',
        landscape: true,
        notes: notes(m),
      },
      `附表 2-${i + 1}`,
    );
  });
  return tables.length;
}

function notes(m: ProjectTableModel): string[] | undefined {
  const out = [
    ...(m.constructed ? ['本表项目资金和目标为示例构造数据。'] : []),
    ...m.notes.map((n) => `${n}。`.replace(/。。$/, '。')),
  ];
  if (!out.length) return undefined;
  return out.length === 1 ? [`说明：${out[0]}`] : ['说明：', ...out.map((n, i) => `${i + 1}. ${n}`)];
}

const c = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, align: 'center', ...extra });

function projectRows(m: ProjectTableModel): { header: Cell[][]; rows: Cell[][] } {
  const f = m.funds;
  const header: Cell[][] = [
    [c('项目名称'), c(m.project, { colSpan: 7, align: 'left' })],
    [c('主管部门'), c(m.department, { colSpan: 7, align: 'left' })],
    [
      c('项目资金（万元）', { rowSpan: 2 }),
      c(''),
      c('年初预算数'),
      c('全年预算数'),
      c('全年执行数'),
      c('分值'),
      c('执行率'),
      c('得分'),
    ],
    [
      c('年度资金总额'),
      c(f.initialBudget, { align: 'right' }),
      c(f.adjustedBudget, { align: 'right' }),
      c(f.executed, { align: 'right' }),
      c(trimZeros(f.weight)),
      c(f.rate, { align: 'right' }),
      c(f.score),
    ],
    [
      c('一级指标', { bold: true }),
      c('二级指标', { bold: true }),
      c('三级指标', { bold: true }),
      c('年度指标值', { bold: true }),
      c('实际完成值', { bold: true }),
      c('分值', { bold: true }),
      c('得分', { bold: true }),
      c('偏差原因分析及改进措施', { bold: true }),
    ],
  ];
  const rows: Cell[][] = [];
  // Merge 一级指标 over its rows, and 二级指标 over consecutive rows of the same category.
  const r = m.rows;
  for (let i = 0; i < r.length; i++) {
    const row: Cell[] = [];
    if (i === 0 || r[i - 1]!.level1 !== r[i]!.level1) {
      let n = 1;
      while (i + n < r.length && r[i + n]!.level1 === r[i]!.level1) n++;
      row.push(c(r[i]!.level1, n > 1 ? { rowSpan: n } : {}));
    }
    const sameL2 = (a: number, b: number) => r[a]!.level1 === r[b]!.level1 && r[a]!.level2 === r[b]!.level2;
    if (i === 0 || !sameL2(i - 1, i)) {
      let n = 1;
      while (i + n < r.length && sameL2(i, i + n)) n++;
      row.push(c(r[i]!.level2, n > 1 ? { rowSpan: n } : {}));
    }
    row.push(
      c(r[i]!.name, { align: 'left' }),
      c(r[i]!.target),
      c(r[i]!.actual),
      c(trimZeros(r[i]!.weight)),
      c(r[i]!.score),
      c(r[i]!.remark, { align: 'left' }),
    );
    rows.push(row);
  }
  rows.push([
    c('总分', { colSpan: 5, bold: true }),
    c(trimZeros(m.total.weight), { bold: true }),
    c(m.total.score, { bold: true }),
    c(m.total.grade ? `评价等级：${m.total.grade}` : '', { align: 'left' }),
  ]);
  return { header, rows };
}
