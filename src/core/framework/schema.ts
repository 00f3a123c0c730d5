/**
 * A framework (指标体系框架) as data: the indicator tree, its texts, and one scoring rule per level-3
 * indicator. Every interpretation the framework's words leave open is a named setting here or on a rule.
 */
import { z } from 'zod';
import { booleanField, decimalField, hint, nonEmptyText, textField } from '../dataset/fields.ts';
import { parseDecimalText } from '../decimal.ts';

/** A threshold or ratio: "90%" means 0.9; "95" means 95 (for scores). Output: normalized string. */
export const thresholdField = z
  .union([z.string(), z.number()], { error: hint('应为数字或百分数，例如 90% 或 95') })
  .transform((v, ctx) => {
    const text = String(v).trim();
    const isPercent = /[%％]$/.test(text);
    const n = parseDecimalText(text);
    if (!n) {
      ctx.addIssue({ code: 'custom', message: `应为数字或百分数，例如 90% 或 95，收到“${text}”` });
      return z.NEVER;
    }
    return (isPercent ? n.dividedBy(100) : n).toString();
  });

const op = z.enum(['<', '<=', '>', '>=', '=', '!='], { error: hint('比较符应为 < <= > >= = != 之一') });

/** A condition's value: true/false for yes-no facts, otherwise a threshold ("100%", "95"). */
const conditionValue = z
  .union([z.boolean(), z.string(), z.number()], { error: hint('应为数字、百分数或 true/false') })
  .transform((v, ctx): string | boolean => {
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    const r = thresholdField.safeParse(v);
    if (!r.success) {
      ctx.addIssue({ code: 'custom', message: `应为数字、百分数或 true/false，收到“${String(v)}”` });
      return z.NEVER;
    }
    return r.data;
  });

export const conditionSchema = z.object({ metric: nonEmptyText, op, value: conditionValue }).strict();
export type Condition = z.output<typeof conditionSchema>;

/**
 * What a rule scores when a figure it needs cannot be computed. Written as a number (the score, and
 * the case is listed as missing evidence), or as {score, note}: score a number or `full` (the rule's
 * points), note the framework's own words on the case. With a note, a ratio that is 0/0 — nothing to
 * measure: no procurement plan and no procurement, no assets, no projects — is scored so and explained
 * by the note, not listed as missing evidence; a ratio with a zero base but something on top (spending
 * with no budget) is still missing evidence.
 */
export const ifMissingField = z
  .union(
    [
      z.literal('full').transform(() => ({ score: 'full' }) as IfMissing),
      decimalField.transform((score) => ({ score }) as IfMissing),
      z
        .object({
          score: z.union([z.literal('full'), decimalField], {
            error: hint('应为分数或 full（满分），例如 1 或 full'),
          }),
          note: nonEmptyText.optional(),
        })
        .strict(),
    ],
    { error: hint('应为分数、full（满分），或 {score, note}') },
  )
  .transform((v): IfMissing =>
    v.note === undefined ? { score: v.score } : { score: v.score, note: v.note },
  );

export interface IfMissing {
  /** A decimal string, or 'full' for the rule's points. */
  score: string;
  /** The framework's words on the case (quoted), and the reading taken when they are silent. */
  note?: string;
}

const base = {
  /** What to score when a metric the rule needs cannot be computed (e.g. a zero budget): default 0. */
  ifMissing: ifMissingField.optional(),
  note: textField.optional(),
};

const checklistItem = z
  .object({
    id: nonEmptyText,
    text: nonEmptyText,
    points: decimalField,
    /** When given, the item is met when the condition holds; otherwise the evaluator answers it. */
    when: z.array(conditionSchema).optional(),
  })
  .strict();

const tier = z
  .object({
    score: decimalField,
    min: thresholdField.optional(),
    minInclusive: booleanField.default(true),
    max: thresholdField.optional(),
    maxInclusive: booleanField.default(false),
    label: textField.optional(),
  })
  .strict();

