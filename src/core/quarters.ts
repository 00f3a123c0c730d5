/** The quarters, written one way everywhere: 一季度 … 四季度 (never 第二季度, Q2, 2季度). No imports: rules use it. */
export const QUARTERS = ['一季度', '二季度', '三季度', '四季度'] as const;

/** “二季度” for 2 (1-based). */
export function quarterLabel(q: number): string {
  return QUARTERS[q - 1] ?? `${q} 季度`;
}
