/** Each report check on a small hand-made report (text lines, as a .txt would give them). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDocument } from '../../src/checker/document.ts';
import { approxRange, chineseNumber } from '../../src/checker/numbers.ts';
import { checkReportDocument } from '../../src/checker/report.ts';
import { futian } from '../helpers.ts';

const HEAD = ['2023 年度部门整体绩效自评报告', '', '部门名称（公章）：测试局', '', '一、部门基本情况', ''];

function check(body: string[], framework = false) {
  const doc = buildDocument({ name: 't.txt', kind: 'txt', lines: [...HEAD, ...body] });
  return checkReportDocument(doc, framework ? { framework: futian() } : {});
}
const codes = (r: ReturnType<typeof check>) => r.findings.map((f) => f.code).sort();
const lineOf = (r: ReturnType<typeof check>, code: string) =>
  r.findings.find((f) => f.code === code)?.location?.line;

describe('numbers as reports write them', () => {
  it('Chinese numerals and approximate figures', () => {
    assert.equal(chineseNumber('四'), 4);
    assert.equal(chineseNumber('十二'), 12);
    assert.equal(chineseNumber('两百'), 200);
    const r = approxRange('60多万')!;
    assert.deepEqual([r.lo.toNumber(), r.hi.toNumber()], [600000, 700000]);
    const t = approxRange('十万余')!;
    assert.deepEqual([t.lo.toNumber(), t.hi.toNumber()], [100000, 200000]);
    const w = approxRange('万余')!;
    assert.deepEqual([w.lo.toNumber(), w.hi.toNumber()], [10000, 20000]);
    assert.equal(approxRange('227'), null);
  });
});

describe('report checks, one by one', () => {
  it('report.sum: a total against its parts, in the text', () => {
    const r = check([
      '年初预算收入1,000.00万元，其中：人员支出300.00万元、公用支出100.00万元、项目支出610.00万元。',
    ]);
    assert.deepEqual(codes(r), ['report.sum']);
    assert.equal(r.findings[0]!.expected, '1,010.00');
  });

  it('report.sum tolerates the residue of rounded parts, not more', () => {
    const ok = check([
      '年初预算收入1,010.01万元，其中：人员支出300.00万元、公用支出100.00万元、项目支出610.00万元。',
    ]);
    assert.deepEqual(codes(ok), []);
    assert.ok(ok.passed.some((p) => /尾差/.test(p.message)));
    const bad = check([
      '年初预算收入1,010.03万元，其中：人员支出300.00万元、公用支出100.00万元、项目支出610.00万元。',
    ]);
    assert.deepEqual(codes(bad), ['report.sum']);
  });

  it('report.rate: a rate against its operands', () => {
    const r = check(['核定编制数共 12 名，实有在编人数 10 人，财政供养人员控制率为 80.33%。']);
    assert.deepEqual(codes(r), ['report.rate']);
    assert.equal(r.findings[0]!.expected, '83.33%');
  });

  it('report.repeated and report.unit: the same figure in two places', () => {
    const r = check([
      '“三公”经费财政拨款预算 1.50 万元，其中公务接待费 0.50 元，公务用车购置和运行维护费 1.00 万元。',
      '',
      '表 1-1 “三公”经费',
      '',
      '费用类别\t预算安排数\t实际支出数\t经费控制率',
      '一、“三公”经费\t1.50\t1.20\t80.00%',
      '公务接待费\t0.50\t0.20\t40.00%',
      '公务用车运行维护费\t1.00\t1.00\t100.00%',
      '',
      '核定编制数共 12 名，实有在编人数 10 人。',
      '',
      '核定编制数 13 名。',
    ]);
    assert.deepEqual(codes(r), ['report.repeated', 'report.unit']);
    assert.equal(lineOf(r, 'report.unit'), 7);
    assert.equal(r.findings.find((f) => f.code === 'report.repeated')!.stated, '13 名');
  });

  it('report.count and report.countApprox: counts of the same thing; other years are not compared', () => {
    const r = check([
      '组建 120 家工会组织，覆盖工会会员 52,000 人。',
      '',
      '先后组建 121 家工会组织，覆盖工会会员 6 万余人。',
      '',
      '2022 年组建 90 家工会组织。',
    ]);
    assert.deepEqual(codes(r), ['report.count', 'report.countApprox']);
  });

  it('report.breakdown: a count against the parts in its parentheses', () => {
    const ok = check(['涵盖工会联合会 10 家（其中社区工联合会 6 家、楼宇工联合会 4 家）。']);
    assert.deepEqual(codes(ok), []);
    const bad = check(['涵盖工会联合会 11 家（其中社区工联合会 6 家、楼宇工联合会 4 家）。']);
    assert.deepEqual(codes(bad), ['report.breakdown']);
  });

  it('report.enumeration and report.enumerationRepeated: a count against the items listed', () => {
    const r = check([
      '从思想引领、素质提升、队伍壮大四个方面推进。',
      '',
      '设置甲工种、乙工种、丙工种三个项目。',
      '',
      '竞赛设置甲工种、乙工种两个项目。',
      '',
      '围绕调研、培训等5个专题。',
    ]);
    assert.deepEqual(codes(r), ['report.enumeration', 'report.enumerationRepeated']);
  });

  it('counts that must add up across paragraphs: 年初 + 新增 against 全年共', () => {
    const body = (total: number) => [
      '年初部门预算安排 8 个项目。',
      '',
      '年中新增 8 个项目，均为上级转移支付。',
      '',
      `全年共实施 ${total} 个项目，均已完成自评。`,
    ];
    const bad = check(body(15));
    const f = bad.findings.filter((x) => x.code === 'published.narrativeSum');
    assert.deepEqual(
      f.map((x) => [x.stated, x.expected, x.location?.line]),
      [['15', '16', HEAD.length + 5]],
    );
    assert.match(f[0]!.path, /（正文）$/);
    assert.deepEqual(
      check(body(16)).findings.filter((x) => x.code === 'published.narrativeSum'),
      [],
    );
  });

  it('report.enumeration: a breakdown of counts (“优”的 5 个、“良”的 4 个) is not a list of names', () => {
    const r = check(['纳入自评的项目共有 11 个，其中评价等级为“优”的 5 个、“良”的 4 个、“中”的 2 个。']);
    assert.deepEqual(
      r.findings.filter((f) => f.code === 'report.enumeration'),
      [],
    );
  });

  it('report.tableNumber and report.tableReference', () => {
    const r = check(['表 1-1 甲', '', '表 1-1 乙', '', '表 1-3 丙', '', '具体数据详见表 2-1。']);
    assert.deepEqual(codes(r), ['report.tableNumber', 'report.tableNumber', 'report.tableReference']);
    const dup = r.findings.find((f) => f.severity === 'error')!;
    assert.equal(dup.location?.line, 9);
  });

  it('附表 scores: recomputed by the framework from the report’s figures, the total, and 存在问题', () => {
    const r = check(
      [
        '核定编制数共 10 名，实有在编人数 10 人，财政供养人员控制率为 100.00%；编外人员实有 10 名，编外人员控制率为 50.00%。',
        '',
        '三、总体评价和整改措施',
        '',
        '1. 存在问题',
        '',
        '（1）预算执行有待加强',
        '',
        '第四季度执行未达序时进度。',
        '',
        '2. 改进措施',
        '',
        '附表',
        '',
        '一级指标\t二级指标\t三级指标\t参考分值\t评分标准\t自评得分',
        '部门管理\t人员管理\t财政供养人员控制率\t1\t……\t1.00',
        '\t\t编外人员控制率\t1\t……\t1.00',
        '综合评分\t\t\t\t\t2.50',
      ],
      true,
    );
    assert.deepEqual(codes(r), ['report.problemNotNamed', 'report.score']);
    assert.ok(
      r.notChecked.some((n) => /附表中未找到指标/.test(n)),
      'a partial 附表 is not totalled',
    );
    const s = r.findings.find((f) => f.code === 'report.score')!;
    assert.equal(s.stated, '1.00');
    assert.equal(s.expected, '0.00');
  });

  it('one project’s budget is not taken for the whole budget', () => {
    const r = check([
      '年初预算收入1,010.00万元，其中：人员支出300.00万元、公用支出100.00万元、项目支出610.00万元。',
      '',
      '职工疗休养项目年初预算 80.00 万元，项目预算调整为 50.00 万元。',
    ]);
    assert.deepEqual(codes(r), []);
  });

  it('a sentence broken by a page break is read as one', () => {
    const r = check(['核定编制数共 12 名，实有在编人数 10 人，财政供养人员控', '', '制率为 80.33%。']);
    assert.deepEqual(codes(r), ['report.rate']);
    assert.equal(r.findings[0]!.location?.line, 9);
  });
});
