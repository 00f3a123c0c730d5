/**
 * 二、部门（单位）主要履职绩效分析: goals and what was done (the user's text), then 经济性 (the
 * “三公”/公用经费 table), 效率性 (the quarterly execution table and chart, key tasks, project
 * timeliness), 效果性 (the outcome-indicator table) and 公平性 (petitions, satisfaction).
 */
import { Decimal, ZERO, fixed, min, roundHalfUp, sum } from '../../../core/decimal.ts';
import type { IndicatorNode, Rule } from '../../../core/framework/schema.ts';
import { QUARTERS } from '../../../core/quarters.ts';
import { leaves } from '../../../core/score.ts';
import { CHARTS } from '../charts.ts';
import { writeNarrative, type SectionContext } from '../context.ts';
import { DASH, amount, count, d, decs, metric, pct, trimZeros } from '../format.ts';
import type { Cell } from '../types.ts';

const THREE_PUBLIC: {
  key: 'outboundTravel' | 'reception' | 'vehiclePurchase' | 'vehicleOperation';
  label: string;
}[] = [
  { key: 'outboundTravel', label: '因公出国（境）费' },
  { key: 'reception', label: '公务接待费' },
  { key: 'vehiclePurchase', label: '公务用车购置费' },
  { key: 'vehicleOperation', label: '公务用车运行维护费' },
];

const OUTCOME_CATEGORIES = ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'];

export function performance(ctx: SectionContext): void {
  const { b } = ctx;
  b.heading(1, '二、部门（单位）主要履职绩效分析');
  b.heading(2, '（一）主要履职目标');
  writeNarrative(ctx, 'goals', { numbered: true });
  b.heading(2, '（二）主要履职情况');
  writeNarrative(ctx, 'accomplishments');
  b.heading(2, '（三）部门履职绩效情况');

  b.heading(3, '1. 经济性方面');
  economy(ctx);

  b.heading(3, '2. 效率性方面');
  b.heading(4, '（1）预算执行情况');
  execution(ctx);
  b.heading(4, '（2）重点工作完成情况');
  keyTasks(ctx);
  writeNarrative(ctx, 'keyWork');
  b.heading(4, '（3）项目完成及时情况方面');
  projects(ctx);

  b.heading(3, '3. 效果性方面');
  b.heading(4, '（1）社会效益');
  writeNarrative(ctx, 'socialBenefits');
  outcomes(ctx);
  b.heading(4, '（2）可持续发展');
  writeNarrative(ctx, 'sustainability');

  b.heading(3, '4. 公平性方面');
  b.heading(4, '（1）信访办理情况');
  writeNarrative(ctx, 'petitions');
  petitions(ctx);
  b.heading(4, '（2）公众或服务对象满意度情况');
  satisfaction(ctx);
}

function economy(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  const tpc = ds.threePublicCosts;
  const listed = (side: 'budget' | 'actual') =>
    THREE_PUBLIC.filter((i) => tpc[side][i.key] !== undefined)
      .map((i) => `${i.label}${amount(d(tpc[side][i.key]))}万元`)
      .join('，');
  const budgetItems = listed('budget');
  const actualItems = listed('actual');
  b.paragraph(
    `${dept}${year}年度“三公”经费财政拨款预算${amount(metric(m, 'threePublicCosts.budget'))}万元${budgetItems ? `，其中${budgetItems}` : ''}。` +
      `截至${year}年年底，“三公”经费实际支出${amount(metric(m, 'threePublicCosts.actual'))}万元${actualItems ? `，其中${actualItems}` : ''}。` +
      `“三公”经费控制率为${pct(metric(m, 'threePublicCosts.controlRate'))}（“三公”经费实际支出数/“三公”经费预算安排数×100%）。`,
  );
  const daily = ds.dailyOperating;
  b.paragraph(
    `另外，日常公用经费调整预算${amount(d(daily.adjustedBudget))}万元，实际支出${amount(d(daily.actual))}万元，` +
      `日常公用经费控制率为${pct(metric(m, 'dailyOperating.controlRate'))}（日常公用经费决算数/日常公用经费调整预算数×100%）。具体情况如${b.nextTable()}所示：`,
  );
  const r = (
    label: string,
    plan: string,
    full: string,
    actual: string,
    rate: string,
    bold = false,
  ): Cell[] => [
    { text: label, align: 'left', bold },
    { text: plan, align: 'right', bold },
    { text: full, align: 'right', bold },
    { text: actual, align: 'right', bold },
    { text: rate, align: 'right', bold },
  ];
  const tpcBudget = amount(metric(m, 'threePublicCosts.budget'));
  const rows: Cell[][] = [
    r(
      '一、“三公”经费',
      tpcBudget,
      tpcBudget,
      amount(metric(m, 'threePublicCosts.actual')),
      pct(metric(m, 'threePublicCosts.controlRate')),
      true,
    ),
    ...THREE_PUBLIC.map((i) => {
      const has = tpc.budget[i.key] !== undefined;
      const budget = has ? amount(d(tpc.budget[i.key])) : DASH;
      const actual =
        tpc.actual[i.key] !== undefined ? amount(d(tpc.actual[i.key])) : has ? amount(ZERO) : DASH;
      return r(i.label, budget, budget, actual, pct(metric(m, `threePublicCosts.controlRate.${i.key}`)));
    }),
    r(
      '二、日常公用经费',
      daily.initialBudget !== undefined ? amount(d(daily.initialBudget)) : DASH,
      amount(d(daily.adjustedBudget)),
      amount(d(daily.actual)),
      pct(metric(m, 'dailyOperating.controlRate')),
      true,
    ),
  ];
  b.table({
    id: 'cost-control',
    title: '“三公”经费、公用经费控制情况',
    unit: '单位：万元',
    columns: [3.4, 2, 2, 2, 1.8],
    header: [
      [
        { text: '费用类别' },
        { text: '预算安排数' },
        { text: '全年预算数' },
        { text: '实际支出数' },
        { text: '经费控制率' },
      ],
    ],
    rows,
  });
}

