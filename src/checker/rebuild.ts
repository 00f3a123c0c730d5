/**
 * Rebuilding a dataset from a report: the parts the report states (budget by category, each adjustment
 * and transfer, each quarter, each asset class, staff, “三公” items…), taken from the model so that a
 * figure stated twice is taken once, from its table. What cannot be rebuilt from figures (judgements,
 * narrative, improvement measures) is listed.
 */
import { parseDataset } from '../core/dataset/parse.ts';
import {
  DISCLOSURE_LEVELS,
  SPENDING_CATEGORIES,
  SPENDING_CATEGORY_LABELS,
  type Dataset,
  type DatasetInput,
  type DisclosureLevel,
} from '../core/dataset/schema.ts';
import { DISCLOSURE_TEXT } from '../report/model/sections/basics.ts';
import { answersFromScores } from './answers.ts';
import { Decimal, fixed } from '../core/decimal.ts';
import type { Framework, IndicatorNode } from '../core/framework/schema.ts';
import { MetricContext } from '../core/metrics/registry.ts';
import { evaluateRule, evaluatorAsks } from '../core/rules/registry.ts';
import type { Paragraph, ReportDocument } from './document.ts';
import type { Extraction } from './facts.ts';
import type { Model } from './model.ts';
import { SCHEMA_VERSION } from '../core/dataset/upgrade.ts';

export interface Rebuilt {
  /** The dataset as far as the report gives it (may lack required fields: see `missing`). */
  dataset: Record<string, unknown>;
  /** Dataset paths that could not be rebuilt, with why, in Chinese. */
  missing: { path: string; reason: string }[];
  /** Top-level parts rebuilt from figures (used to decide which indicators can be recomputed). */
  rebuilt: Set<string>;
}

const amount = (m: Model, key: string): string | undefined => {
  const v = m.get(key);
  return v ? fixed(v.value, 2) : undefined;
};
const count = (m: Model, key: string): number | undefined => {
  const v = m.get(key);
  return v && v.value.isInteger() ? v.value.toNumber() : undefined;
};

function paragraphs(doc: ReportDocument): Paragraph[] {
  return doc.blocks.filter((b): b is Paragraph => b.kind === 'para');
}

