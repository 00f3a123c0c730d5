import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayOfYear, daysInMonth, isIsoDate } from '../../src/core/calendar.ts';

test('calendar: leap years, days in month, day of year, real dates only', () => {
  assert.equal(daysInMonth(2024, 2), 29);
  assert.equal(daysInMonth(2023, 2), 28);
  assert.equal(daysInMonth(1900, 2), 28);
  assert.equal(daysInMonth(2000, 2), 29);
  assert.equal(dayOfYear(2023, 12, 31), 365);
  assert.equal(dayOfYear(2024, 12, 31), 366);
  assert.equal(dayOfYear(2023, 8, 31), 243);
  assert.ok(isIsoDate('2023-06-30'));
  for (const bad of ['2023-02-29', '2023-13-01', '2023-06-31', '2023-6-1', ''])
    assert.ok(!isIsoDate(bad), bad);
});