/** The schedule rule the framework scores execution with, if any, and its result. */
function scheduleIndicator(
  ctx: SectionContext,
): { rule: Extract<Rule, { kind: 'schedule' }>; score: string } | null {
  const find = (nodes: IndicatorNode[]): IndicatorNode | undefined => {
    for (const n of nodes) {
      if (n.rule?.kind === 'schedule') return n;
      const inner = n.children && find(n.children);
      if (inner) return inner;
    }
    return undefined;
  };
  const node = find(ctx.framework.indicators);
  if (!node || node.rule?.kind !== 'schedule') return null;
  const leaf = leaves(ctx.result).find((l) => l.code === node.code);
  return leaf ? { rule: node.rule, score: leaf.score } : null;
}

/**
 * The per-quarter scores of the seed's 表 2-2, by the framework's own schedule rule. Returned only when
 * they add up to the score the scoring core gave the indicator (so the table never contradicts 附表).
 */
function scheduleBreakdown(
  ctx: SectionContext,
  rates: Decimal[],
): { quarters: string[]; average: string; total: string } | null {
  const found = scheduleIndicator(ctx);
  if (!found || found.rule.metric !== 'execution.quarterlyRates') return null;
  const { rule } = found;
  if (rule.average.of !== 'roundedQuarterScores' || rates.length < rule.schedule.length) return null;
  const places = ctx.framework.settings.ratioPlaces;
  const per = new Decimal(rule.perQuarter);
  const quarterScores = rule.schedule.map((s, i) => {
    const rate = places === undefined ? rates[i]! : roundHalfUp(rates[i]!, places);
    return roundHalfUp(min(rate.dividedBy(s), new Decimal(rule.quarterCap)).times(per), rule.quarterPlaces);
  });
  const avg = sum(quarterScores).dividedBy(per).dividedBy(quarterScores.length);
  const avgScore = roundHalfUp(avg.times(rule.average.points), rule.average.places);
  const total = sum(quarterScores).plus(avgScore);
  if (!total.equals(new Decimal(found.score))) return null;
  return {
    quarters: quarterScores.map((q) => trimZeros(fixed(q, rule.quarterPlaces))),
    average: fixed(avgScore, rule.average.places),
    total: found.score,
  };
}

function execution(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  const rates = decs(m.get('execution.quarterlyRates'));
  const schedule = decs(m.get('execution.scheduleAmounts')) ?? [];
  const adjusted = metric(m, 'budget.adjusted.total');
  const cumulative = ds.execution.quarterlyCumulative.map((q) => d(q));
  const rateText = rates ? rates.map((r) => pct(r)) : QUARTERS.map(() => DASH);
  b.paragraph(
    `${year}年，${dept}年度预算金额（调整预算数）${amount(adjusted)}万元，全年预算执行数${amount(metric(m, 'execution.annual'))}万元，` +
      `全年预算执行率${pct(metric(m, 'execution.rate'))}，一至四季度累计执行率分别为${rateText.slice(0, 3).join('、')}和${rateText[3]}。` +
      `具体数据详见${b.nextTable()}、${b.nextChart()}。`,
  );
  const breakdown = rates ? scheduleBreakdown(ctx, rates) : null;
  const rows: Cell[][] = QUARTERS.map((q, i) => {
    const row: Cell[] = [
      { text: q, align: 'center' },
      { text: amount(cumulative[i]), align: 'right' },
      { text: amount(schedule[i]), align: 'right' },
      { text: rateText[i]!, align: 'right' },
    ];
    if (breakdown) row.push({ text: breakdown.quarters[i]!, align: 'center' });
    return row;
  });
  const header: Cell[] = [
    { text: '季度/全年' },
    { text: '累计执行数' },
    { text: '预算序时进度' },
    { text: '预算执行率' },
  ];
  if (breakdown) {
    header.push({ text: '预算得分' });
    rows.push([
      { text: '全年平均执行率得分', colSpan: 4, align: 'center' },
      { text: breakdown.average, align: 'center' },
    ]);
    rows.push([
      { text: '总分', colSpan: 4, align: 'center', bold: true },
      { text: breakdown.total, align: 'center', bold: true },
    ]);
  }
  b.table({
    id: 'execution',
    title: `${year}年预算执行情况表`,
    unit: '单位：万元',
    columns: breakdown ? [2.4, 2, 2, 2, 1.6] : [2.4, 2, 2, 2],
    header: [header],
    rows,
  });
  b.chart('execution', CHARTS.execution.title, CHARTS.execution.spec(rates));
}

