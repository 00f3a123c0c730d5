/**
 * The CLI shows no code: `jixiao frameworks <id>` names each rule kind in Chinese (from the rule
 * registry) and prints no indicator code; a dataset's validation errors name the field by its Chinese
 * label, saying which item of a list, in the CLI and in batch's error list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFrameworks, loadFramework } from '../../src/adapters/files.ts';
import type { IndicatorNode } from '../../src/core/framework/schema.ts';
import { QUARTERS } from '../../src/core/labels.ts';
import { RULE_KINDS, ruleKindLabel } from '../../src/core/rules/registry.ts';
import { main } from '../../src/cli/main.ts';
import { SEED_EXAMPLE } from '../helpers.ts';

async function jixiao(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t + '\n'), err: (t) => (stderr += t + '\n') });
  return { code, stdout, stderr };
}

test('every rule kind has its own Chinese name', () => {
  const labels = RULE_KINDS.map(ruleKindLabel);
  assert.equal(new Set(labels).size, RULE_KINDS.length);
  for (const l of labels) assert.match(l, /^[\u4e00-\u9fa5]+$/, l);
});

test('jixiao frameworks <id> shows each scored indicator with its rule kind in Chinese and no code', async () => {
  for (const info of listFrameworks()) {
    const r = await jixiao('frameworks', info.id);
    assert.equal(r.code, 0, r.stderr);
    const body = r.stdout.split('\n').slice(1).join('\n'); // the first line names the id users type
    assert.doesNotMatch(body, /[A-Za-z]/, `${info.id}:\n${body}`);
    const fw = loadFramework(info.id);
    assert.ok(fw.ok);
    const walk = (n: IndicatorNode): void => {
      if (n.rule)
        assert.ok(
          body.includes(`${n.name}（${n.weight}分）［${ruleKindLabel(n.rule.kind)}］`),
          `${info.id} ${n.name}`,
        );
      n.children?.forEach(walk);
    };
    fw.value.indicators.forEach(walk);
  }
});

test('a dataset’s validation errors name the field in Chinese, with the item of a list', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-labels-'));
  try {
    const seed = readFileSync(SEED_EXAMPLE, 'utf8');
    // The second quarter's cumulative execution is not a number; the first target's 定量 flag is not yes/no.
    // (A category outside the MOF nine is no longer a dataset error: a framework may declare its own,
    // and `jixiao validate` checks it against the framework: test/core/rule-kinds.test.ts.)
    const bad = seed
      .replace(/(quarterlyCumulative:\s*\[\s*[^,\]]+,\s*)[^,\]]+/, '$1"很多"')
      .replace(
        'targets:\n  - category: 数量指标',
        'targets:\n  - quantitative: 也许\n    category: 数量指标',
      );
    assert.notEqual(bad, seed);
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, bad);
    const r = await jixiao('targets', file);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes(`预算执行·${QUARTERS[1]}末累计执行数：`), r.stderr);
    assert.match(r.stderr, /部门整体绩效目标第 1 条·[^：\n]*定量[^：\n]*：/);
    assert.doesNotMatch(r.stderr, /quarterlyCumulative|execution\.|targets\[/);

    // batch lists the same error the same way.
    const b = await jixiao('batch', dir, '--workers', '0', '--no-checks');
    assert.ok(b.stderr.includes(`bad.yaml：预算执行·${QUARTERS[1]}末累计执行数：`), b.stderr);
    assert.doesNotMatch(b.stderr, /quarterlyCumulative|execution\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
