import { NO_ASKS, type EvaluatorAsks } from './types.ts';

/** The evaluator's questions of several rules together (a composite's parts). */
export function mergeAsks(all: EvaluatorAsks[]): EvaluatorAsks {
  return all.reduce(
    (a, b) => ({
      items: [...a.items, ...b.items],
      score: a.score || b.score,
      deductions: a.deductions || b.deductions,
      events: [...a.events, ...b.events],
    }),
    NO_ASKS,
  );
}
