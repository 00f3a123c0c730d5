/**
 * Stored data upgrades. Every dataset carries `schemaVersion`; a dataset saved by an earlier jixiao
 * (a file, a PGlite or PostgreSQL row, a backup, the data a workbook is read onto) is brought to the
 * current format by a chain of pure steps vN → vN+1 before anything validates or scores it, and must
 * score the same afterwards. A dataset from a newer jixiao is refused with a message, never guessed at.
 *
 * Adding a format version: raise SCHEMA_VERSION, append one step to UPGRADERS (from = the old
 * version), keep test/fixtures/stored/v1/ (and every later frozen fixture) reading with the same score.
 */

/** The format this jixiao writes and validates. Version 1 is the first stored format. */
export const SCHEMA_VERSION = 1;

/** One step of the chain: reads data of version `from`, returns data of version `from + 1`. */
export interface Upgrader {
  from: number;
  /** What changed, in a sentence (for the changelog and whoever reads a stored dataset by hand). */
  change: string;
  /**
   * Pure: must not modify its input (stored rows are shared); copies what it changes. It need not set
   * `schemaVersion`: the chain stamps the new version after each step.
   */
  up(data: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/**
 * The chain, oldest step first. Empty while version 1 is the only format: reading a v1 dataset is the
 * identity. The first real change appends `{ from: 1, … }` and raises SCHEMA_VERSION to 2.
 */
export const UPGRADERS: readonly Upgrader[] = [];

export type UpgradeResult =
  | {
      ok: true;
      /** The data in the current format (the input itself when nothing had to change). */
      value: unknown;
      /** The version it was stored in, when it named one this jixiao knows. */
      from?: number;
    }
  | { ok: false; message: string };

let steps: readonly Upgrader[] = UPGRADERS;

/**
 * Tests only: runs `fn` with another chain ending at SCHEMA_VERSION (e.g. a hypothetical earlier
 * format), so the upgrade of every storage path can be shown before a real step exists. Restores the
 * chain afterwards, also when `fn` throws.
 */
export async function withUpgradersForTest<T>(
  chain: readonly Upgrader[],
  fn: () => Promise<T> | T,
): Promise<T> {
  checkChain(chain);
  const saved = steps;
  steps = chain;
  try {
    return await fn();
  } finally {
    steps = saved;
  }
}

/** The chain must be contiguous and end at the current version. */
export function checkChain(chain: readonly Upgrader[]): void {
  chain.forEach((s, i) => {
    if (s.from !== SCHEMA_VERSION - chain.length + i)
      throw new Error(
        `upgrade chain is not contiguous up to v${SCHEMA_VERSION} at step ${i} (from ${s.from})`,
      );
  });
}

/** The oldest version the chain can read. */
export const oldestReadableVersion = (): number => SCHEMA_VERSION - steps.length;

/** The stored version as a number: 1 and "1" (YAML read as text) alike; undefined when none is given. */
function versionOf(data: Record<string, unknown>): number | undefined {
  const v = data.schemaVersion;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d{1,6}\s*$/.test(v)) return Number(v);
  return undefined;
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Brings stored data to SCHEMA_VERSION. Data that names no (readable) version is returned as it is,
 * for the schema to explain; a version newer than this jixiao's, or older than the chain reaches, is
 * refused with a message in Chinese.
 */
export function upgradeDataset(input: unknown): UpgradeResult {
  if (!isRecord(input)) return { ok: true, value: input };
  const from = versionOf(input);
  if (from === undefined) return { ok: true, value: input };
  if (from > SCHEMA_VERSION)
    return {
      ok: false,
      message:
        `由更新版本的 jixiao 保存（数据格式第 ${from} 版，本程序只能读到第 ${SCHEMA_VERSION} 版）：` +
        '请升级 jixiao 后再打开，不要用本版本修改后保存',
    };
  const oldest = oldestReadableVersion();
  if (from < oldest)
    return {
      ok: false,
      message: `数据格式第 ${from} 版无法识别（本程序能读第 ${oldest} 至第 ${SCHEMA_VERSION} 版）`,
    };
  let data: Record<string, unknown> = input;
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = steps[v - oldest]!;
    data = { ...step.up(data), schemaVersion: v + 1 };
  }
  return { ok: true, value: data, from };
}

/**
 * For read paths that pass data on without validating it (database rows, backups): the upgraded data,
 * or the data as stored when it cannot be upgraded, so that the parse which follows refuses it with
 * upgradeDataset's message.
 */
export function upgradeStored(data: unknown): unknown {
  const r = upgradeDataset(data);
  return r.ok ? r.value : data;
}
