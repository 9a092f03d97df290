/**
 * The catalog: accelerators, the country table and the model's defaults, each
 * figure with its public source. The built-in catalog is data
 * (`server/data/*.json`); a workspace may add or override entries with its own
 * YAML catalog files, validated by `schemas/catalog.schema.json`.
 */
import type { default as Ajv2020Class, ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { isMap, isSeq, type Document, type Node } from 'yaml';
import acceleratorData from '../../data/accelerators.json';
import countryData from '../../data/countries.json';
import defaultData from '../../data/defaults.json';
import catalogSchema from '../../../schemas/catalog.schema.json';
import { parseQuantity, type Currency } from './quantity';
import type { Problem, Span } from './types';
import { nodeSpan, parseYaml } from './yamlDocument';
import { editDistance } from './similarity';

/** Where a figure comes from, as hovers print it. */
export interface SourceRef {
  name: string;
  date: string;
  note?: string;
}

/** Which file an entry came from: `built-in`, or a workspace catalog file. */
export interface Provenance {
  file: string;
  /** The entry's span in that file (for go to definition). */
  span?: Span;
}

export interface AcceleratorEntry {
  id: string;
  vendor?: string;
  name?: string;
  unitPrice: { amount: number; currency: Currency };
  /** Range of prices the sources give, in the unit price's currency. */
  priceRange?: { low: number; high: number };
  /** Chip power in W (host overhead comes on top). */
  power: number;
  memoryGB?: number;
  source: SourceRef;
  /** The figure is an estimate or the sources disagree. */
  uncertain: boolean;
  note?: string;
  origin: Provenance;
}

export interface CountryPrice {
  perMWh: number;
  currency: Currency;
  /** Eurostat consumption band (or contract) the price belongs to. */
  band?: string;
  /** The EU average stands in for a missing country figure. */
  euAverage: boolean;
  source: SourceRef;
}

export interface CountryBuildCost {
  /** Per MW of IT load. */
  amount: number;
  currency: Currency;
  source: SourceRef;
}

export interface CountryEntry {
  code: string;
  name?: string;
  price?: CountryPrice;
  /** g CO2 per kWh; absent where no figure was found. */
  carbon?: { gPerKWh: number; source: SourceRef };
  /** Absent: the regional average of the defaults applies. */
  buildCostPerMW?: CountryBuildCost;
  /** Why the regional average applies, where that needs saying. */
  buildCostNote?: string;
  origin: Provenance;
}

/** A default with its source. */
export interface Default<T> {
  value: T;
  source: SourceRef;
}

export interface MoneyDefault {
  amount: number;
  currency: Currency;
}

export interface CatalogDefaults {
  usdPerEur: Default<number>;
  utilization: Default<number>;
  facilityLifetimeYears: Default<number>;
  hostOverhead: Default<number>;
  systems: Default<number>;
  networking: Default<number>;
  storage: Default<number>;
  lifetimeYears: Default<number>;
  maintenance: Default<number>;
  horizonYears: Default<number>;
  renewableShare: Default<number>;
  staff: Default<number>;
  costPerStaff: Default<MoneyDefault>;
  landCost: Default<MoneyDefault>;
  /** Price per MWh for a country without its own figure. */
  euAveragePrice: Default<{ perMWh: number; currency: Currency }>;
  /** Build cost per MW of IT load where the country has no city figure. */
  buildCostPerMW: Default<MoneyDefault>;
  minAccelerators: Default<number>;
  maxEuAmount: Default<MoneyDefault>;
  maxEuShare: Default<number>;
  fundingCovers: Default<'capex' | 'total'>;
}

export interface Catalog {
  accelerators: Map<string, AcceleratorEntry>;
  countries: Map<string, CountryEntry>;
  defaults: CatalogDefaults;
}

export const BUILT_IN = 'built-in';

/**
 * EU and EEA members the format accepts as `site.country`. A member without a
 * row in the country table takes the EU-average price and the regional build
 * cost; a code outside this set and the table gets no country defaults at all.
 */
export const EU_EEA_CODES: ReadonlySet<string> = new Set(countryData.euEea);

interface RawSource { name: string; date: string; note?: string; band?: string }

function source(s: RawSource): SourceRef {
  const out: SourceRef = { name: s.name, date: s.date };
  if (s.note) out.note = s.note;
  return out;
}

let builtin: Catalog | undefined;

/** The catalog shipped with the extension. Built once; treat it as read-only. */
export function builtinCatalog(): Catalog {
  if (builtin) return builtin;
  const accelerators = new Map<string, AcceleratorEntry>();
  for (const a of acceleratorData.accelerators) {
    const e: AcceleratorEntry = {
      id: a.id, vendor: a.vendor, name: a.name,
      unitPrice: { amount: a.unitPrice.amount, currency: a.unitPrice.currency as Currency },
      power: a.power, memoryGB: a.memoryGB, source: source(a.source),
      uncertain: a.uncertain, origin: { file: BUILT_IN },
    };
    const extra = a as { priceRange?: { low: number; high: number }; note?: string };
    if (extra.priceRange) e.priceRange = extra.priceRange;
    if (extra.note) e.note = extra.note;
    accelerators.set(e.id, e);
  }
  const src = countryData.sources;
  const countries = new Map<string, CountryEntry>();
  for (const c of countryData.countries) {
    const raw = c as { code: string; name: string; price: number; priceIsEuAverage?: boolean; carbon?: number; buildCostNote?: string;
      buildCostPerMW?: { amount: number; currency: string; note?: string; source: RawSource } };
    const avg = raw.priceIsEuAverage === true;
    const priceSrc = avg ? src.euAveragePrice : src.price;
    const e: CountryEntry = {
      code: raw.code, name: raw.name,
      price: { perMWh: raw.price, currency: 'EUR', band: priceSrc.band, euAverage: avg, source: source(priceSrc) },
      origin: { file: BUILT_IN },
    };
    if (raw.carbon !== undefined) e.carbon = { gPerKWh: raw.carbon, source: source(src.carbon) };
    if (raw.buildCostPerMW) {
      const b = raw.buildCostPerMW;
      e.buildCostPerMW = { amount: b.amount, currency: b.currency as Currency, source: { ...source(b.source), ...(b.note ? { note: b.note } : {}) } };
    }
    if (raw.buildCostNote) e.buildCostNote = raw.buildCostNote;
    countries.set(e.code, e);
  }
  const d = defaultData;
  const money = (x: { value: number; currency: string; source: RawSource }): Default<MoneyDefault> =>
    ({ value: { amount: x.value, currency: x.currency as Currency }, source: source(x.source) });
  const num = (x: { value: number; source: RawSource }): Default<number> => ({ value: x.value, source: source(x.source) });
  const defaults: CatalogDefaults = {
    usdPerEur: num(d.usdPerEur), utilization: num(d.utilization), facilityLifetimeYears: num(d.facilityLifetimeYears),
    hostOverhead: num(d.hostOverhead), systems: num(d.systems), networking: num(d.networking), storage: num(d.storage),
    lifetimeYears: num(d.lifetimeYears), maintenance: num(d.maintenance), horizonYears: num(d.horizonYears),
    renewableShare: num(d.renewableShare), staff: num(d.staff), costPerStaff: money(d.costPerStaff), landCost: money(d.landCost),
    euAveragePrice: { value: { perMWh: d.euAveragePrice.value, currency: d.euAveragePrice.currency as Currency }, source: source(d.euAveragePrice.source) },
    buildCostPerMW: money(d.buildCostPerMW), minAccelerators: num(d.minAccelerators), maxEuAmount: money(d.maxEuAmount),
    maxEuShare: num(d.maxEuShare),
    fundingCovers: { value: d.fundingCovers.value as 'capex' | 'total', source: source(d.fundingCovers.source) },
  };
  builtin = { accelerators, countries, defaults };
  return builtin;
}

/** Entries read from one workspace catalog file. */
export interface CatalogFile {
  fileName: string;
  accelerators: AcceleratorEntry[];
  /** Country rows; fields left undefined keep the base catalog's values. */
  countries: CountryEntry[];
  problems: Problem[];
}

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  if (!validator) {
    // Loaded on first use (a catalog file): the schema compiler is not needed to start the server.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv2020 = (require('ajv/dist/2020') as { default: typeof Ajv2020Class }).default;
    // Strict, so a mistake in the schema itself fails loudly rather than validating nothing.
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addKeyword('markdownDescription');
    validator = ajv.compile(catalogSchema);
  }
  return validator;
}

