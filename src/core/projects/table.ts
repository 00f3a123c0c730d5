/**
 * The standard 项目支出绩效自评表 as rows, one model for every rendering (command line, .xlsx, report
 * appendix): the funds line (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分), then the indicator
 * rows (一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施), then the total.
 */
import type { ProjectTable } from './project.ts';

export interface ProjectTableRow {
  level1: string;
  level2: string;
  name: string;
  target: string;
  actual: string;
  weight: string;
  score: string;
  remark: string;
}

export interface ProjectTableModel {
  title: string;
  project: string;
  department: string;
  year: number;
  constructed: boolean;
  funds: {
    initialBudget: string;
    adjustedBudget: string;
    executed: string;
    weight: string;
    rate: string;
    score: string;
  };
  rows: ProjectTableRow[];
  total: { weight: string; score: string; grade: string };
  notes: string[];
}

const dash = (s: string | null | undefined) => (s === null || s === undefined || s === '' ? '—' : s);

export function projectTableModel(t: ProjectTable): ProjectTableModel {
  const rows: ProjectTableRow[] = [];
  for (const ind of t.indicators) {
    if (!ind.rows.length) {
      rows.push({
        level1: ind.name,
        level2: '—',
        name: '（未设置目标）',
        target: '—',
        actual: '—',
        weight: ind.weight,
        score: ind.score,
        remark: '',
      });
      continue;
    }
    for (const r of ind.rows) {
      const remark = [
        ...(r.deviationReason ? [r.deviationReason] : []),
        ...(r.reason && r.achievement !== 'met' ? [r.reason] : []),
        ...r.findings.map((f) => f.message),
        ...(r.achievement === 'notMet' && !r.findings.length && !r.reason && !r.deviationReason
          ? ['未达成年度指标值，未说明偏差原因']
          : []),
      ];
      rows.push({
        level1: ind.name,
        level2: r.category,
        name: r.name,
        target: r.target,
        actual: dash(r.actual),
        weight: r.weight,
        score: r.score,
        remark: remark.join('；'),
      });
    }
    if (ind.suggested !== undefined)
      rows.push({
        level1: ind.name,
        level2: '—',
        name: '（评价人判断）',
        target: '—',
        actual: '—',
        weight: ind.weight,
        score: ind.score,
        remark: `按目标完成情况建议得分 ${ind.suggested}，以评价人判断为准`,
      });
  }
  const f = t.funds;
  return {
    title: `${t.year} 年度项目支出绩效自评表`,
    project: t.project,
    department: t.department,
    year: t.year,
    constructed: t.constructed,
    funds: {
      initialBudget: dash(f?.initialBudget),
      adjustedBudget: dash(f?.adjustedBudget),
      executed: dash(f?.executed),
      weight: dash(f?.weight),
      rate: f?.rate ? `${f.rate}%` : '—',
      score: dash(f?.score),
    },
    rows,
    total: { weight: t.maxTotal, score: t.total, grade: t.grade ?? '' },
    notes: t.findings.map((x) => x.message),
  };
}
