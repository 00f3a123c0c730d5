/**
 * 一、部门基本情况: functions, the year's work, budget preparation (tables of the budget by category
 * and year on year, the adjustment by use, the targets and their quantified share) and budget
 * execution (procurement, compliance, transfers, disclosure, projects, assets, staff, rules).
 */
import { Decimal, ZERO, sum } from '../../../core/decimal.ts';
import { SPENDING_CATEGORIES, SPENDING_CATEGORY_LABELS } from '../../../core/dataset/schema.ts';
import type { DisclosureLevel, SpendingCategory } from '../../../core/dataset/schema.ts';
import { METRICS } from '../../../core/metrics/registry.ts';
import { isQuantitative } from '../../../core/targets/quantitative.ts';
import { writeNarrative, narrativeOf, NARRATIVE_LABELS, type SectionContext } from '../context.ts';
import { DASH, amount, chineseNumber, count, d, metric, pct, ratio } from '../format.ts';
import type { Cell } from '../types.ts';

/** The seed's wording per category: 人员支出 in the budget table, 人员经费 in the adjustment table. */
const BUDGET_LABELS: Record<SpendingCategory, string> = {
  personnel: '人员支出',
  publicOperating: '公用支出',
  project: '项目支出',
};

export function basics(ctx: SectionContext): void {
  const { b, ds, year } = ctx;
  b.heading(1, '一、部门基本情况');

  b.heading(2, '（一）部门主要职能');
  for (const line of narrativeOf(ctx, 'functionsIntro') ?? []) b.paragraph(line);
  b.narrative('functions', ds.functions, '部门主要职能（每条一项）', { numbered: true });

  b.heading(2, '（二）年度总体工作和重点工作任务');
  b.heading(3, '1. 年度总体工作');
  b.narrative('annualWork', ds.annualWork, '年度总体工作');
  b.heading(3, '2. 重点工作任务');
  b.narrative('keyTasksSummary', ds.keyTasksSummary, '重点工作任务');

  b.heading(2, `（三）${year}年部门预算编制情况`);
  b.paragraph(
    '此部分主要包含预算编制的合理性、规范性，以及绩效目标完整性和绩效指标明确性等情况，具体分析如下：',
  );
  b.heading(3, '1. 预算编制合理性');
  b.heading(4, '（1）预算绩效管理情况');
  writeNarrative(ctx, 'budgetManagement');
  responsibilities(ctx);
  b.heading(4, '（2）年初预算编制情况');
  writeNarrative(ctx, 'budgetPreparation');
  budgetYearOnYear(ctx);
  b.heading(4, '（3）年度预算调整情况');
  adjustments(ctx);
  b.heading(3, '2. 预算编制规范性');
  writeNarrative(ctx, 'budgetCompliance');
  b.heading(3, '3. 绩效目标完整性');
  writeNarrative(ctx, 'targetCompleteness');
  b.heading(3, '4. 绩效指标明确性');
  writeNarrative(ctx, 'indicatorClarity');
  targets(ctx);

  b.heading(2, `（四）${year}年部门预算执行情况`);
  b.paragraph(
    `此部分主要包含${ctx.dept}${year}年度资金管理、项目管理、资产管理、人员管理和制度管理等情况，具体分析如下：`,
  );
  b.heading(3, '1. 资金管理情况');
  b.heading(4, '（1）政府采购执行情况');
  writeNarrative(ctx, 'procurementPolicy');
  procurement(ctx);
  b.heading(4, '（2）财务合规性');
  writeNarrative(ctx, 'financialCompliance');
  compliance(ctx);
  b.heading(4, '（3）预决算信息公开');
  writeNarrative(ctx, 'disclosure');
  disclosure(ctx);
  b.heading(3, '2. 项目管理方面');
  b.heading(4, '（1）项目实施程序');
  writeNarrative(ctx, 'projectProcedure');
  b.heading(4, '（2）项目监管');
  writeNarrative(ctx, 'projectSupervision');
  projectMonitoring(ctx);
  b.heading(3, '3. 资产管理方面');
  b.heading(4, '（1）资产管理安全性');
  writeNarrative(ctx, 'assetSafety');
  b.heading(4, '（2）固定资产利用率');
  assets(ctx);
  b.heading(3, '4. 人员管理方面');
  staff(ctx);
  b.heading(3, '5. 制度管理方面');
  b.heading(4, '（1）内部控制制度管理');
  writeNarrative(ctx, 'internalControl');
  b.heading(4, '（2）全面实施预算绩效管理情况');
  writeNarrative(ctx, 'performanceManagement');
}

