/**
 * Quantities: the unit-carrying strings of the scenario format ("35k USD",
 * "250 MW", "95 EUR/MWh", "80%"). This is the only parser of them; the schema
 * check uses it for its messages and the model uses it for the numbers.
 */

export type Currency = 'EUR' | 'USD';

/** What a field measures; decides which units it takes and its default unit. */
export type QuantityKind = 'money' | 'power' | 'energyPrice' | 'carbonIntensity' | 'percent' | 'count';

/** A parsed quantity, normalised to the kind's base unit. */
export type Quantity =
  | { kind: 'money'; value: number; currency: Currency | undefined }
  /** Watts. `explicitUnit` is false when the field's default unit applied. */
  | { kind: 'power'; watts: number; explicitUnit: boolean }
  /** Per MWh, in `currency` (undefined: the reporting currency). */
  | { kind: 'energyPrice'; perMWh: number; currency: Currency | undefined }
  /** Grams CO2 per kWh. */
  | { kind: 'carbonIntensity'; gPerKWh: number }
  /** A fraction (0.8 for 80%). */
  | { kind: 'percent'; fraction: number }
  | { kind: 'count'; value: number };

/** Why a value is not a valid quantity, with a repair when one is obvious. */
export interface QuantityError {
  message: string;
  /** Replacement text for the whole value, when a mechanical repair exists. */
  replacement?: string;
  /** Short label for the repair ("Use 80%"). */
  fixTitle?: string;
  /** The value carries a unit, but of another kind than the field takes. */
  wrongUnit?: boolean;
}

export type QuantityResult = { ok: true; quantity: Quantity } | { ok: false; error: QuantityError };

/** Options that change how a field reads bare numbers. */
export interface QuantityField {
  /** Field name used in messages, e.g. `gridCapacity`. */
  name: string;
  kind: QuantityKind;
  /** Default unit when none is written (power: 'W' or 'MW'). */
  defaultPowerUnit?: 'W' | 'MW';
  /** Inclusive upper bound of a percentage, in percent (100, or 200 for hostOverhead). */
  maxPercent?: number;
}

/**
 * A lookup table without a prototype: `unit in TABLE` and `TABLE[unit]` see
 * only its own keys. With a plain object, "30 constructor" read as money in
 * the currency `Object` and "30 toString" as NaN watts.
 */
function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

const SCALES = table({ k: 1e3, K: 1e3, M: 1e6, B: 1e9, bn: 1e9 });
const POWER_UNITS = table({ W: 1, kW: 1e3, MW: 1e6, GW: 1e9 });
const CURRENCY_TOKENS = table<Currency>({ EUR: 'EUR', USD: 'USD', '€': 'EUR', $: 'USD' });
const ENERGY_UNITS = table({ MWh: 1, kWh: 1000 });
const CARBON_UNITS = new Set(['g/kWh', 'gCO2/kWh', 'g CO2/kWh']);

/** Human description of what a kind takes, for messages. */
export const KIND_EXAMPLES: Record<QuantityKind, string> = {
  money: 'an amount such as "35k USD" or "1.2B EUR"',
  power: 'a power such as "250 MW"',
  energyPrice: 'a price per energy such as "95 EUR/MWh"',
  carbonIntensity: 'a carbon intensity such as "381 g/kWh"',
  percent: 'a percentage such as "80%" or a fraction such as 0.8',
  count: 'a whole number such as 100000',
};

/** The units each kind accepts, for messages. */
export const KIND_UNITS: Record<QuantityKind, string> = {
  money: 'EUR, USD, € or $',
  power: 'W, kW, MW or GW',
  energyPrice: 'EUR/MWh, USD/MWh, EUR/kWh or USD/kWh',
  carbonIntensity: 'g/kWh',
  percent: '%',
  count: 'no unit',
};

/** A canonical example value for each kind, offered when no conversion exists. */
export function exampleValue(field: QuantityField): string {
  switch (field.kind) {
    case 'money': return '1.2B EUR';
    case 'power': return field.defaultPowerUnit === 'W' ? '1000 W' : '250 MW';
    case 'energyPrice': return '95 EUR/MWh';
    case 'carbonIntensity': return '381 g/kWh';
    case 'percent': return '80%';
    case 'count': return '100000';
  }
}