export function rebuildDataset(doc: ReportDocument, ex: Extraction, model: Model, fw?: Framework): Rebuilt {
  const missing: Rebuilt['missing'] = [];
  const rebuilt = new Set<string>();
  const ds: Record<string, unknown> = { schemaVersion: SCHEMA_VERSION };
  const text = paragraphs(doc)
    .map((p) => p.text)
    .join('\n');

  ds.department = { name: ex.department ?? '' };
  if (!ex.department) missing.push({ path: 'department.name', reason: '报告中未找到“部门名称：……”' });
  if (ex.year) ds.year = ex.year;
  else missing.push({ path: 'year', reason: '报告标题中未找到“XXXX 年度”' });

  const cats = ['personnel', 'publicOperating', 'project'] as const;
  const initial = Object.fromEntries(cats.map((c) => [c, amount(model, `budget.initial.${c}`)]));
  if (cats.every((c) => initial[c] !== undefined)) {
    const prior = Object.fromEntries(cats.map((c) => [c, amount(model, `budget.priorYear.${c}`)]));
    ds.budget = {
      initial,
      ...(cats.every((c) => prior[c] !== undefined) ? { priorYear: prior } : {}),
    };
    rebuilt.add('budget');
  } else
    missing.push({ path: 'budget.initial', reason: '未找到按人员经费、公用经费、项目支出分列的年初预算' });

  // Each adjustment as jixiao's report lists it (“共有2笔预算调整：追加人员经费6.35万元（…）；调减…”):
  // the 调整、调剂资金累计 that 财务合规性 scores adds each one's size, not the category nets.
  const itemised = adjustmentItems(text);
  const nets = cats
    .map((c) => ({ category: c, amount: amount(model, `budget.adjustment.${c}`) }))
    .filter((a) => a.amount !== undefined && Number(a.amount) !== 0);
  const agree =
    itemised !== null &&
    cats.every((c) =>
      itemised
        .filter((a) => a.category === c)
        .reduce((t, a) => t.plus(a.amount), new Decimal(0))
        .equals(new Decimal(amount(model, `budget.adjustment.${c}`) ?? '0')),
    );
  const adjustments = agree ? itemised : nets;
  ds.adjustments = adjustments;
  if (adjustments.length) rebuilt.add('adjustments');

  const transfers: { from: string; to: string; amount: string }[] = [];
  for (const m of text.matchAll(
    /“([^”\n]{1,100})”\s*(\d+(?:\.\d+)?)\s*万元\s*调剂(?:到|至)\s*“([^”\n]{1,100})”/g,
  )) {
    transfers.push({ from: m[1]!, to: m[3]!, amount: fixed(new Decimal(m[2]!), 2) });
  }
  if (!transfers.length) {
    for (const f of model.facts.filter((x) => x.key === 'transfer.item'))
      transfers.push({ from: '（报告未写明）', to: '（报告未写明）', amount: fixed(f.value, 2) });
  }
  ds.transfers = transfers;

  const adjustedTotal = model.get('budget.adjusted.total');
  const quarters: string[] = [];
  for (let q = 1; q <= 4; q++) {
    const cum = model.statedOf(`execution.q${q}.cumulative`);
    if (cum) quarters.push(fixed(cum.value, 2));
    else {
      const rate = model.statedOf(`execution.q${q}.rate`);
      if (rate && adjustedTotal)
        quarters.push(fixed(rate.value.times(adjustedTotal.value).dividedBy(100), 2));
    }
  }
  if (quarters.length === 4) {
    ds.execution = { quarterlyCumulative: quarters };
    rebuilt.add('execution');
    if (!model.statedOf('execution.q1.cumulative'))
      missing.push({
        path: 'execution.quarterlyCumulative',
        reason: '报告只写了各季度执行率，累计执行数由执行率 × 调整预算推算',
      });
  } else
    missing.push({ path: 'execution.quarterlyCumulative', reason: '未找到四个季度的累计执行数或执行率' });

  const projects: Record<string, unknown> = {};
  const pc = count(model, 'projects.count');
  if (pc !== undefined) projects.count = pc;
  const done = count(model, 'projects.completedOnTime');
  if (done !== undefined) projects.completedOnTime = done;
  for (const k of ['monitored', 'monitoredRunningWell', 'newProjects'] as const) {
    const v = count(model, `projects.${k}`);
    if (v !== undefined) projects[k] = v;
  }
  for (const k of ['adjustedBudget', 'executed'] as const) {
    const v = amount(model, `projects.${k}`);
    if (v !== undefined) projects[k] = v;
  }
  ds.projects = projects;
  if (pc !== undefined && done !== undefined) rebuilt.add('projects');
  else missing.push({ path: 'projects.completedOnTime', reason: '未找到项目数或按时完成的项目数' });

  const tp = (side: 'budget' | 'actual') => {
    const out: Record<string, string> = {};
    const map = {
      outboundTravel: 'outbound',
      reception: 'reception',
      vehiclePurchase: 'vehiclePurchase',
      vehicleOperation: 'vehicleOperation',
    } as const;
    for (const [field, key] of Object.entries(map)) {
      const f = model.statedOf(`threePublic.${side}.${key}`);
      if (f) out[field] = fixed(f.value, 2);
    }
    if (!out.vehiclePurchase && !out.vehicleOperation) {
      const v = model.statedOf(`threePublic.${side}.vehicle`);
      if (v) out.vehicleOperation = fixed(v.value, 2);
    }
    return out;
  };
  const tpBudget = tp('budget');
  const tpActual = tp('actual');
  ds.threePublicCosts = { budget: tpBudget, actual: tpActual };
  if (Object.keys(tpBudget).length && Object.keys(tpActual).length) rebuilt.add('threePublicCosts');
  else missing.push({ path: 'threePublicCosts', reason: '未找到“三公”经费分项预算与实际支出' });

  const dAdj =
    amount(model, 'dailyOperating.adjustedBudget') ?? amount(model, 'budget.adjusted.publicOperating');
  const dAct = amount(model, 'dailyOperating.actual');
  const dInit = amount(model, 'dailyOperating.initialBudget');
  if (dAdj && dAct) {
    ds.dailyOperating = { ...(dInit ? { initialBudget: dInit } : {}), adjustedBudget: dAdj, actual: dAct };
    rebuilt.add('dailyOperating');
  } else missing.push({ path: 'dailyOperating', reason: '未找到日常公用经费调整预算数和决算数' });

  const pPlan = amount(model, 'procurement.planned');
  const pAct = amount(model, 'procurement.actual');
  if (pPlan && pAct) {
    ds.procurement = { planned: pPlan, actual: pAct };
    rebuilt.add('procurement');
  } else missing.push({ path: 'procurement', reason: '未找到政府采购计划金额和实际采购金额' });

  const assetClass = (key: string, name: string) => {
    const c = count(model, `assets.${key}.count`);
    const o = amount(model, `assets.${key}.original`);
    if (c === undefined || o === undefined) return null;
    return { name, count: c, originalValue: o, inUseValue: amount(model, `assets.${key}.inUse`) ?? o };
  };
  const fixedAssets = [
    assetClass('building', '土地、房屋及构筑物'),
    assetClass('equipment', '设备（个、台、辆等）'),
    assetClass('furniture', '家具、用具（个、套等）'),
  ].filter((x): x is NonNullable<typeof x> => x !== null);
  const vehicle = assetClass('vehicle', '车辆');
  const equipment = fixedAssets.find((a) => a.name.startsWith('设备'));
  if (vehicle && equipment) Object.assign(equipment, { includes: [vehicle] });
  const software = assetClass('software', '计算机软件（个、项等）');
  if (fixedAssets.length) {
    ds.assets = { fixed: fixedAssets, intangible: software ? [software] : [] };
    rebuilt.add('assets');
    if (!model.statedOf('assets.building.inUse'))
      missing.push({ path: 'assets.fixed[].inUseValue', reason: '未找到分类的在用原值，按原值填写' });
  } else missing.push({ path: 'assets.fixed', reason: '未找到按类别的固定资产数量与原值' });

  const posts = count(model, 'staff.authorizedPosts');
  const inPost = count(model, 'staff.staffInPost');
  const extra = count(model, 'staff.extraStaff');
  if (posts !== undefined && inPost !== undefined && extra !== undefined) {
    ds.staff = { authorizedPosts: posts, staffInPost: inPost, extraStaff: extra };
    rebuilt.add('staff');
  } else missing.push({ path: 'staff', reason: '未找到核定编制数、在编人数和编外人员数' });

  const stated = (what: string): DisclosureLevel | undefined =>
    DISCLOSURE_LEVELS.find((l) => text.includes(`${what}：${DISCLOSURE_TEXT[l]}`));
  const budgetLevel = stated('部门预算');
  const finalLevel = stated('部门决算');
  if (budgetLevel && finalLevel) {
    ds.disclosure = { budget: budgetLevel, finalAccounts: finalLevel };
    rebuilt.add('disclosure');
  } else {
    const published = /公开了?[^。]*部门预算/.test(text);
    const finalAccounts = /公开了?[^。]*部门决算/.test(text);
    ds.disclosure = {
      budget: budgetLevel ?? (published ? 'full' : 'none'),
      finalAccounts: finalLevel ?? (finalAccounts ? 'full' : 'none'),
    };
    missing.push({
      path: 'disclosure',
      reason: `预决算公开情况由正文文字判断（${published ? '已' : '未'}写明公开预算、${finalAccounts ? '已' : '未'}写明公开决算），请核实`,
    });
  }

  const received = count(model, 'petitions.received');
  if (received !== undefined) {
    // “受理群众信访741件，办理回复741件，……按时办理回复741件” (jixiao's report) or “回复率100%”.
    const n = (re: RegExp) => {
      const m = text.match(re);
      return m ? Number(m[1]) : undefined;
    };
    const replied =
      n(/受理群众信访\d+件，办理回复(\d+)件/) ?? (/回复率为?\s*100%/.test(text) ? received : undefined);
    const onTime = n(/按时办理回复(\d+)件/) ?? (/未发生超[时期]/.test(text) ? received : undefined);
    ds.petitions = {
      channel:
        /建立[^。]{0,20}(反映|反馈)渠道/.test(text) && !/尚未建立[^。]{0,20}(反映|反馈)渠道/.test(text),
      received,
      replied: replied ?? 0,
      repliedOnTime: onTime ?? 0,
    };
    if (replied !== undefined && onTime !== undefined) rebuilt.add('petitions');
    else missing.push({ path: 'petitions.replied', reason: '未找到办理回复件数或按时回复情况' });
  } else missing.push({ path: 'petitions', reason: '未找到群众信访受理件数' });

  const sat = model.statedOf('satisfaction.score');
  if (sat) {
    ds.satisfaction = { score: fixed(sat.value, 2) };
    rebuilt.add('satisfaction');
  } else missing.push({ path: 'satisfaction.score', reason: '未找到满意度得分' });

  const actualOf = new Map<string, string | undefined>();
  for (const a of ex.actuals) if (!actualOf.has(a.name)) actualOf.set(a.name, a.actual);
  ds.targets = ex.targets.map((t) => {
    const actual = actualOf.get(t.name);
    return { category: t.category, name: t.name, target: t.target, ...(actual ? { actual } : {}) };
  });
  if (!ex.targets.length) missing.push({ path: 'targets', reason: '未找到绩效目标表（三级指标与指标值）' });
  const tasks = keyTasksOf(text);
  if (tasks) {
    ds.keyTasks = tasks;
    rebuilt.add('keyTasks');
  } else missing.push({ path: 'keyTasks', reason: '重点工作是否完成是文字判断，未重建' });
  const evaluation = fw ? evaluationOf(ds, fw, ex) : null;
  if (evaluation) {
    ds.evaluation = evaluation.evaluation;
    rebuilt.add('evaluation');
    missing.push({
      path: 'evaluation',
      reason:
        '清单项、扣分和评价人判断得分按附表自评得分读回（理由未读回，请评价人补写）' +
        (evaluation.unmatched.length
          ? `；${evaluation.unmatched.map((u) => `“${u.name}”附表 ${u.printed} 分，按报告数字计为 ${u.computed} 分`).join('、')}`
          : ''),
    });
  } else
    missing.push({
      path: 'evaluation',
      reason: '清单项、扣分和评价人判断得分需要评价人填写，未重建',
    });
  missing.push(
    { path: 'measures', reason: '改进措施为叙述文字，未重建' },
    { path: 'narrative', reason: '叙述段落未重建' },
  );
  return { dataset: ds as DatasetInput & Record<string, unknown>, missing, rebuilt };
}

