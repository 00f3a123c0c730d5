/**
 * Reading a user's file as text, bounded: only regular files (a device such as /dev/zero, a FIFO or a
 * socket would never end), at most a set number of bytes whatever the file claims, and the encoding
 * told from the bytes — a BOM, strict UTF-8, then GB18030 (what Chinese Windows saves by default).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Decodes text: BOM first, then strict UTF-8, then GB18030. Null when it is none of these. */
export function decodeText(buf: Buffer): { text: string; encoding: string } | null {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { text: buf.subarray(3).toString('utf8'), encoding: 'UTF-8（带 BOM）' };
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    const le = buf[0] === 0xff;
    return {
      text: new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(buf.subarray(2)),
      encoding: 'UTF-16',
    };
  }
  if (buf.includes(0)) return null;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'UTF-8' };
  } catch {
    /* not UTF-8 */
  }
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(buf), encoding: 'GB18030' };
  } catch {
    return null;
  }
}

export type BoundedRead = { ok: true; bytes: Buffer } | { ok: false; message: string };

const MB = (n: number) => `${(n / 1048576).toFixed(n % 1048576 ? 1 : 0)} MB`;

/**
 * Reads a whole file of at most `max` bytes. Refuses, with a Chinese message, what is not a regular
 * file and what is larger — by its size on disk first, then by the bytes that really arrive (a file
 * may grow while it is read, and /proc files report size 0), never reading more than max + 1 bytes.
 */
export function readBounded(path: string, max: number): BoundedRead {
  let fd: number;
  try {
    // Non-blocking open: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return { ok: false, message: '这是一个文件夹，不是文件' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, message: '没有读取该文件的权限' };
    return { ok: false, message: '文件不存在或无法读取' };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, message: '这是一个文件夹，不是文件' };
    if (!st.isFile())
      return {
        ok: false,
        message: '不是普通文件（设备、管道或套接字等），拒绝读取；请给出保存在磁盘上的文件',
      };
    if (st.size > max) return { ok: false, message: `文件过大（${MB(st.size)}），上限 ${MB(max)}` };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, max + 1 - total));
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      chunks.push(chunk.subarray(0, got));
      total += got;
      if (total > max) return { ok: false, message: `文件过大（超过 ${MB(max)} 上限）` };
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } finally {
    closeSync(fd);
  }
}
