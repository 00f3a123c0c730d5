/**
 * The rule registry: one evaluator per rule kind. A new kind is one file, one schema entry in
 * framework/schema.ts and one line here.
 */
import type { Decimal } from '../decimal.ts';
import type { Rule } from '../framework/schema.ts';
import { checklist } from './checklist.ts';
import { choice } from './choice.ts';
import { composite } from './composite.ts';
import { deduction } from './deduction.ts';
import { excess } from './excess.ts';
import { judged } from './judged.ts';
import { proportional } from './proportional.ts';
import { schedule } from './schedule.ts';
import { targets } from './targets.ts';
import { tiered } from './tiered.ts';
import type { RuleContext, RuleEvaluator, RuleOutcome } from './types.ts';
import { veto } from './veto.ts';

const EVALUATORS: { [K in Rule['kind']]: RuleEvaluator<K> } = {
  checklist,
  deduction,
  proportional,
  tiered,
  schedule,
  composite,
  veto,
  judged,
  choice,
  excess,
  targets,
};

export function evaluateRule(rule: Rule, weight: Decimal, ctx: RuleContext): RuleOutcome {
  const evaluator = EVALUATORS[rule.kind] as RuleEvaluator<Rule['kind']>;
  return evaluator(rule as never, weight, ctx);
}

export const RULE_KINDS = Object.keys(EVALUATORS) as Rule['kind'][];
