/**
 * Year-over-year (与上年对比): the changes the seed discusses — the budget by category (表1-1: 2022 年
 * 预算金额, 变动金额, 2023 年预算金额), the quantified share of targets (上年 65.91 → 本年 97.06), and the score
 * indicator by indicator. The prior year comes from a whole prior dataset (and its score) when given,
 * otherwise from the figures recorded in this year's dataset (budget.priorYear, priorYear.*).
 */
import { Decimal, fixed, percent, sum } from '../decimal.ts';
import { SPENDING_CATEGORIES, SPENDING_CATEGORY_LABELS, type Dataset } from '../dataset/schema.ts';
import { leaves, type ScoreResult } from '../score.ts';
import { quantifiedShareTable } from '../targets/share.ts';

export interface YoyRow {
  key: string;
  label: string;
  prior: string | null;
  current: string | null;
  /** current − prior, two decimals. */
  change: string | null;
  /** change ÷ prior as a two-decimal percentage, null when the prior is zero or missing. */
  rate: string | null;
}

export interface YearOverYear {
  year: number;
  priorYear: number;
  /** Where the prior-year figures came from. */
  source: 'dataset' | 'recorded';
  budget: YoyRow[];
  /** Quantified share in percent (two decimals) and the change in percentage points. */
  quantifiedShare: { prior: string | null; current: string | null; points: string | null };
  scores: YoyRow[];
  total: YoyRow | null;
}

function row(key: string, label: string, prior: Decimal | null, current: Decimal | null): YoyRow {
  const change = prior && current ? current.minus(prior) : null;
  return {
    key,
    label,
    prior: prior ? fixed(prior) : null,
    current: current ? fixed(current) : null,
    change: change ? fixed(change) : null,
    rate: change && prior && !prior.isZero() ? percent(change.dividedBy(prior)) : null,
  };
}

const dec = (s: string | undefined) => (s === undefined ? null : new Decimal(s));

export function yearOverYear(
  current: Dataset,
  opts: { prior?: Dataset; priorScore?: ScoreResult; currentScore?: ScoreResult } = {},
): YearOverYear {
  const prior = opts.prior;
  const priorBudget = prior ? prior.budget.initial : current.budget.priorYear;
  const budget = SPENDING_CATEGORIES.map((c) =>
    row(c, SPENDING_CATEGORY_LABELS[c], dec(priorBudget?.[c]), new Decimal(current.budget.initial[c])),
  );
  const total = (side: 'prior' | 'current') => {
    const vs = budget.map((r) => r[side]);
    return vs.every((v) => v !== null) ? sum(vs.map((v) => new Decimal(v!))) : null;
  };
  budget.push(row('total', '合计', total('prior'), total('current')));

  const curShare = current.targets.length ? quantifiedShareTable(current.targets).total.sharePercent : null;
  const priorShare = prior
    ? prior.targets.length
      ? quantifiedShareTable(prior.targets).total.sharePercent
      : null
    : current.priorYear?.quantifiedShare !== undefined
      ? new Decimal(current.priorYear.quantifiedShare).toFixed(2)
      : null;

  const scores: YoyRow[] = [];
  let totalRow: YoyRow | null = null;
  if (opts.currentScore) {
    const priorLeaves = opts.priorScore
      ? new Map(leaves(opts.priorScore).map((l) => [l.code, l.score]))
      : null;
    const recorded = current.priorYear?.scores ?? {};
    for (const l of leaves(opts.currentScore)) {
      const p = priorLeaves ? priorLeaves.get(l.code) : recorded[l.code];
      scores.push(row(l.code, l.name, dec(p), new Decimal(l.score)));
    }
    const priorTotal = opts.priorScore?.total ?? current.priorYear?.total;
    totalRow = row('total', '总分', dec(priorTotal), new Decimal(opts.currentScore.total));
  }

  return {
    year: current.year,
    priorYear: prior?.year ?? current.year - 1,
    source: prior ? 'dataset' : 'recorded',
    budget,
    quantifiedShare: {
      prior: priorShare,
      current: curShare,
      points: priorShare && curShare ? new Decimal(curShare).minus(priorShare).toFixed(2) : null,
    },
    scores,
    total: totalRow,
  };
}
