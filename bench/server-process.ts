/**
 * The bench server (bench/api-server.ts) in its own process, as the API and evidence benches start it:
 * its first stdout line is its ServerInfo; afterwards it answers one JSON line per command written to
 * its stdin (`cpu`, `memory`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { postgresUrl } from '../test/storage/db-helpers.ts';
import type { ServerInfo } from './api-server.ts';

const ROOT = join(import.meta.dirname, '..');

export interface BenchServer {
  child: ChildProcess;
  info: ServerInfo;
  /** Writes `command` to the server and resolves with its JSON answer. */
  ask<T>(command: string): Promise<T>;
}

export async function startBenchServer(
  kind: 'pglite' | 'postgres',
  users: number,
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<BenchServer> {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  if (kind === 'postgres') env.TEST_DATABASE_URL = postgresUrl();
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', join(ROOT, 'bench/api-server.ts'), kind, String(users)],
    { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (l) => waiting.shift()?.(l));
  const next = () =>
    new Promise<string>((ok, fail) => {
      waiting.push(ok);
      child.once('exit', (code) => fail(new Error(`基准服务进程退出（${code}）`)));
    });
  const info = JSON.parse(await next()) as ServerInfo;
  return {
    child,
    info,
    async ask<T>(command: string) {
      const answer = next();
      child.stdin!.write(`${command}\n`);
      return JSON.parse(await answer) as T;
    },
  };
}
