/**
 * The cost model: one pure function from a typed scenario to every figure of
 * the spec's cost-model table, each with its formula, the numbers that went in
 * and where each of them came from (the file, a default, or another figure).
 *
 * Partial documents: a figure is computed only when every input it needs is
 * valid; otherwise it is absent. Nothing here produces NaN, Infinity or a
 * negative count, and nothing is guessed: an unknown catalog id, an invalid
 * exchange rate or a funding line of unknown type leaves the figures that need
 * them absent.
 */
import type { AcceleratorEntry, Catalog } from './catalog';
import { AcceleratorFigures, CATALOG_POWER, CATALOG_PRICE, forgetReadLines, FundingFigures, ID_IS_MODEL, type LineContext } from './acceleratorLines';
import { formatInteger, formatMW, formatMWh, formatMoneyCents, formatNumber, formatPerHour } from './format';
import { AcceleratorStatsCollector, FundingStatsCollector, keepLineStats } from './aggregates';
import { extentOf, provenanceOf, spanUnion, sumText, type Figure, type FigureId, type FigureInput, type InputList } from './figure';
import { Builder, id, param, pct, spanOf, widen, years, type Param } from './figureBuilder';
import { moneyParam, resolveCountryParams, type Params } from './figureParams';
import { fundingAggregates, loanAmountInput, loanInterestOverHorizon, loanRateInput, loans, rateOf, type LineSums } from './fundingFigures';
import type { Currency } from './quantity';
import { isInvalid, isValid, type FundingType, type ScenarioModel, type Span } from './types';

export const HOURS_PER_YEAR = 8760;

export {
  FIGURE_NAMES, FIGURE_ORDER, formatFigureValue, spanUnion,
  type Figure, type FigureId, type FigureInput, type FigureKind,
} from './figure';

/**
 * One accelerator line's figures. Built by the cost model only (see
 * acceleratorLines.ts: parameters and figures are produced when read).
 */
export interface AcceleratorLineFigures {
  readonly index: number;
  /** The catalog entry of the line's model, when it is one. */
  readonly entry?: AcceleratorEntry;
  readonly count?: Param<number>;
  /** Unit price in the reporting currency. */
  readonly unitPrice?: Param<number>;
  /** Watts per accelerator. */
  readonly power?: Param<number>;
  readonly capex?: Figure;
  readonly itLoad?: Figure;
}

export interface FundingLineFigures {
  readonly index: number;
  /** The amount in the reporting currency. */
  readonly amount?: number;
  readonly type?: FundingType;
  /** Share of capex. */
  readonly share?: Figure;
}

export interface Figures {
  /** The reporting currency. */
  currency: Currency;
  /** Every figure that could be computed. */
  byId: Partial<Record<FigureId, Figure>>;
  lines: AcceleratorLineFigures[];
  fundingLines: FundingLineFigures[];
  params: Params;
  /** Σ n_i, when every count is valid. */
  totalCount?: number;
}

/**
 * What the cost model keeps between computations of one document's figures
 * (the incremental analyzer holds one): the context its line figures share,
 * and the last computation's line figures by position. A line's own figures
 * (count, unit price, power, capex; a funding line's amount and type) depend
 * on the line, the catalog and the currencies only (`key`), and the model
 * keeps a line object only at the same position (model.ts), so the same line
 * object at the same position with the same key and catalog has the same own
 * figures. They hold no span of their own (acceleratorLines.ts), so they stay
 * exact when the line moves with its node.
 */
export class FigureMemory {
  ctx: LineContext = { hostOverhead: undefined, shares: undefined, read: [] };
  key = '';
  catalog: Catalog | undefined = undefined;
  lines: AcceleratorFigures[] = [];
  funding: FundingFigures[] = [];
}

/**
 * Computes every figure of the spec's cost-model table that the scenario's
 * valid inputs allow, with provenance. Money is in the reporting currency.
 *
 * With a memory, the line figures of lines kept since the last computation are
 * reused and pointed at this computation's hostOverhead and capex: an edit
 * then costs a few loops over numbers, whatever the number of lines. The line
 * figures of an earlier computation with the same memory then read as this one's.
 */
