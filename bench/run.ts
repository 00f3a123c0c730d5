/**
 * npm run bench: runs every bench/*.bench.ts (or those whose name contains argv[2]), prints a table and
 * writes bench/results.json as [{name, value, unit, baseline, ratio, target, met}].
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
if (!files.length) {
  console.error('没有找到基准测试（bench/*.bench.ts）');
  process.exit(1);
}
const results: BenchResult[] = [];
for (const f of files) {
  process.stderr.write(`运行 ${f} …\n`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as BenchModule;
  results.push(...(await mod.run()));
}
const fmt = (n: number | null) =>
  n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 3 : 1);
console.log(['名称', '数值', '单位', '基线', '比值', '目标', '达标'].join('\t'));
for (const r of results) {
  console.log(
    [
      r.name,
      fmt(r.value),
      r.unit,
      fmt(r.baseline),
      fmt(r.ratio),
      r.target ?? '—',
      r.met === null ? '—' : r.met ? '是' : '否',
    ].join('\t'),
  );
}
// A filtered run (npm run bench check) replaces only its own figures in results.json.
const out = join(here, 'results.json');
const previous: BenchResult[] = filter && existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : [];
const names = new Set(results.map((r) => r.name));
writeFileSync(
  out,
  JSON.stringify([...previous.filter((r) => !names.has(r.name)), ...results], null, 2) + '\n',
);
console.log(`\n已写入 bench/results.json（${results.length} 项）`);