/** The dataset parts rebuildDataset can rebuild from a report's figures (what `rebuilt` may hold). */
export const REBUILDABLE_PARTS = [
  'budget',
  'adjustments',
  'execution',
  'projects',
  'threePublicCosts',
  'dailyOperating',
  'procurement',
  'assets',
  'staff',
  'petitions',
  'satisfaction',
] as const;
/** Lists a report gives in full or not at all: none stated is rebuilt as none, so no rule waits on them. */
const LIST_PARTS: readonly string[] = ['adjustments', 'transfers'];
/** Parts every dataset has that carry no figure a rule scores. */
const NOT_FIGURES: readonly string[] = ['schemaVersion', 'department', 'year', 'framework', 'evaluation'];

/**
 * The indicators of a framework whose score follows from figures alone, with the dataset parts each
 * needs, read from the framework itself: a rule that asks the evaluator nothing (its kind says so),
 * evaluated once on the dataset to see which parts its metrics read. An indicator reading a part no
 * report figure rebuilds (重点工作, 预决算公开, 绩效目标) is left to the evaluator's judgement.
 */
export function figureIndicators(fw: Framework, ds: Dataset): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const rebuildable: readonly string[] = REBUILDABLE_PARTS;
  const visit = (node: IndicatorNode) => {
    if (node.children?.length) return node.children.forEach(visit);
    const rule = node.rule;
    if (!rule) return;
    const asks = evaluatorAsks(rule);
    if (asks.items.length || asks.score || asks.deductions || asks.events.length) return;
    const read = new Set<string>();
    // A part counts as read when a formula reads into it. The framework's own figures are handed to the
    // metrics once, when the context is made, so they count only when a formula reads one of them.
    const tracked = new Proxy(ds, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key === 'figures' && value && typeof value === 'object')
          return new Proxy(value, {
            get(f, k, r) {
              read.add('figures');
              return Reflect.get(f, k, r) as unknown;
            },
          });
        if (typeof key === 'string') read.add(key);
        return value;
      },
    });
    evaluateRule(rule, new Decimal(node.weight), {
      metrics: new MetricContext(tracked),
      answers: undefined,
      settings: fw.settings,
      indicator: { code: node.code, name: node.name },
    });
    const parts = [...read].filter((p) => !NOT_FIGURES.includes(p));
    if (parts.every((p) => rebuildable.includes(p) || LIST_PARTS.includes(p)))
      out.set(
        node.code,
        parts.filter((p) => !LIST_PARTS.includes(p)),
      );
  };
  fw.indicators.forEach(visit);
  return out;
}

