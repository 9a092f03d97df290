/**
 * What the cost model's figure builders share: the reporting currency and its
 * conversion, figure registration, and resolving a written value or its
 * default into a parameter with provenance.
 */
import type { Default } from './catalog';
import { formatInteger, formatMoneyCents, formatMoneyPrecise, formatPercent } from './format';
import { FIGURE_NAMES, formatFigureValue, fromDefault, input, makeFigure, type Figure, type FigureId, type FigureInput, type FigureKind, type Text } from './figure';
import type { Currency } from './quantity';
import { isInvalid, isValid, type Field } from './types';
import type { Param } from './costModel';

export type Money = { amount: number; currency: Currency | undefined };

/** Everything the figure builders share. */
export class Builder {
  readonly byId: Partial<Record<FigureId, Figure>> = {};
  constructor(readonly currency: Currency, readonly usdPerEur: number | undefined, readonly currencyKnown = true) {}

  /**
   * Everything of the builder that a line's own figures depend on, as the key
   * of the {@link LineFiguresCache}: add any new state here.
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

  add(id: FigureId, kind: FigureKind, value: number, formula: string, expression: Text, inputs: FigureInput[]): Figure | undefined {
    if (!Number.isFinite(value)) return undefined;
    const f = makeFigure(id, FIGURE_NAMES[id], kind, value, this.currency, formula, expression, inputs);
    this.byId[id] = f;
    return f;
  }

  /** The figure as an input of another figure. */
  ref(f: Figure): FigureInput {
    const out: FigureInput = { label: f.name, value: formatFigureValue(f, this.currency), origin: 'figure' };
    if (f.extent) out.extent = f.extent;
    return out;
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
