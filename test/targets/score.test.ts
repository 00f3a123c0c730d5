import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Decimal } from '../../src/core/decimal.ts';
import {
  allocateWeights,
  scoreTarget,
  scoreTargetGroup,
  targetSettings,
  type TargetLike,
} from '../../src/core/targets/score.ts';

const T = (target: string, actual?: string, extra: Partial<TargetLike> = {}): TargetLike => ({
  category: '数量指标',
  name: '测试指标',
  target,
  actual,
  ...extra,
});
const s = (t: TargetLike, w = '10', settings = targetSettings()) =>
  scoreTarget(t, w, settings, { year: 2023 });
const codes = (r: ReturnType<typeof s>) => r.findings.map((f) => f.code);

describe('≥ targets', () => {
  it('met exactly at the value: full weight', () => {
    const r = s(T('≥10 项', '10 项'));
    assert.equal(r.achievement, 'met');
    assert.equal(r.score, '10.00');
  });
  it('one short: actual ÷ target × weight = 9 ÷ 10 × 10 = 9.00', () => {
    const r = s(T('≥10 项', '9'));
    assert.equal(r.achievement, 'notMet');
    assert.equal(r.score, '9.00');
  });
  it('zero actual scores 0', () => assert.equal(s(T('≥10 项', '0')).score, '0.00'));
  it('2 of 3 × 10 = 6.666… rounds half up to 6.67', () => assert.equal(s(T('≥3 名', '2 名')).score, '6.67'));
  it('half-up at the cent: 333 ÷ 1000 × 5 = 1.665 → 1.67 (exact decimal)', () =>
    assert.equal(s(T('≥1000 人次', '333'), '5').score, '1.67'));
  it('over-achievement: 130 % exactly needs no reason; above it does', () => {
    assert.deepEqual(codes(s(T('≥10 项', '13'))), []);
    const over = s(T('≥10 项', '13.1'));
    assert.equal(over.score, '10.00');
    assert.deepEqual(codes(over), ['deviationReasonMissing']);
    assert.deepEqual(codes(s(T('≥10 项', '13.1', { deviationReason: '追加任务' }))), []);
  });
  it('the over-achievement share is a setting', () => {
    assert.deepEqual(codes(s(T('≥10 项', '12'), '10', targetSettings({ overAchievement: '1.1' }))), [
      'deviationReasonMissing',
    ]);
  });
});

describe('> and < at the boundary', () => {
  it('> 160 with 160: not met, proportional formula gives the full weight', () => {
    const r = s(T('>160 人次', '160'));
    assert.equal(r.achievement, 'notMet');
    assert.equal(r.score, '10.00');
  });
  it('> 160 with 161: met', () => assert.equal(s(T('>160 人次', '161')).achievement, 'met'));
  it('< 5 with 5: not met, reverse formula gives the full weight', () => {
    const r = s(T('<5 天', '5'));
    assert.equal(r.achievement, 'notMet');
    assert.equal(r.score, '10.00');
  });
});

describe('≤ targets: configurable reverse formula', () => {
  const cost = (actual: string) => ({ ...T('≤75 万元', actual), category: '成本指标' });
  it('met at the value', () => assert.equal(s(cost('75')).score, '10.00'));
  it('ratio: 75 ÷ 100 × 10 = 7.50', () => assert.equal(s(cost('100')).score, '7.50'));
  it('linear: 10 × (2 − 100 ÷ 75) = 6.666… → 6.67', () =>
    assert.equal(s(cost('100'), '10', targetSettings({ lessThan: 'linear' })).score, '6.67'));
  it('linear reaches 0 at twice the target and stays there; ratio does not', () => {
    const lin = targetSettings({ lessThan: 'linear' });
    assert.equal(s(cost('150'), '10', lin).score, '0.00');
    assert.equal(s(cost('200'), '10', lin).score, '0.00');
    assert.equal(s(cost('150')).score, '5.00');
  });
  it('money in 元 is converted to 万元: 700,000 元 = 70 万元 ≤ 75', () => {
    const r = s(cost('700,000元'));
    assert.equal(r.achievement, 'met');
    assert.equal(r.score, '10.00');
  });
  it('spending nothing is met, completion rate undefined', () => {
    const r = s(cost('0'));
    assert.equal(r.achievement, 'met');
    assert.equal(r.rate, null);
  });
  it('≤ 0 not met: no proportion, 0 points and a finding', () => {
    const r = s(T('≤0 起', '1 起'));
    assert.equal(r.score, '0.00');
    assert.deepEqual(codes(r), ['zeroTarget']);
  });
});

