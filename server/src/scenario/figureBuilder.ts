/**
 * What the cost model's figure builders share: the reporting currency and its
 * conversion, figure registration, and resolving a written value or its
 * default into a parameter with provenance.
 */
import type { Default } from './catalog';
import { formatInteger, formatMoneyCents, formatMoneyPrecise, formatPercent } from './format';
import { FIGURE_NAMES, FigureRef, formatFigureValue, fromDefault, input, makeFigure, type Figure, type FigureId, type FigureInput, type FigureKind, type InputList, type Text } from './figure';
import type { Currency } from './quantity';
import { isInvalid, isValid, type Field, type Span } from './types';

export type Money = { amount: number; currency: Currency | undefined };

/** A resolved parameter: its value (money already in the reporting currency) and provenance. */
export interface Param<T> {
  value: T;
  input: FigureInput;
}

/**
 * The reporting currency and its conversion: all that a line's own figures
 * depend on besides the line and the catalog. Kept by cached line figures,
 * so it holds nothing of one analysis (unlike the {@link Builder}).
 */
export class Conversion {
  constructor(readonly currency: Currency, readonly usdPerEur: number | undefined, readonly currencyKnown = true) {}

  /**
   * Everything a line's own figures depend on besides the line and the
   * catalog, as the key of the {@link FigureMemory}: add any new state here.
   */
  get lineKey(): string {
    return `${this.currency}|${this.usdPerEur}|${this.currencyKnown}`;
  }

  /**
   * An amount in the reporting currency, or undefined when the rate is needed
   * but not valid, or when the reporting currency itself is written but not
   * valid (then no amount can be placed in it).
   */
  convert(m: Money): number | undefined {
    if (!this.currencyKnown) return undefined;
    const from = m.currency ?? this.currency;
    if (from === this.currency) return m.amount;
    if (this.usdPerEur === undefined) return undefined;
    return from === 'USD' ? m.amount / this.usdPerEur : m.amount * this.usdPerEur;
  }

  money(amount: number): string {
    return formatMoneyPrecise(amount, this.currency);
  }

  /** Money as written, and converted when it was in the other currency. */
  moneyText(m: Money, converted: number, suffix = ''): string {
    const from = m.currency ?? this.currency;
    const fmt = (a: number, c: Currency) => (Number.isInteger(a) ? formatMoneyPrecise(a, c) : formatMoneyCents(a, c));
    if (from === this.currency) return fmt(m.amount, from) + suffix;
    return `${fmt(m.amount, from)}${suffix} = ${fmt(converted, this.currency)}${suffix}`;
  }
}

/** Everything the figure builders of one computation share. */
export class Builder extends Conversion {
  readonly byId: Partial<Record<FigureId, Figure>> = {};
  /** The same state without the figures, for figures cached across computations. */
  readonly conversion: Conversion;
  constructor(currency: Currency, usdPerEur: number | undefined, currencyKnown = true) {
    super(currency, usdPerEur, currencyKnown);
    this.conversion = new Conversion(currency, usdPerEur, currencyKnown);
  }

  add(id: FigureId, kind: FigureKind, value: number, formula: string, expression: Text, inputs: FigureInput[] | InputList): Figure | undefined {
    if (!Number.isFinite(value)) return undefined;
    const f = makeFigure(id, FIGURE_NAMES[id], kind, value, this.currency, formula, expression, inputs);
    this.byId[id] = f;
    return f;
  }

  /** The figure as an input of another figure. */
  ref(f: Figure): FigureInput {
    return new FigureRef(f.name, formatFigureValue(f, this.currency), f);
  }
}

/** A written value, its default, or nothing when it is written but invalid. */
export function param<T, U>(field: Field<T>, label: string, def: Default<U> | undefined, read: (v: T) => U, show: (v: U) => string): Param<U> | undefined {
  if (isInvalid(field)) return undefined;
  if (isValid(field)) {
    const v = read(field.value);
    return { value: v, input: input(label, show(v), field) };
  }
  if (!def) return undefined;
  return { value: def.value, input: fromDefault(label, show(def.value), def) };
}

export const pct = (v: number) => formatPercent(v, 2);
export const years = (v: number) => `${formatInteger(v)} year${v === 1 ? '' : 's'}`;
export const id = <T>(v: T) => v;

/** A default chosen by a written value (the country, the model id) depends on that value's text. */
export function withExtent(i: FigureInput, by: Field<unknown>): FigureInput {
  if (isValid(by)) i.extent = by.span;
  return i;
}

/** Widens `[start, end]` (a two-number array) by a span, if any. */
export function widen(acc: [number, number], s: Span | undefined): void {
  if (!s) return;
  if (s.start < acc[0]) acc[0] = s.start;
  if (s.end > acc[1]) acc[1] = s.end;
}

export function spanOf(acc: [number, number]): Span | undefined {
  return acc[0] <= acc[1] ? { start: acc[0], end: acc[1] } : undefined;
}
