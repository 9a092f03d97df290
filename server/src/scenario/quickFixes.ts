/**
 * Quick fixes for the problems whose repair the layer that found them could
 * not compute on its own: a wrong unit, a missing required key or section, a
 * loan-only key on a line that is not a loan, a loan without `rate`, an
 * invalid scenario id. The checks and the quantity parser attach their own
 * repairs; {@link repairsFor} returns those first, then the ones made here.
 *
 * Every repair edits only the affected text: a value, one inserted line or
 * block, or one removed line. Comments, key order, quoting and indentation
 * elsewhere stay as they were.
 */
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { ScenarioAnalysis } from './analysis';
import { amountText, tidyAmount } from './checks';
import { fieldPath, QUANTITY_FIELDS } from './fields';
import { requote } from './model';
import { exampleValue, type QuantityField } from './quantity';
import { schemaInfo } from './schemaInfo';
import { propertyOrder } from './schemaWalk';
import { LOAN_TYPES, type Problem, type Repair, type Span } from './types';
import { nodeSpan } from './yamlDocument';
import {
  indentUnit, insertBelowKey, insertIntoMapping, lineContentEnd, lineStart, nodeAtSpan, renderItems, pairAtKeySpan, removePair, walk, type NewEntry, type NodePath,
} from './textEdits';

