/**
 * jixiao as a library. The pure core (parse, score, metrics) takes and returns plain data; the file
 * adapters read YAML/JSON datasets and the built-in frameworks.
 */
export { Decimal, fixed, money, percent, roundHalfUp } from './core/decimal.ts';
export { datasetSchema, type Dataset, type DatasetInput, type Target } from './core/dataset/schema.ts';
export { parseDataset, type FieldError, type ParseResult } from './core/dataset/parse.ts';
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
  renderDocx,
  renderHtml,
  renderMarkdown,
  renderPdf,
  PdfError,
  REPORT_FORMATS,
  type ReportModel,
  type ReportFormat,
  type Placeholder,
} from './report/index.ts';
