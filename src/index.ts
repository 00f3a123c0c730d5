/**
 * jixiao as a library. The pure core (parse, score, metrics) takes and returns plain data; the file
 * adapters read YAML/JSON datasets and the built-in frameworks.
 */
export { Decimal, fixed, money, percent, roundHalfUp } from './core/decimal.ts';
export { datasetSchema, type Dataset, type DatasetInput, type Target } from './core/dataset/schema.ts';
export { parseDataset, type FieldError, type ParseResult } from './core/dataset/parse.ts';
// Stored data upgrades: parseDataset applies them; upgradeDataset for data read without parsing.
export { SCHEMA_VERSION, upgradeDataset, type UpgradeResult } from './core/dataset/upgrade.ts';
export { frameworkSchema, type Framework, type IndicatorNode, type Rule } from './core/framework/schema.ts';
export { parseFramework } from './core/framework/validate.ts';
export { METRICS, MetricContext, type MetricDef, type MetricValue } from './core/metrics/registry.ts';
export {
  score,
  leaves,
  gradeOf,
  type ScoreResult,
  type IndicatorResult,
  type Problem,
} from './core/score.ts';
export { evaluateRule, RULE_KINDS } from './core/rules/registry.ts';
export {
  loadDataset,
  loadFramework,
  loadFrameworkFile,
  listFrameworks,
  parseDataText,
  readDataFile,
  FRAMEWORKS_DIR,
} from './adapters/files.ts';
export {
  buildReportModel,
  buildMonitoringModel,
  type ReportModelOptions,
  renderDocx,
  renderHtml,
  renderMarkdown,
  REPORT_FORMATS,
  type ReportModel,
  type ReportFormat,
  type Placeholder,
} from './report/index.ts';
export { renderPdf, PdfError } from './adapters/pdf.ts';
// Targets, project self-evaluation, dual monitoring, year over year (issue 5).
export {
  parseTargetText,
  parseActualText,
  describeParse,
  type TargetParse,
  type ActualParse,
  type TargetOp,
} from './core/targets/parse.ts';
export { isQuantitative } from './core/targets/quantitative.ts';
export {
  scoreTarget,
  scoreTargetGroup,
  allocateWeights,
  targetSettings,
  DEFAULT_TARGET_SETTINGS,
  ACHIEVEMENT_LABELS,
  GRADE_LABELS,
  type TargetLike,
  type TargetScore,
  type TargetFinding,
  type TargetScoringSettings,
  type Achievement,
} from './core/targets/score.ts';
export {
  quantifiedShareTable,
  reviewTargets,
  type ShareTable,
  type ShareRow,
  type TargetReview,
} from './core/targets/share.ts';
export {
  suggestOutcomesScore,
  OUTCOME_CATEGORIES,
  type OutcomesSuggestion,
} from './core/targets/outcomes.ts';
export {
  findProject,
  projectDataset,
  scoreProject,
  scoreProjects,
  type ProjectTable,
  type ProjectFinding,
  type ProjectFunds,
} from './core/projects/project.ts';
export { projectTableModel, type ProjectTableModel, type ProjectTableRow } from './core/projects/table.ts';
export { projectTablesXlsx, addProjectSheet } from './adapters/xlsx/project-table.ts';
export {
  monitor,
  monitoringProblems,
  withMonitoringWarnings,
  paceAt,
  QUARTER_END_PACE,
  DEFAULT_MONITORING_SETTINGS,
  FORECAST_LABELS,
  REASON_LABELS,
  STATUS_LABELS,
  type MonitoringResult,
  type MonitoringWarning,
  type MonitoringSettings,
  type TargetMonitorRow,
  type ScoreResultWithMonitoring,
} from './core/monitoring/monitor.ts';
export { yearOverYear, type YearOverYear, type YoyRow } from './core/yoy/yoy.ts';
export {
  checkDataset,
  runDatasetChecks,
  DATASET_CHECKS,
  type DatasetCheck,
  type DatasetCheckOptions,
} from './core/checks/dataset.ts';
export type { Finding, Passed, Severity, ReportLocation, CheckOutcome } from './core/checks/types.ts';
export {
  checkReport,
  checkReportDocument,
  readReport,
  buildDocument,
  type ReportCheckResult,
} from './checker/index.ts';
// Published 自评表 from any jurisdiction, in any published form (issue 17).
export {
  checkPublished,
  checkSource as checkPublishedSource,
  readPublished,
  recognise as recognisePublished,
  type PublishedResult,
  type PublishedSource,
  type Recognised as RecognisedPublished,
} from './checker/published/index.ts';
export type { PublishedTable } from './checker/published/recognise.ts';
export {
  checkAnyFile,
  summarise as summariseChecked,
  type Checked,
  type FileSummary,
} from './checker/published/file.ts';
export { checkFolder, folderFiles, writeSummaryWorkbook } from './checker/published/folder.ts';
export {
  toProjectItem as publishedProject,
  rescore as rescorePublishedProject,
  compareTotals as comparePublishedTotals,
  type ExtractedProject,
} from './checker/published/project.ts';
// Scale: synthetic jurisdictions, batch scoring, the partitioned schema (issue 7).
export {
  synthDepartment,
  INCONSISTENCY_KINDS,
  type SynthDepartment,
  type SynthOptions,
  type Inconsistency,
  type InconsistencyKind,
} from './synth/generate.ts';
export { writeJurisdiction, type SynthManifest } from './synth/write.ts';
export { runBatch, listDatasetFiles, type BatchOptions, type BatchSummary } from './batch/run.ts';
export { processFile, type BatchRow, type BatchError, type BatchOutcome } from './batch/work.ts';
export { SummaryWriter, safeText } from './batch/summary.ts';
export {
  PARTITIONED_SCHEMA,
  QUERIES as PARTITIONED_QUERIES,
  createPartitionedSchema,
  partitionDdl,
  storeRows,
} from './batch/partitioned.ts';
