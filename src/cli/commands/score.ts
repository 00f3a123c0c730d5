import { score, type IndicatorResult, type ScoreResult } from '../../core/score.ts';
import { parse } from '../args.ts';
import { EXIT, UsageError, displayWidth, padDisplay, type Command, type Io } from '../io.ts';
import { loadInputs, defaultFramework } from './common.ts';
import { runProjectScore } from './score-project.ts';

export const scoreCommand: Command = {
  name: 'score',
  get usage() {
    return `用法：jixiao score <数据文件> [--framework <框架 id 或文件>] [--project <项目名称>] [--json]

  --framework  指标体系框架：内置框架 id（见 jixiao frameworks）或框架文件路径；
               缺省用数据文件中的 framework 字段，再缺省用 ${defaultFramework()}
  --project    只评一个二级项目（项目支出绩效自评表），框架缺省为 mof-project-2020
  --xlsx       与 --project 同用：另存为 .xlsx 文件
  --json       以 JSON 输出（小数为字符串，如 "93.96"）

退出码：0 评分完成且评价依据齐全；1 评分完成但有缺少评价依据或数字之处（已按框架设定计分）；2 输入有误`;
  },
  async run(args, io) {
    const { values, positionals } = parse(args, {
      framework: { type: 'string' },
      json: { type: 'boolean' },
      project: { type: 'string' },
      xlsx: { type: 'string' },
    });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('需要一个数据文件');
    if (values.project !== undefined)
      return runProjectScore(
        io,
        positionals[0]!,
        values.project,
        values.framework,
        values.json === true,
        values.xlsx,
      );
    const inputs = loadInputs(io, positionals[0]!, values.framework);
    if (typeof inputs === 'number') return inputs;
    const result = score(inputs.dataset, inputs.framework);
    if (values.json) io.out(JSON.stringify(toJson(result), null, 2));
    else io.out(formatTable(result));
    if (result.missing.length && !values.json) {
      io.err(`注意：有 ${result.missing.length} 处缺少评价依据，已按框架设定计分：`);
      for (const m of result.missing) io.err(`  - ${m.name}：${m.message}`);
    }
    // The README's contract: 1 when something is found that needs attention — here, a score that
    // rests on a default because evidence or figures were missing.
    return result.missing.length ? EXIT.findings : EXIT.ok;
  },
};

/** The --json shape: a flat list of indicators (each with its parent), problems and missing answers. */
export function toJson(result: ScoreResult) {
  const indicators: (Omit<IndicatorResult, 'children'> & { parent: string | null })[] = [];
  const walk = (n: IndicatorResult, parent: string | null) => {
    const { children, ...rest } = n;
    indicators.push({ ...rest, parent });
    children?.forEach((c) => walk(c, n.code));
  };
  result.indicators.forEach((n) => walk(n, null));
  return {
    framework: result.framework.id,
    frameworkName: result.framework.name,
    department: result.department,
    year: result.year,
    total: result.total,
    maxTotal: result.maxTotal,
    grade: result.grade ?? null,
    indicators,
    problems: result.problems,
    missing: result.missing,
  };
}

const LEVEL_NUMERALS = '一二三四五六七八九十';
const levelLabel = (level: number) => `${LEVEL_NUMERALS[level - 1] ?? level}级指标`;

/** The depth of the indicator tree (1 for a flat list of rules). */
function treeDepth(nodes: IndicatorResult[]): number {
  return Math.max(0, ...nodes.map((n) => 1 + (n.children?.length ? treeDepth(n.children) : 0)));
}

/**
 * The 附表 as text: one row per scored indicator, a name-and-weight column pair per level of the tree
 * (any depth), each name printed on its first row only; a leaf above the deepest level leaves the
 * columns below it blank.
 */
export function formatTable(result: ScoreResult): string {
  const lines: string[] = [];
  lines.push(`${result.department} ${result.year} 年度绩效自评评分（${result.framework.name}）`, '');
  const depth = Math.max(1, treeDepth(result.indicators));
  const nameWidth = (level: number) => (level === depth ? 32 : 10);
  const header = [];
  for (let level = 1; level <= depth; level++)
    header.push(padDisplay(levelLabel(level), nameWidth(level)), padDisplay('分值', 6));
  header.push('自评得分');
  const rule = '-'.repeat(header.slice(0, -1).reduce((w, c) => w + displayWidth(c) + 1, 0) + 8);
  lines.push(header.join(' '), rule);
  const walk = (chain: IndicatorResult[], printed: Set<IndicatorResult>) => {
    const node = chain[chain.length - 1]!;
    if (node.children?.length) {
      for (const c of node.children) walk([...chain, c], printed);
      return;
    }
    const cells: string[] = [];
    for (let level = 1; level <= depth; level++) {
      const n = chain[level - 1];
      const show = n !== undefined && !printed.has(n);
      cells.push(padDisplay(show ? n.name : '', nameWidth(level)), padDisplay(show ? trim(n.weight) : '', 6));
    }
    chain.forEach((n) => printed.add(n));
    lines.push([...cells, node.score].join(' '));
  };
  const printed = new Set<IndicatorResult>();
  for (const top of result.indicators) walk([top], printed);
  lines.push(rule);
  lines.push(
    `总分 ${result.total} / ${trim(result.maxTotal)}${result.grade ? `（${result.grade}）` : ''}`,
    '',
  );
  lines.push(formatProblems(result));
  return lines.join('\n');
}

export function formatProblems(result: ScoreResult): string {
  if (!result.problems.length) return '失分情况：无，各指标均得满分。';
  const lines = [`失分情况（${result.problems.length} 项）：`];
  result.problems.forEach((p, i) => {
    lines.push(
      `  ${i + 1}. ${p.name}${p.path.length ? `（${p.path.join(' / ')}）` : ''}：${p.score} / ${trim(p.weight)} 分，失 ${p.lost} 分`,
    );
    for (const f of p.figures)
      lines.push(`     ${f.label}：${f.value}${f.formula ? `（${f.formula}）` : ''}`);
    for (const r of p.reasons) lines.push(`     原因：${r}`);
  });
  return lines.join('\n');
}

/** "5.00" → "5", "1.50" → "1.5": weights print as the framework writes them. */
function trim(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export type { Io };
