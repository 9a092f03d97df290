/**
 * Completion: keys from the schema (with their documentation), enum values,
 * catalog ids (price and power in the detail), country codes (with the power
 * price), units after a number, and snippets for a new scenario and a new
 * accelerator or funding line.
 *
 * The line being typed is usually not valid YAML yet (`  gri`, `- `), so the
 * context is read from the lines' indentation, as YAML itself nests them; the
 * schema then says what may go there.
 */
import { scenarioTemplateSnippet } from '../../../common/scenarioTemplate';
import type { Catalog } from './catalog';
import { fieldPath, QUANTITY_FIELDS } from './fields';
import { deref, schemaAt, type SchemaNode } from './schemaWalk';
import { formatInteger, formatNumber } from './format';
import { LOAN_TYPES, type Span } from './types';

export interface CompletionEntry {
  label: string;
  kind: 'property' | 'value' | 'unit' | 'snippet' | 'reference';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** `insertText` is a snippet with tab stops. */
  snippet?: boolean;
  /** The text the entry replaces: the word typed so far. */
  replace: Span;
  /** What the editor filters on, when it differs from the label. */
  filterText?: string;
  sortText?: string;
  /** Ask for completion again after inserting (a key whose value has choices). */
  retrigger?: boolean;
}

/** One line of the text, split the way YAML reads block structure. */
interface LineShape {
  indent: number;
  /** Column of `- ` when the line starts a list item. */
  dash?: number;
  /** The key, when the line has `key:`. */
  key?: string;
  /** Column of the key (after the dash, if any). */
  keyCol: number;
  /** The line opens a block (`key:` with nothing after it). */
  opens: boolean;
  /** The value written after the key, without quotes or comment. */
  value: string;
}

