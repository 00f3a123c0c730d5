/**
 * The seed report: every inconsistency it contains is found, with its line and figures, and nothing
 * else is flagged. Expected figures are recomputed here from the seed's own numbers.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkReport } from '../../src/checker/index.ts';
import type { ReportCheckResult } from '../../src/checker/report.ts';
import { Decimal, money } from '../../src/core/decimal.ts';
import { SEED_REPORT, futian } from '../helpers.ts';

const D = (s: string) => new Decimal(s);
const pct = (n: Decimal, d: Decimal) => `${n.dividedBy(d).times(100).toFixed(2, Decimal.ROUND_HALF_UP)}%`;

// From the seed: 表 1-1 categories and the adjustments in the text of 第 75–77 行.
const initialTotal = D('523.07').plus('37.58').plus('2683.35');
const netAdjustment = D('-108.60').plus('-0.70').plus('50.00');

/** Every inconsistency in the seed, as code@line. */
const EXPECTED = [
  'report.sum@60', // 年初预算 3,224.00 vs categories 3,244.00
  'report.tableNumber@62', // 表 1-1 used twice
  'report.sum@77', // 调减 39.90 vs −108.60 −0.70 +50.00
  'report.rate@77', // 调整比例 1.22 %
  'report.rate@87', // 项目支出 调整率 1.90 %
  'report.sum@92', // 表 1-2 合计 年初预算数 3,224.00
  'report.sum@92', // 表 1-2 合计 预算增减 −39.9
  'report.rate@92', // 表 1-2 合计 调整率 −1.22 %
  'report.sum@183', // 较年初预算 3,224.00
  'report.sum@183', // 调减 39.90
  'report.rate@183', // 预算调整比率 1.22 %
  'report.rate@242', // 财政供养人员控制率 83.33 % vs 8/11
  'report.unit@325', // 公务接待费 0.40 元
  'report.rate@327', // 公用经费控制率 80.85 % vs 29.81/36.88
  'report.rate@339', // 表 2-1 日常公用经费 80.85 %
  'report.count@370', // 工会联合会 156 vs 157
  'report.enumerationRepeated@406', // 大比武 三个项目 vs 四个项目
  'report.count@433', // 劳模和工匠人才创新工作室 151 vs 252
  'report.problemNotNamed@471', // 编外人员控制率 lost 1 point, not in 存在问题
  'report.unit@475', // 公务接待费 0.40 元 again
  'targets.categoryFit@140', // 预算执行率 ≥95% under 成本指标
  'report.enumeration@285', // “四个方面” lists three
  'report.countApprox@368', // 会员 594,113 vs 60 多万
  'report.countApprox@370', // 实名认证会员 347,794 vs 40 余万
  'report.countApprox@384', // 三大节 十万余名 vs 万余名
  'report.problemHeading@473', // heading 公用经费 while the text is about 三公
  'report.ratioWording@183', // “调整、调剂资金累计…比例为 1.83%”: that is the net ratio; the cumulative is 5.84 %
].sort();

describe('checking the seed report', () => {
  let res: ReportCheckResult;
  before(async () => {
    const r = await checkReport(SEED_REPORT, { framework: futian() });
    assert.ok(r.ok);
    res = r.result;
  });

  it('finds exactly the inconsistencies the seed contains: no more, no fewer', () => {
    const got = res.findings.map((f) => `${f.code}@${f.location?.line}`).sort();
    assert.deepEqual(got, EXPECTED);
    assert.ok(res.findings.filter((f) => f.severity === 'error').length > 10);
  });

  const find = (code: string, line: number, stated?: string) =>
    res.findings.find(
      (f) => f.code === code && f.location?.line === line && (!stated || f.stated === stated),
    );

  it('states the published and the recomputed figure, and the tolerance', () => {
    const initial = find('report.sum', 92, '3,224.00')!;
    assert.equal(initial.expected, money(initialTotal));
    assert.equal(initial.location?.table, '表 1-2');
    assert.equal(initial.location?.row, '合计');
    assert.equal(find('report.sum', 92, '-39.9')!.expected, money(netAdjustment));
    assert.equal(find('report.sum', 77)!.expected, money(netAdjustment.abs()));
    assert.equal(find('report.rate', 77)!.expected, pct(netAdjustment.abs(), initialTotal));
    assert.equal(find('report.rate', 92)!.expected, pct(netAdjustment, initialTotal));
    assert.equal(find('report.rate', 87)!.expected, pct(D('50.00'), D('2683.35')));
    assert.equal(find('report.rate', 242)!.expected, pct(D('8'), D('11')));
    assert.equal(find('report.rate', 327)!.expected, pct(D('29.81'), D('36.88')));
    assert.equal(find('report.rate', 327)!.tolerance, '0.005');
    assert.equal(find('report.unit', 325)!.stated, '0.40 元');
    assert.match(
      find('report.rate', 92)!.message,
      /-1\.24%/,
      'the row’s own operands give −39.9/3,224.00 = −1.24 %',
    );
    assert.match(find('report.rate', 77)!.message, /1\.83%/);
    assert.match(find('report.problemNotNamed', 471)!.message, /编外人员控制率/);
    const wording = find('report.ratioWording', 183)!;
    const gross = D('108.60').plus('0.70').plus('50.00').plus(D('13').plus('9').plus('4.2').plus('4'));
    assert.equal(wording.expected, pct(gross, initialTotal));
    assert.equal(wording.stated, '1.83%');
    assert.equal(find('report.count', 370)!.stated, '156家');
    assert.equal(find('report.count', 433)!.expected, '252家');
  });

  it('lists what was checked and agreed', () => {
    const has = (re: RegExp) => res.passed.some((p) => re.test(`${p.path} ${p.message}`));
    assert.ok(res.passed.length > 100);
    assert.ok(has(/第 71 行.*表 1-1「合计」.*3,244\.00/), '表 1-1 合计 = its rows');
    assert.ok(has(/表 1-5「合计」行「原值」列.*108\.91/));
    assert.ok(has(/表 2-1「一、“三公”经费」行「经费控制率」列.*93\.37%/));
    assert.ok(has(/表 2-2「四季度」行「预算得分」列.*0\.97/));
    assert.ok(has(/附表「预算执行率」行.*重算为 5\.96/));
    assert.ok(has(/附表「公用经费控制率」行.*重算为 5\.00/));
    assert.ok(has(/附表「公众或服务对象满意度」行.*重算为 2\.00/));
    assert.ok(has(/总分 93\.96 = 附表各指标得分之和 93\.96/));
    assert.ok(has(/156家 = 92 \+ 50 \+ 6 \+ 8/));
    assert.ok(has(/暖蜂驿站/), '227 家 within 两百余个');
    assert.ok(has(/预算调整比例 1\.83%/), 'the 1.83 % in 第 183 行 is right');
  });

  it('rebuilds the dataset from the report’s parts', () => {
    const ds = res.rebuilt.dataset as Record<string, Record<string, unknown>>;
    assert.deepEqual(ds.budget!.initial, {
      personnel: '523.07',
      publicOperating: '37.58',
      project: '2683.35',
    });
    assert.deepEqual((ds.execution as { quarterlyCumulative: string[] }).quarterlyCumulative, [
      '2080.30',
      '2255.09',
      '2475.40',
      '3085.88',
    ]);
    assert.deepEqual(ds.staff, { authorizedPosts: 11, staffInPost: 8, extraStaff: 23 });
    assert.equal((ds.targets as unknown as unknown[]).length, 34);
    assert.ok(res.rebuilt.missing.some((m) => m.path === 'evaluation'));
  });
});
