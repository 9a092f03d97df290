/**
 * Sums over long lists (accelerator and funding lines) as hints and hovers
 * present them: a figure over 12,000 lines has 24,000 inputs, which no tooltip
 * can usefully list. Instead they are grouped: how many lines, how many of
 * them take a catalog default (and which ones, with how many lines each),
 * how many are written in the file, and the few largest contributors.
 *
 * The cost model gathers all of it in its own loops over the lines' numbers
 * (no object built per line; the collectors below), and it is kept with the
 * {@link Figures}, so the hints and hovers of one analysis share it. The provenance it gives for a
 * long sum is exactly {@link figureProvenance}'s (a test compares them), so
 * the hover's lists of defaults read the same without each sum walking its
 * lines again.
 */
import { AcceleratorFigures, CATALOG_POWER, CATALOG_PRICE, FundingFigures, ID_IS_MODEL } from './acceleratorLines';
import type { AcceleratorEntry } from './catalog';
import { figureProvenance, firstInputs, inputAt, inputCount, provenanceOf, type Figure, type FigureInput } from './figure';
import type { Figures } from './costModel';
import { formatFigureValue } from './figure';
import { formatInteger, formatMoneyPrecise, formatPercent } from './format';
import type { Currency } from './quantity';
import { isValid, type Span } from './types';

/** How many of the largest contributors a hover lists (a tooltip lists fewer). */
export const TOP = 5;
/** Sums over more lines than this are grouped (the expression already elides lines past six). */
export const GROUP_ABOVE = 6;

/** One per-line input of the accelerator lines (unit price or power): taken from the catalog or written. */
export interface LineInputStats {
  /** Lines whose value is the catalog's. */
  catalog: number;
  /** Lines whose value is written in the file. */
  written: number;
  /** For each catalog default (by entry, or by model id when it is not the entry's), the index of its first line and how many lines use it, in order of first use. */
  first: number[];
  uses: number[];
}

export interface AcceleratorStats {
  lines: number;
  price: LineInputStats;
  power: LineInputStats;
  /** Indices of the lines with the largest capex, largest first (earlier line first on ties). */
  topCapex: number[];
  /** Indices of the lines with the largest count × power. */
  topLoad: number[];
}

export interface FundingStats {
  lines: number;
  /** Indices of the lines with the largest amounts. */
  topAmount: number[];
  /** eu-grant lines, and the largest of them. */
  eu: number;
  topEu: number[];
  /** Loan lines (in funding-line order), the position among loans of the first without a valid termYears (−1: none), how many have none. */
  loans: number;
  firstDefaultTerm: number;
  defaultTerms: number;
  /** Indices of the loans with the largest yearly interest (amount × rate). */
  topInterest: number[];
}

/** Keeps `idx` sorted by `vals` descending, at most TOP long; ties keep the earlier line first. */
export function offer(idx: number[], vals: number[], i: number, v: number): void {
  let n = idx.length;
  if (n === TOP) {
    if (!(v > vals[TOP - 1]!)) return;
    n = TOP - 1;
  } else {
    idx.push(0);
    vals.push(0);
  }
  let k = n;
  while (k > 0 && vals[k - 1]! < v) {
    idx[k] = idx[k - 1]!;
    vals[k] = vals[k - 1]!;
    k--;
  }
  idx[k] = i;
  vals[k] = v;
}

/** One more line on the catalog default `key`. */
/**
 * The accelerator lines' statistics, line by line: the cost model adds each
 * line in its own loop over the lines (computeFigures), so the first hover or
 * hint after an analysis walks nothing. Catalog defaults are keyed by entry
 * (compared by identity) or by model id, as the provenance keys them: a
 * short list, looked up again only when the key changes.
 */
