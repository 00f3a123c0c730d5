/**
 * Accounts and sign-in, on PGlite and on PostgreSQL: password changes end the other sessions, weak
 * passwords are refused with the reason, failed sign-ins are budgeted per address and per account in
 * the database (so two server processes share them), administrators disable and re-enable users,
 * reset passwords and rename departments. "Two processes" are two apps over the same database, each
 * with its own memory, which is all a second process would share.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/server/app.ts';
import { Throttle, loginKeys, LOGIN_BUDGETS, WINDOW_MS } from '../../src/server/throttle.ts';
import { BACKENDS, stopPostgres } from '../storage/db-helpers.ts';
import { apiFixture, PASSWORD } from './fixture.ts';

type Fixture = Awaited<ReturnType<typeof apiFixture>>;
type App = ReturnType<typeof createApp>['app'];

/** A request to an app, from a client address (X-Forwarded-For, the apps trust it here). */
async function call(
  app: App,
  method: string,
  path: string,
  opts: { cookie?: string; body?: unknown; from?: string } = {},
) {
  const headers: Record<string, string> = { origin: 'http://localhost' };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.from) headers['x-forwarded-for'] = `203.0.113.250, ${opts.from}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

async function signIn(app: App, username: string, password = PASSWORD, from = '198.51.100.1') {
  const r = await call(app, 'POST', '/api/auth/login', { body: { username, password }, from });
  assert.equal(r.status, 200, r.text);
  return r.cookie;
}

after(() => stopPostgres());

for (const backend of BACKENDS) {
  describe(`accounts on ${backend.name}`, () => {
    let f: Fixture;
    /** Two server "processes" on the one database. */
    let one: App;
    let two: App;
    before(async () => {
      f = await apiFixture(await backend.open(), { trustProxy: true });
      one = f.app;
      two = createApp({ db: f.store.db, frameworks: f.frameworks, trustProxy: true }).app;
    });
    after(async () => {
      await f.store.close();
    });

    test('a password change ends every other session of the user, in every process, and keeps this one', async () => {
      const here = await signIn(one, 'filler-a');
      const elsewhere = await signIn(two, 'filler-a');
      // The other process has just served this session (a per-process cache would now hold it).
      assert.equal((await call(two, 'GET', '/api/me', { cookie: elsewhere })).status, 200);
      const r = await call(one, 'POST', '/api/me/password', {
        cookie: here,
        body: { oldPassword: PASSWORD, newPassword: 'Lan-hua-2026-qiu' },
      });
      assert.equal(r.status, 200, r.text);
      assert.equal((await call(two, 'GET', '/api/me', { cookie: elsewhere })).status, 401);
      assert.equal((await call(one, 'GET', '/api/me', { cookie: here })).status, 200);
      // Back to the fixture's password for the other tests.
      const back = await call(one, 'POST', '/api/me/password', {
        cookie: here,
        body: { oldPassword: 'Lan-hua-2026-qiu', newPassword: PASSWORD },
      });
      assert.equal(back.status, 200, back.text);
    });

    test('obvious passwords are refused, each with the reason in Chinese', async () => {
      const cookie = await signIn(one, 'filler-b');
      const cases: [string, RegExp][] = [
        ['1234567890', /太常见|连续序列/],
        ['          ', /空格/],
        ['password12', /太常见/],
        ['aaaaaaaaaaaa', /不同的字符/],
        ['qwertyuiop', /太常见|连续序列/],
        ['short-1', /至少 10 个字符/],
        ['my-filler-b-2026', /用户名/],
        [PASSWORD, /与当前密码相同/],
      ];
      for (const [pw, why] of cases) {
        const r = await call(one, 'POST', '/api/me/password', {
          cookie,
          body: { oldPassword: PASSWORD, newPassword: pw },
        });
        assert.equal(r.status, 400, `${JSON.stringify(pw)} was accepted`);
        assert.equal(r.json.code, 'weak_password');
        assert.match(r.json.message as string, why, JSON.stringify(pw));
      }
    });

    test('wrong old passwords are budgeted like sign-ins: after 5 the right one waits too', async () => {
      const cookie = await signIn(one, 'reviewer');
      for (let i = 0; i < 5; i++) {
        const r = await call(i % 2 ? two : one, 'POST', '/api/me/password', {
          cookie,
          body: { oldPassword: `guess-${i}-guess`, newPassword: 'Zx9#kq2Lm!-new' },
        });
        assert.equal(r.status, 400, r.text);
      }
      const r = await call(one, 'POST', '/api/me/password', {
        cookie,
        body: { oldPassword: PASSWORD, newPassword: 'Zx9#kq2Lm!-new' },
      });
      assert.equal(r.status, 429);
      assert.match(r.json.message as string, /原密码核对失败次数过多，请 \d+ 分钟后再试/);
    });

    test('5 failures lock an account only for the address that failed, and in every process', async () => {
      const attacker = '192.0.2.66';
      for (let i = 0; i < 5; i++) {
        const r = await call(i % 2 ? two : one, 'POST', '/api/auth/login', {
          body: { username: 'admin', password: `wrong-${i}-wrong` },
          from: attacker,
        });
        assert.equal(r.status, 401);
      }
      for (const app of [one, two]) {
        const r = await call(app, 'POST', '/api/auth/login', {
          body: { username: 'admin', password: PASSWORD },
          from: attacker,
        });
        assert.equal(r.status, 429, 'the attacker’s address stays locked in both processes');
      }
      // The real administrator, elsewhere, signs in.
      await signIn(two, 'admin', PASSWORD, '198.51.100.7');
    });

    test('one address spraying names is stopped after 20 failures, whatever the names', async () => {
      const sprayer = '192.0.2.77';
      for (let i = 0; i < LOGIN_BUDGETS.address.max; i++) {
        const r = await call(one, 'POST', '/api/auth/login', {
          body: { username: `nobody-${i}`, password: 'wrong-wrong-wrong' },
          from: sprayer,
        });
        assert.equal(r.status, 401);
      }
      const r = await call(two, 'POST', '/api/auth/login', {
        body: { username: 'filler-b', password: PASSWORD },
        from: sprayer,
      });
      assert.equal(r.status, 429);
      await signIn(one, 'filler-b', PASSWORD, '198.51.100.8');
    });

    test('a flood of other failures evicts nothing that is still locked; old entries go after their time', async () => {
      let now = new Date('2026-12-01T00:00:00Z');
      const t = new Throttle(f.store.db, () => now);
      const victim = loginKeys('locked-one', '192.0.2.5');
      for (let i = 0; i < LOGIN_BUDGETS.pair.max; i++) await t.fail(victim.all);
      assert.ok((await t.blockedFor(victim.all)) > 0);
      for (let i = 0; i < 300; i++) await t.fail(loginKeys(`flood-${i}`, `10.9.${i >> 8}.${i & 255}`).all);
      assert.ok((await t.blockedFor(victim.all)) > 0, 'still locked after 300 other names');
      now = new Date(now.getTime() + WINDOW_MS + 60_000);
      assert.equal(await t.blockedFor(victim.all), 0, 'the lock ends after its time');
      await t.fail(loginKeys('later', '192.0.2.6').all);
      const left = await f.store.db
        .selectFrom('auth_failures')
        .select('key')
        .where('key', 'like', 'flood-%')
        .execute();
      assert.equal(left.length, 0, 'the flood’s entries are evicted once their window has passed');
    });

    test('an administrator disables a user: sessions end at once in every process; re-enabled, they sign in', async () => {
      const admin = await signIn(one, 'admin', PASSWORD, '198.51.100.9');
      const victim = await signIn(two, 'filler-b', PASSWORD, '198.51.100.9');
      assert.equal((await call(two, 'GET', '/api/me', { cookie: victim })).status, 200);
      const off = await call(one, 'POST', `/api/users/${f.users.fillerB.id}/disabled`, {
        cookie: admin,
        body: { disabled: true },
      });
      assert.equal(off.status, 200, off.text);
      assert.equal((off.json.user as { disabled: boolean }).disabled, true);
      assert.equal((await call(two, 'GET', '/api/me', { cookie: victim })).status, 401);
      const refused = await call(two, 'POST', '/api/auth/login', {
        body: { username: 'filler-b', password: PASSWORD },
        from: '198.51.100.9',
      });
      assert.equal(refused.status, 403);
      assert.match(refused.json.message as string, /已被管理员停用/);
      const wrong = await call(two, 'POST', '/api/auth/login', {
        body: { username: 'filler-b', password: 'not-the-password' },
        from: '198.51.100.9',
      });
      assert.equal(wrong.status, 401, 'a wrong password does not learn that the account is disabled');
      const on = await call(one, 'POST', `/api/users/${f.users.fillerB.id}/disabled`, {
        cookie: admin,
        body: { disabled: false },
      });
      assert.equal(on.status, 200);
      await signIn(two, 'filler-b', PASSWORD, '198.51.100.9');
    });

    test('refusals: disabling oneself, a missing user, a non-administrator, a bad body', async () => {
      const admin = await signIn(one, 'admin', PASSWORD, '198.51.100.10');
      const reviewer = await signIn(one, 'reviewer', PASSWORD, '198.51.100.10');
      const self = await call(one, 'POST', `/api/users/${f.users.admin.id}/disabled`, {
        cookie: admin,
        body: { disabled: true },
      });
      assert.equal(self.status, 409);
      assert.match(self.json.message as string, /不能停用自己的账户/);
      const missing = await call(one, 'POST', '/api/users/999999/disabled', {
        cookie: admin,
        body: { disabled: true },
      });
      assert.equal(missing.status, 404);
      const notAdmin = await call(one, 'POST', `/api/users/${f.users.fillerA.id}/disabled`, {
        cookie: reviewer,
        body: { disabled: true },
      });
      assert.equal(notAdmin.status, 403);
      const bad = await call(one, 'POST', `/api/users/${f.users.fillerA.id}/disabled`, {
        cookie: admin,
        body: { disabled: 'yes' },
      });
      assert.equal(bad.status, 400);
      assert.equal(
        (await call(one, 'GET', '/api/me', { cookie: await signIn(one, 'filler-a') })).status,
        200,
      );
    });

    test('a password reset is one-time: the old sessions end and the new password must be changed first', async () => {
      const admin = await signIn(one, 'admin', PASSWORD, '198.51.100.11');
      const old = await signIn(two, 'filler-a', PASSWORD, '198.51.100.11');
      const r = await call(one, 'POST', `/api/users/${f.users.fillerA.id}/password`, {
        cookie: admin,
        body: {},
      });
      assert.equal(r.status, 200);
      const otp = r.json.oneTimePassword as string;
      assert.equal((await call(two, 'GET', '/api/me', { cookie: old })).status, 401);
      const fresh = await signIn(two, 'filler-a', otp, '198.51.100.11');
      const blocked = await call(two, 'GET', '/api/departments', { cookie: fresh });
      assert.equal(blocked.status, 403);
      assert.equal(blocked.json.code, 'password_change_required');
      const changed = await call(two, 'POST', '/api/me/password', {
        cookie: fresh,
        body: { oldPassword: otp, newPassword: PASSWORD },
      });
      assert.equal(changed.status, 200, changed.text);
      assert.equal((await call(two, 'GET', '/api/departments', { cookie: fresh })).status, 200);
    });

    test('an administrator renames a department; a taken or empty name is refused', async () => {
      const admin = await signIn(one, 'admin', PASSWORD, '198.51.100.12');
      const filler = await signIn(one, 'filler-b', PASSWORD, '198.51.100.12');
      const path = `/api/departments/${f.deptB.id}`;
      const ok = await call(one, 'PUT', path, { cookie: admin, body: { name: '乙部门（改名后）' } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal((ok.json.department as { name: string }).name, '乙部门（改名后）');
      const taken = await call(one, 'PUT', path, { cookie: admin, body: { name: f.seed.department.name } });
      assert.equal(taken.status, 409);
      assert.match(taken.json.message as string, /已有名为/);
      const empty = await call(one, 'PUT', path, { cookie: admin, body: { name: '   ' } });
      assert.equal(empty.status, 400);
      assert.match(empty.json.message as string, /请填写部门名称/);
      const byFiller = await call(one, 'PUT', path, { cookie: filler, body: { name: '自己改名' } });
      assert.equal(byFiller.status, 403);
      const list = await call(one, 'GET', '/api/departments', { cookie: filler });
      assert.equal((list.json.departments as { name: string }[])[0]!.name, '乙部门（改名后）');
    });
  });
}
