/** The dataset's figures against a framework's own fields (issue-13 contract), named by label. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFigures } from '../../src/core/framework/figures.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import type { FrameworkFieldLike } from '../../src/core/dataset/sections.ts';
import { seedInput } from '../helpers.ts';

const FIELDS: FrameworkFieldLike[] = [
  { id: 'carryoverBalance', label: '结转结余资金', unit: '万元', kind: 'amount', pair: false },
  { id: 'trainingSessions', label: '开展培训次数', unit: '次', kind: 'count', pair: true },
  { id: 'publicCostChange', label: '三公经费变动率', kind: 'ratio', pair: false },
];

test('figures default to {} and are kept as normalized decimal strings, unknown keys included', () => {
  const plain = parseDataset(seedInput());
  assert.ok(plain.ok);
  assert.deepEqual(plain.value.figures, {});
  const r = parseDataset({
    ...seedInput(),
    figures: { carryoverBalance: '12.50', trainingSessions: { target: 10, actual: '12' }, other: '3' },
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.deepEqual(r.value.figures, {
    carryoverBalance: '12.5',
    trainingSessions: { target: '10', actual: '12' },
    other: '3',
  });
  const bad = parseDataset({ ...seedInput(), figures: { carryoverBalance: '十二' } });
  assert.equal(bad.ok, false);
});

test('missing and ill-shaped framework figures are reported by their Chinese labels', () => {
  const fw = { fields: FIELDS };
  const problems = checkFigures(
    { figures: { trainingSessions: { target: '10', actual: '2.5' }, publicCostChange: { actual: '3' } } },
    fw,
  );
  assert.deepEqual(
    problems.map((p) => [p.label, p.kind]),
    [
      ['结转结余资金', 'missing'],
      ['开展培训次数', 'invalid'],
      ['三公经费变动率', 'invalid'],
    ],
  );
  assert.match(problems[0]!.message, /未填写结转结余资金（万元）/);
  assert.match(problems[1]!.message, /开展培训次数.*实际值.*整数/);
  assert.match(problems[2]!.message, /三公经费变动率.*不分目标值和实际值/);
  for (const p of problems) assert.doesNotMatch(p.message, /[A-Za-z]{4,}/, 'no field id on screen');
  assert.deepEqual(
    checkFigures(
      {
        figures: {
          carryoverBalance: '1',
          trainingSessions: { target: '1', actual: '2' },
          publicCostChange: '3',
        },
      },
      fw,
    ),
    [],
  );
  assert.deepEqual(checkFigures({ figures: {} }, { fields: [] }), []);
});
