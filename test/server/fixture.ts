/** A real API over a fresh PGlite: two departments with the seed's data, and a user of each role. */
import { createApp, type AppOptions } from '../../src/server/app.ts';
import { hashPassword } from '../../src/server/auth.ts';
import { FrameworkRegistry } from '../../src/server/frameworks.ts';
import { createDataset } from '../../src/server/service.ts';
import type { Store } from '../../src/storage/db.ts';
import { createDepartment, createUser } from '../../src/storage/repo.ts';
import type { Role } from '../../src/storage/schema.ts';
import { seedDataset } from '../helpers.ts';
import { freshPglite } from '../storage/db-helpers.ts';

export const PASSWORD = 'correct-horse-battery';
export const B_NAME = '乙测试部门（不应泄露）';

export async function apiFixture(store?: Store, appOptions: Partial<AppOptions> = {}) {
  store ??= await freshPglite();
  const frameworks = new FrameworkRegistry();
  await frameworks.load(store.db);
  const seed = seedDataset();
  const deptA = await createDepartment(store.db, seed.department.name);
  const deptB = await createDepartment(store.db, B_NAME);
  const hash = await hashPassword(PASSWORD);
  const mk = (username: string, role: Role, departmentId: number | null) =>
    createUser(store.db, { username, displayName: username, role, departmentId, passwordHash: hash });
  const users = {
    admin: await mk('admin', 'admin', null),
    fillerA: await mk('filler-a', 'filler', deptA.id),
    fillerB: await mk('filler-b', 'filler', deptB.id),
    reviewer: await mk('reviewer', 'reviewer', null),
  };
  const sys = { id: users.admin.id, name: '系统' };
  const a = await createDataset(store.db, frameworks, sys, deptA, 2023, seed, 'futian-2023');
  const bData = { ...seed, department: { ...seed.department, name: B_NAME } };
  const b = await createDataset(store.db, frameworks, sys, deptB, 2023, bData, 'futian-2023');
  if (a.status !== 'created' || b.status !== 'created') throw new Error('fixture datasets');
  const { app, routes } = createApp({ ...appOptions, db: store.db, frameworks });

  const req = async (
    method: string,
    path: string,
    opts: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { origin: 'http://localhost', ...opts.headers };
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      body:
        opts.body === undefined
          ? undefined
          : typeof opts.body === 'string'
            ? opts.body
            : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* not JSON */
    }
    return { status: res.status, text, json, headers: res.headers };
  };

  const login = async (username: string, password = PASSWORD) => {
    const r = await req('POST', '/api/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    const set = r.headers.get('set-cookie') ?? '';
    return set.split(';')[0]!;
  };

  return {
    store,
    app,
    routes,
    frameworks,
    req,
    login,
    users,
    deptA,
    deptB,
    datasetA: a.id,
    datasetB: b.id,
    seed,
  };
}
