/** jixiao batch over the web app's database: every stored dataset scored, as from files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFramework } from '../../src/adapters/files.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { score } from '../../src/core/score.ts';
import { runBatch, isDatabaseInput } from '../../src/batch/run.ts';
import type { BatchRow } from '../../src/batch/work.ts';
import { synthDepartment } from '../../src/synth/generate.ts';
import { openStore } from '../../src/storage/db.ts';
import { createDepartment, createUser } from '../../src/storage/repo.ts';
import { FrameworkRegistry } from '../../src/server/frameworks.ts';
import { createDataset } from '../../src/server/service.ts';
import { pgliteTemplate } from '../storage/db-helpers.ts';

test('batch reads every dataset of a stopped PGlite store and scores it on workers', async () => {
  const fw = loadFramework('futian-2023');
  assert.ok(fw.ok);
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-batch-db-'));
  try {
    const dataDir = join(dir, 'data');
    const store = await openStore({ dataDir, loadDataDir: await pgliteTemplate() });
    const frameworks = new FrameworkRegistry();
    await frameworks.load(store.db);
    const admin = await createUser(store.db, {
      username: 'batch-test',
      displayName: '批量测试',
      role: 'admin',
      departmentId: null,
      passwordHash: 'not-a-login',
    });
    const expected = new Map<string, string>();
    for (let i = 0; i < 20; i++) {
      const d = synthDepartment(i, { seed: 55 }).dataset;
      const dept = await createDepartment(store.db, d.department.name);
      const r = await createDataset(
        store.db,
        frameworks,
        { id: admin.id, name: '测试' },
        dept,
        2023,
        d,
        'futian-2023',
      );
      assert.equal(r.status, 'created');
      const p = parseDataset(d);
      assert.ok(p.ok);
      expected.set(d.department.name, score(p.value, fw.value).total);
    }
    await store.close();

    assert.equal(isDatabaseInput(dataDir), true);
    assert.equal(isDatabaseInput(dir), false);
    const rows: BatchRow[] = [];
    const s = await runBatch({ input: dataDir, framework: fw.value, workers: 2, onRow: (r) => rows.push(r) });
    assert.equal(s.files, 20);
    assert.equal(s.failed, 0, JSON.stringify(s.errors));
    assert.equal(rows.length, 20);
    for (const r of rows) {
      assert.equal(r.total, expected.get(r.department), r.department);
      assert.match(r.file, /-2023（数据库 #\d+）$/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
