/**
 * Inflating a zip from a user (a .docx to check, an .xlsx to import) without trusting what it says
 * about itself: entries are found through the central directory, and every entry is inflated as a
 * stream whose bytes are counted as they arrive, so an archive that under-declares its sizes (a zip
 * bomb) is stopped at the limit, not after it has filled memory. Nothing here throws on bad input:
 * the answer is a refusal with a Chinese message.
 */
import { createInflateRaw, crc32 } from 'node:zlib';

export interface UnzipOptions {
  /** Bytes all entries together may inflate to (counted as inflated, whatever the headers claim). */
  maxTotalBytes: number;
  /** Entries the archive may list. */
  maxEntries?: number;
  /** Which entries to return; the others are inflated only to be counted. Default: none kept. */
  keep?: (name: string) => boolean;
  /** Only these entries are inflated at all (e.g. just word/document.xml). Default: every entry. */
  only?: (name: string) => boolean;
}

export type UnzipRefusal = 'notZip' | 'corrupt' | 'tooLarge' | 'unsupported';

export type Unzipped =
  | { ok: true; entries: Map<string, Buffer>; names: string[]; inflatedBytes: number }
  | { ok: false; reason: UnzipRefusal; message: string };

const MB = (n: number) => `${Math.round(n / 1048576)} MB`;

interface DirEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  /** What the headers claim; trusted only to refuse early, never to allow. */
  declared: number;
  localOffset: number;
}

function refuse(reason: UnzipRefusal, message: string): Unzipped {
  return { ok: false, reason, message };
}

/** The central directory's entries, or why it cannot be read. */
function directory(bytes: Buffer, maxEntries: number): DirEntry[] | Unzipped {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50)
    return refuse('notZip', '不是 zip 格式的文件');
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return refuse('corrupt', '文件已损坏（找不到 zip 目录）');
  const count = bytes.readUInt16LE(eocd + 10);
  if (count === 0xffff || bytes.readUInt32LE(eocd + 16) === 0xffffffff)
    return refuse('unsupported', '文件使用了 zip64 格式，不像 Office 文档，拒绝解压');
  if (count > maxEntries) return refuse('tooLarge', `压缩包内条目过多（${count} 个），拒绝解压`);
  const out: DirEntry[] = [];
  let p = bytes.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50)
      return refuse('corrupt', '文件已损坏（zip 目录不完整）');
    const nameLength = bytes.readUInt16LE(p + 28);
    if (p + 46 + nameLength > bytes.length) return refuse('corrupt', '文件已损坏（zip 目录不完整）');
    out.push({
      flags: bytes.readUInt16LE(p + 8),
      method: bytes.readUInt16LE(p + 10),
      crc: bytes.readUInt32LE(p + 16),
      compressed: bytes.readUInt32LE(p + 20),
      declared: bytes.readUInt32LE(p + 24),
      localOffset: bytes.readUInt32LE(p + 42),
      name: bytes.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return out;
}

/** The entry's compressed bytes, found through its local header. */
function entryData(bytes: Buffer, e: DirEntry): Buffer | null {
  const p = e.localOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== 0x04034b50) return null;
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  if (e.compressed === 0xffffffff || start + e.compressed > bytes.length) return null;
  return bytes.subarray(start, start + e.compressed);
}

/** Inflates raw deflate data, giving up as soon as more than `budget` bytes have come out. */
function inflateCounted(
  data: Buffer,
  budget: number,
  keep: boolean,
): Promise<{ ok: true; size: number; out: Buffer | null } | { ok: false; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const z = createInflateRaw();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: Parameters<typeof resolve>[0]) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    z.on('data', (c: Buffer) => {
      size += c.length;
      if (size > budget) {
        z.destroy();
        finish({ ok: false, tooLarge: true });
      } else if (keep) chunks.push(c);
    });
    z.on('error', () => finish({ ok: false, tooLarge: false }));
    z.on('end', () => finish({ ok: true, size, out: keep ? Buffer.concat(chunks, size) : null }));
    z.end(data);
  });
}

/**
 * Inflates a zip's entries within a byte budget. Entries the options keep come back by name; the
 * rest are counted (so the whole archive is known to fit before another reader, such as exceljs,
 * inflates it again).
 */
export async function unzipBounded(input: Uint8Array, opts: UnzipOptions): Promise<Unzipped> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const dir = directory(bytes, opts.maxEntries ?? 5000);
  if (!Array.isArray(dir)) return dir;
  const entries = new Map<string, Buffer>();
  let total = 0;
  const tooLarge = () =>
    refuse(
      'tooLarge',
      `解压后过大（超过 ${MB(opts.maxTotalBytes)}，压缩包所报大小与实际不符），疑似压缩炸弹，已停止解压`,
    );
  for (const e of dir) {
    if (opts.only && !opts.only(e.name)) continue;
    if (e.flags & 1) return refuse('unsupported', '压缩包已加密，无法读取');
    if (total + e.declared > opts.maxTotalBytes)
      return refuse(
        'tooLarge',
        `解压后过大（压缩包声明 ${MB(total + e.declared)}，上限 ${MB(opts.maxTotalBytes)}），已拒绝解压`,
      );
    const data = entryData(bytes, e);
    if (!data) return refuse('corrupt', `文件已损坏（条目 ${e.name} 不完整）`);
    const keep = opts.keep?.(e.name) ?? false;
    let out: Buffer | null;
    if (e.method === 0) {
      if (total + data.length > opts.maxTotalBytes) return tooLarge();
      total += data.length;
      out = keep ? data : null;
      if (crc32(data) !== e.crc) return refuse('corrupt', `文件已损坏（条目 ${e.name} 校验不符）`);
    } else if (e.method === 8) {
      const r = await inflateCounted(data, opts.maxTotalBytes - total, keep);
      if (!r.ok) return r.tooLarge ? tooLarge() : refuse('corrupt', `文件已损坏（条目 ${e.name} 无法解压）`);
      total += r.size;
      out = r.out;
      if (out && crc32(out) !== e.crc) return refuse('corrupt', `文件已损坏（条目 ${e.name} 校验不符）`);
    } else return refuse('unsupported', `条目 ${e.name} 使用了不支持的压缩方式（${e.method}）`);
    if (out) entries.set(e.name, out);
  }
  return { ok: true, entries, names: dir.map((e) => e.name), inflatedBytes: total };
}