/**
 * Reads a workspace catalog file (YAML). Entries that are not valid are left
 * out; every problem carries its span in that file.
 */
export function parseCatalogFile(text: string, fileName: string): CatalogFile {
  const parsed = parseYaml(text);
  const out: CatalogFile = { fileName, accelerators: [], countries: [], problems: [...parsed.problems] };
  const doc = parsed.document;
  if (!doc || parsed.firstSyntaxErrorOffset !== undefined) return out;
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const validateFn = validate();
  const bad = new Set<string>();
  if (!validateFn(data)) {
    for (const err of validateFn.errors ?? []) {
      out.problems.push(schemaProblem(doc, err, text));
      // An error inside `/accelerators/3/...` makes entry 3 unusable.
      const m = /^\/(accelerators|countries)\/(\d+)/.exec(err.instancePath);
      if (m) bad.add(`${m[1]}/${m[2]}`);
      else if (err.instancePath === '' || /^\/(accelerators|countries)$/.test(err.instancePath)) bad.add('*');
    }
  }
  if (bad.has('*') || typeof data !== 'object' || data === null) return out;
  const obj = data as { accelerators?: Record<string, unknown>[]; countries?: Record<string, unknown>[] };
  const fileOf = (kind: string, i: number): Provenance => {
    const node = doc.getIn([kind, i], true) as Node | undefined;
    const span = nodeSpan(node);
    return span ? { file: fileName, span } : { file: fileName };
  };
  const quantity = (kind: string, i: number, key: string, raw: unknown, field: Parameters<typeof parseQuantity>[1]) => {
    const r = parseQuantity(raw, field);
    if (r.ok) return r.quantity;
    const span = nodeSpan(doc.getIn([kind, i, key], true) as Node | undefined) ?? { start: 0, end: 1 };
    out.problems.push({ span, severity: 'error', code: 'catalog-quantity', message: r.error.message });
    return undefined;
  };
  (obj.accelerators ?? []).forEach((a, i) => {
    if (bad.has(`accelerators/${i}`)) return;
    const price = quantity('accelerators', i, 'unitPrice', a.unitPrice, { name: 'unitPrice', kind: 'money' });
    const power = quantity('accelerators', i, 'power', a.power, { name: 'power', kind: 'power', defaultPowerUnit: 'W' });
    if (price?.kind !== 'money' || power?.kind !== 'power') return;
    const e: AcceleratorEntry = {
      id: String(a.id),
      unitPrice: { amount: price.value, currency: price.currency ?? 'USD' },
      power: power.watts,
      source: { name: String(a.source), date: a.date === undefined ? 'undated' : String(a.date) },
      uncertain: a.uncertain === true,
      origin: fileOf('accelerators', i),
    };
    if (typeof a.vendor === 'string') e.vendor = a.vendor;
    if (typeof a.name === 'string') e.name = a.name;
    if (typeof a.memoryGB === 'number') e.memoryGB = a.memoryGB;
    if (typeof a.note === 'string') e.note = a.note;
    if (a.priceRange && typeof a.priceRange === 'object') e.priceRange = a.priceRange as { low: number; high: number };
    out.accelerators.push(e);
  });
  (obj.countries ?? []).forEach((c, i) => {
    if (bad.has(`countries/${i}`)) return;
    const src: SourceRef = { name: String(c.source), date: c.date === undefined ? 'undated' : String(c.date) };
    if (typeof c.note === 'string') src.note = c.note;
    const e: CountryEntry = { code: String(c.code), origin: fileOf('countries', i) };
    if (typeof c.name === 'string') e.name = c.name;
    if (c.price !== undefined) {
      const q = quantity('countries', i, 'price', c.price, { name: 'price', kind: 'energyPrice' });
      if (q?.kind !== 'energyPrice') return;
      e.price = { perMWh: q.perMWh, currency: q.currency ?? 'EUR', euAverage: false, source: src };
      if (typeof c.priceBand === 'string') e.price.band = c.priceBand;
    }
    if (c.carbon !== undefined) {
      const q = quantity('countries', i, 'carbon', c.carbon, { name: 'carbon', kind: 'carbonIntensity' });
      if (q?.kind !== 'carbonIntensity') return;
      e.carbon = { gPerKWh: q.gPerKWh, source: src };
    }
    if (c.buildCostPerMW !== undefined) {
      const q = quantity('countries', i, 'buildCostPerMW', c.buildCostPerMW, { name: 'buildCostPerMW', kind: 'money' });
      if (q?.kind !== 'money') return;
      e.buildCostPerMW = { amount: q.value, currency: q.currency ?? 'USD', source: src };
    }
    out.countries.push(e);
  });
  return out;
}

