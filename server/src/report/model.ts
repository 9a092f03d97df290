/**
 * The cost report as data: what a decision-maker reads (key figures, charts,
 * the full breakdown with provenance, sources, problems), built from one
 * analysis. Pure: the Markdown and HTML renderers, the CLI and the editor's
 * webview all start from this model, and every number in it is a figure of the
 * cost model formatted by the same functions the hovers use.
 */
import type { ScenarioAnalysis } from '../scenario/analysis';
import {
  FIGURE_NAMES, FIGURE_ORDER, formatFigureValue, type Figure, type FigureId, type FigureInput, type Figures,
} from '../scenario/costModel';
import { formatInteger, formatMWShort, formatMoneyCompact, formatMoneyPrecise, formatPercent, formatPerHourCompact, formatTonnes } from '../scenario/format';
import type { Currency } from '../scenario/quantity';
import { isValid, type FundingType, type Severity } from '../scenario/types';
import { LineIndex } from './positions';
import { yearlyCosts, type YearlyCosts } from './yearly';

/** A problem with 1-based line and column (UTF-16), as the CLI prints it. */
export interface ReportProblem {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface ReportInput {
  label: string;
  value: string;
  /** `this file`, `figure`, or `default: <source>, <date> (<note>)`. */
  from: string;
  origin: FigureInput['origin'];
}

/** One figure of the breakdown; `value` is absent when the figure could not be computed. */
export interface ReportFigure {
  id: FigureId;
  name: string;
  /** As the hover prints it ({@link formatFigureValue}). */
  value?: string;
  raw?: number;
  formula?: string;
  expression?: string;
  inputs: ReportInput[];
}

export type Tone = 'good' | 'bad' | 'neutral';

/** A headline number. */
export interface Kpi {
  id: FigureId;
  label: string;
  /** Compact, as inlay hints print money (€6.42B). */
  value: string;
  detail: string;
  tone: Tone;
}

/** One part of a bar. `key` picks the colour (a series or a funding type). */
export interface Segment {
  key: string;
  label: string;
  value: number;
  /** Compact display of the value. */
  display: string;
}

export interface CapexChart {
  parts: Segment[];
  total: number;
  totalDisplay: string;
}

export interface FundingChart {
  /** The bar label of what funding must cover: `Capex` or `Total cost`. */
  againstLabel: string;
  /** The same in a sentence: `capex`, or `total cost over N years`. */
  againstTitle: string;
  against: Segment[];
  againstTotal: number;
  funding: Segment[];
  fundingTotal: number;
  /** funding − what it covers; negative is a gap. */
  gap: number;
  gapDisplay: string;
}

export interface PowerChart {
  /** IT load per accelerator line, then the facility overhead (PUE). */
  segments: Segment[];
  facilityPower: number;
  gridCapacity?: number;
}

export interface YearlyChart {
  years: { label: string; parts: Segment[]; total: number; totalDisplay: string }[];
  interestByTerm: boolean;
  horizonYears: number;
}

export interface AcceleratorRow {
  model: string;
  count: string;
  unitPrice: string;
  power: string;
  capex?: string;
  itLoad?: string;
  source: string;
}

export interface FundingRow {
  name: string;
  type: string;
  amount?: string;
  share?: string;
  rate?: string;
  term?: string;
}

export interface SourceRow {
  name: string;
  date: string;
  note?: string;
  usedFor: string[];
}

export interface ReportModel {
  title: string;
  name?: string;
  description?: string;
  fileName: string;
  currency: Currency;
  /** Short facts under the title: site, accelerators, horizon… */
  facts: { label: string; value: string }[];
  problems: ReportProblem[];
  errors: number;
  warnings: number;
  kpis: Kpi[];
  charts: { capex?: CapexChart; funding?: FundingChart; power?: PowerChart; yearly?: YearlyChart };
  figures: ReportFigure[];
  accelerators: AcceleratorRow[];
  funding: FundingRow[];
  sources: SourceRow[];
  notes: string[];
  generator: string;
}

export interface ReportOptions {
  /** The file name shown in the report (a path relative to the working directory reads best). */
  fileName: string;
  /** Who made the report, e.g. `gigafactory 0.1.0`. */
  generator?: string;
}

/** The simplifications of format version 1 that every reader of the numbers should know. */
export const MODEL_NOTES: readonly string[] = [
  'One utilization figure serves as both the average share of peak power drawn and the share of hours that deliver compute.',
  'No inflation, discounting or price changes over time: every year costs the same, apart from loan interest, which stops when a loan\'s term ends.',
  'Yearly figures (opex per year, cost per accelerator-hour) are first-year figures: they include every loan\'s interest.',
  'The facility is not rebuilt within the horizon; IT is replaced every lifetimeYears (the IT refreshes).',
  'Timeline years drive checks, not costs. Repaying loan principal is financing, not cost.',
];

/** The problems of an analysis with 1-based positions. */
export function problemsOf(analysis: ScenarioAnalysis, index = new LineIndex(analysis.text)): ReportProblem[] {
  return analysis.problems.map((p) => {
    const s = index.positionAt(p.span.start);
    const e = index.positionAt(p.span.end);
    return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: p.severity, code: p.code, message: p.message };
  });
}

