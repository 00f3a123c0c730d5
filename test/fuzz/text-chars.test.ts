/**
 * Characters no text may carry — NUL and other C0 controls, lone surrogates, U+FFFE/U+FFFF, bidi
 * embedding/override/isolate controls — put into every text field of every entry point: dataset files
 * (JSON and YAML), the web API (the dataset and every other text a request carries) and the workbook
 * upload. Each is refused with a Chinese message that names the field (the workbook: sheet and cell);
 * nothing crashes, nothing is saved, nothing is written to stderr.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { format } from 'node:util';
import fc from 'fast-check';
import JSZip from 'jszip';
import { stringify } from 'yaml';
import { parseDataText } from '../../src/adapters/files.ts';
import { buildWorkbook, readWorkbook } from '../../src/adapters/xlsx/workbook.ts';
import { formatPath, parseDataset } from '../../src/core/dataset/parse.ts';
import { NARRATIVE_KEYS, SECTIONS, getPath, setPath } from '../../src/core/dataset/sections.ts';
import { ROOT, seedDataset } from '../helpers.ts';
import { apiFixture } from '../server/fixture.ts';

const RUNS = Number(process.env.JIXIAO_FUZZ_RUNS ?? 400);
const CJK = /[\u4e00-\u9fff]/;
const REFUSED = /含有不能保存的字符 U\+[0-9A-F]{4}（/;

/** One character of each refused class. */
const CHARS: [string, string][] = [
  ['NUL', '\u0000'],
  ['C0 control (BEL)', '\u0007'],
  ['vertical tab', '\u000b'],
  ['lone high surrogate', '\ud83d'],
  ['lone low surrogate', '\ude00'],
  ['U+FFFE', '\ufffe'],
  ['U+FFFF', '\uffff'],
  ['bidi override (RLO)', '\u202e'],
  ['bidi embedding (LRE)', '\u202a'],
  ['bidi isolate (RLI)', '\u2067'],
  ['bidi isolate end (PDI)', '\u2069'],
];
/** Where in the text the character goes: first, middle, last, twice. */
const place = (text: string, ch: string, k: number) =>
  [`${ch}${text}`, `${text.slice(0, 1)}${ch}${text.slice(1)}`, `${text}${ch}`, `${ch}${text}${ch}`][k % 4]!;

const seed = seedDataset();

/** Every string in the seed dataset (450 of them) by its path, as parseDataset names paths. */
function textPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => textPaths(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => textPaths(x, [...path, k]));
  return [];
}
const PATHS = textPaths(seed);

function inject(path: (string | number)[], ch: string, k: number): Record<string, unknown> {
  const data = structuredClone(seed) as unknown as Record<string, unknown>;
  let cur: Record<string | number, unknown> = data;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  cur[last] = place(String(cur[last]), ch, k);
  return data;
}

/** Each field with a class of its own (every class many times over), then random pairs. */
function cases(): { path: (string | number)[]; name: string; ch: string; k: number }[] {
  const out = PATHS.map((path, i) => ({
    path,
    name: CHARS[i % CHARS.length]![0],
    ch: CHARS[i % CHARS.length]![1],
    k: i,
  }));
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: PATHS.length - 1 }),
      fc.integer({ min: 0, max: CHARS.length - 1 }),
      fc.nat(3),
      (p, c, k) => {
        out.push({ path: PATHS[p]!, name: CHARS[c]![0], ch: CHARS[c]![1], k });
      },
    ),
    { numRuns: Math.max(1, RUNS / 4) },
  );
  return out;
}

function assertNamed(errors: { path: string; message: string }[], path: string, what: string) {
  const hit = errors.find((e) => e.path === path && REFUSED.test(e.message));
  assert.ok(hit, `${what}: no refusal at ${path}: ${JSON.stringify(errors).slice(0, 300)}`);
}

test(`dataset files: each of ${PATHS.length} text fields × ${CHARS.length} classes, as JSON and YAML`, () => {
  // What a file's reader hands on, one field and one character at a time.
  for (const c of cases()) {
    const path = formatPath(c.path);
    const r = parseDataset(inject(c.path, c.ch, c.k));
    assert.ok(!r.ok, `${c.name} at ${path}: accepted`);
    assertNamed(r.errors, path, `${c.name} at ${path}`);
  }
  // The files themselves, 40 fields a file (each with its own class), as JSON and as YAML. YAML
  // writes the character escaped ("\0", "\uFFFE") or raw; the reader may refuse a text as a whole
  // (YAML forbids some raw): then with a clear message; never accepted; otherwise every field named.
  for (let from = 0; from < PATHS.length; from += 40) {
    const chunk = PATHS.slice(from, from + 40);
    let data: unknown = structuredClone(seed);
    chunk.forEach((path, i) => {
      const [, ch] = CHARS[(from + i) % CHARS.length]!;
      data = setPath(data, formatPath(path), place(String(getPath(data, formatPath(path))), ch, from + i));
    });
    for (const [kind, text] of [
      ['JSON', JSON.stringify(data)],
      ['YAML', stringify(data)],
    ] as const) {
      const read = parseDataText(text, `输入.${kind.toLowerCase()}`);
      if (!read.ok) {
        assert.equal(kind, 'YAML', 'JSON text is always read');
        for (const e of read.errors) assert.match(e.message, CJK);
        continue;
      }
      const r = parseDataset(read.value);
      assert.ok(!r.ok, `fields ${from}… accepted from ${kind}`);
      for (const path of chunk) assertNamed(r.errors, formatPath(path), `${kind} field ${formatPath(path)}`);
    }
  }
});

