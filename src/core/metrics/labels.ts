/**
 * A metric's Chinese name without compiling any formula: a framework's own metric, else the built-in
 * one. For the places that only print names (src/core/labels.ts, and through it the web app, which then
 * carries no formula engine).
 */
import { BUILTIN_METRICS } from './builtin.ts';
import type { FrameworkMetricSource } from './registry.ts';

export function metricLabel(name: string, framework?: FrameworkMetricSource): string | undefined {
  const own = framework?.metrics?.find((m) => m.id === name);
  if (own) return own.label;
  return Object.hasOwn(BUILTIN_METRICS, name) ? BUILTIN_METRICS[name]!.label : undefined;
}