/** Turns an ajv error into a problem on the node it concerns. */
function schemaProblem(doc: Document, err: ErrorObject, text: string): Problem {
  const path = err.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const node = (path.length ? doc.getIn(path, true) : doc.contents) as Node | undefined;
  let span = nodeSpan(node);
  let message = `${path.length ? path.join('.') : 'catalog'} ${err.message ?? 'is not valid'}`;
  if (err.keyword === 'additionalProperties' && isMap(node)) {
    const extra = (err.params as { additionalProperty: string }).additionalProperty;
    const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === extra);
    span = nodeSpan(pair?.key as Node | undefined) ?? span;
    message = `Unknown key "${extra}" in ${path.length ? path.join('.') : 'the catalog'}.`;
  } else if (err.keyword === 'required' && isMap(node)) {
    span = nodeSpan(node.items[0]?.key as Node | undefined) ?? span;
    message = `${path.length ? path.join('.') : 'The catalog'} lacks the required key "${(err.params as { missingProperty: string }).missingProperty}".`;
  } else if (isSeq(node) && err.keyword === 'type') {
    message = `${path.join('.')} ${err.message}`;
  }
  if (!span || span.end <= span.start) span = { start: span?.start ?? 0, end: Math.min(text.length, (span?.start ?? 0) + 1) };
  return { span, severity: 'error', code: 'catalog-schema', message };
}

