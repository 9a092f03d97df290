/**
 * Number formats shared by hints (compact), hovers (precise) and check
 * messages. One place decides how a figure reads, so hints and hovers agree.
 */
import type { Currency } from './quantity';

const SYMBOL: Record<Currency, string> = { EUR: '€', USD: '$' };

export function currencySymbol(currency: Currency): string {
  return SYMBOL[currency];
}

// Made on first use: creating the first Intl.NumberFormat loads locale data
// (about 9 ms), which the server's answer to `initialize` need not wait for.
let grouped: Intl.NumberFormat | undefined;

/** Creates the formatter (and so loads the locale data) now; the server calls it once it has answered `initialize`. */
export function prepareFormats(): Intl.NumberFormat {
  return (grouped ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }));
}

// Building an Intl.NumberFormat costs about 100 times more than formatting with
// one, and the cost model formats several numbers per accelerator and funding
// line: keep one formatter per (minimum, maximum) fraction digits.
const formatters = new Map<number, Intl.NumberFormat>();
function fixedDigits(min: number, max: number): Intl.NumberFormat {
  const key = min * 100 + max;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max })));
  return f;
}

// Long lists repeat the same counts and prices: remember recent results, since
// even a cached Intl formatter takes about a microsecond per number.
const integerTexts = new Map<number, string>();

/** A whole number with thousands separators: 100000 → "100,000". */
export function formatInteger(n: number): string {
  const r = Math.round(n) === 0 ? 0 : Math.round(n);
  let s = integerTexts.get(r);
  if (s === undefined) {
    if (integerTexts.size >= 20000) integerTexts.clear();
    integerTexts.set(r, (s = prepareFormats().format(r)));
  }
  return s;
}

/** A number with thousands separators and at most `digits` decimals, trailing zeros dropped. */
export function formatNumber(n: number, digits = 4): string {
  const v = Number(n.toFixed(digits));
  return fixedDigits(0, digits).format(v === 0 ? 0 : v);
}

/** `n` rounded to `sig` significant digits (0 stays 0). */
export function roundSignificant(n: number, sig: number): number {
  if (n === 0 || !Number.isFinite(n)) return n;
  return Number(n.toPrecision(sig));
}

/** Drops trailing zeros of a fixed-point string: "4.90" → "4.9", "12.0" → "12". */
function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * Compact money with three significant digits, for hints:
 * €950k, €12.4M, €3.21B, €4.9B; $ for USD. Below 1,000 the amount keeps up to
 * three significant digits (€1.52, €950).
 */
export function formatMoneyCompact(amount: number, currency: Currency): string {
  const sign = amount < 0 ? '−' : '';
  const r = roundSignificant(Math.abs(amount), 3);
  const sym = SYMBOL[currency];
  const scales: [number, string][] = [[1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, suffix] of scales) {
    if (r >= scale) return `${sign}${sym}${trimZeros(roundSignificant(r / scale, 3).toFixed(2))}${suffix}`.replace(/(\d)(\d{3})(?=[.BMk])/, '$1,$2');
  }
  return `${sign}${sym}${String(r)}`;
}

/** Precise money for hovers: whole units with thousands separators, €8,363,381,181. */
export function formatMoneyPrecise(amount: number, currency: Currency): string {
  const sign = Math.round(amount) < 0 ? '−' : '';
  return `${sign}${SYMBOL[currency]}${formatInteger(Math.abs(amount))}`;
}

/** Money with cents, for unit prices that are not whole (€32,269.96). */
export function formatMoneyCents(amount: number, currency: Currency): string {
  const sign = amount < 0 ? '−' : '';
  const s = fixedDigits(2, 2).format(Math.abs(amount));
  return `${sign}${SYMBOL[currency]}${s}`;
}

/** Cost per accelerator-hour with four significant digits: €1.523. */
export function formatPerHour(amount: number, currency: Currency): string {
  const r = roundSignificant(amount, 4);
  const digits = r === 0 ? 0 : Math.max(0, 3 - Math.floor(Math.log10(Math.abs(r))));
  return `${SYMBOL[currency]}${fixedDigits(digits, digits).format(r)}`;
}

/** Power in MW with three decimals (hovers): "216.000 MW". */
export function formatMW(mw: number): string {
  return `${fixedDigits(3, 3).format(mw)} MW`;
}

/** Power in MW with one decimal (hints, messages): "231.4 MW". */
export function formatMWShort(mw: number): string {
  return `${fixedDigits(1, 1).format(mw)} MW`;
}

/** Energy in MWh, whole: "1,513,728 MWh". */
export function formatMWh(mwh: number): string {
  return `${formatInteger(mwh)} MWh`;
}

/** Tonnes of CO2, whole: "576,730 t CO2". */
export function formatTonnes(t: number): string {
  return `${formatInteger(t)} t CO2`;
}

/**
 * A fraction as a percentage: 0.3125 → "31%" (digits 0), "31.25%" (digits 2).
 * Trailing zeros are dropped.
 */
export function formatPercent(fraction: number, digits = 0): string {
  return `${trimZeros((fraction * 100).toFixed(digits))}%`;
}

/** Cost per accelerator-hour in hints: three significant digits, zeros kept (€1.90). */
export function formatPerHourCompact(amount: number, currency: Currency): string {
  if (amount >= 1000) return formatMoneyCompact(amount, currency);
  return `${SYMBOL[currency]}${amount === 0 ? '0' : amount.toPrecision(3)}`;
}
