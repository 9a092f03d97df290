/**
 * The figures of one accelerator line or funding line. A line's own numbers
 * (count, unit price, power and capex; a funding amount and type) depend on
 * the line, the catalog and the currencies only, so the incremental analyzer
 * keeps them with the line across edits (see {@link FigureMemory}). What
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
import type { AcceleratorLineFigures, FundingLineFigures } from './costModel';
import { input, makeFigure, type Figure, type FigureInput } from './figure';
import { pct, withExtent, type Conversion, type Param } from './figureBuilder';
import { formatInteger, formatMoneyCents, formatMW } from './format';
import { isInvalid, isValid, LOAN_TYPES, type AcceleratorLine, type FundingLine, type FundingType, type MoneyValue, type Span } from './types';

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
  /**
   * The lines whose parameters and figures were read since the computation
   * began; the next one makes them forget (see {@link forgetReadLines}).
   */
  read: { forget(): void }[];
}

/**
 * Makes the lines read during the last computation forget their parameters
 * and figures. Line figure objects live as long as their lines (an edit keeps
 * the others), so what a line memoizes when it is read (its parameters, its
 * capex and IT load figures with their texts, a funding line's share) would
 * otherwise stay for every line ever shown or hovered: about 1.6 KB a line,
 * 6.7 MB after 400 edits scrolled through a 50,000-line file. Read again,
 * they are made again (a screen of lines per request).
 */
export function forgetReadLines(ctx: LineContext): void {
  const read = ctx.read;
  for (let i = 0; i < read.length; i++) read[i]!.forget();
  read.length = 0;
}

/** Flags of {@link AcceleratorFigures}: the unit price is the catalog's (a default). */
export const CATALOG_PRICE = 1;
/** The power is the catalog's (a default). */
export const CATALOG_POWER = 2;
/** The line's model id is its catalog entry's id (so the entry stands for the id in labels). */
export const ID_IS_MODEL = 4;

/** One accelerator line's figures; its IT load follows the context's hostOverhead. */
export class AcceleratorFigures implements AcceleratorLineFigures {
  // Declared, not defined, fields (assigned once in the constructor): 16,000 objects are built on open.
  declare readonly line: AcceleratorLine;
  declare readonly ctx: LineContext;
  declare private readonly conv: Conversion;
  declare readonly entry: AcceleratorEntry | undefined;
  /** The count, when valid. */
  declare readonly n: number | undefined;
  /** The unit price in the reporting currency, written or from the catalog. */
  declare readonly price: number | undefined;
  /** Watts per accelerator, written or from the catalog. */
  declare readonly watts: number | undefined;
  /** n × price. */
  declare readonly capexValue: number | undefined;
  /** {@link CATALOG_PRICE}, {@link CATALOG_POWER}, {@link ID_IS_MODEL}: what provenance walks read, without reading the line. */
  declare readonly flags: number;
  /** Parameters and figures, once one is read (most lines' never are). */
  declare private memo: LineMemo | undefined;

  constructor(line: AcceleratorLine, catalog: Catalog, conv: Conversion, ctx: LineContext) {
    this.line = line;
    this.ctx = ctx;
    this.conv = conv;
    this.memo = undefined;
    const model = line.model;
    const id = isValid(model) ? model.value : undefined;
    const entry = id === undefined ? undefined : catalog.accelerators.get(id);
    this.entry = entry;
    const count = line.count;
    const n = isValid(count) ? count.value : undefined;
    this.n = n;
    const unitPrice = line.unitPrice;
    let flags = entry !== undefined && entry.id === id ? ID_IS_MODEL : 0;
    let price: number | undefined;
    if (unitPrice === undefined) {
      if (entry) price = conv.convert(entry.unitPrice);
      if (price !== undefined) flags |= CATALOG_PRICE;
    } else if (isValid(unitPrice)) price = conv.convert(unitPrice.value);
    this.price = price;
    const power = line.power;
    let watts: number | undefined;
    if (power === undefined) {
      if (entry) {
        watts = entry.power;
        flags |= CATALOG_POWER;
      }
    } else if (isValid(power)) watts = power.value;
    this.watts = watts;
    this.capexValue = n !== undefined && price !== undefined ? n * price : undefined;
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
    const m = this.memoOf();
    return (m.count ??= { value: field.value, input: input(`count (${this.name})`, () => formatInteger(field.value), field) });
  }

  get unitPrice(): Param<number> | undefined {
    const v = this.price;
    if (v === undefined) return undefined;
    const m = this.memoOf();
    if (m.unitPrice) return m.unitPrice;
    const field = this.line.unitPrice;
    const conv = this.conv;
    if (isValid(field)) {
      return (m.unitPrice = { value: v, input: input(`unitPrice (${this.name})`, () => conv.moneyText((field as { value: MoneyValue }).value, v), field) });
    }
    const entry = this.entry!;
    return (m.unitPrice = { value: v, input: withExtent({ label: `unitPrice (${this.name}, catalog)`, value: conv.moneyText(entry.unitPrice, v), origin: 'default', source: catalogSource(entry) }, this.line.model) });
  }

