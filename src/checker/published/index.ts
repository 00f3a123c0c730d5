/**
 * Checking a published 自评表 (项目支出 or 部门整体), in whatever layout it was published: read it into
 * rows (grid.ts), recognise the template (recognise.ts, by the phrase tables in phrases.ts), check the
 * figures (checks.ts) and the narrative (narrative.ts). Bad input is a value, never an exception.
 */
import { sortFindings, type Finding, type Passed } from '../../core/checks/types.ts';
import type { ReadError } from '../read.ts';
import { checkTables } from './checks.ts';
import { readPublished, type PublishedKind, type PublishedSource } from './grid.ts';
import { checkNarrative } from './narrative.ts';
import { recognise, type Recognised } from './recognise.ts';

export { readPublished, recognise, checkTables, checkNarrative };
export type { PublishedSource, Recognised };

export interface PublishedResult {
  file: string;
  kind: PublishedKind;
  recognised: boolean;
  /** What was recognised, in Chinese: “项目支出绩效自评表：项目资金 4 行，绩效指标 8 行，总分”. */
  what: string;
  /** Whether a title or a 项目资金 block marks it as a published 自评表 (not the report reader's report). */
  marked: boolean;
  recognition: Recognised;
  findings: Finding[];
  passed: Passed[];
}

const KIND_ZH = { project: '项目支出绩效自评表', department: '部门整体支出绩效自评表' } as const;

export function describe(rec: Recognised): string {
  if (!rec.kind) return '未识别到自评表';
  const parts: string[] = [];
  if (rec.funds)
    parts.push(
      `${rec.kind === 'department' ? '年度预算资金' : '项目资金'} ${rec.funds.rows.length} 行（${rec.funds.unit}）`,
    );
  const rows = rec.indicators.reduce((n, t) => n + t.rows.length, 0);
  if (rec.indicators.length) parts.push(`绩效指标 ${rows} 行`);
  if (rec.indicators.some((t) => t.total)) parts.push('总分');
  if (rec.indicators.some((t) => t.grade)) parts.push('评价等级');
  if (!parts.length) parts.push('叙述');
  const name = rec.info.project ?? rec.info.department;
  return `${KIND_ZH[rec.kind]}${name ? `「${name}」` : ''}：${parts.join('，')}`;
}

export function checkSource(src: PublishedSource): PublishedResult {
  const rec = recognise(src);
  const recognised = rec.kind !== null;
  const tables = recognised ? checkTables(rec) : { findings: [], passed: [] };
  const narrative = recognised ? checkNarrative(rec.narrative) : { findings: [], passed: [] };
  return {
    file: src.file,
    kind: src.kind,
    recognised,
    what: describe(rec),
    marked: !!rec.funds || !!rec.title || src.kind === 'xlsx' || src.kind === 'html',
    recognition: rec,
    findings: sortFindings([...tables.findings, ...narrative.findings]),
    passed: [...tables.passed, ...narrative.passed],
  };
}

export async function checkPublished(
  path: string,
): Promise<{ ok: true; result: PublishedResult } | { ok: false; error: ReadError }> {
  const read = await readPublished(path);
  if (!read.ok) return read;
  return { ok: true, result: checkSource(read.source) };
}

/** The message for a file in which no 自评表 was recognised (exit code 4), never “未发现问题”. */
export function notPublishedMessage(r: PublishedResult): string {
  return `未识别到绩效自评表或自评报告：文件中没有“年初预算数 / 全年预算数 / 全年执行数”的项目资金表，没有“一级指标 / 三级指标 / 分值 / 得分”的指标表，也没有自评表标题；不做核对（共读到表格 ${r.recognition.indicators.length + (r.recognition.funds ? 1 : 0)} 张、文字 ${r.recognition.narrative.length} 行）`;
}