export function computeFigures(model: ScenarioModel, catalog: Catalog, memory?: FigureMemory): Figures {
  const d = catalog.defaults;
  const currency: Currency = isValid(model.currency) ? model.currency.value : 'EUR';
  const p: Params = {};
  p.usdPerEur = param(model.assumptions.usdPerEur, 'usdPerEur', d.usdPerEur, id, (v) => `${formatNumber(v, 6)} USD per EUR`);
  const b = new Builder(currency, p.usdPerEur?.value, !isInvalid(model.currency));

  p.utilization = param(model.assumptions.utilization, 'utilization', d.utilization, id, pct);
  p.facilityLifetimeYears = param(model.assumptions.facilityLifetimeYears, 'facilityLifetimeYears', d.facilityLifetimeYears, id, years);
  p.horizonYears = param(model.horizonYears, 'horizonYears', d.horizonYears, id, years);
  p.hostOverhead = param(model.hardware.hostOverhead, 'hostOverhead', d.hostOverhead, id, pct);
  p.systems = param(model.hardware.systems, 'systems', d.systems, id, pct);
  p.networking = param(model.hardware.networking, 'networking', d.networking, id, pct);
  p.storage = param(model.hardware.storage, 'storage', d.storage, id, pct);
  p.lifetimeYears = param(model.hardware.lifetimeYears, 'lifetimeYears', d.lifetimeYears, id, years);
  p.pue = param(model.power.pue, 'pue', undefined, id, (v) => formatNumber(v));
  p.renewableShare = param(model.power.renewableShare, 'renewableShare', d.renewableShare, id, pct);
  p.gridCapacity = param(model.site.gridCapacity, 'gridCapacity', undefined, (w) => w / 1e6, formatMW);
  p.staff = param(model.operations.staff, 'staff', d.staff, id, formatInteger);
  p.maintenance = param(model.operations.maintenance, 'maintenance', d.maintenance, id, pct);
  p.minAccelerators = param(model.constraints.minAccelerators, 'minAccelerators', d.minAccelerators, id, formatInteger);
  p.maxEuShare = param(model.constraints.maxEuShare, 'maxEuShare', d.maxEuShare, id, pct);
  p.fundingCovers = param(model.constraints.fundingCovers, 'fundingCovers', d.fundingCovers, id, String);
  p.landCost = moneyParam(b, model.site.landCost, 'landCost', d.landCost, '');
  p.costPerStaff = moneyParam(b, model.operations.costPerStaff, 'costPerStaff', d.costPerStaff, ' per year');
  p.maxEuAmount = moneyParam(b, model.constraints.maxEuAmount, 'maxEuAmount', d.maxEuAmount, '');
  resolveCountryParams(model, catalog, b, p);

  const conv = b.conversion;
  const lineKey = conv.lineKey;
  const h = p.hostOverhead;
  const last = memory;
  const ctx: LineContext = last ? last.ctx : { hostOverhead: undefined, shares: undefined, read: [] };
  forgetReadLines(ctx);
  ctx.hostOverhead = h;
  ctx.shares = undefined;
  // The last computation's line figures, by position: the same line object there is the same line (see FigureMemory).
  const same = last !== undefined && last.key === lineKey && last.catalog === catalog;
  const hv = h ? h.value : 0;
  // Lean loops (locals, no per-line calls on the common path): on open they run before the JIT has compiled them.
  const accelerators = model.hardware.accelerators;
  const na = accelerators.length;
  const lines = new Array<AcceleratorFigures>(na);
  const prevLines = same ? last.lines : undefined;
  let count = 0;
  let capexSum = 0;
  let itSum = 0;
  let allCount = true;
  let allCapex = true;
  let allItLoad = h !== undefined;
  // The statistics hovers and hints read for long sums (aggregates.ts), gathered in this loop.
  const accStats = new AcceleratorStatsCollector();
  for (let i = 0; i < na; i++) {
    const line = accelerators[i]!;
    let lf = prevLines !== undefined ? prevLines[i] : undefined;
    if (lf === undefined || lf.line !== line) lf = new AcceleratorFigures(line, catalog, conv, ctx);
    lines[i] = lf;
    const n = lf.n;
    const c = lf.capexValue;
    const w = lf.watts;
    if (n === undefined) allCount = false;
    else count += n;
    if (c === undefined) allCapex = false;
    else capexSum += c;
    if (allItLoad) {
      // The line IT load's own expression (AcceleratorFigures.itLoadValue), so the sum is of the same numbers.
      if (n === undefined || w === undefined) allItLoad = false;
      else itSum += (n * w * (1 + hv)) / 1e6;
    }
    accStats.add(i, lf);
  }
  const acceleratorStats = accStats.result(na);
  const funding = model.funding;
  const nf = funding.length;
  const fundingLines = new Array<FundingFigures>(nf);
  const prevFunding = same ? last.funding : undefined;
  let fundingSum = 0;
  let euSum = 0;
  let euCount = 0;
  let allAmounts = true;
  let allTypes = true;
  let allEuAmounts = true;
  const fundStats = new FundingStatsCollector();
  for (let i = 0; i < nf; i++) {
    const line = funding[i]!;
    let fl = prevFunding !== undefined ? prevFunding[i] : undefined;
    if (fl === undefined || fl.line !== line) fl = new FundingFigures(line, conv, ctx);
    fundingLines[i] = fl;
    const amount = fl.amount;
    const type = fl.type;
    if (amount === undefined) allAmounts = false;
    else fundingSum += amount;
    if (type === undefined) allTypes = false;
    else if (type === 'eu-grant') {
      euCount++;
      if (amount === undefined) allEuAmounts = false;
      else euSum += amount;
    }
    fundStats.add(i, fl);
  }
  const fundingStats = fundStats.result(nf);
  const sums: LineSums = {
    count, allCount, capex: capexSum, allCapex, itLoad: itSum, allItLoad,
    funding: fundingSum, allAmounts, allTypes, eu: euSum, euCount, allEuAmounts,
  };
  if (last) {
    last.key = lineKey;
    last.catalog = catalog;
    last.lines = lines;
    last.funding = fundingLines;
  }

  const figures: Figures = { currency, byId: b.byId, lines, fundingLines, params: p };
  keepLineStats(figures, acceleratorStats, fundingStats);
  const acceleratorsOk = model.hardware.acceleratorsValid;
  if (acceleratorsOk && sums.allCount) figures.totalCount = sums.count;

  capexFigures(b, p, lines, acceleratorsOk, sums);
  opexFigures(b, p, model, fundingLines);
  totalFigures(b, p, model, fundingLines, figures.totalCount);
  fundingAggregates(b, p, model, fundingLines, sums, ctx);
  return figures;
}

