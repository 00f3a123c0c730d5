/** npm run gen:schema — writes schema/*.schema.json from the zod schemas; a test fails when they drift. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { datasetJsonSchema, frameworkJsonSchema } from '../src/core/json-schema.ts';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/dataset.schema.json', JSON.stringify(datasetJsonSchema(), null, 2) + '\n');
writeFileSync('schema/framework.schema.json', JSON.stringify(frameworkJsonSchema(), null, 2) + '\n');
console.log('已生成 schema/dataset.schema.json、schema/framework.schema.json');
