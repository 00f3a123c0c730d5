/**
 * Fault and abuse, the quick part: thousands of generated inputs to the dataset loader
 * (parseDataText + parseDataset), the framework loader and the target parser. None may crash; every
 * rejection is a Chinese message with a path. Hostile YAML (aliases, deep nesting) is refused clearly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadDataset, loadFramework, parseDataText } from '../../src/adapters/files.ts';
import { parseDataset, type FieldError } from '../../src/core/dataset/parse.ts';
import { parseFramework } from '../../src/core/framework/validate.ts';
import { score } from '../../src/core/score.ts';
import { parseTargetText } from '../../src/core/targets/parse.ts';
import { synthDepartment } from '../../src/synth/generate.ts';

const CJK = /[\u4e00-\u9fff]/;
const RUNS = Number(process.env.JIXIAO_FUZZ_RUNS ?? 400);

function assertClearErrors(errors: FieldError[], what: string) {
  assert.ok(errors.length > 0, `${what}: rejected without errors`);
  for (const e of errors) {
    assert.equal(typeof e.path, 'string');
    assert.ok(e.path.length > 0, `${what}: error without a path: ${e.message}`);
    assert.match(e.message, CJK, `${what}: message not in Chinese: ${e.message}`);
    assert.doesNotMatch(e.message, /\n\s+at /, `${what}: stack trace in message`);
  }
}

/** The whole dataset pipeline on a text: never throws; ok, or clear errors. */
function loadText(text: string): void {
  const raw = parseDataText(text, '输入.yaml');
  if (!raw.ok) return assertClearErrors(raw.errors, 'parseDataText');
  const ds = parseDataset(raw.value);
  if (!ds.ok) assertClearErrors(ds.errors, 'parseDataset');
}

const seedText = readFileSync('examples/futian-zonggonghui-2023.yaml', 'utf8');
const frameworkText = readFileSync('frameworks/futian-2023.yaml', 'utf8');
const seedDataset = loadDataset('examples/futian-zonggonghui-2023.yaml');
if (!seedDataset.ok) throw new Error('seed');

test('dataset loader: arbitrary text never crashes', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => loadText(s)),
    { numRuns: RUNS },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => loadText(s)),
    { numRuns: RUNS },
  );
});

test('dataset loader: the seed text cut, spliced and garbled never crashes', () => {
  const lines = seedText.split('\n');
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: lines.length }),
      fc.integer({ min: 0, max: 40 }),
      fc.string({ maxLength: 30 }),
      (at, drop, insert) => {
        const cut = [...lines.slice(0, at), insert, ...lines.slice(at + drop)].join('\n');
        loadText(cut);
      },
    ),
    { numRuns: RUNS },
  );
});

/** A value anywhere in a dataset: what a person or a broken export might put there. */
const oddValue = fc.oneof(
  fc.constantFrom(
    '',
    '-',
    '1e9999',
    'NaN',
    '∞',
    '１２３',
    '3,2,4',
    '12.3.4',
    '−5',
    '5万',
    '5亿元',
    '%',
    '100%',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

/** Every path (as keys) to a leaf or subtree of a plain object. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (prefix.length) out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown) {
  let o = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
}

test('dataset loader: synthetic datasets with fields replaced, removed or added never crash; errors name the field', () => {
  const base = synthDepartment(3, { seed: 12, inconsistentPercent: 100 }).dataset;
  const all = paths(base);
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(fc.integer({ min: 0, max: all.length - 1 }), fc.option(oddValue, { nil: undefined })),
        { minLength: 1, maxLength: 4 },
      ),
      fc.boolean(),
      (edits, asJson) => {
        const ds = structuredClone(base) as Record<string, unknown>;
        for (const [k, v] of edits) {
          try {
            setAt(ds, all[k]!, v);
          } catch {
            /* the path went away with an earlier edit */
          }
        }
        const text = asJson ? JSON.stringify(ds) : stringify(ds);
        const raw = parseDataText(text);
        assert.ok(raw.ok, 'a structurally valid document must parse');
        const r = parseDataset(raw.value);
        if (r.ok) {
          score(r.value, frameworkOk()); // a dataset the schema accepts scores without throwing
          return;
        }
        assertClearErrors(r.errors, 'parseDataset');
        for (const e of r.errors)
          assert.doesNotMatch(e.path, /^（根）$/, `root-level error for a field edit: ${e.message}`);
      },
    ),
    { numRuns: RUNS * 2 },
  );
});

