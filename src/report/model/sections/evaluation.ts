/**
 * 三、总体评价和整改措施: the user's experience, then 存在问题 generated from every point lost
 * (result.problems: indicator, figure, rule, points), each paired with the 改进措施 the user wrote
 * under measures[code] — or a visible placeholder — then plans and suggestions.
 */
import { Decimal, fixed, sum } from '../../../core/decimal.ts';
import { problemSentence } from '../../../core/problem-text.ts';
import {
  RECTIFICATION_STATUSES,
  RECTIFICATION_STATUS_LABELS,
  type RectificationStatus,
} from '../../../core/rectification/model.ts';
import { writeNarrative, type SectionContext } from '../context.ts';
import { chineseNumber } from '../format.ts';

export function evaluation(ctx: SectionContext): void {
  const { b, result, ds } = ctx;
  b.heading(1, '三、总体评价和整改措施');
  b.heading(2, '（一）预算绩效管理工作主要经验、做法');
  writeNarrative(ctx, 'experience');

  // 上年问题整改情况 only when last year's items were carried into this year: the headings after it
  // are numbered on from it.
  const carried = ds.priorYear?.rectifications ?? [];
  const n = ['（二）', '（三）', '（四）'];
  let next = 0;
  if (carried.length) priorRectifications(ctx, n[next++]!);

  b.heading(2, `${n[next++]}部门整体支出绩效存在问题及改进措施`);
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

  b.heading(2, `${n[next++]}后续工作计划、相关建议等`);
  b.heading(3, '1. 工作计划');
  writeNarrative(ctx, 'plans');
  b.heading(3, '2. 相关建议');
  writeNarrative(ctx, 'suggestions');
}

/**
 * 上年问题整改情况: each 整改 item of the year before carried into this dataset (priorYear.rectifications,
 * kept in step with the items by the system) — the problem, the measure taken, where it stands.
 */
function priorRectifications(ctx: SectionContext, number: string): void {
  const { b, ds } = ctx;
  const items = ds.priorYear?.rectifications ?? [];
  b.heading(2, `${number}上年问题整改情况`);
  const count = (s: RectificationStatus) => items.filter((i) => i.status === s).length;
  const years = [...new Set(items.map((i) => i.year))].join('、');
  const tally = RECTIFICATION_STATUSES.filter((s) => count(s) > 0)
    .map((s) => `${RECTIFICATION_STATUS_LABELS[s]}${count(s)}项`)
    .join('，');
  b.paragraph(
    `${years}年度自评及复核发现的问题中，有${items.length}项带入本年度跟踪整改，其中${tally}。逐项说明如下：`,
  );
  items.forEach((item, i) => {
    b.paragraph(`（${i + 1}）${item.problem}`);
    // A measure of several lines (measures[code] joined by line) reads as one paragraph under its
    // label, “一是…；二是…。”: as separate paragraphs the second no longer read as part of the measure.
    const lines = (item.measure ?? '').split('\n').filter((l) => l.trim());
    const marked = lines.some((l) => ENUMERATED.test(l.trim()));
    const measure =
      lines.length > 1
        ? withStop(
            lines
              .map(
                (l, k) =>
                  `${marked ? '' : `${chineseNumber(k + 1)}是`}${l.trim().replace(/[。；;，,.]+$/, '')}`,
              )
              .join('；'),
          )
        : lines[0]
          ? withStop(lines[0])
          : '尚未填写整改措施。';
    b.paragraph(`整改措施：${measure}`);
    const when =
      item.status === 'done' || !item.deadline
        ? ''
        : `，整改期限为${item.deadline.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`)}`;
    const who = item.owner ? `，责任人：${item.owner}` : '';
    b.paragraph(
      `整改情况：${RECTIFICATION_STATUS_LABELS[item.status]}${who}${when}。${item.note ? withStop(item.note) : ''}`,
    );
  });
}

/** A line the writer numbered already: “一是…”, “二、…”, “1.…”, “（2）…”. */
const ENUMERATED = /^(?:[一二三四五六七八九十]+(?:是|、)|[（(]?\d+[)）.、．])/;

/** Text ending in a full stop (once). */
const withStop = (text: string) => (/[。！？；.]$/.test(text.trim()) ? text.trim() : `${text.trim()}。`);
