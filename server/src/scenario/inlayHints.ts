/**
 * Inlay hints: the figures an analyst wants next to the values they come
 * from, compact (€3.2B), each with a tooltip that shows the formula with its
 * numbers. Only hints inside the requested span are built.
 */
import { formatFigureValue, type Figure, type Figures } from './costModel';
import { formatMWShort, formatMoneyCompact, formatPercent, formatPerHourCompact } from './format';
import type { Currency } from './quantity';
import { isValid, type ScenarioModel, type Span } from './types';

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

/** Markdown for one figure: its value, formula and the numbers that went in. */
export function figureTooltip(f: Figure, currency: Currency): string {
  const lines = [`**${f.name}** = ${formatFigureValue(f, currency)}`, '', `\`${f.formula}\``, '', f.expression];
  const defaults = f.inputs.filter((i) => i.origin === 'default');
  if (defaults.length) {
    lines.push('', ...defaults.map((i) => `- ${i.label}: ${i.value} (default${i.source ? `; ${i.source.name}, ${i.source.date}` : ''})`));
  }
  return lines.join('\n');
}

function tooltips(figs: Figure[], currency: Currency): string {
  return figs.map((f) => figureTooltip(f, currency)).join('\n\n---\n\n');
}

/** The hints whose offsets lie within `span` (inclusive). */
export function inlayHints(model: ScenarioModel, figures: Figures, span: Span, options: HintOptions): Hint[] {
  const out: Hint[] = [];
  const C = figures.currency;
  const within = (offset: number) => offset >= span.start && offset <= span.end;
  const push = (offset: number, label: string, figs: Figure[]) => {
    if (within(offset) && figs.length) out.push({ offset, label, tooltip: tooltips(figs, C), paddingLeft: true });
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

  if (options.accelerators) {
    for (const line of model.hardware.accelerators) {
      // The range first: a long list would otherwise build (or format) every line's figure.
      if (!isValid(line.count) || !within(line.count.span.end)) continue;
      const capex = figures.lines[line.index]?.capex;
      if (capex) push(line.count.span.end, `≈ ${formatMoneyCompact(capex.value, C)}`, [capex]);
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
    for (const line of model.funding) {
      if (!isValid(line.amount) || !within(line.amount.span.end)) continue;
      const share = figures.fundingLines[line.index]?.share;
      if (share) push(line.amount.span.end, `${formatPercent(share.value)} of capex`, [share]);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
