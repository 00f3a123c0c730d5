/**
 * A recognised 项目支出绩效自评表 as a project of a dataset (projects.items[] with targets), so that it
 * can be re-scored under frameworks/mof-project-2020.yaml and the result compared with what the table
 * states. Amounts in 元 become 万元. Qualitative targets keep the table's own score as the evaluator's
 * points (a judgement the figures cannot redo); quantitative ones are re-scored from 指标值 and 实际值.
 */
import type { Dataset, ProjectItem, TargetCategory } from '../../core/dataset/schema.ts';
import { TARGET_CATEGORIES } from '../../core/dataset/schema.ts';
import type { Framework } from '../../core/framework/schema.ts';
import { scoreProject, type ProjectTable } from '../../core/projects/project.ts';
import { cellNumber, toWan } from './normalize.ts';
import { parseTarget } from './checks.ts';
import type { PublishedTable } from './recognise.ts';

type Target = NonNullable<ProjectItem['targets']>[number];

export interface ExtractedProject {
  item: ProjectItem;
  /** What could not be carried over, in Chinese. */
  missing: string[];
  /** The table's own total (得分 of the 总分 row), to compare with the re-score. */
  statedTotal: string | null;
}

const SATISFACTION = /满意/;

function category(level1: string, level2: string): TargetCategory | null {
  if ((TARGET_CATEGORIES as readonly string[]).includes(level2)) return level2 as TargetCategory;
  if (SATISFACTION.test(level2) || SATISFACTION.test(level1)) return '满意度指标';
  return null;
}

const amount = (text: string | undefined, unit: '万元' | '元') => {
  const n = cellNumber(text);
  return n ? toWan(n, unit).toDecimalPlaces(2).toFixed(2) : undefined;
};

/** One project table of a file as a project (`id` p1, p2… in the file's order). */
export function toProjectItem(rec: PublishedTable, id = 'p1'): ExtractedProject {
  const missing: string[] = [];
  const total = rec.funds?.rows.find((r) => r.kind === 'total');
  const unit = rec.funds?.unit ?? '万元';
  const name = rec.info.project ?? rec.title ?? '项目';
  if (!rec.info.project) missing.push('项目名称：表中未写明，取自标题');
  const targets: Target[] = [];
  const table = rec.indicators.find((t) => t.layout === 'project');
  table?.rows.forEach((r, i) => {
    const cat = category(r.level1, r.level2);
    if (!cat) {
      missing.push(`${r.where}「${r.level3}」：二级指标“${r.level2}”不是 10号 附件的指标类别，未带入`);
      return;
    }
    const weight = cellNumber(r.weight?.text);
    const t: Target = {
      id: `t${i + 1}`,
      category: cat,
      name: r.level3 || r.level2,
      target: r.target?.text || '（未写明）',
      ...(r.actual?.text ? { actual: r.actual.text } : {}),
      ...(weight ? { weight: weight.toString() } : {}),
      ...(r.reason ? { deviationReason: r.reason } : {}),
    };
    if (!r.target?.text) missing.push(`${r.where}「${r.level3}」：年度指标值空缺`);
    const quantitative = r.target?.text ? parseTarget(r.target.text, r.level2) !== null : false;
    const score = cellNumber(r.score?.text);
    if (!quantitative && score && weight && !weight.isZero()) {
      // A qualitative target's grade is the evaluator's: the table's score is kept as the points.
      const share = score.div(weight);
      t.grade = share.gte(0.8) ? 'met' : share.gte(0.6) ? 'partial' : 'unmet';
      t.points = score.toString();
      t.reason = '按自评表写明的得分（定性指标，评价人判断）';
    }
    targets.push(t);
  });
  const item: ProjectItem = {
    id,
    name,
    ...(amount(total?.values.initial?.text, unit) !== undefined
      ? { initialBudget: amount(total?.values.initial?.text, unit)! }
      : {}),
    ...(amount(total?.values.adjusted?.text, unit) !== undefined
      ? { adjustedBudget: amount(total?.values.adjusted?.text, unit)! }
      : {}),
    ...(amount(total?.values.executed?.text, unit) !== undefined
      ? { executed: amount(total?.values.executed?.text, unit)! }
      : {}),
    targets,
  } as ProjectItem;
  if (!total) missing.push('项目资金：未读到年度资金总额行');
  const statedTotal = table?.total?.score?.text ?? null;
  return { item, missing, statedTotal: cellNumber(statedTotal ?? undefined) ? statedTotal : null };
}

/**
 * The project re-scored under a project framework. Only the project's own fields enter the score, so
 * the host dataset carries nothing else (the department's name and the year, for the table's heading).
 */
export function rescore(x: ExtractedProject, framework: Framework, department = '', year = 0): ProjectTable {
  const host = {
    year,
    department: { name: department },
    targets: [],
    evaluation: {},
    projects: { count: 1, completedOnTime: 1, items: [x.item] },
  } as unknown as Dataset;
  return scoreProject(host, x.item, framework);
}

/** The re-score against the stated total, in Chinese. */
export function compareTotals(x: ExtractedProject, t: ProjectTable): string {
  const stated = cellNumber(x.statedTotal ?? undefined);
  if (stated === null) return `按 ${t.framework.name} 重算总分 ${t.total}（表中没有写明总分）`;
  const diff = stated.minus(t.total);
  return diff.isZero()
    ? `按 ${t.framework.name} 重算总分 ${t.total}，与表中写明的 ${x.statedTotal} 一致`
    : `按 ${t.framework.name} 重算总分 ${t.total}，表中写明 ${x.statedTotal}，相差 ${diff.abs().toFixed(2)}`;
}
