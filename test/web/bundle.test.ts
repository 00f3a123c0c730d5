/**
 * What the browser downloads: the front end scores, validates and draws nothing itself (the server
 * does), so no validation library, decimal arithmetic, formula parser or chart library is in its
 * bundle; the field catalogue arrives as data made from the schema at build time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build, type Rolldown } from 'vite';
import { catalogue } from '../../src/core/dataset/catalogue.ts';
import { datasetShape } from '../../src/core/dataset/dataset-shape.ts';
import { ROOT } from '../helpers.ts';

test('the dataset schema’s structure survives JSON unchanged (the web gets it that way)', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(datasetShape)), datasetShape);
  // And it is the structure the catalogue is read from: every field has a label and a kind.
  assert.ok(catalogue().length > 100);
  assert.ok(catalogue().every((f) => f.label && f.kind));
});

test('the web bundle carries no zod, decimal.js, jsep or ECharts', { timeout: 120_000 }, async () => {
  const dist = mkdtempSync(join(tmpdir(), 'jixiao-bundle-'));
  try {
    const out = (await build({
      configFile: join(ROOT, 'web/vite.config.ts'),
      logLevel: 'error',
      build: { outDir: dist, emptyOutDir: true },
    })) as Rolldown.RolldownOutput;
    const modules = out.output.flatMap((c) => (c.type === 'chunk' ? c.moduleIds : []));
    assert.ok(
      modules.some((m) => m.includes('/node_modules/antd/')),
      'the bundle was read',
    );
    for (const pkg of ['zod', 'decimal.js', 'jsep', 'echarts', 'zrender']) {
      const found = modules.filter((m) => m.includes(`/node_modules/${pkg}/`));
      assert.deepEqual(found, [], `${pkg} is in the web bundle`);
    }
    // The catalogue's data is there, made from the schema: a field label the schema declares.
    const code = out.output.map((c) => (c.type === 'chunk' ? c.code : '')).join('\n');
    assert.ok(
      code.includes(JSON.stringify(catalogue()[0]!.description ?? catalogue()[0]!.label).slice(1, -1)),
    );
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});
