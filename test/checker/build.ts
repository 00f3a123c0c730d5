/** Builders for test inputs: a .docx report made with the docx package, GB18030 bytes, PDFs without text. */
import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const cell = (text: string, columnSpan?: number) =>
  new TableCell({
    children: [para(text)],
    ...(columnSpan ? { columnSpan } : {}),
    width: { size: 1800, type: WidthType.DXA },
  });
const row = (cells: (string | [string, number])[]) =>
  new TableRow({ children: cells.map((c) => (Array.isArray(c) ? cell(c[0], c[1]) : cell(c))) });

/**
 * A report in another layout than the seed: tables numbered differently, columns in another order and
 * worded differently, a two-row header with a merged cell. Four figures are wrong on purpose:
 * 合计 年初预算 1,540.00 (parts add to 1,450.00), 项目支出 调整比例 3.50% (30/1,000 = 3.00%),
 * 公务用车运行维护费 控制率 85.00% (3.50/4.00 = 87.50%), and in the text 日常公用经费控制率 76.00%
 * (30.00/40.00 = 75.00%).
 */
export async function otherLayoutDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun('2023 年度部门整体支出绩效自评报告')],
          }),
          para('部门名称：福田区测试局'),
          para('一、部门基本情况'),
          para('（一）经费控制情况'),
          para(
            '本年度“三公”经费预算 5.00 万元，实际支出 4.00 万元，“三公”经费控制率为 80.00%。日常公用经费调整预算 40.00 万元，实际支出 30.00 万元，日常公用经费控制率为 76.00%。',
          ),
          para('表 1 “三公”经费与日常公用经费'),
          para('单位：万元'),
          new Table({
            rows: [
              row(['费用项目', '实际支出', '预算数', '控制率']),
              row(['日常公用经费', '30.00', '40.00', '75.00%']),
              row(['一、“三公”经费', '4.00', '5.00', '80.00%']),
              row(['公务接待费', '0.50', '1.00', '50.00%']),
              row(['公务用车运行维护费', '3.50', '4.00', '85.00%']),
            ],
          }),
          para('（二）预算调整情况'),
          para('全年预算调整后为 1,460.00 万元，较年初增加 10.00 万元。'),
          para('表 2 预算调整情况'),
          new Table({
            rows: [
              row(['支出类别', ['金额（万元）', 3], '调整比例']),
              row(['', '调整后预算', '年初预算', '调整金额', '']),
              row(['项目支出', '1,030.00', '1,000.00', '30.00', '3.50%']),
              row(['人员经费', '380.00', '400.00', '-20.00', '-5.00%']),
              row(['公用经费', '50.00', '50.00', '0.00', '0.00%']),
              row(['合计', '1,460.00', '1,540.00', '10.00', '0.69%']),
            ],
          }),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** GB18030 bytes of a text, through a reverse map of the decoder (Node encodes only UTF-8). */
export function encodeGb18030(text: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const map = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const b = map.get(ch);
      if (!b) throw new Error(`no GB18030 two-byte code for ${ch}`);
      out.push(...b);
    }
  }
  return Buffer.from(out);
}

/** A one-page PDF whose only content is a small image: no text layer. */
export function imageOnlyPdf(): Buffer {
  const pixels = Buffer.from([0x00, 0xff, 0xff, 0x00]);
  const content = Buffer.concat([
    Buffer.from('q 200 0 0 200 100 500 cm\nBI /W 2 /H 2 /CS /G /BPC 8 ID\n'),
    pixels,
    Buffer.from('\nEI\nQ\n'),
  ]);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let len = parts[0]!.length;
  const add = (b: Buffer) => {
    parts.push(b);
    len += b.length;
  };
  objects.forEach((o, i) => {
    offsets.push(len);
    add(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`));
  });
  offsets.push(len);
  add(
    Buffer.concat([
      Buffer.from(`4 0 obj\n<< /Length ${content.length} >>\nstream\n`),
      content,
      Buffer.from('\nendstream\nendobj\n'),
    ]),
  );
  const xref = len;
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  add(
    Buffer.from(
      `xref\n0 5\n0000000000 65535 f \n${rows}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
    ),
  );
  return Buffer.concat(parts);
}

/** A small report in the seed's layout whose figures all agree. */
export const CLEAN_REPORT = [
  '2023 年度部门整体绩效自评报告',
  '',
  '部门名称（公章）：测试区测试局',
  '',
  '一、部门基本情况',
  '',
  '（一）预算编制情况',
  '',
  '2023年部门年初预算3,100.00万元，其中：人员支出600.00万元、公用支出100.00万元、项目支出2,400.00万元。相比2022年增加100.00万元，增加3.33%。',
  '',
  '表 1-1 年度预算变动情况',
  '',
  '单位：万元',
  '',
  '预算类别\t2022年 预算金额\t变动 金额\t2023年 预算金额',
  '人员支出\t580.00\t20.00\t600.00',
  '公用支出\t100.00\t0.00\t100.00',
  '项目支出\t2,320.00\t80.00\t2,400.00',
  '合计\t3,000.00\t100.00\t3,100.00',
  '',
  '（二）预算执行情况',
  '',
  '年度预算金额3,100.00万元，全年预算执行数3,000.00万元，一至四季度执行率分别为30.00%、55.00%、80.00%和96.77%。',
  '',
  '核定编制数共 20 名，实有在编人数 18 人，财政供养人员控制率为 90.00%；编外人员实有 2 名，编外人员控制率为 10.00%。',
  '',
  '“三公”经费财政拨款预算 2.00 万元，其中公务接待费 0.50 万元，公务用车购置和运行维护费 1.50 万元。“三公”经费实际支出 1.60 万元，其中公务用车购置和运行维护费 1.20 万元，公务接待费 0.40 万元。“三公”经费控制率为 80.00%。',
  '',
  '二、主要履职情况',
  '',
  '组建 120 家工会组织，聚焦科创、时尚、金融三大产业。先后组建 120 家工会组织。',
  '',
].join('\n');
