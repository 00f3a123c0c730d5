/** Shared test helpers: the seed example, the seed report text, and small hand-made datasets. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, loadFramework } from '../src/adapters/files.ts';
import { parseDataset } from '../src/core/dataset/parse.ts';
import type { Dataset } from '../src/core/dataset/schema.ts';
import { parseFramework } from '../src/core/framework/validate.ts';
import type { Framework } from '../src/core/framework/schema.ts';

export const ROOT = join(import.meta.dirname, '..');
export const SEED_EXAMPLE = join(ROOT, 'examples/futian-zonggonghui-2023.yaml');
export const SEED_REPORT = join(ROOT, '../shared/seed/000_dbd1772b13f95ab8.txt');

export function seedDataset(): Dataset {
  const r = loadDataset(SEED_EXAMPLE);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

export function futian(): Framework {
  const r = loadFramework('futian-2023');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

export function seedReportText(): string {
  return readFileSync(SEED_REPORT, 'utf8');
}

/** The seed dataset as plain input, to modify and re-parse. */
export function seedInput(): Record<string, unknown> {
  return structuredClone(seedDataset()) as unknown as Record<string, unknown>;
}

export function reparse(input: unknown): Dataset {
  const r = parseDataset(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** A one-indicator framework around a rule, to test rule kinds through score(). */
export function singleRuleFramework(
  rule: unknown,
  weight = '6',
  settings: Record<string, unknown> = {},
): Framework {
  const r = parseFramework({
    id: 'test-single',
    name: '测试框架',
    total: weight,
    settings,
    indicators: [
      { code: 'l1', name: '一级', weight, children: [{ code: 'x', name: '被测指标', weight, rule }] },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}