describe('= targets: like ≥ except a zero target', () => {
  it('100 % exactly: met', () => assert.equal(s(T('100%准确', '100%')).score, '10.00'));
  it('98 % of 100 %: 9.80', () => assert.equal(s(T('100%准确', '98%')).score, '9.80'));
  it('90 % 有效 with 100 %: met like ≥', () => assert.equal(s(T('90%有效', '100%')).achievement, 'met'));
  it('= 0 met only by 0', () => {
    assert.equal(s(T('=0 起', '0')).score, '10.00');
    const r = s(T('=0 起', '1'));
    assert.equal(r.achievement, 'notMet');
    assert.equal(r.score, '0.00');
    assert.deepEqual(codes(r), ['zeroTarget']);
  });
});

describe('date ranges', () => {
  const range = '2023 年 6 月 1 日—2023 年 12 月 31 日';
  it('both ends inclusive', () => {
    assert.equal(s(T(range, '2023年6月1日')).achievement, 'met');
    assert.equal(s(T(range, '2023-12-31')).score, '10.00');
    assert.equal(s(T(range, '2023年11月19日至2023年12月1日')).achievement, 'met');
  });
  it('a day late: 0', () => {
    const r = s(T(range, '2024-01-01'));
    assert.equal(r.achievement, 'notMet');
    assert.equal(r.score, '0.00');
  });
  it('a deadline', () => assert.equal(s(T('2023年12月31日前', '2023-12-30')).achievement, 'met'));
  it('a text actual for a date target is a finding, not scored', () => {
    const r = s(T(range, '按时完成'));
    assert.equal(r.scored, false);
    assert.deepEqual(codes(r), ['actualNotNumeric']);
  });
});

describe('qualitative targets: three bands', () => {
  const q = (extra: Partial<TargetLike>) => s({ ...T('每月及时发放', '每月及时发放'), ...extra });
  it('an actual matching the target text is 达成: full weight', () => assert.equal(q({}).score, '10.00'));
  it('met with points inside 80–100 %', () => assert.equal(q({ grade: 'met', points: '8.5' }).score, '8.50'));
  it('partial: 60–80 %, with a reason', () => {
    const r = q({ grade: 'partial', points: '7', reason: '有两个月延迟发放' });
    assert.equal(r.score, '7.00');
    assert.deepEqual(codes(r), []);
  });
  it('partial at both edges of its band', () => {
    assert.equal(q({ grade: 'partial', points: '6', reason: 'x' }).score, '6.00');
    assert.equal(q({ grade: 'partial', points: '8', reason: 'x' }).score, '8.00');
  });
  it('points outside the band are brought to it, with a finding', () => {
    const r = q({ grade: 'partial', points: '9', reason: 'x' });
    assert.equal(r.score, '8.00');
    assert.deepEqual(codes(r), ['pointsOutOfBand']);
  });
  it('unmet without points or reason: band default 0, two findings', () => {
    const r = q({ grade: 'unmet' });
    assert.equal(r.score, '0.00');
    assert.deepEqual(codes(r).sort(), ['gradeReasonMissing', 'pointsDefaulted']);
  });
  it('partial without points: default 60 % of the weight', () =>
    assert.equal(q({ grade: 'partial', reason: 'x' }).score, '6.00'));
  it('no grade and an actual that does not say it was met: not scored', () => {
    const r = q({ actual: '部分月份延迟' });
    assert.equal(r.scored, false);
    assert.deepEqual(codes(r), ['gradeMissing']);
  });
});

describe('findings instead of silent scores', () => {
  it('missing actual', () => {
    const r = s(T('≥10 项'));
    assert.deepEqual(
      [r.scored, r.score, r.achievement, codes(r)],
      [false, '0.00', 'unknown', ['actualMissing']],
    );
  });
  it('non-numeric actual for a quantitative target', () => {
    const r = s(T('≥10 项', '已完成'));
    assert.deepEqual([r.scored, codes(r)], [false, ['actualNotNumeric']]);
  });
  it('unit that does not match', () => {
    const r = s(T('≥10 项', '12 人'));
    assert.deepEqual([r.scored, codes(r)], [false, ['unitMismatch']]);
  });
});