export class AcceleratorStatsCollector {
  private readonly keys: (AcceleratorEntry | string)[] = [];
  private readonly priceFirst: number[] = [];
  private readonly priceUses: number[] = [];
  private readonly powerFirst: number[] = [];
  private readonly powerUses: number[] = [];
  private lastKey: AcceleratorEntry | string | undefined = undefined;
  private lastAt = -1;
  private priceCatalog = 0;
  private priceWritten = 0;
  private powerCatalog = 0;
  private powerWritten = 0;
  private readonly topCapex: number[] = [];
  private readonly capexVals: number[] = [];
  private readonly topLoad: number[] = [];
  private readonly loadVals: number[] = [];
  private capexMin = -Infinity;
  private loadMin = -Infinity;

  add(i: number, lf: AcceleratorFigures): void {
    const flags = lf.flags;
    if ((flags & (CATALOG_PRICE | CATALOG_POWER)) !== 0) {
      const key = (flags & ID_IS_MODEL) !== 0 ? lf.entry! : (lf.line.model as { value: string }).value;
      if (key !== this.lastKey) {
        this.lastAt = this.keys.indexOf(key);
        if (this.lastAt < 0) {
          this.lastAt = this.keys.length;
          this.keys.push(key);
          this.priceFirst.push(-1);
          this.priceUses.push(0);
          this.powerFirst.push(-1);
          this.powerUses.push(0);
        }
        this.lastKey = key;
      }
      const at = this.lastAt;
      if ((flags & CATALOG_PRICE) !== 0) {
        this.priceCatalog++;
        if (this.priceUses[at]!++ === 0) this.priceFirst[at] = i;
      }
      if ((flags & CATALOG_POWER) !== 0) {
        this.powerCatalog++;
        if (this.powerUses[at]!++ === 0) this.powerFirst[at] = i;
      }
    }
    const w = lf.watts;
    if ((flags & CATALOG_PRICE) === 0 && lf.price !== undefined) this.priceWritten++;
    if ((flags & CATALOG_POWER) === 0 && w !== undefined) this.powerWritten++;
    const c = lf.capexValue;
    if (c !== undefined && c > this.capexMin) {
      offer(this.topCapex, this.capexVals, i, c);
      if (this.topCapex.length === TOP) this.capexMin = this.capexVals[TOP - 1]!;
    }
    const n = lf.n;
    if (n !== undefined && w !== undefined && n * w > this.loadMin) {
      offer(this.topLoad, this.loadVals, i, n * w);
      if (this.topLoad.length === TOP) this.loadMin = this.loadVals[TOP - 1]!;
    }
  }

  result(lines: number): AcceleratorStats {
    return {
      lines,
      price: inputStats(this.priceCatalog, this.priceWritten, this.priceFirst, this.priceUses),
      power: inputStats(this.powerCatalog, this.powerWritten, this.powerFirst, this.powerUses),
      topCapex: this.topCapex,
      topLoad: this.topLoad,
    };
  }
}

/** The funding lines' statistics, line by line (as {@link AcceleratorStatsCollector}). */
export class FundingStatsCollector {
  private readonly topAmount: number[] = [];
  private readonly amountVals: number[] = [];
  private readonly topEu: number[] = [];
  private readonly euVals: number[] = [];
  private readonly topInterest: number[] = [];
  private readonly interestVals: number[] = [];
  private amountMin = -Infinity;
  private euMin = -Infinity;
  private eu = 0;
  private loans = 0;
  private firstDefaultTerm = -1;
  private defaultTerms = 0;

  add(i: number, fl: FundingFigures): void {
    const amount = fl.amount;
    if (amount !== undefined && amount > this.amountMin) {
      offer(this.topAmount, this.amountVals, i, amount);
      if (this.topAmount.length === TOP) this.amountMin = this.amountVals[TOP - 1]!;
    }
    if (fl.type === 'eu-grant') {
      this.eu++;
      if (amount !== undefined && amount > this.euMin) {
        offer(this.topEu, this.euVals, i, amount);
        if (this.topEu.length === TOP) this.euMin = this.euVals[TOP - 1]!;
      }
    }
    if (fl.loan) {
      if (fl.defaultTerm) {
        if (this.firstDefaultTerm < 0) this.firstDefaultTerm = this.loans;
        this.defaultTerms++;
      }
      this.loans++;
      const rate = fl.rate;
      if (amount !== undefined && rate !== undefined) offer(this.topInterest, this.interestVals, i, amount * rate);
    }
  }

