/**
 * Reports in other forms: a .docx built here with tables in another order and wording, GB18030 and
 * UTF-8-with-BOM text, and a report whose figures all agree (no findings).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkReport } from '../../src/checker/index.ts';
import { Decimal } from '../../src/core/decimal.ts';
import { SEED_REPORT, futian } from '../helpers.ts';
import { tempFile } from '../cli/run.ts';
import { CLEAN_REPORT, encodeGb18030, otherLayoutDocx } from './build.ts';

const pct = (n: string, d: string) =>
  `${new Decimal(n).dividedBy(d).times(100).toFixed(2, Decimal.ROUND_HALF_UP)}%`;

async function check(path: string) {
  const r = await checkReport(path, { framework: futian() });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.result;
}

describe('reports in other layouts and encodings', () => {
  it('a report whose figures agree has no findings, and says what it checked', async () => {
    const res = await check(tempFile('clean.txt', CLEAN_REPORT));
    assert.deepEqual(res.findings, []);
    const has = (re: RegExp) => res.passed.some((p) => re.test(p.message));
    assert.ok(has(/年初预算·合计 3,100\.00万元 =/));
    assert.ok(has(/财政供养人员控制率 90\.00%/));
    assert.ok(has(/四季度累计执行率 96\.77%/));
    assert.ok(has(/“三公”经费控制率 80\.00%/));
    assert.ok(has(/列举 3 项/));
    assert.ok(res.passed.length >= 15);
  });

  it('text whose tables are aligned with spaces instead of tabs', async () => {
    const spaced = CLEAN_REPORT.split('\n')
      .map((l) => l.split('\t').join('      '))
      .join('\n')
      .replace('2,320.00      80.00', '2,320.00      90.00');
    const res = await check(tempFile('spaced.txt', spaced));
    assert.deepEqual(
      res.findings.map((f) => [f.code, f.stated, f.expected]),
      [['report.sum', '90.00', '80.00']],
    );
    assert.ok(res.tablesRead.some((t) => t.kind === '预算按类别表'));
  });

  it('GB18030 text: detected, read the same as UTF-8', async () => {
    const clean = await check(tempFile('gb.txt', encodeGb18030(CLEAN_REPORT)));
    assert.equal(clean.encoding, 'GB18030');
    assert.deepEqual(clean.findings, []);
    const utf8 = await check(SEED_REPORT);
    const gb = await check(tempFile('seed-gb.txt', encodeGb18030(readFileSync(SEED_REPORT, 'utf8'))));
    assert.equal(gb.encoding, 'GB18030');
    assert.deepEqual(
      gb.findings.map((f) => [f.code, f.location?.line, f.stated, f.expected]),
      utf8.findings.map((f) => [f.code, f.location?.line, f.stated, f.expected]),
    );
  });

  it('UTF-8 with a BOM: the BOM does not reach the first line', async () => {
    const res = await check(
      tempFile('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CLEAN_REPORT)])),
    );
    assert.equal(res.encoding, 'UTF-8（带 BOM）');
    assert.equal(res.year, 2023);
    assert.deepEqual(res.findings, []);
  });

  it('a .docx with tables in another order and wording, a merged header: its four wrong figures, located by paragraph', async () => {
    const res = await check(tempFile('other.docx', await otherLayoutDocx()));
    assert.equal(res.kind, 'docx');
    assert.equal(res.department, '福田区测试局');
    const got = res.findings.map((f) => ({
      code: f.code,
      where: f.path,
      stated: f.stated,
      expected: f.expected,
    }));
    assert.equal(got.length, 4, JSON.stringify(got, null, 1));
    const by = (stated: string) => got.find((f) => f.stated === stated)!;
    assert.equal(
      by('1,540.00').expected,
      new Decimal('400.00').plus('50.00').plus('1000.00').toFixed(2).replace('1450', '1,450'),
    );
    assert.match(by('1,540.00').where, /^第 2 个表格第 6 行，表 2「合计」行「年初预算」列$/);
    assert.equal(by('3.50%').expected, pct('30.00', '1000.00'));
    assert.equal(by('85.00%').expected, pct('3.50', '4.00'));
    assert.equal(by('76.00%').expected, pct('30.00', '40.00'));
    assert.match(by('76.00%').where, /^第 \d+ 段（正文/);
    assert.ok(res.findings.every((f) => f.severity === 'error'));
    assert.deepEqual(
      res.tablesRead.map((t) => t.kind),
      ['“三公”经费、公用经费表', '预算按类别表'],
    );
  });

  it('a PDF (the same .docx through LibreOffice): its text layer gives the same four findings, located by page and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-pdf-'));
    try {
      const docx = join(dir, 'other.docx');
      writeFileSync(docx, await otherLayoutDocx());
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          docx,
        ],
        { timeout: 120_000, stdio: 'ignore' },
      );
      const fromPdf = await check(join(dir, 'other.pdf'));
      const fromDocx = await check(docx);
      assert.equal(fromPdf.kind, 'pdf');
      const figures = (r: typeof fromPdf) => r.findings.map((f) => [f.code, f.stated, f.expected]).sort();
      assert.deepEqual(figures(fromPdf), figures(fromDocx));
      assert.ok(fromPdf.findings.every((f) => /^第 1 页第 \d+ 行/.test(f.path)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
