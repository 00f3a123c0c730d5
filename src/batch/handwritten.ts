/**
 * The benchmark baseline: the 21 level-3 scores of frameworks/futian-2023.yaml written out by hand, with
 * the same decimal arithmetic (src/core/decimal.ts) and no framework interpretation, no explanations.
 * It is the practical limit of the engine: score() must give the same 21 scores on every dataset (a
 * test asserts it on synthetic jurisdictions), and the benchmark reports how far score() is from it.
 * Only for the Futian 2023 framework: its weights, thresholds and items are constants here.
 */
import { Decimal, ZERO, clamp, min, roundHalfUp } from '../core/decimal.ts';
import type { Dataset } from '../core/dataset/schema.ts';
import { isQuantitative } from '../core/targets/quantitative.ts';

export const FUTIAN_2023_LEAVES = [
  'budget-rationality',
  'budget-compliance',
  'target-completeness',
  'indicator-clarity',
  'procurement',
  'financial-compliance',
  'disclosure',
  'project-procedure',
  'project-supervision',
  'asset-safety',
  'asset-utilization',
  'funded-staff-control',
  'extra-staff-control',
  'management-rules',
  'cost-control',
  'budget-execution',
  'key-tasks',
  'project-timeliness',
  'outcomes',
  'petitions',
  'satisfaction',
] as const;

const D = (v: string | number) => new Decimal(v);
const ONE = D(1);
const R4 = (v: Decimal) => roundHalfUp(v, 4);
const ratio = (a: Decimal, b: Decimal): Decimal | null => (b.isZero() ? null : R4(a.dividedBy(b)));
/** 0/0: nothing to measure; the framework's ifMissing gives these rules full marks. */
const none = (a: Decimal, b: Decimal) => a.isZero() && b.isZero();
const amount = (s: string | undefined) => (s === undefined ? ZERO : D(s));
const THRESHOLDS = {
  p90: D('0.9'),
  p75: D('0.75'),
  p60: D('0.6'),
  p5: D('0.05'),
  p10: D('0.1'),
  p1: D('0.01'),
  s95: D(95),
  s90: D(90),
  s80: D(80),
};
const SCHEDULE = ['0.25', '0.5', '0.75', '1'].map(D);

