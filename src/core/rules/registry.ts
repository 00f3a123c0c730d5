/**
 * The rule registry: every rule kind the frameworks can use, each declared in its own file (evaluator,
 * Chinese label, load-time checks, what it asks the evaluator). A new kind is one file, one schema
 * branch in framework/schema.ts and one line here; the framework checks, error messages, the CLI and
 * the web form read the kinds from here.
 */
import type { Decimal } from '../decimal.ts';
import type { Rule } from '../framework/schema.ts';
import { checklistRule } from './checklist.ts';
import { choiceRule } from './choice.ts';
import { compositeRule } from './composite.ts';
import { deductionRule } from './deduction.ts';
import { excessRule } from './excess.ts';
import { judgedRule } from './judged.ts';
import { lowerIsBetterRule } from './lower-is-better.ts';
import { proportionalRule } from './proportional.ts';
import { scheduleRule } from './schedule.ts';
import { targetRateRule } from './target-rate.ts';
import { targetsRule } from './targets.ts';
import { tieredRule } from './tiered.ts';
import {
  NO_ASKS,
  type CheckContext,
  type EvaluatorAsks,
  type Nested,
  type RuleContext,
  type RuleKind,
  type RuleOutcome,
  type RulePath,
} from './types.ts';
import { vetoRule } from './veto.ts';

/** Each rule kind by its name in the framework file. */
export const RULES: { [K in Rule['kind']]: RuleKind<K> } = {
  checklist: checklistRule,
  deduction: deductionRule,
  proportional: proportionalRule,
  tiered: tieredRule,
  schedule: scheduleRule,
  composite: compositeRule,
  veto: vetoRule,
  judged: judgedRule,
  choice: choiceRule,
  excess: excessRule,
  targets: targetsRule,
  targetRate: targetRateRule,
  lowerIsBetter: lowerIsBetterRule,
};

const kindOf = (rule: Rule) => RULES[rule.kind] as unknown as RuleKind<Rule['kind']>;

const NESTED: Nested = {
  evaluate: evaluateRule,
  check: checkRule,
  asks: evaluatorAsks,
};

export function evaluateRule(rule: Rule, weight: Decimal, ctx: RuleContext): RuleOutcome {
  return kindOf(rule).evaluate(rule, weight, ctx, NESTED);
}

/** The load-time checks of a rule (and the rules inside it) beyond what the schema says. */
export function checkRule(rule: Rule, weight: Decimal, path: RulePath, c: CheckContext): void {
  kindOf(rule).check?.(rule, weight, path, c, NESTED);
}

/** What the evaluator answers for a rule; nothing means the rule is scored from figures alone. */
export function evaluatorAsks(rule: Rule): EvaluatorAsks {
  return kindOf(rule).asks?.(rule, NESTED) ?? NO_ASKS;
}

export const RULE_KINDS = Object.keys(RULES) as Rule['kind'][];

/** The Chinese name of a rule kind (“checklist” → “逐项计分”); the kind itself stays in JSON. */
export function ruleKindLabel(kind: Rule['kind']): string {
  return RULES[kind].label;
}
