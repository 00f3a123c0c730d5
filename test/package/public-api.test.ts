/**
 * What the library exports (src/index.ts). The benchmark's hand-written Futian loop
 * (src/batch/handwritten.ts) is a measuring stick for `npm run bench`, not API: it is not exported.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as lib from '../../src/index.ts';

test('the benchmark’s hand-written loop is not public API; scoring is', () => {
  const names = Object.keys(lib);
  assert.ok(names.includes('score') && names.includes('parseDataset'));
  for (const name of names) assert.doesNotMatch(name, /ByHand|FUTIAN_2023_LEAVES/);
});
