/**
 * The checker reads the project tables (附表 2-n, 项目支出绩效自评表) of the report jixiao writes for the
 * seed: rates, funds scores, indicator scores within their 分值 and the 总分 row all agree; a changed
 * figure in any of them is found at its row.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadFramework } from '../../src/adapters/files.ts';
import { buildDocument, checkReportDocument } from '../../src/checker/index.ts';
import { docxBodyLines } from '../../src/checker/read.ts';
import { score } from '../../src/core/score.ts';
import { buildReportModel, renderDocx } from '../../src/report/index.ts';
import { stopChartThread } from '../../src/report/charts/thread.ts';
import { readZip } from '../report/helpers.ts';
import { futian, seedDataset } from '../helpers.ts';

let lines: string[] = [];

function check(text: string[]) {
  return checkReportDocument(buildDocument({ name: 't.docx', kind: 'txt', lines: text }), {
    framework: futian(),
  });
}

before(async () => {
  const dataset = seedDataset();
  const pf = loadFramework('mof-project-2020');
  assert.ok(pf.ok);
  const fw = futian();
  const model = buildReportModel(dataset, fw, score(dataset, fw), { projectFramework: pf.value });
  const xml = readZip(await renderDocx(model))
    .get('word/document.xml')!
    .toString('utf8');
  lines = docxBodyLines(xml).lines;
  stopChartThread();
});

/** The line of the project table row that starts with `first` after the 附表 heading `caption`. */
function rowOf(caption: string, first: RegExp): number {
  const start = lines.findIndex((l) => l.startsWith(caption));
  assert.ok(start >= 0, caption);
  const i = lines.findIndex((l, k) => k > start && first.test(l));
  assert.ok(i > start, `${caption} ${first}`);
  return i;
}

describe('project tables (附表 2-n)', () => {
  it('reads each project table of the seed report and finds them consistent', () => {
    const r = check(lines);
    const read = r.tablesRead.filter((t) => t.kind === '项目支出绩效自评表');
    assert.equal(read.length, 3);
    assert.deepEqual(
      r.findings.filter((f) => /^report\.project/.test(f.code)),
      [],
    );
    for (const code of ['report.projectRate', 'report.projectScore', 'report.projectTotal'])
      assert.equal(
        r.passed.filter((p) => p.code === code && p.message.includes('法律维权服务')).length > 0,
        true,
      );
  });

  const MUTATIONS: { caption: string; row: RegExp; from: RegExp; to: string; code: string }[] = [
    { caption: '附表 2-2', row: /年度资金总额/, from: /93\.66%/, to: '96.36%', code: 'report.projectRate' },
    { caption: '附表 2-2', row: /年度资金总额/, from: /\t9\.37$/, to: '\t9.73', code: 'report.projectScore' },
    {
      caption: '附表 2-1',
      row: /慰问区退休职工人数/,
      from: /\t15\.00\t/,
      to: '\t16.00\t',
      code: 'report.projectScore',
    },
    { caption: '附表 2-1', row: /^总分/, from: /\t99\.84\t/, to: '\t98.84\t', code: 'report.projectTotal' },
    { caption: '附表 2-3', row: /^总分/, from: /\t100\t/, to: '\t90\t', code: 'report.projectTotal' },
  ];
  for (const m of MUTATIONS) {
    it(`${m.caption}: ${m.to.trim()} in place of ${m.from.source} is found (${m.code})`, () => {
      const i = rowOf(m.caption, m.row);
      const changed = [...lines];
      assert.match(changed[i]!, m.from);
      changed[i] = changed[i]!.replace(m.from, m.to);
      const r = check(changed);
      const at = r.findings.filter((f) => f.code === m.code && f.location?.line === i + 1);
      assert.equal(at.length, 1, JSON.stringify(r.findings.map((f) => f.message)));
      assert.equal(at[0]!.severity, 'error');
    });
  }
});
