/** One benchmark figure, always with a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The baseline figure, same unit, measured in the same run. */
  baseline: number | null;
  /** value / baseline (or as the benchmark defines it; say so in `note`). */
  ratio: number | null;
  /** The target, in words: "≤ 1.5", "≥ 10000 /s". */
  target: string | null;
  met: boolean | null;
  note?: string;
}

/** A bench module (bench/*.bench.ts) exports `run`. */
export type BenchModule = { run(): Promise<BenchResult[]> };

/** Median wall time in ms of `fn` over `n` runs after `warmup` runs. */
export async function timeMedian(fn: () => unknown | Promise<unknown>, n = 7, warmup = 2): Promise<number> {
  return (await timeMedians({ fn }, n, warmup)).fn;
}

/**
 * Median wall times in ms of several functions measured in alternation (one run of each per round),
 * so that drift in the machine's speed during the run affects each figure and its baseline alike.
 */
export async function timeMedians<K extends string>(
  fns: Record<K, () => unknown | Promise<unknown>>,
  n = 15,
  warmup = 5,
): Promise<Record<K, number>> {
  const names = Object.keys(fns) as K[];
  const times = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < warmup + n; round++) {
    for (const k of names) {
      const t0 = performance.now();
      await fns[k]();
      if (round >= warmup) times[k].push(performance.now() - t0);
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(names.map((k) => [k, median(times[k])])) as Record<K, number>;
}
