import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDataset } from '../../src/adapters/files.ts';
import { hasFigure, parseActualText, parseTargetText } from '../../src/core/targets/parse.ts';
import { Rng } from '../../src/synth/prng.ts';
import { TARGET_TEMPLATES } from '../../src/synth/generate.ts';
import { isQuantitative } from '../../src/core/targets/quantitative.ts';
import { quantifiedShareTable, reviewTargets } from '../../src/core/targets/share.ts';

const seed = loadDataset('examples/futian-zonggonghui-2023.yaml');
if (!seed.ok) throw new Error('example does not load');
const targets = seed.value.targets;

describe('target parser: every notation of the seed’s 表1-3', () => {
  const cases: [string, string | undefined, Record<string, unknown>][] = [
    ['≥10 项', undefined, { kind: 'quantity', op: '>=', value: '10', unit: '项', qualifier: null }],
    ['>160 人次', undefined, { kind: 'quantity', op: '>', value: '160', unit: '人次', qualifier: null }],
    ['≥2000 人次', undefined, { kind: 'quantity', op: '>=', value: '2000', unit: '人次' }],
    ['≥3 名', undefined, { kind: 'quantity', op: '>=', value: '3', unit: '名' }],
    [
      '100%准确',
      undefined,
      { kind: 'quantity', op: '=', opImplied: true, value: '100', unit: '%', qualifier: '准确' },
    ],
    [
      '≥95%合格',
      undefined,
      { kind: 'quantity', op: '>=', opImplied: false, value: '95', unit: '%', qualifier: '合格' },
    ],
    ['≤75 万元', '成本指标', { kind: 'quantity', op: '<=', value: '75', unit: '万元' }],
    ['90%有效', undefined, { kind: 'quantity', op: '=', value: '90', unit: '%', qualifier: '有效' }],
    [
      '有所提高 100%',
      undefined,
      { kind: 'quantity', op: '=', value: '100', unit: '%', qualifier: '有所提高' },
    ],
    ['及时 100%', undefined, { kind: 'quantity', op: '=', value: '100', unit: '%', qualifier: '及时' }],
    ['100%有效保障', undefined, { kind: 'quantity', value: '100', unit: '%', qualifier: '有效保障' }],
    ['>90%满意', undefined, { kind: 'quantity', op: '>', value: '90', unit: '%', qualifier: '满意' }],
    ['每月及时发放', undefined, { kind: 'qualitative', grade: '及时', qualifier: '每月及时发放' }],
    [
      '2023 年 6 月 1 日—2023 年 12 月 31 日',
      undefined,
      { kind: 'dateRange', from: '2023-06-01', to: '2023-12-31', qualifier: null },
    ],
  ];
  for (const [text, category, want] of cases) {
    it(text, () => {
      const p = parseTargetText(text, { category });
      for (const [k, v] of Object.entries(want)) assert.deepEqual((p as never)[k], v, `${text}: ${k}`);
    });
  }

  it('other operator spellings, full-width forms and thousands separators', () => {
    assert.deepEqual(pick(parseTargetText('不低于 2,000 人次')), ['>=', '2000', '人次']);
    assert.deepEqual(pick(parseTargetText('＞１６０人次')), ['>', '160', '人次']);
    assert.deepEqual(pick(parseTargetText('10 项以上')), ['>=', '10', '项']);
    assert.deepEqual(pick(parseTargetText('不超过 75 万元')), ['<=', '75', '万元']);
    assert.deepEqual(pick(parseTargetText('5 天以内')), ['<=', '5', '天']);
    assert.deepEqual(pick(parseTargetText('<=3次')), ['<=', '3', '次']);
    assert.deepEqual(pick(parseTargetText('=0 起')), ['=', '0', '起']);
    // no operator written: ≤ for a cost target, = otherwise
    assert.deepEqual(pick(parseTargetText('75 万元', { category: '成本指标' })), ['<=', '75', '万元']);
    assert.deepEqual(pick(parseTargetText('75 万元', { category: '数量指标' })), ['=', '75', '万元']);
  });

  it('deadlines and dates written without a year', () => {
    const d = parseTargetText('2023年12月31日前');
    assert.equal(d.kind, 'dateRange');
    assert.deepEqual(d.kind === 'dateRange' && [d.from, d.to], [null, '2023-12-31']);
    const m = parseTargetText('12月底前完成', { year: 2023 });
    assert.deepEqual(m.kind === 'dateRange' && [m.from, m.to, m.qualifier], [null, '2023-12-31', '完成']);
    const iso = parseTargetText('2024-02-01~2024-02-29');
    assert.deepEqual(iso.kind === 'dateRange' && [iso.from, iso.to], ['2024-02-01', '2024-02-29']);
    // 2023-02-29 is not a date: no date range, the text falls back to a quantity
    assert.notEqual(parseTargetText('2023-02-29').kind, 'dateRange');
  });

  it('actual values', () => {
    assert.deepEqual(parseActualText('100%'), { kind: 'number', value: '100', unit: '%', qualifier: null });
    assert.deepEqual(parseActualText('2,286 人次'), {
      kind: 'number',
      value: '2286',
      unit: '人次',
      qualifier: null,
    });
    assert.deepEqual(parseActualText('按时'), { kind: 'text', text: '按时', affirmative: true });
    assert.deepEqual(parseActualText('良好，有待加强')?.kind, 'text');
    assert.equal(parseActualText('  '), null);
    assert.deepEqual(parseActualText('2023年11月19日至2023年12月1日'), {
      kind: 'date',
      from: '2023-11-19',
      to: '2023-12-01',
    });
  });
});