describe('the web API', () => {
  let f: Awaited<ReturnType<typeof apiFixture>>;
  let filler = '';
  let admin = '';
  let reviewer = '';
  let version = 0;
  before(async () => {
    f = await apiFixture();
    filler = await f.login('filler-a');
    admin = await f.login('admin');
    reviewer = await f.login('reviewer');
    const cur = await f.req('GET', `/api/datasets/${f.datasetA}`, { cookie: filler });
    version = (cur.json.dataset as { version: number }).version;
  });
  after(async () => {
    await f.store.close();
  });

  /** Runs fn with console.error captured; fails when anything was written. */
  async function silent<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const original = console.error;
    let logged = '';
    console.error = (...args: unknown[]) => void (logged += format(...args));
    try {
      return await fn();
    } finally {
      console.error = original;
      assert.equal(logged.slice(0, 300), '', `${what}: written to stderr`);
    }
  }

  test('every text field of a dataset save: 422 naming the field; the stored version unchanged', async () => {
    for (const c of cases()) {
      const path = formatPath(c.path);
      const what = `${c.name} at ${path}`;
      const r = await silent(what, () =>
        f.req('PUT', `/api/datasets/${f.datasetA}`, {
          cookie: filler,
          body: { version, data: inject(c.path, c.ch, c.k) },
        }),
      );
      assert.equal(r.status, 422, `${what}: ${r.status} ${r.text.slice(0, 200)}`);
      assertNamed(r.json.errors as { path: string; message: string }[], path, what);
    }
    const now = await f.req('GET', `/api/datasets/${f.datasetA}`, { cookie: filler });
    assert.equal((now.json.dataset as { version: number }).version, version);
  });

  test('every other text a request carries: 400 naming the field in Chinese; nothing created', async () => {
    const requests: [string, (bad: string) => Promise<{ status: number; json: Record<string, unknown> }>][] =
      [
        [
          '用户名',
          (bad) => f.req('POST', '/api/auth/login', { body: { username: bad, password: 'x-x-x-x-x' } }),
        ],
        ['名称', (bad) => f.req('POST', '/api/departments', { cookie: admin, body: { name: bad } })],
        [
          '编码',
          (bad) => f.req('POST', '/api/departments', { cookie: admin, body: { name: '新部门', code: bad } }),
        ],
        [
          '姓名',
          (bad) =>
            f.req('POST', '/api/users', {
              cookie: admin,
              body: { username: 'someone', displayName: bad, role: 'reviewer' },
            }),
        ],
        [
          '用户名',
          (bad) =>
            f.req('POST', '/api/users', {
              cookie: admin,
              body: { username: bad, displayName: '某人', role: 'reviewer' },
            }),
        ],
        [
          '复核理由',
          (bad) =>
            f.req('POST', `/api/datasets/${f.datasetA}/reviews`, {
              cookie: reviewer,
              body: { score: '90', reason: bad },
            }),
        ],
        [
          '框架文件内容',
          (bad) =>
            f.req('POST', '/api/frameworks', { cookie: admin, body: { text: `id: x\nname: ${bad}\n` } }),
        ],
        [
          '指标体系框架',
          (bad) =>
            f.req('POST', `/api/departments/${f.deptA.id}/datasets`, {
              cookie: filler,
              body: { year: 2030, frameworkId: bad },
            }),
        ],
      ];
    for (const [label, send] of requests)
      for (const [name, ch] of CHARS)
        for (let k = 0; k < 4; k++) {
          const r = await silent(`${name} in ${label}`, () => send(place('测试文字', ch, k)));
          assert.equal(
            r.status,
            400,
            `${name} in ${label}: ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`,
          );
          assert.match(
            String(r.json.message),
            new RegExp(`${label}：含有不能保存的字符`),
            `${name} in ${label}`,
          );
        }
    assert.equal(
      ((await f.req('GET', '/api/departments', { cookie: admin })).json.departments as unknown[]).length,
      2,
    );
    assert.equal(((await f.req('GET', '/api/users', { cookie: admin })).json.users as unknown[]).length, 4);
    const reviews = await f.req('GET', `/api/datasets/${f.datasetA}/reviews`, { cookie: reviewer });
    assert.deepEqual(reviews.json.reviews, []);
    const frameworks = await f.req('GET', '/api/frameworks', { cookie: admin });
    assert.ok(!(frameworks.json.frameworks as { id: string }[]).some((x) => x.id === 'x'));
  });
});

