/**
 * The suite every batch of hand-made published 自评表 shares (test/fixtures/published-wild*): the
 * fixtures are complete (a clean twin for each planted file, every layout named, the committed text
 * files are what make.ts renders), and each file raises exactly the codes worked out by hand in its
 * expected.json, its clean twin none, through the checker `jixiao check` sends it to. A file the reader
 * cannot read yet may be marked `knownFailing` with `why`: it runs as a node:test todo until fixed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tableName } from '../../src/checker/published/checks.ts';
import { checkAnyFile } from '../../src/checker/published/file.ts';
import { checkPublished } from '../../src/checker/published/index.ts';
import { findingTitle } from '../../src/core/labels.ts';

export interface Expected {
  file: string;
  clean: boolean;
  layout: string;
  kind: 'project' | 'department';
  /** A file of several tables: each table's name (project, else department), in order. */
  tables?: string[];
  codes: string[];
  knownFailing?: boolean;
  why?: string;
}

interface Made {
  file: string;
  clean: boolean;
  layout: string;
  body: () => Promise<string | Uint8Array> | string | Uint8Array;
}

export function handMade(opts: {
  dir: string;
  title: string;
  minPairs: number;
  layouts: string[];
  fixtures: () => Made[];
}) {
  const { dir } = opts;
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected[];
  const todo = (e: Expected) => (e.knownFailing ? { todo: e.why ?? 'known failing' } : {});
  const check = async (file: string) => {
    const r = await checkPublished(join(dir, file));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return r.result;
  };

  describe(`${opts.title}: the fixtures`, () => {
    it(`at least ${opts.minPairs} hand-made pairs, each planted file with codes and a clean twin, every file present`, () => {
      const planted = expected.filter((e) => !e.clean);
      assert.ok(planted.length >= opts.minPairs, `${planted.length} pairs`);
      for (const p of planted) {
        assert.ok(p.codes.length > 0, p.file);
        assert.deepEqual(p.codes, [...p.codes].sort(), `${p.file}: codes sorted`);
        const twin = expected.find((e) => e.file === p.file.replace(/(\.\w+)$/, '-clean$1'));
        assert.ok(twin?.clean, `${p.file} has a clean twin`);
        assert.equal(twin.layout, p.layout);
        assert.deepEqual(twin.tables, p.tables);
      }
      for (const e of expected.filter((x) => x.knownFailing)) assert.ok(e.why, `${e.file}: why`);
      for (const layout of opts.layouts)
        assert.ok(
          expected.some((e) => e.layout === layout),
          layout,
        );
      assert.ok(expected.some((e) => e.kind === 'department' && e.layout !== 'narrative'));
      const onDisk = readdirSync(dir).filter((f) => !/\.(ts|json)$/.test(f));
      assert.deepEqual(onDisk.sort(), expected.map((e) => e.file).sort());
      for (const e of expected) assert.ok(existsSync(join(dir, e.file)), e.file);
    });

    it('the committed text and web-page files are what make.ts renders', async () => {
      const made = opts.fixtures().filter((m) => /\.(txt|html)$/.test(m.file));
      assert.ok(made.length >= opts.minPairs);
      for (const m of made)
        assert.deepEqual(readFileSync(join(dir, m.file)), Buffer.from(await m.body()), m.file);
      assert.deepEqual(
        opts
          .fixtures()
          .map((m) => [m.file, m.clean, m.layout])
          .sort(),
        expected.map((e) => [e.file, e.clean, e.layout]).sort(),
      );
    });
  });

  describe(`${opts.title}: what the checker finds`, () => {
    for (const e of expected) {
      it(`${e.file}: ${e.clean ? 'raises nothing' : e.codes.join('、')}`, todo(e), async () => {
        const r = await check(e.file);
        assert.equal(r.recognised, true, r.what);
        assert.equal(r.recognition.kind, e.kind, r.what);
        assert.deepEqual(
          r.findings.map((f) => f.code).sort(),
          e.codes,
          r.findings.map((f) => `${f.path} ${f.message}`).join('\n'),
        );
        if (e.clean) assert.ok(r.passed.length > 0, 'the clean twin was checked, not skipped');
        for (const f of r.findings) {
          assert.match(f.message, /[\u4e00-\u9fff]/);
          assert.match(f.path, /第 \d+ (行|段|个表格|页)|工作表「|网页第/);
          assert.notEqual(findingTitle(f.code), '核对发现', `${f.code} has a title`);
          assert.doesNotMatch(f.message, /published\.|undefined|NaN/);
        }
        if (e.tables) {
          // A file of several tables: each read as its own, each finding's place opens with its table's
          // name, and the planted errors sit after the first table (the same in both files).
          assert.deepEqual(
            r.recognition.tables.map((t, k) => tableName(t, k)),
            e.tables,
            r.what,
          );
          for (const f of r.findings) {
            assert.ok(
              e.tables.some((n) => f.path.startsWith(`「${n}」`)),
              `${f.path} names its table`,
            );
            assert.ok(!f.path.startsWith(`「${e.tables[0]}」`), `${f.path}: the first table is clean`);
          }
        } else assert.equal(r.recognition.tables.length, e.layout === 'narrative' ? 0 : 1, r.what);
        // What a new user runs (`jixiao check <file>`) reaches the same checker, not the report reader.
        assert.equal((await checkAnyFile(join(dir, e.file))).via, 'published');
      });
    }
  });

  return { expected, check };
}