function pick(p: ReturnType<typeof parseTargetText>) {
  return p.kind === 'quantity' ? [p.op, p.value, p.unit] : [p.kind];
}

describe('表1-4 from the parse', () => {
  // The seed’s 表1-4, as printed: 指标, 指标总个数, 定量指标个数, 量化指标占比.
  const SEED_1_4: [string, number, number, string][] = [
    ['数量指标', 12, 12, '100.00'],
    ['质量指标', 6, 6, '100.00'],
    ['时效指标', 6, 5, '83.33'],
    ['成本指标', 2, 2, '100.00'],
    ['社会效益指标', 5, 5, '100.00'],
    ['满意度指标', 3, 3, '100.00'],
  ];

  it('34 targets, 33 quantitative, 97.06 %, category by category as the seed prints', () => {
    const table = quantifiedShareTable(targets);
    assert.deepEqual(
      table.rows.map((r) => [r.category, r.total, r.quantitative, r.sharePercent]),
      SEED_1_4,
    );
    assert.equal(table.total.total, 34);
    assert.equal(table.total.quantitative, 33);
    assert.equal(table.total.sharePercent, '97.06');
  });

  it('the one qualitative target is 劳务派遣人员经费发放及时性 “每月及时发放”', () => {
    const table = quantifiedShareTable(targets);
    assert.deepEqual(table.qualitative, [
      { category: '时效指标', name: '劳务派遣人员经费发放及时性', target: '每月及时发放' },
    ]);
  });

  it('isQuantitative keeps its signature and agrees with the parse; a declared flag wins', () => {
    assert.equal(targets.filter((t) => isQuantitative(t)).length, 33);
    assert.equal(isQuantitative({ target: '每月及时发放', quantitative: true }), true);
    assert.equal(isQuantitative({ target: '≥10 项', quantitative: undefined }), true);
  });

  it('isQuantitative reads a figure without parsing: the same answer as the parse on every kind of text', () => {
    const hunan = loadDataset('examples/hunan-dept-example-2023.yaml');
    if (!hunan.ok) throw new Error('hunan example does not load');
    const rng = new Rng(20231231);
    const written = [
      ...targets.map((t) => t.target),
      ...hunan.value.targets.map((t) => t.target),
      ...TARGET_TEMPLATES.flatMap((t) => [t.target(rng), t.target(rng)]),
      '',
      ' ',
      '．5 万元',
      '.5',
      '１２月底前',
      '12 月底前',
      '2023年',
      '二〇二三年十二月',
      '一百人次',
      '①项',
      '٣ 项',
      'm²',
      '第三季度',
      '全年',
    ];
    // Random texts over the characters the parser reacts to: digits (ASCII and full-width), date words,
    // range separators, operators, units, spaces and plain words.
    const alphabet = [...'0１9９.．,，年月日底前至—-~>≥≤<=％%项人次万元 及时有效提高二十'];
    for (let i = 0; i < 3000; i++) {
      const n = rng.int(0, 12);
      written.push(Array.from({ length: n }, () => alphabet[rng.int(0, alphabet.length - 1)]).join(''));
    }
    let quantitative = 0;
    for (const text of written) {
      for (const category of [undefined, '成本指标']) {
        const parsed = parseTargetText(text, { category }).kind !== 'qualitative';
        assert.equal(hasFigure(text), parsed, `“${text}”`);
        assert.equal(
          isQuantitative({ target: text, category, quantitative: undefined }),
          parsed,
          `“${text}”`,
        );
      }
      if (hasFigure(text)) quantitative++;
    }
    // Both kinds occur often enough for the comparison to mean something.
    assert.ok(
      quantitative > 500 && written.length - quantitative > 500,
      `${quantitative} of ${written.length}`,
    );
  });

  it('the review names the figures that measure nothing definite', () => {
    const vague = reviewTargets(targets).filter((r) => r.code === 'vagueQuantity');
    assert.deepEqual(
      vague.map((r) => r.target),
      ['有所提高 100%', '100%提升'],
    );
  });

  it('an empty table has no share', () => {
    const t = quantifiedShareTable([]);
    assert.equal(t.total.share, null);
    assert.deepEqual(t.rows, []);
  });
});
