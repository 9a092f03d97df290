/**
 * The pages the editor's report webview shows, built from the server's cached
 * analysis: the same report and comparison pages the CLI writes.
 */
import type { ScenarioAnalysis } from '../scenario/analysis';
import { compareScenarios, renderCompareHtml } from './compare';
import { renderHtml } from './html';
import { buildReport } from './model';

/** A display name for a document URI: its file name. */
export function nameOfUri(uri: string): string {
  const path = decodeURIComponent(uri.replace(/[?#].*$/, ''));
  return path.slice(path.lastIndexOf('/') + 1) || uri;
}

/** The report page of an open scenario. */
export function reportPage(analysis: ScenarioAnalysis, uri: string, generator = 'Gigafactory Scenarios'): { title: string; html: string; errors: number; warnings: number } {
  const report = buildReport(analysis, { fileName: nameOfUri(uri), generator });
  return { title: report.title, html: renderHtml(report), errors: report.errors, warnings: report.warnings };
}

/** The comparison page of an open scenario (A) with another version of it (B). */
export function comparePage(a: ScenarioAnalysis, aLabel: string, b: ScenarioAnalysis, bLabel: string): { title: string; html: string } {
  const c = compareScenarios({ label: aLabel, figures: a.figures }, { label: bLabel, figures: b.figures });
  return { title: `${aLabel} ↔ ${bLabel}`, html: renderCompareHtml(c) };
}
