/**
 * Figures: the typed results of the cost model, each with its formula, the
 * numbers that went in and where they came from. Shared by the cost model,
 * hints, hovers, checks and reports; the cost model is the only producer.
 */
import type { SourceRef } from './catalog';
import { formatInteger, formatMW, formatMWh, formatMoneyPrecise, formatPercent, formatPerHour, formatTonnes } from './format';
import type { Currency } from './quantity';
import type { Span } from './types';

export type FigureId =
  | 'acceleratorsCapex' | 'systemsCapex' | 'networkingCapex' | 'storageCapex' | 'itCapex'
  | 'itLoad' | 'facilityPower' | 'facilityCapex' | 'capex'
  | 'energyPerYear' | 'energyCostPerYear' | 'staffCostPerYear' | 'maintenancePerYear' | 'interestPerYear' | 'opexPerYear'
  | 'itRefreshes' | 'totalCost' | 'costPerAcceleratorHour'
  | 'funding' | 'fundingGap' | 'euAmount' | 'euShare' | 'emissionsPerYear';

/** Figure names as the spec's cost-model table calls them; hints, hovers and docs use these. */
export const FIGURE_NAMES: Readonly<Record<FigureId, string>> = {
  acceleratorsCapex: 'accelerators capex', systemsCapex: 'systems capex', networkingCapex: 'networking capex',
  storageCapex: 'storage capex', itCapex: 'IT capex', itLoad: 'IT load', facilityPower: 'facility power',
  facilityCapex: 'facility capex', capex: 'capex', energyPerYear: 'energy per year', energyCostPerYear: 'energy cost per year',
  staffCostPerYear: 'staff cost per year', maintenancePerYear: 'maintenance per year', interestPerYear: 'interest per year',
  opexPerYear: 'opex per year', itRefreshes: 'IT refreshes', totalCost: 'total cost', costPerAcceleratorHour: 'cost per accelerator-hour',
  funding: 'funding', fundingGap: 'funding gap', euAmount: 'EU grants', euShare: 'EU share', emissionsPerYear: 'emissions per year',
};

/** The order of the full breakdown (hover on `metadata.name`, reports). */
export const FIGURE_ORDER: readonly FigureId[] = [
  'acceleratorsCapex', 'systemsCapex', 'networkingCapex', 'storageCapex', 'itCapex', 'itLoad', 'facilityPower', 'facilityCapex', 'capex',
  'energyPerYear', 'energyCostPerYear', 'staffCostPerYear', 'maintenancePerYear', 'interestPerYear', 'opexPerYear',
  'itRefreshes', 'totalCost', 'costPerAcceleratorHour', 'funding', 'fundingGap', 'euAmount', 'euShare', 'emissionsPerYear',
];

/** How a figure's value reads; money is always in the reporting currency. */
export type FigureKind = 'money' | 'moneyPerYear' | 'moneyPerHour' | 'power' | 'energy' | 'share' | 'count' | 'emissions';

/** One number that went into a figure, and where it came from. */
export interface FigureInput {
  label: string;
  /** Display text, precise. */
  value: string;
  /** `input`: written in the file; `default`: a default or catalog figure; `figure`: another figure. */
  origin: 'input' | 'default' | 'figure';
  /** Where it is written, for inputs. */
  span?: Span;
  /** The public source of a default or catalog figure. */
  source?: SourceRef;
  /** For a figure input: the text that figure was computed from (see {@link Figure.extent}). */
  extent?: Span;
}

export interface Figure {
  id: FigureId | 'lineCapex' | 'lineItLoad' | 'fundingShare';
  name: string;
  kind: FigureKind;
  value: number;
  /** Display unit, e.g. `EUR`, `EUR/year`, `MW`, `MWh/year`, `%`. */
  unit: string;
  /** The formula in words, as in the spec. */
  formula: string;
  /** The formula with its numbers. */
  expression: string;
  inputs: FigureInput[];
  /**
   * The smallest span covering every value written in the file that the
   * figure depends on, directly or through other figures; undefined when it
   * rests on defaults only. Checks use it to say what text they judged.
   */
  extent?: Span;
}

/** The smallest span covering all the given spans, or undefined if there are none. */
export function spanUnion(spans: Iterable<Span | undefined>): Span | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const s of spans) {
    if (!s) continue;
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
  }
  return start <= end ? { start, end } : undefined;
}