const CATEGORY_OF_LABEL = new Map(SPENDING_CATEGORIES.map((c) => [SPENDING_CATEGORY_LABELS[c], c]));

/** The adjustments a “共有N笔预算调整：……” sentence lists one by one, or null when there is none. */
function adjustmentItems(text: string): { category: string; amount: string; reason?: string }[] | null {
  const m = text.match(/共有(\d+)笔预算调整[：:]([^。]*)。/);
  if (!m) return null;
  const labels = [...CATEGORY_OF_LABEL.keys()].join('|');
  const items = [
    ...m[2]!.matchAll(
      new RegExp(`(调减|追加|调增)(${labels})([\\d,]+(?:\\.\\d+)?)万元(?:（([^）]*)）)?`, 'g'),
    ),
  ].map((x) => {
    const v = new Decimal(x[3]!.replace(/,/g, ''));
    return {
      category: CATEGORY_OF_LABEL.get(x[2]!)!,
      amount: fixed(x[1] === '调减' ? v.negated() : v, 2),
      ...(x[4] ? { reason: x[4] } : {}),
    };
  });
  return items.length === Number(m[1]) ? items : null;
}

/**
 * Key tasks from “承担重点工作任务4项，按期保质保量完成3项，未完成1项：“甲”（原因）。” — the ones done are
 * not named in the report, so they are numbered.
 */
