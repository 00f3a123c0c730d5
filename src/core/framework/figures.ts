/**
 * The figures a framework declares (`fields:`) checked against a dataset's `figures`: each present,
 * of the right shape (a single value, or target and actual for a pair) and kind (a count is a whole
 * number ≥ 0). Messages name the field by its Chinese label, never its id.
 */
import { Decimal } from '../decimal.ts';
import type { Dataset } from '../dataset/schema.ts';
import type { Framework, FrameworkField } from './schema.ts';

export interface FigureProblem {
  /** The field's label, e.g. “业务培训期数”. */
  label: string;
  message: string;
  /** missing: not entered (scoring lists it as missing evidence); invalid: entered but wrong. */
  kind: 'missing' | 'invalid';
}

const SIDE_LABELS = { target: '目标值', actual: '实际值' } as const;

function checkValue(field: FrameworkField, text: string, what: string): FigureProblem | null {
  const v = new Decimal(text);
  if (field.kind === 'count' && (!v.isInteger() || v.isNegative()))
    return { label: field.label, kind: 'invalid', message: `${what}应为不小于 0 的整数，收到 ${text}` };
  if ((field.kind === 'amount' || field.kind === 'ratio') && v.isNegative())
    return { label: field.label, kind: 'invalid', message: `${what}不能为负数，收到 ${text}` };
  return null;
}

export function checkFigures(
  dataset: Pick<Dataset, 'figures'>,
  framework: Pick<Framework, 'fields'>,
): FigureProblem[] {
  const out: FigureProblem[] = [];
  const figures = dataset.figures ?? {};
  for (const field of framework.fields) {
    const value = figures[field.id];
    const unit = field.unit ? `（${field.unit}）` : '';
    if (value === undefined) {
      out.push({
        label: field.label,
        kind: 'missing',
        message: field.pair ? `未填写${field.label}的目标值和实际值${unit}` : `未填写${field.label}${unit}`,
      });
      continue;
    }
    if (field.pair) {
      if (typeof value === 'string') {
        out.push({
          label: field.label,
          kind: 'invalid',
          message: `${field.label}应分别填写目标值和实际值，收到单个数 ${value}`,
        });
        continue;
      }
      for (const side of ['target', 'actual'] as const) {
        const text = value[side];
        if (text === undefined)
          out.push({
            label: field.label,
            kind: 'missing',
            message: `未填写${field.label}的${SIDE_LABELS[side]}${unit}`,
          });
        else {
          const p = checkValue(field, text, `${field.label}的${SIDE_LABELS[side]}`);
          if (p) out.push(p);
        }
      }
    } else if (typeof value !== 'string') {
      out.push({
        label: field.label,
        kind: 'invalid',
        message: `${field.label}应填写一个数，不分目标值和实际值`,
      });
    } else {
      const p = checkValue(field, value, field.label);
      if (p) out.push(p);
    }
  }
  return out;
}
