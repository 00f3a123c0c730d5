import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { SEED_EXAMPLE, seedInput } from '../helpers.ts';
import { jixiao, noStack, tempFile } from './run.ts';

test('jixiao score prints the 附表 table, the total and the points lost', () => {
  const r = jixiao('score', SEED_EXAMPLE);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /总分 93\.96 \/ 100（优）/);
  for (const name of ['编外人员控制率', '公用经费控制率', '预算执行率', '公众或服务对象满意度']) {
    assert.match(r.stdout, new RegExp(`\\d\\. ${name}`));
  }
  assert.match(r.stdout, /失分情况（4 项）/);
});

test('jixiao score --json: decimals as strings, names as in the seed, every indicator and problem', () => {
  const r = jixiao('score', SEED_EXAMPLE, '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.framework, 'futian-2023');
  assert.equal(out.total, '93.96');
  const leaves = out.indicators.filter((i: { level: number }) => i.level === 3);
  assert.equal(leaves.length, 21);
  assert.equal(out.indicators.length, 3 + 11 + 21);
  const byName = Object.fromEntries(
    out.indicators.map((i: { name: string; score: string }) => [i.name, i.score]),
  );
  assert.equal(byName['政府采购执行情况'], '2.00');
  assert.equal(byName['编外人员控制率'], '0.00');
  assert.equal(byName['公用经费控制率'], '5.00');
  assert.equal(byName['预算执行率'], '5.96');
  assert.equal(byName['公众或服务对象满意度'], '2.00');
  for (const i of out.indicators) {
    assert.equal(typeof i.score, 'string');
    assert.equal(typeof i.weight, 'string');
    assert.ok('lost' in i && 'code' in i && 'level' in i && 'parent' in i);
  }
  assert.equal(out.problems.length, 4);
});

test('jixiao validate, frameworks and --help answer in Chinese with exit 0', () => {
  const v = jixiao('validate', SEED_EXAMPLE);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /数据有效/);
  const f = jixiao('frameworks');
  assert.equal(f.code, 0);
  assert.match(f.stdout, /futian-2023/);
  const tree = jixiao('frameworks', 'futian-2023');
  assert.match(tree.stdout, /预算执行率（6分）［季度序时进度］/);
  for (const cmd of ['score', 'validate', 'frameworks']) {
    const h = jixiao(cmd, '--help');
    assert.equal(h.code, 0);
    assert.match(h.stdout, /用法/);
  }
  assert.equal(jixiao('--help').code, 0);
});

test('validate exits 1 when evaluator answers are missing', () => {
  const d = seedInput();
  d.evaluation = {};
  const r = jixiao('validate', tempFile('d.yaml', stringify(d)));
  assert.equal(r.code, 1);
  assert.match(r.stdout, /缺少评价依据/);
});

function badDataset(change: (d: Record<string, unknown>) => void): string {
  const d = seedInput();
  change(d);
  return tempFile('dataset.yaml', stringify(d));
}

