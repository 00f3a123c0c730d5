/**
 * 四、评分情况 and the 附表: the scoring table printed from the framework's tree (any depth), with
 * level-1/2 cells merged over their indicators, 指标说明, 评分标准 and 自评得分, and a chart of each
 * level-2 indicator's score against its weight.
 */
import { Decimal, money } from '../../../core/decimal.ts';
import { figuresUsedBy } from '../../../core/metrics/registry.ts';
import type { IndicatorResult } from '../../../core/score.ts';
import { chineseNumber, trimZeros } from '../format.ts';
import { CHARTS } from '../charts.ts';
import type { SectionContext } from '../context.ts';
import type { Cell } from '../types.ts';

export function scoring(ctx: SectionContext): void {
  const { b, result } = ctx;
  b.heading(1, '四、部门整体支出绩效评价指标评分情况');
  b.paragraph(
    `参照《${result.framework.name}》进行自评，填报得分情况。本次部门预算整体支出绩效评价评分${result.total}分` +
      `${result.grade ? `，评价等级为“${result.grade}”` : ''}，具体评分情况见${ctx.appendixNumber ?? '附表'}。各二级指标得分情况如${b.nextChart()}所示。`,
  );
  b.chart('scores', CHARTS.scores.title, CHARTS.scores.spec(result.indicators));
  appendix(ctx);
}

function depthOf(nodes: IndicatorResult[]): number {
  return Math.max(...nodes.map((n) => (n.children?.length ? 1 + depthOf(n.children) : 1)));
}

function leafCount(n: IndicatorResult): number {
  return n.children?.length ? n.children.reduce((a, c) => a + leafCount(c), 0) : 1;
}

/**
 * The framework's own figures an indicator is scored from, as the department entered them:
 * “本单位填报：业务培训期数目标值 12 期、实际值 10 期”. None for indicators on dataset fields only.
 */
function figuresLine(ctx: SectionContext, node: IndicatorResult): string | null {
  const fields = ctx.framework.fields;
  if (!fields.length || !node.inputs?.length) return null;
  const uses = figuresUsedBy(
    node.inputs.map((i) => i.metric),
    ctx.framework,
  );
  if (!uses.length) return null;
  const figures = ctx.ds.figures ?? {};
  const parts = uses.map(({ id, side }) => {
    const field = fields.find((f) => f.id === id)!;
    const raw = figures[id];
    const text = typeof raw === 'string' ? raw : side && raw ? raw[side] : undefined;
    const shown =
      text === undefined
        ? '未填写'
        : `${field.kind === 'amount' ? money(new Decimal(text)) : text}${field.unit ?? ''}`;
    const what = side === 'target' ? '目标值' : side === 'actual' ? '实际值' : '';
    return `${field.label}${what} ${shown}`;
  });
  return `本单位填报：${parts.join('、')}`;
}

function appendix(ctx: SectionContext): void {
  const { b, result, framework } = ctx;
  const depth = depthOf(result.indicators);
  const levelNames = Array.from({ length: depth }, (_, i) => `${chineseNumber(i + 1)}级指标`);
  const header: Cell[][] = [
    [
      { text: '评价指标', colSpan: depth * 2 },
      { text: '指标说明', rowSpan: 3 },
      { text: '参考评分标准', rowSpan: 3 },
      { text: '自评得分', rowSpan: 3 },
    ],
    levelNames.map((name) => ({ text: name, colSpan: 2 })),
    levelNames.flatMap(() => [{ text: '名称' }, { text: '参考分值' }]),
  ];
  const rows: Cell[][] = [];
  // Depth first: the first leaf under a node carries the node's merged cells.
  const walk = (node: IndicatorResult, level: number, pending: Cell[]) => {
    const nameCell: Cell = { text: node.name, align: 'center' };
    const weightCell: Cell = { text: trimZeros(node.weight), align: 'center' };
    if (node.children?.length) {
      const span = leafCount(node);
      if (span > 1) {
        nameCell.rowSpan = span;
        weightCell.rowSpan = span;
      }
      node.children.forEach((c, i) => walk(c, level + 1, i === 0 ? [...pending, nameCell, weightCell] : []));
      return;
    }
    // A leaf above the deepest level spans the name columns of the levels below it.
    const extra = (depth - level) * 2;
    if (extra) nameCell.colSpan = 1 + extra;
    const figures = figuresLine(ctx, node);
    const criteria = [node.criteria ?? '', ...(figures ? [figures] : [])].filter(Boolean).join('\n');
    rows.push([
      ...pending,
      nameCell,
      weightCell,
      { text: node.description ?? '', align: 'left' },
      { text: criteria, lines: criteria ? criteria.split('\n') : undefined, align: 'left' },
      { text: node.score, align: 'center' },
    ]);
  };
  result.indicators.forEach((n) => walk(n, 1, []));
  rows.push([
    { text: '综合评分', colSpan: depth * 2 + 2, align: 'center', bold: true },
    { text: result.total, align: 'center', bold: true },
  ]);
  // 参考分值 wide enough for two characters a line (at 1.1 it printed one a line); the 指标说明 column
  // narrow when no indicator has a description, its width going to the long 评分标准.
  const levelColumns = Array.from({ length: depth }, (_, i) => [i === depth - 1 ? 2.4 : 2, 1.5]).flat();
  const described = rows.some((r) => r.at(-3)?.text);
  b.appendix(
    {
      id: 'appendix',
      title: framework.title ?? `${framework.name}评分表`,
      columns: [...levelColumns, described ? 4.5 : 2, described ? 11 : 13.5, 1.6],
      header,
      rows,
      size: 'small',
      landscape: true,
    },
    ctx.appendixNumber,
  );
}