/**
 * count_1, second_1, count_2, second_2, … (then `last`, when given): two
 * inputs per line in line order, as an {@link InputList} that builds only the
 * inputs read. Counts are written in the file; a catalog price or power is a
 * default whose label names the model, so the first line of each catalog
 * model stands for the rest in the provenance.
 */
function linePairs(lines: AcceleratorFigures[], second: 'price' | 'power', last?: FigureInput): InputList {
  const n = lines.length * 2;
  const secondOf = (l: AcceleratorFigures) => (second === 'price' ? l.unitPrice! : l.power!).input;
  return {
    length: last ? n + 1 : n,
    at: (i) => (i >= n ? last! : (i & 1) === 0 ? lines[i >> 1]!.count!.input : secondOf(lines[i >> 1]!)),
    provenance: () => {
      const out: FigureInput[] = [];
      const bit = second === 'price' ? CATALOG_PRICE : CATALOG_POWER;
      // The label holds the model id: one entry object per id (a short list, compared by identity) when
      // the id is the entry's, else the id itself.
      const entries: AcceleratorEntry[] = [];
      const ids = new Set<string>();
      for (const l of lines) {
        const flags = l.flags;
        if ((flags & bit) === 0) continue;
        if ((flags & ID_IS_MODEL) !== 0) {
          if (entries.includes(l.entry!)) continue;
          entries.push(l.entry!);
        } else {
          const model = (l.line.model as { value: string }).value;
          if (ids.has(model)) continue;
          ids.add(model);
        }
        out.push(secondOf(l));
      }
      if (last) out.push(last);
      return provenanceOf(out);
    },
    extent: () => {
      const acc: [number, number] = [Infinity, -Infinity];
      for (const l of lines) {
        widen(acc, l.countSpan);
        widen(acc, second === 'price' ? l.priceSpan : l.powerSpan);
      }
      if (last) widen(acc, last.span ?? last.extent);
      return spanOf(acc);
    },
  };
}

