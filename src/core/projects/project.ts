/**
 * Project self-evaluation (项目支出绩效自评表): one budget project (二级项目) scored under a project
 * framework (frameworks/mof-project-2020.yaml): its funds (年初预算数, 全年预算数, 全年执行数, 执行率, score
 * out of 10) and its targets. The project is scored by the same engine as the department: as a
 * one-project dataset (`projectDataset`) whose targets are the project's targets and whose project
 * figures are the project's own, so `projects.executionRate` is this project's 执行率.
 *
 * An initial budget of zero, a missing full-year budget or actual, a non-numeric actual for a
 * quantitative target: each is a finding; nothing is scored silently and nothing throws.
 */

export { DEFAULT_PROJECT_FRAMEWORK } from './default-framework.ts';
import { Decimal, fixed, percent } from '../decimal.ts';
import type { Dataset, ProjectItem } from '../dataset/schema.ts';
import type { Framework, IndicatorNode } from '../framework/schema.ts';
import { score, type IndicatorResult, type ScoreResult } from '../score.ts';
import { scoreTargetGroup, targetSettings, type TargetFinding, type TargetScore } from '../targets/score.ts';

export type ProjectFindingCode =
  | 'projectNotFound'
  | 'projectAmbiguous'
  | 'initialBudgetZero'
  | 'initialBudgetMissing'
  | 'adjustedBudgetMissing'
  | 'adjustedBudgetZero'
  | 'executedMissing'
  | 'executedOverBudget'
  | 'noTargets'
  | 'frameworkScope';

export interface ProjectFinding {
  code: ProjectFindingCode | TargetFinding['code'];
  /** info: worth saying, the score is right; warning: the score lacks a figure or a judgement. */
  severity: 'info' | 'warning';
  project: string;
  message: string;
}

export interface ProjectFunds {
  initialBudget: string | null;
  adjustedBudget: string | null;
  executed: string | null;
  /** 执行率 as a two-decimal percentage ("96.90"), null when it cannot be computed. */
  rate: string | null;
  weight: string;
  score: string;
}

export interface ProjectIndicatorTable {
  code: string;
  name: string;
  weight: string;
  score: string;
  /** Per-target rows for a `targets` indicator; empty otherwise. */
  rows: TargetScore[];
  /** The evaluator's score replaced the targets' score (evaluatorOverride). */
  suggested?: string | undefined;
}

export interface ProjectTable {
  project: string;
  department: string;
  year: number;
  framework: { id: string; name: string };
  constructed: boolean;
  funds: ProjectFunds | null;
  indicators: ProjectIndicatorTable[];
  total: string;
  maxTotal: string;
  grade?: string | undefined;
  findings: ProjectFinding[];
  /** The engine's full result (steps, problems, missing), for the report and --json. */
  result: ScoreResult;
}

export type ProjectLookup = { ok: true; value: ProjectItem } | { ok: false; finding: ProjectFinding };

/** Finds a project by exact name, else by a unique partial match. */
export function findProject(dataset: Dataset, name: string): ProjectLookup {
  const items = dataset.projects.items ?? [];
  const exact = items.filter((p) => p.name === name);
  if (exact.length === 1) return { ok: true, value: exact[0]! };
  const partial = items.filter((p) => p.name.includes(name));
  if (exact.length === 0 && partial.length === 1) return { ok: true, value: partial[0]! };
  const names = items.map((p) => p.name).join('、') || '（数据中没有逐个项目 projects.items）';
  if (exact.length > 1 || partial.length > 1)
    return {
      ok: false,
      finding: {
        code: 'projectAmbiguous',
        severity: 'warning',
        project: name,
        message: `“${name}”对应多个项目：${(exact.length > 1 ? exact : partial).map((p) => p.name).join('、')}`,
      },
    };
  return {
    ok: false,
    finding: {
      code: 'projectNotFound',
      severity: 'warning',
      project: name,
      message: `没有名为“${name}”的二级项目；现有：${names}`,
    },
  };
}

/**
 * The project as a one-project dataset: its targets, its evaluator answers and its own figures under
 * `projects` (count 1; adjustedBudget and executed the project's). With no full-year budget the
 * executed figure is left out, so the execution rate is missing rather than taken from the department.
 */
export function projectDataset(dataset: Dataset, project: ProjectItem): Dataset {
  return {
    ...dataset,
    targets: project.targets ?? [],
    evaluation: project.evaluation ?? {},
    projects: {
      count: 1,
      completedOnTime: project.completedOnTime === false ? 0 : 1,
      adjustedBudget: project.adjustedBudget,
      executed: project.adjustedBudget === undefined ? undefined : project.executed,
      items: [project],
    },
    monitoring: undefined,
  };
}

