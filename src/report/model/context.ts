import type { Dataset } from '../../core/dataset/schema.ts';
import type { Framework } from '../../core/framework/schema.ts';
import type { MetricContext } from '../../core/metrics/registry.ts';
import type { ScoreResult } from '../../core/score.ts';
import type { Builder } from './builder.ts';

/** What every section builder reads: the inputs, the metrics and the block list it appends to. */
export interface SectionContext {
  ds: Dataset;
  framework: Framework;
  result: ScoreResult;
  m: MetricContext;
  b: Builder;
  /** The department as sentences name it. */
  dept: string;
  year: number;
  /** The department's scoring table's number: “附表”, or “附表 1” when project tables follow. */
  appendixNumber?: string;
}

/** Narrative keys the report reads, with their Chinese labels (for placeholders and docs). */
export const NARRATIVE_LABELS: Record<string, string> = {
  budgetResponsibilities: '预算绩效管理责任（每行“机构：职责”）',
  budgetManagement: '预算绩效管理情况',
  budgetPreparation: '年初预算编制情况',
  budgetCompliance: '预算编制规范性',
  targetCompleteness: '绩效目标完整性',
  indicatorClarity: '绩效指标明确性',
  procurementPolicy: '政府采购执行情况',
  financialCompliance: '财务合规性',
  transfersNote: '预算调剂说明',
  disclosure: '预决算信息公开',
  projectProcedure: '项目实施程序',
  projectSupervision: '项目监管',
  assetSafety: '资产管理安全性',
  internalControl: '内部控制制度管理',
  performanceManagement: '全面实施预算绩效管理情况',
  goals: '主要履职目标',
  accomplishments: '主要履职情况',
  keyWork: '重点工作完成情况',
  socialBenefits: '社会效益',
  sustainability: '可持续发展',
  petitions: '信访办理情况',
  experience: '预算绩效管理工作主要经验、做法',
  plans: '后续工作计划',
  suggestions: '相关建议',
};

/** The user's text block for a narrative key (or undefined). */
export function narrativeOf(ctx: SectionContext, key: string): string[] | undefined {
  return ctx.ds.narrative[key];
}

/** Appends the narrative block `key` (a placeholder when missing). */
export function writeNarrative(ctx: SectionContext, key: string, opts: { numbered?: boolean } = {}): void {
  ctx.b.narrative(`narrative.${key}`, narrativeOf(ctx, key), NARRATIVE_LABELS[key] ?? key, opts);
}