export type Rule =
  | { kind: 'checklist'; items: z.output<typeof checklistItem>[]; ifMissing?: IfMissing; note?: string }
  | {
      kind: 'deduction';
      per: string;
      countMetric?: string;
      floor: string;
      ifMissing?: IfMissing;
      note?: string;
    }
  | {
      kind: 'proportional';
      metric: string;
      points?: string;
      cap: string;
      zeroIf?: Condition[];
      ifMissing?: IfMissing;
      note?: string;
    }
  | { kind: 'tiered'; metric: string; tiers: z.output<typeof tier>[]; ifMissing?: IfMissing; note?: string }
  | {
      kind: 'schedule';
      metric: string;
      schedule: string[];
      perQuarter: string;
      quarterCap: string;
      quarterPlaces: number;
      average: { of: 'roundedQuarterScores' | 'quarterRatios' | 'rates'; points: string; places: number };
      ifMissing?: IfMissing;
      note?: string;
    }
  | {
      kind: 'composite';
      parts: { id: string; name: string; points: string; rule: Rule }[];
      ifMissing?: IfMissing;
      note?: string;
    }
  | {
      kind: 'veto';
      /** Evaluator item id answering "did the disqualifying event happen"; met: true means it did. */
      item?: string;
      text: string;
      when?: Condition[];
      rule: Rule;
      ifMissing?: IfMissing;
      note?: string;
    }
  | {
      kind: 'judged';
      min?: string;
      max?: string;
      requireReason: boolean;
      ifMissing?: IfMissing;
      note?: string;
    }
  | { kind: 'choice'; metric: string; options: Record<string, string>; ifMissing?: IfMissing; note?: string }
  | {
      kind: 'excess';
      metric: string;
      threshold: string;
      step: string;
      deduct: string;
      counting: 'started' | 'whole' | 'proportional';
      ifMissing?: IfMissing;
      note?: string;
    }
  | {
      /** score = min(actual ÷ target, cap) × points: a rate or count scored against its target (e.g. 70 %). */
      kind: 'targetRate';
      metric: string;
      /** The target as a constant (“70%”, “12”) … */
      target?: string;
      /** … or as a metric (a framework figure's target: figures.<id>.target). */
      targetMetric?: string;
      cap: string;
      points?: string;
      ifMissing?: IfMissing;
      note?: string;
    }
  | {
      /** Lower is better: score = min(target ÷ actual, 1) × points; an actual not above the target scores full. */
      kind: 'lowerIsBetter';
      metric: string;
      target?: string;
      targetMetric?: string;
      points?: string;
      ifMissing?: IfMissing;
      note?: string;
    }
  | {
      /**
       * Declared targets scored after 财预〔2020〕10号 (src/core/targets/score.ts): those of the given
       * categories and those of the given names.
       */
      kind: 'targets';
      categories: string[];
      /** Targets the framework names (“培训场次”); one the department did not declare loses its share. */
      names: string[];
      lessThan: 'ratio' | 'linear';
      overAchievement: string;
      qualitativeBands?: Record<'met' | 'partial' | 'unmet', [string, string]>;
      /** When the evaluator gives a score (evaluation.<code>.score) it is authoritative; the targets' score is shown as the suggestion. */
      evaluatorOverride: boolean;
      ifMissing?: IfMissing;
      note?: string;
    };

/** A target given as a constant or as a metric (exactly one; checked when the framework is loaded). */
const againstTarget = {
  metric: nonEmptyText,
  target: thresholdField.optional(),
  targetMetric: nonEmptyText.optional(),
  points: decimalField.optional(),
};

