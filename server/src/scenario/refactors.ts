/**
 * Refactors: code actions that change how a scenario is written without
 * changing what it says (except where the title says so).
 *
 * - Make every default explicit: write each catalog or default value the
 *   figures rely on into the file, with a comment naming its source.
 * - Convert all amounts to the reporting currency (with `usdPerEur`), keeping
 *   the amount as written in a comment.
 * - Normalise quantity spellings: one spelling per kind (`1.2B EUR`,
 *   `250 MW`, `1000 W`, `95 EUR/MWh`, `80%`).
 * - Split an accelerator line into two lines of half the count each.
 *
 * Each edits only the values and lines it concerns.
 */
import { isScalar, type Document, type Node } from 'yaml';
import type { ScenarioAnalysis } from './analysis';
import type { SourceRef } from './catalog';
import { fieldPath, QUANTITY_FIELDS } from './fields';
import { requote } from './model';
import { parseQuantity, type Currency, type Quantity, type QuantityField } from './quantity';
import { propertyOrder } from './schemaWalk';
import { isValid, LOAN_TYPES, type Span, type TextEditSpan } from './types';
import {
  afterLineEnd, eolOf, insertIntoMapping, lineContentEnd, lineStart, walk, type NewEntry, type NodePath,
} from './textEdits';
import { entries, items, nodeSpan } from './yamlDocument';
import { isMap } from 'yaml';

export interface Refactor {
  title: string;
  kind: 'refactor.rewrite' | 'refactor.extract';
  edits: TextEditSpan[];
}

/** The refactors available for the selection `span` (offsets). */
export function refactors(a: ScenarioAnalysis, span: Span): Refactor[] {
  const doc = a.document;
  if (!doc || !a.model || a.parsed.firstSyntaxErrorOffset !== undefined) return [];
  const split = splitLine(a, doc, span);
  return split ? [split, ...wholeFileRefactors(a, doc)] : wholeFileRefactors(a, doc);
}

/**
 * The refactors that do not depend on the cursor, once per analysis: editors
 * ask for code actions at every cursor move, and these walk the whole file.
 */
const wholeFile = new WeakMap<ScenarioAnalysis, Refactor[]>();

function wholeFileRefactors(a: ScenarioAnalysis, doc: Document): Refactor[] {
  let out = wholeFile.get(a);
  if (out) return out;
  out = [];
  const defaults = explicitDefaults(a, doc);
  if (defaults) out.push(defaults);
  const convert = convertCurrency(a, doc);
  if (convert) out.push(convert);
  const normal = normaliseSpellings(a, doc);
  if (normal) out.push(normal);
  wholeFile.set(a, out);
  return out;
}