function fundFindings(p: ProjectItem): ProjectFinding[] {
  const out: ProjectFinding[] = [];
  const f = (code: ProjectFindingCode, severity: ProjectFinding['severity'], message: string) =>
    out.push({ code, severity, project: p.name, message });
  if (p.initialBudget === undefined) f('initialBudgetMissing', 'info', `“${p.name}”未填年初预算数`);
  else if (new Decimal(p.initialBudget).isZero())
    f(
      'initialBudgetZero',
      'info',
      `“${p.name}”年初预算数为 0（年中新增或追加的项目），执行率按全年预算数计算，年初预算数不参与评分`,
    );
  if (p.adjustedBudget === undefined)
    f('adjustedBudgetMissing', 'warning', `“${p.name}”未填全年预算数，无法计算预算执行率，该项得 0 分`);
  else if (new Decimal(p.adjustedBudget).isZero())
    f('adjustedBudgetZero', 'warning', `“${p.name}”全年预算数为 0，无法计算预算执行率，该项得 0 分`);
  if (p.executed === undefined)
    f('executedMissing', 'warning', `“${p.name}”未填全年执行数，无法计算预算执行率，该项得 0 分`);
  else if (
    p.adjustedBudget !== undefined &&
    !new Decimal(p.adjustedBudget).isZero() &&
    new Decimal(p.executed).greaterThan(p.adjustedBudget)
  )
    f(
      'executedOverBudget',
      'warning',
      `“${p.name}”全年执行数 ${fixed(new Decimal(p.executed))} 超过全年预算数 ${fixed(new Decimal(p.adjustedBudget))}，执行率按 100% 计分`,
    );
  if (!p.targets?.length)
    f('noTargets', 'warning', `“${p.name}”未填绩效目标，产出、效益、满意度指标无法评分`);
  return out;
}

function leafNodes(nodes: IndicatorNode[]): IndicatorNode[] {
  return nodes.flatMap((n) => (n.children?.length ? leafNodes(n.children) : [n]));
}

function leafResults(nodes: IndicatorResult[]): IndicatorResult[] {
  return nodes.flatMap((n) => (n.children?.length ? leafResults(n.children) : [n]));
}

/** Scores one project under a project framework. */
export function scoreProject(dataset: Dataset, project: ProjectItem, framework: Framework): ProjectTable {
  const view = projectDataset(dataset, project);
  const result = score(view, framework);
  const findings = fundFindings(project);
  if (framework.scope !== 'project')
    findings.push({
      code: 'frameworkScope',
      severity: 'warning',
      project: project.name,
      message: `框架 ${framework.id} 是部门整体框架，不是项目支出框架`,
    });
  const nodes = leafNodes(framework.indicators);
  const results = leafResults(result.indicators);
  let funds: ProjectFunds | null = null;
  const indicators: ProjectIndicatorTable[] = [];
  nodes.forEach((node, i) => {
    const r = results[i]!;
    const rule = node.rule!;
    if (rule.kind === 'proportional' && rule.metric === 'projects.executionRate') {
      const adjusted = project.adjustedBudget;
      const canRate =
        adjusted !== undefined && project.executed !== undefined && !new Decimal(adjusted).isZero();
      funds = {
        initialBudget: project.initialBudget === undefined ? null : fixed(new Decimal(project.initialBudget)),
        adjustedBudget: adjusted === undefined ? null : fixed(new Decimal(adjusted)),
        executed: project.executed === undefined ? null : fixed(new Decimal(project.executed)),
        rate: canRate ? percent(new Decimal(project.executed!).dividedBy(adjusted!)) : null,
        weight: r.weight,
        score: r.score,
      };
      return;
    }
    if (rule.kind === 'targets') {
      const selected = view.targets.filter((t) => rule.categories.includes(t.category));
      const g = scoreTargetGroup(
        selected,
        node.weight,
        targetSettings({
          lessThan: rule.lessThan,
          overAchievement: rule.overAchievement,
          qualitativeBands: rule.qualitativeBands,
          places: framework.settings.scorePlaces,
        }),
        { year: dataset.year },
      );
      if (!selected.length)
        findings.push({
          code: 'noTargets',
          severity: 'warning',
          project: project.name,
          message: `“${project.name}”未设置${rule.categories.join('、')}类绩效目标，“${r.name}”得 ${r.score} 分`,
        });
      for (const f of g.findings)
        findings.push({ code: f.code, severity: 'warning', project: project.name, message: f.message });
      indicators.push({
        code: r.code,
        name: r.name,
        weight: r.weight,
        score: r.score,
        rows: g.rows,
        suggested: g.score === r.score ? undefined : g.score,
      });
      return;
    }
    indicators.push({ code: r.code, name: r.name, weight: r.weight, score: r.score, rows: [] });
  });
  return {
    project: project.name,
    department: dataset.department.name,
    year: dataset.year,
    framework: result.framework,
    constructed: project.constructed === true,
    funds,
    indicators,
    total: result.total,
    maxTotal: result.maxTotal,
    grade: result.grade,
    findings,
    result,
  };
}

/** Every project that has targets or funds recorded, scored. */
export function scoreProjects(dataset: Dataset, framework: Framework): ProjectTable[] {
  return (dataset.projects.items ?? []).map((p) => scoreProject(dataset, p, framework));
}
