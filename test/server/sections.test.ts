import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { cleanInput, getPath, SECTIONS, setPath, splitPath } from '../../src/core/dataset/sections.ts';
import { seedDataset } from '../helpers.ts';

test('paths are read and written the way parseDataset reports them', () => {
  assert.deepEqual(splitPath('execution.quarterlyCumulative[1]'), ['execution', 'quarterlyCumulative', 1]);
  assert.deepEqual(splitPath('targets[3].target'), ['targets', 3, 'target']);
  const o = { a: [{ b: 1 }] };
  const p = setPath(o, 'a[0].b', 2);
  assert.equal(getPath(p, 'a[0].b'), 2);
  assert.equal(getPath(o, 'a[0].b'), 1, 'the original is not changed');
  assert.deepEqual(JSON.parse(JSON.stringify(setPath({}, 'x[1].y', 'z'))), { x: [null, { y: 'z' }] });
  assert.deepEqual(setPath({ k: 1, j: 2 }, 'k', undefined), { j: 2 });
});

test('blank optional fields are dropped; blank required ones are reported at their path', () => {
  const seed = seedDataset();
  let input: unknown = structuredClone(seed);
  input = setPath(input, 'budget.priorYear', { personnel: '', publicOperating: '', project: '' });
  input = setPath(input, 'department.code', '');
  const ok = parseDataset(cleanInput(input));
  assert.ok(ok.ok);
  assert.equal(ok.value.budget.priorYear, undefined);
  const blankQuarter = parseDataset(cleanInput(setPath(seed, 'execution.quarterlyCumulative[2]', '')));
  assert.ok(!blankQuarter.ok);
  assert.equal(blankQuarter.errors[0]!.path, 'execution.quarterlyCumulative[2]');
});

test('every form field names a path the dataset schema knows', () => {
  const seed = seedDataset();
  for (const s of SECTIONS) {
    const paths =
      s.kind === 'fields' ? s.fields.map((f) => f.path) : s.columns.map((c) => `${s.path}[0].${c.path}`);
    for (const p of paths) {
      // Setting a junk value at the path must be reported at exactly that path (no "unknown field").
      const r = parseDataset(cleanInput(setPath(seed, p, { junk: true })));
      assert.ok(!r.ok, p);
      assert.ok(
        r.errors.some((e) => e.path === p),
        `${p}: ${JSON.stringify(r.errors.slice(0, 2))}`,
      );
    }
  }
});

test('input nested 10,000 levels deep is refused with a message, not a stack overflow', () => {
  let deep: unknown = '1';
  for (let i = 0; i < 10_000; i++) deep = [deep];
  const r = parseDataset(cleanInput({ ...seedDataset(), narrative: { plans: deep } }));
  assert.ok(!r.ok);
  assert.ok(r.errors.some((e) => /嵌套过深/.test(e.message) && e.path.startsWith('narrative.plans')));
});