interface Lexed {
  prefix?: string;
  sign?: string;
  number: string;
  scale?: string;
  unit: string;
}

// number: digits with an optional fraction, or a leading-dot fraction; commas and
// inner spaces are captured so that "100,000" and "100 000" can get a precise message.
const QUANTITY_RE = /^(€|\$|EUR|USD)?\s*([-+])?\s*((?:[0-9]+(?:[ ,][0-9]{3})*(?:\.[0-9]+)?)|(?:\.[0-9]+))\s*(.*)$/u;

function lex(text: string): Lexed | undefined {
  const m = QUANTITY_RE.exec(text.trim());
  if (!m) return undefined;
  const out: Lexed = { number: m[3]!, unit: m[4]!.trim() };
  if (m[1]) out.prefix = m[1];
  if (m[2]) out.sign = m[2];
  return out;
}

/** Splits a unit tail into scale and unit: "kW" is a unit, "k W" or "kEUR" a scale and a unit. */
function splitScale(tail: string, isUnit: (u: string) => boolean): { scale?: string; unit: string } | { badScale: string; unit: string } {
  if (tail === '' || isUnit(tail)) return { unit: tail };
  for (const s of ['bn', 'k', 'K', 'M', 'B']) {
    if (tail.startsWith(s)) {
      const rest = tail.slice(s.length).trim();
      if (rest === '' || isUnit(rest)) return { scale: s, unit: rest };
    }
  }
  if (tail.startsWith('m')) {
    const rest = tail.slice(1).trim();
    if (rest === '' || isUnit(rest) || isUnit('M' + rest) || rest === 'W') return { badScale: 'm', unit: rest };
  }
  return { unit: tail };
}

function fmtNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

/**
 * Parses a value of a quantity field. `raw` is the YAML value: a number or a string.
 * Returns the normalised quantity or a plain-words error naming the field.
 */
export function parseQuantity(raw: unknown, field: QuantityField): QuantityResult {
  if (field.kind === 'count') return parseCount(raw, field);
  if (field.kind === 'percent') return parsePercent(raw, field);
  const takes = `${field.name} takes ${KIND_EXAMPLES[field.kind]}`;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(`${takes}; found ${String(raw)}`);
    if (raw < 0) return fail(`${field.name} cannot be negative; found ${raw}`);
    return checkRange(fromNumber(raw, undefined, field), field, String(raw));
  }
  if (typeof raw !== 'string') return fail(`${takes}; found ${describe(raw)}`);
  const lexed = lex(raw);
  if (!lexed) return fail(`${takes}; found "${raw}"`);
  const grouped = /[ ,]/.test(lexed.number);
  const base = Number(lexed.number.replace(/[ ,]/g, ''));
  if (lexed.sign === '-') return fail(`${field.name} cannot be negative; found "${raw}"`);
  if (lexed.sign === '+') {
    const unsigned = raw.replace('+', '').trim();
    return fail(`${field.name} takes a number without a sign; found "${raw}"`, unsigned, `Write ${unsigned}`);
  }
  const isUnit = unitPredicate(field, lexed.prefix);
  const split = splitScale(lexed.unit, isUnit);
  if ('badScale' in split) {
    const fixed = raw.replace(/(\d\s*)m(?=\s*[A-Za-z€$]|\s*$)/u, '$1M');
    return fail(`"m" is not a scale in ${field.name} (it would read as milli); write M for million: "${fixed}"`, fixed, 'Use M (million)');
  }
  if (grouped) {
    const clean = raw.replace(lexed.number, String(base));
    return fail(`${field.name}: write numbers without thousands separators; found "${raw}"`, clean, `Write ${clean}`);
  }
  const scale = split.scale ? SCALES[split.scale]! : 1;
  const value = base * scale;
  if (split.unit === '' && !lexed.prefix) return checkRange(fromNumber(value, undefined, field), field, `"${raw}"`);
  const q = withUnit(value, lexed.prefix, split.unit, field);
  if (q) return checkRange(q, field, `"${raw}"`);
  const r = fail(`${takes}; found "${raw}"${foundUnit(lexed.prefix ?? split.unit)}. Units for ${field.name}: ${KIND_UNITS[field.kind]}`);
  if (!r.ok) r.error.wrongUnit = true;
  return r;
}

