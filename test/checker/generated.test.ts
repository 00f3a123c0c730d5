/**
 * A report jixiao writes from the example dataset: its figures come from one dataset, so the checker
 * must find no numeric disagreement in it (a second document for "no false alarms"). The narrative it
 * copies from the seed keeps the seed's narrative inconsistencies (counts stated twice), which are
 * still reported.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkReport } from '../../src/checker/index.ts';
import { main } from '../../src/cli/main.ts';
import { SEED_EXAMPLE, futian } from '../helpers.ts';

describe('checking a report jixiao wrote', () => {
  it('finds no figure that disagrees with its parts or operands', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'jixiao-gen-')), 'report.docx');
    const quiet = { out: () => {}, err: () => {} };
    assert.equal(await main(['report', SEED_EXAMPLE, '-o', out], quiet), 0);
    const r = await checkReport(out, { framework: futian() });
    assert.ok(r.ok);
    const numeric = r.result.findings.filter((f) =>
      /^report\.(sum|rate|unit|repeated|score|scoreTotal|scoreWeight|tableNumber|breakdown)$/.test(f.code),
    );
    assert.deepEqual(numeric, []);
    assert.ok(r.result.passed.filter((p) => p.code === 'report.recomputed').length > 80);
    assert.ok(r.result.passed.some((p) => p.code === 'report.score' && /预算执行率/.test(p.message)));
  });
});
