/**
 * Reads the YAML tree into a typed, located {@link ScenarioModel}. Quantity
 * fields are parsed here, with the quantity parser, and their problems
 * reported; other fields are only typed (the schema layer reports on them).
 * A field that is written but not valid is marked invalid, so figures that
 * need it are skipped rather than guessed.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type ParsedNode, type Scalar } from 'yaml';
import { QUANTITY_FIELDS } from './fields';
import { parseQuantity, quickQuantity, type Currency, type Quantity } from './quantity';
import {
  FUNDING_TYPES, type AcceleratorLine, type EnergyPriceValue, type Field, type FundingLine, type FundingType,
  type MoneyValue, type Problem, type ScenarioModel, type Section, type Span,
} from './types';
import { colonEnd, entries, items, nodeSpan, resolveNode, type Entry } from './yamlDocument';

/**
 * The lists read from the previous version, for the incremental analyzer: a
 * list item whose node is the same object at the same index as last time gives
 * the same line and problems without being read again (one pointer comparison
 * per item: long lists are where edits happen). The analyzer keeps the kept
 * lines' spans in step with their nodes' offsets.
 */
export interface LineCache {
  /** The whole list read last time from the sequence `seq`, if remembered. */
  list(seq: Node): ReadList | undefined;
  rememberList(seq: Node, list: ReadList): void;
}

/**
 * A list as read: the item nodes, the lines read from them, and each line's
 * problems (when it had any). A cache sets a node to null when the item
 * changed inside (its node object kept, its contents re-parsed).
 */
export interface ReadList {
  readonly nodes: (Node | null)[];
  readonly lines: readonly (AcceleratorLine | FundingLine)[];
  readonly problems: readonly (Problem[] | undefined)[];
}

export interface ReadResult {
  model: ScenarioModel;
  /** Problems in quantity fields (wrong unit, commas, bad scale, range). */
  problems: Problem[];
}

class Reader {
  readonly problems: Problem[] = [];
  constructor(readonly doc: Document, readonly text?: string) {}

  /** The entries of the mapping under `node`, by key. */
  map(node: Node | null | undefined): Map<string, Entry> {
    const out = new Map<string, Entry>();
    for (const e of entries(this.doc, node)) if (!out.has(e.key)) out.set(e.key, e);
    return out;
  }

  section(e: Entry | undefined): Section | undefined {
    if (!e) return undefined;
    const keySpan = nodeSpan(e.keyNode)!;
    const span = nodeSpan(e.value) ?? keySpan;
    return { keySpan, span, colonEnd: colonEnd(e.keyNode, this.text) ?? keySpan.end };
  }

  private located<T>(e: Entry, value: T): Field<T> {
    const span = valueSpan(e);
    return { value, span, keySpan: nodeSpan(e.keyNode)! };
  }

  private invalid(e: Entry): Field<never> {
    return { invalid: true, span: valueSpan(e), keySpan: nodeSpan(e.keyNode)! };
  }

  /**
   * Parses a quantity field, records its problem if any, and gives the part
   * of the quantity that `kind` takes (see {@link part}): located when the
   * quantity is valid and of that kind, invalid otherwise.
   */
  private quantity<T>(e: Entry | undefined, path: string, kind: PartKind): Field<T> {
    if (!e) return undefined;
    const field = QUANTITY_FIELDS[path]!;
    const raw = scalarValue(e.value);
    // The commonest forms ("36k USD", "700 W", "4%") without the general parser; the same quantity.
    const quick = typeof raw === 'string' ? quickQuantity(raw, field) : undefined;
    const result = quick ? undefined : parseQuantity(raw === undefined ? nodeShape(e.value) : raw, field);
    if (!result || result.ok) {
      const v = part(result ? result.quantity : quick!, kind);
      return v === undefined ? this.invalid(e) : this.located(e, v as T);
    }
    const span = valueSpan(e);
    const message = typeof raw === 'number' ? asWritten(result.error.message, raw, e.value) : result.error.message;
    const problem: Problem = { span, severity: 'error', code: 'quantity', message };
    if (result.error.wrongUnit) problem.data = { wrongUnit: true };
    if (result.error.replacement !== undefined) {
      problem.repairs = [{
        title: result.error.fixTitle ?? `Write ${result.error.replacement}`,
        edits: [{ span, text: requote(e.value, result.error.replacement) }],
        preferred: true,
      }];
    }
    this.problems.push(problem);
    return this.invalid(e);
  }

  money(e: Entry | undefined, path: string): Field<MoneyValue> {
    return this.quantity(e, path, MONEY);
  }

  watts(e: Entry | undefined, path: string): Field<number> {
    return this.quantity(e, path, WATTS);
  }

  fraction(e: Entry | undefined, path: string): Field<number> {
    return this.quantity(e, path, FRACTION);
  }