function capexFigures(b: Builder, p: Params, lines: AcceleratorFigures[], ok: boolean, sums: LineSums): void {
  const C = b.currency;
  if (ok && sums.allCapex) {
    const v = sums.capex;
    const expr = () => sumText(lines, (l) => `${formatInteger(l.n!)} × ${formatMoneyCents(l.price!, C)}`);
    b.add('acceleratorsCapex', 'money', v, 'Σ n_i × p_i', () => `${expr()} = ${b.money(v)}`, linePairs(lines, 'price'));
  }
  const acc = b.byId.acceleratorsCapex;
  if (acc) {
    for (const [fid, key] of [['systemsCapex', 'systems'], ['networkingCapex', 'networking'], ['storageCapex', 'storage']] as const) {
      const share = p[key];
      if (!share) continue;
      const v = share.value * acc.value;
      b.add(fid, 'money', v, `${key} × accelerators capex`, `${pct(share.value)} × ${b.money(acc.value)} = ${b.money(v)}`, [share.input, b.ref(acc)]);
    }
    const parts = [acc, b.byId.systemsCapex, b.byId.networkingCapex, b.byId.storageCapex];
    if (parts.every(Boolean)) {
      const v = parts.reduce((s, f) => s + f!.value, 0);
      b.add('itCapex', 'money', v, 'accelerators + systems + networking + storage capex', `${parts.map((f) => b.money(f!.value)).join(' + ')} = ${b.money(v)}`, parts.map((f) => b.ref(f!)));
    }
  }
  if (ok && sums.allItLoad) {
    const v = sums.itLoad;
    const expr = () => sumText(lines, (l) => `${formatInteger(l.n!)} × ${formatInteger(l.watts!)} W`);
    b.add('itLoad', 'power', v, 'Σ n_i × w_i × (1 + hostOverhead)', () => `(${expr()}) × (1 + ${pct(p.hostOverhead!.value)}) = ${formatMW(v)}`, linePairs(lines, 'power', p.hostOverhead!.input));
  }
  const it = b.byId.itLoad;
  if (it && p.pue) {
    const v = it.value * p.pue.value;
    b.add('facilityPower', 'power', v, 'IT load × pue', `${formatMW(it.value)} × ${formatNumber(p.pue.value)} = ${formatMW(v)}`, [b.ref(it), p.pue.input]);
  }
  if (it && p.buildCostPerMW) {
    const v = it.value * p.buildCostPerMW.value;
    b.add('facilityCapex', 'money', v, 'IT load (MW) × buildCostPerMW', `${formatNumber(it.value, 3)} MW × ${b.money(p.buildCostPerMW.value)} = ${b.money(v)}`, [b.ref(it), p.buildCostPerMW.input]);
  }
  const itc = b.byId.itCapex;
  const fc = b.byId.facilityCapex;
  if (itc && fc && p.landCost) {
    const v = itc.value + fc.value + p.landCost.value;
    b.add('capex', 'money', v, 'IT capex + facility capex + landCost', `${b.money(itc.value)} + ${b.money(fc.value)} + ${b.money(p.landCost.value)} = ${b.money(v)}`, [b.ref(itc), b.ref(fc), p.landCost.input]);
  }
}

function opexFigures(b: Builder, p: Params, model: ScenarioModel, fundingLines: FundingFigures[]): void {
  const fp = b.byId.facilityPower;
  if (fp && p.utilization) {
    const v = fp.value * HOURS_PER_YEAR * p.utilization.value;
    b.add('energyPerYear', 'energy', v, 'facility power × 8760 h × utilization', `${formatMW(fp.value)} × 8,760 h × ${pct(p.utilization.value)} = ${formatMWh(v)}`, [b.ref(fp), p.utilization.input]);
  }
  const e = b.byId.energyPerYear;
  if (e && p.price) {
    const v = e.value * p.price.value;
    b.add('energyCostPerYear', 'moneyPerYear', v, 'energy per year × price', `${formatMWh(e.value)} × ${formatMoneyCents(p.price.value, b.currency)}/MWh = ${b.money(v)}`, [b.ref(e), p.price.input]);
  }
  if (p.staff && p.costPerStaff) {
    const v = p.staff.value * p.costPerStaff.value;
    b.add('staffCostPerYear', 'moneyPerYear', v, 'staff × costPerStaff', `${formatInteger(p.staff.value)} × ${b.money(p.costPerStaff.value)} = ${b.money(v)}`, [p.staff.input, p.costPerStaff.input]);
  }
  const itc = b.byId.itCapex;
  const fc = b.byId.facilityCapex;
  if (p.maintenance && itc && fc) {
    const v = p.maintenance.value * (itc.value + fc.value);
    b.add('maintenancePerYear', 'moneyPerYear', v, 'maintenance × (IT capex + facility capex); land is not maintained',
      `${pct(p.maintenance.value)} × (${b.money(itc.value)} + ${b.money(fc.value)}) = ${b.money(v)}`, [p.maintenance.input, b.ref(itc), b.ref(fc)]);
  }
  const ls = loans(model, fundingLines);
  if (ls) {
    const v = ls.interest;
    let list: FundingFigures[] | undefined;
    const loanLines = () => (list ??= fundingLines.filter((f) => f.loan));
    const expr = () => (ls.count ? sumText(loanLines(), (l) => `${b.money(l.amount!)} × ${pct(rateOf(l))}`) : 'no loans');
    const C = b.currency;
    b.add('interestPerYear', 'moneyPerYear', v, 'Σ over loans of amount × rate (simple interest; repaying the principal is financing, not cost)',
      () => `${expr()} = ${b.money(v)}`, {
        length: 2 * ls.count,
        at: (i) => ((i & 1) === 0 ? loanAmountInput(loanLines()[i >> 1]!, C) : loanRateInput(loanLines()[i >> 1]!)),
        // Amounts and rates are all written in the file.
        provenance: () => [],
        extent: () => {
          const acc: [number, number] = [Infinity, -Infinity];
          for (const l of loanLines()) {
            widen(acc, (l.line.amount as { span: Span }).span);
            widen(acc, (l.line.rate as { span: Span }).span);
          }
          return spanOf(acc);
        },
      });
  }
  const parts = [b.byId.energyCostPerYear, b.byId.staffCostPerYear, b.byId.maintenancePerYear, b.byId.interestPerYear];
  if (parts.every(Boolean)) {
    const v = parts.reduce((s, f) => s + f!.value, 0);
    b.add('opexPerYear', 'moneyPerYear', v, 'energy + staff + maintenance + interest per year (first year)', `${parts.map((f) => b.money(f!.value)).join(' + ')} = ${b.money(v)}`, parts.map((f) => b.ref(f!)));
  }
}