  get power(): Param<number> | undefined {
    const w = this.watts;
    if (w === undefined) return undefined;
    const m = this.memoOf();
    if (m.power) return m.power;
    const field = this.line.power;
    if (isValid(field)) return (m.power = { value: w, input: input(`power (${this.name})`, () => `${formatInteger(field.value)} W`, field) });
    return (m.power = { value: w, input: withExtent({ label: `power (${this.name}, catalog)`, value: `${formatInteger(w)} W`, origin: 'default', source: catalogSource(this.entry!) }, this.line.model) });
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
    const m = this.memoOf();
    if (m.capex) return m.capex;
    const count = this.count!;
    const unitPrice = this.unitPrice!;
    const conv = this.conv;
    // Not `fixed`: the figure lives as long as the line; its extent is computed from the line's spans when read.
    return (m.capex = makeFigure('lineCapex', `accelerators capex (${this.name})`, 'money', v, conv.currency, 'n × unitPrice',
      () => `${formatInteger(count.value)} × ${formatMoneyCents(unitPrice.value, conv.currency)} = ${conv.money(v)}`, [count.input, unitPrice.input], false));
  }

  private memoOf(): LineMemo {
    if (this.memo) return this.memo;
    this.ctx.read.push(this);
    return (this.memo = { count: undefined, unitPrice: undefined, power: undefined, capex: undefined, itLoad: undefined, itLoadFor: undefined });
  }

  /** Drops what reading the line memoized (see {@link forgetReadLines}). */
  forget(): void {
    this.memo = undefined;
  }

  /** The IT load in MW under `h`, exactly as the line's IT load figure computes it. */
  itLoadValue(h: number): number | undefined {
    return this.n !== undefined && this.watts !== undefined ? (this.n * this.watts * (1 + h)) / 1e6 : undefined;
  }

  get itLoad(): Figure | undefined {
    const h = this.ctx.hostOverhead;
    if (!h || this.n === undefined || this.watts === undefined) return undefined;
    const m = this.memoOf();
    if (m.itLoad && m.itLoadFor === h) return m.itLoad;
    const count = this.count!;
    const power = this.power!;
    const mw = this.itLoadValue(h.value)!;
    m.itLoadFor = h;
    return (m.itLoad = makeFigure('lineItLoad', `IT load (${this.name})`, 'power', mw, this.conv.currency, 'n × power × (1 + hostOverhead)',
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

interface LineMemo {
  count: Param<number> | undefined;
  unitPrice: Param<number> | undefined;
  power: Param<number> | undefined;
  capex: Figure | undefined;
  /** The IT load, for hostOverhead `itLoadFor`. */
  itLoad: Figure | undefined;
  itLoadFor: Param<number> | undefined;
}

/** What a funding line's share of capex reads from one computation. */
export interface ShareContext {
  capex: Figure;
  /** The capex figure as an input, shared by every line. */
  ref: FigureInput;
}

/** One funding line's figures; its share of capex follows the context's capex. */
export class FundingFigures implements FundingLineFigures {
  declare readonly line: FundingLine;
  declare readonly ctx: LineContext;
  declare private readonly conv: Conversion;
  /** The amount in the reporting currency. */
  declare readonly amount: number | undefined;
  declare readonly type: FundingType | undefined;
  /** Whether the type is a loan type. */
  declare readonly loan: boolean;
  /** The yearly rate, when valid. */
  declare readonly rate: number | undefined;
  /** Whether the amount and the rate are valid, as a loan needs them. */
  declare readonly loanKnown: boolean;
  /** The term in years, when valid; whether it is written but invalid. */
  declare readonly term: number | undefined;
  declare readonly termInvalid: boolean;
  /**
   * Whether the term is not written, so a loan takes the default term. Read on
   * every loan line of the sums' loop: one field with feedback on every line
   * keeps that loop compiled (reading termInvalid only for the few lines
   * without a term made V8 throw the compiled code away on most edits).
   */
  declare readonly defaultTerm: boolean;
  /** The share, for the capex it was computed against. */
  declare private memo: { share: Figure; for: ShareContext } | undefined;

  constructor(line: FundingLine, conv: Conversion, ctx: LineContext) {
    this.line = line;
    this.ctx = ctx;
    this.conv = conv;
    this.memo = undefined;
    this.amount = isValid(line.amount) ? conv.convert(line.amount.value) : undefined;
    this.type = isValid(line.type) ? line.type.value : undefined;
    this.loan = this.type !== undefined && LOAN_TYPES.includes(this.type);
    this.rate = isValid(line.rate) ? line.rate.value : undefined;
    this.loanKnown = this.amount !== undefined && isValid(line.amount) && this.rate !== undefined;
    this.term = isValid(line.termYears) ? line.termYears.value : undefined;
    this.termInvalid = isInvalid(line.termYears);
    this.defaultTerm = this.term === undefined && !this.termInvalid;
  }

  get index(): number {
    return this.line.index;
  }

  get share(): Figure | undefined {
    const ctx = this.ctx.shares;
    const amount = this.amount;
    if (!ctx || amount === undefined) return undefined;
    if (this.memo?.for === ctx) return this.memo.share;
    const { capex, ref } = ctx;
    const conv = this.conv;
    const s = amount / capex.value;
    const name = isValid(this.line.name) ? this.line.name.value : `funding line ${this.line.index + 1}`;
    const share = makeFigure('fundingShare', `share of capex (${name})`, 'share', s, conv.currency, 'amount / capex',
      () => `${conv.money(amount)} / ${conv.money(capex.value)} = ${pct(s)}`,
      [input(`amount (${name})`, () => conv.money(amount), this.line.amount as { span: Span }), ref], false);
    if (!this.memo) this.ctx.read.push(this);
    this.memo = { share, for: ctx };
    return share;
  }

  /** Drops the memoized share (see {@link forgetReadLines}). */
  forget(): void {
    this.memo = undefined;
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
