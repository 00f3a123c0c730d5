import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diff } from '../../src/storage/diff.ts';

test('diff names each changed leaf by its path, with old and new values', () => {
  const before = { a: { b: '1', c: ['x', 'y'] }, d: [{ e: 1 }], gone: true };
  const after = { a: { b: '2', c: ['x'] }, d: [{ e: 1 }, { e: 2 }], added: 'n' };
  assert.deepEqual(diff(before, after), [
    { path: 'a.b', oldValue: '1', newValue: '2' },
    { path: 'a.c[1]', oldValue: 'y', newValue: undefined },
    { path: 'd[1]', oldValue: undefined, newValue: { e: 2 } },
    { path: 'gone', oldValue: true, newValue: undefined },
    { path: 'added', oldValue: undefined, newValue: 'n' },
  ]);
  assert.deepEqual(diff(before, structuredClone(before)), []);
});