function totalFigures(b: Builder, p: Params, model: ScenarioModel, fundingLines: FundingFigures[], totalCount: number | undefined): void {
  const H = p.horizonYears;
  const L = p.lifetimeYears;
  if (H && L) {
    const v = Math.max(0, Math.floor((H.value - 1) / L.value));
    b.add('itRefreshes', 'count', v, 'floor((horizonYears − 1) / lifetimeYears)', `floor((${H.value} − 1) / ${L.value}) = ${v}`, [H.input, L.input]);
  }
  const capex = b.byId.capex;
  const itc = b.byId.itCapex;
  const fc = b.byId.facilityCapex;
  const opex = b.byId.opexPerYear;
  const interest = b.byId.interestPerYear;
  const refreshes = b.byId.itRefreshes;
  if (capex && itc && opex && interest && refreshes && H) {
    const loanTotal = loanInterestOverHorizon(model, fundingLines, H.value, b.currency);
    if (loanTotal) {
      const running = opex.value - interest.value;
      const v = capex.value + itc.value * refreshes.value + running * H.value + loanTotal.value;
      const head = [b.ref(capex), b.ref(itc), b.ref(refreshes), b.ref(opex), b.ref(interest), H.input];
      b.add('totalCost', 'money', v,
        'capex + IT capex × IT refreshes + (opex per year − interest per year) × horizonYears + Σ over loans of amount × rate × min(termYears, horizonYears)',
        `${b.money(capex.value)} + ${b.money(itc.value)} × ${refreshes.value} + ${b.money(running)} × ${H.value} + ${b.money(loanTotal.value)} = ${b.money(v)}`,
        {
          length: head.length + loanTotal.inputs.length,
          at: (i) => (i < head.length ? head[i]! : loanTotal.inputs.at(i - head.length)),
          provenance: () => provenanceOf([...head, ...loanTotal.inputs.provenance()]),
          extent: () => spanUnion([extentOf(head), loanTotal.inputs.extent()]),
        });
    }
  }
  const FL = p.facilityLifetimeYears;
  const U = p.utilization;
  if (itc && fc && opex && L && FL && U && totalCount !== undefined && totalCount > 0 && U.value > 0) {
    const hours = totalCount * HOURS_PER_YEAR * U.value;
    const yearly = itc.value / L.value + fc.value / FL.value + opex.value;
    const v = yearly / hours;
    b.add('costPerAcceleratorHour', 'moneyPerHour', v,
      '(IT capex / lifetimeYears + facility capex / facilityLifetimeYears + opex per year) / (Σ n_i × 8760 h × utilization); land is not depreciated',
      `(${b.money(itc.value)} / ${L.value} + ${b.money(fc.value)} / ${FL.value} + ${b.money(opex.value)}) / (${formatInteger(totalCount)} × 8,760 h × ${pct(U.value)}) = ${formatPerHour(v, b.currency)}`,
      [b.ref(itc), L.input, b.ref(fc), FL.input, b.ref(opex), { label: 'Σ n_i', value: formatInteger(totalCount), origin: 'figure' }, U.input]);
  }
}