let fwCache: ReturnType<typeof loadFramework> | null = null;
function frameworkOk() {
  fwCache ??= loadFramework('futian-2023');
  if (!fwCache.ok) throw new Error('framework');
  return fwCache.value;
}

test('framework loader: the Futian framework with parts replaced never crashes; a framework it accepts scores the seed', () => {
  const raw = parseDataText(frameworkText);
  assert.ok(raw.ok);
  const all = paths(raw.value);
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: all.length - 1 }),
          fc.option(
            fc.oneof(
              oddValue,
              fc.constantFrom('tiered', 'checklist', 'veto', '101', '-1', '0', 'nope.metric'),
            ),
            { nil: undefined },
          ),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      (edits) => {
        const fw = structuredClone(raw.value) as Record<string, unknown>;
        for (const [k, v] of edits) {
          try {
            setAt(fw, all[k]!, v);
          } catch {
            /* path gone */
          }
        }
        const r = parseFramework(fw);
        if (!r.ok) return assertClearErrors(r.errors, 'parseFramework');
        const result = score(seedDataset.value, r.value);
        assert.match(result.total, /^-?\d+\.\d\d$/);
      },
    ),
    { numRuns: RUNS * 2 },
  );
});

test('framework loader: arbitrary text and JSON values never crash', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
      const r = parseFramework(v);
      if (!r.ok) assertClearErrors(r.errors, 'parseFramework');
    }),
    { numRuns: RUNS },
  );
});

test('target parser: any target or actual text never crashes', () => {
  const piece = fc.constantFrom(
    '≥',
    '≤',
    '>',
    '<',
    '＞',
    '%',
    '％',
    '万元',
    '元',
    '人次',
    '项',
    '100',
    '95.5',
    '年',
    '月',
    '日',
    '—',
    '-',
    '及时',
    '合格',
    ' ',
    '１２',
  );
  fc.assert(
    fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      const r = parseTargetText(text, {});
      assert.equal(typeof r.kind, 'string');
    }),
    { numRuns: RUNS * 2 },
  );
});

test('hostile YAML: alias bombs and deep nesting are refused with a clear message, quickly', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (const [k, prev] of [
    ['b', 'a'],
    ['c', 'b'],
    ['d', 'c'],
    ['e', 'd'],
    ['f', 'e'],
    ['g', 'f'],
    ['h', 'g'],
  ])
    bomb.push(`${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`);
  const cases: [string, string, RegExp][] = [
    ['alias bomb', bomb.join('\n'), /别名/],
    ['deep flow sequences', '['.repeat(50_000) + ']'.repeat(50_000), /嵌套层数过深/],
    ['deep flow mappings', 'a: ' + '{a: '.repeat(20_000) + '1' + '}'.repeat(20_000), /嵌套层数过深/],
    ['deep JSON', '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000), /嵌套层数过深/],
    [
      'deep block mapping',
      Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n'),
      /嵌套层数过深/,
    ],
  ];
  for (const [name, text, expected] of cases) {
    const r = parseDataText(text, 'bad.yaml');
    assert.equal(r.ok, false, name);
    if (r.ok) continue;
    assert.equal(r.errors[0]!.path, 'bad.yaml');
    assert.match(r.errors[0]!.message, expected, `${name}: ${r.errors[0]!.message}`);
  }
});