/** Where an input came from, in words (as the hovers say it). */
export function inputFrom(i: FigureInput): string {
  switch (i.origin) {
    case 'input': return 'this file';
    case 'figure': return 'figure';
    case 'default':
      if (!i.source) return 'default';
      return `default: ${i.source.name}, ${i.source.date}${i.source.note ? ` (${i.source.note})` : ''}`;
  }
}

const FUNDING_TYPE_NAMES: Record<FundingType, string> = {
  'eu-grant': 'EU grant', 'member-state': 'member state', 'eib-loan': 'EIB loan', 'private-equity': 'private equity',
  'private-debt': 'private debt', other: 'other',
};

function reportFigure(id: FigureId, figures: Figures | undefined): ReportFigure {
  const f = figures?.byId[id];
  if (!f || !figures) return { id, name: FIGURE_NAMES[id], inputs: [] };
  return {
    id, name: f.name, value: formatFigureValue(f, figures.currency), raw: f.value, formula: f.formula, expression: f.expression,
    inputs: f.inputs.map((i) => ({ label: i.label, value: i.value, from: inputFrom(i), origin: i.origin })),
  };
}

/** Builds the report of one analysed scenario. Never throws on partial scenarios: what cannot be computed is left out. */
export function buildReport(analysis: ScenarioAnalysis, options: ReportOptions): ReportModel {
  const { model, figures } = analysis;
  const currency: Currency = figures?.currency ?? 'EUR';
  const problems = problemsOf(analysis);
  const name = model && isValid(model.metadata.name) ? model.metadata.name.value : undefined;
  const title = model && isValid(model.metadata.title) ? model.metadata.title.value : name ?? options.fileName;
  const report: ReportModel = {
    title,
    fileName: options.fileName,
    currency,
    facts: [],
    problems,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    kpis: [],
    charts: {},
    figures: FIGURE_ORDER.map((id) => reportFigure(id, figures)),
    accelerators: [],
    funding: [],
    sources: [],
    notes: [...MODEL_NOTES],
    generator: options.generator ?? 'Gigafactory Scenarios',
  };
  if (name !== undefined) report.name = name;
  const description = analysis.document?.getIn(['metadata', 'description']);
  if (typeof description === 'string') report.description = description;
  if (!model || !figures) return report;

  report.facts = facts(analysis, figures);
  report.kpis = kpis(figures);
  const capex = capexChart(figures);
  if (capex) report.charts.capex = capex;
  const funding = fundingChart(analysis, figures);
  if (funding) report.charts.funding = funding;
  const power = powerChart(analysis, figures);
  if (power) report.charts.power = power;
  const yearly = yearlyCosts(model, figures);
  if (yearly) report.charts.yearly = yearlyChart(yearly, figures);
  report.accelerators = acceleratorRows(analysis, figures);
  report.funding = fundingRows(analysis, figures);
  report.sources = sources(figures);
  return report;
}

