/**
 * An output adapter, outside the report (which reads no files): PDF by converting the .docx with LibreOffice headless, when it is installed. Every conversion gets
 * its own LibreOffice profile (two conversions sharing the default profile silently lost a PDF) and a
 * private fontconfig file mapping the official Windows font names the .docx keeps (仿宋_GB2312, 黑体,
 * 楷体_GB2312, 方正小标宋简体, 宋体) to the CJK fonts Linux has.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { ReportModel } from '../report/model/types.ts';
import { renderDocx } from '../report/render/docx.ts';

/** LibreOffice is not installed, or the conversion failed: the message is for the user, in Chinese. */
export class PdfError extends Error {
  constructor(
    readonly code: 'REPORT_PDF_NO_LIBREOFFICE' | 'REPORT_PDF_FAILED',
    message: string,
  ) {
    super(message);
  }
}

export const NO_LIBREOFFICE_MESSAGE =
  '未找到 LibreOffice（soffice），无法生成 PDF。请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），' +
  '或设置环境变量 JIXIAO_SOFFICE 指向 soffice；也可改用 --format docx 生成 Word 文档后自行另存为 PDF。';

/**
 * Font aliases: the family names in the .docx → fonts found on Linux (fonts-noto-cjk, fonts-lxgw-wenkai,
 * fonts-arphic-gkai00mp).
 */
export const FONT_ALIASES: Record<string, string[]> = {
  'Noto Serif CJK SC': [
    '仿宋_GB2312',
    '仿宋',
    'FangSong',
    'FangSong_GB2312',
    '方正小标宋简体',
    '方正小标宋_GBK',
    '小标宋',
    '宋体',
    'SimSun',
  ],
  'Noto Sans CJK SC': ['黑体', 'SimHei', '方正黑体_GBK'],
  // LXGW WenKai (Debian fonts-lxgw-wenkai, SIL OFL 1.1) is a full-size 楷 face; AR PL KaitiM GB
  // (fonts-arphic-gkai00mp) is smaller and wider, and is used where WenKai is not installed.
  'LXGW WenKai': ['楷体_GB2312', '楷体', 'KaiTi', 'KaiTi_GB2312', '方正楷体_GBK'],
};

/** A stand-in that is not installed falls back to the next one. */
const FALLBACKS: Record<string, string[]> = { 'LXGW WenKai': ['AR PL KaitiM GB'] };

/** 小标宋 is a heavy Song face: its stand-in is Noto Serif CJK SC in Bold rather than Regular. */
export const BOLD_ALIASES = new Set(['方正小标宋简体', '方正小标宋_GBK', '小标宋']);

export function fontsConf(): string {
  const matches = Object.entries(FONT_ALIASES)
    .flatMap(([target, names]) =>
      names.map(
        (n) =>
          `  <match target="pattern"><test qual="any" name="family"><string>${n}</string></test>` +
          `<edit name="family" mode="assign" binding="strong">${[target, ...(FALLBACKS[target] ?? [])]
            .map((f) => `<string>${f}</string>`)
            .join('')}</edit>` +
          (BOLD_ALIASES.has(n)
            ? `<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>`
            : '') +
          `</match>`,
      ),
    )
    .join('\n');
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${matches}
</fontconfig>
`;
}

/** The soffice binary: $JIXIAO_SOFFICE, then PATH (Debian puts soffice in /usr/bin), then the macOS app. */
export function findSoffice(): string | null {
  const candidates = [
    process.env.JIXIAO_SOFFICE,
    ...(process.env.PATH ?? '').split(delimiter).flatMap((d) => [join(d, 'soffice'), join(d, 'libreoffice')]),
    '/Applications/LibreOffice.app/Contents/MacOS/soffice',
  ].filter((c): c is string => !!c);
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** Converts a .docx to PDF with LibreOffice headless (≈ 4–5 s, a cold start each time). */
export async function convertDocxToPdf(docx: Buffer, opts: { timeoutMs?: number } = {}): Promise<Buffer> {
  const soffice = findSoffice();
  if (!soffice) throw new PdfError('REPORT_PDF_NO_LIBREOFFICE', NO_LIBREOFFICE_MESSAGE);
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-pdf-'));
  try {
    const input = join(dir, 'report.docx');
    writeFileSync(input, docx);
    writeFileSync(join(dir, 'fonts.conf'), fontsConf());
    const profile = join(dir, 'lo-profile');
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [
          `-env:UserInstallation=file://${profile}`,
          '--headless',
          '--norestore',
          '--nologo',
          '--convert-to',
          'pdf:writer_pdf_Export',
          '--outdir',
          dir,
          input,
        ],
        {
          timeout: opts.timeoutMs ?? 180_000,
          env: { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf'), HOME: dir },
        },
        (err, _stdout, stderr) => {
          if (err)
            reject(new PdfError('REPORT_PDF_FAILED', `LibreOffice 转换 PDF 失败：${stderr || err.message}`));
          else resolve();
        },
      );
    });
    const pdf = join(dir, 'report.pdf');
    if (!existsSync(pdf))
      throw new PdfError('REPORT_PDF_FAILED', 'LibreOffice 未生成 PDF 文件（转换无输出）');
    return readFileSync(pdf);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** renderPdf(model) → the PDF as a Buffer, through the .docx. Throws PdfError with a Chinese message. */
export async function renderPdf(model: ReportModel): Promise<Buffer> {
  return convertDocxToPdf(await renderDocx(model, { noBreakHyphens: true }));
}
