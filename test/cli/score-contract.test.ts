/**
 * `jixiao score`'s contract beyond the seed: exit 1 when scoring lacked evidence, the framework a
 * dataset names (read from the dataset's folder, honoured by --project), and the text table of a
 * framework of any depth.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, SEED_EXAMPLE, seedInput } from '../helpers.ts';
import { jixiao, noStack, tempFile } from './run.ts';

const frameworkText = (id: string) => readFileSync(join(ROOT, 'frameworks', `${id}.yaml`), 'utf8');

test('score exits 1 when evaluator answers are missing (README: 1 = 发现问题), in text and --json', () => {
  const d = seedInput();
  d.evaluation = {};
  const file = tempFile('d.yaml', stringify(d));
  const text = jixiao('score', file);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /总分 /);
  assert.match(text.stderr, /缺少评价依据/);
  const json = jixiao('score', file, '--json');
  assert.equal(json.code, 1, json.stderr);
  assert.ok(JSON.parse(json.stdout).missing.length > 0);
  assert.equal(jixiao('score', SEED_EXAMPLE).code, 0);
});

test("a framework: path in a dataset is read from the dataset's folder, not the current one", () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-fw-'));
  writeFileSync(
    join(dir, 'own.yaml'),
    frameworkText('futian-2023').replace(/^name: .*$/m, 'name: 本地复制的福田框架'),
  );
  const d = seedInput();
  d.framework = 'own.yaml';
  writeFileSync(join(dir, 'd.yaml'), stringify(d));
  const r = jixiao('score', join(dir, 'd.yaml')); // run from the repository root
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /年度绩效自评评分（本地复制的福田框架）/);
  assert.match(r.stdout, /总分 93\.96/);
});

test("score --project honours the dataset's own project framework; a department one is named, not silent", () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-pfw-'));
  writeFileSync(
    join(dir, 'p.yaml'),
    frameworkText('mof-project-2020').replace(/^id: .*$/m, 'id: test-project-local'),
  );
  const d = seedInput();
  d.framework = 'p.yaml';
  writeFileSync(join(dir, 'd.yaml'), stringify(d));
  const own = jixiao('score', join(dir, 'd.yaml'), '--project', '法律维权服务', '--json');
  assert.equal(own.code, 0, own.stderr);
  assert.equal(JSON.parse(own.stdout).framework.id, 'test-project-local');
  assert.doesNotMatch(own.stderr, /部门整体框架/);

  const seed = jixiao('score', SEED_EXAMPLE, '--project', '法律维权服务');
  assert.equal(seed.code, 0, seed.stderr);
  assert.match(
    seed.stderr,
    /数据文件指定的框架 futian-2023 是部门整体框架，项目自评使用项目支出框架 mof-project-2020/,
  );
  assert.ok(noStack(seed));
});

test('the text table of a flat framework has one level, and no empty “（）” in its problems', () => {
  const r = jixiao('score', SEED_EXAMPLE, '--framework', 'mof-project-2020');
  assert.equal(r.code, 1, r.stderr); // the seed has no actuals for the MOF targets
  const lines = r.stdout.split('\n');
  assert.match(
    lines.find((l) => l.includes('自评得分'))!,
    /^一级指标 +分值 +自评得分$/,
  );
  assert.match(r.stdout, /^预算执行率 +10 +9\.85$/m);
  assert.doesNotMatch(r.stdout, /（）/);
  assert.match(r.stdout, /1\. 预算执行率：9\.85 \/ 10 分/);
});

test('the text table of a four-level framework shows every leaf under its three ancestors', () => {
  const fw = parse(frameworkText('futian-2023')) as { indicators: unknown[]; id: string };
  fw.id = 'test-four-levels';
  fw.indicators = [{ code: 'all', name: '整体', weight: 100, children: fw.indicators }];
  const r = jixiao('score', SEED_EXAMPLE, '--framework', tempFile('fw.yaml', stringify(fw)));
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(
    lines.find((l) => l.includes('自评得分'))!,
    /^一级指标 +分值 +二级指标 +分值 +三级指标 +分值 +四级指标/,
  );
  assert.match(r.stdout, /^整体 +100 +部门决策 +20 +预算编制 +10 +预算编制合理性 +5 +5\.00$/m);
  assert.match(r.stdout, /^ +公众或服务对象满意度 +6 +2\.00$/m);
  const rules = lines.flatMap((l, i) => (/^-+$/.test(l) ? [i] : []));
  assert.equal(rules.length, 2);
  assert.equal(rules[1]! - rules[0]! - 1, 21);
  assert.match(r.stdout, /总分 93\.96/);
});