describe('weights within a group', () => {
  it('50 over 3 targets: 16.67 + 16.67 + 16.66, adding up exactly', () => {
    const { weights } = allocateWeights([T('≥1 项'), T('≥1 项'), T('≥1 项')], '50');
    assert.deepEqual(
      weights.map((w) => w.toFixed(2)),
      ['16.67', '16.67', '16.66'],
    );
  });
  it('explicit weights are used when they add up; otherwise a finding and an equal split', () => {
    const ok = allocateWeights([T('≥1 项', '1', { weight: '20' }), T('≥1 项', '1', { weight: '30' })], '50');
    assert.deepEqual([ok.explicit, ok.weights.map(String)], [true, ['20', '30']]);
    const bad = allocateWeights([T('≥1 项', '1', { weight: '20' }), T('≥1 项', '1', { weight: '20' })], '50');
    assert.deepEqual(
      [bad.explicit, bad.weights.map(String), bad.findings.map((f) => f.code)],
      [false, ['25', '25'], ['weightsMismatch']],
    );
  });
  it('a group’s score is the sum of its rounded target scores', () => {
    const g = scoreTargetGroup([T('≥3 名', '2'), T('≥3 名', '2'), T('≥3 名', '3')], '50');
    // 16.67 × 2/3 = 11.113… → 11.11; 16.67 × 2/3 → 11.11; 16.66 met → 16.66
    assert.deepEqual(
      g.rows.map((r) => r.score),
      ['11.11', '11.11', '16.66'],
    );
    assert.equal(g.score, '38.88');
  });
});

describe('properties', () => {
  const ops = ['≥', '>', '≤', '<', '=', ''];
  const num = fc.integer({ min: 0, max: 100000 }).map((n) => (n / 100).toString());
  const weight = fc.integer({ min: 0, max: 10000 }).map((n) => (n / 100).toString());
  it('a target score is never negative and never above its weight', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ops),
        num,
        num,
        weight,
        fc.constantFrom<'ratio' | 'linear'>('ratio', 'linear'),
        (op, value, actual, w, lessThan) => {
          const r = scoreTarget(T(`${op}${value} 项`, `${actual} 项`), w, targetSettings({ lessThan }));
          const sc = new Decimal(r.score);
          return sc.greaterThanOrEqualTo(0) && sc.lessThanOrEqualTo(w);
        },
      ),
      { numRuns: 500 },
    );
  });
  it('qualitative scores stay within the weight whatever points the evaluator writes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'met' | 'partial' | 'unmet'>('met', 'partial', 'unmet'),
        fc.integer({ min: -1000, max: 100000 }).map((n) => (n / 100).toString()),
        weight,
        (grade, points, w) => {
          const r = scoreTarget(T('每月及时发放', '有延迟', { grade, points, reason: 'r' }), w);
          const sc = new Decimal(r.score);
          return sc.greaterThanOrEqualTo(0) && sc.lessThanOrEqualTo(w);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('a group never exceeds its weight, met targets only reach it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...ops), num, num), { minLength: 1, maxLength: 12 }),
        weight,
        (list, w) => {
          const g = scoreTargetGroup(
            list.map(([op, v, a]) => T(`${op}${v} 项`, `${a} 项`)),
            w,
          );
          const sc = new Decimal(g.score);
          return sc.greaterThanOrEqualTo(0) && sc.lessThanOrEqualTo(w);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('any text as target or actual: no exception, a score within the weight', () => {
    const text = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[≥≤><=＞＜ 0-9.,%％年月日—\-至前后项人次万元及时有效提高]{0,16}$/),
    );
    fc.assert(
      fc.property(
        text,
        fc.option(text, { nil: undefined }),
        fc.constantFrom('数量指标', '成本指标'),
        (t, a, category) => {
          const r = scoreTarget({ category, name: 'x', target: t || '空', actual: a }, '10');
          const sc = new Decimal(r.score);
          return sc.greaterThanOrEqualTo(0) && sc.lessThanOrEqualTo(10);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