function facts(analysis: ScenarioAnalysis, figures: Figures): { label: string; value: string }[] {
  const m = analysis.model!;
  const out: { label: string; value: string }[] = [];
  const site = [isValid(m.site.name) ? m.site.name.value : undefined, isValid(m.site.country) ? m.site.country.value : undefined].filter(Boolean).join(', ');
  if (site) out.push({ label: 'Site', value: site });
  if (figures.totalCount !== undefined) {
    const models = m.hardware.accelerators.map((l) => (isValid(l.model) ? l.model.value : '?')).join(' + ');
    out.push({ label: 'Accelerators', value: `${formatInteger(figures.totalCount)} (${models})` });
  }
  const op = m.timeline.operational;
  if (isValid(op)) out.push({ label: 'Operational', value: String(op.value) });
  const H = figures.params.horizonYears;
  if (H) out.push({ label: 'Horizon', value: `${H.value} year${H.value === 1 ? '' : 's'}` });
  out.push({ label: 'Currency', value: figures.currency });
  return out;
}

function kpis(figures: Figures): Kpi[] {
  const f = figures.byId;
  const C = figures.currency;
  const money = (v: number) => formatMoneyCompact(v, C);
  const out: Kpi[] = [];
  if (f.capex) {
    const parts = [f.itCapex && `IT ${money(f.itCapex.value)}`, f.facilityCapex && `facility ${money(f.facilityCapex.value)}`,
      figures.params.landCost && figures.params.landCost.value > 0 && `land ${money(figures.params.landCost.value)}`].filter(Boolean);
    out.push({ id: 'capex', label: 'Capex', value: money(f.capex.value), detail: parts.join(' · '), tone: 'neutral' });
  }
  if (f.totalCost) {
    const H = figures.params.horizonYears?.value;
    const r = f.itRefreshes?.value;
    out.push({ id: 'totalCost', label: `Total cost over ${H} years`, value: money(f.totalCost.value),
      detail: r === undefined ? '' : `capex, ${r} IT refresh${r === 1 ? '' : 'es'}, running costs and interest`, tone: 'neutral' });
  }
  if (f.costPerAcceleratorHour) {
    const u = figures.params.utilization;
    out.push({ id: 'costPerAcceleratorHour', label: 'Cost per accelerator-hour', value: formatPerHourCompact(f.costPerAcceleratorHour.value, C),
      detail: `first year${u ? `, at ${formatPercent(u.value, 2)} utilization` : ''}`, tone: 'neutral' });
  }
  if (f.fundingGap && f.funding) {
    const g = f.fundingGap.value;
    const against = figures.params.fundingCovers?.value === 'total' ? 'total cost' : 'capex';
    const base = against === 'total cost' ? f.totalCost : f.capex;
    out.push({
      id: 'fundingGap', label: g < 0 ? 'Funding gap' : 'Funding margin', value: `${g < 0 ? '−' : '+'}${money(Math.abs(g))}`,
      detail: `funding ${money(f.funding.value)} against ${against}${base ? ` ${money(base.value)}` : ''}`, tone: g < 0 ? 'bad' : 'good',
    });
  }
  const grid = figures.params.gridCapacity?.value;
  if (f.facilityPower) {
    const fp = f.facilityPower.value;
    const detail = grid === undefined ? 'no grid connection given' : fp > grid
      ? `${formatMWShort(fp - grid)} more than the ${formatMWShort(grid)} grid connection`
      : `${formatMWShort(grid - fp)} spare on a ${formatMWShort(grid)} grid connection`;
    out.push({ id: 'facilityPower', label: 'Facility power at peak', value: formatMWShort(fp), detail, tone: grid === undefined ? 'neutral' : fp > grid ? 'bad' : 'good' });
  }
  if (f.euShare && f.euAmount) {
    const max = figures.params.maxEuShare?.value;
    const over = max !== undefined && f.euShare.value > max;
    out.push({ id: 'euShare', label: 'EU share of capex', value: formatPercent(f.euShare.value, 1),
      detail: `${money(f.euAmount.value)} in EU grants${max !== undefined ? `, limit ${formatPercent(max, 1)}` : ''}`, tone: over ? 'bad' : 'neutral' });
  }
  if (f.emissionsPerYear) {
    const r = figures.params.renewableShare;
    out.push({ id: 'emissionsPerYear', label: 'Emissions per year', value: formatTonnes(f.emissionsPerYear.value),
      detail: r ? `${formatPercent(r.value, 1)} renewable power` : '', tone: 'neutral' });
  }
  return out;
}

