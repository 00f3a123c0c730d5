/**
 * Long parts of the scale and fault suite (npm run test:soak): a batch over 10,000 synthetic
 * departments that completes with its summary workbook, and the fuzzers at ten times the inputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import { score } from '../../src/core/score.ts';
import { runBatch } from '../../src/batch/run.ts';
import { SUMMARY_SHEET } from '../../src/batch/summary.ts';
import { writeJurisdiction, type SynthManifest } from '../../src/synth/write.ts';

const N = Number(process.env.JIXIAO_SOAK_DEPARTMENTS ?? 10_000);

test(`batch over ${N} synthetic departments completes with its summary workbook`, async () => {
  const fw = loadFramework('futian-2023');
  assert.ok(fw.ok);
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-soak-'));
  try {
    const data = join(dir, 'data');
    const manifest: SynthManifest = writeJurisdiction(data, N, { seed: 2023 });
    const out = join(dir, 'summary.xlsx');
    let progressCalls = 0;
    const summary = await runBatch({
      input: data,
      framework: fw.value,
      output: out,
      workers: 2,
      onProgress: () => progressCalls++,
    });
    assert.equal(summary.files, N);
    assert.equal(summary.scored, N);
    assert.equal(summary.failed, 0);
    assert.equal(progressCalls, N);
    // Departments the generator made inconsistent are found with errors by the checks.
    assert.ok(summary.withErrors >= manifest.inconsistent.length * 0.9, `${summary.withErrors} with errors`);
    process.stderr.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);

    // Read the workbook back through its central directory, as Excel and WPS do, and check a sample
    // of rows against score(). ExcelJS's streaming reader is not used: it finds entries by scanning
    // for the data-descriptor signature (unzipper's Parse), and once in CI it returned no rows of a
    // file that read back whole here.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet(SUMMARY_SHEET);
    assert.ok(sheet, `no sheet ${SUMMARY_SHEET}: ${wb.worksheets.map((w) => w.name).join(', ')}`);
    const rows = sheet.rowCount;
    let sampled = 0;
    for (let r = 97; r <= rows; r += 97) {
      const row: ExcelJS.Row = sheet.getRow(r);
      const file = String(row.getCell(1).value);
      const ds = loadDataset(join(data, file));
      assert.ok(ds.ok, file);
      assert.equal(Number(row.getCell(6).value).toFixed(2), score(ds.value, fw.value).total, file);
      sampled++;
    }
    assert.equal(rows, N + 1);
    assert.ok(sampled >= N / 100);
    assert.ok(readFileSync(out).length > N * 50);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the fuzzers with ten times the inputs', () => {
  // A nested test runner must not think it is a child of this one.
  const env: NodeJS.ProcessEnv = { ...process.env, JIXIAO_FUZZ_RUNS: '4000' };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', 'test/fuzz'], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr.slice(-2000));
  const passed = Number(/ℹ pass (\d+)/.exec(r.stdout)?.[1] ?? 0);
  assert.ok(passed >= 10, `only ${passed} fuzz tests ran:\n${r.stdout.slice(-2000)}`);
  assert.match(r.stdout, /ℹ fail 0/);
});

test('the server killed in the middle of saves, ten times', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, JIXIAO_CRASH_ROUNDS: '10' };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', 'test/fuzz/server-crash'], {
    env,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr.slice(-2000));
  assert.match(r.stdout, /SIGKILL in the middle of saves, 10 times/);
  assert.match(r.stdout, /ℹ fail 0/);
});
