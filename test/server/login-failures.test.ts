import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoginFailures } from '../../src/server/app.ts';

test('the lock opens again after its time, and failures outside the window start over', () => {
  const f = new LoginFailures(3, 1000, 5000);
  f.fail('a', 0);
  f.fail('a', 10);
  assert.equal(f.blockedFor('a', 20), 0);
  f.fail('a', 20);
  assert.equal(f.blockedFor('a', 20), 5000);
  assert.equal(f.blockedFor('a', 5020), 0);
  // Two failures, then a third after the window: counting restarts, no lock.
  f.fail('b', 0);
  f.fail('b', 10);
  f.fail('b', 2000);
  assert.equal(f.blockedFor('b', 2000), 0);
  f.clear('a');
  assert.equal(f.blockedFor('a', 30), 0);
});