function seg(key: string, label: string, value: number, currency: Currency): Segment {
  return { key, label, value, display: formatMoneyCompact(value, currency) };
}

/** Capex by part: accelerators, systems, networking, storage, facility, land. */
function capexChart(figures: Figures): CapexChart | undefined {
  const f = figures.byId;
  const C = figures.currency;
  if (!f.capex || !f.acceleratorsCapex || !f.systemsCapex || !f.networkingCapex || !f.storageCapex || !f.facilityCapex || !figures.params.landCost) return undefined;
  const parts = [
    seg('accelerators', 'Accelerators', f.acceleratorsCapex.value, C),
    seg('systems', 'Systems', f.systemsCapex.value, C),
    seg('networking', 'Networking', f.networkingCapex.value, C),
    seg('storage', 'Storage', f.storageCapex.value, C),
    seg('facility', 'Facility', f.facilityCapex.value, C),
    seg('land', 'Land', figures.params.landCost.value, C),
  ];
  return { parts, total: f.capex.value, totalDisplay: formatMoneyCompact(f.capex.value, C) };
}

function fundingChart(analysis: ScenarioAnalysis, figures: Figures): FundingChart | undefined {
  const f = figures.byId;
  const C = figures.currency;
  if (!f.funding || !f.fundingGap) return undefined;
  const total = figures.params.fundingCovers?.value === 'total';
  let against: Segment[];
  let againstLabel: string;
  let againstTitle: string;
  if (total) {
    if (!f.totalCost || !f.capex || !f.itCapex || !f.itRefreshes) return undefined;
    const refresh = f.itCapex.value * f.itRefreshes.value;
    const H = figures.params.horizonYears?.value;
    // What is left of the total after capex and refreshes: running costs and loan interest over the horizon.
    const running = f.totalCost.value - f.capex.value - refresh;
    against = [seg('capex', 'Capex', f.capex.value, C), seg('refresh', 'IT refreshes', refresh, C), seg('running', `Running costs, ${H} years`, running, C)];
    againstLabel = 'Total cost';
    againstTitle = `total cost over ${H} years`;
  } else {
    if (!f.capex) return undefined;
    const cc = capexChart(figures);
    against = cc ? [seg('it', 'IT capex', f.itCapex!.value, C), seg('facility', 'Facility capex', f.facilityCapex!.value, C), seg('land', 'Land', figures.params.landCost!.value, C)] : [seg('capex', 'Capex', f.capex.value, C)];
    againstLabel = 'Capex';
    againstTitle = 'capex';
  }
  const funding: Segment[] = [];
  for (const line of analysis.model!.funding) {
    const fl = figures.fundingLines[line.index];
    if (fl?.amount === undefined) continue;
    const name = isValid(line.name) ? line.name.value : `Funding line ${line.index + 1}`;
    funding.push(seg(fl.type ?? 'other', name, fl.amount, C));
  }
  const gap = f.fundingGap.value;
  return {
    againstLabel, againstTitle, against, againstTotal: against.reduce((s, x) => s + x.value, 0), funding, fundingTotal: f.funding.value,
    gap, gapDisplay: `${gap < 0 ? '−' : '+'}${formatMoneyCompact(Math.abs(gap), C)}`,
  };
}

function powerChart(analysis: ScenarioAnalysis, figures: Figures): PowerChart | undefined {
  const f = figures.byId;
  if (!f.itLoad || !f.facilityPower) return undefined;
  const segments: Segment[] = [];
  const lines = analysis.model!.hardware.accelerators;
  for (const lf of figures.lines) {
    if (!lf.itLoad) return undefined;
    const line = lines[lf.index];
    const name = line && isValid(line.model) ? line.model.value : `line ${lf.index + 1}`;
    segments.push({ key: `line${lf.index}`, label: `IT load, ${name}`, value: lf.itLoad.value, display: formatMWShort(lf.itLoad.value) });
  }
  const overhead = f.facilityPower.value - f.itLoad.value;
  const pue = figures.params.pue?.value;
  segments.push({ key: 'cooling', label: `Cooling and facility${pue ? ` (PUE ${pue})` : ''}`, value: overhead, display: formatMWShort(overhead) });
  const out: PowerChart = { segments, facilityPower: f.facilityPower.value };
  if (figures.params.gridCapacity) out.gridCapacity = figures.params.gridCapacity.value;
  return out;
}

