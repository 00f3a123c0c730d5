/**
 * The self-evaluation report (自评报告): build the model once, render it to any format.
 *
 *   const model = buildReportModel(dataset, framework);     // pure, plain data
 *   const docx = await renderDocx(model);                    // Buffer (.docx)
 *   const html = renderHtml(model);                          // string, self-contained
 *   const md = renderMarkdown(model);                        // string
 * PDF is an adapter (src/adapters/pdf.ts: LibreOffice converts the .docx through temp files).
 */
export { buildReportModel, type ReportModelOptions } from './model/build.ts';
export { buildMonitoringModel, chineseDate } from './model/monitoring.ts';
export type {
  ReportModel,
  Block,
  Cell,
  ChartBlock,
  ChartSpec,
  HeadingBlock,
  ParagraphBlock,
  Placeholder,
  TableBlock,
} from './model/types.ts';
export {
  renderDocx,
  buildDocxDocument,
  beginChartImages,
  renderChartImages,
  docxCompiler,
  type ChartImages,
} from './render/docx.ts';
export { renderHtml } from './render/html.ts';
export { renderMarkdown, type MarkdownOptions } from './render/markdown.ts';
export {
  chartSvg,
  chartPng,
  chartPngs,
  beginChartPngs,
  drawChartPngs,
  ChartFontError,
  type ChartDrawing,
  type ChartRequest,
} from './charts/render.ts';
export { startChartThread, stopChartThread, useChartThread } from './charts/thread.ts';

export const REPORT_FORMATS = ['docx', 'html', 'md', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