  result(lines: number): FundingStats {
    return {
      lines, topAmount: this.topAmount, eu: this.eu, topEu: this.topEu, loans: this.loans,
      firstDefaultTerm: this.firstDefaultTerm, defaultTerms: this.defaultTerms, topInterest: this.topInterest,
    };
  }
}

const accelerators = new WeakMap<Figures, AcceleratorStats>();
const funding = new WeakMap<Figures, FundingStats>();

/**
 * Keeps the lines' statistics of one computation, gathered by the cost model
 * in its own loops over the lines (computeFigures). A test compares them with
 * an independent walk over the line figures (test/unit/reference/lineStatsWalk.ts).
 */
export function keepLineStats(figures: Figures, a: AcceleratorStats, f: FundingStats): void {
  accelerators.set(figures, a);
  funding.set(figures, f);
}

/**
 * One catalog-default statistic from per-key first lines and counts (−1 and
 * 0 for a key it never saw): its `first` and `uses` in order of first use,
 * which is the order of the first lines.
 */
export function inputStats(catalog: number, written: number, firstByKey: readonly number[], usesByKey: readonly number[]): LineInputStats {
  const order: number[] = [];
  for (let k = 0; k < firstByKey.length; k++) if (usesByKey[k]! > 0) order.push(k);
  order.sort((x, y) => firstByKey[x]! - firstByKey[y]!);
  return { catalog, written, first: order.map((k) => firstByKey[k]!), uses: order.map((k) => usesByKey[k]!) };
}

/** The accelerator lines' statistics of one computation: those the cost model kept, else gathered now (then kept). */
export function acceleratorStats(figures: Figures): AcceleratorStats {
  let s = accelerators.get(figures);
  if (s) return s;
  const c = new AcceleratorStatsCollector();
  figures.lines.forEach((lf, i) => c.add(i, lf as AcceleratorFigures));
  s = c.result(figures.lines.length);
  accelerators.set(figures, s);
  return s;
}

/** The funding lines' statistics of one computation: those the cost model kept, else gathered now (then kept). */
export function fundingStats(figures: Figures): FundingStats {
  let s = funding.get(figures);
  if (s) return s;
  const c = new FundingStatsCollector();
  figures.fundingLines.forEach((fl, i) => c.add(i, fl as FundingFigures));
  s = c.result(figures.fundingLines.length);
  funding.set(figures, s);
  return s;
}

/** A long sum's shape: which lines it runs over, and its inputs that are not per line. */
export type Aggregate =
  | { over: 'accelerators'; second: 'price' | 'power'; lines: number; stats: AcceleratorStats; other: FigureInput[] }
  | { over: 'funding' | 'eu' | 'loans'; lines: number; stats: FundingStats; other: FigureInput[]; terms: boolean };

/**
 * The figure as a sum over list lines, when it is one of the cost model's:
 * accelerators capex and IT load (count and unit price or power per line; IT
 * load then hostOverhead), funding and EU grants (one amount per line),
 * interest (amount and rate per loan) and total cost (six figures and
 * parameters, then amount, rate and term per loan). The input counts are
 * checked against that shape, so a figure built otherwise is not taken for one.
 */
