/** The pure three-way merge: by field, lists by item identity, conflicts only where both changed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignItemIds, merge3, positionPath, valueAt } from '../../src/core/dataset/merge.ts';
import { idListPaths } from '../../src/core/dataset/schema-paths.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { seedDataset } from '../helpers.ts';

const base = {
  execution: { quarterlyCumulative: ['1', '1500', '3', '4'] },
  satisfaction: { score: '86.52', source: '问卷' },
  adjustments: [
    { id: 'a', category: 'project', amount: '10' },
    { id: 'b', category: 'personnel', amount: '20' },
  ],
};

test('a field only I changed is applied, one only they changed is kept: nothing reverts', () => {
  const theirs = structuredClone(base);
  theirs.execution.quarterlyCumulative[1] = '2255.09';
  const mine = structuredClone(base);
  mine.satisfaction.source = '第三方调查';
  const m = merge3(base, theirs, mine);
  assert.deepEqual(m.conflicts, []);
  const merged = m.merged as typeof base;
  assert.equal(merged.execution.quarterlyCumulative[1], '2255.09');
  assert.equal(merged.satisfaction.source, '第三方调查');
  assert.deepEqual(
    m.fromTheirs.map((c) => [c.path, c.before, c.after]),
    [['execution.quarterlyCumulative[1]', '1500', '2255.09']],
  );
  assert.deepEqual(
    m.fromMine.map((c) => c.path),
    ['satisfaction.source'],
  );
});

test('a field both changed to different values is a conflict with all three values; a pick settles it', () => {
  const theirs = structuredClone(base);
  theirs.satisfaction.score = '91';
  const mine = structuredClone(base);
  mine.satisfaction.score = '95';
  mine.satisfaction.source = '第三方调查';
  const m = merge3(base, theirs, mine);
  assert.deepEqual(
    m.conflicts.map((c) => [c.path, c.base, c.theirs, c.mine, c.minePath]),
    [['satisfaction.score', '86.52', '91', '95', 'satisfaction.score']],
  );
  const mineWins = merge3(base, theirs, mine, { picks: { 'satisfaction.score': 'mine' } });
  assert.deepEqual(mineWins.conflicts, []);
  assert.deepEqual((mineWins.merged as typeof base).satisfaction, { score: '95', source: '第三方调查' });
  const theirsWin = merge3(base, theirs, mine, { picks: { 'satisfaction.score': 'theirs' } });
  assert.deepEqual((theirsWin.merged as typeof base).satisfaction, { score: '91', source: '第三方调查' });
  // The same change on both sides is no conflict.
  const same = merge3(base, theirs, structuredClone(theirs));
  assert.deepEqual(same.conflicts, []);
});

test('lists merge by item identity: a row inserted above does not shift the row I edited', () => {
  const theirs = structuredClone(base);
  theirs.adjustments.unshift({ id: 'new', category: 'publicOperating', amount: '5' });
  const mine = structuredClone(base);
  mine.adjustments[1]!.amount = '25';
  const m = merge3(base, theirs, mine);
  assert.deepEqual(m.conflicts, []);
  assert.deepEqual(
    (m.merged as typeof base).adjustments.map((a) => [a.id, a.amount]),
    [
      ['new', '5'],
      ['a', '10'],
      ['b', '25'],
    ],
  );
  // By position (the old whole-document compare) my edit would have landed on row "a".
  assert.equal(positionPath(m.merged, ['adjustments', { id: 'b' }]), 'adjustments[2]');
});

test('items added on both sides are all kept; mine go after the row they followed', () => {
  const theirs = structuredClone(base);
  theirs.adjustments.push({ id: 't', category: 'project', amount: '1' });
  const mine = structuredClone(base);
  mine.adjustments.splice(1, 0, { id: 'm', category: 'project', amount: '2' });
  const m = merge3(base, theirs, mine);
  assert.deepEqual(
    (m.merged as typeof base).adjustments.map((a) => a.id),
    ['a', 'm', 'b', 't'],
  );
});

test('deleting an item the other side changed is a conflict; deleting an untouched one is applied', () => {
  const theirs = structuredClone(base);
  theirs.adjustments[0]!.amount = '11';
  const mine = structuredClone(base);
  mine.adjustments = mine.adjustments.filter((a) => a.id !== 'a' && a.id !== 'b');
  const m = merge3(base, theirs, mine);
  assert.deepEqual(
    m.conflicts.map((c) => [c.path, c.mine]),
    [['adjustments[#a]', undefined]],
  );
  assert.deepEqual(
    (m.merged as typeof base).adjustments.map((a) => a.id),
    ['a'],
  );
  const deleted = merge3(base, theirs, mine, { picks: { 'adjustments[#a]': 'mine' } });
  assert.deepEqual((deleted.merged as typeof base).adjustments, []);
});

test('an unknown base makes every difference a conflict: nothing of theirs is silently reverted', () => {
  const theirs = structuredClone(base);
  theirs.execution.quarterlyCumulative[1] = '2255.09';
  const m = merge3(undefined, theirs, structuredClone(base));
  assert.deepEqual(
    m.conflicts.map((c) => c.path),
    ['execution.quarterlyCumulative[1]'],
  );
});

test('ids go on every list the schema gives an id; the seed keeps its score inputs and parses', () => {
  assert.deepEqual(
    [...idListPaths()].sort(),
    [
      'adjustments',
      'assets.fixed',
      'assets.intangible',
      'keyTasks',
      'monitoring.projects',
      'monitoring.targets',
      'projects.items',
      'projects.items[].targets',
      'targets',
      'transfers',
    ].sort(),
  );
  const seed = seedDataset();
  let n = 0;
  const withIds = assignItemIds(seed, idListPaths(), () => `i${++n}`);
  assert.ok(n > 10);
  const firstTarget = withIds.targets[0]!;
  assert.equal(valueAt(withIds, ['targets', { id: firstTarget.id! }, 'name']), firstTarget.name);
  const parsed = parseDataset(withIds);
  assert.ok(parsed.ok);
  // Existing ids are kept; a repeated one is replaced.
  const again = assignItemIds(withIds, idListPaths(), () => 'dup');
  assert.deepEqual(again, withIds);
  const twice = structuredClone(withIds);
  twice.targets[1]!.id = twice.targets[0]!.id;
  const fixed = assignItemIds(twice, idListPaths(), () => 'fresh');
  assert.equal(fixed.targets[1]!.id, 'fresh');
});