/** The workbook's text cells: form fields and list columns of kind text, and the narrative. */
function workbookTextPaths(): string[] {
  const out: string[] = [];
  for (const s of SECTIONS) {
    if (s.kind === 'fields') {
      for (const fl of s.fields)
        if (fl.kind === 'text' && typeof getPath(seed, fl.path) === 'string') out.push(fl.path);
    } else {
      const items = getPath(seed, s.path);
      if (!Array.isArray(items) || items.length === 0) continue;
      for (const col of s.columns)
        if (col.kind === 'text' && typeof getPath(items[0], col.path) === 'string')
          out.push(`${s.path}[0].${col.path}`);
    }
  }
  for (const n of NARRATIVE_KEYS)
    if (Array.isArray(getPath(seed, `narrative.${n.key}`))) out.push(`narrative.${n.key}`);
  return out;
}

describe('the workbook upload', () => {
  const paths = workbookTextPaths();

  test(`bidi controls in all ${paths.length} text cells: refused, each named by sheet and cell`, async () => {
    const bidi = CHARS.filter(([n]) => n.startsWith('bidi'));
    let data: unknown = seed;
    paths.forEach((p, i) => {
      const v = getPath(seed, p);
      const ch = bidi[i % bidi.length]![1];
      data = setPath(data, p, Array.isArray(v) ? [place(String(v[0]), ch, i)] : place(String(v), ch, i));
    });
    const bytes = await buildWorkbook(data, { department: '测试', year: 2023 });
    const r = await readWorkbook(bytes, seed);
    assert.ok(!r.ok, 'accepted');
    for (const p of paths) {
      const e = r.errors.find((x) => x.path === p || x.path === `${p}[0]`);
      assert.ok(e, `no error for ${p}: ${JSON.stringify(r.errors.slice(0, 3))}`);
      assert.ok(e.sheet && e.cell, `${p}: no sheet and cell`);
      assert.match(e.message, REFUSED);
    }
  });

  test('XML-illegal characters smuggled into the sheet XML: refused with a Chinese message', async () => {
    const marker = 'MARKERTEXT';
    const data = setPath(seed, 'department.name', marker);
    const clean = await buildWorkbook(data, { department: '测试', year: 2023 });
    for (const [name, ch] of CHARS.filter(([n]) => !n.startsWith('bidi'))) {
      const cp = ch.codePointAt(0)!;
      // Raw, and as a character reference (UTF-8 cannot carry a lone surrogate raw: only the reference).
      const forms =
        cp >= 0xd800 && cp <= 0xdfff ? [`&#x${cp.toString(16)};`] : [`&#x${cp.toString(16)};`, ch];
      for (const form of forms) {
        const zip = await JSZip.loadAsync(clean);
        let patched = 0;
        for (const file of Object.keys(zip.files).filter((n) =>
          /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/.test(n),
        )) {
          const xml = await zip.file(file)!.async('string');
          if (xml.includes(marker)) {
            zip.file(file, xml.replace(marker, `部门${form}名称`));
            patched++;
          }
        }
        assert.ok(patched > 0, 'marker found');
        const bytes = new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
        const r = await readWorkbook(bytes, seed);
        assert.ok(!r.ok, `${name} as ${JSON.stringify(form)}: accepted`);
        for (const e of r.errors) assert.match(e.message, CJK, `${name}: ${e.message}`);
        // Where the XML reader lets it through, the refusal names the sheet and cell.
        const named = r.errors.find((e) => e.path === 'department.name');
        if (named) assert.ok(named.sheet && named.cell && REFUSED.test(named.message));
      }
    }
  });
});

test('the CLI: a data file with refused characters exits 2 naming each field, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-chars-'));
  try {
    const data = structuredClone(seed) as unknown as Record<string, unknown>;
    const file = join(dir, 'data.json');
    writeFileSync(
      file,
      JSON.stringify(
        setPath(setPath(data, 'department.name', '福田\u0000总工会'), 'targets[0].name', '指标\u202e00.21'),
      ),
    );
    for (const command of ['validate', 'score']) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/jixiao.js'), command, file], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 2, `${command}: ${r.stdout}${r.stderr}`);
      // The field by its Chinese label (the CLI's way since the labels landed), with the character.
      assert.match(r.stderr, /部门（单位）名称：含有不能保存的字符 U\+0000（空字符）/);
      assert.match(r.stderr, /三级指标名称：含有不能保存的字符 U\+202E（双向文字控制符/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