export function aggregateOf(f: Figure, figures: Figures): Aggregate | undefined {
  const n = inputCount(f);
  switch (f.id) {
    case 'acceleratorsCapex':
    case 'itLoad': {
      const L = figures.lines.length;
      const second = f.id === 'itLoad' ? 'power' : 'price';
      const extra = second === 'power' ? 1 : 0;
      if (n !== 2 * L + extra) return undefined;
      return { over: 'accelerators', second, lines: L, stats: acceleratorStats(figures), other: extra ? [inputAt(f, 2 * L)] : [] };
    }
    case 'funding': {
      if (n !== figures.fundingLines.length) return undefined;
      return { over: 'funding', lines: n, stats: fundingStats(figures), other: [], terms: false };
    }
    case 'euAmount': {
      const stats = fundingStats(figures);
      return n === stats.eu ? { over: 'eu', lines: n, stats, other: [], terms: false } : undefined;
    }
    case 'interestPerYear': {
      const stats = fundingStats(figures);
      return n === 2 * stats.loans ? { over: 'loans', lines: stats.loans, stats, other: [], terms: false } : undefined;
    }
    case 'totalCost': {
      const stats = fundingStats(figures);
      const head = n - 3 * stats.loans;
      if (head < 0) return undefined;
      return { over: 'loans', lines: stats.loans, stats, other: firstInputs(f, head), terms: true };
    }
    default:
      return undefined;
  }
}

/**
 * {@link figureProvenance}, from the lines' statistics for a long sum (the
 * same list: the first line of each catalog default, then the other inputs,
 * first of each origin and label), so that it is not walked once per sum.
 */
export function provenance(f: Figure, figures: Figures): FigureInput[] {
  const a = aggregateOf(f, figures);
  if (!a) return figureProvenance(f);
  if (a.over === 'accelerators') {
    const lines = figures.lines as AcceleratorFigures[];
    const st = a.second === 'price' ? a.stats.price : a.stats.power;
    const out = st.first.map((i) => (a.second === 'price' ? lines[i]!.unitPrice! : lines[i]!.power!).input);
    return provenanceOf([...out, ...a.other]);
  }
  if (a.terms) {
    const k = a.stats.firstDefaultTerm;
    const head = a.other.length;
    return provenanceOf(k < 0 ? a.other : [...a.other, inputAt(f, head + 3 * k + 2)]);
  }
  return figureProvenance(f);
}

/** How many lines use each catalog default of a long accelerator sum, by the default's label. */
export function usesByLabel(a: Aggregate, figures: Figures): Map<string, number> {
  const out = new Map<string, number>();
  if (a.over !== 'accelerators') return out;
  const lines = figures.lines as AcceleratorFigures[];
  const st = a.second === 'price' ? a.stats.price : a.stats.power;
  st.first.forEach((i, k) => {
    const label = (a.second === 'price' ? lines[i]!.unitPrice! : lines[i]!.power!).input.label;
    out.set(label, (out.get(label) ?? 0) + st.uses[k]!);
  });
  return out;
}

/** Where hovers and tooltips can say which line of the file a list line is on. */
export interface Where {
  /** The 1-based line number of a text offset; without it, list lines are named by their position in the list. */
  lineAt?: (offset: number) => number;
}

