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

/** Each rule kind: its evaluator and its name as readers see it (docs/frameworks.md, the CLI). */
const RULES: { [K in Rule['kind']]: { evaluate: RuleEvaluator<K>; label: string } } = {
  checklist: { evaluate: checklist, label: '逐项计分' },
  deduction: { evaluate: deduction, label: '满分起扣' },
  proportional: { evaluate: proportional, label: '按比率计分' },
  tiered: { evaluate: tiered, label: '分档计分' },
  schedule: { evaluate: schedule, label: '季度序时进度' },
  composite: { evaluate: composite, label: '分项相加' },
  veto: { evaluate: veto, label: '一票否决' },
  judged: { evaluate: judged, label: '评价人判断' },
  choice: { evaluate: choice, label: '分类取值计分' },
  excess: { evaluate: excess, label: '超出阈值扣分' },
  targets: { evaluate: targets, label: '按绩效目标完成情况计分' },
};

export function evaluateRule(rule: Rule, weight: Decimal, ctx: RuleContext): RuleOutcome {
  const evaluator = RULES[rule.kind].evaluate as RuleEvaluator<Rule['kind']>;
  return evaluator(rule as never, weight, ctx);
}

export const RULE_KINDS = Object.keys(RULES) as Rule['kind'][];

/** The Chinese name of a rule kind (“checklist” → “逐项计分”); the kind itself stays in JSON. */
export function ruleKindLabel(kind: Rule['kind']): string {
  return RULES[kind].label;
}
