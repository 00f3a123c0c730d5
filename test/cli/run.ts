/** Runs the real jixiao command (bin/jixiao.js) in a child process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function jixiao(...args: string[]): Run {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/jixiao.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-test-'));
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** No stack trace reached the user. */
export function noStack(r: Run): boolean {
  return !/\n\s+at .+[:(]\d+/.test(r.stderr + r.stdout) && !/Error:/.test(r.stderr);
}