const YEAR_SERIES: { key: 'energy' | 'staff' | 'maintenance' | 'interest' | 'refresh'; label: string }[] = [
  { key: 'energy', label: 'Energy' }, { key: 'staff', label: 'Staff' }, { key: 'maintenance', label: 'Maintenance' },
  { key: 'interest', label: 'Loan interest' }, { key: 'refresh', label: 'IT refresh (capex)' },
];

function yearlyChart(y: YearlyCosts, figures: Figures): YearlyChart {
  const C = figures.currency;
  return {
    interestByTerm: y.interestByTerm,
    horizonYears: y.years.length,
    years: y.years.map((row) => ({
      label: row.calendarYear !== undefined ? String(row.calendarYear) : `Year ${row.year}`,
      parts: YEAR_SERIES.map((s) => seg(s.key, s.label, row.parts[s.key], C)),
      total: row.total,
      totalDisplay: formatMoneyCompact(row.total, C),
    })),
  };
}

function acceleratorRows(analysis: ScenarioAnalysis, figures: Figures): AcceleratorRow[] {
  const C = figures.currency;
  return analysis.model!.hardware.accelerators.map((line) => {
    const lf = figures.lines[line.index];
    const sourceOf = (i: FigureInput | undefined) => (i ? inputFrom(i) : '');
    const sources = [...new Set([sourceOf(lf?.unitPrice?.input), sourceOf(lf?.power?.input)].filter(Boolean))];
    const row: AcceleratorRow = {
      model: isValid(line.model) ? line.model.value : `line ${line.index + 1}`,
      count: lf?.count ? formatInteger(lf.count.value) : 'invalid',
      unitPrice: lf?.unitPrice?.input.value ?? 'unknown',
      power: lf?.power?.input.value ?? 'unknown',
      source: sources.join('; '),
    };
    if (lf?.capex) row.capex = formatFigureValue(lf.capex, C);
    if (lf?.itLoad) row.itLoad = formatFigureValue(lf.itLoad, C);
    return row;
  });
}

function fundingRows(analysis: ScenarioAnalysis, figures: Figures): FundingRow[] {
  const C = figures.currency;
  return analysis.model!.funding.map((line) => {
    const fl = figures.fundingLines[line.index];
    const row: FundingRow = {
      name: isValid(line.name) ? line.name.value : `line ${line.index + 1}`,
      type: fl?.type ? FUNDING_TYPE_NAMES[fl.type] : 'unknown type',
    };
    if (fl?.amount !== undefined) row.amount = formatMoneyPrecise(fl.amount, C);
    if (fl?.share) row.share = formatFigureValue(fl.share, C);
    if (isValid(line.rate)) row.rate = formatPercent(line.rate.value, 2);
    if (isValid(line.termYears)) row.term = `${line.termYears.value} years`;
    return row;
  });
}

/** Every public source a default or catalog figure came from, with what it was used for. */
function sources(figures: Figures): SourceRow[] {
  const all: Figure[] = [...Object.values(figures.byId), ...figures.lines.flatMap((l) => [l.capex, l.itLoad].filter((x): x is Figure => !!x))];
  const byKey = new Map<string, SourceRow>();
  for (const f of all) {
    for (const i of f.inputs) {
      if (i.origin !== 'default' || !i.source) continue;
      const key = `${i.source.name}\u0000${i.source.date}\u0000${i.source.note ?? ''}`;
      let row = byKey.get(key);
      if (!row) {
        row = { name: i.source.name, date: i.source.date, usedFor: [] };
        if (i.source.note) row.note = i.source.note;
        byKey.set(key, row);
      }
      const use = `${i.label} = ${i.value}`;
      if (!row.usedFor.includes(use)) row.usedFor.push(use);
    }
  }
  return [...byKey.values()];
}
