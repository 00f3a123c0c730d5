/**
 * 三、总体评价和整改措施: the user's experience, then 存在问题 generated from every point lost
 * (result.problems: indicator, figure, rule, points), each paired with the 改进措施 the user wrote
 * under measures[code] — or a visible placeholder — then plans and suggestions.
 */
import { Decimal, fixed, sum } from '../../../core/decimal.ts';
import type { Problem } from '../../../core/score.ts';
import { writeNarrative, type SectionContext } from '../context.ts';
import { trimZeros } from '../format.ts';

export function evaluation(ctx: SectionContext): void {
  const { b, result, ds } = ctx;
  b.heading(1, '三、总体评价和整改措施');
  b.heading(2, '（一）预算绩效管理工作主要经验、做法');
  writeNarrative(ctx, 'experience');

  b.heading(2, '（二）部门整体支出绩效存在问题及改进措施');
  const problems = result.problems;
  b.heading(3, '1. 存在问题');
  if (!problems.length) {
    b.paragraph(`对照《${result.framework.name}》，本年度各项指标均得满分，未发现扣分事项。`);
  } else {
    const lost = sum(problems.map((p) => new Decimal(p.lost)));
    b.paragraph(
      `对照《${result.framework.name}》，本年度自评共有${problems.length}项指标未得满分，合计扣${fixed(lost)}分，逐项说明如下：`,
    );
    problems.forEach((p, i) => {
      b.heading(4, `（${i + 1}）${p.name}未得满分`);
      b.paragraph(problemSentence(p));
      if (p.criteria) b.paragraph(`评分标准：${p.criteria.split('\n').join(' ')}`);
    });
  }
  b.heading(3, '2. 改进措施');
  if (!problems.length) {
    b.paragraph('各项指标均得满分，继续保持现有管理做法。');
  } else {
    problems.forEach((p, i) => {
      b.heading(4, `（${i + 1}）针对${p.name}`);
      const measures = ds.measures[p.code];
      if (measures?.length) measures.forEach((line) => b.paragraph(line));
      else b.placeholder(`measures.${p.code}`, `针对“${p.name}”扣分的改进措施`);
    });
  }

  b.heading(2, '（三）后续工作计划、相关建议等');
  b.heading(3, '1. 工作计划');
  writeNarrative(ctx, 'plans');
  b.heading(3, '2. 相关建议');
  writeNarrative(ctx, 'suggestions');
}

/** “编外人员控制率（部门管理—人员管理，参考分值1分）自评得分0.00分，扣1.00分。编外人员控制率为74.19%（…）。…” */
export function problemSentence(p: Problem): string {
  const where = p.path.length ? `${p.path.join('—')}，` : '';
  const figures = p.figures
    .map((f) => `${f.label}为${f.value}${f.formula ? `（${f.formula}）` : ''}`)
    .join('；');
  const reasons = p.reasons.map((r) => r.replace(/[。；]$/, '')).join('；');
  return (
    `${p.name}（${where}参考分值${trimZeros(p.weight)}分）自评得分${p.score}分，扣${p.lost}分。` +
    (figures ? `${figures}。` : '') +
    (reasons ? `扣分原因：${reasons}。` : '')
  );
}
