/** Scoring the seed: the engine against parsing alone, same dataset, same run. */
import { loadDataset, loadFramework } from '../src/adapters/files.ts';
import { score } from '../src/core/score.ts';
import { parseDataset } from '../src/core/dataset/parse.ts';
import { timeMedian, type BenchResult } from './types.ts';

export async function run(): Promise<BenchResult[]> {
  const ds = loadDataset('examples/futian-zonggonghui-2023.yaml');
  const fw = loadFramework('futian-2023');
  if (!ds.ok || !fw.ok) throw new Error('seed example or framework does not load');
  const raw = JSON.parse(JSON.stringify(ds.value));
  const n = 200;
  const scoring = await timeMedian(() => {
    for (let i = 0; i < n; i++) score(ds.value, fw.value);
  });
  const parsing = await timeMedian(() => {
    for (let i = 0; i < n; i++) parseDataset(raw);
  });
  const perScore = scoring / n;
  return [
    {
      name: '评分：种子数据一次评分',
      value: perScore,
      unit: 'ms',
      baseline: parsing / n,
      ratio: perScore / (parsing / n),
      target: null,
      met: null,
      note: '基线为同一数据的 schema 校验（parseDataset）一次所需时间',
    },
  ];
}
