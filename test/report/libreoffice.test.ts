/**
 * The seed's .docx through real LibreOffice (headless, its own profile, the private fonts.conf with
 * the official font names aliased) to PDF, then to PNG with pdftoppm: page count, A4 portrait pages
 * and a landscape 附表, Chinese text in the PDF text layer, CJK fonts embedded. The first pages and the
 * first 附表 page are kept in test-artifacts/report/. One conversion for the whole file.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { buildReportModel } from '../../src/report/model/build.ts';
import { renderDocx } from '../../src/report/render/docx.ts';
import { convertDocxToPdf, findSoffice } from '../../src/adapters/pdf.ts';
import { seedInputs } from './helpers.ts';

const ARTIFACTS = 'test-artifacts/report';

describe(
  'seed .docx → PDF → PNG with LibreOffice',
  {
    // Skipped only on a developer machine without LibreOffice; under CI (CI=true) a missing soffice fails.
    skip: findSoffice() || process.env.CI ? false : 'LibreOffice 未安装（CI 安装 libreoffice-writer-nogui）',
  },
  () => {
    let dir: string;
    let pdfPath: string;
    let pages: number;
    let text: string;

    before(async () => {
      const { dataset, framework } = seedInputs();
      const pdf = await convertDocxToPdf(await renderDocx(buildReportModel(dataset, framework)));
      dir = mkdtempSync(join(tmpdir(), 'jixiao-report-test-'));
      pdfPath = join(dir, 'seed.pdf');
      writeFileSync(pdfPath, pdf);
      const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
      pages = Number(info.match(/^Pages:\s+(\d+)/m)![1]);
      text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    });

    it('has a plausible page count (the seed’s text at 22 lines × 28 characters, plus tables and charts)', () => {
      assert.ok(pages >= 35 && pages <= 90, `${pages} pages`);
    });

    it('has A4 portrait pages and the 附表 on landscape pages', () => {
      const info = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), pdfPath], { encoding: 'utf8' });
      const sizes = [...info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => [
        Number(m[2]),
        Number(m[3]),
      ]);
      assert.equal(sizes.length, pages);
      const [w1, h1] = sizes[0]!;
      assert.ok(Math.abs(w1! - 595.3) < 1 && Math.abs(h1! - 841.9) < 1, `first page ${w1} x ${h1}`);
      const [wl, hl] = sizes.at(-1)!;
      assert.ok(wl! > hl!, `last page (附表) should be landscape: ${wl} x ${hl}`);
    });

    it('carries the Chinese text in the PDF text layer', () => {
      const flat = text.replace(/\s+/g, '');
      for (const s of [
        '2023年度部门整体绩效自评报告',
        '部门名称（公章）：深圳市福田区总工会',
        '一、部门基本情况',
        '四、部门整体支出绩效评价指标评分情况',
        '表1-3单位整体支出构成与调整情况',
        '编外人员控制率未得满分',
        '附表部门整体支出绩效评价共性指标体系评分表',
        '93.96',
        '3,184.70',
        '—1—',
      ])
        assert.ok(flat.includes(s), `PDF text lacks “${s}”`);
    });

    it('embeds CJK fonts (the aliases took effect)', () => {
      const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' });
      assert.match(fonts, /NotoSerifCJK|Noto Serif CJK/);
      assert.match(fonts, /NotoSansCJK|Noto Sans CJK/);
      // 楷体 (second-level headings): LXGW WenKai where fonts-lxgw-wenkai is installed, else AR PL KaitiM GB.
      const wenkai = execFileSync('fc-list', [':family=LXGW WenKai', 'family'], { encoding: 'utf8' }).trim();
      assert.match(fonts, wenkai ? /LXGWWenKai/ : /KaitiM/);
    });

    it('rasterises the first pages and the first 附表 page to PNG (kept in test-artifacts/report)', () => {
      rmSync(ARTIFACTS, { recursive: true, force: true });
      mkdirSync(ARTIFACTS, { recursive: true });
      execFileSync('pdftoppm', [
        '-r',
        '80',
        '-png',
        '-f',
        '1',
        '-l',
        '3',
        pdfPath,
        join(ARTIFACTS, 'seed-page'),
      ]);
      const pageTexts = Array.from({ length: pages }, (_, i) =>
        execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), pdfPath, '-'], {
          encoding: 'utf8',
        }),
      );
      const appendixPage = pageTexts.findIndex((t) => t.includes('参考评分标准')) + 1;
      assert.ok(appendixPage > 1);
      execFileSync('pdftoppm', [
        '-r',
        '80',
        '-png',
        '-f',
        String(appendixPage),
        '-l',
        String(appendixPage),
        pdfPath,
        join(ARTIFACTS, 'seed-appendix'),
      ]);
      const pngs = readdirSync(ARTIFACTS).filter((f) => f.endsWith('.png'));
      assert.equal(pngs.length, 4, pngs.join(', '));
      rmSync(dir, { recursive: true, force: true });
    });
  },
);

describe('PDF without LibreOffice', () => {
  it('says so in Chinese and exits 3, writing no file', () => {
    const empty = mkdtempSync(join(tmpdir(), 'jixiao-nolo-'));
    const out = join(empty, 'x.pdf');
    // node is started by its absolute path; PATH holds only an empty folder, so no soffice is found.
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: empty };
    delete env.JIXIAO_SOFFICE;
    const r = spawnSync(
      process.execPath,
      ['bin/jixiao.js', 'report', 'examples/futian-zonggonghui-2023.yaml', '--format', 'pdf', '-o', out],
      {
        encoding: 'utf8',
        env,
      },
    );
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /未找到 LibreOffice（soffice），无法生成 PDF/);
    assert.match(r.stderr, /--format docx/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/); // no stack trace
    assert.throws(() => execFileSync('test', ['-e', out]));
  });
});
