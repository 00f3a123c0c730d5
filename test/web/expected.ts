/**
 * The score the seed should have after one quarter's cumulative execution changes, worked out here
 * from the framework's own words (附表 预算执行率: each quarter min(rate ÷ schedule, 1) × 1 分 rounded
 * to 0.01, plus the average of the four quarter scores × 2 分 rounded to 0.01) and the seed's total
 * 93.96 — not from the system's output.
 */
import { Decimal } from '../../src/core/decimal.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';

export const SEED_TOTAL = '93.96';
const SCHEDULE = ['0.25', '0.5', '0.75', '1'];

export function scheduleScore(ds: Dataset, quarters: string[]): Decimal {
  const i = ds.budget.initial;
  const adjusted = ds.adjustments.reduce(
    (a, x) => a.plus(x.amount),
    new Decimal(i.personnel).plus(i.publicOperating).plus(i.project),
  );
  const q = quarters.map((x, k) => {
    const ratio = Decimal.min(new Decimal(x).dividedBy(adjusted).dividedBy(SCHEDULE[k]!), 1);
    return ratio.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  });
  const sum = q.reduce((a, x) => a.plus(x), new Decimal(0));
  const average = sum.dividedBy(4).times(2).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return sum.plus(average);
}

/** The new total when quarter `index` (0-based) becomes `value` 万元. */
export function totalAfterQuarterChange(ds: Dataset, index: number, value: string): string {
  const before = [...ds.execution.quarterlyCumulative];
  const afterQ = [...before];
  afterQ[index] = value;
  const delta = scheduleScore(ds, afterQ).minus(scheduleScore(ds, before));
  return new Decimal(SEED_TOTAL).plus(delta).toFixed(2);
}
