/**
 * Number formats shared by hints (compact), hovers (precise) and check
 * messages. One place decides how a figure reads, so hints and hovers agree.
 */
import type { Currency } from './quantity';

const SYMBOL: Record<Currency, string> = { EUR: '€', USD: '$' };

export function currencySymbol(currency: Currency): string {
  return SYMBOL[currency];
}

/**
 * `x` with `min` to `max` fraction digits and thousands separators, exactly as
 * `new Intl.NumberFormat('en-US', { minimumFractionDigits: min,
 * maximumFractionDigits: max }).format(x)` writes it, without Intl: ICU's
 * locale data cost the server about 7 MiB of memory for three separators.
 *
 * Like ICU, it rounds the shortest decimal that reads back as `x` (what
 * `String(x)` writes; 1.005 → "1.01") half away from zero, keeps the sign of
 * a negative number that rounds to zero ("-0.000"), and writes NaN and ∞ as
 * they are. test/unit/format.test.ts compares both on generated numbers.
 */
export function formatFixed(x: number, min: number, max: number): string {
  if (Number.isNaN(x)) return 'NaN';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  if (a === Infinity) return `${sign}∞`;
  let [int, frac] = decimalDigits(a);
  if (frac.length > max) {
    const up = frac.charCodeAt(max) >= 53; // the first dropped digit is 5 or more
    frac = frac.slice(0, max);
    if (up) [int, frac] = increment(int, frac);
  }
  let end = frac.length;
  while (end > min && frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end).padEnd(min, '0');
  return `${sign}${groupThousands(int)}${frac === '' ? '' : `.${frac}`}`;
}

/** The integer and fraction digits of the shortest decimal for `a` ≥ 0 (String(a), exponent written out). */
function decimalDigits(a: number): [string, string] {
  const s = String(a);
  const e = s.indexOf('e');
  if (e < 0) {
    const dot = s.indexOf('.');
    return dot < 0 ? [s, ''] : [s.slice(0, dot), s.slice(dot + 1)];
  }
  const digits = s.slice(0, e).replace('.', '');
  const point = Number(s.slice(e + 1)) + 1; // where the point goes after the first digit
  return point <= 0 ? ['0', '0'.repeat(-point) + digits] : point >= digits.length ? [digits.padEnd(point, '0'), ''] : [digits.slice(0, point), digits.slice(point)];
}

/** Adds one unit in the last place of int.frac (decimal strings). */
function increment(int: string, frac: string): [string, string] {
  const all = (int + frac).split('');
  let i = all.length - 1;
  for (; i >= 0; i--) {
    if (all[i] !== '9') {
      all[i] = String(Number(all[i]) + 1);
      break;
    }
    all[i] = '0';
  }
  const joined = (i < 0 ? '1' : '') + all.join('');
  const cut = joined.length - frac.length;
  return [joined.slice(0, cut), joined.slice(cut)];
}

/** "1234567" → "1,234,567". */
function groupThousands(int: string): string {
  let out = int.slice(0, ((int.length - 1) % 3) + 1);
  for (let i = out.length; i < int.length; i += 3) out += `,${int.slice(i, i + 3)}`;
  return out;
}

// Long lists repeat the same counts and prices: remember recent results.
const integerTexts = new Map<number, string>();

/** A whole number with thousands separators: 100000 → "100,000". */
export function formatInteger(n: number): string {
  const r = Math.round(n) === 0 ? 0 : Math.round(n);
  let s = integerTexts.get(r);
  if (s === undefined) {
    if (integerTexts.size >= 20000) integerTexts.clear();
    integerTexts.set(r, (s = formatFixed(r, 0, 0)));
  }
  return s;
}

/** A number with thousands separators and at most `digits` decimals, trailing zeros dropped. */
export function formatNumber(n: number, digits = 4): string {
  const v = Number(n.toFixed(digits));
  return formatFixed(v === 0 ? 0 : v, 0, digits);
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
  const s = formatFixed(Math.abs(amount), 2, 2);
  return `${sign}${SYMBOL[currency]}${s}`;
}

/** Cost per accelerator-hour with four significant digits: €1.523. */
export function formatPerHour(amount: number, currency: Currency): string {
  const r = roundSignificant(amount, 4);
  const digits = r === 0 ? 0 : Math.max(0, 3 - Math.floor(Math.log10(Math.abs(r))));
  return `${SYMBOL[currency]}${formatFixed(r, digits, digits)}`;
}

/** Power in MW with three decimals (hovers): "216.000 MW". */
export function formatMW(mw: number): string {
  return `${formatFixed(mw, 3, 3)} MW`;
}

/** Power in MW with one decimal (hints, messages): "231.4 MW". */
export function formatMWShort(mw: number): string {
  return `${formatFixed(mw, 1, 1)} MW`;
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
