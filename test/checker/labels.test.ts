/**
 * What users read carries no code: every finding code has a Chinese title, field paths have Chinese
 * labels, and the CLI's output for the seed (report check, dataset check, extract) and the seed's
 * rendered report contain no finding code, field path or enum value. (The web pages are scanned in
 * test/web/e2e.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runDatasetChecks } from '../../src/core/checks/dataset.ts';
import { FINDING_TITLES, QUARTERS, fieldPathLabel, findingTitle } from '../../src/core/labels.ts';
import { score } from '../../src/core/score.ts';
import { buildReportModel, renderHtml } from '../../src/report/index.ts';
import { projectFrameworkFor } from '../../src/report/project-framework.ts';
import { main } from '../../src/cli/main.ts';
import { ROOT, SEED_EXAMPLE, SEED_REPORT, futian, seedDataset } from '../helpers.ts';
import { tempFile, type Run } from '../cli/run.ts';

/** Finding codes, field paths, index paths and enum values, as they would leak into text. */
const CODE_LIKE =
  /\b[a-z]+[A-Za-z]*\.[a-zA-Z][\w.-]*|\b[a-zA-Z]+\[\d+\]|\b(?:full|partial|none|exempt|personnel|publicOperating|project|error|warning|note)\b/g;
const codesIn = (text: string) => [...text.matchAll(CODE_LIKE)].map((m) => m[0]);

async function jixiao(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t + '\n'), err: (t) => (stderr += t + '\n') });
  return { code, stdout, stderr };
}

/** Every `code: '…'` literal (and the alternatives of a `code: a ? 'x' : 'y'`) in the checks' sources. */
function emittedCodes(): string[] {
  const out = new Set<string>();
  for (const dir of ['src/core/checks', 'src/checker', 'src/checker/published']) {
    for (const f of readdirSync(join(ROOT, dir)).filter((x) => x.endsWith('.ts'))) {
      for (const line of readFileSync(join(ROOT, dir, f), 'utf8').split('\n')) {
        if (!/\bcode: /.test(line)) continue;
        for (const m of line.matchAll(/'([a-z]+\.[a-zA-Z]+)'/g)) out.add(m[1]!);
      }
    }
  }
  return [...out].sort();
}

describe('labels', () => {
  it('every finding code the checks emit has a Chinese title', () => {
    const codes = emittedCodes();
    assert.ok(codes.length >= 30, codes.join(' '));
    const missing = codes.filter((c) => !(c in FINDING_TITLES));
    assert.deepEqual(missing, []);
    for (const c of codes) assert.match(findingTitle(c), /^[^a-zA-Z]+$/);
    assert.equal(findingTitle('no.such'), '核对发现');
  });

  it('field paths are named in Chinese, quarters one way', () => {
    const fw = futian();
    assert.equal(fieldPathLabel('execution.quarterlyCumulative[1]'), `预算执行·${QUARTERS[1]}末累计执行数`);
    assert.equal(fieldPathLabel('targets[25].category'), '部门整体绩效目标第 26 条·指标类别');
    assert.equal(fieldPathLabel('measures.extra-staff-control', fw), '改进措施·编外人员控制率');
    assert.equal(fieldPathLabel('stated.budget.initial.total'), '写明的数·年初预算数');
    assert.equal(fieldPathLabel('disclosure.budget'), '预决算信息公开·预算公开');
    assert.match(
      fieldPathLabel('evaluation.budget-rationality.items.mandate.met', fw),
      /^评价人判断·预算编制合理性·“.+”·该项是否达到$/,
    );
  });

  it('every path the dataset checks report on the seed has a label without code', () => {
    const ds = seedDataset();
    const r = runDatasetChecks(ds, { framework: futian() });
    const paths = [...new Set([...r.findings, ...r.passed].map((f) => f.path))];
    assert.ok(paths.length > 20);
    for (const p of paths)
      assert.deepEqual(codesIn(fieldPathLabel(p, futian())), [], `${p} → ${fieldPathLabel(p, futian())}`);
  });

  it('the CLI output for the seed report, the seed dataset and extract has no code in it', async () => {
    const report = await jixiao('check', SEED_REPORT);
    assert.equal(report.code, 1);
    const dataset = await jixiao('check', SEED_EXAMPLE);
    assert.equal(dataset.code, 0);
    const out = tempFile('rebuilt.yaml', '');
    const extract = await jixiao('extract', SEED_REPORT, '-o', out, '--force');
    assert.equal(extract.code, 0);
    for (const [what, r] of [
      ['check 报告', report],
      ['check 数据', dataset],
      ['extract', extract],
    ] as const) {
      const text = (r.stdout + r.stderr).replaceAll(SEED_EXAMPLE, '').replaceAll(out, '');
      assert.deepEqual(codesIn(text), [], what);
    }
    assert.match(dataset.stdout, /【警告】失分没有改进措施｜改进措施·编外人员控制率/);
  });

  it('the seed’s rendered report has no code in it', () => {
    const ds = seedDataset();
    const fw = futian();
    const html = renderHtml(
      buildReportModel(ds, fw, score(ds, fw), { projectFramework: projectFrameworkFor(ds) }),
    );
    const text = html
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&[a-z]+;/g, ' ');
    assert.ok(text.includes('一季度') && !/第[一二三四]季度|Q[1-4]\b/.test(text));
    assert.deepEqual(codesIn(text), []);
  });
});
