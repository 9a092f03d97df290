/**
 * The figures of one accelerator line or funding line. A line's own numbers
 * (count, unit price, power and capex; a funding amount and type) depend on
 * the line, the catalog and the currencies only, so the incremental analyzer
 * keeps them with the line across edits (see {@link LineFiguresCache}). What
 * also depends on the rest of the file (the IT load, through hostOverhead; a
 * funding line's share of capex) is read from a field that each computation
 * sets. Parameters, inputs and figures are built when first read: a file of
 * 16,000 lines would otherwise build a dozen objects per line on every edit,
 * for the hover or hint that shows one of them.
 *
 * Nothing here holds a span of its own: every span a figure exposes is one of
 * the line's own span objects (which move with the line's node) or is
 * computed from them when read. That is what makes reusing these objects
 * after the text around them moved exact.
 */
import type { AcceleratorEntry, Catalog, SourceRef } from './catalog';
import type { AcceleratorLineFigures, FundingLineFigures, Param } from './costModel';
import { input, makeFigure, type Figure, type FigureInput } from './figure';
import { pct, withExtent, type Conversion } from './figureBuilder';
import { formatInteger, formatMoneyCents, formatMW } from './format';
import { isValid, LOAN_TYPES, type AcceleratorLine, type FundingLine, type FundingType, type MoneyValue, type Span } from './types';

/**
 * What line figures read from the latest computation: one object shared by
 * every line figure of a computation, or of a cache across computations (so
 * that an edit sets it once, not once per line).
 */
export interface LineContext {
  /** hostOverhead as the computation resolved it. */
  hostOverhead: Param<number> | undefined;
  /** Capex, when above zero, for funding lines' shares. */
  shares: ShareContext | undefined;
}

/** Flags of {@link AcceleratorFigures}: the unit price is the catalog's (a default). */
export const CATALOG_PRICE = 1;
/** The power is the catalog's (a default). */
export const CATALOG_POWER = 2;
/** The line's model id is its catalog entry's id (so the entry stands for the id in labels). */
export const ID_IS_MODEL = 4;

/** One accelerator line's figures; its IT load follows the context's hostOverhead. */
export class AcceleratorFigures implements AcceleratorLineFigures {
  readonly entry: AcceleratorEntry | undefined;
  /** The count, when valid. */
  readonly n: number | undefined;
  /** The unit price in the reporting currency, written or from the catalog. */
  readonly price: number | undefined;
  /** Watts per accelerator, written or from the catalog. */
  readonly watts: number | undefined;
  /** n × price. */
  readonly capexValue: number | undefined;
  /** {@link CATALOG_PRICE}, {@link CATALOG_POWER}, {@link ID_IS_MODEL}: what provenance walks read, without reading the line. */
  readonly flags: number;
  #count: Param<number> | undefined;
  #unitPrice: Param<number> | undefined;
  #power: Param<number> | undefined;
  #capex: Figure | undefined;
  #itLoad: Figure | undefined;
  #itLoadFor: Param<number> | undefined;

  constructor(readonly line: AcceleratorLine, catalog: Catalog, private readonly conv: Conversion, readonly ctx: LineContext) {
    const entry = isValid(line.model) ? catalog.accelerators.get(line.model.value) : undefined;
    this.entry = entry;
    this.n = isValid(line.count) ? line.count.value : undefined;
    let price: number | undefined;
    if (isValid(line.unitPrice)) price = conv.convert(line.unitPrice.value);
    else if (line.unitPrice === undefined && entry) price = conv.convert(entry.unitPrice);
    this.price = price;
    this.watts = isValid(line.power) ? line.power.value : line.power === undefined && entry ? entry.power : undefined;
    this.capexValue = this.n !== undefined && price !== undefined ? this.n * price : undefined;
    let flags = 0;
    if (price !== undefined && line.unitPrice === undefined) flags |= CATALOG_PRICE;
    if (this.watts !== undefined && line.power === undefined) flags |= CATALOG_POWER;
    if (entry && isValid(line.model) && entry.id === line.model.value) flags |= ID_IS_MODEL;
    this.flags = flags;
  }