export const ruleSchema: z.ZodType<Rule, unknown> = z.lazy(() => {
  const branches = [
    z.object({ kind: z.literal('checklist'), items: z.array(checklistItem).min(1), ...base }).strict(),
    z
      .object({
        kind: z.literal('deduction'),
        per: decimalField,
        countMetric: textField.optional(),
        floor: decimalField.default('0'),
        ...base,
      })
      .strict(),
    z
      .object({
        kind: z.literal('proportional'),
        metric: nonEmptyText,
        points: decimalField.optional(),
        cap: thresholdField.default('1'),
        zeroIf: z.array(conditionSchema).optional(),
        ...base,
      })
      .strict(),
    z
      .object({ kind: z.literal('tiered'), metric: nonEmptyText, tiers: z.array(tier).min(1), ...base })
      .strict(),
    z
      .object({
        kind: z.literal('schedule'),
        metric: nonEmptyText,
        schedule: z.array(thresholdField).min(1),
        perQuarter: decimalField,
        quarterCap: thresholdField.default('1'),
        quarterPlaces: z.coerce.number().int().min(0).max(10).default(2),
        average: z
          .object({
            of: z.enum(['roundedQuarterScores', 'quarterRatios', 'rates']),
            points: decimalField,
            places: z.coerce.number().int().min(0).max(10).default(2),
          })
          .strict(),
        ...base,
      })
      .strict(),
    z
      .object({
        kind: z.literal('composite'),
        parts: z
          .array(
            z
              .object({ id: nonEmptyText, name: nonEmptyText, points: decimalField, rule: ruleSchema })
              .strict(),
          )
          .min(1),
        ...base,
      })
      .strict(),
    z
      .object({
        kind: z.literal('veto'),
        item: textField.optional(),
        text: nonEmptyText,
        when: z.array(conditionSchema).optional(),
        rule: ruleSchema,
        ...base,
      })
      .strict(),
    z
      .object({
        kind: z.literal('judged'),
        min: decimalField.optional(),
        max: decimalField.optional(),
        requireReason: booleanField.default(true),
        ...base,
      })
      .strict(),
    z
      .object({
        kind: z.literal('choice'),
        metric: nonEmptyText,
        options: z.record(z.string(), decimalField),
        ...base,
      })
      .strict(),
    z
      .object({
        kind: z.literal('excess'),
        metric: nonEmptyText,
        threshold: thresholdField,
        step: thresholdField,
        deduct: decimalField,
        counting: z.enum(['started', 'whole', 'proportional']),
        ...base,
      })
      .strict(),
    z
      .object({
        kind: z.literal('targetRate'),
        ...againstTarget,
        cap: thresholdField.default('1'),
        ...base,
      })
      .strict(),
    z.object({ kind: z.literal('lowerIsBetter'), ...againstTarget, ...base }).strict(),
    z
      .object({
        kind: z.literal('targets'),
        categories: z.array(nonEmptyText).default([]),
        names: z.array(nonEmptyText).default([]),
        lessThan: z.enum(['ratio', 'linear']).default('ratio'),
        overAchievement: thresholdField.default('1.3'),
        qualitativeBands: z
          .object({
            met: z.tuple([thresholdField, thresholdField]),
            partial: z.tuple([thresholdField, thresholdField]),
            unmet: z.tuple([thresholdField, thresholdField]),
          })
          .strict()
          .optional(),
        evaluatorOverride: booleanField.default(true),
        ...base,
      })
      .strict(),
  ] as const;
  // The kinds named in the error are the branches above: one list.
  const kinds = branches.map((b) => b.shape.kind.value).join('、');
  return z.discriminatedUnion('kind', branches, { error: hint(`规则类型 kind 应为 ${kinds} 之一`) });
});

export interface IndicatorNode {
  code: string;
  name: string;
  weight: string;
  description?: string | undefined;
  criteria?: string | undefined;
  rule?: Rule | undefined;
  /** 佐证材料: `required` on a level-3 indicator makes a missing file a finding (缺少佐证材料). */
  evidence?: EvidenceRequirement | undefined;
  children?: IndicatorNode[] | undefined;
}

/** Whether a level-3 indicator needs evidence (佐证材料) attached. */
export const EVIDENCE_REQUIREMENTS = ['required', 'optional'] as const;
export type EvidenceRequirement = (typeof EVIDENCE_REQUIREMENTS)[number];
export const EVIDENCE_REQUIREMENT_LABELS: Record<EvidenceRequirement, string> = {
  required: '须附佐证材料',
  optional: '可附佐证材料',
};

export const indicatorSchema: z.ZodType<IndicatorNode, unknown> = z.lazy(() =>
  z
    .object({
      code: nonEmptyText.regex(/^[A-Za-z0-9._-]+$/, {
        message: 'code 只能由字母、数字、点、下划线和连字符组成',
      }),
      name: nonEmptyText,
      weight: decimalField,
      description: textField.optional(),
      criteria: textField.optional(),
      rule: ruleSchema.optional(),
      evidence: z
        .enum(EVIDENCE_REQUIREMENTS, {
          error: hint('佐证材料 evidence 应为 required（须附）或 optional（可附）'),
        })
        .optional(),
      children: z.array(indicatorSchema).optional(),
    })
    .strict(),
);