/** 预算绩效管理责任: “机构：职责；职责” per line of narrative.budgetResponsibilities. */
function responsibilities(ctx: SectionContext): void {
  const { b } = ctx;
  const lines = narrativeOf(ctx, 'budgetResponsibilities') ?? [];
  const rows: Cell[][] = lines.map((line) => {
    const at = line.search(/[：:\t]/);
    const who = at > 0 ? line.slice(0, at).trim() : line;
    const duties = at > 0 ? line.slice(at + 1).trim() : '';
    return [
      { text: who, align: 'center' },
      // One duty a line, each keeping its “；” as the seed's table has it (the last its “。”).
      { text: duties, lines: duties.split(/(?<=[；;])\s*/).filter(Boolean), align: 'left' },
    ];
  });
  if (!rows.length) {
    rows.push([
      b.placeholderCell('narrative.budgetResponsibilities', NARRATIVE_LABELS.budgetResponsibilities!, {
        colSpan: 2,
      }),
    ]);
  }
  b.table({
    id: 'responsibilities',
    title: `${ctx.dept}预算绩效管理责任`,
    columns: [3, 7],
    header: [[{ text: '预算组织机构' }, { text: '主要职责' }]],
    rows,
  });
}

function budgetYearOnYear(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  const init = ds.budget.initial;
  const prior = ds.budget.priorYear;
  const total = metric(m, 'budget.initial.total');
  const source = ds.budget.fundingSource;
  let text =
    `${year}年${dept}部门年初预算收入${amount(total)}万元，其中：` +
    SPENDING_CATEGORIES.map((c) => `${BUDGET_LABELS[c]}${amount(d(init[c]))}万元`).join('、') +
    (source ? `，均为${source}。` : '。');
  const change = metric(m, 'budget.yoyChange');
  const rate = metric(m, 'budget.yoyRate');
  if (change && rate) {
    const dir = change.isNegative() ? '减少' : '增加';
    text += `相比${year - 1}年${dir}${amount(change.abs())}万元，${dir}${pct(rate.abs())}。`;
  }
  text += `当年度预算收支变动情况如${b.nextTable()}所示：`;
  b.paragraph(text);

  const reasons = ds.budget.changeReasons ?? {};
  const reasonCell = (lines: string[] | undefined): Cell => {
    const ls = lines ?? [];
    return {
      text: ls.join(''),
      lines: ls.length > 1 ? ls.map((l, i) => `${i + 1}.${l}`) : ls,
      align: 'left',
    };
  };
  const rows: Cell[][] = SPENDING_CATEGORIES.map((c) => {
    const now = d(init[c]);
    const before = prior ? d(prior[c]) : null;
    return [
      { text: BUDGET_LABELS[c], align: 'center' },
      { text: amount(before), align: 'right' },
      { text: before ? amount(now.minus(before)) : DASH, align: 'right' },
      { text: amount(now), align: 'right' },
      reasonCell(reasons[c]),
    ];
  });
  rows.push([
    { text: '合计', align: 'center', bold: true },
    { text: amount(metric(m, 'budget.priorYear.total')), align: 'right' },
    { text: amount(change), align: 'right' },
    { text: amount(total), align: 'right' },
    { text: source ? `均为${source}` : '', align: 'left' },
  ]);
  b.table({
    id: 'budget-yoy',
    title: `${year}年度单位预算收支变动情况`,
    unit: '单位：万元',
    columns: [2, 2.2, 2, 2.2, 5],
    header: [
      [
        { text: '预算类别', rowSpan: 2 },
        { text: '变动情况', colSpan: 3 },
        { text: '变动原因', rowSpan: 2 },
      ],
      [{ text: `${year - 1}年预算金额` }, { text: '变动金额' }, { text: `${year}年预算金额` }],
    ],
    rows,
  });
}

