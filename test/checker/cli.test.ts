/**
 * The check and extract commands, and bad input: an empty file, a 200 MB file (refused by its size,
 * never read), a .docx that is a zip of something else, a text file named .docx, an image-only PDF.
 * Each gets a Chinese message and exit code 2, without a stack trace.
 */
import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import JSZip from 'jszip';
import { loadDataset } from '../../src/adapters/files.ts';
import { SEED_EXAMPLE, SEED_REPORT } from '../helpers.ts';
import { main } from '../../src/cli/main.ts';
import { jixiao as spawnJixiao, noStack, tempFile, type Run } from '../cli/run.ts';
import { CLEAN_REPORT, imageOnlyPdf } from './build.ts';

/** The command in this process (fast); one test below runs the real bin/jixiao.js. */
async function jixiao(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t + '\n'), err: (t) => (stderr += t + '\n') });
  return { code, stdout, stderr };
}

describe('jixiao check: reports', () => {
  it('the seed (the real command): exit 1, every finding located, and the list of what passed', () => {
    const r = spawnJixiao('check', SEED_REPORT);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /发现 27 处问题：错误 20，警告 5，提示 2/);
    assert.match(r.stdout, /第 92 行，表 1-2「合计」行「年初预算数」列/);
    assert.match(r.stdout, /已核对并相符 \d+ 项：/);
    assert.match(r.stdout, /✓ .*附表「预算执行率」行/);
  });

  it('--json: findings, passed and what could not be checked', async () => {
    const r = await jixiao('check', SEED_REPORT, '--json');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.stdout);
    assert.equal(j.summary.errors, 20);
    assert.equal(j.findings.length, 27);
    assert.ok(j.passed.length > 100);
    for (const f of j.findings) {
      assert.ok(f.code && f.severity && f.path && f.message);
      assert.equal(typeof f.location.line, 'number');
    }
    assert.ok(j.notChecked.length >= 1);
  });

  it('a report with no inconsistency exits 0', async () => {
    const r = await jixiao('check', tempFile('clean.txt', CLEAN_REPORT), '--brief');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /未发现问题/);
  });
});

describe('jixiao check: datasets', () => {
  it('the example: warnings only (rate under 成本, no measure for 编外人员控制率), exit 0', async () => {
    const r = await jixiao('check', SEED_EXAMPLE, '--json');
    assert.equal(r.code, 0);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.findings.map((f: { code: string }) => f.code).sort(), [
      'measures.missing',
      'targets.categoryFit',
    ]);
  });

  it('a dataset with a stated figure that disagrees exits 1', async () => {
    const text = readFileSync(SEED_EXAMPLE, 'utf8') + "\nstated:\n  budget.initial.total: '3,224.00'\n";
    const r = await jixiao('check', tempFile('ds.yaml', text), '--brief');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /【错误】写明的数与重算不符｜写明的数·年初预算数/);
  });
});

describe('bad input: clear message, exit 2', () => {
  const bad = async (file: string, message: RegExp) => {
    const r = await jixiao('check', file);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, message);
    assert.ok(noStack(r), r.stderr);
  };

  it('an empty file', async () => bad(tempFile('empty.txt', ''), /文件为空/));

  it('a 200 MB file is refused by its size before it is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-big-'));
    const p = join(dir, 'big.docx');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, 200 * 1024 * 1024);
    closeSync(fd);
    assert.equal(statSync(p).size, 200 * 1024 * 1024);
    await bad(p, /文件过大（200\.0 MB）/);
  });

  it('a .docx that is a zip of something else', async () => {
    const zip = new JSZip();
    zip.file('photos/readme.txt', '不是 Word');
    bad(
      tempFile('fake.docx', await zip.generateAsync({ type: 'nodebuffer' })),
      /不是 Word 文档（缺少 word\/document\.xml）/,
    );
  });

  it('a .docx whose document.xml declares a huge size (zip bomb) is refused before inflating', async () => {
    const zip = new JSZip();
    zip.file(
      'word/document.xml',
      '<w:document><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>',
    );
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    for (let i = 0; i < buf.length - 4; i++) {
      if (buf.readUInt32LE(i) === 0x02014b50) buf.writeUInt32LE(0x7fffffff, i + 24); // central directory
      if (buf.readUInt32LE(i) === 0x04034b50) buf.writeUInt32LE(0x7fffffff, i + 22); // local header
    }
    await bad(tempFile('bomb.docx', buf), /解压后过大/);
  });

  it('a .docx of 800,000 paragraphs and a text of 120,000 lines are refused as too long', async () => {
    const zip = new JSZip();
    zip.file(
      'word/document.xml',
      `<w:document><w:body>${'<w:p><w:r><w:t>一</w:t></w:r></w:p>'.repeat(800_000)}</w:body></w:document>`,
    );
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await bad(tempFile('long.docx', buf), /段落和表格行超过 100,000 行，不像一份自评报告/);
    await bad(tempFile('long.txt', '预算执行率为96.90%\n'.repeat(120_000)), /文本超过 100,000 行/);
  });

  it('a .docx whose one table has 150,000 rows is refused, not a crash', async () => {
    const zip = new JSZip();
    const row =
      '<w:tr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1.00</w:t></w:r></w:p></w:tc></w:tr>';
    zip.file(
      'word/document.xml',
      `<w:document><w:body><w:tbl>${row.repeat(150_000)}</w:tbl></w:body></w:document>`,
    );
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await bad(tempFile('table.docx', buf), /超过 100,000 行/);
  });

  it('a text file named .docx', async () =>
    bad(tempFile('text.docx', '这不是 zip'), /不是 Word 文档（不是 zip 格式）/));

  it('an image-only PDF', async () => bad(tempFile('scan.pdf', imageOnlyPdf()), /PDF 没有文字层/));

  it('a file that does not exist, and a binary file', async () => {
    await bad(join(tmpdir(), 'jixiao-no-such-report.txt'), /文件不存在/);
    await bad(tempFile('bin.txt', Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x00])), /无法识别的文件/);
  });
});

describe('jixiao extract', () => {
  it('writes a dataset that validates, with what it could not rebuild listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-extract-'));
    const out = join(dir, 'ds.yaml');
    const r = await jixiao('extract', SEED_REPORT, '-o', out);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /# {3}- evaluation：/);
    const ds = loadDataset(out);
    assert.ok(ds.ok, JSON.stringify(!ds.ok && ds.errors));
    assert.equal(ds.value.budget.initial.project, '2683.35');
    assert.deepEqual(ds.value.execution.quarterlyCumulative, ['2080.3', '2255.09', '2475.4', '3085.88']);
    assert.equal(ds.value.transfers.length, 4);
    assert.match(r.stderr, /未能重建 \d+ 项/);
    const again = await jixiao('extract', SEED_REPORT, '-o', out);
    assert.equal(again.code, 2, 'refuses to overwrite without --force');
  });
});
