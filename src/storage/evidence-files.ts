/**
 * 佐证材料 content in a content-addressed folder: DATA_DIR/evidence/<sha256[0:2]>/<sha256>, the store a
 * server on PGlite in a data folder uses (PGlite's WebAssembly heap grows with every large value that
 * crosses it and never shrinks, so content kept in the database made the server's memory grow with
 * file size; a file on disk is written and read in parts by Node alone).
 *
 * An upload is written to a temp file in the same folder while it arrives (hashed by the route as it
 * goes), fsynced, then renamed to its SHA-256 name and the folder fsynced, and only then does the
 * database transaction write the metadata row naming it (evidence_blobs.stored = 'folder'). A SIGKILL
 * at any point leaves no metadata row without its content: at worst a temp file or a content file no
 * row names, both removed at the next start (cleanEvidenceFolder). Moving content in, deleting it and
 * linking it into a backup take one in-process lock (the data folder is locked to one process), so a
 * delete never removes a file that a concurrent upload of the same content has just been committed
 * with, and a backup never names a file that is gone.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The folder's name inside DATA_DIR. */
export const EVIDENCE_FOLDER_NAME = 'evidence';
const TEMP = /^upload-[0-9a-f-]{36}\.tmp$/;
const SHA = /^[0-9a-f]{64}$/;

export const evidenceFolderOf = (dataDir: string) => join(resolve(dataDir), EVIDENCE_FOLDER_NAME);

/** Where a content of this SHA-256 lives in the folder. */
export const contentPath = (folder: string, sha256: string) => join(folder, sha256.slice(0, 2), sha256);

/**
 * Streaming a file makes garbage as large as the file: the request's chunks, each part read or
 * written. Each is a small object holding a large buffer outside V8's heap, so the young generation
 * hardly fills and V8 collects them only when the buffers together pass its external-memory limit
 * (≈ 64 MB): without help the server's peak memory grew with the file's size up to that limit (a
 * 60 MB upload: +50 MB peak RSS; with a young-generation collection every STREAM_GC_BYTES: +11 MB).
 * `streamed(n)` counts bytes passed through and asks for such a collection (a scavenge: ≈ 1 ms, only
 * young objects) every STREAM_GC_BYTES. Content that crosses the database driver also leaves a base64
 * string per 1 MB part, which V8 puts straight into its old generation (large objects): for those,
 * `streamed(n, true)` asks for a full collection every STREAM_FULL_GC_BYTES (PostgreSQL: a 20 MB
 * upload had raised the peak by 21 MB, where it stayed). Without access to the collector it does nothing.
 */
export const STREAM_GC_BYTES = 4 * 1024 * 1024;
export const STREAM_FULL_GC_BYTES = 8 * 1024 * 1024;
type Collector = (options: { type: 'minor' | 'major' }) => void;
/** V8's collector (made reachable on first use: --expose-gc for new contexts), or undefined. */
let collector: Collector | null | undefined = null;
function collect(type: 'minor' | 'major') {
  if (collector === null)
    try {
      setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as Collector;
    } catch {
      collector = undefined;
    }
  collector?.({ type });
}
let sinceMinor = 0;
let sinceMajor = 0;
export function streamed(bytes: number, throughDatabase = false) {
  if (throughDatabase) sinceMajor += bytes;
  if (sinceMajor >= STREAM_FULL_GC_BYTES) {
    sinceMajor = 0;
    sinceMinor = 0;
    collect('major');
    return;
  }
  sinceMinor += bytes;
  if (sinceMinor < STREAM_GC_BYTES) return;
  sinceMinor = 0;
  collect('minor');
}

let chain: Promise<unknown> = Promise.resolve();
/** Runs fn alone among the folder's writers (moving content in, deleting it, linking it into a backup). */
export function withFolderLock<T>(fn: () => Promise<T>): Promise<T> {
  const run = chain.then(fn, fn);
  chain = run.catch(() => {});
  return run;
}

/** fsync of a folder, so a rename or a new entry in it survives a crash of the machine. */
export function syncFolder(dir: string) {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems refuse fsync on a folder; the rename is still atomic
  }
}

/** An upload being written to its temp file. */
export class FolderUpload {
  private closed = false;
  private constructor(
    readonly folder: string,
    readonly temp: string,
    private readonly file: FileHandle,
  ) {}

  static async start(folder: string): Promise<FolderUpload> {
    await mkdir(folder, { recursive: true });
    const temp = join(folder, `upload-${randomUUID()}.tmp`);
    return new FolderUpload(folder, temp, await open(temp, 'wx', 0o600));
  }

  async write(bytes: Uint8Array) {
    for (let at = 0; at < bytes.length;) {
      const { bytesWritten } = await this.file.write(bytes, at, bytes.length - at);
      at += bytesWritten;
    }
  }

  /** Makes the written content durable (fsync) and closes the temp file. */
  async finish() {
    await this.file.sync();
    await this.close();
  }

  /**
   * Moves the finished content to its SHA-256 name (call under withFolderLock). Returns whether this
   * call created the file (false: that content was there already and the temp file is dropped).
   */
  async place(sha256: string): Promise<boolean> {
    const target = contentPath(this.folder, sha256);
    if (await exists(target)) {
      await rm(this.temp, { force: true });
      return false;
    }
    await mkdir(dirname(target), { recursive: true });
    syncFolder(this.folder);
    await rename(this.temp, target);
    syncFolder(dirname(target));
    return true;
  }

  /** Drops the temp file (a refused or broken upload). */
  async abort() {
    await this.close().catch(() => {});
    await rm(this.temp, { force: true });
  }

  private async close() {
    if (this.closed) return;
    this.closed = true;
    await this.file.close();
  }
}

async function exists(path: string) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** A stored content read in parts of `partBytes` (a fresh buffer each, so a consumer may keep it). */
export async function* fileParts(
  folder: string,
  sha256: string,
  partBytes: number,
): AsyncGenerator<Uint8Array> {
  const file = await open(contentPath(folder, sha256), 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(partBytes);
      let filled = 0;
      while (filled < partBytes) {
        const { bytesRead } = await file.read(buffer, filled, partBytes - filled, null);
        if (!bytesRead) break;
        filled += bytesRead;
      }
      if (!filled) return;
      yield filled === partBytes ? buffer : buffer.subarray(0, filled);
      if (filled < partBytes) return;
    }
  } finally {
    await file.close();
  }
}

/**
 * At start (the data folder is locked to this process): removes temp files of uploads that never
 * finished and content files no metadata row names (a SIGKILL between placing a file and committing
 * its row, or between deleting a row and removing its file). `named` says which SHA-256s have a row.
 * Returns what was removed, for the start-up log.
 */
export async function cleanEvidenceFolder(
  folder: string,
  named: (sha256s: string[]) => Promise<Set<string>>,
): Promise<{ temps: number; orphans: number }> {
  let temps = 0;
  let orphans = 0;
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch {
    return { temps, orphans };
  }
  for (const name of entries) {
    if (TEMP.test(name)) {
      await rm(join(folder, name), { force: true });
      temps++;
      continue;
    }
    if (!/^[0-9a-f]{2}$/.test(name)) continue;
    const files = (await readdir(join(folder, name))).filter((f) => SHA.test(f));
    if (!files.length) continue;
    const keep = await named(files);
    for (const f of files)
      if (!keep.has(f)) {
        await rm(join(folder, name, f), { force: true });
        orphans++;
      }
  }
  return { temps, orphans };
}
