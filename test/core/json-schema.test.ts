/** The committed JSON Schemas are what the zod schemas generate (regenerate with npm run gen:schema). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetJsonSchema, frameworkJsonSchema } from '../../src/core/json-schema.ts';
import { ROOT } from '../helpers.ts';

for (const [file, make] of [
  ['dataset.schema.json', datasetJsonSchema],
  ['framework.schema.json', frameworkJsonSchema],
] as const) {
  test(`schema/${file} has not drifted from the zod schema`, () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'schema', file), 'utf8'));
    assert.deepEqual(
      committed,
      JSON.parse(JSON.stringify(make())),
      `schema/${file} 已过期：请运行 npm run gen:schema`,
    );
  });
}

test('the dataset JSON Schema documents amounts in 万元 and requires the core sections', () => {
  const s = datasetJsonSchema() as {
    required: string[];
    properties: Record<string, { description?: string }>;
  };
  for (const k of ['department', 'year', 'budget', 'execution', 'staff'])
    assert.ok(s.required.includes(k), k);
  assert.match(JSON.stringify(s.properties.budget), /人员经费（万元）/);
});