  get index(): number {
    return this.line.index;
  }

  private get name(): string {
    return isValid(this.line.model) ? this.line.model.value : `line ${this.line.index + 1}`;
  }


  get count(): Param<number> | undefined {
    const field = this.line.count;
    if (this.n === undefined || !isValid(field)) return undefined;
    return (this.#count ??= { value: field.value, input: input(`count (${this.name})`, () => formatInteger(field.value), field) });
  }

  get unitPrice(): Param<number> | undefined {
    const v = this.price;
    if (v === undefined) return undefined;
    if (this.#unitPrice) return this.#unitPrice;
    const field = this.line.unitPrice;
    const conv = this.conv;
    if (isValid(field)) {
      return (this.#unitPrice = { value: v, input: input(`unitPrice (${this.name})`, () => conv.moneyText((field as { value: MoneyValue }).value, v), field) });
    }
    const entry = this.entry!;
    return (this.#unitPrice = { value: v, input: withExtent({ label: `unitPrice (${this.name}, catalog)`, value: conv.moneyText(entry.unitPrice, v), origin: 'default', source: catalogSource(entry) }, this.line.model) });
  }

  get power(): Param<number> | undefined {
    const w = this.watts;
    if (w === undefined) return undefined;
    if (this.#power) return this.#power;
    const field = this.line.power;
    if (isValid(field)) return (this.#power = { value: w, input: input(`power (${this.name})`, () => `${formatInteger(field.value)} W`, field) });
    return (this.#power = { value: w, input: withExtent({ label: `power (${this.name}, catalog)`, value: `${formatInteger(w)} W`, origin: 'default', source: catalogSource(this.entry!) }, this.line.model) });
  }

  /** What the count's input covers: `(input.span ?? input.extent)`, without building the input. */
  get countSpan(): Span | undefined {
    return this.n === undefined ? undefined : (this.line.count as { span: Span }).span;
  }

  get priceSpan(): Span | undefined {
    if (this.price === undefined) return undefined;
    const f = this.line.unitPrice;
    return isValid(f) ? f.span : isValid(this.line.model) ? this.line.model.span : undefined;
  }

  get powerSpan(): Span | undefined {
    if (this.watts === undefined) return undefined;
    const f = this.line.power;
    return isValid(f) ? f.span : isValid(this.line.model) ? this.line.model.span : undefined;
  }

  get capex(): Figure | undefined {
    const v = this.capexValue;
    if (v === undefined) return undefined;
    if (this.#capex) return this.#capex;
    const count = this.count!;
    const unitPrice = this.unitPrice!;
    const conv = this.conv;
    // Not `fixed`: the figure lives as long as the line; its extent is computed from the line's spans when read.
    return (this.#capex = makeFigure('lineCapex', `accelerators capex (${this.name})`, 'money', v, conv.currency, 'n × unitPrice',
      () => `${formatInteger(count.value)} × ${formatMoneyCents(unitPrice.value, conv.currency)} = ${conv.money(v)}`, [count.input, unitPrice.input], false));
  }

  /** The IT load in MW under `h`, exactly as the line's IT load figure computes it. */
  itLoadValue(h: number): number | undefined {
    return this.n !== undefined && this.watts !== undefined ? (this.n * this.watts * (1 + h)) / 1e6 : undefined;
  }

  get itLoad(): Figure | undefined {
    const h = this.ctx.hostOverhead;
    if (!h || this.n === undefined || this.watts === undefined) return undefined;
    if (this.#itLoad && this.#itLoadFor === h) return this.#itLoad;
    const count = this.count!;
    const power = this.power!;
    const mw = this.itLoadValue(h.value)!;
    this.#itLoadFor = h;
    return (this.#itLoad = makeFigure('lineItLoad', `IT load (${this.name})`, 'power', mw, this.conv.currency, 'n × power × (1 + hostOverhead)',
      () => `${formatInteger(count.value)} × ${formatInteger(power.value)} W × (1 + ${pct(h.value)}) = ${formatMW(mw)}`,
      [count.input, power.input, h.input], false));
  }

  /** As the plain object the cost model used to build: index, entry, count, unitPrice, power, capex, itLoad (those present). */
  toJSON(): object {
    const out: Record<string, unknown> = { index: this.index };
    if (this.entry) out.entry = this.entry;
    const { count, unitPrice, power, capex, itLoad } = this;
    if (count) out.count = count;
    if (unitPrice) out.unitPrice = unitPrice;
    if (power) out.power = power;
    if (capex) out.capex = capex;
    if (itLoad) out.itLoad = itLoad;
    return out;
  }
}

/** What a funding line's share of capex reads from one computation. */
export interface ShareContext {
  capex: Figure;
  /** The capex figure as an input, shared by every line. */
  ref: FigureInput;
}

/** One funding line's figures; its share of capex follows the context's capex. */
export class FundingFigures implements FundingLineFigures {
  /** The amount in the reporting currency. */
  readonly amount: number | undefined;
  readonly type: FundingType | undefined;
  /** Whether the type is a loan type. */
  readonly loan: boolean;
  /** The yearly rate, when valid. */
  readonly rate: number | undefined;
  /** Whether the amount and the rate are valid, as a loan needs them. */
  readonly loanKnown: boolean;
  #share: Figure | undefined;
  #shareFor: ShareContext | undefined;

  constructor(readonly line: FundingLine, private readonly conv: Conversion, readonly ctx: LineContext) {
    this.amount = isValid(line.amount) ? conv.convert(line.amount.value) : undefined;
    this.type = isValid(line.type) ? line.type.value : undefined;
    this.loan = this.type !== undefined && LOAN_TYPES.includes(this.type);
    this.rate = isValid(line.rate) ? line.rate.value : undefined;
    this.loanKnown = this.amount !== undefined && isValid(line.amount) && this.rate !== undefined;
  }

  get index(): number {
    return this.line.index;
  }

  get share(): Figure | undefined {
    const ctx = this.ctx.shares;
    const amount = this.amount;
    if (!ctx || amount === undefined) return undefined;
    if (this.#share && this.#shareFor === ctx) return this.#share;
    const { capex, ref } = ctx;
    const conv = this.conv;
    const s = amount / capex.value;
    const name = isValid(this.line.name) ? this.line.name.value : `funding line ${this.line.index + 1}`;
    this.#shareFor = ctx;
    return (this.#share = makeFigure('fundingShare', `share of capex (${name})`, 'share', s, conv.currency, 'amount / capex',
      () => `${conv.money(amount)} / ${conv.money(capex.value)} = ${pct(s)}`,
      [input(`amount (${name})`, () => conv.money(amount), this.line.amount as { span: Span }), ref], false));
  }

  /** As the plain object the cost model used to build: index, amount, type, share (those present). */
  toJSON(): object {
    const out: Record<string, unknown> = { index: this.index };
    if (this.amount !== undefined) out.amount = this.amount;
    if (this.type !== undefined) out.type = this.type;
    const share = this.share;
    if (share) out.share = share;
    return out;
  }
}

export function catalogSource(e: AcceleratorEntry): SourceRef {
  const origin = e.origin.file === 'built-in' ? '' : ` (workspace catalog ${e.origin.file})`;
  const notes = [e.uncertain ? 'estimate: sources disagree or the figure is uncertain' : '', e.note ?? ''].filter(Boolean).join('; ');
  const s: SourceRef = { name: e.source.name + origin, date: e.source.date };
  if (notes) s.note = notes;
  return s;
}
