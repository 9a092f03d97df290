/**
 * Inlay hints: the figures an analyst wants next to the values they come
 * from, compact (€3.2B), each with a tooltip that shows the formula with its
 * numbers. Only hints inside the requested span are built.
 */
import { grouped, provenance, type Where } from './aggregates';
import { formatFigureValue, type Figure, type Figures } from './costModel';
import { formatInteger, formatMWShort, formatMoneyCompact, formatPercent, formatPerHourCompact } from './format';
import type { Currency } from './quantity';
import { isValid, type Field, type ScenarioModel, type Span } from './types';

export interface Hint {
  /** Text offset the hint sits at (just after a value, or after `hardware:`). */
  offset: number;
  label: string;
  /** Markdown: the figure, its formula and the numbers that went in. */
  tooltip: string;
  paddingLeft: boolean;
}

/** Which hint categories to show (settings `gigafactory.inlayHints.*`). */
export interface HintOptions {
  /** Capex of each accelerator line, after its count. */
  accelerators: boolean;
  /** IT load and facility power, after `pue`. */
  power: boolean;
  /** Yearly energy cost, after `price` (after `pue` when no price is written). */
  energy: boolean;
  /** Each funding line's share of capex, after its amount. */
  funding: boolean;
  /** Capex, after `hardware:`. */
  hardware: boolean;
  /** Capex, total cost and cost per accelerator-hour, after `metadata.name`. */
  summary: boolean;
}

export const ALL_HINTS: HintOptions = { accelerators: true, power: true, energy: true, funding: true, hardware: true, summary: true };

/** Contributors a tooltip names for a long sum (a hover lists more). */
const TOOLTIP_TOP = 3;

/**
 * Markdown for one figure: its value, formula and the numbers that went in,
 * and the defaults it uses, once each. A sum over many list lines is grouped
 * (how many lines, how many take a catalog default, the largest few) rather
 * than listing every line: see aggregates.ts.
 */
export function figureTooltip(f: Figure, currency: Currency, figures?: Figures, where: Where = {}): string {
  const lines = [`**${f.name}** = ${formatFigureValue(f, currency)}`, '', `\`${f.formula}\``, '', f.expression];
  const g = figures ? grouped(f, figures, where, currency) : undefined;
  if (g) {
    lines.push('', g.summary);
    const top = g.rows.slice(0, TOOLTIP_TOP).map((r) => `${r.where} (${r.cells[0]}) ${r.cells[r.cells.length - 1]}`);
    if (top.length) lines.push(`Largest ${g.by}: ${top.join('; ')}.`);
  }
  const defaults = (figures ? provenance(f, figures) : f.inputs).filter((i) => i.origin === 'default');
  if (defaults.length) {
    const uses = g?.uses;
    lines.push('', ...defaults.map((i) => {
      const n = uses?.get(i.label);
      return `- ${i.label}: ${i.value} (default${i.source ? `; ${i.source.name}, ${i.source.date}` : ''})${n ? ` on ${formatInteger(n)} line${n === 1 ? '' : 's'}` : ''}`;
    }));
  }
  return lines.join('\n');
}

function tooltips(figs: Figure[], currency: Currency, figures: Figures, where: Where): string {
  return figs.map((f) => figureTooltip(f, currency, figures, where)).join('\n\n---\n\n');
}

/**
 * The indices of the lines whose `field` is valid and ends within `span`,
 * in order. With `sorted` (valid fields' ends increase with the index, as
 * they do when no list item or value is an alias), a binary search finds the
 * first and the walk stops at the first item past the span; else every line
 * is looked at.
 */
function linesWithin<L extends { span: Span }>(lines: readonly L[], field: (l: L) => Field<unknown>, span: Span, sorted: boolean): number[] {
  const out: number[] = [];
  const n = lines.length;
  const endOf = (i: number): number | undefined => {
    const fld = field(lines[i]!);
    return isValid(fld) ? fld.span.end : undefined;
  };
  if (!sorted) {
    for (let i = 0; i < n; i++) {
      const e = endOf(i);
      if (e !== undefined && e >= span.start && e <= span.end) out.push(i);
    }
    return out;
  }
  // The first valid line ending at or after span.start: lines without a valid field are stepped over.
  let lo = 0;
  let hi = n;
  let first = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    let j = mid;
    let e: number | undefined;
    while (j < hi && (e = endOf(j)) === undefined) j++;
    if (j === hi) hi = mid;
    else if (e! >= span.start) {
      first = j;
      hi = mid;
    } else lo = j + 1;
  }
  for (let i = first; i < n; i++) {
    const e = endOf(i);
    if (e === undefined) {
      // An item that starts past the span holds no later field within it (an empty item's span is the list key's, before all items).
      if (lines[i]!.span.start > span.end) break;
      continue;
    }
    if (e > span.end) break;
    out.push(i);
  }
  return out;
}