/**
 * The quantity that {@link parseQuantity} gives for `raw`, when `raw` has one
 * of the commonest written forms and is valid; undefined otherwise (then ask
 * parseQuantity, for the value or the problem). Reading a long list spent more
 * on the general parser's regular expressions and intermediate objects than on
 * anything else per field.
 *
 * The forms: a string of digits with an optional `.digits` fraction, then at
 * most one space, then a tail of ASCII letters (one inner space allowed:
 * `k USD`) or, for a percentage, `%` right after the digits. No sign, currency
 * prefix, grouping or surrounding space. For such a string the general parser
 * reads the number as `Number(digits)` and the tail apart from it (lex's
 * number pattern stops at the first letter), so what a tail means for a field
 * (scale and unit, or an error) does not depend on the number: it is worked
 * out once per field and tail, with the general parser's own steps, and the
 * arithmetic is the same expressions in the same order. test/unit/quantity.test.ts
 * checks agreement with parseQuantity on generated strings.
 */
export function quickQuantity(raw: string, field: QuantityField): Quantity | undefined {
  const n = raw.length;
  let i = 0;
  while (i < n && isDigit(raw.charCodeAt(i))) i++;
  if (i === 0) return undefined;
  if (i < n && raw.charCodeAt(i) === 46 /* . */) {
    const f = ++i;
    while (i < n && isDigit(raw.charCodeAt(i))) i++;
    if (i === f) return undefined;
  }
  const numberEnd = i;
  if (field.kind === 'percent') {
    if (numberEnd !== n - 1 || raw.charCodeAt(numberEnd) !== 37 /* % */) return undefined;
    const value = Number(raw.slice(0, numberEnd));
    return value > (field.maxPercent ?? 100) ? undefined : { kind: 'percent', fraction: value / 100 };
  }
  if (field.kind !== 'money' && field.kind !== 'power') return undefined;
  if (i < n && raw.charCodeAt(i) === 32) i++;
  const tailStart = i;
  let spaces = 0;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32) {
      if (++spaces > 1 || i === tailStart || i === n - 1 || raw.charCodeAt(i - 1) === 32) return undefined;
    } else if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) {
      return undefined;
    }
  }
  const meaning = tailMeaning(raw.slice(tailStart), field);
  if (meaning === null) return undefined;
  const value = Number(raw.slice(0, numberEnd)) * meaning.scale;
  if (meaning.unit === '') return fromNumber(value, undefined, field);
  return withUnit(value, undefined, meaning.unit, field);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

interface TailMeaning {
  /** The scale's factor (1 without a scale), and the unit after it ('' for none). */
  scale: number;
  unit: string;
}

/** What each tail means, per field (a handful of units and scales each); null for a tail the general parser rejects. */
const TAILS = new WeakMap<QuantityField, Map<string, TailMeaning | null>>();
const MAX_TAILS_PER_FIELD = 256;

/** Lines 151–165 of parseQuantity's steps, for a tail after a plain number (no prefix, no sign, no grouping). */
function tailMeaning(tail: string, field: QuantityField): TailMeaning | null {
  let known = TAILS.get(field);
  const hit = known?.get(tail);
  if (hit !== undefined) return hit;
  const split = splitScale(tail, unitPredicate(field, undefined));
  let meaning: TailMeaning | null = null;
  if (!('badScale' in split)) {
    const m = { scale: split.scale ? SCALES[split.scale]! : 1, unit: split.unit };
    // A unit that withUnit refuses is an error the general parser words.
    if (m.unit === '' || withUnit(1, undefined, m.unit, field) !== undefined) meaning = m;
  }
  if (!known) TAILS.set(field, (known = new Map()));
  if (known.size < MAX_TAILS_PER_FIELD) known.set(tail, meaning);
  return meaning;
}

