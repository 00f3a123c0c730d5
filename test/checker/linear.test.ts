/**
 * The checker's work grows in proportion to the report's length. Work is counted, not timed: the
 * characters every regular expression scans (RegExp.prototype.exec, which test, match, matchAll, replace
 * and split all go through), the characters of every slice, the elements every array method walks, and
 * the elements every push or splice moves.
 * A report 8 times as long must cost at most 10 times the work (measured here: 6.9 to 8.1; the code before gave 12.5 to 65).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDocument, checkReportDocument, type ReportSource } from '../../src/checker/index.ts';
import { futian, seedReportText } from '../helpers.ts';

/** Runs `fn` with the counters installed and returns the work done. */
function work(fn: () => void): number {
  let units = 0;
  const re = RegExp.prototype;
  const exec = re.exec;
  re.exec = function (this: RegExp, s: string) {
    const from = this.global || this.sticky ? this.lastIndex : 0;
    const m = exec.call(this, s);
    units += 1 + Math.max(0, (m ? m.index + m[0].length : String(s).length) - from);
    return m;
  };
  const str = String.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const arr = Array.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const saved: [Record<string, (...a: unknown[]) => unknown>, string, (...a: unknown[]) => unknown][] = [];
  const wrap = (
    proto: Record<string, (...a: unknown[]) => unknown>,
    name: string,
    cost: (self: { length: number }, result: unknown, args: unknown[]) => number,
  ) => {
    const f = proto[name]!;
    saved.push([proto, name, f]);
    proto[name] = function (this: { length: number }, ...a: unknown[]) {
      const r = f.apply(this, a);
      units += 1 + cost(this, r, a);
      return r;
    };
  };
  const resultLength = (_: unknown, r: unknown) => (r as { length: number }).length;
  const ownLength = (self: { length: number }) => self.length;
  for (const name of ['slice', 'substring', 'trim', 'trimStart', 'trimEnd']) wrap(str, name, resultLength);
  for (const name of ['indexOf', 'lastIndexOf', 'includes', 'startsWith', 'endsWith'])
    wrap(str, name, ownLength);
  for (const name of [
    'find',
    'findIndex',
    'filter',
    'some',
    'every',
    'map',
    'forEach',
    'reduce',
    'includes',
    'indexOf',
    'slice',
    'join',
  ])
    wrap(arr, name, ownLength);
  wrap(arr, 'splice', (self, _r, a) => self.length + a.length);
  wrap(arr, 'push', (_s, _r, a) => a.length);
  try {
    fn();
  } finally {
    re.exec = exec;
    for (const [proto, name, f] of saved) proto[name] = f;
  }
  return units;
}

const fw = futian();
const check = (lines: string[]) => () => {
  const source: ReportSource = { name: 'r.txt', kind: 'txt', lines };
  checkReportDocument(buildDocument(source), { framework: fw });
};

function assertLinear(make: (k: number) => string[], what: string) {
  const small = work(check(make(2)));
  const large = work(check(make(16)));
  const ratio = large / small;
  assert.ok(ratio <= 10, `${what}: 8 倍长度的工作量为 ${ratio.toFixed(1)} 倍（${small} → ${large}）`);
  return ratio;
}

describe('the checker is linear in the report’s length', () => {
  const seed = seedReportText().split('\n');

  it('the seed repeated: 8 times the copies, at most 10 times the work', () => {
    assertLinear((k) => Array.from({ length: k }, () => seed).flat(), 'seed repeated');
  });

  it('one paragraph of many lines with figures and no full stop', () => {
    assertLinear(
      (k) =>
        Array.from(
          { length: k * 300 },
          (_, i) => `其中公用经费调减${i % 50}.25万元，预算执行率为${i % 90}.5%，涉及职工 ${i} 人`,
        ),
      'one long paragraph',
    );
  });

  it('the seed with its full stops removed (long sentences)', () => {
    const noStops = seed.map((l) => l.replace(/[。；]/g, '，'));
    assertLinear((k) => Array.from({ length: k }, () => noStops).flat(), 'no full stops');
  });

  it('a problems section and lists repeated many times', () => {
    const block = [
      '（二）存在问题',
      '1.“三公”经费控制率偏高',
      '“三公”经费控制率93.37%，预算执行率扣0.04分，得5.96分（满分6分，扣0.04分）。',
      '开展思想引领、素质提升、队伍壮大四个方面工作。',
    ];
    assertLinear((k) => Array.from({ length: k * 40 }, () => block).flat(), 'repeated sections');
  });
});
