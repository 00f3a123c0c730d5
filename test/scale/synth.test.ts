/** The synthetic jurisdiction generator: deterministic, valid, with its inconsistencies really there. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from '../../src/core/decimal.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import { checkDataset } from '../../src/core/checks/dataset.ts';
import { INCONSISTENCY_KINDS, TARGET_TEMPLATES, synthDepartment } from '../../src/synth/generate.ts';
import { catalogue } from '../../src/core/dataset/catalogue.ts';
import { TARGET_CATEGORIES } from '../../src/core/dataset/schema.ts';
import { Rng, cents, scaleBp } from '../../src/synth/prng.ts';
import { main } from '../../src/cli/main.ts';
import type { SynthManifest } from '../../src/synth/write.ts';

test('cents() and scaleBp() build decimal text from integers', () => {
  assert.equal(cents(52307), '523.07');
  assert.equal(cents(-70), '-0.70');
  assert.equal(cents(5), '0.05');
  assert.equal(cents(0), '0.00');
  assert.equal(scaleBp(10000, 9337), 9337);
  assert.equal(scaleBp(3, 5000), 2); // 1.5 rounds half up
  assert.equal(scaleBp(-3, 5000), -2);
});

test('the PRNG is seeded and stays in range', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const xs = Array.from({ length: 1000 }, () => a.int(-5, 5));
  assert.deepEqual(
    xs,
    Array.from({ length: 1000 }, () => b.int(-5, 5)),
  );
  assert.ok(xs.every((x) => x >= -5 && x <= 5));
  assert.equal(new Set(xs).size, 11);
});

test('a department depends only on the seed and its index', () => {
  const one = synthDepartment(17, { seed: 5 });
  const again = synthDepartment(17, { seed: 5 });
  assert.deepEqual(one, again);
  assert.notDeepEqual(synthDepartment(17, { seed: 6 }).dataset, one.dataset);
  assert.notDeepEqual(synthDepartment(18, { seed: 5 }).dataset, one.dataset);
});

test('every synthetic department is valid against the dataset schema, with distinct names', () => {
  const names = new Set<string>();
  for (let i = 0; i < 800; i++) {
    const d = synthDepartment(i, { seed: 9, inconsistentPercent: 40 });
    const r = parseDataset(d.dataset);
    assert.ok(r.ok, `department ${i}: ${JSON.stringify(!r.ok && r.errors.slice(0, 3))}`);
    names.add(r.value.department.name);
  }
  assert.equal(names.size, 800);
});

/** Recomputes each recorded inconsistency from the dataset itself. */
function reallyInconsistent(kind: string, ds: ReturnType<typeof parseDataset> & { ok: true }): boolean {
  const v = ds.value;
  const D = (s: string | undefined) => new Decimal(s ?? '0');
  const initial = D(v.budget.initial.personnel)
    .plus(v.budget.initial.publicOperating)
    .plus(v.budget.initial.project);
  const net = v.adjustments.reduce((s, a) => s.plus(a.amount), new Decimal(0));
  switch (kind) {
    case 'stated-initial-total':
      return !D(v.stated['budget.initial.total']).equals(initial);
    case 'stated-adjustment-net':
      return !D(v.stated['adjustments.net']).equals(net);
    case 'stated-funded-control-rate': {
      const rate = new Decimal(v.staff.staffInPost).dividedBy(v.staff.authorizedPosts).times(100);
      return rate
        .minus(D(v.stated['staff.fundedControlRate']!.replace('%', '')))
        .abs()
        .greaterThan('0.005');
    }
    case 'execution-by-category': {
      const c = v.execution.byCategory!;
      return !D(c.personnel)
        .plus(c.publicOperating)
        .plus(c.project)
        .equals(v.execution.quarterlyCumulative[3]!);
    }
    case 'quarterly-decreasing': {
      const q = v.execution.quarterlyCumulative.map((x) => D(x));
      return q.some((x, i) => i > 0 && x.lessThan(q[i - 1]!));
    }
    case 'asset-in-use-exceeds-original':
      return v.assets.fixed.some((c) => D(c.inUseValue).greaterThan(c.originalValue));
    case 'petitions-replied-exceeds-received':
      return v.petitions.replied > v.petitions.received;
    case 'projects-completed-exceeds-count':
      return v.projects.completedOnTime > v.projects.count;
  }
  return false;
}