function categoryNet(ctx: SectionContext, c: SpendingCategory): Decimal {
  return metric(ctx.m, `adjustments.net.${c}`) ?? ZERO;
}

/** A metric's formula as its declaration writes it, in brackets after the figure. */
function formulaOf(name: string): string {
  const f = METRICS[name]?.formula;
  return f ? `（${f}）` : '';
}

function adjustments(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  const adjTotal = metric(m, 'budget.adjusted.total');
  const net = metric(m, 'adjustments.net') ?? ZERO;
  const clause = (c: SpendingCategory): string => {
    const v = categoryNet(ctx, c);
    const label = SPENDING_CATEGORY_LABELS[c];
    if (v.isZero()) return `${label}未作调整`;
    const why = ds.adjustments
      .filter((a) => a.category === c && a.reason)
      .map((a) => a.reason!)
      .join('；');
    return `${v.isNegative() ? '调减' : '调增'}${label}${amount(v.abs())}万元${why ? `，主要是${why}` : ''}`;
  };
  if (!ds.adjustments.length) {
    b.paragraph(
      `${year}年度${dept}部门整体支出预算未作调整，全年预算数为${amount(adjTotal)}万元。预算构成详细情况如${b.nextTable()}所示：`,
    );
  } else {
    b.paragraph(
      `根据${year}年度履职需要，${dept}对部门整体支出预算进行了相应的调整，部门支出预算总规模调整为${amount(adjTotal)}万元。` +
        `按资金用途分析，基本支出预算调整为${amount(metric(m, 'budget.adjusted.basic'))}万元（占比${pct(metric(m, 'budget.adjusted.share.basic'))}），` +
        `其中${clause('personnel')}；${clause('publicOperating')}。` +
        `项目支出预算调整为${amount(metric(m, 'budget.adjusted.project'))}万元（占比${pct(metric(m, 'budget.adjusted.share.project'))}），其中${clause('project')}。` +
        `当年度${dept}预算总规模${net.isNegative() ? '调减' : '调增'}${amount(net.abs())}万元，调整比例为${pct(metric(m, 'adjustments.netRatio'))}。` +
        `预算调整详细情况如${b.nextTable()}所示：`,
    );
  }
  const init = ds.budget.initial;
  const basicNet = categoryNet(ctx, 'personnel').plus(categoryNet(ctx, 'publicOperating'));
  const row = (
    label: string,
    initial: Decimal | null,
    change: Decimal | null,
    adjusted: Decimal | null,
    rate: Decimal | null,
    bold = false,
  ): Cell[] => [
    { text: label, align: 'left', bold },
    { text: amount(initial), align: 'right', bold },
    { text: amount(change), align: 'right', bold },
    { text: amount(adjusted), align: 'right', bold },
    { text: pct(rate), align: 'right', bold },
  ];
  const none = (label: string) => row(label, null, null, null, null);
  b.table({
    id: 'budget-adjustment',
    title: '单位整体支出构成与调整情况（按资金用途分类）',
    unit: '单位：万元',
    columns: [4, 2, 2, 2, 1.6],
    header: [
      [
        { text: '项目' },
        { text: '年初预算数' },
        { text: '预算增减' },
        { text: '调整预算数' },
        { text: '调整率' },
      ],
    ],
    rows: [
      row(
        '一、基本支出',
        metric(m, 'budget.initial.basic'),
        basicNet,
        metric(m, 'budget.adjusted.basic'),
        metric(m, 'adjustments.rate.basic'),
        true,
      ),
      row(
        '人员经费',
        d(init.personnel),
        categoryNet(ctx, 'personnel'),
        metric(m, 'budget.adjusted.personnel'),
        metric(m, 'adjustments.rate.personnel'),
      ),
      row(
        '公用经费',
        d(init.publicOperating),
        categoryNet(ctx, 'publicOperating'),
        metric(m, 'budget.adjusted.publicOperating'),
        metric(m, 'adjustments.rate.publicOperating'),
      ),
      row(
        '二、项目支出',
        d(init.project),
        categoryNet(ctx, 'project'),
        metric(m, 'budget.adjusted.project'),
        metric(m, 'adjustments.rate.project'),
        true,
      ),
      none('其中：基本建设类项目'),
      none('三、上缴上级支出'),
      none('四、经营支出'),
      none('五、对附属单位补助支出'),
      row('合计', metric(m, 'budget.initial.total'), net, adjTotal, metric(m, 'adjustments.rate'), true),
    ],
  });
  const cats = SPENDING_CATEGORIES;
  b.paragraph(`年初预算与调整预算的构成对比如${b.nextChart()}所示。`);
  b.chart('budget-composition', '预算构成与调整情况（按资金用途）', {
    categories: cats.map((c) => SPENDING_CATEGORY_LABELS[c]),
    unit: '万元',
    series: [
      {
        name: '年初预算数',
        type: 'bar',
        values: cats.map((c) => d(init[c]).toString()),
        labels: cats.map((c) => amount(d(init[c]))),
      },
      {
        name: '调整预算数',
        type: 'bar',
        values: cats.map((c) => (metric(m, `budget.adjusted.${c}`) ?? ZERO).toString()),
        labels: cats.map((c) => amount(metric(m, `budget.adjusted.${c}`))),
      },
    ],
  });
}

