/** The default framework is declared once, by a `default: true` flag in one built-in framework file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFrameworkId, listFrameworks, loadFrameworkFile } from '../../src/adapters/files.ts';
import { scoreCommand } from '../../src/cli/commands/score.ts';
import { checkCommand } from '../../src/cli/commands/check.ts';
import { synthDepartment } from '../../src/synth/generate.ts';

test('exactly one built-in framework is flagged default, and every reader finds that one', () => {
  const flagged = listFrameworks().filter((f) => {
    const r = loadFrameworkFile(f.file);
    return r.ok && r.value.default === true;
  });
  assert.equal(flagged.length, 1);
  assert.equal(defaultFrameworkId(), flagged[0]!.id);
  // The CLI help names it from the flag, not from a typed id.
  assert.ok(scoreCommand.usage.includes(`再缺省用 ${flagged[0]!.id}`));
  assert.ok(checkCommand.usage.includes(`缺省 ${flagged[0]!.id}`));
});

test('synthetic datasets name a framework only when asked', () => {
  assert.equal('framework' in synthDepartment(0, { seed: 1 }).dataset, false);
  assert.equal(synthDepartment(0, { seed: 1, framework: 'x-1' }).dataset.framework, 'x-1');
});
