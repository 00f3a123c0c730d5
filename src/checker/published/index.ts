/**
 * Checking a published 自评表 (项目支出 or 部门整体), in whatever layout it was published: read it into
 * rows (grid.ts), recognise the template (recognise.ts, by the phrase tables in phrases.ts), check the
 * figures (checks.ts) and the narrative (narrative.ts). Bad input is a value, never an exception.
 */
import { sortFindings, type Finding, type Passed } from '../../core/checks/types.ts';
import type { ReadError } from '../read.ts';
import { checkTables, tableName } from './checks.ts';
import { readPublished, type PublishedKind, type PublishedSource } from './grid.ts';
import { checkNarrative } from './narrative.ts';
import { recognise, type PublishedTable, type Recognised, type TableKind } from './recognise.ts';

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

function describeTable(t: PublishedTable): string {
  const parts: string[] = [];
  if (t.funds)
    parts.push(
      `${t.kind === 'department' ? '年度预算资金' : '项目资金'} ${t.funds.rows.length} 行（${t.funds.unit}）`,
    );
  const rows = t.indicators.reduce((n, x) => n + x.rows.length, 0);
  if (t.indicators.length) parts.push(`绩效指标 ${rows} 行`);
  if (t.indicators.some((x) => x.total)) parts.push('总分');
  if (t.indicators.some((x) => x.grade)) parts.push('评价等级');
  return parts.join('，');
}

export function describe(rec: Recognised): string {
  if (!rec.kind) return '未识别到自评表';
  const name = (t: { info: Recognised['info'] }) => t.info.project ?? t.info.department;
  if (!rec.tables.length) {
    const n = name(rec);
    return `${KIND_ZH[rec.kind]}${n ? `「${n}」` : ''}：叙述`;
  }
  if (rec.tables.length === 1) {
    const t = rec.tables[0]!;
    const n = name(t);
    return `${KIND_ZH[t.kind]}${n ? `「${n}」` : ''}：${describeTable(t)}`;
  }
  // Several tables in one file: how many of each kind, then each by name.
  const counts = (Object.keys(KIND_ZH) as TableKind[])
    .map((k) => [k, rec.tables.filter((t) => t.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${KIND_ZH[k]} ${n} 张`)
    .join('、');
  return `${counts}：${rec.tables.map((t, k) => `「${tableName(t, k)}」${describeTable(t)}`).join('；')}`;
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
    marked: rec.tables.some((t) => t.funds) || !!rec.title || src.kind === 'xlsx' || src.kind === 'html',
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
  return `未识别到绩效自评表或自评报告：文件中没有“年初预算数 / 全年预算数 / 全年执行数”的项目资金表，没有“一级指标 / 三级指标 / 分值 / 得分”的指标表，也没有自评表标题；不做核对（共读到文字 ${r.recognition.narrative.length} 行）`;
}