function keyTasksOf(text: string): { id: string; name: string; done: boolean; reason?: string }[] | null {
  const m = text.match(/承担重点工作任务(\d+)项，按期保质保量完成(\d+)项(?:，未完成(\d+)项[：:]([^。]*))?/);
  if (!m) return null;
  const total = Number(m[1]);
  const done = Number(m[2]);
  const undone = [...(m[4] ?? '').matchAll(/“([^”]+)”(?:（([^）]*)）)?/g)].map((x, i) => ({
    id: `undone-${i + 1}`,
    name: x[1]!,
    done: false,
    ...(x[2] ? { reason: x[2] } : {}),
  }));
  if (done + undone.length !== total) return null;
  return [
    ...Array.from({ length: done }, (_, i) => ({
      id: `done-${i + 1}`,
      name: `重点工作任务${i + 1}`,
      done: true,
    })),
    ...undone,
  ];
}

/** Evaluator answers from the 附表 scores, when the rebuilt figures make a dataset that can be scored. */
function evaluationOf(ds: Record<string, unknown>, fw: Framework, ex: Extraction) {
  if (!ex.scoring.length) return null;
  const parsed = parseDataset({ ...ds, framework: fw.id });
  if (!parsed.ok) return null;
  return answersFromScores(parsed.value, fw, new Map(ex.scoring.map((r) => [r.code, r.score])));
}
