/**
 * Cost reports and comparisons: pure functions from analyses to a report
 * model, and from the model to Markdown or self-contained HTML. Used by the
 * CLI and, through the server, by the editor's report webview.
 */
export { buildReport, problemsOf, type ReportModel, type ReportOptions, type ReportProblem } from './model';
export { renderHtml } from './html';
export { renderMarkdown } from './markdown';
export { compareScenarios, renderCompareHtml, renderCompareMarkdown, renderCompareText, type Comparison, type CompareRow, type CompareSide } from './compare';
export { LineIndex } from './positions';
