/**
 * The figures of one accelerator line: its own (count, unit price, power,
 * line capex: they depend on the line, the catalog and the currencies only)
 * and its IT load, which also depends on hostOverhead. Both are reusable
 * across edits; see the incremental analyzer.
 */
import type { AcceleratorEntry, Catalog, SourceRef } from './catalog';
import type { AcceleratorLineFigures, Params } from './costModel';
import { extentOf, input, makeFigure, type FigureInput } from './figure';
import { Builder, pct, withExtent } from './figureBuilder';
import { formatInteger, formatMoneyCents, formatMW } from './format';
import { isValid, type MoneyValue, type ScenarioModel, type Span } from './types';

/** A line's own figures: they depend on the line, the catalog and the currencies only. */
export function resolveLine(line: ScenarioModel['hardware']['accelerators'][number], catalog: Catalog, b: Builder): AcceleratorLineFigures {
  const out: AcceleratorLineFigures = { index: line.index };
  const entry = isValid(line.model) ? catalog.accelerators.get(line.model.value) : undefined;
  if (entry) out.entry = entry;
  const name = isValid(line.model) ? line.model.value : `line ${line.index + 1}`;
  if (isValid(line.count)) out.count = { value: line.count.value, input: input(`count (${name})`, () => formatInteger((line.count as { value: number }).value), line.count) };

  if (isValid(line.unitPrice)) {
    const v = b.convert(line.unitPrice.value);
    if (v !== undefined) out.unitPrice = { value: v, input: input(`unitPrice (${name})`, () => b.moneyText((line.unitPrice as { value: MoneyValue }).value, v), line.unitPrice) };
  } else if (line.unitPrice === undefined && entry) {
    const v = b.convert(entry.unitPrice);
    if (v !== undefined) out.unitPrice = { value: v, input: withExtent({ label: `unitPrice (${name}, catalog)`, value: b.moneyText(entry.unitPrice, v), origin: 'default', source: catalogSource(entry) }, line.model) };
  }

  if (isValid(line.power)) out.power = { value: line.power.value, input: input(`power (${name})`, () => `${formatInteger((line.power as { value: number }).value)} W`, line.power) };
  else if (line.power === undefined && entry) {
    out.power = { value: entry.power, input: withExtent({ label: `power (${name}, catalog)`, value: `${formatInteger(entry.power)} W`, origin: 'default', source: catalogSource(entry) }, line.model) };
  }

  if (out.count && out.unitPrice) {
    const v = out.count.value * out.unitPrice.value;
    out.capex = makeFigure('lineCapex', `accelerators capex (${name})`, 'money', v, b.currency, 'n × unitPrice',
      () => `${formatInteger(out.count!.value)} × ${formatMoneyCents(out.unitPrice!.value, b.currency)} = ${b.money(v)}`, [out.count.input, out.unitPrice.input]);
  }
  return out;
}

/**
 * The last {@link withItLoad} result for a cached line's own figures, with what
 * it was computed from. It still holds when hostOverhead is the same (value,
 * origin and place) and the line has not moved: then the IT load figure, its
 * inputs and its extent (which reaches from the line to hostOverhead) are
 * exactly what a new computation would give.
 */
const lastWithItLoad = new WeakMap<AcceleratorLineFigures, ItLoadMemo>();

interface ItLoadMemo {
  result: AcceleratorLineFigures;
  at: number;
  value: number | undefined;
  origin: string | undefined;
  start: number | undefined;
  end: number | undefined;
  lineKey: string;
}

export function withItLoadReused(line: ScenarioModel['hardware']['accelerators'][number], own: AcceleratorLineFigures, b: Builder, p: Params, lineKey: string): AcceleratorLineFigures {
  const h = p.hostOverhead;
  const at = isValid(line.count) ? line.count.span.start : -1;
  const last = lastWithItLoad.get(own);
  // Plain comparisons: building a key string per line costs as much as the figure.
  if (last && last.lineKey === lineKey && last.value === h?.value && last.origin === h?.input.origin
    && last.start === h?.input.span?.start && last.end === h?.input.span?.end) {
    if (last.at !== at) {
      // The line moved and its spans with it (the cache keeps them in step);
      // only the IT load's extent, which also covers hostOverhead, is new.
      const it = last.result.itLoad as { extent?: Span; inputs: FigureInput[] } | undefined;
      if (it) it.extent = extentOf(it.inputs);
      last.at = at;
    }
    return last.result;
  }
  const result = withItLoad(line, own, b, p);
  lastWithItLoad.set(own, { result, at, value: h?.value, origin: h?.input.origin, start: h?.input.span?.start, end: h?.input.span?.end, lineKey });
  return result;
}

/** The line's figures with its IT load, which also depends on hostOverhead; `own` is not changed. */
export function withItLoad(line: ScenarioModel['hardware']['accelerators'][number], own: AcceleratorLineFigures, b: Builder, p: Params): AcceleratorLineFigures {
  // Copied field by field: a spread of objects of many shapes is several times slower.
  const out: AcceleratorLineFigures = { index: own.index };
  if (own.entry) out.entry = own.entry;
  if (own.count) out.count = own.count;
  if (own.unitPrice) out.unitPrice = own.unitPrice;
  if (own.power) out.power = own.power;
  if (own.capex) out.capex = own.capex;
  if (!(own.count && own.power && p.hostOverhead)) return out;
  const name = isValid(line.model) ? line.model.value : `line ${line.index + 1}`;
  if (out.count && out.power && p.hostOverhead) {
    const mw = (out.count.value * out.power.value * (1 + p.hostOverhead.value)) / 1e6;
    out.itLoad = makeFigure('lineItLoad', `IT load (${name})`, 'power', mw, b.currency, 'n × power × (1 + hostOverhead)',
      () => `${formatInteger(out.count!.value)} × ${formatInteger(out.power!.value)} W × (1 + ${pct(p.hostOverhead!.value)}) = ${formatMW(mw)}`,
      [out.count.input, out.power.input, p.hostOverhead.input]);
  }
  return out;
}

export function catalogSource(e: AcceleratorEntry): SourceRef {
  const origin = e.origin.file === 'built-in' ? '' : ` (workspace catalog ${e.origin.file})`;
  const notes = [e.uncertain ? 'estimate: sources disagree or the figure is uncertain' : '', e.note ?? ''].filter(Boolean).join('; ');
  const s: SourceRef = { name: e.source.name + origin, date: e.source.date };
  if (notes) s.note = notes;
  return s;
}
