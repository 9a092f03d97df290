/**
 * Hovers: precise breakdowns of the figures a key or value feeds, with each
 * input, each default's public source and the formula; the whole breakdown on
 * `metadata.name`; the catalog entry on an accelerator id; the schema's
 * description elsewhere. Numbers here are precise (€8,363,381,181, 216.000 MW,
 * €1.897), where hints are compact.
 */
import type { Document } from 'yaml';
import type { AcceleratorEntry, Catalog } from './catalog';
import { FIGURE_NAMES, FIGURE_ORDER, formatFigureValue, type Figure, type FigureId, type FigureInput, type Figures } from './costModel';
import { aggregateOf, grouped, provenance, type Where } from './aggregates';
import { firstInputs, inputCount } from './figure';
import { formatInteger, formatMoneyPrecise } from './format';
import { locate, pathKey, type Location } from './locate';
import { schemaInfo } from './schemaInfo';
import { isValid, LOAN_TYPES, type ScenarioModel, type Span } from './types';

export interface HoverContext extends Where {
  document: Document;
  model: ScenarioModel;
  figures: Figures;
  catalog: Catalog;
}

export interface HoverResult {
  markdown: string;
  /** The key or value the hover is about. */
  span: Span;
}

/** The figures each field feeds, by path (`*` for list indexes). */
const FEEDS: Record<string, FigureId[]> = {
  currency: ['capex', 'opexPerYear', 'totalCost', 'costPerAcceleratorHour'],
  horizonYears: ['itRefreshes', 'totalCost'],
  assumptions: ['energyPerYear', 'costPerAcceleratorHour'],
  'assumptions.usdPerEur': ['acceleratorsCapex', 'capex'],
  'assumptions.utilization': ['energyPerYear', 'costPerAcceleratorHour'],
  'assumptions.facilityLifetimeYears': ['costPerAcceleratorHour'],
  site: ['facilityCapex', 'facilityPower'],
  'site.country': ['energyCostPerYear', 'facilityCapex', 'emissionsPerYear'],
  'site.gridCapacity': ['facilityPower'],
  'site.gridIntensity': ['emissionsPerYear'],
  'site.landCost': ['capex'],
  'site.buildCostPerMW': ['facilityCapex'],
  hardware: ['acceleratorsCapex', 'systemsCapex', 'networkingCapex', 'storageCapex', 'itCapex', 'capex'],
  'hardware.accelerators': ['acceleratorsCapex', 'itLoad'],
  'hardware.accelerators.*.count': ['acceleratorsCapex', 'itLoad'],
  'hardware.accelerators.*.unitPrice': ['acceleratorsCapex'],
  'hardware.accelerators.*.power': ['itLoad'],
  'hardware.accelerators.*.model': ['acceleratorsCapex', 'itLoad'],
  'hardware.hostOverhead': ['itLoad'],
  'hardware.systems': ['systemsCapex'],
  'hardware.networking': ['networkingCapex'],
  'hardware.storage': ['storageCapex'],
  'hardware.lifetimeYears': ['itRefreshes', 'costPerAcceleratorHour'],
  power: ['itLoad', 'facilityPower', 'energyPerYear', 'energyCostPerYear'],
  'power.pue': ['facilityPower'],
  'power.price': ['energyCostPerYear'],
  'power.renewableShare': ['emissionsPerYear'],
  operations: ['staffCostPerYear', 'maintenancePerYear', 'opexPerYear'],
  'operations.staff': ['staffCostPerYear'],
  'operations.costPerStaff': ['staffCostPerYear'],
  'operations.maintenance': ['maintenancePerYear'],
  funding: ['funding', 'fundingGap'],
  'funding.*.amount': ['funding', 'fundingGap'],
  'funding.*.rate': ['interestPerYear', 'totalCost'],
  'funding.*.termYears': ['totalCost'],
  'constraints.maxEuAmount': ['euAmount'],
  'constraints.maxEuShare': ['euShare'],
  'constraints.fundingCovers': ['fundingGap'],
};

const UTILIZATION_NOTE = 'One `utilization` serves as both the average share of peak power drawn and the share of hours that deliver compute.';
const NO_INFLATION_NOTE = 'No inflation, discounting or price changes over time: every year costs the same.';
const NOT_REBUILT_NOTE = 'The facility is not rebuilt within the horizon (a `horizonYears` above `facilityLifetimeYears` is a warning).';
const TIMELINE_NOTE = 'Timeline years drive checks, not costs.';
const FIRST_YEAR_NOTE = 'Yearly figures are first-year figures: they include loan interest even when a loan ends before the horizon.';