const badInputs: [string, () => string, RegExp][] = [
  [
    'a missing field',
    () => badDataset((d) => delete (d.budget as { initial: Record<string, unknown> }).initial.personnel),
    /dataset\.yaml：预算·年初预算·人员经费：缺少必填字段/,
  ],
  [
    'a negative budget',
    () =>
      badDataset((d) => ((d.budget as { initial: Record<string, unknown> }).initial.project = '-2683.35')),
    /dataset\.yaml：预算·年初预算·项目支出：金额不能为负数/,
  ],
  [
    'a text where a number belongs',
    () => badDataset((d) => (d.satisfaction = { score: '很满意' })),
    /dataset\.yaml：满意度·满意度得分：应为数字.*很满意/,
  ],
  [
    'a wrong unit',
    () => badDataset((d) => (d.procurement = { planned: '12.02美元', actual: '12.01' })),
    /dataset\.yaml：政府采购·政府采购计划金额：/,
  ],
  [
    'a satisfaction score typed as a fraction',
    () => badDataset((d) => (d.satisfaction = { score: '0.8652' })),
    /满意度·满意度得分：满意度得分（百分制）收到“0\.8652”，像是写成了小数；应按 100 分制填写，如 86\.52/,
  ],
  [
    'a satisfaction score of 0',
    () => badDataset((d) => (d.satisfaction = { score: '0' })),
    /满意度·满意度得分：满意度得分（百分制）不能为 0；应按 100 分制填写实际得分，如 86\.52/,
  ],
  [
    'a satisfaction score above 100',
    () => badDataset((d) => (d.satisfaction = { score: '150' })),
    /满意度·满意度得分：满意度得分（百分制）应在 0 到 100 之间（例如 86\.52），收到“150”/,
  ],
  ['an unknown field', () => badDataset((d) => (d.budgett = {})), /未知字段：budgett/],
  [
    'a file that is not YAML',
    () => tempFile('x.yaml', 'department:\n  name: [甲\nyear: 2023\n'),
    /不是有效的 YAML\/JSON：第 \d+ 行/,
  ],
  ['an empty file', () => tempFile('x.yaml', ''), /文件为空/],
  ['a binary file', () => tempFile('x.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1])), /不是文本文件/],
  ['a missing file', () => '/nonexistent/dataset.yaml', /文件不存在/],
  ['a list instead of a mapping', () => tempFile('x.yaml', '- a\n- b\n'), /应为一组字段/],
];

for (const [what, make, message] of badInputs) {
  test(`bad input: ${what} → Chinese message naming the field by its label, exit 2, no stack trace`, () => {
    const r = jixiao('score', make());
    // Field paths are not shown: the field is named by its Chinese label.
    assert.doesNotMatch(r.stderr, /(?:budget|satisfaction|procurement)\.[a-z]/);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, message);
    assert.ok(noStack(r), r.stderr);
  });
}

test('bad input: a framework whose weights do not add up → path and exit 2', () => {
  const fw = readFileSync('frameworks/futian-2023.yaml', 'utf8').replace(
    'name: 预算编制合理性\n            weight: 5',
    'name: 预算编制合理性\n            weight: 4',
  );
  assert.notEqual(fw, readFileSync('frameworks/futian-2023.yaml', 'utf8'));
  const r = jixiao('score', SEED_EXAMPLE, '--framework', tempFile('fw.yaml', fw));
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /第 1 个一级指标 › 第 1 个下级指标 › 分值：“预算编制”分值 10，其下级指标分值合计 9，应相等/,
  );
  assert.match(r.stderr, /清单各项分值合计 5，应等于指标分值 4/);
  assert.ok(noStack(r), r.stderr);
});

/** A path as code: “indicators[0].children”, “rule.tiers”, as test/web/e2e.test.ts looks for on pages. */
const CODE_LIKE = /\b[a-z]+[A-Za-z]*\.[a-zA-Z][\w.-]*|\b[a-zA-Z]+\[\d+\]/g;

test('bad input: a broken framework file is reported at Chinese places, with no code-like path', () => {
  const fw = readFileSync('frameworks/futian-2023.yaml', 'utf8').replace(
    '- { min: 75%, minInclusive: true, max: 90%, maxInclusive: false, score: 0.7 }',
    '- { min: 七十五, minInclusive: true, max: 90%, maxInclusive: false, score: 0.7 }',
  );
  assert.notEqual(fw, readFileSync('frameworks/futian-2023.yaml', 'utf8'));
  const r = jixiao('validate', SEED_EXAMPLE, '--framework', tempFile('fw.yaml', fw));
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /第 \d+ 个一级指标 › 第 \d+ 个下级指标 › 第 \d+ 个下级指标 › 评分规则 › 第 2 档 › 下限：/,
  );
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('  - '));
  assert.ok(lines.length > 0, r.stderr);
  // The place (after the file's own name, before the message) reads as Chinese.
  for (const l of lines) assert.deepEqual(l.split('：')[1]!.match(CODE_LIKE), null, l);
  assert.ok(noStack(r), r.stderr);
});

test('bad input: a framework naming a metric that does not exist', () => {
  const fw = readFileSync('frameworks/futian-2023.yaml', 'utf8').replace(
    'metric: satisfaction.score',
    'metric: satisfaction.scroe',
  );
  const r = jixiao('score', SEED_EXAMPLE, '--framework', tempFile('fw.yaml', fw));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /指标量“satisfaction\.scroe”不存在/);
});

test('bad command lines exit 2 with usage', () => {
  assert.equal(jixiao().code, 2);
  const unknown = jixiao('scroe');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /未知命令“scroe”/);
  const opt = jixiao('score', SEED_EXAMPLE, '--jsn');
  assert.equal(opt.code, 2);
  assert.match(opt.stderr, /未知选项 --jsn/);
  const none = jixiao('score');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /需要一个数据文件/);
  const fw = jixiao('score', SEED_EXAMPLE, '--framework', 'nope-2023');
  assert.equal(fw.code, 2);
  assert.match(fw.stderr, /没有这个指标体系框架/);
});
