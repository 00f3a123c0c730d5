import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Decimal,
  cmp,
  fixed,
  money,
  parseDecimalText,
  percent,
  roundHalfUp,
} from '../../src/core/decimal.ts';

test('rounding traps round half up in exact decimal: 1.005, 1.255, 1.985', () => {
  assert.equal(roundHalfUp(new Decimal('1.005')).toString(), '1.01');
  assert.equal(roundHalfUp(new Decimal('1.255')).toString(), '1.26');
  assert.equal(roundHalfUp(new Decimal('1.985')).toString(), '1.99');
  assert.equal(roundHalfUp(new Decimal('2.675')).toString(), '2.68');
  // The seed's average part: 0.9925 × 2 = 1.985 → 1.99, which binary floats get wrong.
  assert.equal(roundHalfUp(new Decimal('0.9925').times(2)).toString(), '1.99');
  assert.equal(Math.round(1.005 * 100) / 100, 1); // the float trap the exact arithmetic avoids
  assert.equal(roundHalfUp(new Decimal('-1.005')).toString(), '-1.01');
});

test('the global Decimal rounding is not relied on', () => {
  assert.equal(Decimal.rounding, Decimal.ROUND_HALF_UP);
  assert.equal(fixed(new Decimal('1.005')), '1.01');
});

test('money and percent format like the reports', () => {
  assert.equal(money(new Decimal('3244')), '3,244.00');
  assert.equal(money(new Decimal('-39.9')), '-39.90');
  assert.equal(money(new Decimal('594113'), 0), '594,113');
  assert.equal(percent(new Decimal('3.80').dividedBy('4.07')), '93.37');
});

test('parseDecimalText reads what people write and refuses the rest', () => {
  assert.equal(parseDecimalText('3,244.00')!.toString(), '3244');
  assert.equal(parseDecimalText(' -0.70 ')!.toString(), '-0.7');
  assert.equal(parseDecimalText('93.37%')!.toString(), '93.37');
  for (const bad of ['', 'abc', '1,00', '1.2.3', '12万', '0x10', '1e3'])
    assert.equal(parseDecimalText(bad), null, bad);
});

test('fixed prints what toFixed half up prints, on its fast path (few places) and off it', () => {
  const values = ['0', '-0', '1', '-1', '0.5', '-0.05', '93.96', '100', '5.00', '0.001', '-0.001', '1.005'];
  values.push('1e-7', '1e-8', '-3e-9', '12345678901234567890', '123456789012345678901', '1.5e25');
  // Rates, scores and amounts as scoring makes them: quotients with 40 digits, and their roundings.
  for (let i = 1; i <= 200; i++) {
    const q = new Decimal(i * 37).dividedBy(i % 7 === 0 ? 8 : 13 + i);
    values.push(q.toString(), roundHalfUp(q).toString(), roundHalfUp(q, 4).neg().toString());
  }
  for (const v of values)
    for (const places of [0, 1, 2, 4, 8]) {
      const d = new Decimal(v);
      assert.equal(fixed(d, places), d.toFixed(places, Decimal.ROUND_HALF_UP), `${v} at ${places}`);
      // percent and money format through fixed: the same digits as the arithmetic they stand for.
      const pct = d.times(100).toFixed(places, Decimal.ROUND_HALF_UP);
      assert.equal(percent(d, places), pct.replace(/^(-?)0+(?=\d)/, '$1'), `${v} as a percentage`);
      assert.equal(
        money(d, places).replace(/,/g, ''),
        d.toFixed(places, Decimal.ROUND_HALF_UP),
        `${v} as money`,
      );
    }
});

test('cmp orders exactly as comparedTo, across signs, zeros, exponents and word boundaries', () => {
  const texts = ['0', '-0', '1', '-1', '0.1', '0.10000001', '9999999', '10000000', '10000000.0000001'];
  texts.push('-9999999.99', '1e-7', '-1e-7', '1e21', '123456789012345678901234567890.12345');
  texts.push('0.9337', '0.93370000000000000000000001', '93.96', '93.95', '-93.96', '100', '99.99');
  for (let i = 1; i <= 60; i++) texts.push(new Decimal(i * 7919).dividedBy(i * 13 + 7).toString());
  const all = texts.map((t) => new Decimal(t));
  all.push(new Decimal(NaN), new Decimal(Infinity), new Decimal(-Infinity));
  for (const a of all)
    for (const b of all) {
      const want = a.comparedTo(b);
      assert.ok(Object.is(cmp(a, b), want), `${a.toString()} vs ${b.toString()}: ${cmp(a, b)}, want ${want}`);
    }
});
