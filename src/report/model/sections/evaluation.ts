/**
 * 三、总体评价和整改措施: the user's experience, then 存在问题 generated from every point lost
 * (result.problems: indicator, figure, rule, points), each paired with the 改进措施 the user wrote
 * under measures[code] — or a visible placeholder — then plans and suggestions.
 */
import { Decimal, fixed, sum } from '../../../core/decimal.ts';
import { problemSentence } from '../../../core/problem-text.ts';
import { writeNarrative, type SectionContext } from '../context.ts';

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
      // The rule itself stays in the 附表: here what fell short, by how much and why.
      b.paragraph(problemSentence(p));
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
