/**
 * 结果应用: the next-year budget suggestion from a department's grade, as a per-jurisdiction setting
 * (settings/result-application/*.yaml): grade (the framework's 优/良/中/差) → 优先保障 / 保障 / 压缩 /
 * 取消, moved down a step (or more) when the department has signals of the named severities. A setting,
 * not code: another file gives other suggestions with no code change.
 */
import { z } from 'zod';
import { SEVERITIES, SEVERITY_LABELS, type Severity } from './signals.ts';

/** Best first: a downgrade moves one place to the right. */
export const BUDGET_SUGGESTIONS = ['prioritize', 'maintain', 'reduce', 'cancel'] as const;
export type BudgetSuggestion = (typeof BUDGET_SUGGESTIONS)[number];
export const BUDGET_SUGGESTION_LABELS: Record<BudgetSuggestion, string> = {
  prioritize: '优先保障',
  maintain: '保障',
  reduce: '压缩',
  cancel: '取消',
};

const suggestion = z.enum(BUDGET_SUGGESTIONS, {
  error: `预算建议应为 ${BUDGET_SUGGESTIONS.map((s) => `${s}（${BUDGET_SUGGESTION_LABELS[s]}）`).join('、')}`,
});

export const resultApplicationSchema = z
  .object({
    name: z.string().trim().min(1, '请写明规则名称'),
    grades: z.record(z.string().min(1), suggestion),
    downgrade: z
      .object({
        severities: z.array(z.enum(SEVERITIES, { error: `应为 ${SEVERITIES.join('、')}` })).default(['P0']),
        steps: z.coerce.number().int().min(0).max(3).default(1),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ResultApplication = z.output<typeof resultApplicationSchema>;

export function parseResultApplication(
  raw: unknown,
): { ok: true; value: ResultApplication } | { ok: false; errors: string[] } {
  const r = resultApplicationSchema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '文件'}：${i.message}`) };
}

export interface SuggestionResult {
  suggestion: BudgetSuggestion;
  label: string;
  /** Why, in Chinese: the grade, and the signals that moved it down. */
  reason: string;
}

/**
 * The suggestion for a grade, moved down when signals of the downgrading severities are present.
 * Null when the grade is unknown (not scored) or the setting names no suggestion for it.
 */
export function budgetSuggestion(
  setting: ResultApplication,
  grade: string | null,
  signalSeverities: readonly Severity[] = [],
): SuggestionResult | null {
  if (grade === null) return null;
  const base = setting.grades[grade];
  if (!base) return null;
  const down = setting.downgrade;
  const hits = down ? signalSeverities.filter((s) => down.severities.includes(s)) : [];
  let index = BUDGET_SUGGESTIONS.indexOf(base);
  let reason = `评价等级“${grade}”`;
  if (down && hits.length && down.steps > 0) {
    index = Math.min(BUDGET_SUGGESTIONS.length - 1, index + down.steps);
    const names = [...new Set(hits)].map((s) => `${SEVERITY_LABELS[s]}风险`).join('、');
    reason += `；有 ${hits.length} 条${names}复核提示，下调 ${down.steps} 档`;
  }
  const s = BUDGET_SUGGESTIONS[index]!;
  return { suggestion: s, label: BUDGET_SUGGESTION_LABELS[s], reason };
}

/** The severities a setting needs signals of (none when it never downgrades). */
export function downgradeSeverities(setting: ResultApplication): Severity[] {
  return setting.downgrade && setting.downgrade.steps > 0 ? [...setting.downgrade.severities] : [];
}
