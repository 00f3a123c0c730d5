/** `jixiao validate` checks the targets' categories against the framework the dataset is scored with. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.ts';
import { SEED_EXAMPLE } from '../helpers.ts';
import { tempFile } from './run.ts';

async function jixiao(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t + '\n'), err: (t) => (stderr += t + '\n') });
  return { code, stdout, stderr };
}

test('a category outside the MOF nine: refused by a framework that does not declare it, in Chinese', async () => {
  const seed = readFileSync(SEED_EXAMPLE, 'utf8');
  const own = seed.replace('targets:\n  - category: 数量指标', 'targets:\n  - category: 履职效能指标');
  assert.notEqual(own, seed);
  const file = tempFile('own.yaml', own);
  const r = await jixiao('validate', file);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /“履职效能指标”不在框架/);
  assert.match(r.stderr, /部门整体绩效目标第 1 条/);
  assert.doesNotMatch(r.stderr, /targets\[/);

  const fw = tempFile(
    'fw.yaml',
    readFileSync(new URL('../../frameworks/futian-2023.yaml', import.meta.url), 'utf8')
      .replace('id: futian-2023', 'id: futian-own-categories')
      .replace('default: true\n', 'targetCategories: [履职效能指标]\n'),
  );
  const ok = await jixiao('validate', file, '--framework', fw);
  assert.match(ok.stdout, /数据有效/, ok.stderr);
});
