// Regenerates the metric reference in docs/frameworks.md from the metric declarations.
import { readFileSync, writeFileSync } from 'node:fs';
import { withMetricDocs } from '../src/core/metrics/docs.ts';

const path = 'docs/frameworks.md';
writeFileSync(path, withMetricDocs(readFileSync(path, 'utf8')));
console.log(`已更新 ${path} 的指标量表`);