/** The 21 scores (each rounded to 0.01 and within its weight) and the total, as Decimals. */
export function scoreFutian2023ByHand(ds: Dataset): { scores: Decimal[]; total: Decimal } {
  const ev = ds.evaluation;
  const item = (code: string, id: string, points: number): Decimal => {
    const a = ev[code]?.items?.[id];
    const full = D(points);
    if (a?.points !== undefined) return clamp(D(a.points), ZERO, full);
    if (a?.met !== undefined) return a.met ? full : ZERO;
    return ZERO;
  };
  const deduction = (code: string, weight: number, per: number): Decimal => {
    const items = ev[code]?.deductions ?? [];
    let deducted = ZERO;
    for (const d of items) deducted = deducted.plus(d.points === undefined ? per : d.points);
    return Decimal.max(ZERO, D(weight).minus(deducted));
  };
  const ifMet = (yes: boolean, points: number) => (yes ? D(points) : ZERO);

  const b = ds.budget.initial;
  const initialTotal = amount(b.personnel).plus(amount(b.publicOperating)).plus(amount(b.project));
  let net = ZERO;
  let gross = ZERO;
  for (const a of ds.adjustments) {
    const v = D(a.amount);
    net = net.plus(v);
    gross = gross.plus(v.abs());
  }
  let transfers = ZERO;
  for (const t of ds.transfers) transfers = transfers.plus(t.amount);
  const adjustedTotal = initialTotal.plus(net);

  // 预算编制 · 目标设置
  const s1 = item('budget-rationality', 'mandate', 1)
    .plus(item('budget-rationality', 'priorities', 1))
    .plus(item('budget-rationality', 'granularity', 1))
    .plus(item('budget-rationality', 'classification', 1))
    .plus(item('budget-rationality', 'not-fixed', 1));
  const s2 = deduction('budget-compliance', 5, 1);
  const s3 = deduction('target-completeness', 3, 1);
  const quantified = ds.targets.some((t) => isQuantitative(t));
  const s4 = item('indicator-clarity', 'decomposed', 2)
    .plus(item('indicator-clarity', 'outcome-indicators', 2))
    .plus(item('indicator-clarity', 'measurable', 1))
    .plus(ifMet(quantified, 1))
    .plus(item('indicator-clarity', 'justified', 1));

  // 资金管理
  const bought = amount(ds.procurement.actual);
  const planned = amount(ds.procurement.planned);
  const procurementRate = ratio(bought, planned);
  const s5 = (
    none(bought, planned)
      ? ONE
      : procurementRate === null || procurementRate.greaterThan(ONE)
        ? ZERO
        : min(procurementRate, ONE)
  ).plus(item('procurement', 'policy', 1));
  let s6: Decimal;
  if (ev['financial-compliance']?.items?.misuse?.met === true) s6 = ZERO;
  else {
    const grossRatio = ratio(gross.plus(transfers), initialTotal);
    let adj: Decimal;
    if (grossRatio === null) adj = ZERO;
    else {
      const over = grossRatio.minus(THRESHOLDS.p10);
      adj = over.greaterThan(0)
        ? Decimal.max(ZERO, ONE.minus(over.dividedBy(THRESHOLDS.p1).ceil().times('0.1')))
        : ONE;
    }
    s6 = item('financial-compliance', 'spending', 1)
      .plus(adj)
      .plus(item('financial-compliance', 'accounting', 1));
  }
  const disclosurePoints: Record<string, string> = { full: '1.5', partial: '1', none: '0', exempt: '1.5' };
  const s7 = D(disclosurePoints[ds.disclosure.budget]!).plus(disclosurePoints[ds.disclosure.finalAccounts]!);

  // 项目管理 · 资产管理 · 人员管理 · 制度管理
  const s8 = item('project-procedure', 'approval', 1).plus(item('project-procedure', 'execution', 1));
  const s9 = item('project-supervision', 'mechanism', 1).plus(item('project-supervision', 'oversight', 1));
  const s10 = item('asset-safety', 'custody', 1).plus(item('asset-safety', 'disposal', 1));
  let original = ZERO;
  let inUse = ZERO;
  for (const c of ds.assets.fixed) {
    original = original.plus(c.originalValue);
    inUse = inUse.plus(c.inUseValue);
  }
  const utilization = ratio(inUse, original);
  const s11 =
    utilization === null
      ? none(inUse, original)
        ? ONE
        : ZERO
      : utilization.greaterThanOrEqualTo(THRESHOLDS.p90)
        ? ONE
        : utilization.greaterThanOrEqualTo(THRESHOLDS.p75)
          ? D('0.7')
          : utilization.greaterThanOrEqualTo(THRESHOLDS.p60)
            ? D('0.4')
            : ZERO;
  const st = ds.staff;
  const funded = ratio(D(st.staffInPost), D(st.authorizedPosts));
  const s12 =
    (funded !== null && funded.lessThanOrEqualTo(ONE)) || none(D(st.staffInPost), D(st.authorizedPosts))
      ? ONE
      : ZERO;
  const extra = ratio(D(st.extraStaff), D(st.staffInPost + st.extraStaff));
  const s13 =
    extra === null
      ? none(D(st.extraStaff), D(st.staffInPost + st.extraStaff))
        ? ONE
        : ZERO
      : extra.lessThan(THRESHOLDS.p5)
        ? ONE
        : extra.lessThanOrEqualTo(THRESHOLDS.p10)
          ? D('0.5')
          : ZERO;
  const s14 = item('management-rules', 'established', 0.5)
    .plus(item('management-rules', 'enforced', 1.5))
    .plus(item('management-rules', 'performance-management', 1));

  // 经济性
  const control = (actual: Decimal, budget: Decimal): Decimal => {
    const rate = ratio(actual, budget);
    if (rate === null) return none(actual, budget) ? D(3) : ZERO;
    return rate.lessThan(THRESHOLDS.p90) ? D(3) : rate.lessThanOrEqualTo(ONE) ? D(2) : ZERO;
  };
  const tp = ds.threePublicCosts;
  const threeBudget = amount(tp.budget.outboundTravel)
    .plus(amount(tp.budget.reception))
    .plus(amount(tp.budget.vehiclePurchase))
    .plus(amount(tp.budget.vehicleOperation));
  const threeActual = amount(tp.actual.outboundTravel)
    .plus(amount(tp.actual.reception))
    .plus(amount(tp.actual.vehiclePurchase))
    .plus(amount(tp.actual.vehicleOperation));
  const s15 = control(threeActual, threeBudget).plus(
    control(D(ds.dailyOperating.actual), D(ds.dailyOperating.adjustedBudget)),
  );

  // 效率性
  let s16 = ZERO;
  if (!adjustedTotal.isZero()) {
    let quarters = ZERO;
    ds.execution.quarterlyCumulative.forEach((q, i) => {
      const rate = R4(D(q).dividedBy(adjustedTotal));
      quarters = quarters.plus(roundHalfUp(min(rate.dividedBy(SCHEDULE[i]!), ONE), 2));
    });
    s16 = quarters.plus(roundHalfUp(quarters.dividedBy(4).times(2), 2));
  }
  const uncompleted = ds.keyTasks.filter((t) => !t.done).length;
  const s17 = Decimal.max(ZERO, D(8).minus(uncompleted * 4));
  const completion = ratio(D(ds.projects.completedOnTime), D(ds.projects.count));
  const s18 =
    completion === null
      ? none(D(ds.projects.completedOnTime), D(ds.projects.count))
        ? D(6)
        : ZERO
      : min(completion, ONE).times(6);

  // 效果性 · 公平性
  const judged = ev.outcomes?.score;
  const s19 = judged === undefined ? ZERO : clamp(D(judged), ZERO, D(25));
  const p = ds.petitions;
  const full = (n: number) => p.received === 0 || R4(D(n).dividedBy(p.received)).greaterThanOrEqualTo(ONE);
  const s20 = ifMet(p.channel, 1)
    .plus(ifMet(full(p.replied), 1))
    .plus(ifMet(full(p.repliedOnTime), 1));
  const sat = D(ds.satisfaction.score);
  const s21 = sat.greaterThanOrEqualTo(THRESHOLDS.s95)
    ? D(6)
    : sat.greaterThanOrEqualTo(THRESHOLDS.s90)
      ? D(4)
      : sat.greaterThanOrEqualTo(THRESHOLDS.s80)
        ? D(2)
        : ONE;

  const raw = [
    s1,
    s2,
    s3,
    s4,
    s5,
    s6,
    s7,
    s8,
    s9,
    s10,
    s11,
    s12,
    s13,
    s14,
    s15,
    s16,
    s17,
    s18,
    s19,
    s20,
    s21,
  ];
  const weights = [5, 5, 3, 7, 2, 3, 3, 2, 2, 2, 1, 1, 1, 3, 6, 6, 8, 6, 25, 3, 6];
  let total = ZERO;
  const scores = raw.map((s, i) => {
    const r = clamp(roundHalfUp(s, 2), ZERO, D(weights[i]!));
    total = total.plus(r);
    return r;
  });
  return { scores, total };
}
