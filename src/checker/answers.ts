/**
 * Evaluator answers read back from a report's 附表: the scores printed there are the evaluator's
 * judgement for what the figures do not decide (checklist items, deductions, graded scores, a veto).
 * For each indicator the answers are the fullest ones (every item met, no deduction, the top graded
 * score, no veto), lowered, last slot first, by what the printed score falls short of what the rules
 * give on the report's own figures. The dataset rebuilt with these answers scores every indicator as
 * printed; where it cannot (the figures alone already give less than printed), the indicator is listed.
 */
import { Decimal, ZERO, constant, fixed } from '../core/decimal.ts';
import type { Dataset, EvaluationEntry } from '../core/dataset/schema.ts';
import type { Framework, IndicatorNode, Rule } from '../core/framework/schema.ts';
import { leaves, score } from '../core/score.ts';
import { frameworkLeaves } from './facts.ts';

/** One thing an evaluator decides, with how many points lowering it can take away. */
type Slot =
  | { kind: 'item'; id: string; points: Decimal }
  | { kind: 'deduction'; capacity: Decimal }
  | { kind: 'judged'; max: Decimal; capacity: Decimal };

interface Plan {
  slots: Slot[];
  veto?: string;
}

function planOf(rule: Rule, weight: Decimal, plan: Plan): void {
  switch (rule.kind) {
    case 'checklist':
      for (const item of rule.items)
        if (!item.when) plan.slots.push({ kind: 'item', id: item.id, points: constant(item.points) });
      return;
    case 'deduction':
      if (!rule.countMetric)
        plan.slots.push({ kind: 'deduction', capacity: weight.minus(constant(rule.floor)) });
      return;
    case 'judged': {
      const lo = rule.min === undefined ? ZERO : new Decimal(rule.min);
      const hi = rule.max === undefined ? weight : new Decimal(rule.max);
      plan.slots.push({ kind: 'judged', max: hi, capacity: hi.minus(lo) });
      return;
    }
    case 'composite':
      for (const p of rule.parts) planOf(p.rule, constant(p.points), plan);
      return;
    case 'veto':
      if (rule.item) plan.veto = rule.item;
      planOf(rule.rule, weight, plan);
      return;
    default:
      return;
  }
}

const READ_BACK = '由报告附表自评得分读回';

/** The fullest answers an evaluator can give for the plan. */
function fullEntry(plan: Plan): EvaluationEntry | undefined {
  const e: EvaluationEntry = {};
  for (const s of plan.slots) {
    if (s.kind === 'item') (e.items ??= {})[s.id] = { met: true };
    if (s.kind === 'judged') Object.assign(e, { score: fixed(s.max), reason: READ_BACK });
  }
  if (plan.veto) (e.items ??= {})[plan.veto] = { met: false };
  return plan.slots.length || plan.veto ? e : undefined;
}

/** Lowers the answers by `deficit` points, last slot first; returns what could not be taken. */
function lower(plan: Plan, entry: EvaluationEntry, deficit: Decimal): Decimal {
  let left = deficit;
  for (const s of [...plan.slots].reverse()) {
    if (left.isZero()) break;
    const cap = s.kind === 'item' ? s.points : s.capacity;
    const take = Decimal.min(left, cap);
    if (take.isZero()) continue;
    if (s.kind === 'item')
      entry.items![s.id] = take.equals(cap)
        ? { met: false, reason: READ_BACK }
        : { points: fixed(cap.minus(take)), reason: READ_BACK };
    else if (s.kind === 'judged') entry.score = fixed(s.max.minus(take));
    else (entry.deductions ??= []).push({ reason: READ_BACK, points: fixed(take) });
    left = left.minus(take);
  }
  return left;
}

export interface ReadBackAnswers {
  evaluation: Record<string, EvaluationEntry>;
  /** Indicators whose printed score the answers cannot give (the figures alone give another score). */
  unmatched: { code: string; name: string; printed: string; computed: string }[];
}

/**
 * The evaluation answers that make `dataset` score each indicator as `printed` (by indicator code)
 * says. `dataset` is the one rebuilt from the report's figures; its own evaluation is ignored.
 */
export function answersFromScores(
  dataset: Dataset,
  fw: Framework,
  printed: Map<string, string>,
): ReadBackAnswers {
  const plans = new Map<string, { node: IndicatorNode; plan: Plan }>();
  const evaluation: Record<string, EvaluationEntry> = {};
  for (const node of frameworkLeaves(fw)) {
    const plan: Plan = { slots: [] };
    if (node.rule) planOf(node.rule, constant(node.weight), plan);
    const e = fullEntry(plan);
    if (!e) continue;
    plans.set(node.code, { node, plan });
    evaluation[node.code] = e;
  }
  const full = new Map(leaves(score({ ...dataset, evaluation }, fw)).map((l) => [l.code, l.score]));
  for (const [code, { plan }] of plans) {
    const p = printed.get(code);
    const c = full.get(code);
    if (p === undefined || c === undefined) continue;
    const deficit = new Decimal(c).minus(p);
    if (!deficit.isPositive()) continue;
    const left = lower(plan, evaluation[code]!, deficit);
    // Nothing left to lower and the printed score is 0: the veto item happened.
    if (left.isPositive() && plan.veto && new Decimal(p).isZero())
      evaluation[code]!.items![plan.veto] = { met: true, reason: READ_BACK };
  }
  const back = leaves(score({ ...dataset, evaluation }, fw));
  const unmatched = back
    .filter((l) => printed.has(l.code) && !new Decimal(printed.get(l.code)!).equals(l.score))
    .map((l) => ({ code: l.code, name: l.name, printed: printed.get(l.code)!, computed: l.score }));
  return { evaluation, unmatched };
}
