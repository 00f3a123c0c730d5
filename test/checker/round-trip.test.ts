/**
 * Round trip: a report jixiao writes (.docx), read back by `jixiao extract`, gives a dataset that scores
 * as the original — the total and every level-3 indicator to the cent — for the seed and 20 synthetic
 * departments. The 附表 scores come back as evaluator answers; the figures must come back on their own
 * too: the rebuilt figures with the original evaluator answers score the same. And the checker finds
 * nothing in these reports that their data does not contain.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { loadFramework } from '../../src/adapters/files.ts';
import { checkReport } from '../../src/checker/index.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import { leaves, score } from '../../src/core/score.ts';
import { buildReportModel, renderDocx } from '../../src/report/index.ts';
import { stopChartThread } from '../../src/report/charts/thread.ts';
import { synthDepartment } from '../../src/synth/generate.ts';
import { futian, reparse, seedDataset } from '../helpers.ts';

const SYNTHETIC = 20;
const dir = mkdtempSync(join(tmpdir(), 'jixiao-round-trip-'));
const fw = futian();
const projectFw = (() => {
  const r = loadFramework('mof-project-2020');
  if (!r.ok) throw new Error('mof-project-2020 does not load');
  return r.value;
})();

const cases: { id: string; dataset: Dataset }[] = [{ id: '示例（福田区总工会）', dataset: seedDataset() }];
for (let i = 0; i < SYNTHETIC; i++) {
  const d = synthDepartment(i, { seed: 1, inconsistentPercent: 0 });
  cases.push({ id: d.id, dataset: reparse(d.dataset) });
}

after(() => stopChartThread());

describe('report → extract → score gives the same scores', () => {
  for (const { id, dataset } of cases) {
    it(`${id}: every indicator to the cent, and the checker finds only what the data holds`, async () => {
      const original = score(dataset, fw);
      const file = join(dir, `${id}.docx`);
      // As `jixiao report` writes it: a project table (附表 2-n) for each project with targets.
      const projects = (dataset.projects.items ?? []).some((p) => p.targets?.length);
      const options = projects ? { projectFramework: projectFw } : {};
      writeFileSync(file, await renderDocx(buildReportModel(dataset, fw, original, options)));
      const r = await checkReport(file, { framework: fw });
      assert.ok(r.ok);
      const back = parseDataset({ ...r.result.rebuilt.dataset, framework: fw.id });
      assert.ok(back.ok, JSON.stringify(!back.ok && back.errors.slice(0, 3)));
      const want = new Map(leaves(original).map((l) => [l.code, l.score]));
      const rescored = score(back.value, fw);
      assert.equal(rescored.total, original.total);
      for (const l of leaves(rescored)) assert.equal(l.score, want.get(l.code), `${id} ${l.name}`);
      // The figures alone: the rebuilt figures with the original evaluator answers.
      const figures = score({ ...back.value, evaluation: dataset.evaluation }, fw);
      for (const l of leaves(figures)) assert.equal(l.score, want.get(l.code), `${id} ${l.name}（数字）`);
      // Errors only where the dataset itself disagrees: narrative text it holds (the seed's counts).
      const narrative = stringify(dataset.narrative);
      for (const f of r.result.findings.filter((x) => x.severity === 'error')) {
        assert.match(f.code, /^report\.(count|enumerationRepeated)$/, f.message);
        // The count and what it counts (as the checker names it) both come from the narrative.
        const quoted = f.message.match(/此处(?:写)?“([^”]+)”/)?.[1] ?? '';
        const text = narrative.replace(/\s/g, '');
        const numbers = quoted.match(/\d+/g) ?? [];
        assert.ok(quoted, f.message);
        for (const n of numbers) assert.ok(text.includes(n), `${n}: ${f.message}`);
        for (const words of quoted.split(/\d+[个家项人名]?/).filter(Boolean))
          assert.ok(text.includes(words), `${words}: ${f.message}`);
      }
    });
  }

  it('says in the extract notes that the evaluator answers were read from the 附表', async () => {
    const r = await checkReport(join(dir, `${cases[1]!.id}.docx`), { framework: fw });
    assert.ok(r.ok);
    const note = r.result.rebuilt.missing.find((m) => m.path === 'evaluation');
    assert.match(note?.reason ?? '', /按附表自评得分读回/);
    assert.ok(r.result.rebuilt.rebuilt.has('evaluation'));
  });
});