function keyTasks(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  if (!ds.keyTasks.length) return;
  const undone = ds.keyTasks.filter((t) => !t.done);
  const total = metric(m, 'keyTasks.total');
  b.paragraph(
    `${year}年度${dept}承担重点工作任务${count(total)}项，按期保质保量完成${count(ds.keyTasks.length - undone.length)}项` +
      (undone.length
        ? `，未完成${count(metric(m, 'keyTasks.uncompleted'))}项：${undone.map((t) => `“${t.name}”${t.reason ? `（${t.reason}）` : ''}`).join('、')}。`
        : '，无未完成事项。'),
  );
}

function projects(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  const p = ds.projects;
  let text = `${year}年度${dept}`;
  if (p.executed !== undefined) {
    const budget =
      p.adjustedBudget !== undefined ? d(p.adjustedBudget) : metric(m, 'budget.adjusted.project');
    text += `二级项目调整预算合计${amount(budget)}万元，二级项目支出数${amount(d(p.executed))}万元，项目执行率${pct(metric(m, 'projects.executionRate'))}；`;
  }
  text += `部门预算安排项目共${p.count}个，按计划时间完成${p.completedOnTime}个，项目按时完成比例${pct(metric(m, 'projects.completionRatio'))}。`;
  b.paragraph(text);
}

function outcomes(ctx: SectionContext): void {
  const { b, ds } = ctx;
  const indexed = ds.targets
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => OUTCOME_CATEGORIES.includes(t.category));
  if (!indexed.length) {
    b.placeholder('targets', '效益指标及其实际完成值（targets 中的效益指标）');
    return;
  }
  // The user's text may already lead into the table (“…如下表：”).
  const last = ctx.ds.narrative.socialBenefits?.at(-1) ?? '';
  if (!/如下(表|所示)?[：:]$/.test(last)) b.paragraph(`本年度整体效益指标完成情况如${b.nextTable()}所示：`);
  const categories = [...new Set(indexed.map(({ t }) => t.category))];
  const rows: Cell[][] = [];
  for (const c of categories) {
    const ts = indexed.filter(({ t }) => t.category === c);
    ts.forEach(({ t, i }, k) => {
      const r: Cell[] = [];
      if (k === 0) r.push({ text: c, rowSpan: ts.length, align: 'center' });
      r.push({ text: t.name, align: 'left' }, { text: t.target, align: 'center' });
      r.push(
        t.actual
          ? { text: t.actual, align: 'center' }
          : b.placeholderCell(`targets[${i}].actual`, `“${t.name}”实际完成值`, { align: 'center' }),
      );
      rows.push(r);
    });
  }
  b.table({
    id: 'outcomes',
    title: '部门整体绩效效益指标完成情况',
    columns: [2, 4, 2.4, 2.4],
    header: [[{ text: '二级指标' }, { text: '三级指标' }, { text: '指标值' }, { text: '实际完成指标值' }]],
    rows,
  });
}

function petitions(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  const p = ds.petitions;
  b.paragraph(
    `${year}年，${dept}${p.channel ? '已建立便利的群众意见反映渠道和群众意见办理回复机制' : '尚未建立群众意见反映渠道和办理回复机制'}，` +
      `受理群众信访${p.received}件，办理回复${p.replied}件，群众信访办理回复率${pct(metric(m, 'petitions.replyRate'))}；` +
      `按时办理回复${p.repliedOnTime}件，及时办理回复率${pct(metric(m, 'petitions.onTimeRate'))}。`,
  );
}

function satisfaction(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  const s = metric(m, 'satisfaction.score');
  const value = s ? fixed(s) : DASH;
  b.paragraph(
    ds.satisfaction.source
      ? `根据${ds.satisfaction.source}，${dept}公众或服务对象满意度得分为${value}分，以该数据作为本部门${year}年度公众满意度情况。`
      : `${dept}${year}年度公众或服务对象满意度得分为${value}分。`,
  );
}