function targets(ctx: SectionContext): void {
  const { b, ds, m, year } = ctx;
  if (!ds.targets.length) {
    b.placeholder('targets', '部门整体绩效目标（指标名称、指标值）');
    return;
  }
  const share = metric(m, 'targets.quantifiedShare');
  const priorShare = ds.priorYear?.quantifiedShare;
  b.paragraph(
    `${year}年度部门整体支出绩效目标共设置绩效指标${count(metric(m, 'targets.count'))}个，其中定量指标${count(metric(m, 'targets.quantitativeCount'))}个，` +
      `量化指标占比${pct(share)}${priorShare ? `（上年为${priorShare}%）` : ''}。绩效指标申报情况见${b.nextTable()}，定量指标占比情况见${b.nextTable(2)}。`,
  );
  // Categories in the order they first appear.
  const categories = [...new Set(ds.targets.map((t) => t.category))];
  const rows: Cell[][] = [];
  for (const c of categories) {
    const ts = ds.targets.filter((t) => t.category === c);
    ts.forEach((t, i) => {
      const r: Cell[] = [];
      if (i === 0) r.push({ text: c, rowSpan: ts.length, align: 'center' });
      r.push({ text: t.name, align: 'left' }, { text: t.target, align: 'center' });
      rows.push(r);
    });
  }
  b.table({
    id: 'targets',
    title: '单位整体支出绩效目标指标申报情况',
    columns: [2, 5, 3],
    header: [[{ text: '二级指标' }, { text: '三级指标' }, { text: '指标值' }]],
    rows,
  });
  const shareRows: Cell[][] = categories.map((c) => {
    const ts = ds.targets.filter((t) => t.category === c);
    const q = ts.filter((t) => isQuantitative(t)).length;
    return [
      { text: c, align: 'center' },
      { text: count(ts.length), align: 'center' },
      { text: count(q), align: 'center' },
      { text: pct(ratio(new Decimal(q), new Decimal(ts.length))), align: 'center' },
    ];
  });
  shareRows.push([
    { text: '合计', align: 'center', bold: true },
    { text: count(metric(m, 'targets.count')), align: 'center', bold: true },
    { text: count(metric(m, 'targets.quantitativeCount')), align: 'center', bold: true },
    { text: pct(share), align: 'center', bold: true },
  ]);
  b.table({
    id: 'targets-quantified',
    title: '单位整体支出绩效目标指标定量指标占比情况',
    columns: [3, 2, 2, 2],
    header: [[{ text: '指标' }, { text: '指标总个数' }, { text: '定量指标个数' }, { text: '量化指标占比' }]],
    rows: shareRows,
  });
}

