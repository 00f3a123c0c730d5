/** The command registry: names and summaries without loading a command, each module loaded on use. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { jixiao } from './run.ts';

test('every registry entry loads the command of its name, with a usage text', async () => {
  assert.equal(new Set(COMMANDS.map((c) => c.name)).size, COMMANDS.length);
  for (const entry of COMMANDS) {
    const command = await entry.load();
    assert.equal(command.name, entry.name);
    assert.match(command.usage, new RegExp(`jixiao ${entry.name}`), entry.name);
    assert.ok(entry.summary.length > 5, entry.name);
  }
});

test('jixiao --help lists every command with its summary; a bad argument prints that command’s usage', () => {
  const help = jixiao('--help');
  assert.equal(help.code, 0, help.stderr);
  const rows = help.stdout.split('\n').map((l) => l.trim().split(/\s+/));
  for (const c of COMMANDS)
    assert.ok(
      rows.some(([name, ...rest]) => name === c.name && rest.join(' ') === c.summary),
      `${c.name} is not listed with its summary`,
    );
  const bad = jixiao('score');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /需要一个数据文件/);
  assert.match(bad.stderr, /用法：jixiao score <数据文件>/);
});
