/** The checker recomputes the indicators the framework lets it: derived from the rules, not a list of codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figureIndicators } from '../../src/checker/rebuild.ts';
import { parseFramework } from '../../src/core/framework/validate.ts';
import { futian, seedDataset } from '../helpers.ts';

test('futian-2023: the figure-scored indicators and the report parts each needs', () => {
  const got = figureIndicators(futian(), seedDataset());
  assert.deepEqual(Object.fromEntries(got), {
    'asset-utilization': ['assets'],
    'funded-staff-control': ['staff'],
    'extra-staff-control': ['staff'],
    'cost-control': ['threePublicCosts', 'dailyOperating'],
    'budget-execution': ['budget', 'execution'],
    'project-timeliness': ['projects'],
    petitions: ['petitions'],
    satisfaction: ['satisfaction'],
  });
  // Scored from figures, but from parts no report figure rebuilds: left to judgement.
  assert.equal(got.has('key-tasks'), false);
  assert.equal(got.has('disclosure'), false);
});

test('another framework: its own codes, its own kinds', () => {
  const r = parseFramework({
    id: 'other-province',
    name: '另一框架',
    total: 10,
    indicators: [
      {
        code: 'p',
        name: '绩效',
        weight: 10,
        children: [
          {
            code: 'x1',
            name: '编外人员',
            weight: 4,
            rule: { kind: 'lowerIsBetter', metric: 'staff.extraStaffRate', target: '5%' },
          },
          {
            code: 'x2',
            name: '满意度',
            weight: 3,
            rule: { kind: 'targetRate', metric: 'satisfaction.score', target: 90 },
          },
          { code: 'x3', name: '酌情', weight: 3, rule: { kind: 'judged' } },
        ],
      },
    ],
  });
  assert.ok(r.ok);
  const got = figureIndicators(r.value, seedDataset());
  assert.deepEqual(Object.fromEntries(got), { x1: ['staff'], x2: ['satisfaction'] });
});
