/**
 * Zip archives written by hand for tests of zip handling: real entries, or entries whose headers lie
 * about their size (zip bombs). One writer for every test that needs one.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  content: Buffer;
  /** Already deflated data to store as is (content is then only used for nothing; give crc). */
  deflated?: Buffer;
  /** The CRC-32 the headers claim; defaults to the content's. */
  crc?: number;
  /** 8 deflate (default) or 0 stored. */
  method?: 0 | 8;
  /** Deflate level, default 1. */
  level?: number;
  /** The uncompressed size the headers claim; defaults to the true size. */
  declared?: number;
}

export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const name = Buffer.from(e.name);
    const data =
      e.deflated ?? (method === 8 ? deflateRawSync(e.content, { level: e.level ?? 1 }) : e.content);
    const crc = e.crc ?? crc32(e.content);
    const declared = e.declared ?? e.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/**
 * Raw deflate data that inflates to `mb` MB of spaces, built without ever holding them: one sync-flushed
 * (non-final) deflate block of 1 MB repeated, then an empty final block. About 1 kB per MB.
 */
export function deflatedSpaces(mb: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20, 0x20), {
    level: 9,
    finishFlush: constants.Z_SYNC_FLUSH,
  });
  return Buffer.concat([...Array<Buffer>(mb).fill(block), Buffer.from([0x03, 0x00])]);
}