function shape(line: string): LineShape | undefined {
  if (/^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)\s*$/.test(line)) return undefined;
  const m = /^( *)(-(?: +|$))?(?:(["']?)([^\s#:"'][^#:]*?)\3\s*:(?=\s|$)(.*))?/.exec(line)!;
  const indent = m[1]!.length;
  const out: LineShape = { indent, keyCol: indent + (m[2]?.length ?? 0), opens: false, value: '' };
  if (m[2] !== undefined) out.dash = indent;
  if (m[4] !== undefined) {
    out.key = m[4];
    out.opens = /^\s*(#.*)?$/.test(m[5] ?? '');
    out.value = (m[5] ?? '').replace(/\s+#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

/**
 * The path of the mapping (or list) that a key at column `col` on line
 * `lineIndex` belongs to, read from the lines above it. `itemHere` is the
 * dash column when the line itself starts a list item (`- `).
 */
function contextPath(lines: string[], lineIndex: number, col: number, itemHere: number | undefined): (string | number)[] {
  const path: (string | number)[] = [];
  let want = col;
  // Looking for the key that owns a list: it may sit at the dashes' column.
  let owner = false;
  if (itemHere !== undefined) {
    path.unshift(0);
    want = itemHere;
    owner = true;
  }
  for (let i = lineIndex - 1; i >= 0 && (want > 0 || owner); i--) {
    // Deeper lines cannot be an ancestor: skip them without parsing (long lists stay fast).
    const indent = lines[i]!.length - lines[i]!.trimStart().length;
    if (indent > want || (indent === want && !owner)) continue;
    const s = shape(lines[i]!);
    if (!s) continue;
    if (s.dash !== undefined && !owner) {
      if (s.dash < want && s.keyCol >= want) {
        // A key of the list item that starts on this line.
        path.unshift(0);
        want = s.dash;
        owner = true;
      } else if (s.keyCol < want && s.key !== undefined && s.opens) {
        // Nested under `- key:`, a block inside an item.
        path.unshift(0, s.key);
        want = s.dash;
        owner = true;
      }
      continue;
    }
    if (s.dash !== undefined) continue;
    if (s.key !== undefined && s.opens && (s.keyCol < want || (owner && s.keyCol === want))) {
      path.unshift(s.key);
      want = s.keyCol;
      owner = false;
    }
  }
  return path;
}

/** Keys already written in the block that a key at column `col` on line `lineIndex` joins. */
function siblingKeys(lines: string[], lineIndex: number, col: number, newItem: boolean): Map<string, string> {
  const keys = new Map<string, string>();
  // A line that starts a new item has no siblings above it.
  const deeper = (line: string) => line.length - line.trimStart().length > col;
  for (let i = newItem ? -1 : lineIndex - 1; i >= 0; i--) {
    if (deeper(lines[i]!)) continue;
    const s = shape(lines[i]!);
    if (!s) continue;
    if (s.keyCol < col) break;
    if (s.keyCol === col && s.key) keys.set(s.key, s.value);
    if (s.dash !== undefined && s.dash < col) break;
  }
  for (let i = lineIndex + 1; i < lines.length; i++) {
    if (deeper(lines[i]!)) continue;
    const s = shape(lines[i]!);
    if (!s) continue;
    if (s.keyCol < col || (s.dash !== undefined && s.dash < col)) break;
    if (s.keyCol === col && s.key) keys.set(s.key, s.value);
  }
  return keys;
}

/** The completions at `offset` in `text`. */
export function completions(text: string, offset: number, catalog: Catalog): CompletionEntry[] {
  const lineStartOffset = text.lastIndexOf('\n', offset - 1) + 1;
  const lines = text.slice(0, lineStartOffset).split('\n');
  lines.pop();
  const lineIndex = lines.length;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStartOffset, offset).replace(/^\uFEFF/, '');
  const bom = text.slice(lineStartOffset, offset).length - before.length;
  const after = text.slice(offset, lineEnd).replace(/\r$/, '');
  const allLines = text.split(/\r?\n/);

  // A value: `key: va|`
  const kv = /^( *)(-(?: +))?(["']?)([^\s#:"'][^#:]*?)\3\s*:\s+(.*)$/.exec(before);
  if (kv) {
    const col = kv[1]!.length + (kv[2]?.length ?? 0);
    const itemHere = kv[2] !== undefined ? kv[1]!.length : undefined;
    const path = [...contextPath(allLines, lineIndex, col, itemHere), kv[4]!];
    const typed = kv[5]!;
    const wordAfter = /^[^\s#]*/.exec(after)![0];
    const replace = { start: offset - typed.length, end: offset + wordAfter.length };
    return valueCompletions(path, typed, replace, catalog);
  }

  // A key: `  gri|`, `  - |`, or an empty line.
  const k = /^( *)(-(?: +|$))?([A-Za-z_]*)$/.exec(before);
  if (!k) return [];
  const itemHere = k[2] !== undefined ? k[1]!.length : undefined;
  const col = k[1]!.length + (k[2]?.length ?? 0) + bom;
  const word = k[3]!;
  const wordAfter = /^[A-Za-z_]*/.exec(after)![0];
  const replace = { start: offset - word.length, end: offset + wordAfter.length };
  const path = contextPath(allLines, lineIndex, col, itemHere);
  const node = schemaAt(path);
  const out: CompletionEntry[] = [];
  if (path.length === 0 && !/^\s*(apiVersion|kind)\s*:/m.test(text)) {
    out.push({
      label: 'New gigafactory scenario', kind: 'snippet', detail: 'A complete scenario that passes every check',
      documentation: 'Writes a whole scenario: site, 100,000 accelerators, power, timeline and funding that covers the capex. Change what you know; the checks tell you what no longer fits.',
      insertText: scenarioTemplateSnippet(), snippet: true, replace, sortText: '0',
    });
  }
  if (node?.type === 'array' || (node && !node.properties && deref(node.items))) {
    // A list: a new item.
    out.push(...itemSnippets(path, col, itemHere === undefined, replace));
    return out;
  }
  if (!node?.properties) return out;
  if (itemHere !== undefined) out.push(...itemSnippets(path.slice(0, -1), col, false, replace));
  const present = siblingKeys(allLines, lineIndex, col, itemHere !== undefined);
  const required = new Set(node.required ?? []);
  const type = present.get('type');
  const notLoan = fieldPath(path) === 'funding.*' && type !== undefined && type !== '' && !(LOAN_TYPES as readonly string[]).includes(type);
  Object.entries(node.properties).forEach(([key, raw], i) => {
    if (present.has(key) && key !== word) return;
    // Loan-only keys are not offered on a line that is not a loan.
    if (notLoan && (key === 'rate' || key === 'termYears')) return;
    const p = deref(raw)!;
    out.push(keyEntry(key, p, col, required.has(key), i, replace));
  });
  return out;
}

function keyEntry(key: string, p: SchemaNode, col: number, required: boolean, i: number, replace: Span): CompletionEntry {
  const pad = (n: number) => ' '.repeat(n);
  const isObject = p.type === 'object' || !!p.properties;
  const isList = p.type === 'array' && !!deref(p.items)?.properties;
  let insertText = `${key}: `;
  let snippet = false;
  if (isObject) { insertText = `${key}:\n${pad(col + 2)}$0`; snippet = true; }
  else if (isList) { insertText = `${key}:\n${pad(col + 2)}- $0`; snippet = true; }
  const entry: CompletionEntry = {
    label: key, kind: 'property', insertText, replace,
    detail: `${p.title ?? key}${required ? ' (required)' : ''}`,
    sortText: `${required ? 1 : 2}${String(i).padStart(2, '0')}`,
  };
  const doc = p.markdownDescription ?? p.description;
  if (doc) entry.documentation = doc;
  if (snippet) entry.snippet = true;
  if (!isObject && !isList && (p.enum || key === 'model' || QUANTITY_FIELDS_BY_KEY.has(key))) entry.retrigger = true;
  return entry;
}

const QUANTITY_FIELDS_BY_KEY = new Set(Object.keys(QUANTITY_FIELDS).map((k) => k.split('.').pop()!));

/** Snippets for a new list item of the list at `path`. */
function itemSnippets(path: (string | number)[], col: number, withDash: boolean, replace: Span): CompletionEntry[] {
  const dash = withDash ? '- ' : '';
  const inner = ' '.repeat(col + 2 - (withDash ? 0 : 2));
  const key = fieldPath(path);
  const make = (label: string, detail: string, lines: string[], documentation: string): CompletionEntry => ({
    label, kind: 'snippet', detail, documentation, snippet: true, replace, sortText: '0',
    insertText: dash + lines.join(`\n${inner}`),
  });
  if (key === 'funding') {
    return [
      make('New funding line', 'name, type and amount', ['name: ${1:InvestAI gigafactory fund}', 'type: ${2|eu-grant,member-state,private-equity,other|}', 'amount: ${3:1B EUR}$0'],
        'A funding line that is not a loan: who provides the money, what kind it is, and how much.'),
      make('New loan line', 'name, type, amount, rate and term', ['name: ${1:European Investment Bank}', 'type: ${2|eib-loan,private-debt|}', 'amount: ${3:1B EUR}', 'rate: ${4:3.5%}', 'termYears: ${5:12}$0'],
        'A loan: it needs a yearly `rate`; `termYears` defaults to `horizonYears`.'),
    ];
  }
  if (key === 'hardware.accelerators') {
    return [make('New accelerator line', 'model and count', ['model: ${1|nvidia-b200,nvidia-gb200,nvidia-h200,nvidia-h100-sxm,amd-mi355x,amd-mi300x,custom|}', 'count: ${2:100000}$0'],
      'A line of identical accelerators: a catalog id and how many. The catalog supplies price and power.')];
  }
  return [];
}

const UNITS: Record<string, { unit: string; detail: string }[]> = {
  power: [{ unit: 'W', detail: 'watts' }, { unit: 'kW', detail: 'kilowatts' }, { unit: 'MW', detail: 'megawatts' }, { unit: 'GW', detail: 'gigawatts' }],
  money: [{ unit: 'EUR', detail: 'euros' }, { unit: 'USD', detail: 'US dollars' }],
  energyPrice: [{ unit: 'EUR/MWh', detail: 'euros per MWh' }, { unit: 'USD/MWh', detail: 'US dollars per MWh' }, { unit: 'EUR/kWh', detail: 'euros per kWh' }, { unit: 'USD/kWh', detail: 'US dollars per kWh' }],
  carbonIntensity: [{ unit: 'g/kWh', detail: 'grams of CO2 per kWh' }],
  percent: [{ unit: '%', detail: 'percent' }],
};

function valueCompletions(path: (string | number)[], typed: string, replace: Span, catalog: Catalog): CompletionEntry[] {
  const field = QUANTITY_FIELDS[fieldPath(path)];
  const number = /^([0-9][0-9.]*)( ?)(k|K|M|B|bn)?( ?)$/.exec(typed);
  if (field && number) {
    const units = UNITS[field.kind] ?? [];
    const first = field.kind === 'power' ? (field.defaultPowerUnit ?? 'MW') : undefined;
    return units.map((u, i): CompletionEntry => {
      const sep = u.unit === '%' ? '' : ' ';
      const base = typed.replace(/ +$/, '');
      const insertText = `${base}${sep}${u.unit}`;
      return {
        label: u.unit, kind: 'unit', detail: `${u.detail}${u.unit === first ? ' (the unit of a bare number)' : ''}`, insertText, replace,
        filterText: insertText, sortText: u.unit === first ? '0' : `1${i}`,
      };
    });
  }
  if (path[path.length - 1] === 'model' && fieldPath(path) === 'hardware.accelerators.*.model') return modelCompletions(catalog, replace);
  if (fieldPath(path) === 'site.country') return countryCompletions(catalog, replace);
  const node = schemaAt(path);
  const values = node?.enum ?? (node?.const !== undefined ? [node.const] : []);
  return values.map((v, i): CompletionEntry => {
    const e: CompletionEntry = { label: String(v), kind: 'value', insertText: String(v), replace, sortText: String(i).padStart(2, '0') };
    if (node?.default === v) e.detail = 'default';
    const doc = enumDoc(fieldPath(path), String(v));
    if (doc) e.documentation = doc;
    return e;
  });
}

/** One line of the schema's description of an enum value, where it has one (`- \`eu-grant\`: ...`). */
function enumDoc(path: string, value: string): string | undefined {
  const p = schemaAt(path.split('.').map((s) => (s === '*' ? 0 : s)));
  const md = p?.markdownDescription ?? '';
  const line = md.split('\n').find((l) => l.startsWith(`- \`${value}\``));
  return line?.replace(/^- /, '');
}

function modelCompletions(catalog: Catalog, replace: Span): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  let i = 0;
  for (const e of catalog.accelerators.values()) {
    const price = `${e.unitPrice.currency} ${formatInteger(e.unitPrice.amount)}${e.uncertain ? ' (estimate)' : ''}`;
    const origin = e.origin.file === 'built-in' ? '' : `\n\nFrom the workspace catalog \`${e.origin.file}\`.`;
    out.push({
      label: e.id, kind: 'reference', insertText: e.id, replace, sortText: String(i++).padStart(3, '0'),
      detail: `${price} · ${formatInteger(e.power)} W`,
      documentation: `**${[e.vendor, e.name].filter(Boolean).join(' ') || e.id}**: ${price} per accelerator, ${formatInteger(e.power)} W chip power` +
        `${e.memoryGB ? `, ${e.memoryGB} GB` : ''}.\n\nSource: ${e.source.name}, ${e.source.date}.${e.note ? ` ${e.note}` : ''}${origin}`,
    });
  }
  out.push({ label: 'custom', kind: 'value', insertText: 'custom', replace, sortText: '999', detail: 'not in the catalog: give unitPrice and power', documentation: 'An accelerator the catalog does not list; `unitPrice` and `power` are then required.' });
  return out;
}

function countryCompletions(catalog: Catalog, replace: Span): CompletionEntry[] {
  const codes = (schemaAt(['site', 'country'])?.enum ?? []).map(String);
  const avg = catalog.defaults.euAveragePrice.value;
  return codes.map((code, i): CompletionEntry => {
    const row = catalog.countries.get(code);
    const price = row?.price ? `${formatNumber(row.price.perMWh, 2)} ${row.price.currency}/MWh${row.price.euAverage ? ' (EU average)' : ''}` : `${formatNumber(avg.perMWh, 2)} ${avg.currency}/MWh (EU average)`;
    const e: CompletionEntry = {
      label: code, kind: 'value', insertText: code, replace, sortText: String(i).padStart(2, '0'),
      detail: `${row?.name ? `${row.name} · ` : ''}power ${price}`,
    };
    const parts = [`Electricity **${price}**${row?.price?.band ? `, band ${row.price.band}` : ''}${row?.price ? ` (${row.price.source.name}, ${row.price.source.date})` : ''}.`];
    if (row?.carbon) parts.push(`Grid intensity ${formatNumber(row.carbon.gPerKWh)} g CO2/kWh.`);
    if (row?.buildCostPerMW) parts.push(`Build cost ${row.buildCostPerMW.currency} ${formatInteger(row.buildCostPerMW.amount)} per MW of IT load.`);
    e.documentation = parts.join(' ');
    return e;
  });
}
