/**
 * Field types shared by the dataset and framework schemas. Input may come from YAML read with the
 * failsafe schema (every scalar a string) or from code (numbers, booleans); output is plain data:
 * decimals as normalized strings, never binary floats.
 */
import { z } from 'zod';
import { Decimal, TEN_THOUSAND, parseDecimalText } from '../decimal.ts';

const NUMBER_HINT = '应为数字，例如 523.07';

/** How a field is entered (form input, workbook cell): the one list the form, workbook and catalogue share. */
export type FieldKind = 'amount' | 'count' | 'decimal' | 'bool' | 'text' | 'textBlock' | 'enum' | 'date';

/**
 * Where a field's value comes from: `entered` by the department in the form and the workbook;
 * `judgement` entered on the scoring panel (evaluator's judgements, improvement measures, per indicator
 * code); `derived` set by the system (ids, schema version, targets carried into a new year, numbers a
 * report states, read back by the checker).
 */
export type FieldSource = 'entered' | 'judgement' | 'derived';

/**
 * What the field catalogue (catalogue.ts) knows about a field besides its type: attached to the zod
 * schema where the field is declared (`.register(fieldMeta, {...})` or the `field()` helper), inherited
 * through `.describe()`, `.refine()` and `.optional()`. Not part of the JSON Schema.
 */
export interface FieldMeta {
  kind?: FieldKind;
  /** Chinese label users see; by default the description up to its first bracket or comma. */
  label?: string;
  unit?: string;
  help?: string;
  /** The form section (and workbook sheet) id it is entered in; see sections.ts. */
  section?: string;
  source?: FieldSource;
  /** Enum values with their Chinese labels, in the order users see them. */
  options?: Readonly<Record<string, string>>;
}

export const fieldMeta = z.registry<FieldMeta>();

/** A copy of `schema` carrying catalogue metadata (a copy, so a shared field type is not relabelled). */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  return (schema.clone() as z.ZodType).register(fieldMeta, meta) as unknown as T;
}

/**
 * An enum whose values carry Chinese labels: the labels are declared once here, and its error text
 * (“应为 a（甲）、b（乙）或 c（丙）”) and the form's options derive from them.
 */
export function labelledEnum<const T extends readonly [string, ...string[]]>(
  values: T,
  labels: Readonly<Record<T[number], string>>,
  opts: { codes?: boolean } = {},
) {
  const named = values.map((v) => (opts.codes === false ? v : `${v}（${labels[v as T[number]]}）`));
  const text =
    opts.codes === false
      ? `应为以下之一：${named.join('、')}`
      : `应为 ${named.slice(0, -1).join('、')}${named.length > 1 ? '或 ' : ''}${named[named.length - 1]}`;
  return z.enum(values, { error: hint(text) }).register(fieldMeta, { kind: 'enum', options: labels });
}

/** A type-error message that leaves a missing field to the parse-level map ("缺少必填字段"). */
export function hint(text: string) {
  return (iss: { input?: unknown }) => (iss.input === undefined ? undefined : text);
}

function toText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A plain decimal (rates, scores, counts with decimals); output is a normalized string. */
export const decimalField = z
  .union([z.string(), z.number()], { error: hint(NUMBER_HINT) })
  .transform((v, ctx) => {
    const text = toText(v);
    const d = text === undefined ? null : parseDecimalText(text);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: `${NUMBER_HINT}，收到“${String(v)}”` });
      return z.NEVER;
    }
    return d.toString();
  })
  .register(fieldMeta, { kind: 'decimal' });

/**
 * An amount of money in 万元 (10,000 yuan). Written as "523.07" or "523.07万元"; may also be given
 * in 元 ("5,999.00元" or {value: "5999", unit: "元"}), converted exactly to 万元.
 */
export const amountField = z
  .union([z.string(), z.number(), z.object({ value: z.union([z.string(), z.number()]), unit: z.string() })], {
    error: hint('应为金额（万元），例如 523.07；以元计时写作“5,999.00元”'),
  })
  .transform((v, ctx) => {
    let text: string | undefined;
    let unit = '万元';
    if (typeof v === 'object') {
      text = toText(v.value);
      unit = v.unit.trim();
    } else {
      text = toText(v)?.trim();
      const m = text?.match(/^(.*?)\s*(万元|元)$/);
      if (m) {
        text = m[1];
        unit = m[2]!;
      }
    }
    if (unit !== '万元' && unit !== '元') {
      ctx.addIssue({ code: 'custom', message: `金额单位应为“万元”或“元”，收到“${unit}”` });
      return z.NEVER;
    }
    const d = text === undefined ? null : parseDecimalText(text);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: `应为金额（万元），例如 523.07，收到“${String(text ?? v)}”` });
      return z.NEVER;
    }
    return (unit === '元' ? d.dividedBy(TEN_THOUSAND) : d).toString();
  })
  .register(fieldMeta, { kind: 'amount', unit: '万元' });

