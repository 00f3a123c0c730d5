/**
 * A focused loop for `node --cpu-prof` and quick comparisons: scores synthetic departments (and the seed)
 * under futian-2023, alternating with the hand-written loop, and prints the best time of each and their
 * ratio (same run). Not run by `npm run bench` (bench/scale.bench.ts is the figure that counts).
 *   node --import tsx bench/profile-score.ts [departments] [rounds]
 *   node --experimental-transform-types --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-score.ts
 *   node bench/profile-summary.mjs /tmp/prof/*.cpuprofile
 */
import { loadDataset, loadFramework } from '../src/adapters/files.ts';
import { parseDataset } from '../src/core/dataset/parse.ts';
import type { Dataset } from '../src/core/dataset/schema.ts';
import { score } from '../src/core/score.ts';
import { scoreFutian2023ByHand } from '../src/batch/handwritten.ts';
import { synthDepartment } from '../src/synth/generate.ts';

const n = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 9);
const fw = loadFramework('futian-2023');
const seed = loadDataset('examples/futian-zonggonghui-2023.yaml');
if (!fw.ok || !seed.ok) throw new Error('framework or seed does not load');
const sample: Dataset[] = [seed.value];
for (let i = 0; i < n; i++) {
  const r = parseDataset(synthDepartment(i, { seed: 20231231 }).dataset);
  if (!r.ok) throw new Error(`synthetic department ${i} is invalid`);
  sample.push(r.value);
}
// This thread's CPU time, not wall time: other processes on a loaded machine delay a pass without
// adding to it (process.threadCpuUsage, Node ≥ 23.9; wall time on older Node).
const cpu = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
const now = () => {
  if (!cpu) return performance.now();
  const u = cpu.call(process);
  return (u.user + u.system) / 1000;
};
const pass = (f: () => void) => {
  const t0 = now();
  f();
  return now() - t0;
};
let engine = Infinity;
let hand = Infinity;
for (let r = 0; r < rounds; r++) {
  engine = Math.min(
    engine,
    pass(() => sample.forEach((d) => score(d, fw.value))),
  );
  hand = Math.min(
    hand,
    pass(() => sample.forEach((d) => scoreFutian2023ByHand(d))),
  );
}
const rate = (ms: number) => ((sample.length * 1000) / ms).toFixed(0);
console.log(
  `engine ${rate(engine)}/s, hand ${rate(hand)}/s, ratio ${(engine / hand).toFixed(2)}; seed ${score(seed.value, fw.value).total}`,
);
