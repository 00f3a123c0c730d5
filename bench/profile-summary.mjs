// Summarises a V8 .cpuprofile: self time by function and by package/folder, top entries.
import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) {
  const n = byId.get(prof.samples[i]);
  self.set(n.id, (self.get(n.id) ?? 0) + (dt[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map();
const area = new Map();
for (const [id, t] of self) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const k = `${functionName || '(anon)'} ${url.replace(/^.*\/(node_modules\/)/, '$1').replace(/^file:\/\/\/work\/wt-speed\//, '')}:${lineNumber + 1}`;
  fn.set(k, (fn.get(k) ?? 0) + t);
  const a = url.includes('node_modules/')
    ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')
    : url.startsWith('file:')
      ? url.replace(/^file:\/\/\/work\/wt-speed\//, '').replace(/\/[^/]+$/, '')
      : url.startsWith('node:')
        ? 'node internals'
        : functionName.startsWith('(')
          ? functionName
          : 'other';
  area.set(a, (area.get(a) ?? 0) + t);
}
const show = (m, n) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, t]) => console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`));
console.log('— by area —');
show(area, 25);
console.log('— by function —');
show(fn, 40);
// Inclusive time of the functions named in argv[3..] (comma list), counting each sample once per name.
const names = (process.argv[3] ?? '').split(',').filter(Boolean);
if (names.length) {
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map(names.map((n) => [n, 0]));
  for (let i = 0; i < prof.samples.length; i++) {
    const seen = new Set();
    for (let id = prof.samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame.functionName;
      if (incl.has(f) && !seen.has(f)) {
        seen.add(f);
        incl.set(f, incl.get(f) + (dt[i] ?? 0));
      }
    }
  }
  console.log('— inclusive —');
  for (const [k, t] of incl) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
}
