/**
 * Passwords and sessions. Passwords are hashed with scrypt (node:crypto), a random salt each; the
 * session cookie carries a random token and the database keeps only its sha-256.
 */
import {
  createHash,
  randomBytes,
  scrypt as scryptCb,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** "scrypt$N$r$p$salt$hash" (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the user does not exist, so timing does not reveal it. */
let dummyHash: string | undefined;
export async function dummyVerify(password: string): Promise<void> {
  dummyHash ??= await hashPassword('jixiao-dummy');
  await verifyPassword(password, dummyHash);
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A readable one-time password: 16 characters without look-alikes. */
export function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export const SESSION_COOKIE = 'jixiao_session';
export const SESSION_HOURS = 12;

export const MIN_PASSWORD = 10;

/**
 * Passwords people choose first and guessers try first (lower case; a trailing run of digits or
 * symbols is removed before the comparison, so “password12” and “Qwerty!!” count as these too).
 */
const COMMON_PASSWORDS = new Set([
  'password',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'qazwsx',
  '1qaz2wsx',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'abc',
  'abcd',
  'abcdef',
  'abcdefg',
  'abcdefgh',
  'abcdefghij',
  'admin',
  'administrator',
  'root',
  'welcome',
  'letmein',
  'iloveyou',
  'woaini',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'master',
  'superman',
  'changeme',
  'secret',
  'test',
  'guest',
  'user',
  'jixiao',
  'caizheng',
  'caizhengju',
  'yusuan',
  'mima',
  'china',
  'shenzhen',
  'futian',
  'aaa',
  'a',
  'aa',
  'q',
  'qq',
  'zhang',
  'wang',
  'li',
]);

/** Sequences a keyboard or the alphabet gives for free. */
const RUNS = [
  '01234567890',
  '09876543210',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
];

/**
 * Why a new password is refused (in Chinese), or null when it is acceptable. The rules: at least
 * MIN_PASSWORD characters; at least 5 different characters (no “aaaaaaaaaa”, no ten spaces); not a
 * common password (even with digits or symbols added at the end); not a plain run such as
 * “1234567890” or “qwertyuiop”; not containing the user name. The current password is checked by the
 * caller (it needs the stored hash).
 */
export function passwordProblem(password: string, username: string): string | null {
  const p = password.normalize('NFC');
  if ([...p].length < MIN_PASSWORD) return `新密码至少 ${MIN_PASSWORD} 个字符`;
  if (p.trim().length === 0) return '新密码不能全是空格';
  if (new Set(p).size < 5) return '新密码至少要有 5 个不同的字符（不能是重复的字符）';
  const lower = p.toLowerCase();
  const stem = lower.replace(/[^a-z]+$/u, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(stem) || (stem === '' && isRun(lower)))
    return '新密码太常见（如 password、123456、qwerty 一类），容易被猜中，请换一个';
  if (isRun(lower) || isRun(stem)) return '新密码是键盘或字母、数字的连续序列，容易被猜中，请换一个';
  const name = username.trim().toLowerCase();
  if (name.length >= 3 && lower.includes(name)) return '新密码不能包含用户名';
  return null;
}

/** Whether text is a piece of one of RUNS (or repeats of one piece, e.g. “1234512345”). */
function isRun(text: string): boolean {
  if (text.length < 4) return false;
  for (let n = 4; n <= text.length; n++) {
    if (text.length % n !== 0) continue;
    const piece = text.slice(0, n);
    if (piece.repeat(text.length / n) !== text) continue;
    if (RUNS.some((r) => r.includes(piece))) return true;
  }
  return false;
}