test('jixiao synth writes the folder and a manifest whose every inconsistency is really in its file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-synth-'));
  try {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['synth', '--departments', '120', '--seed', '77', '--inconsistent', '50', '-o', join(dir, 'j')],
      { out: (t) => out.push(t), err: (t) => err.push(t) },
    );
    assert.equal(code, 0, err.join('\n'));
    const files = readdirSync(join(dir, 'j')).filter((f) => f.endsWith('.yaml'));
    assert.equal(files.length, 120);
    const manifest = JSON.parse(readFileSync(join(dir, 'j', 'manifest.json'), 'utf8')) as SynthManifest;
    assert.equal(manifest.seed, 77);
    assert.ok(manifest.inconsistent.length >= 40 && manifest.inconsistent.length <= 80);
    const kinds = new Set<string>();
    for (const entry of manifest.inconsistent) {
      const ds = loadDataset(join(dir, 'j', entry.file));
      assert.ok(ds.ok, entry.file);
      for (const inc of entry.inconsistencies) {
        kinds.add(inc.kind);
        assert.ok(reallyInconsistent(inc.kind, ds), `${entry.file}: ${inc.kind} not present`);
        assert.match(inc.description, /[\u4e00-\u9fff]/);
      }
    }
    assert.deepEqual([...kinds].sort(), [...INCONSISTENCY_KINDS].sort());
    // Files not in the manifest are consistent in every recorded respect.
    const listed = new Set(manifest.inconsistent.map((e) => e.file));
    for (const f of files.filter((x) => !listed.has(x)).slice(0, 30)) {
      const ds = loadDataset(join(dir, 'j', f));
      assert.ok(ds.ok);
      for (const kind of INCONSISTENCY_KINDS.filter(
        (k) => !k.startsWith('stated') && k !== 'execution-by-category',
      ))
        assert.equal(reallyInconsistent(kind, ds), false, `${f}: ${kind}`);
    }
    // The same seed writes the same bytes.
    assert.equal(
      await main(['synth', '--departments', '3', '--seed', '77', '-o', join(dir, 'k')], {
        out() {},
        err() {},
      }),
      0,
    );
    assert.equal(
      readFileSync(join(dir, 'k', files[2]!), 'utf8'),
      readFileSync(join(dir, 'j', files[2]!), 'utf8'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('jixiao synth refuses bad arguments in Chinese with exit 2', async () => {
  const err: string[] = [];
  const io = { out() {}, err: (t: string) => err.push(t) };
  assert.equal(await main(['synth', '--departments', 'many', '--seed', '1'], io), 2);
  assert.match(err.join('\n'), /--departments 应为/);
  assert.equal(await main(['synth', '--departments', '3'], io), 2);
  assert.match(err.join('\n'), /需要 --seed/);
});

test('the dataset checks find every inconsistency the generator recorded, at its field', () => {
  const fw = loadFramework('futian-2023');
  assert.ok(fw.ok);
  const missed: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 150; i++) {
    const d = synthDepartment(i, { seed: 4, inconsistentPercent: 100 });
    const p = parseDataset(d.dataset);
    assert.ok(p.ok);
    const findings = checkDataset(p.value, fw.value).filter((f) => f.severity !== 'note');
    for (const inc of d.inconsistencies) {
      seen.add(inc.kind);
      const field = inc.path.replace(/\[\d+\].*$/, '');
      if (!findings.some((f) => f.path.startsWith(field) || inc.path.startsWith(f.path)))
        missed.push(`${d.id} ${inc.kind} ${inc.path}`);
    }
  }
  assert.equal(seen.size, INCONSISTENCY_KINDS.length);
  assert.deepEqual(missed, []);
});

/**
 * The objects a pattern's last key lives in: "targets[].category" → every target; "budget.initial.x" →
 * the budget.initial object, if present. Lists give every item, records every value.
 */
function containersOf(data: unknown, pattern: string): { containers: unknown[]; key: string } {
  const steps = pattern.replace(/\[\]/g, '.[]').split('.');
  const key = steps.pop()!;
  let level: unknown[] = [data];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of level) {
      if (step === '[]') {
        if (Array.isArray(v)) next.push(...(v as unknown[]));
      } else if (step === '{}') {
        if (v && typeof v === 'object') next.push(...Object.values(v));
      } else if (v && typeof v === 'object' && (v as Record<string, unknown>)[step] !== undefined)
        next.push((v as Record<string, unknown>)[step]);
    }
    level = next;
  }
  return { containers: level, key };
}

test('a synthetic department has every required entered field of the catalogue', () => {
  const required = catalogue().filter((d) => d.source === 'entered' && d.required);
  assert.ok(required.length > 20, `${required.length} required entered fields`);
  for (let i = 0; i < 60; i++) {
    const { dataset } = synthDepartment(i, { seed: 3, inconsistentPercent: 50 });
    for (const def of required) {
      const pattern = def.path.replace(/\[\]$/, '');
      const { containers, key } = containersOf(dataset, pattern);
      // Outside lists, the object holding the field is there (unless the field is in an optional object).
      if (!pattern.includes('[]') && !pattern.includes('{}') && !def.optionalParent)
        assert.equal(containers.length, 1, `department ${i}: no object for ${def.path}`);
      for (const c of containers) {
        const v = (c as Record<string, unknown>)[key];
        assert.ok(v !== undefined && v !== '', `department ${i}: ${def.path} (${def.label}) missing`);
        if (def.listLength) assert.equal((v as unknown[]).length, def.listLength, def.path);
      }
    }
  }
});

test('the target templates cover every target category of the schema', () => {
  assert.deepEqual(
    TARGET_CATEGORIES.filter((c) => !TARGET_TEMPLATES.some((t) => t.category === c)),
    [],
  );
});