function unitPredicate(field: QuantityField, prefix: string | undefined): (u: string) => boolean {
  switch (field.kind) {
    case 'money': return (u) => u in CURRENCY_TOKENS && !prefix;
    case 'power': return (u) => u in POWER_UNITS;
    case 'energyPrice': return (u) => energyPriceUnit(prefix, u) !== undefined;
    case 'carbonIntensity': return (u) => CARBON_UNITS.has(u);
    default: return () => false;
  }
}

function energyPriceUnit(prefix: string | undefined, unit: string): { currency: Currency; per: number } | undefined {
  const m = /^(€|\$|EUR|USD)?\s*\/\s*(MWh|kWh)$/u.exec(unit);
  if (!m) return undefined;
  const cur = m[1] ?? prefix;
  if (!cur || (m[1] && prefix)) return undefined;
  return { currency: CURRENCY_TOKENS[cur]!, per: ENERGY_UNITS[m[2]!]! };
}

function withUnit(value: number, prefix: string | undefined, unit: string, field: QuantityField): Quantity | undefined {
  switch (field.kind) {
    case 'money': {
      if (prefix && unit === '') return { kind: 'money', value, currency: CURRENCY_TOKENS[prefix]! };
      if (!prefix && unit in CURRENCY_TOKENS) return { kind: 'money', value, currency: CURRENCY_TOKENS[unit]! };
      return undefined;
    }
    case 'power':
      if (prefix || !(unit in POWER_UNITS)) return undefined;
      return { kind: 'power', watts: value * POWER_UNITS[unit]!, explicitUnit: true };
    case 'energyPrice': {
      const u = energyPriceUnit(prefix, unit);
      if (!u) return undefined;
      return { kind: 'energyPrice', perMWh: value * u.per, currency: u.currency };
    }
    case 'carbonIntensity':
      if (prefix || !CARBON_UNITS.has(unit)) return undefined;
      return { kind: 'carbonIntensity', gPerKWh: value };
    default:
      return undefined;
  }
}

/** Carbon intensity of any real grid lies within 0–1,500 g/kWh. */
const MAX_CARBON_INTENSITY = 1500;

function checkRange(q: Quantity, field: QuantityField, found: string): QuantityResult {
  if (q.kind === 'carbonIntensity' && q.gPerKWh > MAX_CARBON_INTENSITY) {
    return fail(`${field.name} must be within 0–${MAX_CARBON_INTENSITY} g/kWh; found ${found}`);
  }
  return { ok: true, quantity: q };
}

function fromNumber(value: number, _currency: undefined, field: QuantityField): Quantity {
  switch (field.kind) {
    case 'money': return { kind: 'money', value, currency: undefined };
    case 'power': return { kind: 'power', watts: value * (field.defaultPowerUnit === 'W' ? 1 : 1e6), explicitUnit: false };
    case 'energyPrice': return { kind: 'energyPrice', perMWh: value, currency: undefined };
    case 'carbonIntensity': return { kind: 'carbonIntensity', gPerKWh: value };
    case 'percent': return { kind: 'percent', fraction: value };
    case 'count': return { kind: 'count', value };
  }
}

/** ", which is a currency": names what a misplaced unit measures. */
function foundUnit(unit: string): string {
  const kind = unitKindOf(unit);
  return kind ? `, which is ${kind}` : ` ("${unit}" is not a unit it knows)`;
}

/** Names the kind a misplaced unit belongs to. */
function unitKindOf(unit: string): string | undefined {
  if (unit in CURRENCY_TOKENS) return 'a currency';
  if (unit in POWER_UNITS) return 'a power unit';
  if (/\/\s*(MWh|kWh)$/u.test(unit) && !CARBON_UNITS.has(unit)) return 'an energy price unit';
  if (CARBON_UNITS.has(unit)) return 'a carbon intensity unit';
  if (unit === '%') return 'a percentage';
  return undefined;
}

