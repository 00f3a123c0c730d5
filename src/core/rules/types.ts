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

/**
 * Rules inside rules (composite parts, a veto's inner rule) are evaluated, checked and asked through
 * this, handed in by the registry: a rule file never imports the registry, so there is no import cycle.
 */
export interface Nested {
  evaluate(rule: Rule, weight: Decimal, ctx: RuleContext): RuleOutcome;
  check(rule: Rule, weight: Decimal, path: RulePath, c: CheckContext): void;
  asks(rule: Rule): EvaluatorAsks;
}

export type RuleEvaluator<K extends Rule['kind']> = (
  rule: Extract<Rule, { kind: K }>,
  weight: Decimal,
  ctx: RuleContext,
  nested: Nested,
) => RuleOutcome;

export type RulePath = (string | number)[];

/** What a framework check can see besides the rule: where to report, and the framework's own lists. */
export interface CheckContext {
  err(path: RulePath, message: string): void;
  /** Reports the metric when it does not exist (built-in or declared by the framework). */
  metric(name: string, path: RulePath): void;
  /** Target categories a `targets` rule may name: the MOF nine and the framework's own. */
  targetCategories: readonly string[];
}

/** What a framework check finds that the schema cannot say (sums, bounds, names that must exist). */
export type RuleCheck<K extends Rule['kind']> = (
  rule: Extract<Rule, { kind: K }>,
  weight: Decimal,
  path: RulePath,
  c: CheckContext,
  nested: Nested,
) => void;

/**
 * What the evaluator (评价人) answers for a rule, as the data entry form asks it: checklist items,
 * an indicator score with a reason, deduction items, or whether a disqualifying event happened. A
 * rule that asks nothing is scored from figures alone.
 */
export interface EvaluatorAsks {
  items: { id: string; text: string; points: string }[];
  score: boolean;
  deductions: boolean;
  events: { id: string; text: string }[];
}

export const NO_ASKS: EvaluatorAsks = Object.freeze({
  items: [],
  score: false,
  deductions: false,
  events: [],
}) as EvaluatorAsks;

/** One rule kind: everything the code knows about it, declared in its own file. */
export interface RuleKind<K extends Rule['kind']> {
  /** Its name as readers see it (docs/frameworks.md, the CLI, error messages). */
  label: string;
  evaluate: RuleEvaluator<K>;
  check?: RuleCheck<K>;
  /** What the evaluator answers; none when omitted. */
  asks?: (rule: Extract<Rule, { kind: K }>, nested: Nested) => EvaluatorAsks;
}