/**
 * The base catalog with overlays applied in order: an accelerator with a known
 * id replaces the earlier one; a country row replaces only the fields it gives.
 * The result is a new catalog; `base` is not changed.
 */
export function mergeCatalogs(base: Catalog, ...overlays: Pick<CatalogFile, 'accelerators' | 'countries'>[]): Catalog {
  const accelerators = new Map(base.accelerators);
  const countries = new Map(base.countries);
  for (const o of overlays) {
    for (const a of o.accelerators) accelerators.set(a.id, a);
    for (const c of o.countries) {
      const prev = countries.get(c.code);
      const merged: CountryEntry = { ...(prev ?? {}), ...definedFields(c) } as CountryEntry;
      // Build cost given by the workspace replaces the regional-average note too.
      if (c.buildCostPerMW) delete merged.buildCostNote;
      countries.set(c.code, merged);
    }
  }
  return { accelerators, countries, defaults: base.defaults };
}

function definedFields<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Catalog ids closest to `id`, best first: ids that extend what was written
 * (`nvidia-h100` → `nvidia-h100-sxm`), then all ids at the least edit distance.
 */
export function closestIds(catalog: Catalog, id: string): string[] {
  const written = id.toLowerCase();
  let best = Infinity;
  let nearest: string[] = [];
  const extending: string[] = [];
  for (const k of catalog.accelerators.keys()) {
    if (written.length >= 3 && k.startsWith(written)) extending.push(k);
    const d = editDistance(written, k);
    if (d < best) { best = d; nearest = [k]; } else if (d === best) nearest.push(k);
  }
  return [...extending, ...nearest.filter((k) => !extending.includes(k))];
}