/** The hover at `offset`, or undefined where there is nothing to say. */
export function hover(ctx: HoverContext, offset: number): HoverResult | undefined {
  const loc = locate(ctx.document, offset);
  if (!loc) return undefined;
  const key = pathKey(loc.path);
  let markdown: string | undefined;
  if (key === 'metadata.name') markdown = breakdown(ctx);
  else if (key === 'hardware.accelerators.*.model' && loc.on === 'value') markdown = modelHover(ctx, loc);
  else markdown = fieldHover(ctx, loc);
  return markdown ? { markdown, span: loc.span } : undefined;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function from(i: FigureInput): string {
  switch (i.origin) {
    case 'input': return 'this file';
    case 'figure': return 'figure';
    case 'default': {
      if (!i.source) return 'default';
      return `default: ${i.source.name}, ${i.source.date}${i.source.note ? ` (${i.source.note})` : ''}`;
    }
  }
}

/** Rows of an input table before the rest is summed up in one line (long accelerator lists). */
const MAX_INPUT_ROWS = 12;

/** The figure's inputs as a table; a long list's first rows only (without building the rest). */
function inputTable(f: Figure): string[] {
  const count = inputCount(f);
  if (!count) return [];
  const shown = firstInputs(f, count > MAX_INPUT_ROWS ? MAX_INPUT_ROWS - 1 : count);
  const rows = shown.map((i) => `| ${cell(i.label)} | ${cell(i.value)} | ${cell(from(i))} |`);
  if (shown.length < count) rows.push(`| … | ${count - shown.length} more inputs | |`);
  return ['', '| input | value | from |', '| --- | --- | --- |', ...rows];
}

/**
 * A sum over many list lines: what the lines hold in one sentence, the
 * largest contributors with their line numbers, then the inputs that are not
 * per line and each catalog default once, with how many lines use it.
 */
function groupedTable(f: Figure, ctx: HoverContext): string[] | undefined {
  const g = grouped(f, ctx.figures, ctx, ctx.figures.currency);
  if (!g) return undefined;
  const out = ['', `**${g.summary.replace(/^([^.:]*)([.:])/, '$1**$2')}`];
  if (g.rows.length) {
    out.push('', `The ${g.rows.length === 1 ? 'largest' : `${g.rows.length} largest`} ${g.by}:`, '');
    out.push(`| ${ctx.lineAt ? 'line' : 'item'} | ${g.columns.join(' | ')} |`, `| ${['---', ...g.columns.map(() => '---')].join(' | ')} |`);
    for (const r of g.rows) out.push(`| ${[r.where.replace(/^(line|item) /, ''), ...r.cells].map(cell).join(' | ')} |`);
  }
  const other = groupedOthers(f, ctx);
  if (other.length) {
    out.push('', '| input | value | from |', '| --- | --- | --- |');
    for (const i of other) {
      const n = g.uses.get(i.label);
      out.push(`| ${cell(i.label)} | ${cell(i.value)} | ${cell(from(i))}${n ? ` — on ${formatInteger(n)} line${n === 1 ? '' : 's'}` : ''} |`);
    }
  }
  return out;
}

/** A long sum's inputs that are not per line (in input order), then its catalog defaults, once each. */
function groupedOthers(f: Figure, ctx: HoverContext): FigureInput[] {
  const head = aggregateOf(f, ctx.figures)?.other ?? [];
  const seen = new Set(head);
  return [...head, ...provenance(f, ctx.figures).filter((i) => i.origin === 'default' && !seen.has(i))];
}

/** One figure: value, formula, the formula with numbers, its inputs, and the defaults behind its input figures. */
function figureSection(f: Figure, ctx: HoverContext): string[] {
  const out = [`#### ${f.name} = ${formatFigureValue(f, ctx.figures.currency)}`, '', `Formula: \`${f.formula}\``, '', f.expression, ...(groupedTable(f, ctx) ?? inputTable(f))];
  const behind = defaultsBehind(f, ctx.figures);
  if (behind.length) {
    out.push('', 'Defaults behind the input figures:', '', ...behind.slice(0, MAX_INPUT_ROWS).map((i) => `- ${i.label}: ${i.value} (${from(i)})`));
    if (behind.length > MAX_INPUT_ROWS) out.push(`- … ${behind.length - MAX_INPUT_ROWS} more`);
  }
  return out;
}

/**
 * Defaults used by the figures a figure is computed from, transitively, once
 * each. Only the first input of each origin and label can change the result
 * (later ones are skipped as seen), so the walk reads the figures' provenance
 * ({@link figureProvenance}), not the thousands of inputs of a long list.
 */
function defaultsBehind(f: Figure, figures: Figures): FigureInput[] {
  const byName = new Map<string, Figure>();
  for (const id of FIGURE_ORDER) {
    const g = figures.byId[id];
    if (g) byName.set(g.name, g);
  }
  const own = new Set(provenance(f, figures).filter((i) => i.origin === 'default').map((i) => i.label));
  const seen = new Set<string>();
  const out = new Map<string, FigureInput>();
  const visit = (g: Figure) => {
    for (const i of provenance(g, figures)) {
      if (i.origin === 'default' && !own.has(i.label) && !out.has(i.label)) out.set(i.label, i);
      if (i.origin === 'figure' && !seen.has(i.label)) {
        seen.add(i.label);
        const next = byName.get(i.label);
        if (next) visit(next);
      }
    }
  };
  visit(f);
  return [...out.values()];
}

function missingSection(id: FigureId): string[] {
  return [`#### ${FIGURE_NAMES[id]}`, '', '*Not computed: an input it needs is missing or invalid.*'];
}

function notesFor(ids: readonly string[], key: string): string[] {
  const notes = new Set<string>();
  if (ids.some((i) => i === 'energyPerYear' || i === 'costPerAcceleratorHour') || key === 'assumptions.utilization') notes.add(UTILIZATION_NOTE);
  if (ids.some((i) => ['opexPerYear', 'totalCost', 'costPerAcceleratorHour', 'energyCostPerYear'].includes(i))) notes.add(NO_INFLATION_NOTE);
  if (ids.some((i) => i === 'opexPerYear' || i === 'interestPerYear' || i === 'costPerAcceleratorHour')) notes.add(FIRST_YEAR_NOTE);
  if (ids.includes('totalCost') || key === 'horizonYears' || key === 'assumptions.facilityLifetimeYears') notes.add(NOT_REBUILT_NOTE);
  if (key.startsWith('timeline')) notes.add(TIMELINE_NOTE);
  if (!notes.size) return [];
  return ['', '*Simplifications of version 1:* ' + [...notes].join(' ')];
}

function describe(loc: Location): string[] {
  const info = schemaInfo(loc.path);
  const name = String(loc.path[loc.path.length - 1]);
  const head = `**${typeof loc.path[loc.path.length - 1] === 'number' ? pathKey(loc.path) : name}**${info?.title ? ` — ${info.title}` : ''}`;
  const text = info?.markdownDescription ?? info?.description;
  return text ? [head, '', text] : info ? [head] : [];
}

/** Hover on a key or value that is not the scenario name or a catalog id. */
function fieldHover(ctx: HoverContext, loc: Location): string | undefined {
  const key = pathKey(loc.path);
  const out = describe(loc);
  const { figures } = ctx;
  const sections: string[][] = [];
  const shown: string[] = [];
  const index = typeof loc.path[2] === 'number' ? loc.path[2] : typeof loc.path[1] === 'number' ? loc.path[1] : undefined;

  // Line-level figures first: the line under the cursor.
  if (key.startsWith('hardware.accelerators.*') && index !== undefined) {
    const lf = figures.lines[index];
    const field = String(loc.path[3] ?? '');
    if (lf?.capex && field !== 'power') sections.push(figureSection(lf.capex, ctx));
    if (lf?.itLoad && field !== 'unitPrice') sections.push(figureSection(lf.itLoad, ctx));
  }
  let ids = FEEDS[key] ?? [];
  if (key.startsWith('funding.*') && index !== undefined) {
    const fl = figures.fundingLines[index];
    if (fl?.share && (key === 'funding.*.amount' || key === 'funding.*.name' || key === 'funding.*')) sections.push(figureSection(fl.share, ctx));
    if (key === 'funding.*.amount' || key === 'funding.*.type') {
      if (fl?.type === 'eu-grant') ids = [...ids, 'euAmount', 'euShare'];
      if (fl?.type && LOAN_TYPES.includes(fl.type)) ids = [...ids, 'interestPerYear', 'totalCost'];
    }
  }
  for (const id of ids) {
    const f = figures.byId[id];
    sections.push(f ? figureSection(f, ctx) : missingSection(id));
    shown.push(id);
  }
  if (key === 'constraints.minAccelerators' && figures.totalCount !== undefined && figures.params.minAccelerators) {
    sections.push([`#### accelerators in all = ${formatInteger(figures.totalCount)}`, '', `minimum: ${formatInteger(figures.params.minAccelerators.value)}`]);
  }
  if (key === 'site.gridCapacity' && figures.params.gridCapacity && figures.byId.facilityPower) {
    const headroom = figures.params.gridCapacity.value - figures.byId.facilityPower.value;
    sections.push([`Headroom: ${headroom >= 0 ? '' : '−'}${Math.abs(headroom).toFixed(3)} MW between the grid connection and facility power.`]);
  }
  if (!out.length && !sections.length) return undefined;
  for (const s of sections) out.push('', '---', '', ...s);
  const notes = notesFor(shown, key);
  if (!notes.some((n) => out.join('\n').includes(n.replace(/^.*:\* /, '')))) out.push(...notes);
  return out.join('\n');
}

/** Hover on `metadata.name`: every figure, then the defaults used with their sources. */
function breakdown(ctx: HoverContext): string {
  const { model, figures } = ctx;
  const C = figures.currency;
  const title = isValid(model.metadata.title) ? ` — ${model.metadata.title.value}` : '';
  const name = isValid(model.metadata.name) ? model.metadata.name.value : 'scenario';
  const out = [`**${name}**${title}`, '', `All money in ${C}.`, '', '| figure | value | formula |', '| --- | --- | --- |'];
  const defaults = new Map<string, FigureInput>();
  for (const id of FIGURE_ORDER) {
    const f = figures.byId[id];
    out.push(`| ${FIGURE_NAMES[id]} | ${f ? cell(formatFigureValue(f, C)) : '—'} | \`${cell(f?.formula ?? '')}\` |`);
    // A figure's first default of each label: within one figure, inputs of one label show the same value and
    // source (a catalog price or power names its model; an unwritten loan term is the horizon).
    for (const i of f ? provenance(f, figures) : []) if (i.origin === 'default') defaults.set(i.label, i);
  }
  if (defaults.size) {
    out.push('', '**Defaults used**', '', '| input | value | source |', '| --- | --- | --- |');
    for (const i of defaults.values()) out.push(`| ${cell(i.label)} | ${cell(i.value)} | ${cell(i.source ? `${i.source.name}, ${i.source.date}${i.source.note ? ` (${i.source.note})` : ''}` : '—')} |`);
  }
  out.push('', '— marks a figure that cannot be computed yet: an input it needs is missing or invalid.');
  out.push('', `*Simplifications of version 1:* ${UTILIZATION_NOTE} ${NO_INFLATION_NOTE} ${NOT_REBUILT_NOTE} ${FIRST_YEAR_NOTE}`);
  return out.join('\n');
}

function entryTable(e: AcceleratorEntry): string[] {
  const cur = e.unitPrice.currency;
  const range = e.priceRange ? ` (sources range ${formatMoneyPrecise(e.priceRange.low, cur)}–${formatMoneyPrecise(e.priceRange.high, cur)})` : '';
  const rows = [
    ['unit price', `${formatMoneyPrecise(e.unitPrice.amount, cur)}${range}`],
    ['chip power', `${formatInteger(e.power)} W (host overhead comes on top)`],
  ];
  if (e.memoryGB !== undefined) rows.push(['memory', `${formatInteger(e.memoryGB)} GB`]);
  rows.push(['source', `${e.source.name}, ${e.source.date}`]);
  rows.push(['catalog', e.origin.file === 'built-in' ? 'built-in' : `workspace file ${e.origin.file}`]);
  const out = ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${cell(v!)} |`)];
  if (e.uncertain) out.push('', '*Estimate: the figure is uncertain or sources disagree.*');
  if (e.note) out.push('', e.note);
  return out;
}

/** Hover on an accelerator id: the catalog entry, then the line's figures. */
function modelHover(ctx: HoverContext, loc: Location): string {
  const index = loc.path[2] as number;
  const line = ctx.model.hardware.accelerators[index];
  const id = line && isValid(line.model) ? line.model.value : '';
  const entry = ctx.catalog.accelerators.get(id);
  const out: string[] = [];
  if (entry) {
    out.push(`**${[entry.vendor, entry.name].filter(Boolean).join(' ') || entry.id}** (\`${entry.id}\`)`, '', ...entryTable(entry));
  } else if (id === 'custom') {
    out.push('**custom** accelerator: `unitPrice` and `power` come from this line, not the catalog.');
  } else {
    out.push(`**${id}** is not in the accelerator catalog. Known ids: ${[...ctx.catalog.accelerators.keys()].map((k) => `\`${k}\``).join(', ')}, or \`custom\`.`);
  }
  const lf = ctx.figures.lines[index];
  for (const f of [lf?.capex, lf?.itLoad]) if (f) out.push('', '---', '', ...figureSection(f, ctx));
  return out.join('\n');
}
