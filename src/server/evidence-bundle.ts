/**
 * 下载送审材料: one .zip with the report (.docx, and PDF when it could be made), the workbook, every
 * evidence file under 佐证材料/<what it is attached to>/<file name>, and manifest.json listing each
 * entry's path, size and SHA-256. Built with fflate's streaming Zip and produced as the client reads:
 * evidence is read one stored part at a time (from the database or the data folder), so the bundle never holds a whole file it did not
 * already have (the report and workbook, which are rendered in memory anyway).
 */
import { createHash } from 'node:crypto';
import { Zip, ZipPassThrough } from 'fflate';
import { bundlePath } from '../core/evidence/index.ts';
import { contentParts, type EvidenceRow } from '../storage/evidence.ts';
import type { Executor } from '../storage/repo.ts';

export interface BundleInput {
  /** The report as submitted (.docx bytes): rendered now, or the frozen bytes of a submission. */
  reportDocx: { name: string; bytes: Uint8Array };
  /** The report as PDF, or why there is none (a note in the manifest). */
  reportPdf: { name: string; bytes: Uint8Array } | { note: string };
  workbook: { name: string; bytes: Uint8Array };
  /** Evidence files with the name of what each is attached to (the folder). */
  evidence: { row: EvidenceRow; folder: string }[];
  /** What the manifest says the bundle is of. */
  about: Record<string, unknown>;
}

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  about: Record<string, unknown>;
  createdAt: string;
  entries: ManifestEntry[];
  notes: string[];
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The bundle as a byte stream (pull-driven: the next evidence part is read when the client wants more). */
export function bundleStream(
  db: Executor,
  /** DATA_DIR/evidence, where content stored in the folder is read from. */
  evidenceDir: string | undefined,
  input: BundleInput,
): ReadableStream<Uint8Array> {
  const out: Uint8Array[] = [];
  let failed: Error | null = null;
  let finished = false;
  const zip = new Zip((err, chunk, final) => {
    if (err) failed = err;
    else out.push(chunk);
    if (final) finished = true;
  });
  const entries: ManifestEntry[] = [];
  const notes: string[] = [];
  const taken = new Set<string>();

  const whole = (path: string, bytes: Uint8Array) => {
    taken.add(path);
    const f = new ZipPassThrough(path);
    zip.add(f);
    f.push(bytes, true);
    entries.push({ path, size: bytes.length, sha256: sha256(bytes) });
  };

  async function* steps(): AsyncGenerator<void> {
    whole(input.reportDocx.name, input.reportDocx.bytes);
    if ('bytes' in input.reportPdf) whole(input.reportPdf.name, input.reportPdf.bytes);
    else notes.push(input.reportPdf.note);
    whole(input.workbook.name, input.workbook.bytes);
    yield;
    for (const { row, folder } of input.evidence) {
      const path = bundlePath(folder, row.fileName, taken);
      const f = new ZipPassThrough(path);
      zip.add(f);
      const hash = createHash('sha256');
      let size = 0;
      // Each part is pushed when the next is read (or the content ends), so the last carries `final`.
      let held: Uint8Array | undefined;
      try {
        for await (const bytes of contentParts(db, evidenceDir, row.sha256)) {
          if (held) {
            f.push(held, false);
            yield;
          }
          hash.update(bytes);
          size += bytes.length;
          held = bytes;
        }
      } catch (e) {
        throw new Error(`佐证材料“${row.fileName}”的内容缺失`, { cause: e });
      }
      f.push(held ?? new Uint8Array(0), true);
      yield;
      const digest = hash.digest('hex');
      if (digest !== row.sha256) notes.push(`佐证材料“${row.fileName}”的内容与上传时的 SHA-256 不符`);
      entries.push({ path, size, sha256: digest });
    }
    const manifest: Manifest = { about: input.about, createdAt: new Date().toISOString(), entries, notes };
    const m = new ZipPassThrough('manifest.json');
    zip.add(m);
    m.push(new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'), true);
    zip.end();
  }

  const it = steps();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (!out.length && !finished && !failed) {
        const r = await it.next();
        if (r.done) break;
      }
      if (failed) return controller.error(failed);
      if (out.length) controller.enqueue(out.length === 1 ? out.pop()! : Buffer.concat(out.splice(0)));
      else if (finished) controller.close();
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}
