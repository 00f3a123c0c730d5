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

/**
 * A problem as a reader writes it, in two or three sentences, each figure once:
 * “编外人员控制率（参考分值1分）自评得分0.00分，扣1.00分。编外人员控制率为74.19%，高于10%，按评分标准得0分。”
 * The scoring rule is not repeated (it is in the 附表); a band quoted by the rule is put in words, so no
 * quotation marks nest.
 */
export function problemSentence(p: Problem): string {
  const reasons = p.reasons.map((r) => plain(r.replace(/[。；]$/, ''), p)).filter(Boolean);
  const figures = reasons.length ? '' : p.figures.map((f) => `${f.label}为${f.value}`).join('；');
  const why = reasons.length ? reasons.join('；') : figures;
  return (
    `${p.name}（参考分值${trimZeros(p.weight)}分）自评得分${p.score}分，扣${p.lost}分。` +
    (why ? `${why}。` : '')
  );
}

const CJK = '\\u4e00-\\u9fff（）“”';

/** A scoring reason in report prose: no spaces around figures, the band in words. */
function plain(reason: string, p: Problem): string {
  const tight = reason
    .replace(new RegExp(`([${CJK}])\\s+(?=[\\d<>≤≥])`, 'g'), '$1')
    .replace(new RegExp(`([\\d%])\\s+(?=[${CJK}])`, 'g'), '$1');
  return tight
    .replace(
      /属于“(.*)”档，得(\d+(?:\.\d+)?)分/,
      (_, band: string, points: string) => `${bandWords(band, p)}，按评分标准得${points}分`,
    )
    .replace(/属于“(.*)”档/, (_, band: string) => bandWords(band, p));
}

/** “编外人员控制率>10%” → “高于10%”; “90%≤“三公”经费控制率≤100%” → “在90%至100%之间”. */
function bandWords(band: string, p: Problem): string {
  const label = p.figures.map((f) => f.label).find((l) => band.includes(l));
  if (label) {
    const [lo, hi] = band.split(label) as [string, string];
    const left = lo.match(/^(.+?)(≤|<)$/);
    const right = hi.match(/^(≤|<|>|≥)(.+)$/);
    if (left && right && (right[1] === '≤' || right[1] === '<')) return `在${left[1]}至${right[2]}之间`;
    if (!lo && right)
      return { '>': '高于', '≥': '不低于', '<': '低于', '≤': '不高于' }[right[1]!]! + right[2];
  }
  return `属${band.replace(/“/g, '‘').replace(/”/g, '’')}一档`;
}
