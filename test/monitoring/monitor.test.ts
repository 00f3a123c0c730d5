import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDataset } from '../../src/adapters/files.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import { Decimal } from '../../src/core/decimal.ts';
import {
  monitor,
  monitoringProblems,
  paceAt,
  withMonitoringWarnings,
  DEFAULT_MONITORING_SETTINGS,
} from '../../src/core/monitoring/monitor.ts';
import { score } from '../../src/core/score.ts';
import { loadFramework } from '../../src/adapters/files.ts';

const seed = loadDataset('examples/futian-zonggonghui-2023.yaml');
if (!seed.ok) throw new Error('example does not load');
const ds = seed.value;

function withMonitoring(m: Record<string, unknown>): Dataset {
  const raw = structuredClone(ds) as unknown as Record<string, unknown>;
  raw.monitoring = m;
  const r = parseDataset(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('pace table', () => {
  it('quarter ends, step: before 03-31 nothing is due; on a quarter end its share', () => {
    assert.equal(paceAt('2023-03-30').toString(), '0');
    assert.equal(paceAt('2023-03-31').toString(), '0.25');
    assert.equal(paceAt('2023-07-31').toString(), '0.5');
    assert.equal(paceAt('2023-08-31').toString(), '0.5');
    assert.equal(paceAt('2023-12-31').toString(), '1');
  });
  it('linear: 2023-08-31 is 62 of the 92 days from 06-30 to 09-30 → 50 % + 25 % × 62/92 = 66.85 %', () => {
    const p = paceAt('2023-08-31', { ...DEFAULT_MONITORING_SETTINGS, interpolate: 'linear' });
    assert.equal(p.times(100).toFixed(2), '66.85');
  });
  it('a monthly table is just another pace table', () => {
    const monthly = Array.from({ length: 12 }, (_, i) => ({
      date: `${String(i + 1).padStart(2, '0')}-${['31', '28', '31', '30', '31', '30', '31', '31', '30', '31', '30', '31'][i]}`,
      share: new Decimal(i + 1).dividedBy(12).toString(),
    }));
    const p = paceAt('2023-08-31', { ...DEFAULT_MONITORING_SETTINGS, pace: monthly });
    assert.equal(p.times(100).toFixed(2), '66.67');
  });
});

describe('the example as of 2023-08-31 (constructed figures)', () => {
  const r = monitor(ds)!;
  it('execution 2,398.65 ÷ 3,184.70 = 75.32 %, 25.32 points ahead of the 50 % pace', () => {
    assert.equal(r.constructed, true);
    assert.equal(new Decimal(r.execution.rate!).times(100).toFixed(2), '75.32');
    assert.equal(r.execution.behindBy, '-25.32');
    assert.ok(!r.warnings.some((w) => w.code === 'executionBehindPace'));
  });
  it('target progress: (70 + 100 + 100 + 52 + 33.33 + 0 + 100) ÷ 7 = 65.05 %; gap −10.27 points, beyond 10', () => {
    assert.equal(new Decimal(r.targetProgress!).times(100).toFixed(2), '65.05');
    assert.equal(r.gap, '-10.27');
    assert.ok(r.warnings.some((w) => w.code === 'progressGap'));
  });
  it('per-target status: behind the 50 % pace by more than 10 points yellow, by more than 30 red', () => {
    const st = Object.fromEntries(r.targets.map((t) => [t.name, t.status]));
    assert.equal(st['服务劳模人数'], 'green'); // 52 % ≥ 50 %
    assert.equal(st['区退休职工节日慰问金发放次数'], 'yellow'); // 33.33 %: 16.67 behind
    assert.equal(st['定制办公家具数量'], 'red'); // 0 %: 50 behind
    assert.equal(st['法律顾问服务费'], 'green'); // 40 万元 spent of a ≤ 75 万元 ceiling
    assert.equal(st['劳务派遣人员经费发放及时性'], 'green'); // qualitative: from the forecast 确定能
  });
  it('red target carries its forecast, reason category and corrective action into the problems', () => {
    const problems = monitoringProblems(r);
    const red = problems.find((w) => w.code === 'targetRed')!;
    assert.equal(red.name, '定制办公家具数量');
    assert.match(red.action!, /9 月底前/);
    const row = r.targets.find((t) => t.name === '定制办公家具数量')!;
    assert.deepEqual([row.forecast, row.reasonCategory], ['possible', 'facilities']);
    // yellow with reason and action stays out of the year-end list
    assert.ok(!problems.some((w) => w.code === 'targetYellow'));
  });
  it('the threshold is configurable: at 15 points the gap is no warning', () => {
    const r15 = monitor(ds, { settings: { gapThreshold: '15' } })!;
    assert.ok(!r15.warnings.some((w) => w.code === 'progressGap'));
  });
  it('warnings ride beside the score without changing it', () => {
    const fw = loadFramework('futian-2023');
    if (!fw.ok) throw new Error('framework');
    const base = score(ds, fw.value);
    const withW = withMonitoringWarnings(base, r);
    assert.equal(withW.total, '93.96');
    assert.deepEqual(withW.problems, base.problems);
    assert.ok(withW.monitoring!.warnings.length > 0);
  });
});

describe('monitoring findings', () => {
  it('behind pace, forecast impossible with no reason or action, unknown target', () => {
    const d = withMonitoring({
      asOf: '2023-07-31',
      executed: '1000',
      targets: [
        { name: '服务劳模人数', progress: '60 人次', forecast: 'impossible' },
        { name: '不存在的目标', progress: '1 项' },
        { name: '活动参与人次', progress: '很多' },
      ],
    });
    const r = monitor(d)!;
    const codes = r.warnings.map((w) => w.code);
    assert.ok(codes.includes('executionBehindPace')); // 1000 ÷ 3184.70 = 31.40 % < 50 %
    assert.ok(codes.includes('forecastImpossible'));
    assert.ok(codes.includes('reasonMissing'));
    assert.ok(codes.includes('actionMissing'));
    assert.ok(codes.includes('targetUnknown'));
    const words = r.targets.find((t) => t.name === '活动参与人次')!;
    assert.deepEqual([words.status, words.notes], ['unknown', ['进度“很多”不是数值']]);
    // the forecast is suggested from the status when not given
    const lm = r.targets.find((t) => t.name === '服务劳模人数')!;
    assert.equal(lm.status, 'red');
  });
  it('no monitoring section: null, not a crash', () => {
    const raw = structuredClone(ds) as unknown as Record<string, unknown>;
    delete raw.monitoring;
    const r = parseDataset(raw);
    assert.ok(r.ok);
    assert.equal(r.ok && monitor(r.value), null);
  });
});