/** A long sum in words, and its largest contributors as table rows. */
export interface Grouped {
  /** One sentence: how many lines, what is written and what is a default. */
  summary: string;
  /** Column titles of the contributors' rows, after the line column. */
  columns: string[];
  /** The largest contributors, largest first: where (`line 1,234` or `item 56`), then one cell per column. */
  rows: { where: string; cells: string[] }[];
  /** How the rows are ranked, e.g. `by capex`. */
  by: string;
  /** How many lines use each catalog default, by the default's label. */
  uses: Map<string, number>;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInteger(n)} ${n === 1 ? one : many}`;
}

function whereOf(span: Span, index: number, where: Where): string {
  return where.lineAt ? `line ${formatInteger(where.lineAt(span.start))}` : `item ${formatInteger(index + 1)}`;
}

/** A grouped presentation of a long sum, or undefined for a figure that is not one or runs over few lines. */
export function grouped(f: Figure, figures: Figures, where: Where, currency: Currency): Grouped | undefined {
  const a = aggregateOf(f, figures);
  if (!a || a.lines <= GROUP_ABOVE) return undefined;
  if (a.over === 'accelerators') {
    const lines = figures.lines as AcceleratorFigures[];
    const price = a.second === 'price';
    const st = price ? a.stats.price : a.stats.power;
    const what = price ? 'unit price' : 'power';
    const from: string[] = [];
    if (st.catalog) from.push(`from the catalog on ${plural(st.catalog, 'line')} (${plural(st.first.length, 'model')})`);
    if (st.written) from.push(`written in this file on ${plural(st.written, 'line')}`);
    const Second = price ? 'Unit price' : 'Power';
    const rows = (price ? a.stats.topCapex : a.stats.topLoad).map((i) => {
      const lf = lines[i]!;
      const model = isValid(lf.line.model) ? lf.line.model.value : '—';
      const second = price ? lf.unitPrice : lf.power;
      const fig = price ? lf.capex : lf.itLoad;
      const catalog = (lf.flags & (price ? CATALOG_PRICE : CATALOG_POWER)) !== 0;
      return {
        where: whereOf(lf.line.span, i, where),
        cells: [model, lf.count ? lf.count.input.value : '—', second ? `${second.input.value}${catalog ? ' (catalog)' : ''}` : '—', fig ? formatFigureValue(fig, currency) : '—'],
      };
    });
    return {
      summary: `${plural(a.lines, 'accelerator line')}. Counts: written in this file.${from.length ? ` ${Second}: ${from.join(', ')}.` : ''}`,
      columns: ['model', 'count', what, price ? 'capex' : 'IT load'],
      rows,
      by: price ? 'by capex' : 'by count × power',
      uses: usesByLabel(a, figures),
    };
  }
  const lines = figures.fundingLines as FundingFigures[];
  const name = (fl: FundingFigures) => (isValid(fl.line.name) ? fl.line.name.value : `funding line ${fl.index + 1}`);
  const money = (n: number | undefined) => (n === undefined ? '—' : formatMoneyPrecise(n, currency));
  if (a.over === 'loans') {
    const st = a.stats;
    const summary = !a.terms
      ? `${plural(a.lines, 'loan')}: amounts and rates written in this file.`
      : st.defaultTerms === 0
        ? `${plural(a.lines, 'loan')}: amounts, rates and terms written in this file.`
        : `${plural(a.lines, 'loan')}: amounts and rates written in this file; termYears written on ${formatInteger(a.lines - st.defaultTerms)}, the horizon (default) on ${formatInteger(st.defaultTerms)}.`;
    const rows = st.topInterest.map((i) => {
      const fl = lines[i]!;
      const cells = [name(fl), money(fl.amount), fl.rate === undefined ? '—' : formatPercent(fl.rate, 2)];
      if (a.terms) cells.push(fl.term === undefined ? 'horizon' : plural(fl.term, 'year'));
      cells.push(money(fl.amount! * fl.rate!));
      return { where: whereOf(fl.line.span, i, where), cells };
    });
    const columns = a.terms ? ['loan', 'amount', 'rate', 'termYears', 'interest per year'] : ['loan', 'amount', 'rate', 'interest per year'];
    return { summary, columns, rows, by: 'by yearly interest', uses: new Map() };
  }
  const eu = a.over === 'eu';
  const rows = (eu ? a.stats.topEu : a.stats.topAmount).map((i) => {
    const fl = lines[i]!;
    return { where: whereOf(fl.line.span, i, where), cells: [name(fl), fl.type ?? '—', money(fl.amount)] };
  });
  return {
    summary: `${plural(a.lines, eu ? 'eu-grant line' : 'funding line')}: amounts written in this file.`,
    columns: ['funding line', 'type', 'amount'],
    rows,
    by: 'by amount',
    uses: new Map(),
  };
}