/** Kinds of a framework-declared figure: money (万元), a whole count, a decimal, a rate entered as a percentage. */
export const FIELD_KINDS = ['amount', 'count', 'decimal', 'ratio'] as const;

/** A figure the framework's indicators need and the dataset has no field for (dataset `figures.<id>`). */
export const frameworkFieldSchema = z
  .object({
    id: nonEmptyText.regex(/^[A-Za-z][A-Za-z0-9_]*$/, {
      message: '字段编号只能由字母、数字和下划线组成，且以字母开头',
    }),
    label: nonEmptyText,
    unit: textField.optional(),
    kind: z.enum(FIELD_KINDS, { error: hint('字段类型 kind 应为 amount、count、decimal、ratio 之一') }),
    pair: booleanField.default(false),
    help: textField.optional(),
    section: textField.optional(),
  })
  .strict();
export type FrameworkField = z.output<typeof frameworkFieldSchema>;

/** Units a metric may have (how its value is shown and compared). */
export const METRIC_UNITS = ['ratio', 'amount', 'count', 'score', 'text', 'boolean', 'ratios'] as const;

/** A metric the framework declares: a formula over dataset fields, figures.<id> and other metrics. */
export const frameworkMetricSchema = z
  .object({
    id: nonEmptyText.regex(/^[A-Za-z][A-Za-z0-9_.]*$/, {
      message: '指标量编号只能由字母、数字、点和下划线组成，且以字母开头',
    }),
    label: nonEmptyText,
    unit: z.enum(METRIC_UNITS, {
      error: hint('指标量单位 unit 应为 ratio、amount、count、score、text、boolean、ratios 之一'),
    }),
    formula: nonEmptyText,
    text: textField.optional(),
    none: textField.optional(),
  })
  .strict();
export type FrameworkMetric = z.output<typeof frameworkMetricSchema>;

export const frameworkSchema = z
  .object({
    id: nonEmptyText.regex(/^[a-z0-9-]+$/, { message: 'id 只能由小写字母、数字和连字符组成' }),
    name: nonEmptyText,
    title: textField.optional(),
    jurisdiction: textField.optional(),
    year: z.coerce.number().int().optional(),
    scope: z.enum(['department', 'project']).default('department'),
    total: decimalField.default('100'),
    settings: z
      .object({
        /** Decimal places every level-3 score is rounded to, half up. */
        scorePlaces: z.coerce.number().int().min(0).max(6).default(2),
        /**
         * Decimal places a ratio metric is rounded to (half up) before a rule compares or multiplies
         * it; 4 means 0.01 %, the precision reports publish. Omit to use the exact ratio.
         */
        ratioPlaces: z.coerce.number().int().min(0).max(10).optional(),
        /** What a checklist item with no evaluator answer scores: zero (and it is listed as missing) or full. */
        unansweredItem: z.enum(['zero', 'full']).default('zero'),
        notes: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .default({ scorePlaces: 2, unansweredItem: 'zero' }),
    grades: z
      .array(z.object({ min: decimalField, label: nonEmptyText }).strict())
      .optional()
      .describe('等级：得分不低于 min 的最高一档'),
    /** The built-in framework used when neither the command nor the dataset names one (exactly one has it). */
    default: booleanField.optional(),
    /** Target categories of this framework beyond the MOF nine (财预〔2021〕101号), e.g. 履职效能指标. */
    targetCategories: z.array(nonEmptyText).optional(),
    fields: z.array(frameworkFieldSchema).default([]),
    metrics: z.array(frameworkMetricSchema).default([]),
    indicators: z.array(indicatorSchema).min(1),
  })
  .strict();

export type Framework = z.output<typeof frameworkSchema>;
export type FrameworkSettings = Framework['settings'];

export { FRAMEWORK_FIELD_LABELS } from './field-labels.ts';