/**
 * Whether list lines' fields are in text order: an alias (`*name`) is the
 * only way for a list item or value to sit elsewhere in the text, so a text
 * without `*` has them in order. Kept per model (one search of a large file
 * per analysis, not per request). Not kept by text: a module-level reference
 * to the last text kept the previous version of a large file alive while the
 * next one was analysed, and a young collection then moved it, a megabyte at
 * a time, into the old generation.
 */
const textOrder = new WeakMap<ScenarioModel, boolean>();
function inTextOrder(model: ScenarioModel, text: string | undefined): boolean {
  if (text === undefined) return false;
  let ordered = textOrder.get(model);
  if (ordered === undefined) textOrder.set(model, (ordered = !text.includes('*')));
  return ordered;
}

/** What the hints may read besides the model and figures: the text (for a quick range search) and line numbers. */
export interface HintSource extends Where {
  /** The analysed text; without it every list line is looked at. */
  text?: string;
}

/** The hints whose offsets lie within `span` (inclusive). */
export function inlayHints(model: ScenarioModel, figures: Figures, span: Span, options: HintOptions, source: HintSource = {}): Hint[] {
  const out: Hint[] = [];
  const C = figures.currency;
  const within = (offset: number) => offset >= span.start && offset <= span.end;
  const push = (offset: number, label: string, figs: Figure[]) => {
    if (within(offset) && figs.length) out.push({ offset, label, tooltip: tooltips(figs, C, figures, source), paddingLeft: true });
  };
  const { byId } = figures;

  if (options.summary && isValid(model.metadata.name)) {
    const parts: string[] = [];
    const figs: Figure[] = [];
    if (byId.capex) { parts.push(`capex ${formatMoneyCompact(byId.capex.value, C)}`); figs.push(byId.capex); }
    if (byId.totalCost) { parts.push(`TCO ${formatMoneyCompact(byId.totalCost.value, C)}`); figs.push(byId.totalCost); }
    if (byId.costPerAcceleratorHour) {
      parts.push(`${formatPerHourCompact(byId.costPerAcceleratorHour.value, C)}/accelerator-h`);
      figs.push(byId.costPerAcceleratorHour);
    }
    if (parts.length) push(model.metadata.name.span.end, parts.join(' · '), figs);
  }

  const section = model.hardware.section;
  if (options.hardware && section && byId.capex) push(section.colonEnd, `capex ${formatMoneyCompact(byId.capex.value, C)}`, [byId.capex]);

  // The range first (a long list would otherwise build or format every line's figure), found without looking at every line.
  const sorted = inTextOrder(model, source.text);
  if (options.accelerators) {
    const lines = model.hardware.accelerators;
    for (const i of linesWithin(lines, (l) => l.count, span, sorted)) {
      const line = lines[i]!;
      const capex = figures.lines[line.index]?.capex;
      if (capex) push((line.count as { span: Span }).span.end, `≈ ${formatMoneyCompact(capex.value, C)}`, [capex]);
    }
  }

  const pue = model.power.pue;
  const energy = byId.energyCostPerYear;
  const energyLabel = energy ? `energy ${formatMoneyCompact(energy.value, C)}/year` : '';
  if (isValid(pue)) {
    const parts: string[] = [];
    const figs: Figure[] = [];
    if (options.power && byId.itLoad) { parts.push(`IT ${formatMWShort(byId.itLoad.value)}`); figs.push(byId.itLoad); }
    if (options.power && byId.facilityPower) { parts.push(`facility ${formatMWShort(byId.facilityPower.value)}`); figs.push(byId.facilityPower); }
    // Without a written price the default one applies; its cost then shows here.
    if (options.energy && energy && model.power.price === undefined) { parts.push(energyLabel); figs.push(energy); }
    if (parts.length) push(pue.span.end, parts.join(' · '), figs);
  }
  const price = model.power.price;
  if (options.energy && energy && isValid(price)) push(price.span.end, energyLabel, [energy]);

  if (options.funding) {
    const lines = model.funding;
    for (const i of linesWithin(lines, (l) => l.amount, span, sorted)) {
      const line = lines[i]!;
      const share = figures.fundingLines[line.index]?.share;
      if (share) push((line.amount as { span: Span }).span.end, `${formatPercent(share.value)} of capex`, [share]);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
