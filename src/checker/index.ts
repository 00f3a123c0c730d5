/**
 * The report checker's entry: read a file (.txt, .docx, .pdf), build the document, check it.
 */
import type { Framework } from '../core/framework/schema.ts';
import { buildDocument } from './document.ts';
import { readReport, type ReadError } from './read.ts';
import { checkReportDocument, type ReportCheckResult } from './report.ts';

export { buildDocument, type ReportSource, type ReportDocument } from './document.ts';
export { readReport, decodeText, MAX_REPORT_BYTES, type ReadError, type ReadResult } from './read.ts';
export {
  checkReportDocument,
  notRecognisedMessage,
  type ReportCheckResult,
  type ReportCheckOptions,
} from './report.ts';
export { extract, type Extraction, type Fact } from './facts.ts';
export { rebuildDataset, type Rebuilt } from './rebuild.ts';

/** Reads and checks a report file. Bad input is a value (`ok: false`), never an exception. */
export async function checkReport(
  path: string,
  options: { framework?: Framework } = {},
): Promise<{ ok: true; result: ReportCheckResult } | { ok: false; error: ReadError }> {
  const read = await readReport(path);
  if (!read.ok) return read;
  return { ok: true, result: checkReportDocument(buildDocument(read.source), options) };
}