/** The repairs of a problem: its own, then the ones computed here; duplicates dropped. */
export function repairsFor(a: ScenarioAnalysis, p: Problem): Repair[] {
  const own = p.repairs ?? [];
  const extra = a.document ? computeRepairs(a, a.document, p) : [];
  const seen = new Set<string>();
  const out: Repair[] = [];
  // A rename that also supplies the missing key comes before inserting a second one.
  for (const r of [...extra.filter((x) => x.preferred && p.code === 'schema-required'), ...own, ...extra]) {
    const key = JSON.stringify(r.edits);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  if (out.filter((r) => r.preferred).length > 1) {
    let first = true;
    return out.map((r) => {
      if (!r.preferred) return r;
      if (first) { first = false; return r; }
      return { title: r.title, edits: r.edits };
    });
  }
  return out;
}

function computeRepairs(a: ScenarioAnalysis, doc: Document, p: Problem): Repair[] {
  switch (p.code) {
    case 'quantity': return p.repairs?.length ? [] : wrongUnit(a, doc, p);
    case 'schema-required': return missingKey(a, doc, p);
    case 'schema-loan-rate': return loanRate(a, doc, p);
    case 'schema-loan-only': return loanOnly(a, doc, p);
    case 'schema-type': return emptySection(a, doc, p);
    case 'schema-min-items': return emptyList(a, doc, p);
    case 'schema-pattern': return scenarioId(doc, p);
    case 'yaml-duplicate-key': return duplicateKey(a, doc, p);
    case 'yaml-tab-as-indent': return tabIndent(a, doc, p);
    default: return [];
  }
}

/**
 * A unit that does not belong to the field: keep the number with the field's
 * own unit (`190 EUR` as a price → `190 EUR/MWh`), and offer the field's
 * example, since no conversion between the kinds exists.
 */
function wrongUnit(a: ScenarioAnalysis, doc: Document, p: Problem): Repair[] {
  if (!p.data?.wrongUnit) return [];
  const at = nodeAtSpan(doc, p.span, isScalar);
  if (!at || !isScalar(at.node)) return [];
  const field = QUANTITY_FIELDS[fieldPath(at.path)];
  if (!field) return [];
  const repairs: Repair[] = [];
  const raw = String(at.node.value);
  const converted = convertUnit(raw, field);
  if (converted) {
    const same = parseFloat(converted) === parseFloat(raw);
    repairs.push({ title: same ? `Write ${converted}` : `Convert to ${converted}`, edits: [{ span: p.span, text: requote(at.node, converted) }], preferred: true });
    return repairs;
  }
  const kept = keepNumber(raw, field, a.figures?.currency ?? 'EUR');
  if (kept) repairs.push({ title: `Write ${kept} (${field.name} is ${kindWord(field)})`, edits: [{ span: p.span, text: requote(at.node, kept) }], preferred: true });
  const example = exampleFor(at.path, field);
  if (example !== kept) repairs.push({ title: `Replace with the example ${example}`, edits: [{ span: p.span, text: requote(at.node, example) }], preferred: !kept });
  return repairs;
}

function kindWord(field: QuantityField): string {
  switch (field.kind) {
    case 'money': return 'an amount of money';
    case 'power': return `a power, in ${field.defaultPowerUnit ?? 'MW'} when bare`;
    case 'energyPrice': return 'a price per MWh';
    case 'carbonIntensity': return 'a carbon intensity';
    case 'percent': return 'a percentage';
    case 'count': return 'a count';
  }
}

const POWER_UNITS: Record<string, string> = { w: 'W', kw: 'kW', mw: 'MW', gw: 'GW' };
const CURRENCY_WORDS: Record<string, string> = { eur: 'EUR', euro: 'EUR', euros: 'EUR', usd: 'USD', dollar: 'USD', dollars: 'USD', 'us$': 'USD' };
/** Carbon intensity units the parser does not take, with their factor to g/kWh. */
const CARBON_FACTORS: Record<string, number> = { 'kg/kwh': 1000, 'kgco2/kwh': 1000, 't/mwh': 1000, 'tco2/mwh': 1000, 'g/mwh': 0.001, 'kg/mwh': 1, 'kgco2/mwh': 1 };

/**
 * A unit the parser does not take but that means something it does: a power
 * unit in the wrong case (`1 kw`), a currency as a word (`1.2B euro`), carbon
 * in kg/kWh or t/MWh, an electricity price in cents per kWh (`21.9 ct/kWh`).
 */
function convertUnit(raw: string, field: QuantityField): string | undefined {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(bn|k|K|M|B)?\s*([^\s0-9].*?)\s*$/u.exec(raw);
  if (!m) return undefined;
  const n = Number(m[1]);
  const scale = m[2] ?? '';
  const unit = m[3]!.replace(/\s+/g, '').toLowerCase();
  const fmt = (x: number) => String(Number(x.toPrecision(12)));
  switch (field.kind) {
    case 'power': {
      // `kw` lexes as the scale k and `w`: read the two together first.
      const whole = POWER_UNITS[(scale + m[3]!).replace(/\s+/g, '').toLowerCase()];
      if (whole && scale) return `${m[1]} ${whole}`;
      const u = POWER_UNITS[unit];
      return u ? `${m[1]}${scale} ${u}` : undefined;
    }
    case 'money': {
      const c = CURRENCY_WORDS[unit];
      return c ? `${m[1]}${scale} ${c}` : undefined;
    }
    case 'carbonIntensity': {
      const f = CARBON_FACTORS[unit];
      return f !== undefined && !scale ? `${fmt(n * f)} g/kWh` : undefined;
    }
    case 'energyPrice': {
      if (scale) return undefined;
      if (/^(ct|c|cent|cents|eurocent|€ct)\/kwh$/.test(unit)) return `${fmt(n * 10)} EUR/MWh`;
      const cur = /^(eur|euro|usd)\/(mwh|kwh)$/.exec(unit);
      if (cur) return `${m[1]} ${CURRENCY_WORDS[cur[1]!]}/${cur[2] === 'mwh' ? 'MWh' : 'kWh'}`;
      return undefined;
    }
    default: return undefined;
  }
}

/** The number as written with the field's default unit, when the number has no scale of its own. */
function keepNumber(raw: string, field: QuantityField, reporting: string): string | undefined {
  const m = /^\s*(€|\$|EUR|USD)?\s*([0-9]+(?:\.[0-9]+)?)\s*(€|\$|EUR|USD|W|kW|MW|GW|%|[a-zA-Z/ ]+)?\s*$/u.exec(raw);
  if (!m) return undefined;
  const n = m[2]!;
  const cur = ({ '€': 'EUR', $: 'USD', EUR: 'EUR', USD: 'USD' } as Record<string, string>)[m[1] ?? m[3] ?? ''];
  switch (field.kind) {
    case 'power': return `${n} ${field.defaultPowerUnit ?? 'MW'}`;
    case 'money': return `${n} ${cur ?? reporting}`;
    case 'energyPrice': return `${n} ${cur ?? reporting}/MWh`;
    case 'carbonIntensity': return `${n} g/kWh`;
    default: return undefined;
  }
}

/** The first written example of the field in the schema, else the quantity kind's example. */
function exampleFor(path: NodePath, field: QuantityField): string {
  const ex = schemaInfo(path)?.examples?.find((e) => typeof e === 'string');
  return typeof ex === 'string' ? ex : exampleValue(field);
}

/** The key a "missing" problem names. */
function missingName(p: Problem): string | undefined {
  return p.data?.missingKey;
}

/** The mapping a "missing" problem is about (its scope), with its path. */
function mappingOf(doc: Document, p: Problem): { map: YAMLMap; path: NodePath } | undefined {
  if (!p.scope) return undefined;
  const at = nodeAtSpan(doc, p.scope, isMap);
  return at && isMap(at.node) ? { map: at.node, path: at.path } : undefined;
}

function missingKey(a: ScenarioAnalysis, doc: Document, p: Problem): Repair[] {
  const key = missingName(p);
  const target = mappingOf(doc, p);
  if (!key || !target) return [];
  const repairs: Repair[] = [];
  // An unknown key in the same mapping that is a typo of the missing one: renaming it repairs both.
  for (const other of a.problems) {
    if (other.code !== 'schema-unknown-key' || !other.repairs?.length) continue;
    if (other.span.start < p.scope!.start || other.span.end > p.scope!.end) continue;
    const rename = other.repairs.find((r) => r.edits.length === 1 && r.edits[0]!.text === key);
    const pair = pairAtKeySpan(doc, other.span);
    if (rename && pair && pair.parent === target.map) repairs.push({ title: rename.title, edits: rename.edits, preferred: true });
  }
  const entry = newEntry(a, [...target.path, key]);
  const edit = insertIntoMapping(doc, a.text, target.map, undefined, [entry], propertyOrder(target.path));
  if (edit) repairs.push({ title: insertTitle(entry), edits: [edit], preferred: repairs.length === 0 });
  return repairs;
}

function insertTitle(e: NewEntry): string {
  if (e.children || e.items) return `Add \`${e.key}\` with its defaults`;
  if (e.value === '') return `Add \`${e.key}: \` to fill in`;
  return `Add \`${e.key}: ${e.value}\``;
}

/** A loan without `rate`: insert `rate: ` after the line's last key, for the author to fill. */
function loanRate(a: ScenarioAnalysis, doc: Document, p: Problem): Repair[] {
  const target = mappingOf(doc, p);
  if (!target) return [];
  const edit = insertIntoMapping(doc, a.text, target.map, undefined, [{ key: 'rate', value: '' }], []);
  return edit ? [{ title: 'Add `rate: ` to fill in (the loan\'s yearly interest rate)', edits: [edit], preferred: true }] : [];
}

/** A loan-only key on a line that is not a loan: remove its line, or make the line a loan. */
function loanOnly(_a: ScenarioAnalysis, doc: Document, p: Problem): Repair[] {
  const pair = pairAtKeySpan(doc, p.span);
  if (!pair?.parent) return [];
  const key = String(pair.path[pair.path.length - 1]);
  const repairs: Repair[] = [];
  const remove = removePair(_a.text, pair.parent, key);
  if (remove) repairs.push({ title: `Remove \`${key}\` (loans only)`, edits: [remove], preferred: true });
  const typeNode = pair.parent.items.find((x) => isScalar(x.key) && x.key.value === 'type')?.value as Node | null | undefined;
  const typeSpan = (typeNode as { range?: [number, number, number] } | null | undefined)?.range;
  if (isScalar(typeNode) && typeSpan) {
    for (const t of LOAN_TYPES) {
      repairs.push({ title: `Change the type to ${t}`, edits: [{ span: { start: typeSpan[0], end: typeSpan[1] }, text: requote(typeNode, t) }] });
    }
  }
  return repairs;
}

/** A section written with nothing under it (`power:`): fill in its required keys. */
function emptySection(a: ScenarioAnalysis, doc: Document, p: Problem): Repair[] {
  // The problem sits on the empty value (a zero-width null) or, without one, on the key.
  const pair = walk(doc).find((e) => e.keyNode && (sameSpan(nodeSpan(e.node), p.span) || sameSpan(nodeSpan(e.keyNode), p.span)));
  if (!pair || !pair.keyNode || !(pair.node === null || (isScalar(pair.node) && pair.node.value === null))) return [];
  const entry = newEntry(a, pair.path);
  const items = entry.items;
  if (items) {
    const edit = insertBelowKey(doc, a.text, pair.keyNode, (indent, _unit, eol) => renderItems(items, indent, _unit, eol));
    return edit ? [{ title: `Add a first item to \`${entry.key}\``, edits: [edit], preferred: true }] : [];
  }
  const children = entry.children;
  if (!children?.length) return [];
  const edit = insertIntoMapping(doc, a.text, null, pair.keyNode, children, []);
  return edit ? [{ title: `Add the required keys of \`${entry.key}\``, edits: [edit], preferred: true }] : [];
}

/** An empty list (`funding: []`): a first item in its place, as a block list. */
function emptyList(a: ScenarioAnalysis, doc: Document, p: Problem): Repair[] {
  const pair = pairAtKeySpan(doc, p.span);
  const list = pair?.node;
  const span = nodeSpan(list);
  if (!pair?.keyNode || !isSeq(list) || list.items.length > 0 || !span) return [];
  const entry = newEntry(a, pair.path);
  const items = entry.items;
  if (!items) return [];
  // From just after the colon to the end of `[]`: the items go on the lines below the key.
  const keyEnd = nodeSpan(pair.keyNode)!.end;
  const below = insertBelowKey(doc, a.text, pair.keyNode, (indent, unit, eol) => renderItems(items, indent, unit, eol));
  if (!below) return [];
  const colon = a.text.indexOf(':', keyEnd);
  const edits = below.span.start === span.end
    ? [{ span: { start: colon + 1, end: span.end }, text: below.text }]
    : [{ span: { start: colon + 1, end: span.end }, text: '' }, { span: below.span, text: below.text }];
  return [{ title: `Add a first item to \`${entry.key}\``, edits, preferred: true }];
}

/** The second of two equal keys: remove it, keeping the one YAML reads. */
function duplicateKey(a: ScenarioAnalysis, doc: Document, p: Problem): Repair[] {
  const pair = pairAtKeySpan(doc, p.span);
  if (!pair?.parent || !pair.keyNode) return [];
  const first = pair.parent.items.find((x) => isScalar(x.key) && String(x.key.value) === String(pair.path[pair.path.length - 1]));
  if (!first || first.key === pair.keyNode) return [];
  const edit = removePair(a.text, pair.parent, pair.keyNode);
  return edit ? [{ title: `Remove the second \`${String(pair.path[pair.path.length - 1])}\` (YAML reads the first)`, edits: [edit], preferred: true }] : [];
}

/**
 * Tabs in indentation: the spaces of the line above, one step deeper when
 * that line opens a block. The parser cannot place a tab-indented line, so
 * this one fix reads the text around it.
 */
function tabIndent(a: ScenarioAnalysis, doc: Document, p: Problem): Repair[] {
  const text = a.text;
  const start = lineStart(text, p.span.start);
  const m = /^[ \t]*/.exec(text.slice(start))!;
  if (!m[0].includes('\t') || start === 0) return [];
  let prev = lineStart(text, start - 1);
  for (;;) {
    const line = text.slice(prev, lineContentEnd(text, prev));
    if (line.trim() !== '' && !line.trim().startsWith('#')) {
      const indent = /^ */.exec(line)![0].length;
      const opens = /:\s*(#.*)?$/.test(line);
      const spaces = ' '.repeat(indent + (opens ? indentUnit(doc, text) : 0));
      return [{ title: `Indent with ${spaces.length} spaces`, edits: [{ span: { start, end: start + m[0].length }, text: spaces }], preferred: true }];
    }
    if (prev === 0) return [];
    prev = lineStart(text, prev - 1);
  }
}

function sameSpan(a: Span | undefined, b: Span): boolean {
  return a !== undefined && a.start === b.start && a.end === b.end;
}

/** `Broken Example` → `broken-example`: the scenario id pattern (lowercase letters, digits, hyphens). */
function scenarioId(doc: Document, p: Problem): Repair[] {
  const at = nodeAtSpan(doc, p.span, isScalar);
  if (!at || fieldPath(at.path) !== 'metadata.name' || !isScalar(at.node)) return [];
  const slug = slugify(String(at.node.value));
  if (!slug) return [];
  return [{ title: `Change to ${slug}`, edits: [{ span: p.span, text: requote(at.node, slug) }], preferred: true }];
}

/** Lower case, runs of other characters to one hyphen, no leading or trailing hyphen. */
export function slugify(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * What to insert for a required key that is missing, computed where the
 * scenario allows: the grid capacity the facility needs (rounded up to 5 MW),
 * a funding line covering capex, the minimum count of accelerators. Keys whose
 * value only the author knows (a custom unit price, a loan rate) are left to fill.
 */
export function newEntry(a: ScenarioAnalysis, path: NodePath): NewEntry {
  const key = String(path[path.length - 1]);
  const f = a.figures;
  switch (fieldPath(path)) {
    case 'apiVersion': return { key, value: 'gigafactory/v1' };
    case 'kind': return { key, value: 'Scenario' };
    case 'metadata': return { key, children: [newEntry(a, ['metadata', 'name'])] };
    case 'metadata.name': return { key, value: 'new-scenario' };
    case 'site': return { key, children: [newEntry(a, ['site', 'gridCapacity'])] };
    case 'site.gridCapacity': {
      const need = f?.byId.facilityPower?.value;
      return { key, value: need !== undefined && need > 0 ? `${Math.ceil(Number((need / 5).toFixed(9))) * 5} MW` : '250 MW' };
    }
    case 'hardware': return { key, children: [newEntry(a, ['hardware', 'accelerators'])] };
    case 'hardware.accelerators': {
      const n = f?.params.minAccelerators?.value ?? 100000;
      return { key, items: [[{ key: 'model', value: 'nvidia-b200' }, { key: 'count', value: String(n) }]] };
    }
    case 'power': return { key, children: [newEntry(a, ['power', 'pue'])] };
    case 'power.pue': return { key, value: '1.2' };
    case 'funding': {
      const capex = f?.byId.capex?.value;
      const amount = capex !== undefined && capex > 0 ? amountText(tidyAmount(capex, 'up'), f!.currency) : '';
      return { key, items: [[{ key: 'name', value: 'Private equity' }, { key: 'type', value: 'private-equity' }, { key: 'amount', value: amount }]] };
    }
    default: {
      const ex = schemaInfo(path)?.examples?.[0];
      // Only a constant is safe to write unasked; anything else is the author's to fill in.
      return { key, value: typeof ex === 'string' && /^(apiVersion|kind)$/.test(key) ? ex : '' };
    }
  }
}

/**
 * "Fix all": the preferred repair of every problem, as one set of edits, for
 * `source.fixAll` (on save, if the user asks for it). Repairs whose edits
 * overlap an earlier one are left for another round, and so are repairs that
 * leave a value for the author to fill in (`rate: `): they trade one error for
 * another, which only the author can settle.
 */
export function fixAll(a: ScenarioAnalysis): { edits: Repair['edits']; count: number } {
  const edits: Repair['edits'] = [];
  let count = 0;
  const taken: { start: number; end: number }[] = [];
  const seen = new Set<string>();
  for (const p of a.problems) {
    const r = repairsFor(a, p).find((x) => x.preferred);
    if (!r || r.edits.some((e) => /(^|\n)\s*[\w-]+: (\r?\n|$)/.test(e.text))) continue;
    const key = JSON.stringify(r.edits);
    if (seen.has(key)) continue;
    // Touching spans overlap too: two inserts at one offset would have no defined order.
    if (r.edits.some((e) => taken.some((t) => e.span.start <= t.end && t.start <= e.span.end))) continue;
    seen.add(key);
    count++;
    for (const e of r.edits) {
      edits.push(e);
      taken.push(e.span);
    }
  }
  return { edits, count };
}