/** The text a list of inputs covers: their spans, and the extents of input figures. */
export function extentOf(inputs: readonly FigureInput[]): Span | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const i of inputs) {
    const s = i.span ?? i.extent;
    if (!s) continue;
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
  }
  return start <= end ? { start, end } : undefined;
}

/**
 * Text that is formatted only when read: a long accelerator list would
 * otherwise format every line's numbers on every keystroke, for hovers that
 * show one of them.
 */
export type Text = string | (() => string);

/**
 * The inputs of a figure over many lines, without building the list: how many
 * there are, one by position, those not written in the file, and the text
 * they cover. Sums over every accelerator or funding line give one, so that
 * an edit does not build (and a hover does not walk) thousands of inputs.
 */
export interface InputList {
  readonly length: number;
  /** The input at position `i`, as the full list holds it. */
  at(i: number): FigureInput;
  /** {@link provenanceOf} the full list. */
  provenance(): FigureInput[];
  /** {@link extentOf} the full list. */
  extent(): Span | undefined;
}

/**
 * Builds a figure; its extent is the union of its inputs' text. For the cost
 * model. The expression, the input list (when given as an {@link InputList})
 * and the extent are produced when first read. `fixed`: the extent may be
 * kept once computed; a figure that is cached across edits, whose inputs'
 * spans move with the text, passes false and gets it computed at each read.
 */
export function makeFigure(id: Figure['id'], name: string, kind: FigureKind, value: number, currency: Currency, formula: string, expression: Text, inputs: FigureInput[] | InputList, fixed = true): Figure {
  return new LazyFigure(id, name, kind, value, UNITS[currency][kind], formula, expression, inputs, fixed);
}

/**
 * A figure whose expression, input list and extent are produced when first
 * read (a class: cheap to create, unlike literals with getters). Reads as the
 * plain figure would, and serialises as it (toJSON).
 */
