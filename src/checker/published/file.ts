/**
 * One file of a jurisdiction's published tables, checked and summarised as a plain value (what a worker
 * thread posts back): a published 自评表 (project or 部门整体) by the published checker, a written
 * self-evaluation report by the report reader; neither → not recognised, never “未发现问题”.
 */
import type { Framework } from '../../core/framework/schema.ts';
import type { Finding } from '../../core/checks/types.ts';
import { buildDocument } from '../document.ts';
import { readReport } from '../read.ts';
import { PROJECT_TABLE_KIND, checkReportDocument, notRecognisedMessage } from '../report.ts';
import { checkPublished, notPublishedMessage, type PublishedResult } from './index.ts';

export interface FileSummary {
  file: string;
  /** Read at all (false: the reading error is in `message`). */
  read: boolean;
  recognised: boolean;
  /** What was recognised, or why nothing was (Chinese). */
  what: string;
  message?: string;
  findings: Finding[];
  passed: number;
}

export type Checked =
  | { via: 'published'; result: PublishedResult }
  | { via: 'report'; result: ReturnType<typeof checkReportDocument> }
  | { via: 'none'; message: string; published?: PublishedResult }
  | { via: 'error'; message: string };

const PUBLISHED_ONLY = /\.(xlsx|html?)$/i;

/**
 * Which reader a file goes to. A self-evaluation report the report reader recognises with its own
 * tables (budget by category, execution, targets… — the seed, or a report written by `jixiao report`
 * with project tables in its appendix) stays with the report reader. Otherwise a table marked as a
 * published 自评表 (title, 项目资金 block, .xlsx or .html) goes to the published checker; then the
 * report reader's answer; then the published checker's, if it recognises anything; else nothing.
 */
export async function checkAnyFile(path: string, framework?: Framework): Promise<Checked> {
  const pub = await checkPublished(path);
  if (PUBLISHED_ONLY.test(path)) {
    if (!pub.ok) return { via: 'error', message: pub.error.message };
    if (pub.result.recognised) return { via: 'published', result: pub.result };
    return { via: 'none', message: notPublishedMessage(pub.result), published: pub.result };
  }
  const read = await readReport(path);
  if (!read.ok) return { via: 'error', message: read.error.message };
  const rep = checkReportDocument(buildDocument(read.source), { framework });
  // The report reader also reads project tables (附表 2-n); a file holding only those is a published
  // 自评表, so a report is kept by the report reader for tables of a report's own.
  // A file that opens with a 自评表 title is one, whatever tables the report reader also finds in it.
  if (pub.ok && pub.result.recognised && pub.result.recognition.titled)
    return { via: 'published', result: pub.result };
  const reportTables = rep.tablesRead.filter((t) => t.kind !== PROJECT_TABLE_KIND);
  if (rep.recognised && reportTables.length > 0) return { via: 'report', result: rep };
  if (pub.ok && pub.result.recognised && pub.result.marked) return { via: 'published', result: pub.result };
  if (rep.recognised) return { via: 'report', result: rep };
  if (pub.ok && pub.result.recognised) return { via: 'published', result: pub.result };
  return {
    via: 'none',
    message: notRecognisedMessage(rep, true),
    published: pub.ok ? pub.result : undefined,
  };
}

export function summarise(file: string, c: Checked): FileSummary {
  switch (c.via) {
    case 'published':
      return {
        file,
        read: true,
        recognised: true,
        what: c.result.what,
        findings: c.result.findings,
        passed: c.result.passed.length,
      };
    case 'report': {
      const who = [c.result.department, c.result.year ? `${c.result.year} 年度` : null]
        .filter(Boolean)
        .join(' ');
      return {
        file,
        read: true,
        recognised: true,
        what: `自评报告${who ? `（${who}）` : ''}：表格 ${c.result.tablesRead.length} 张，数字 ${c.result.figuresRead} 个`,
        findings: c.result.findings,
        passed: c.result.passed.length,
      };
    }
    case 'none':
      return {
        file,
        read: true,
        recognised: false,
        what: '未识别到自评表或自评报告',
        message: c.message,
        findings: [],
        passed: 0,
      };
    default:
      return {
        file,
        read: false,
        recognised: false,
        what: '无法读取',
        message: c.message,
        findings: [],
        passed: 0,
      };
  }
}
