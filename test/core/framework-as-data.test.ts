/** Frameworks are data: a second framework with a different tree scores the seed with no code change. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadFrameworkFile } from '../../src/adapters/files.ts';
import { Decimal, roundHalfUp } from '../../src/core/decimal.ts';
import { parseFramework } from '../../src/core/framework/validate.ts';
import { leaves, score } from '../../src/core/score.ts';
import { ROOT, futian, seedDataset } from '../helpers.ts';

test('a second framework file scores the seed example: its own tree, weights, thresholds and rounding', () => {
  const fw = loadFrameworkFile(join(ROOT, 'test/fixtures/frameworks/alt-2024.yaml'));
  assert.ok(fw.ok, JSON.stringify(!fw.ok && fw.errors));
  const ds = seedDataset();
  const result = score(ds, fw.value);
  const byCode = Object.fromEntries(leaves(result).map((l) => [l.code, l.score]));
  // Worked from the example's components: adjusted budget = initial categories + adjustments.
  const adjusted = ['523.07', '37.58', '2683.35', '-108.60', '-0.70', '50.00'].reduce(
    (a, b) => a.plus(b),
    new Decimal(0),
  );
  const exec = roundHalfUp(new Decimal('3085.88').dividedBy(adjusted).times(15), 1);
  assert.equal(byCode['exec-rate'], exec.toFixed(1));
  assert.equal(byCode['procurement'], '10.0'); // 12.01/12.02 = 99.92 % ≥ 99 %
  assert.equal(byCode['extra'], '15.0'); // 23/31 = 74.19 % ≤ 80 % in this framework
  assert.equal(byCode['sat'], '30.0'); // 86.52 ≥ 85
  assert.equal(byCode['cost'], '20.0'); // 93.37 % ≤ 95 %
  assert.equal(byCode['timeliness'], '10.0');
  assert.equal(result.total, exec.plus(85).toFixed(2));
  assert.equal(result.grade, '优秀');
  assert.deepEqual(
    result.indicators.map((n) => n.name),
    ['管理', '绩效'],
  );
});

test('loading a framework validates weights level by level, metrics, codes and rules, with paths', () => {
  const base = structuredClone(futian()) as unknown as {
    indicators: {
      weight: string;
      children: { code: string; children: { code: string; rule?: unknown }[] }[];
    }[];
  };
  base.indicators[0]!.weight = '25';
  base.indicators[0]!.children[1]!.children[0]!.code = 'budget-rationality';
  delete base.indicators[1]!.children[0]!.children[0]!.rule;
  const r = parseFramework(base);
  assert.equal(r.ok, false);
  const messages = !r.ok ? r.errors.map((e) => `${e.path}：${e.message}`) : [];
  assert.ok(
    messages.some((m) => m.startsWith('indicators：一级指标分值合计 105，应等于总分 100')),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => m.includes('indicators[0].weight') && m.includes('下级指标分值合计 20')),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => m.includes('code “budget-rationality”重复')),
    messages.join('\n'),
  );
  assert.ok(
    messages.some(
      (m) => m.startsWith('indicators[1].children[0].children[0].rule') && m.includes('缺少评分规则'),
    ),
    messages.join('\n'),
  );
});

test('a rule of an unknown kind, and a tier scoring above its weight, are refused with their paths', () => {
  const fw = structuredClone(futian()) as unknown as Record<string, unknown>;
  const leaf = (fw.indicators as { children: { children: { rule: unknown }[] }[] }[])[2]!.children[3]!
    .children[1]!;
  leaf.rule = { kind: 'tiered', metric: 'satisfaction.score', tiers: [{ min: '95', score: '7' }] };
  const r = parseFramework(fw);
  assert.ok(
    !r.ok &&
      r.errors.some((e) => e.path.endsWith('rule.tiers[0].score') && e.message.includes('超过指标分值')),
  );
  leaf.rule = { kind: 'magic' };
  const r2 = parseFramework(fw);
  assert.ok(!r2.ok && r2.errors.some((e) => e.message.includes('规则类型 kind 应为')), JSON.stringify(r2));
});