function procurement(ctx: SectionContext): void {
  const { b, ds, m } = ctx;
  b.paragraph(
    `当年度计划集中采购金额${amount(d(ds.procurement.planned))}万元，实际采购金额${amount(d(ds.procurement.actual))}万元，` +
      `政府采购执行率${pct(metric(m, 'procurement.rate'))}${formulaOf('procurement.rate')}。`,
  );
  for (const line of ds.procurement.description ?? []) b.paragraph(line);
}

function compliance(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  const net = metric(m, 'adjustments.net') ?? ZERO;
  const gross = metric(m, 'adjustmentsAndTransfers.gross') ?? ZERO;
  b.paragraph(
    `预算调整、调剂方面。${dept}年初预算${amount(metric(m, 'budget.initial.total'))}万元，全年预算总规模` +
      `${net.isZero() ? '未作调整' : `${net.isNegative() ? '调减' : '调增'}${amount(net.abs())}万元`}，` +
      `部门预算总规模调整为${amount(metric(m, 'budget.adjusted.total'))}万元，预算调整比率为${pct(metric(m, 'adjustments.netRatio'))}；` +
      `调整、调剂资金累计${amount(gross)}万元，占年初预算总规模的${pct(metric(m, 'adjustmentsAndTransfers.grossRatio'))}。`,
  );
  if (ds.transfers.length) {
    const items = ds.transfers.map((t) => `“${t.from}”${amount(d(t.amount))}万元调剂至“${t.to}”`);
    b.paragraph(
      `预算调剂。${dept}${year}年共有${ds.transfers.length}笔内部预算调剂，合计为${amount(metric(m, 'transfers.total'))}万元，具体为：${items.join('；')}。`,
    );
    writeNarrative(ctx, 'transfersNote');
  } else {
    b.paragraph(`预算调剂。${dept}${year}年未发生内部预算调剂。`);
  }
  if (ds.adjustments.length) {
    const items = ds.adjustments.map(
      (a) =>
        `${d(a.amount).isNegative() ? '调减' : '追加'}${SPENDING_CATEGORY_LABELS[a.category]}${amount(d(a.amount).abs())}万元${a.reason ? `（${a.reason}）` : ''}`,
    );
    b.paragraph(
      `预算调整。${year}年${dept}共有${ds.adjustments.length}笔预算调整：${items.join('；')}，合计${net.isNegative() ? '调减' : '调增'}${amount(net.abs())}万元。`,
    );
  }
}

/** How the report states each disclosure level (the checker reads these phrasings back). */
export const DISCLOSURE_TEXT: Record<DisclosureLevel, string> = {
  full: '按规定内容、时限、范围公开',
  partial: '已公开，但存在不符合时限、内容、范围等要求的情况',
  none: '未公开',
  exempt: '属涉密部门（单位），按规定不需要公开',
};

function disclosure(ctx: SectionContext): void {
  const { b, ds } = ctx;
  b.paragraph(
    `部门预算：${DISCLOSURE_TEXT[ds.disclosure.budget]}；部门决算：${DISCLOSURE_TEXT[ds.disclosure.finalAccounts]}。`,
  );
}

function projectMonitoring(ctx: SectionContext): void {
  const { b, ds } = ctx;
  const p = ds.projects;
  let text = `本年度部门预算安排二级项目${p.count}个${p.newProjects ? `（含年中新增${p.newProjects}个）` : ''}`;
  if (p.monitored !== undefined) text += `，纳入绩效运行“双监控”${p.monitored}个`;
  if (p.monitoredRunningWell !== undefined) text += `，监控结果为“整体运行良好”的${p.monitoredRunningWell}个`;
  b.paragraph(`${text}。`);
}

