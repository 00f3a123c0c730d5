/**
 * The quantified-share table (表1-4 定量指标占比): by category, the number of targets, how many are
 * quantitative (by the parser's rule) and the share, with the total. Also the target-table review:
 * notations the parser counts as quantitative although the figure measures nothing definite.
 */
import { Decimal, percent } from '../decimal.ts';
import { TARGET_CATEGORIES } from '../dataset/schema.ts';
import { parseTargetText, type TargetParse } from './parse.ts';
import { isQuantitative } from './quantitative.ts';

export interface ShareRow {
  category: string;
  total: number;
  quantitative: number;
  /** Share as a ratio string (exact); `sharePercent` is the two-decimal percentage, e.g. "83.33". */
  share: string | null;
  sharePercent: string | null;
}

export interface ShareTable {
  rows: ShareRow[];
  total: ShareRow;
  /** The targets counted qualitative, by name, with their text. */
  qualitative: { category: string; name: string; target: string }[];
}

type TargetRef = { category: string; name: string; target: string; quantitative?: boolean | undefined };

function row(category: string, total: number, quantitative: number): ShareRow {
  const share = total === 0 ? null : new Decimal(quantitative).dividedBy(total);
  return {
    category,
    total,
    quantitative,
    share: share ? share.toString() : null,
    sharePercent: share ? percent(share) : null,
  };
}

/**
 * 表1-4 from the targets: categories in the standard order (数量, 质量, 时效, 成本; 经济, 社会, 生态,
 * 可持续; 满意度), then any other category in order of first appearance; empty categories left out.
 */
export function quantifiedShareTable(targets: readonly TargetRef[]): ShareTable {
  const order: string[] = [...TARGET_CATEGORIES];
  for (const t of targets) if (!order.includes(t.category)) order.push(t.category);
  const rows: ShareRow[] = [];
  for (const c of order) {
    const ts = targets.filter((t) => t.category === c);
    if (!ts.length) continue;
    rows.push(row(c, ts.length, ts.filter((t) => isQuantitative(t)).length));
  }
  const n = targets.length;
  const q = targets.filter((t) => isQuantitative(t)).length;
  return {
    rows,
    total: row('合计', n, q),
    qualitative: targets
      .filter((t) => !isQuantitative(t))
      .map((t) => ({ category: t.category, name: t.name, target: t.target })),
  };
}

/** A remark on how a target value is written. */
export interface TargetReview {
  code: 'vagueQuantity' | 'parseNote' | 'declaredDiffers';
  name: string;
  target: string;
  message: string;
}

/** Words that describe a change rather than a measured amount. */
const CHANGE_WORDS = /提高|提升|增强|改善|增长/;

/**
 * Reviews the target table: a percentage whose qualifier is a change or a state word (“有所提高 100%”,
 * “100%提升”) is counted quantitative by rule — it has a figure — but the figure has no base to be
 * measured against, so the value is quantitative only in form. Parse notes (extra figures) and a
 * declared `quantitative` that differs from the rule are listed too.
 */
export function reviewTargets(targets: readonly TargetRef[]): TargetReview[] {
  const out: TargetReview[] = [];
  for (const t of targets) {
    const p: TargetParse = parseTargetText(t.target, { category: t.category });
    if (
      p.kind === 'quantity' &&
      p.unit === '%' &&
      p.opImplied &&
      p.qualifier &&
      CHANGE_WORDS.test(p.qualifier)
    ) {
      out.push({
        code: 'vagueQuantity',
        name: t.name,
        target: t.target,
        message: `“${t.name}”指标值“${t.target}”含百分数，按规则计为定量；但“${p.qualifier}”描述的是变化，100% 没有可对照的基数和口径，实质上难以衡量`,
      });
    }
    for (const note of p.notes)
      out.push({ code: 'parseNote', name: t.name, target: t.target, message: `“${t.name}”：${note}` });
    if (t.quantitative !== undefined) {
      const byRule = p.kind !== 'qualitative';
      if (byRule !== t.quantitative)
        out.push({
          code: 'declaredDiffers',
          name: t.name,
          target: t.target,
          message: `“${t.name}”申报时计为${t.quantitative ? '定量' : '定性'}，按解析规则应为${byRule ? '定量' : '定性'}`,
        });
    }
  }
  return out;
}

/** The difference in percentage points between two shares given as percentages ("97.06" − "65.91"). */
export function sharePointsChange(current: string, prior: string): string {
  return new Decimal(current).minus(prior).toFixed(2);
}
