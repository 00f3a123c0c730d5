/**
 * Backups of 佐证材料 kept in the data folder (DATA_DIR/evidence): each backup's .evidence folder links
 * the content files (no copy, no content in the JSON), pruning removes a backup's folder with it, a file
 * deleted after a backup stays in that backup and comes back with its restore.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  backupEvidenceDir,
  listBackups,
  readBackupFile,
  restoreBackup,
  writeBackup,
} from '../../src/storage/backup.ts';
import { openStore } from '../../src/storage/db.ts';
import { readContent } from '../../src/storage/evidence.ts';
import { contentPath } from '../../src/storage/evidence-files.ts';
import { apiFixture } from '../server/fixture.ts';
import { pgliteTemplate } from './db-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'jixiao-backup-evidence-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdf = (n: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(n)]);

test('folder evidence in backups: linked beside the JSON, pruned with it, restored after a delete', async () => {
  const store = await openStore({ dataDir: join(dir, 'data'), loadDataDir: await pgliteTemplate() });
  const folder = store.evidenceDir!;
  const f = await apiFixture(store, { evidenceDir: folder });
  try {
    const cookie = await f.login('filler-a');
    const upload = async (ref: string, name: string, bytes: Buffer) => {
      const q = new URLSearchParams({ kind: 'indicator', ref, name });
      const res = await f.app.request(`/api/datasets/${f.datasetA}/evidence?${q}`, {
        method: 'POST',
        headers: { origin: 'http://localhost', cookie, 'content-type': 'application/octet-stream' },
        body: bytes,
      } as RequestInit);
      assert.equal(res.status, 201, await res.clone().text());
      return ((await res.json()) as { evidence: { id: number } }).evidence.id;
    };
    const a = pdf(1_500_000);
    const b = pdf(20_000);
    const idA = await upload('budget-rationality', '甲.pdf', a);
    await upload('budget-compliance', '乙.pdf', b);

    const backups = join(dir, 'backups');
    const first = await writeBackup(store.db, backups, 2, folder);
    // Linked, not copied: the backup's file is the stored file (same inode), and the JSON holds no content.
    for (const bytes of [a, b])
      assert.equal(
        statSync(join(backupEvidenceDir(first), sha(bytes))).ino,
        statSync(contentPath(folder, sha(bytes))).ino,
      );
    assert.ok(statSync(first).size < 1_000_000, 'no content in the JSON');
    assert.equal(readBackupFile(first).tables.evidence_blob_parts.length, 0);

    // Delete 甲 after the first backup: the folder loses it, the first backup keeps it.
    const del = await f.req('POST', `/api/evidence/${idA}/delete`, { cookie, body: {} });
    assert.equal(del.status, 200, del.text);
    assert.ok(!existsSync(contentPath(folder, sha(a))));
    assert.equal(sha(readFileSync(join(backupEvidenceDir(first), sha(a)))), sha(a));

    // Two more backups with keep = 2: the first goes, with its .evidence folder.
    const second = await writeBackup(store.db, backups, 2, folder);
    const third = await writeBackup(store.db, backups, 2, folder);
    assert.deepEqual(listBackups(backups), [second, third]);
    assert.ok(!existsSync(backupEvidenceDir(first)), 'pruned with its backup');
    assert.deepEqual(readdirSync(backupEvidenceDir(third)), [sha(b)]);

    // Restore the second backup: 乙 is there and whole; 甲 (deleted before it) is not.
    const target = join(dir, 'restored');
    await restoreBackup(second, target);
    const restored = await openStore({ dataDir: target });
    try {
      assert.equal(sha(await readContent(restored.db, sha(b), restored.evidenceDir)), sha(b));
      assert.deepEqual(readdirSync(restored.evidenceDir!, { recursive: true }).sort(), [
        sha(b).slice(0, 2),
        join(sha(b).slice(0, 2), sha(b)),
      ]);
    } finally {
      await restored.close();
    }
  } finally {
    await store.close();
  }
});
