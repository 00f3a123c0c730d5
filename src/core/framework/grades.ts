import { Decimal } from '../decimal.ts';
import type { Framework } from './schema.ts';

/**
 * The grade labels (优/良/中/差 or whatever a framework calls them), best first, of the frameworks the
 * departments are scored with, each once: grades belong to the framework file, not to the code.
 */
export function gradeLabels(frameworks: readonly Pick<Framework, 'grades'>[]): string[] {
  const labels: string[] = [];
  for (const fw of frameworks)
    for (const g of [...(fw.grades ?? [])].sort((a, b) => new Decimal(b.min).comparedTo(a.min)))
      if (!labels.includes(g.label)) labels.push(g.label);
  return labels;
}