function parsePercent(raw: unknown, field: QuantityField): QuantityResult {
  const max = field.maxPercent ?? 100;
  const range = `0–${max}%`;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(`${field.name} takes ${KIND_EXAMPLES.percent}; found ${String(raw)}`);
    if (raw < 0) return fail(`${field.name} cannot be negative; found ${raw}`);
    if (raw > max / 100) {
      const pct = `${fmtNumber(raw)}%`;
      if (raw <= max) {
        return fail(`${field.name} is a fraction between 0 and ${fmtNumber(max / 100)} or a percentage; ${raw} would be ${fmtNumber(raw * 100)}%. Did you mean "${pct}"?`, pct, `Use ${pct}`);
      }
      return fail(`${field.name} must be within ${range}; found ${raw}`);
    }
    return { ok: true, quantity: { kind: 'percent', fraction: raw } };
  }
  if (typeof raw !== 'string') return fail(`${field.name} takes ${KIND_EXAMPLES.percent}; found ${describe(raw)}`);
  const m = /^\s*([-+])?\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(%?)\s*$/u.exec(raw);
  if (!m) {
    const lexed = lex(raw);
    const found = lexed ? foundUnit(lexed.prefix ?? lexed.unit) : '';
    return fail(`${field.name} takes ${KIND_EXAMPLES.percent}; found "${raw}"${found}`);
  }
  if (m[1] === '-') return fail(`${field.name} cannot be negative; found "${raw}"`);
  if (m[1] === '+') return fail(`${field.name} takes a number without a sign; found "${raw}"`, raw.replace('+', '').trim(), 'Remove the sign');
  const n = Number(m[2]);
  if (m[3] === '%') {
    if (n > max) return fail(`${field.name} must be within ${range}; found "${raw}"`);
    return { ok: true, quantity: { kind: 'percent', fraction: n / 100 } };
  }
  return parsePercent(n, field);
}

function parseCount(raw: unknown, field: QuantityField): QuantityResult {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || !Number.isInteger(raw)) return fail(`${field.name} takes ${KIND_EXAMPLES.count}; found ${String(raw)}`);
    if (raw < 0) return fail(`${field.name} cannot be negative; found ${raw}`);
    if (!Number.isSafeInteger(raw)) return fail(`${field.name} is too large to count exactly; found ${raw}`);
    return { ok: true, quantity: { kind: 'count', value: raw } };
  }
  if (typeof raw === 'string') {
    const lexed = lex(raw);
    if (lexed && !lexed.prefix && !lexed.sign) {
      const split = splitScale(lexed.unit, () => false);
      if (!('badScale' in split) && split.unit === '') {
        const n = Number(lexed.number.replace(/[ ,]/g, '')) * (split.scale ? SCALES[split.scale]! : 1);
        if (Number.isSafeInteger(n)) {
          const plain = String(n);
          return fail(`${field.name} is a plain whole number; write ${plain} instead of "${raw}"`, plain, `Write ${plain}`);
        }
      }
    }
  }
  return fail(`${field.name} takes ${KIND_EXAMPLES.count}; found ${describe(raw)}`);
}

function describe(raw: unknown): string {
  if (raw === null || raw === undefined) return 'nothing';
  if (typeof raw === 'string') return `"${raw}"`;
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'a mapping';
  return String(raw);
}

function fail(message: string, replacement?: string, fixTitle?: string): QuantityResult {
  const error: QuantityError = { message };
  if (replacement !== undefined) error.replacement = replacement;
  if (fixTitle !== undefined) error.fixTitle = fixTitle;
  return { ok: false, error };
}

/**
 * Converts a field value to the field's canonical unit where the kind matches,
 * e.g. "250000 kW" for gridCapacity → "250 MW". Used by the unit quick fix.
 */
export function canonicalText(q: Quantity, field: QuantityField): string {
  switch (q.kind) {
    case 'power':
      return field.defaultPowerUnit === 'W' ? `${fmtNumber(q.watts)} W` : `${fmtNumber(q.watts / 1e6)} MW`;
    case 'money': return `${fmtNumber(q.value)}${q.currency ? ' ' + q.currency : ''}`;
    case 'energyPrice': return q.currency ? `${fmtNumber(q.perMWh)} ${q.currency}/MWh` : fmtNumber(q.perMWh);
    case 'carbonIntensity': return `${fmtNumber(q.gPerKWh)} g/kWh`;
    case 'percent': return `${fmtNumber(q.fraction * 100)}%`;
    case 'count': return String(q.value);
  }
}
