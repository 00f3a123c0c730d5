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
import { stringify } from 'yaml';
import { writeFileSync } from 'node:fs';
import { SEED_EXAMPLE, futian, seedInput } from '../helpers.ts';

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

  it('reads adjustments listed one by one as parts of the category net, not as the net itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-gen-'));
    const d = seedInput();
    // Two cuts to 公用经费 (−0.33, −0.37) whose sum (−0.70) is the net the adjustment table prints.
    d.adjustments = [
      { category: 'personnel', amount: '-108.60' },
      { category: 'publicOperating', amount: '-0.33', reason: '统筹收回' },
      { category: 'project', amount: '50.00' },
      { category: 'publicOperating', amount: '-0.37', reason: '过紧日子' },
    ];
    writeFileSync(join(dir, 'd.yaml'), stringify(d));
    const out = join(dir, 'report.docx');
    assert.equal(await main(['report', join(dir, 'd.yaml'), '-o', out], { out: () => {}, err: () => {} }), 0);
    const r = await checkReport(out, { framework: futian() });
    assert.ok(r.ok);
    const repeated = r.result.findings.filter(
      (f) => f.code === 'report.repeated' && /预算调整金额/.test(f.message),
    );
    assert.deepEqual(repeated, []);
  });

  it('reads the value in use of fixed assets as in use, not as their original value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-gen-'));
    const d = seedInput();
    const assets = d.assets as { fixed: { inUseValue: string }[] };
    assets.fixed[2]!.inUseValue = '30.00'; // 家具 38.53 of which 30.00 in use: utilization below 100 %
    writeFileSync(join(dir, 'd.yaml'), stringify(d));
    const out = join(dir, 'report.docx');
    assert.equal(await main(['report', join(dir, 'd.yaml'), '-o', out], { out: () => {}, err: () => {} }), 0);
    const r = await checkReport(out, { framework: futian() });
    assert.ok(r.ok);
    assert.deepEqual(
      r.result.findings.filter((f) => /^report\.(sum|rate|repeated)$/.test(f.code)),
      [],
    );
  });

  it('accepts a 调整、调剂资金累计 above the sum of category nets: adjustments within a category may go both ways', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-gen-'));
    const d = seedInput();
    // 公用经费: +0.67 then −1.37; net −0.70 (what the table shows), gross 2.04.
    d.adjustments = [
      { category: 'personnel', amount: '-108.60' },
      { category: 'publicOperating', amount: '0.67' },
      { category: 'project', amount: '50.00' },
      { category: 'publicOperating', amount: '-1.37' },
    ];
    writeFileSync(join(dir, 'd.yaml'), stringify(d));
    const out = join(dir, 'report.docx');
    assert.equal(await main(['report', join(dir, 'd.yaml'), '-o', out], { out: () => {}, err: () => {} }), 0);
    const r = await checkReport(out, { framework: futian() });
    assert.ok(r.ok);
    assert.deepEqual(
      r.result.findings.filter((f) => /^report\.(sum|rate|repeated)$/.test(f.code)),
      [],
    );
  });
});