export const nonNegativeAmount = amountField.refine((s) => !new Decimal(s).isNegative(), {
  message: '金额不能为负数',
});

/** A whole number (counts of people, items, projects). */
export const countField = z
  .union([z.string(), z.number()], { error: hint('应为整数') })
  .transform((v, ctx) => {
    const text = toText(v)?.trim().replace(/,/g, '');
    if (text === undefined || !/^\d+$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: `应为不小于 0 的整数，收到“${String(v)}”` });
      return z.NEVER;
    }
    return Number(text);
  })
  .register(fieldMeta, { kind: 'count' });

/** true/false, also written 是/否. */
export const booleanField = z
  .union([z.boolean(), z.string()], { error: hint('应为 true/false（是/否）') })
  .transform((v, ctx) => {
    if (typeof v === 'boolean') return v;
    const t = v.trim().toLowerCase();
    if (['true', 'yes', '是', 'y'].includes(t)) return true;
    if (['false', 'no', '否', 'n'].includes(t)) return false;
    ctx.addIssue({ code: 'custom', message: `应为 true/false（是/否），收到“${v}”` });
    return z.NEVER;
  })
  .register(fieldMeta, { kind: 'bool' });

export const yearField = countField.refine((y) => y >= 2000 && y <= 2100, {
  message: '年度应在 2000—2100 之间',
});

export const textField = z.string({ error: hint('应为文字') }).register(fieldMeta, { kind: 'text' });
export const nonEmptyText = z
  .string({ error: hint('应为文字') })
  .trim()
  .min(1, { message: '不能为空' })
  .register(fieldMeta, { kind: 'text' });

/** A text block: one paragraph or a list of paragraphs. Output is always a list. */
export const textBlock = z
  .union([z.string(), z.array(z.string())], { error: hint('应为文字或文字列表') })
  .transform((v) => (typeof v === 'string' ? [v] : v).map((s) => s.trim()).filter((s) => s.length > 0))
  .register(fieldMeta, { kind: 'textBlock' });

/** Dates as YYYY-MM-DD text. */
export const dateField = z
  .string({ error: hint('应为日期，格式 YYYY-MM-DD') })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '应为日期，格式 YYYY-MM-DD' })
  .register(fieldMeta, { kind: 'date', unit: 'YYYY-MM-DD' });

/** A decimal that may not be negative (points, weights, scores). */
export const nonNegativeDecimal = decimalField.refine((s) => !new Decimal(s).isNegative(), {
  message: '不能为负数',
});

export interface Scale {
  /** What the figure is, as the message names it: “满意度得分（百分制）”. */
  name: string;
  /** The top of the scale: 100 for a percentage or a score out of 100. */
  max: number;
  /** A typical value, to show how to write it. */
  example: string;
  /**
   * Refuse a value above 0 and at most 1 as a fraction typed for a percentage (0.8652 for 86.52).
   * 0 stays allowed unless `aboveZero` is set: for a pace share or a prior-year share it is a real value.
   */
  fraction?: true;
  /**
   * Refuse exactly 0: a score out of 100 such as 满意度 is never 0 when it was measured (a new year's
   * blank draft leaves it empty instead of writing 0, see src/server/new-year.ts).
   */
  aboveZero?: true;
}

/**
 * A rate or score on a bounded scale: refused, naming the expected scale, below 0, above the top,
 * or (with `fraction`) written as a fraction of 1 where a percentage belongs. A value on the scale is
 * kept as typed. One declaration for the CLI, the workbook and the web form, which all parse with it.
 */
export function scaleField(scale: Scale) {
  return decimalField.superRefine((s, ctx) => {
    const d = new Decimal(s);
    if (d.isNegative() || d.greaterThan(scale.max))
      ctx.addIssue({
        code: 'custom',
        message: `${scale.name}应在 0 到 ${scale.max} 之间（例如 ${scale.example}），收到“${s}”`,
      });
    else if (scale.aboveZero && d.isZero())
      ctx.addIssue({
        code: 'custom',
        message: `${scale.name}不能为 0；应按 ${scale.max} 分制填写实际得分，如 ${scale.example}`,
      });
    else if (scale.fraction && d.greaterThan(0) && d.lessThanOrEqualTo(1))
      ctx.addIssue({
        code: 'custom',
        message: `${scale.name}收到“${s}”，像是写成了小数；应按 ${scale.max} 分制填写，如 ${d.times(scale.max).toString()}`,
      });
  });
}

/**
 * A list item's identity, assigned by the server when missing, so that edits merge by item and not
 * by position (see merge.ts). Never shown to people.
 */
export const itemId = z
  .string({ error: hint('应为条目编号（由系统分配，请勿改动）') })
  .regex(/^[A-Za-z0-9_-]{1,40}$/, { message: '条目编号只能含字母、数字、- 和 _（由系统分配，请勿改动）' })
  .optional()
  .describe('条目编号（系统分配）')
  .register(fieldMeta, { source: 'derived' });
