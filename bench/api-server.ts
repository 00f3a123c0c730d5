/**
 * The API server of the API bench, in a process of its own (so the load generator does not share its
 * event loop): opens a fresh PGlite (argv[2] = 'pglite') or a fresh database on the PostgreSQL server at
 * TEST_DATABASE_URL ('postgres'), creates one department per client with the seed data and a signed-in
 * administrator, prints {url, cookie, datasets} as one JSON line, and serves until stdin closes.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../src/server/auth.ts';
import { FrameworkRegistry } from '../src/server/frameworks.ts';
import { createDataset } from '../src/server/service.ts';
import { startServer } from '../src/server/start.ts';
import type { Store } from '../src/storage/db.ts';
import { createDepartment, createUser } from '../src/storage/repo.ts';
import { loadDataset } from '../src/adapters/files.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { openStore } from '../src/storage/db.ts';
import { freshPostgres, pgliteTemplate } from '../test/storage/db-helpers.ts';

export interface ServerInfo {
  url: string;
  cookie: string;
  datasets: number[];
  /** The stored data of each dataset (the body a client sends). */
  data: unknown[];
}

const ROOT = join(import.meta.dirname, '..');

export async function setup(store: Store, clients: number, staticDir?: string) {
  const running = await startServer({ port: 0, host: '127.0.0.1', store, staticDir, seedDemo: false });
  const frameworks = new FrameworkRegistry();
  await frameworks.load(store.db);
  const seed = loadDataset(join(ROOT, 'examples/futian-zonggonghui-2023.yaml'));
  if (!seed.ok) throw new Error('seed');
  // One department per client, so concurrent saves are real saves, not conflicts; an admin reads all.
  const datasets: number[] = [];
  const data: unknown[] = [];
  for (let i = 0; i < clients; i++) {
    const dept = await createDepartment(store.db, `基准部门 ${i + 1}`);
    const d = { ...seed.value, department: { name: dept.name } };
    const r = await createDataset(
      store.db,
      frameworks,
      { id: null, name: 'bench' },
      dept,
      2023,
      d,
      'futian-2023',
    );
    datasets.push((r as { id: number }).id);
    data.push(JSON.parse(JSON.stringify(d)));
  }
  await createUser(store.db, {
    username: 'bench',
    displayName: '基准',
    role: 'admin',
    departmentId: null,
    passwordHash: await hashPassword('bench-password-1'),
  });
  const res = await fetch(`${running.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'bench-password-1' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { running, info: { url: running.url, cookie, datasets, data } satisfies ServerInfo };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kind = process.argv[2];
  const clients = Number(process.argv[3] ?? 50);
  // PGlite in a data folder, as `jixiao serve` runs it (an in-memory PGlite grows its files by copying).
  const dir = kind === 'postgres' ? undefined : mkdtempSync(join(tmpdir(), 'jixiao-bench-pglite-'));
  const store = dir
    ? await openStore({ dataDir: dir, loadDataDir: await pgliteTemplate() })
    : await freshPostgres(20);
  // The evidence bench's comparison: PGlite keeping 佐证材料 content in the database, as before DATA_DIR/evidence.
  if (process.env.JIXIAO_BENCH_EVIDENCE_IN_DB) store.evidenceDir = undefined;
  const { running, info } = await setup(store, clients);
  // JIXIAO_BENCH_PROFILE=file.cpuprofile: profile the serving only (not the setup), for bench/profile-summary.mjs.
  const profileFile = process.env.JIXIAO_BENCH_PROFILE;
  const session = profileFile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  process.stdout.write(JSON.stringify(info) + '\n');
  // Each line on stdin asks for the CPU time this process has used so far (µs) and its memory now
  // (process.memoryUsage(), bytes), one JSON line back.
  createInterface({ input: process.stdin }).on('line', () => {
    const u = process.cpuUsage();
    process.stdout.write(JSON.stringify({ cpu: u.user + u.system, memory: process.memoryUsage() }) + '\n');
  });
  process.stdin.on('end', async () => {
    if (session) writeFileSync(profileFile!, JSON.stringify((await session.post('Profiler.stop')).profile));
    await running.close();
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}
