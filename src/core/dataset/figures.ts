/**
 * The dataset's `figures` against its framework's own fields (Framework['fields'], see the issue-13
 * contract): which declared fields are missing or have the wrong shape, named by the field's Chinese
 * label. Unknown keys are kept and not reported (a dataset can move between frameworks).
 */
import type { Dataset } from './schema.ts';
import type { FrameworkFieldLike } from './sections.ts';

export interface FigureProblem {
  /** Field path: "figures.carryoverBalance", "figures.trainingSessions.actual". */
  path: string;
  message: string;
}

const KIND_LABELS: Record<FrameworkFieldLike['kind'], string> = {
  amount: '金额',
  count: '整数',
  decimal: '数',
  ratio: '百分比',
};

export function figureProblems(
  figures: Dataset['figures'] | undefined,
  fields: readonly FrameworkFieldLike[] | undefined,
): FigureProblem[] {
  const out: FigureProblem[] = [];
  const unit = (f: FrameworkFieldLike) => (f.unit ? `（${f.unit}）` : '');
  const checkValue = (f: FrameworkFieldLike, path: string, v: string, what: string) => {
    if (f.kind === 'count' && !/^\d+$/.test(v))
      out.push({ path, message: `“${f.label}”${what}应为不小于 0 的整数，收到“${v}”` });
  };
  for (const f of fields ?? []) {
    const v = figures?.[f.id];
    const path = `figures.${f.id}`;
    if (f.pair) {
      if (typeof v === 'string') {
        out.push({ path, message: `“${f.label}”应分别填写目标值和实际值` });
        continue;
      }
      for (const [key, what] of [
        ['target', '目标值'],
        ['actual', '实际值'],
      ] as const) {
        const x = v?.[key];
        if (x === undefined)
          out.push({ path: `${path}.${key}`, message: `缺少“${f.label}”的${what}${unit(f)}` });
        else checkValue(f, `${path}.${key}`, x, `的${what}`);
      }
    } else if (v === undefined)
      out.push({ path, message: `缺少“${f.label}”${unit(f)}，应为${KIND_LABELS[f.kind]}` });
    else if (typeof v !== 'string')
      out.push({ path, message: `“${f.label}”应为一个${KIND_LABELS[f.kind]}，不分目标值和实际值` });
    else checkValue(f, path, v, '');
  }
  return out;
}