class LazyFigure implements Figure {
  #text: string | undefined;
  #inputs: FigureInput[] | undefined;
  #extent: Span | undefined | null = null;
  #provenance: FigureInput[] | undefined;
  constructor(
    readonly id: Figure['id'], readonly name: string, readonly kind: FigureKind, readonly value: number, readonly unit: string,
    readonly formula: string, private readonly make: Text, private readonly list: FigureInput[] | InputList, private readonly fixed: boolean,
  ) {}
  get expression(): string {
    return typeof this.make === 'string' ? this.make : (this.#text ??= this.make());
  }
  get inputs(): FigureInput[] {
    const l = this.list;
    if (Array.isArray(l)) return l;
    if (!this.#inputs) {
      const out = new Array<FigureInput>(l.length);
      for (let i = 0; i < l.length; i++) out[i] = l.at(i);
      this.#inputs = out;
    }
    return this.#inputs;
  }
  get extent(): Span | undefined {
    if (!this.fixed) return this.computeExtent();
    if (this.#extent === null) this.#extent = this.computeExtent();
    return this.#extent;
  }
  private computeExtent(): Span | undefined {
    const l = this.list;
    return Array.isArray(l) ? extentOf(l) : l.extent();
  }
  inputCount(): number {
    return this.list.length;
  }
  firstInputs(n: number): FigureInput[] {
    const l = this.list;
    if (Array.isArray(l) || this.#inputs) return this.inputs.slice(0, n);
    const out: FigureInput[] = [];
    for (let i = 0; i < Math.min(n, l.length); i++) out.push(l.at(i));
    return out;
  }
  inputAt(i: number): FigureInput {
    const l = this.list;
    return Array.isArray(l) ? l[i]! : this.#inputs ? this.#inputs[i]! : l.at(i);
  }
  provenance(): FigureInput[] {
    const l = this.list;
    // Inputs are position-free objects (their spans are read from them), so the list can be kept.
    return (this.#provenance ??= Array.isArray(l) ? provenanceOf(l) : l.provenance());
  }
  toJSON(): Figure {
    const { id, name, kind, value, unit, formula, expression, inputs, extent } = this;
    return { id, name, kind, value, unit, formula, expression, inputs, ...(extent ? { extent } : {}) };
  }
}

/** How many inputs a figure has, without building a long list. */
export function inputCount(f: Figure): number {
  return f instanceof LazyFigure ? f.inputCount() : f.inputs.length;
}

/** A figure's first `n` inputs, without building a long list. */
export function firstInputs(f: Figure, n: number): FigureInput[] {
  return f instanceof LazyFigure ? f.firstInputs(n) : f.inputs.slice(0, n);
}

/** A figure's input at position `i`, without building a long list. */
export function inputAt(f: Figure, i: number): FigureInput {
  return f instanceof LazyFigure ? f.inputAt(i) : f.inputs[i]!;
}

/**
 * The inputs of a figure that are not written in the file (defaults and other
 * figures), the first of each origin and label, in input order: all that a
 * walk over the provenance of figures needs, without a long list's thousands
 * of written counts and amounts.
 */
export function figureProvenance(f: Figure): FigureInput[] {
  return f instanceof LazyFigure ? f.provenance() : provenanceOf(f.inputs);
}

/** The inputs of a list that are not written in the file, the first of each origin and label, in order. */
export function provenanceOf(inputs: readonly FigureInput[]): FigureInput[] {
  const out: FigureInput[] = [];
  const seen = new Set<string>();
  for (const i of inputs) {
    if (i.origin === 'input') continue;
    const key = `${i.origin}\u0000${i.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  return out;
}

/**
 * Another figure as an input: its extent is read from the figure when asked
 * (a long sum's extent is only computed when a check or hover needs it).
 */
export class FigureRef implements FigureInput {
  readonly origin = 'figure' as const;
  constructor(readonly label: string, readonly value: string, private readonly of: Figure) {}
  get extent(): Span | undefined {
    return this.of.extent;
  }
  toJSON(): FigureInput {
    const extent = this.of.extent;
    return { label: this.label, value: this.value, origin: this.origin, ...(extent ? { extent } : {}) };
  }
}

/** An input whose display text is formatted when first read. */
class LazyInput implements FigureInput {
  readonly origin = 'input' as const;
  #text: string | undefined;
  constructor(readonly label: string, private readonly make: () => string, readonly span: Span) {}
  get value(): string {
    return (this.#text ??= this.make());
  }
  toJSON(): FigureInput {
    return { label: this.label, value: this.value, origin: this.origin, span: this.span };
  }
}

function unitsIn(currency: Currency): Record<FigureKind, string> {
  return {
    money: currency, moneyPerYear: `${currency}/year`, moneyPerHour: `${currency}/accelerator-h`, power: 'MW',
    energy: 'MWh/year', share: '%', count: 'refreshes', emissions: 't CO2/year',
  };
}

const UNITS: Record<Currency, Record<FigureKind, string>> = { EUR: unitsIn('EUR'), USD: unitsIn('USD') };

/** A sum over lines as text, shortened past six terms to the first three and how many more. */
export function sumText<T>(items: readonly T[], term: (item: T) => string): string {
  if (items.length <= 6) return items.map(term).join(' + ');
  return `${items.slice(0, 3).map(term).join(' + ')} + … (${items.length - 3} more lines)`;
}

/** A figure's value, precise (hover) format. */
export function formatFigureValue(f: Figure, currency: Currency): string {
  switch (f.kind) {
    case 'money': return formatMoneyPrecise(f.value, currency);
    case 'moneyPerYear': return `${formatMoneyPrecise(f.value, currency)} per year`;
    case 'moneyPerHour': return `${formatPerHour(f.value, currency)} per accelerator-hour`;
    case 'power': return formatMW(f.value);
    case 'energy': return `${formatMWh(f.value)} per year`;
    case 'share': return formatPercent(f.value, 2);
    case 'count': return formatInteger(f.value);
    case 'emissions': return `${formatTonnes(f.value)} per year`;
  }
}

/** An input written in the file, at `field`'s span. */
export function input(label: string, value: Text, field: { span: Span }): FigureInput {
  if (typeof value === 'string') return { label, value, origin: 'input', span: field.span };
  return new LazyInput(label, value, field.span);
}

/** An input taken from a default, with the default's source. */
export function fromDefault(label: string, value: string, d: { source: SourceRef }): FigureInput {
  return { label, value, origin: 'default', source: d.source };
}
