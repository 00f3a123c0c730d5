/**
 * 整改 items from a result, pure: one per point lost (counted from the seed's own result, not typed),
 * one per review finding, measures prefilled from measures[code]; the patch rules in Chinese; dates.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { problemSentence } from '../../src/core/problem-text.ts';
import {
  RECTIFICATION_STATUSES,
  RECTIFICATION_STATUS_LABELS,
  applyPatch,
  dayNumber,
  draftKey,
  isDue,
  isOverdue,
  rectificationsFrom,
  type RectificationFields,
} from '../../src/core/rectification/model.ts';
import { score } from '../../src/core/score.ts';
import { buildReportModel } from '../../src/report/model/build.ts';
import { futian, seedDataset } from '../helpers.ts';

describe('rectificationsFrom on the seed', () => {
  const ds = seedDataset();
  const result = score(ds, futian());

  test('one item per point lost, in the result’s order, with the report’s problem sentence', () => {
    assert.equal(result.total, '93.96');
    assert.ok(result.problems.length > 0);
    const items = rectificationsFrom(result, [], ds.measures);
    assert.equal(items.length, result.problems.length);
    items.forEach((item, i) => {
      const p = result.problems[i]!;
      assert.equal(item.source, 'lost');
      assert.equal(item.indicatorCode, p.code);
      assert.equal(item.indicatorName, p.name);
      assert.equal(item.lost, p.lost);
      assert.equal(item.problem, problemSentence(p));
      assert.match(item.problem, new RegExp(`扣${p.lost}分`));
    });
    assert.equal(new Set(items.map(draftKey)).size, items.length, 'keys are distinct');
  });

  test('the measure is prefilled from measures[code] where the department wrote one, else empty', () => {
    const items = rectificationsFrom(result, [], ds.measures);
    const written = items.filter((i) => ds.measures[i.indicatorCode!]?.length);
    assert.ok(written.length > 0 && written.length < items.length, 'the seed has some measures, not all');
    for (const item of items) {
      const lines = ds.measures[item.indicatorCode!];
      assert.equal(item.measure, lines?.length ? lines.join('\n') : '');
    }
  });

  test('review findings become items of their own; blank ones are dropped', () => {
    const code = result.problems[0]!.code;
    const items = rectificationsFrom(
      result,
      [{ code, text: '  佐证材料不足，未附会议纪要 ' }, { text: '绩效目标设置偏低' }, { text: '  ' }],
      ds.measures,
      { [code]: result.problems[0]!.name },
    );
    const review = items.filter((i) => i.source === 'review');
    assert.equal(items.length, result.problems.length + 2);
    assert.deepEqual(
      review.map((r) => [r.indicatorCode, r.indicatorName, r.problem]),
      [
        [code, result.problems[0]!.name, '佐证材料不足，未附会议纪要'],
        [null, null, '绩效目标设置偏低'],
      ],
    );
    assert.notEqual(
      draftKey(review[0]!),
      draftKey(items[0]!),
      'a finding on a lost indicator is its own item',
    );
  });
});

describe('changing an item', () => {
  const open: RectificationFields = { measure: '', owner: '', deadline: null, status: 'open', note: '' };

  test('refusals name the problem in Chinese', () => {
    const bad = (patch: Parameters<typeof applyPatch>[1]) => {
      const r = applyPatch(open, patch);
      assert.ok(!r.ok, JSON.stringify(patch));
      return r.errors.join('；');
    };
    assert.match(bad({ deadline: '2024-02-30' }), /整改期限“2024-02-30”不是有效日期/);
    assert.match(bad({ deadline: '明年六月' }), /不是有效日期/);
    assert.match(bad({ status: 'in_progress' }), /标记为“整改中”前请填写责任人/);
    assert.match(bad({ status: 'done', owner: '张三' }), /标记为“已整改”前请填写完成情况/);
    const both = bad({ status: 'done' });
    assert.match(both, /责任人/);
    assert.match(both, /完成情况/);
    for (const message of [both, bad({ deadline: 'x' })])
      assert.doesNotMatch(message, /in_progress|done|open/);
  });

  test('a valid change is applied, trimmed; a blank deadline clears it', () => {
    const r = applyPatch(open, { owner: ' 张三 ', deadline: '2024-02-29', status: 'in_progress' });
    assert.ok(r.ok);
    assert.deepEqual(r.value, { ...open, owner: '张三', deadline: '2024-02-29', status: 'in_progress' });
    const cleared = applyPatch(r.value, { deadline: ' ' });
    assert.ok(cleared.ok);
    assert.equal(cleared.value.deadline, null);
  });

  test('every status has a Chinese label', () => {
    for (const s of RECTIFICATION_STATUSES) assert.match(RECTIFICATION_STATUS_LABELS[s], /\p{Script=Han}/u);
  });
});

describe('dates', () => {
  test('dayNumber counts leap days', () => {
    assert.equal(dayNumber('2000-01-01'), 0);
    assert.equal(dayNumber('2024-03-01') - dayNumber('2024-02-28'), 2);
    assert.equal(dayNumber('2023-03-01') - dayNumber('2023-02-28'), 1);
    assert.equal(dayNumber('2025-01-01') - dayNumber('2024-01-01'), 366);
  });

  test('overdue: past the deadline and not done; due: within 30 days', () => {
    const item = { status: 'in_progress' as const, deadline: '2024-06-30' };
    assert.equal(isOverdue(item, '2024-06-30'), false);
    assert.equal(isOverdue(item, '2024-07-01'), true);
    assert.equal(isOverdue({ ...item, status: 'done' }, '2024-07-01'), false);
    assert.equal(isOverdue({ ...item, deadline: null }, '2099-01-01'), false);
    assert.equal(isDue(item, '2024-05-31'), true);
    assert.equal(isDue(item, '2024-05-30'), false);
    assert.equal(isDue(item, '2024-08-01'), true, 'overdue is due');
  });
});

describe('the report’s 上年问题整改情况', () => {
  const texts = (ds: ReturnType<typeof seedDataset>) =>
    buildReportModel(ds, futian(), score(ds, futian())).blocks.map((b) =>
      b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.kind === 'heading' ? b.text : '',
    );

  test('absent without carried items: the seed’s headings are as they were', () => {
    const t = texts(seedDataset());
    assert.ok(!t.some((x) => x.includes('上年问题整改情况')));
    assert.ok(t.includes('（二）部门整体支出绩效存在问题及改进措施'));
    assert.ok(t.includes('（三）后续工作计划、相关建议等'));
  });

  test('each carried item: its problem, its measure under its label (lines as 一是…；二是…), its status and note', () => {
    const ds = seedDataset();
    const withItems = {
      ...ds,
      priorYear: {
        ...ds.priorYear,
        rectifications: [
          {
            ref: '7',
            year: 2022,
            problem: '满意度未达90分。',
            measure: '一是开展调研\n二是优化流程。',
            owner: '办公室',
            deadline: '2023-06-30',
            status: 'done' as const,
            note: '已完成问卷调查',
          },
          { ref: '8', year: 2022, problem: '预算执行偏慢。', status: 'open' as const },
        ],
      },
    };
    const t = texts(withItems);
    const start = t.indexOf('（二）上年问题整改情况');
    const end = t.indexOf('（三）部门整体支出绩效存在问题及改进措施');
    assert.ok(start > 0 && end > start);
    assert.deepEqual(t.slice(start + 1, end), [
      '2022年度自评及复核发现的问题中，有2项带入本年度跟踪整改，其中未整改1项，已整改1项。逐项说明如下：',
      '（1）满意度未达90分。',
      '整改措施：一是开展调研；二是优化流程。',
      '整改情况：已整改，责任人：办公室。已完成问卷调查。',
      '（2）预算执行偏慢。',
      '整改措施：尚未填写整改措施。',
      '整改情况：未整改。',
    ]);
    assert.ok(t.includes('（四）后续工作计划、相关建议等'));
    // Lines the writer did not number are numbered in the report's own way, still one paragraph.
    const plain = texts({
      ...withItems,
      priorYear: {
        ...withItems.priorYear,
        rectifications: [{ ...withItems.priorYear.rectifications[0]!, measure: '开展调研。\n优化流程' }],
      },
    });
    assert.ok(plain.includes('整改措施：一是开展调研；二是优化流程。'), plain.join('\n'));
  });
});