  count(e: Entry | undefined, path: string): Field<number> {
    return this.quantity(e, path, COUNT);
  }

  energyPrice(e: Entry | undefined, path: string): Field<EnergyPriceValue> {
    return this.quantity(e, path, ENERGY_PRICE);
  }

  carbon(e: Entry | undefined, path: string): Field<number> {
    return this.quantity(e, path, CARBON);
  }

  /**
   * The entries of `keys` in the mapping under `node`, as {@link map} has
   * them (scalar keys; the first pair of each key), into `out` by the key's
   * index; returns the key node of the mapping's first entry (any key). For
   * list items, read once per item on open: no Map, no list of all entries.
   */
  pick(node: Node | null, keys: readonly string[], out: (Entry | undefined)[]): Scalar | undefined {
    out.fill(undefined);
    const m = resolveNode(this.doc, node);
    if (!isMap(m)) return undefined;
    let first: Scalar | undefined;
    const pairs = m.items as unknown[];
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const keyNode = pair.key as Scalar;
      if (first === undefined) first = keyNode;
      const key = String(keyNode.value);
      for (let k = 0; k < keys.length; k++) {
        if (keys[k] !== key) continue;
        if (out[k] === undefined) out[k] = { key, keyNode, value: resolveNode(this.doc, pair.value), pair: pair as Pair };
        break;
      }
    }
    return first;
  }

  /** A number field checked against the schema's bounds (the schema reports violations). */
  number(e: Entry | undefined, ok: (n: number) => boolean): Field<number> {
    if (!e) return undefined;
    const v = scalarValue(e.value);
    return typeof v === 'number' && Number.isFinite(v) && ok(v) ? this.located(e, v) : this.invalid(e);
  }

  integer(e: Entry | undefined, min: number, max = Number.MAX_SAFE_INTEGER): Field<number> {
    return this.number(e, (n) => Number.isInteger(n) && n >= min && n <= max);
  }

  string(e: Entry | undefined): Field<string> {
    if (!e) return undefined;
    const v = scalarValue(e.value);
    return typeof v === 'string' && v.length > 0 ? this.located(e, v) : this.invalid(e);
  }

  oneOf<T extends string>(e: Entry | undefined, values: readonly T[]): Field<T> {
    const s = this.string(e);
    if (s === undefined || 'invalid' in s) return s;
    return (values as readonly string[]).includes(s.value) ? (s as Field<T>) : this.invalid(e!);
  }
}

/** The scalar value of a node, or undefined for collections and nulls. */
/**
 * A message quotes a number as it is written when JavaScript cannot hold it
 * exactly: `1e400`, not `Infinity`; `9007199254740993`, not the nearest double.
 */
function asWritten(message: string, raw: number, node: Node | null): string {
  if (!isScalar(node) || node.type !== 'PLAIN' || typeof node.source !== 'string') return message;
  const written = node.source.trim();
  const shown = String(raw);
  if (written === shown || !message.includes(`found ${shown}`)) return message;
  const note = !Number.isFinite(raw) && /\d/.test(written) ? ', beyond any number' : '';
  return message.replace(`found ${shown}`, `found ${written}${note}`);
}

/** Which part of a quantity a field takes; a quantity of another kind is invalid there. */
const MONEY = 0, WATTS = 1, FRACTION = 2, COUNT = 3, ENERGY_PRICE = 4, CARBON = 5;
type PartKind = typeof MONEY | typeof WATTS | typeof FRACTION | typeof COUNT | typeof ENERGY_PRICE | typeof CARBON;

function part(q: Quantity, kind: PartKind): unknown {
  switch (kind) {
    case MONEY: return q.kind === 'money' ? { amount: q.value, currency: q.currency } : undefined;
    case WATTS: return q.kind === 'power' ? q.watts : undefined;
    case FRACTION: return q.kind === 'percent' ? q.fraction : undefined;
    case COUNT: return q.kind === 'count' ? q.value : undefined;
    case ENERGY_PRICE: return q.kind === 'energyPrice' ? { perMWh: q.perMWh, currency: q.currency } : undefined;
    case CARBON: return q.kind === 'carbonIntensity' ? q.gPerKWh : undefined;
  }
}

function scalarValue(node: Node | null): unknown {
  if (isScalar(node)) return node.value === null ? undefined : node.value;
  return undefined;
}

function nodeShape(node: Node | null): unknown {
  if (isSeq(node)) return [];
  if (isMap(node)) return {};
  return null;
}

function valueSpan(e: Entry): Span {
  return nodeSpan(e.value) ?? nodeSpan(e.keyNode)!;
}

/**
 * Replacement text for a scalar that keeps its quoting style. A count repair
 * ("100,000" → 100000) drops the quotes, since a count is a plain number.
 */