function assets(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  const fixed = ds.assets.fixed;
  const parts = fixed.map((c) => {
    const inc = (c.includes ?? [])
      .map((i) => `其中${i.name}${i.count}件，原值${amount(d(i.originalValue))}万元`)
      .join('，');
    return `${c.name}${c.count}件，原值${amount(d(c.originalValue))}万元${inc ? `（${inc}）` : ''}`;
  });
  b.paragraph(
    `截至${year}年12月31日，${dept}拥有固定资产${count(metric(m, 'assets.fixed.count'))}件，原值合计${amount(metric(m, 'assets.fixed.originalValue'))}万元，` +
      `实际在用固定资产原值${amount(metric(m, 'assets.fixed.inUseValue'))}万元，固定资产利用率${pct(metric(m, 'assets.utilization'))}` +
      `${formulaOf('assets.utilization')}。具体包括：${parts.join('；')}。固定资产保有及使用情况如${b.nextTable()}所示：`,
  );
  type Item = { name: string; count: number; originalValue: string; inUseValue: string };
  const line = (label: string, n: number, orig: Decimal, inUse: Decimal, bold = false): Cell[] => [
    { text: label, align: 'left', bold },
    { text: count(n), align: 'center', bold },
    { text: amount(orig), align: 'right', bold },
    { text: amount(inUse), align: 'right', bold },
    { text: pct(ratio(inUse, orig)), align: 'right', bold },
  ];
  const totals = (items: Item[]) => ({
    n: items.reduce((a, i) => a + i.count, 0),
    orig: sum(items.map((i) => d(i.originalValue))),
    inUse: sum(items.map((i) => d(i.inUseValue))),
  });
  const rows: Cell[][] = [];
  const f = totals(fixed);
  rows.push(line('一、固定资产', f.n, f.orig, f.inUse, true));
  fixed.forEach((c, i) => {
    rows.push(line(`（${chineseNumber(i + 1)}）${c.name}`, c.count, d(c.originalValue), d(c.inUseValue)));
    for (const inc of c.includes ?? [])
      rows.push(line(`其中：${inc.name}`, inc.count, d(inc.originalValue), d(inc.inUseValue)));
  });
  const intangible = ds.assets.intangible;
  const g = totals(intangible);
  rows.push(line('二、无形资产', g.n, g.orig, g.inUse, true));
  for (const c of intangible) rows.push(line(c.name, c.count, d(c.originalValue), d(c.inUseValue)));
  rows.push(line('合计', f.n + g.n, f.orig.plus(g.orig), f.inUse.plus(g.inUse), true));
  b.table({
    id: 'assets',
    title: '固定资产使用情况',
    unit: '单位：万元',
    columns: [4, 1.4, 2, 2, 1.6],
    header: [
      [{ text: '资产类别' }, { text: '数量' }, { text: '原值' }, { text: '其中：在用' }, { text: '利用率' }],
    ],
    rows,
  });
  // Disposals follow the table (“如表所示：” leads into the table itself), each said once: a line the
  // narrative above already holds is not repeated.
  const said = b.blocks
    .flatMap((x) => (x.kind === 'paragraph' ? [x.runs.map((r) => r.text).join('')] : []))
    .join('')
    .replace(/\s+/g, '');
  for (const line of ds.assets.disposals ?? [])
    if (!said.includes(line.replace(/\s+/g, '').replace(/。$/, ''))) b.paragraph(line);
}

function staff(ctx: SectionContext): void {
  const { b, ds, m, year, dept } = ctx;
  const s = ds.staff;
  b.paragraph(
    `截至${year}年12月31日，${dept}核定编制数共${s.authorizedPosts}名，实有在编人数${s.staffInPost}人，` +
      `财政供养人员控制率为${pct(metric(m, 'staff.fundedControlRate'))}${formulaOf('staff.fundedControlRate')}；` +
      `编外人员实有${s.extraStaff}名，编外人员控制率为${pct(metric(m, 'staff.extraStaffRate'))}${formulaOf('staff.extraStaffRate')}。` +
      (s.retired === undefined ? '' : `另有离退休人员${s.retired}人。`),
  );
  for (const line of s.note ?? []) b.paragraph(line);
}
