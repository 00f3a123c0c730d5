/** docs/frameworks.md lists every built-in metric and formula function as declared: the doc is current. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_METRICS } from '../../src/core/metrics/builtin.ts';
import { withMetricDocs } from '../../src/core/metrics/docs.ts';
import { ROOT } from '../helpers.ts';

test('docs/frameworks.md carries the metric table generated from the declarations (npm run gen:docs)', () => {
  const doc = readFileSync(join(ROOT, 'docs/frameworks.md'), 'utf8');
  assert.equal(doc, withMetricDocs(doc), 'docs/frameworks.md is stale: run npm run gen:docs');
  for (const [name, m] of Object.entries(BUILTIN_METRICS)) {
    assert.ok(doc.includes(`| \`${name}\` | ${m.label} |`), name);
  }
});

test('every rule kind the framework schema accepts is described in docs/frameworks.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/frameworks.md'), 'utf8');
  const schema = readFileSync(join(ROOT, 'schema/framework.schema.json'), 'utf8');
  const kinds = [...schema.matchAll(/"kind":\s*\{[^}]*"const":\s*"(\w+)"/g)].map((m) => m[1]!);
  assert.ok(kinds.length >= 11, kinds.join(','));
  for (const k of new Set(kinds)) assert.ok(doc.includes(`| \`${k}\` |`), k);
});