export function requote(node: Node | null, text: string): string {
  const type = isScalar(node) ? node.type : undefined;
  const numeric = /^[0-9]+$/.test(text);
  if (type === 'QUOTE_DOUBLE' && !numeric) return JSON.stringify(text);
  if (type === 'QUOTE_SINGLE' && !numeric) return `'${text.replace(/'/g, "''")}'`;
  return plainOrQuoted(text);
}

/** Plain YAML where the text reads back as the same string, double quotes otherwise. */
export function plainOrQuoted(text: string): string {
  if (/^[%@`&*!|>'"[{\]}#,?:-]/.test(text) || /: | #|[{}[\],]/.test(text) || text !== text.trim()) return JSON.stringify(text);
  return text;
}

/** The keys a list item is read from, in the order of the line's fields. */
const ACCELERATOR_KEYS = ['model', 'count', 'unitPrice', 'power'];
const FUNDING_KEYS = ['name', 'type', 'amount', 'rate', 'termYears'];

/** Horizons, lifetimes and loan terms: 1 to 100 years, as the schema says. */
const MAX_YEARS = 100;
const YEAR_MIN = 2000;
const YEAR_MAX = 2100;

/**
 * Moves every span a list line holds by `delta`: the item's, its first key's,
 * and each field's value and key spans. Each is its own object, made for this
 * line when it was read (nodeSpan), so each moves once. A line's problems
 * (in its list's `problems`) hold spans of their own, some shared with their
 * repairs; this does not move them. test/unit/incremental.test.ts holds this
 * list against a walk over everything a line references.
 */
export function moveLineSpans(line: AcceleratorLine | FundingLine, delta: number): void {
  shift(line.span, delta);
  if (line.firstKeySpan) shift(line.firstKeySpan, delta);
  if ('model' in line) {
    shiftField(line.model, delta);
    shiftField(line.count, delta);
    shiftField(line.unitPrice, delta);
    shiftField(line.power, delta);
  } else {
    shiftField(line.name, delta);
    shiftField(line.type, delta);
    shiftField(line.amount, delta);
    shiftField(line.rate, delta);
    shiftField(line.termYears, delta);
  }
}

function shift(span: Span, delta: number): void {
  span.start += delta;
  span.end += delta;
}

function shiftField(field: Field<unknown>, delta: number): void {
  if (field === undefined) return;
  shift(field.span, delta);
  if (field.keySpan) shift(field.keySpan, delta);
}

/**
 * The lines of one list. With a cache, an item whose node is the same object
 * at the same index as in the list read last time gives that line and its
 * problems; other items are read. The list is remembered for the next version.
 */
function readList<T extends AcceleratorLine | FundingLine>(
  r: Reader, cache: LineCache | undefined, seq: Node | null | undefined, nodes: (Node | null)[], read: (item: Node | null, index: number) => T,
): T[] {
  const out: T[] = new Array(nodes.length);
  if (!cache || !seq) {
    for (let i = 0; i < nodes.length; i++) out[i] = read(nodes[i]!, i);
    return out;
  }
  const prev = cache.list(seq);
  const problems: (Problem[] | undefined)[] = new Array(nodes.length);
  const all = r.problems;
  for (let i = 0; i < nodes.length; i++) {
    const item = nodes[i]!;
    if (prev && item !== null && prev.nodes[i] === item) {
      out[i] = prev.lines[i] as T;
      const ps = prev.problems[i];
      if (ps) { problems[i] = ps; for (const p of ps) all.push(p); }
      continue;
    }
    const before = all.length;
    out[i] = read(item, i);
    if (all.length > before) problems[i] = all.slice(before);
  }
  cache.rememberList(seq, { nodes, lines: out, problems });
  return out;
}

/**
 * Reads the typed model out of a parsed scenario document; `text` is the
 * document's text, where the offsets of `:` indicators are read.
 */
export function readScenario(doc: Document, cache?: LineCache, text?: string): ReadResult {
  const r = new Reader(doc, text);
  const top = r.map(doc.contents as Node | null);
  const meta = r.map(top.get('metadata')?.value);
  const assumptions = r.map(top.get('assumptions')?.value);
  const site = r.map(top.get('site')?.value);
  const hardwareEntry = top.get('hardware');
  const hardware = r.map(hardwareEntry?.value);
  const power = r.map(top.get('power')?.value);
  const ops = r.map(top.get('operations')?.value);
  const timeline = r.map(top.get('timeline')?.value);
  const constraints = r.map(top.get('constraints')?.value);
  const acceleratorsEntry = hardware.get('accelerators');
  const fundingEntry = top.get('funding');

  const f: (Entry | undefined)[] = new Array(FUNDING_KEYS.length);
  const accelerators: AcceleratorLine[] = readList(r, cache, acceleratorsEntry?.value, items(doc, acceleratorsEntry?.value), (item, index) => {
    const first = r.pick(item, ACCELERATOR_KEYS, f);
    return {
      index,
      span: nodeSpan(item) ?? nodeSpan(acceleratorsEntry!.keyNode)!,
      firstKeySpan: first ? nodeSpan(first) : undefined,
      model: r.string(f[0]),
      count: r.count(f[1], 'hardware.accelerators.*.count'),
      unitPrice: r.money(f[2], 'hardware.accelerators.*.unitPrice'),
      power: r.watts(f[3], 'hardware.accelerators.*.power'),
    };
  });

  const funding: FundingLine[] = readList(r, cache, fundingEntry?.value, items(doc, fundingEntry?.value), (item, index) => {
    const first = r.pick(item, FUNDING_KEYS, f);
    return {
      index,
      span: nodeSpan(item) ?? nodeSpan(fundingEntry!.keyNode)!,
      firstKeySpan: first ? nodeSpan(first) : undefined,
      name: r.string(f[0]),
      type: r.oneOf<FundingType>(f[1], FUNDING_TYPES),
      amount: r.money(f[2], 'funding.*.amount'),
      rate: r.fraction(f[3], 'funding.*.rate'),
      termYears: r.integer(f[4], 1, MAX_YEARS),
    };
  });

  const model: ScenarioModel = {
    metadata: { name: r.string(meta.get('name')), title: r.string(meta.get('title')) },
    currency: r.oneOf<Currency>(top.get('currency'), ['EUR', 'USD']),
    horizonYears: r.integer(top.get('horizonYears'), 1, MAX_YEARS),
    assumptions: {
      usdPerEur: r.number(assumptions.get('usdPerEur'), (n) => n > 0),
      utilization: r.fraction(assumptions.get('utilization'), 'assumptions.utilization'),
      facilityLifetimeYears: r.integer(assumptions.get('facilityLifetimeYears'), 1, MAX_YEARS),
    },
    site: {
      name: r.string(site.get('name')),
      country: r.string(site.get('country')),
      gridCapacity: r.watts(site.get('gridCapacity'), 'site.gridCapacity'),
      gridIntensity: r.carbon(site.get('gridIntensity'), 'site.gridIntensity'),
      gridAvailableFrom: r.integer(site.get('gridAvailableFrom'), YEAR_MIN, YEAR_MAX),
      landCost: r.money(site.get('landCost'), 'site.landCost'),
      buildCostPerMW: r.money(site.get('buildCostPerMW'), 'site.buildCostPerMW'),
    },
    hardware: {
      section: r.section(hardwareEntry),
      acceleratorsKey: acceleratorsEntry ? nodeSpan(acceleratorsEntry.keyNode) : undefined,
      accelerators,
      acceleratorsValid: isSeq(acceleratorsEntry?.value) && accelerators.length > 0,
      hostOverhead: r.fraction(hardware.get('hostOverhead'), 'hardware.hostOverhead'),
      systems: r.fraction(hardware.get('systems'), 'hardware.systems'),
      networking: r.fraction(hardware.get('networking'), 'hardware.networking'),
      storage: r.fraction(hardware.get('storage'), 'hardware.storage'),
      lifetimeYears: r.integer(hardware.get('lifetimeYears'), 1, MAX_YEARS),
    },
    power: {
      pue: r.number(power.get('pue'), (n) => n > 1 && n <= 3),
      price: r.energyPrice(power.get('price'), 'power.price'),
      renewableShare: r.fraction(power.get('renewableShare'), 'power.renewableShare'),
    },
    operations: {
      staff: r.count(ops.get('staff'), 'operations.staff'),
      costPerStaff: r.money(ops.get('costPerStaff'), 'operations.costPerStaff'),
      maintenance: r.fraction(ops.get('maintenance'), 'operations.maintenance'),
    },
    timeline: {
      start: r.integer(timeline.get('start'), YEAR_MIN, YEAR_MAX),
      operational: r.integer(timeline.get('operational'), YEAR_MIN, YEAR_MAX),
    },
    fundingKey: fundingEntry ? nodeSpan(fundingEntry.keyNode) : undefined,
    funding,
    fundingValid: isSeq(fundingEntry?.value) && funding.length > 0,
    constraints: {
      minAccelerators: r.integer(constraints.get('minAccelerators'), 0),
      maxEuAmount: r.money(constraints.get('maxEuAmount'), 'constraints.maxEuAmount'),
      maxEuShare: r.fraction(constraints.get('maxEuShare'), 'constraints.maxEuShare'),
      fundingCovers: r.oneOf(constraints.get('fundingCovers'), ['capex', 'total'] as const),
    },
  };
  return { model, problems: r.problems };
}

export type { ParsedNode };
