/**
 * Where the parts of the cycle meet, through the HTTP API on PGlite and PostgreSQL: a framework that
 * requires 佐证材料 stops 送审 (and raises the signal) until the files are attached; while submitted,
 * the bundle carries the report exactly as submitted; 通过 turns every point lost and every lowered
 * review score with a comment into a 整改 item; an overdue item reaches the department's 待办.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { Decimal, fixed } from '../../src/core/decimal.ts';
import { evidenceRequired } from '../../src/core/evidence/index.ts';
import { leaves } from '../../src/core/score.ts';
import type { Framework } from '../../src/core/framework/schema.ts';
import type { RectificationList } from '../../src/server/routes/rectification.ts';
import type { SubmissionResponse, TodoResponse } from '../../src/server/routes/submission.ts';
import { createDataset, evaluate } from '../../src/server/service.ts';
import { ROOT } from '../helpers.ts';
import { apiFixture, PASSWORD } from '../server/fixture.ts';
import { hashPassword } from '../../src/server/auth.ts';
import { createDepartment, createUser } from '../../src/storage/repo.ts';
import { BACKENDS, stopPostgres } from '../storage/db-helpers.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000), Buffer.from('\n%%EOF\n')]);

after(() => stopPostgres());

for (const backend of BACKENDS) {
  describe(`the cycle's parts together on ${backend.name}`, () => {
    let f: Awaited<ReturnType<typeof apiFixture>>;
    let filler: string;
    let reviewer: string;
    let id: number;
    let framework: Framework;

    before(async () => {
      f = await apiFixture(await backend.open());
      // A third department, on a framework that requires 佐证材料 for some indicators.
      const dept = await createDepartment(f.store.db, '测试区第三局');
      await createUser(f.store.db, {
        username: 'filler-c',
        displayName: '丙填报',
        role: 'filler',
        departmentId: dept.id,
        passwordHash: await hashPassword(PASSWORD),
      });
      filler = await f.login('filler-c');
      reviewer = await f.login('reviewer');
      const up = await f.frameworks.upload(
        f.store.db,
        readFileSync(join(ROOT, 'test/fixtures/frameworks/alt-2024.yaml'), 'utf8'),
      );
      assert.ok(up.ok);
      const r = await createDataset(
        f.store.db,
        f.frameworks,
        { id: f.users.admin.id, name: '系统' },
        dept,
        2023,
        { ...f.seed, department: { ...f.seed.department, name: dept.name }, framework: 'test-alt-2024' },
        'test-alt-2024',
      );
      assert.equal(r.status, 'created');
      id = (r as { id: number }).id;
      framework = f.frameworks.get('test-alt-2024')!;
    });
    after(async () => {
      await f.store.close();
    });

    const step = (t: string, cookie: string, reason?: string) =>
      f.req('POST', `/api/datasets/${id}/submission/${t}`, {
        cookie,
        body: reason === undefined ? {} : { reason },
      });

    test('送审 is refused while a required 佐证材料 is missing, and the signal says so', async () => {
      const required = evidenceRequired(framework);
      assert.ok(required.length >= 1, 'the test framework requires evidence somewhere');
      const refused = await step('submit', filler);
      assert.equal(refused.status, 422, refused.text);
      const problems = (refused.json as { problems: string[] }).problems;
      for (const r of required)
        assert.ok(
          problems.some((p) => p.includes(r.name) && p.includes('缺少佐证材料')),
          `${r.name} not named in ${problems.join('；')}`,
        );
      const signals = await f.req('GET', `/api/datasets/${id}/signals`, { cookie: reviewer });
      assert.equal(signals.status, 200, signals.text);
      const missing = (signals.json as { signals: { kindLabel: string; subject: string }[] }).signals.filter(
        (s) => s.kindLabel === '缺少佐证材料',
      );
      assert.deepEqual(missing.map((s) => s.subject).sort(), required.map((r) => r.name).sort());

      for (const r of required) {
        const q = new URLSearchParams({ kind: 'indicator', ref: r.code, name: `${r.name}依据.pdf` });
        const res = await f.app.request(`/api/datasets/${id}/evidence?${q}`, {
          method: 'POST',
          headers: { origin: 'http://localhost', cookie: filler, 'content-type': 'application/octet-stream' },
          body: pdf(),
        });
        assert.equal(res.status, 201, await res.text());
      }
      const ok = await step('submit', filler);
      assert.equal(ok.status, 200, ok.text);
      assert.equal((ok.json as unknown as SubmissionResponse).state, 'submitted');
    });

    test('while submitted, the bundle holds the report exactly as submitted', async () => {
      const sub = (await f.req('GET', `/api/datasets/${id}/submission`, { cookie: reviewer }))
        .json as unknown as SubmissionResponse;
      assert.ok(sub.reportSha256);
      const res = await f.app.request(`/api/datasets/${id}/bundle.zip?pdf=0`, {
        headers: { cookie: reviewer },
      });
      assert.equal(res.status, 200);
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
      const report = Object.entries(files).find(([name]) => name.endsWith('.docx'));
      assert.ok(report, `no .docx in ${Object.keys(files).join(', ')}`);
      assert.equal(sha(report[1]), sub.reportSha256);
    });

    test('通过 makes a 整改 item of every point lost and of a lowered score with a comment', async () => {
      const row = (await f.req('GET', `/api/datasets/${id}`, { cookie: reviewer })).json as { data: unknown };
      const ev = evaluate(f.frameworks, row.data, 'test-alt-2024');
      assert.ok(ev.ok);
      const full = leaves(ev.result).find(
        (l) => new Decimal(l.lost).isZero() && new Decimal(l.weight).greaterThanOrEqualTo(1),
      )!;
      assert.ok(full, 'an indicator with full marks to lower');
      assert.equal((await step('startReview', reviewer)).status, 200);
      const lowered = fixed(new Decimal(full.weight).minus(1));
      const put = await f.req('PUT', `/api/datasets/${id}/review-items`, {
        cookie: reviewer,
        body: { items: [{ code: full.code, score: lowered, comment: '佐证材料不足以支撑满分' }] },
      });
      assert.equal(put.status, 200, put.text);
      assert.equal((await step('pass', reviewer)).status, 200);

      const list = (await f.req('GET', `/api/datasets/${id}/rectifications`, { cookie: filler }))
        .json as unknown as RectificationList;
      const lost = list.items.filter((i) => i.source === 'lost');
      const review = list.items.filter((i) => i.source === 'review');
      assert.deepEqual(lost.map((i) => i.indicatorCode).sort(), ev.result.problems.map((p) => p.code).sort());
      assert.equal(review.length, 1);
      assert.equal(review[0]!.indicatorCode, full.code);
      assert.equal(review[0]!.indicatorName, full.name);
      assert.match(review[0]!.problem, /佐证材料不足以支撑满分/);
    });

    test('an overdue 整改 item is in the department’s 待办', async () => {
      const list = (await f.req('GET', `/api/datasets/${id}/rectifications`, { cookie: filler }))
        .json as unknown as RectificationList;
      const item = list.items[0]!;
      const put = await f.req('PUT', `/api/datasets/${id}/rectifications/${item.id}`, {
        cookie: filler,
        body: { owner: '财务股', deadline: '2024-01-31', status: 'in_progress' },
      });
      assert.equal(put.status, 200, put.text);
      const todo = (await f.req('GET', '/api/todo', { cookie: filler })).json as unknown as TodoResponse;
      const due = todo.items.filter((t) => t.kind === 'rectification');
      assert.equal(due.length, 1, JSON.stringify(todo.items));
      assert.match(due[0]!.note ?? '', /已逾期/);
      assert.equal(due[0]!.datasetId, id);
    });
  });
}
