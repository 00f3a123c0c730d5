/**
 * jixiao batch over a synthetic jurisdiction: every row of the summary workbook agrees with score() on
 * its file; a broken file is listed and does not stop the run; a formula in a name is not a formula.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import { leaves, score } from '../../src/core/score.ts';
import { main } from '../../src/cli/main.ts';
import { runBatch } from '../../src/batch/run.ts';
import { writeJurisdiction, datasetYaml } from '../../src/synth/write.ts';
import { synthDepartment } from '../../src/synth/generate.ts';
import { ERRORS_SHEET, SUMMARY_SHEET, safeText } from '../../src/batch/summary.ts';

const fw = loadFramework('futian-2023');
if (!fw.ok) throw new Error('framework');

test('safeText neutralises what a spreadsheet would read as a formula', () => {
  assert.equal(safeText('=HYPERLINK("http://x","y")'), `'=HYPERLINK("http://x","y")`);
  for (const s of ['+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) assert.ok(safeText(s).startsWith("'"));
  assert.equal(safeText('深圳市福田区总工会'), '深圳市福田区总工会');
});

test('batch of 200 synthetic departments on worker threads: the workbook agrees with score() per file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-batch-'));
  try {
    const data = join(dir, 'data');
    writeJurisdiction(data, 200, { seed: 31, inconsistentPercent: 20 });
    writeFileSync(join(data, '00100-zz-broken.yaml'), 'schemaVersion: 1\nbudget: [\n');
    writeFileSync(join(data, '00101-zz-invalid.yaml'), 'schemaVersion: 1\nyear: 1900\n');
    // A department whose name is a formula.
    const evil = synthDepartment(0, { seed: 31 }).dataset;
    evil.department.name = '=HYPERLINK("http://evil.example/","点我")';
    writeFileSync(join(data, '00102-zz-evil.yaml'), datasetYaml(evil, 'formula injection'));
    const out = join(dir, 'summary.xlsx');
    const lines: string[] = [];
    const code = await main(['batch', data, '-o', out, '--workers', '2'], {
      out: (t) => lines.push(t),
      err: (t) => lines.push(t),
    });
    assert.equal(code, 1, lines.join('\n')); // two files failed
    assert.match(lines.join('\n'), /共 203 个文件：评分 201 个.*出错 2 个/);
    // Not a terminal: no progress among the lines (test/cli/progress.test.ts runs it on one).
    assert.doesNotMatch(lines.join('\n'), /评分 \[|评分：/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet(SUMMARY_SHEET)!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const seed = loadDataset('examples/futian-zonggonghui-2023.yaml');
    assert.ok(seed.ok);
    const leafNames = leaves(score(seed.value, fw.value)).map((l) => l.name);
    assert.deepEqual(header.slice(0, 8), [
      '文件',
      '部门',
      '部门编码',
      '所属地区',
      '年度',
      '总分',
      '等级',
      '失分合计',
    ]);
    assert.deepEqual(
      header.slice(8, 8 + leafNames.length),
      leafNames.map((n) => `失分：${n}`),
    );
    assert.equal(sheet.actualRowCount, 1 + 201);
    let checked = 0;
    let withLoss = 0;
    for (let r = 2; r <= sheet.actualRowCount; r++) {
      const row = sheet.getRow(r);
      const file = String(row.getCell(1).value);
      const ds = loadDataset(join(data, file));
      assert.ok(ds.ok, file);
      const result = score(ds.value, fw.value);
      assert.equal(Number(row.getCell(6).value).toFixed(2), result.total, file);
      assert.equal(row.getCell(7).value, result.grade);
      leaves(result).forEach((l, k) => {
        assert.equal(Number(row.getCell(9 + k).value).toFixed(2), l.lost, `${file} ${l.code}`);
        if (l.lost !== '0.00') withLoss++;
      });
      checked++;
    }
    assert.equal(checked, 201);
    assert.ok(withLoss > 100);
    // Rows are in file order.
    const files = Array.from({ length: 201 }, (_, k) => String(sheet.getRow(k + 2).getCell(1).value));
    assert.deepEqual(files, [...files].sort());
    // The formula is text, shown with its neutralising apostrophe.
    const evilRow = files.indexOf('00102-zz-evil.yaml') + 2;
    const cell = sheet.getRow(evilRow).getCell(2);
    assert.equal(cell.type, ExcelJS.ValueType.String);
    assert.equal(cell.value, `'=HYPERLINK("http://evil.example/","点我")`);

    const errors = wb.getWorksheet(ERRORS_SHEET)!;
    assert.equal(errors.actualRowCount, 3);
    assert.equal(errors.getRow(2).getCell(1).value, '00100-zz-broken.yaml');
    assert.match(String(errors.getRow(2).getCell(2).value), /不是有效的 YAML\/JSON：第 \d+ 行/);
    assert.equal(errors.getRow(3).getCell(1).value, '00101-zz-invalid.yaml');
    // The field is named by its Chinese label, not its path (“year”).
    assert.match(String(errors.getRow(3).getCell(2).value), /(?:^|；)评价年度：年度应在 2000—2100 之间/);
    assert.doesNotMatch(String(errors.getRow(3).getCell(2).value), /[a-z]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runBatch gives the same rows in the main thread and on workers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-batch-'));
  try {
    writeJurisdiction(dir, 40, { seed: 8 });
    const collect = async (workers: number) => {
      const rows: string[] = [];
      const s = await runBatch({
        input: dir,
        framework: fw.value,
        workers,
        onRow: (r) => rows.push(JSON.stringify(r)),
      });
      assert.equal(s.scored, 40);
      return rows;
    };
    assert.deepEqual(await collect(2), await collect(0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('batch --reports writes a report per department and records the report checker’s findings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-batch-reports-'));
  try {
    const data = join(dir, 'data');
    writeJurisdiction(data, 10, { seed: 77 });
    const out = join(dir, 'summary.xlsx');
    const reports = join(dir, 'reports');
    const lines: string[] = [];
    const code = await main(['batch', data, '-o', out, '--reports', reports, '--workers', '2'], {
      out: (t) => lines.push(t),
      err: (t) => lines.push(t),
    });
    assert.ok(code === 0 || code === 1, lines.join('\n'));
    assert.match(lines.join('\n'), /评分 10 个/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet(SUMMARY_SHEET)!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const reportCol = header.indexOf('报告文件') + 1;
    assert.ok(reportCol > 0);
    assert.deepEqual(header.slice(reportCol, reportCol + 3), [
      '报告核对：错误',
      '报告核对：警告',
      '报告核对：提示',
    ]);
    for (let r = 2; r <= 11; r++) {
      const row = sheet.getRow(r);
      const file = String(row.getCell(reportCol).value);
      assert.equal(file, String(row.getCell(1).value).replace(/\.yaml$/, '.docx'));
      const bytes = readFileSync(join(reports, file));
      assert.equal(bytes.subarray(0, 2).toString(), 'PK');
      for (let k = 1; k <= 3; k++) assert.equal(typeof row.getCell(reportCol + k).value, 'number');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
