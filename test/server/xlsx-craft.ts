/** A minimal, valid .xlsx written by hand (no exceljs in the test process): many files, real sizes. */
import { zip as zipEntries } from '../zip.ts';

export function zip(files: [string, Buffer][], level = 1): Buffer {
  return zipEntries(files.map(([name, content]) => ({ name, content, level })));
}

/**
 * A workbook of one sheet with `rows` × 26 numeric cells. Its zip declares its true sizes and an
 * ordinary compression ratio, so it passes the size checks; parsing it is what costs memory.
 */
export function wideWorkbook(rows: number, level = 1): Buffer {
  const cols = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const parts: string[] = [];
  for (let r = 1; r <= rows; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < cols.length; c++) row += `<c r="${cols[c]}${r}"><v>${c}</v></c>`;
    parts.push(`${row}</row>`);
  }
  const sheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    parts.join('') +
    '</sheetData></worksheet>';
  const x = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${s}`);
  return zip(
    [
      [
        '[Content_Types].xml',
        x(
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
            '<Default Extension="xml" ContentType="application/xml"/>' +
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
            '</Types>',
        ),
      ],
      [
        '_rels/.rels',
        x(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
            '</Relationships>',
        ),
      ],
      [
        'xl/workbook.xml',
        x(
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
            '<sheets><sheet name="预算执行" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
      ],
      [
        'xl/_rels/workbook.xml.rels',
        x(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
            '</Relationships>',
        ),
      ],
      ['xl/worksheets/sheet1.xml', Buffer.from(sheet)],
    ],
    level,
  );
}