/** A number without float noise: 0.35000000000000003 → "0.35". */
function num(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** Money with a scale when it reads better: 1.2B, 150M; below a million the plain number. */
export function scaledAmount(v: number, decimals = 6): string {
  for (const [s, suffix] of [[1e9, 'B'], [1e6, 'M']] as const) {
    if (Math.abs(v) >= s) return `${Number((v / s).toFixed(decimals))}${suffix}`;
  }
  return num(v);
}

/** The one spelling of a quantity, or undefined for a bare number (its unit is implied, so it stays bare). */
export function canonicalSpelling(q: Quantity, field: QuantityField, raw: unknown): string | undefined {
  const bare = typeof raw === 'number' || (typeof raw === 'string' && /^\s*[0-9.]+\s*(k|K|M|B|bn)?\s*$/.test(raw));
  switch (q.kind) {
    case 'money': return q.currency ? `${scaledAmount(q.value, 9)} ${q.currency}` : undefined;
    case 'power': {
      if (!q.explicitUnit) return undefined;
      return field.defaultPowerUnit === 'W' ? `${num(q.watts)} W` : `${num(q.watts / 1e6)} MW`;
    }
    case 'energyPrice': return q.currency ? `${num(q.perMWh)} ${q.currency}/MWh` : undefined;
    case 'carbonIntensity': return bare ? undefined : `${num(q.gPerKWh)} g/kWh`;
    case 'percent': return `${num(q.fraction * 100)}%`;
    case 'count': return undefined;
  }
}

/** Every scalar value of a quantity field, with its path and field. */
function quantityValues(doc: Document): { node: Node; span: Span; path: NodePath; field: QuantityField }[] {
  const out: { node: Node; span: Span; path: NodePath; field: QuantityField }[] = [];
  for (const e of walk(doc)) {
    const field = QUANTITY_FIELDS[fieldPath(e.path)];
    const span = nodeSpan(e.node);
    if (field && isScalar(e.node) && e.node.value !== null && span) out.push({ node: e.node, span, path: e.path, field });
  }
  return out;
}

function normaliseSpellings(a: ScenarioAnalysis, doc: Document): Refactor | undefined {
  const edits: TextEditSpan[] = [];
  for (const v of quantityValues(doc)) {
    const raw = (v.node as { value: unknown }).value;
    const r = parseQuantity(raw, v.field);
    if (!r.ok) continue;
    const canonical = canonicalSpelling(r.quantity, v.field, raw);
    if (canonical === undefined || canonical === String(raw)) continue;
    const text = requote(v.node, canonical);
    if (text !== a.text.slice(v.span.start, v.span.end)) edits.push({ span: v.span, text });
  }
  return edits.length ? { title: `Normalise quantity spellings (${edits.length} value${edits.length === 1 ? '' : 's'})`, kind: 'refactor.rewrite', edits } : undefined;
}

function convertCurrency(a: ScenarioAnalysis, doc: Document): Refactor | undefined {
  const rate = a.figures?.params.usdPerEur?.value;
  const to: Currency = a.figures?.currency ?? 'EUR';
  if (!rate) return undefined;
  const convert = (amount: number, from: Currency) => (from === to ? amount : from === 'USD' ? amount / rate : amount * rate);
  const edits: TextEditSpan[] = [];
  for (const v of quantityValues(doc)) {
    const raw = (v.node as { value: unknown }).value;
    const r = parseQuantity(raw, v.field);
    if (!r.ok) continue;
    const q = r.quantity;
    let text: string | undefined;
    if (q.kind === 'money' && q.currency && q.currency !== to) {
      const x = Math.round(convert(q.value, q.currency) * 100) / 100;
      text = `${scaledAmount(x)} ${to}`;
    } else if (q.kind === 'energyPrice' && q.currency && q.currency !== to) {
      text = `${num(Math.round(convert(q.perMWh, q.currency) * 100) / 100)} ${to}/MWh`;
    }
    if (!text) continue;
    edits.push({ span: v.span, text: requote(v.node, text) });
    // Keep what was written, unless the line already carries a comment.
    const end = lineContentEnd(a.text, v.span.end);
    if (!a.text.slice(v.span.end, end).includes('#')) {
      edits.push({ span: { start: end, end }, text: `  # was ${String(raw)} at ${num(rate)} USD per EUR` });
    }
  }
  return edits.length ? { title: `Convert all amounts to ${to} (at ${num(rate)} USD per EUR)`, kind: 'refactor.rewrite', edits } : undefined;
}

/** Splits the accelerator line under the selection into two lines of half the count each. */
function splitLine(a: ScenarioAnalysis, doc: Document, span: Span): Refactor | undefined {
  const line = a.model!.hardware.accelerators.find((l) => l.span.start <= span.start && span.end <= l.span.end);
  if (!line || !isValid(line.count) || line.count.value < 2) return undefined;
  const text = a.text;
  const from = lineStart(text, line.span.start);
  // The item's text from its dash to its last line end.
  const prefix = text.slice(from, line.span.start);
  if (!/^ *- +$/.test(prefix)) return undefined;
  const end = text[line.span.end - 1] === '\n' ? line.span.end : afterLineEnd(text, line.span.end);
  const n = line.count.value;
  const first = Math.ceil(n / 2);
  const second = n - first;
  const countStart = line.count.span.start - from;
  const countEnd = line.count.span.end - from;
  let copy = text.slice(from, end);
  copy = copy.slice(0, countStart) + String(second) + copy.slice(countEnd);
  const eol = eolOf(text);
  const lead = text[end - 1] === '\n' ? '' : eol;
  const model = isValid(line.model) ? line.model.value : `line ${line.index + 1}`;
  void doc;
  return {
    title: `Split the ${model} line into two (${first} + ${second})`,
    kind: 'refactor.extract',
    edits: [
      { span: line.count.span, text: String(first) },
      { span: { start: end, end }, text: lead + copy.replace(/\r?\n?$/, '') + (lead ? '' : eol) },
    ],
  };
}

function sourceComment(kind: string, s: SourceRef | undefined): string | undefined {
  return s ? `${kind}: ${s.name}, ${s.date}` : undefined;
}

const pct = (v: number) => `${num(v * 100)}%`;

/** Where each defaulted parameter is written, and how its value reads. */
const DEFAULT_KEYS: { param: string; path: string[]; show: (v: number | string) => string }[] = [
  { param: 'horizonYears', path: ['horizonYears'], show: String },
  { param: 'usdPerEur', path: ['assumptions', 'usdPerEur'], show: String },
  { param: 'utilization', path: ['assumptions', 'utilization'], show: (v) => pct(v as number) },
  { param: 'facilityLifetimeYears', path: ['assumptions', 'facilityLifetimeYears'], show: String },
  { param: 'hostOverhead', path: ['hardware', 'hostOverhead'], show: (v) => pct(v as number) },
  { param: 'systems', path: ['hardware', 'systems'], show: (v) => pct(v as number) },
  { param: 'networking', path: ['hardware', 'networking'], show: (v) => pct(v as number) },
  { param: 'storage', path: ['hardware', 'storage'], show: (v) => pct(v as number) },
  { param: 'lifetimeYears', path: ['hardware', 'lifetimeYears'], show: String },
  { param: 'renewableShare', path: ['power', 'renewableShare'], show: (v) => pct(v as number) },
  { param: 'staff', path: ['operations', 'staff'], show: String },
  { param: 'maintenance', path: ['operations', 'maintenance'], show: (v) => pct(v as number) },
  { param: 'minAccelerators', path: ['constraints', 'minAccelerators'], show: String },
  { param: 'maxEuShare', path: ['constraints', 'maxEuShare'], show: (v) => pct(v as number) },
  { param: 'fundingCovers', path: ['constraints', 'fundingCovers'], show: String },
];

/**
 * Writes out every value the figures take from a default or the catalog:
 * each goes into its section (created when missing) in the schema's key
 * order, with a comment naming its source. Money keeps the currency of its
 * source, so nothing is rounded by a conversion.
 */
function explicitDefaults(a: ScenarioAnalysis, doc: Document): Refactor | undefined {
  const f = a.figures;
  const model = a.model!;
  if (!f) return undefined;
  const cat = a.catalog;
  const d = cat.defaults;
  const wanted: { path: string[]; value: string; comment?: string }[] = [];
  const add = (path: string[], value: string, source: SourceRef | undefined, kind = 'default') => {
    const c = sourceComment(kind, source);
    wanted.push(c ? { path, value, comment: c } : { path, value });
  };
  const params = f.params as Record<string, { value: number | string; input: { origin: string; source?: SourceRef } } | undefined>;
  for (const k of DEFAULT_KEYS) {
    const p = params[k.param];
    if (p && p.input.origin === 'default') add(k.path, k.show(p.value), p.input.source);
  }
  const money = (m: { amount: number; currency: Currency }) => `${scaledAmount(m.amount)} ${m.currency}`;
  if (f.params.landCost?.input.origin === 'default') add(['site', 'landCost'], money(d.landCost.value), d.landCost.source);
  if (f.params.costPerStaff?.input.origin === 'default') add(['operations', 'costPerStaff'], money(d.costPerStaff.value), d.costPerStaff.source);
  if (f.params.maxEuAmount?.input.origin === 'default') add(['constraints', 'maxEuAmount'], money(d.maxEuAmount.value), d.maxEuAmount.source);
  const country = isValid(model.site.country) ? cat.countries.get(model.site.country.value) : undefined;
  if (f.params.price?.input.origin === 'default') {
    const src = country?.price;
    const v = src ? { perMWh: src.perMWh, currency: src.currency } : d.euAveragePrice.value;
    add(['power', 'price'], `${num(v.perMWh)} ${v.currency}/MWh`, f.params.price.input.source, src && !src.euAverage ? 'country table' : 'EU average');
  }
  if (f.params.buildCostPerMW?.input.origin === 'default') {
    const src = country?.buildCostPerMW;
    add(['site', 'buildCostPerMW'], money(src ? { amount: src.amount, currency: src.currency } : d.buildCostPerMW.value), f.params.buildCostPerMW.input.source, src ? 'country table' : 'regional average');
  }
  if (f.params.gridIntensity?.input.origin === 'default' && country?.carbon) {
    add(['site', 'gridIntensity'], `${num(country.carbon.gPerKWh)} g/kWh`, country.carbon.source, 'country table');
  }

  const edits: TextEditSpan[] = [];
  // Accelerator lines: the catalog's price and power, into each line.
  const hardware = entries(doc, doc.contents).find((e) => e.key === 'hardware');
  const lineNodes = items(doc, entries(doc, hardware?.value).find((e) => e.key === 'accelerators')?.value);
  for (const line of model.hardware.accelerators) {
    const lf = f.lines[line.index];
    const entry = lf?.entry;
    const node = lineNodes[line.index];
    if (!entry || !isMap(node)) continue;
    const source = sourceComment('catalog', entry.source);
    const add2: NewEntry[] = [];
    if (line.unitPrice === undefined) add2.push({ key: 'unitPrice', value: `${num(entry.unitPrice.amount)} ${entry.unitPrice.currency}`, ...(source ? { comment: source } : {}) });
    if (line.power === undefined) add2.push({ key: 'power', value: `${num(entry.power)} W`, ...(source ? { comment: source } : {}) });
    edits.push(...insertAll(a, doc, node, undefined, add2, ['hardware', 'accelerators', 0]));
  }

  // Loans: the term defaults to the horizon.
  const horizon = f.params.horizonYears;
  const fundingNodes = items(doc, entries(doc, doc.contents).find((e) => e.key === 'funding')?.value);
  for (const line of model.funding) {
    const node = fundingNodes[line.index];
    if (!horizon || !isMap(node) || line.termYears !== undefined || !isValid(line.type) || !LOAN_TYPES.includes(line.type.value)) continue;
    const comment = horizon.input.origin === 'default' ? `default: horizonYears (${horizon.input.source?.name ?? 'format default'})` : 'default: horizonYears';
    edits.push(...insertAll(a, doc, node, undefined, [{ key: 'termYears', value: String(horizon.value), comment }], ['funding', 0]));
  }

  // Section by section, in the schema's order; a missing section is created whole.
  const bySection = new Map<string, typeof wanted>();
  for (const w of wanted) {
    const section = w.path.length === 1 ? '' : w.path[0]!;
    bySection.set(section, [...(bySection.get(section) ?? []), w]);
  }
  const rootMap = doc.contents;
  if (!isMap(rootMap)) return undefined;
  const newSections: NewEntry[] = [];
  for (const [section, list] of bySection) {
    const toEntry = (w: (typeof wanted)[number]): NewEntry => ({ key: w.path[w.path.length - 1]!, value: w.value, ...(w.comment ? { comment: w.comment } : {}) });
    if (section === '') {
      newSections.push(...list.map(toEntry));
      continue;
    }
    const existing = entries(doc, rootMap).find((e) => e.key === section);
    if (!existing) {
      const order = propertyOrder([section]);
      newSections.push({ key: section, children: list.map(toEntry).sort((x, y) => order.indexOf(x.key) - order.indexOf(y.key)) });
      continue;
    }
    if (isMap(existing.value)) edits.push(...insertAll(a, doc, existing.value, undefined, list.map(toEntry), [section]));
    else if (existing.value === null || (isScalar(existing.value) && existing.value.value === null)) edits.push(...insertAll(a, doc, null, existing.keyNode, list.map(toEntry), [section]));
  }
  edits.push(...insertAll(a, doc, rootMap, undefined, newSections, []));
  if (!edits.length) return undefined;
  return { title: 'Make every default explicit (write the catalog and default values into the file, with their sources)', kind: 'refactor.rewrite', edits: mergeInserts(edits) };
}

/**
 * Insertions at the same offset become one edit, in the order they were made
 * (a list item's keys before its mapping's next keys), so no editor has to
 * guess the order of equal positions.
 */
function mergeInserts(edits: TextEditSpan[]): TextEditSpan[] {
  const out: TextEditSpan[] = [];
  for (const e of edits) {
    const same = out.find((x) => x.span.start === e.span.start && x.span.end === e.span.end && x.span.start === x.span.end);
    if (same) same.text += e.text;
    else out.push({ span: e.span, text: e.text });
  }
  return out;
}

/** Inserts entries into one mapping, each at its place in the schema's order; entries landing at the same place become one edit. */
function insertAll(a: ScenarioAnalysis, doc: Document, map: Parameters<typeof insertIntoMapping>[2], owner: Node | undefined, list: NewEntry[], path: NodePath): TextEditSpan[] {
  const order = propertyOrder(path);
  const sorted = [...list].sort((x, y) => order.indexOf(x.key) - order.indexOf(y.key));
  const out: TextEditSpan[] = [];
  if (map === null) {
    const e = insertIntoMapping(doc, a.text, null, owner, sorted, order);
    return e ? [e] : [];
  }
  for (const entry of sorted) {
    const e = insertIntoMapping(doc, a.text, map, owner, [entry], order);
    if (!e) continue;
    const prev = out[out.length - 1];
    if (prev && prev.span.start === e.span.start && prev.span.end === e.span.end) prev.text += e.text;
    else out.push(e);
  }
  return out;
}
