import type { Decimal } from '../decimal.ts';
import type { EvaluationEntry } from '../dataset/schema.ts';
import type { FrameworkSettings, Rule } from '../framework/schema.ts';
import type { MetricContext } from '../metrics/registry.ts';

/** A figure a rule used, as the report prints it. */
export interface RuleInput {
  metric: string;
  label: string;
  /** Display text: "93.37%", "3,184.70万元", "23". */
  value: string;
  formula?: string | undefined;
}

/** One reason points were lost. */
export interface Loss {
  points: Decimal;
  reason: string;
}

export interface RuleOutcome {
  score: Decimal;
  /** The steps of the computation, in Chinese, in order. */
  steps: string[];
  inputs: RuleInput[];
  losses: Loss[];
  /** Evaluator answers or figures the rule needed and did not get. */
  missing: string[];
}

export interface RuleContext {
  metrics: MetricContext;
  answers: EvaluationEntry | undefined;
  settings: FrameworkSettings;
  /** The indicator being scored, for messages. */
  indicator: { code: string; name: string };
}

export type RuleEvaluator<K extends Rule['kind']> = (
  rule: Extract<Rule, { kind: K }>,
  weight: Decimal,
  ctx: RuleContext,
) => RuleOutcome;
