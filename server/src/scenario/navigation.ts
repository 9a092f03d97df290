/**
 * Navigation on catalog ids: which id (or country code) sits under the
 * cursor, where every scenario uses an id, and the read-only YAML view of the
 * built-in catalog that "go to definition" opens. Built-in entries live in
 * JSON bundled into the server, which no editor can open from inside a .vsix;
 * the view renders them as a YAML document (in the workspace catalog format,
 * so an entry can be copied into a workspace catalog and edited there).
 */
import type { Document } from 'yaml';
import { BUILT_IN, type Catalog } from './catalog';
import { fieldPath } from './fields';
import { locate } from './locate';
import type { Span } from './types';
import { entries, items, nodeSpan } from './yamlDocument';

/** URI scheme of the read-only catalog views. */
export const CATALOG_SCHEME = 'gigafactory-catalog';
/** The built-in accelerators, one entry per id. */
export const ACCELERATORS_URI = `${CATALOG_SCHEME}:/accelerators.yaml`;
/** The built-in country table. */
export const COUNTRIES_URI = `${CATALOG_SCHEME}:/countries.yaml`;

export interface CatalogRef {
  kind: 'accelerator' | 'country';
  id: string;
  span: Span;
}

/** The catalog id (an accelerator `model`) or country code under the cursor. */
export function catalogRefAt(doc: Document, offset: number): CatalogRef | undefined {
  const loc = locate(doc, offset);
  if (!loc || loc.on !== 'value') return undefined;
  const path = fieldPath(loc.path);
  const node = doc.getIn(loc.path, true) as { value?: unknown } | undefined;
  const value = node && typeof node.value === 'string' ? node.value : undefined;
  if (!value) return undefined;
  if (path === 'hardware.accelerators.*.model' && value !== 'custom') return { kind: 'accelerator', id: value, span: loc.span };
  if (path === 'site.country') return { kind: 'country', id: value, span: loc.span };
  return undefined;
}

/** Spans of every accelerator line's `model` value equal to `id`. */
export function modelReferences(doc: Document, id: string): Span[] {
  const hardware = entries(doc, doc.contents).find((e) => e.key === 'hardware');
  const list = entries(doc, hardware?.value).find((e) => e.key === 'accelerators');
  const out: Span[] = [];
  for (const item of items(doc, list?.value)) {
    const model = entries(doc, item).find((e) => e.key === 'model');
    const v = model?.value as { value?: unknown } | null | undefined;
    const span = nodeSpan(model?.value);
    if (span && v?.value === id) out.push(span);
  }
  return out;
}

/** A rendered catalog view and where each entry sits in it. */
export interface CatalogView {
  uri: string;
  text: string;
  /** Span of each entry (its first line), by id or country code. */
  spans: Map<string, Span>;
}

const yamlString = (s: string) => (/^[\w .,()/+-]*$/.test(s) && !/^[-\d.]/.test(s) && !/: /.test(s) && s.trim() === s ? s : JSON.stringify(s));

/** The built-in accelerators as a YAML document in the workspace catalog format. */
export function acceleratorsView(catalog: Catalog): CatalogView {
  const spans = new Map<string, Span>();
  let text = '# Built-in accelerator catalog of Gigafactory Scenarios (read-only).\n'
    + '# Prices are per accelerator; power is the chip\'s own draw (hardware.hostOverhead adds the host).\n'
    + '# To use other figures, copy an entry into a workspace catalog file (setting gigafactory.catalogFiles).\n'
    + 'kind: Catalog\napiVersion: gigafactory/v1\naccelerators:\n';
  for (const e of catalog.accelerators.values()) {
    if (e.origin.file !== BUILT_IN) continue;
    const start = text.length + 4;
    text += `  - id: ${e.id}\n`;
    spans.set(e.id, { start, end: start + 4 + e.id.length });
    if (e.vendor) text += `    vendor: ${yamlString(e.vendor)}\n`;
    if (e.name) text += `    name: ${yamlString(e.name)}\n`;
    text += `    unitPrice: ${e.unitPrice.amount} ${e.unitPrice.currency}\n`;
    if (e.priceRange) text += `    priceRange: { low: ${e.priceRange.low}, high: ${e.priceRange.high} }\n`;
    text += `    power: ${e.power} W\n`;
    if (e.memoryGB) text += `    memoryGB: ${e.memoryGB}\n`;
    text += `    source: ${yamlString(e.source.name)}\n    date: "${e.source.date}"\n`;
    if (e.uncertain) text += '    uncertain: true\n';
    if (e.note) text += `    note: ${JSON.stringify(e.note)}\n`;
  }
  return { uri: ACCELERATORS_URI, text, spans };
}

/** The built-in country table as a YAML document in the workspace catalog format. */
export function countriesView(catalog: Catalog): CatalogView {
  const spans = new Map<string, Span>();
  let text = '# Built-in country table of Gigafactory Scenarios (read-only): electricity price, grid carbon intensity and build cost.\n'
    + 'kind: Catalog\napiVersion: gigafactory/v1\ncountries:\n';
  for (const c of catalog.countries.values()) {
    if (c.origin.file !== BUILT_IN) continue;
    const start = text.length + 4;
    text += `  - code: ${c.code}\n`;
    spans.set(c.code, { start, end: start + 6 + c.code.length });
    if (c.name) text += `    name: ${yamlString(c.name)}\n`;
    if (c.price) text += `    price: ${c.price.perMWh} ${c.price.currency}/MWh${c.price.euAverage ? '  # EU average: no country figure' : ''}\n`;
    if (c.price?.band) text += `    priceBand: ${yamlString(c.price.band)}\n`;
    if (c.carbon) text += `    carbon: ${c.carbon.gPerKWh} g/kWh\n`;
    if (c.buildCostPerMW) text += `    buildCostPerMW: ${c.buildCostPerMW.amount} ${c.buildCostPerMW.currency}\n`;
    const src = c.price?.source ?? c.carbon?.source;
    if (src) text += `    source: ${yamlString(src.name)}\n    date: "${src.date}"\n`;
  }
  return { uri: COUNTRIES_URI, text, spans };
}

/** The view with `uri`, if it is one of the catalog views. */
export function catalogView(catalog: Catalog, uri: string): CatalogView | undefined {
  if (uri === ACCELERATORS_URI) return acceleratorsView(catalog);
  if (uri === COUNTRIES_URI) return countriesView(catalog);
  return undefined;
}

/** Where a catalog reference is defined: a view of the built-in catalog, or a workspace catalog file. */
export type Definition = { view: CatalogView; span: Span } | { file: string; span: Span };

export function definitionOf(catalog: Catalog, ref: CatalogRef): Definition | undefined {
  if (ref.kind === 'accelerator') {
    const e = catalog.accelerators.get(ref.id);
    if (!e) return undefined;
    if (e.origin.file !== BUILT_IN) return e.origin.span ? { file: e.origin.file, span: e.origin.span } : { file: e.origin.file, span: { start: 0, end: 0 } };
    const view = acceleratorsView(catalog);
    const span = view.spans.get(ref.id);
    return span ? { view, span } : undefined;
  }
  const c = catalog.countries.get(ref.id);
  if (!c) return undefined;
  if (c.origin.file !== BUILT_IN) return { file: c.origin.file, span: c.origin.span ?? { start: 0, end: 0 } };
  const view = countriesView(catalog);
  const span = view.spans.get(ref.id);
  return span ? { view, span } : undefined;
}
