/** The spending categories a budget is split into (按资金用途), with the names users see. */
export const SPENDING_CATEGORIES = ['personnel', 'publicOperating', 'project'] as const;
export type SpendingCategory = (typeof SPENDING_CATEGORIES)[number];
export const SPENDING_CATEGORY_LABELS: Record<SpendingCategory, string> = {
  personnel: '人员经费',
  publicOperating: '公用经费',
  project: '项目支出',
};
