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
import { EU_EEA_CODES, type AcceleratorEntry, type Catalog, type Default, type SourceRef } from './catalog';
import { resolveLine, withItLoad, withItLoadReused } from './acceleratorLines';
import {
  formatInteger, formatMW, formatMWh, formatMoneyCents, formatMoneyPrecise, formatNumber, formatPerHour, formatTonnes,
} from './format';
import { fromDefault, input, makeFigure, sumText, type Figure, type FigureId, type FigureInput } from './figure';
import { Builder, id, param, pct, withExtent, years, type Money } from './figureBuilder';
import type { Currency } from './quantity';
import { LOAN_TYPES, isInvalid, isValid, type Field, type FundingType, type MoneyValue, type ScenarioModel, type Span } from './types';

export const HOURS_PER_YEAR = 8760;

export {
  FIGURE_NAMES, FIGURE_ORDER, formatFigureValue, spanUnion,
  type Figure, type FigureId, type FigureInput, type FigureKind,
} from './figure';
/** A resolved parameter: its value (money already in the reporting currency) and provenance. */
export interface Param<T> {
  value: T;
  input: FigureInput;
}

export interface AcceleratorLineFigures {
  index: number;
  /** The catalog entry of the line's model, when it is one. */
  entry?: AcceleratorEntry;
  count?: Param<number>;
  /** Unit price in the reporting currency. */
  unitPrice?: Param<number>;
  /** Watts per accelerator. */
  power?: Param<number>;
  capex?: Figure;
  itLoad?: Figure;
}

export interface FundingLineFigures {
  index: number;
  /** The amount in the reporting currency. */
  amount?: number;
  type?: FundingType;
  /** Share of capex. */
  share?: Figure;
}

/** Parameters after defaults, in the units the formulas use. */
export interface Params {
  usdPerEur?: Param<number>;
  utilization?: Param<number>;
  facilityLifetimeYears?: Param<number>;
  horizonYears?: Param<number>;
  hostOverhead?: Param<number>;
  systems?: Param<number>;
  networking?: Param<number>;
  storage?: Param<number>;
  lifetimeYears?: Param<number>;
  pue?: Param<number>;
  /** Per MWh, reporting currency. */
  price?: Param<number>;
  renewableShare?: Param<number>;
  /** g CO2 per kWh. */
  gridIntensity?: Param<number>;
  /** MW. */
  gridCapacity?: Param<number>;
  landCost?: Param<number>;
  /** Per MW of IT load, reporting currency. */
  buildCostPerMW?: Param<number>;
  staff?: Param<number>;
  costPerStaff?: Param<number>;
  maintenance?: Param<number>;
  minAccelerators?: Param<number>;
  maxEuAmount?: Param<number>;
  maxEuShare?: Param<number>;
  fundingCovers?: Param<'capex' | 'total'>;
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
 * The line-local figures of accelerator lines (count, unit price, power, line
 * capex: everything but the IT load, which also depends on hostOverhead), by
 * line object, computed before with the same catalog. The incremental
 * analyzer passes one and keeps the cached figures' spans with their line;
 * `key` stands for everything else they depend on (the currencies).
 */
export interface LineFiguresCache {
  get(line: ScenarioModel['hardware']['accelerators'][number], key: string): AcceleratorLineFigures | undefined;
  set(line: ScenarioModel['hardware']['accelerators'][number], key: string, figures: AcceleratorLineFigures): void;
}

/**
 * Computes every figure of the spec's cost-model table that the scenario's
 * valid inputs allow, with provenance. Money is in the reporting currency.
 */
export function computeFigures(model: ScenarioModel, catalog: Catalog, cache?: LineFiguresCache): Figures {
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

  const lineKey = b.lineKey;
  const lines = model.hardware.accelerators.map((line) => {
    let own = cache?.get(line, lineKey);
    if (!own) {
      own = resolveLine(line, catalog, b);
      cache?.set(line, lineKey, own);
    }
    return cache ? withItLoadReused(line, own, b, p, lineKey) : withItLoad(line, own, b, p);
  });
  const fundingLines: FundingLineFigures[] = model.funding.map((f) => {
    const out: FundingLineFigures = { index: f.index };
    if (isValid(f.amount)) {
      const a = b.convert(f.amount.value);
      if (a !== undefined) out.amount = a;
    }
    if (isValid(f.type)) out.type = f.type.value;
    return out;
  });

  const figures: Figures = { currency, byId: b.byId, lines, fundingLines, params: p };
  const acceleratorsOk = model.hardware.acceleratorsValid;
  if (acceleratorsOk && lines.every((l) => l.count)) figures.totalCount = lines.reduce((s, l) => s + l.count!.value, 0);

  capexFigures(b, p, lines, acceleratorsOk);
  opexFigures(b, p, model, fundingLines);
  totalFigures(b, p, model, fundingLines, figures.totalCount);
  fundingFigures(b, p, model, fundingLines);
  return figures;
}

function moneyParam(b: Builder, field: Field<MoneyValue>, label: string, def: Default<{ amount: number; currency: Currency }> | undefined, suffix: string): Param<number> | undefined {
  if (isInvalid(field)) return undefined;
  const m: Money | undefined = isValid(field) ? field.value : def?.value;
  if (!m) return undefined;
  const v = b.convert(m);
  if (v === undefined) return undefined;
  const text = b.moneyText(m, v, suffix);
  return { value: v, input: isValid(field) ? input(label, text, field) : fromDefault(label, text, def!) };
}

/** Price, build cost and grid intensity: written, or from the country table, or the documented fallbacks. */
function resolveCountryParams(model: ScenarioModel, catalog: Catalog, b: Builder, p: Params): void {
  const d = catalog.defaults;
  const c = model.site.country;
  // An invalid or unknown country gives no country defaults: they would be guesses.
  const known = !isInvalid(c) && (!isValid(c) || catalog.countries.has(c.value) || EU_EEA_CODES.has(c.value));
  const row = isValid(c) ? catalog.countries.get(c.value) : undefined;
  const where = isValid(c) ? c.value : 'no country';

  const price = model.power.price;
  if (isValid(price)) {
    const m = { amount: price.value.perMWh, currency: price.value.currency };
    const v = b.convert(m);
    if (v !== undefined) p.price = { value: v, input: input('price', b.moneyText(m, v, '/MWh'), price) };
  } else if (price === undefined && known) {
    const src = row?.price;
    const m = src ? { amount: src.perMWh, currency: src.currency } : { amount: d.euAveragePrice.value.perMWh, currency: d.euAveragePrice.value.currency };
    const v = b.convert(m);
    const source = src ? withBand(src.source, src.band, src.euAverage) : d.euAveragePrice.source;
    const label = src && !src.euAverage ? `price (${where})` : `price (EU average, ${where})`;
    if (v !== undefined) p.price = { value: v, input: withExtent({ label, value: b.moneyText(m, v, '/MWh'), origin: 'default', source }, c) };
  }

  const build = model.site.buildCostPerMW;
  if (isValid(build)) {
    const v = b.convert(build.value);
    if (v !== undefined) p.buildCostPerMW = { value: v, input: input('buildCostPerMW', b.moneyText(build.value, v, ' per MW'), build) };
  } else if (build === undefined && known) {
    const src = row?.buildCostPerMW;
    const m = src ? { amount: src.amount, currency: src.currency } : d.buildCostPerMW.value;
    const v = b.convert(m);
    let source = src ? src.source : d.buildCostPerMW.source;
    if (!src && row?.buildCostNote) source = { ...source, note: `${row.buildCostNote} ${source.note ?? ''}`.trim() };
    const label = src ? `buildCostPerMW (${where})` : `buildCostPerMW (regional average, ${where})`;
    if (v !== undefined) p.buildCostPerMW = { value: v, input: withExtent({ label, value: b.moneyText(m, v, ' per MW'), origin: 'default', source }, c) };
  }

  const gi = model.site.gridIntensity;
  if (isValid(gi)) p.gridIntensity = { value: gi.value, input: input('gridIntensity', `${formatNumber(gi.value)} g CO2/kWh`, gi) };
  else if (gi === undefined && row?.carbon) {
    p.gridIntensity = { value: row.carbon.gPerKWh, input: withExtent({ label: `gridIntensity (${where})`, value: `${formatNumber(row.carbon.gPerKWh)} g CO2/kWh`, origin: 'default', source: row.carbon.source }, c) };
  }
}

function withBand(s: SourceRef, band: string | undefined, euAverage: boolean): SourceRef {
  const parts = [band ? `band ${band}` : '', euAverage ? 'EU average: no country figure found' : '', s.note ?? ''].filter(Boolean);
  return parts.length ? { ...s, note: parts.join('; ') } : s;
}

/** Two inputs per line, in line order; a plain loop, since flatMap allocates an array per line. */
function pairsOf(lines: AcceleratorLineFigures[], first: (l: AcceleratorLineFigures) => FigureInput, second: (l: AcceleratorLineFigures) => FigureInput): FigureInput[] {
  const out: FigureInput[] = [];
  for (const l of lines) out.push(first(l), second(l));
  return out;
}

function capexFigures(b: Builder, p: Params, lines: AcceleratorLineFigures[], ok: boolean): void {
  const C = b.currency;
  if (ok && lines.every((l) => l.capex)) {
    const v = lines.reduce((s, l) => s + l.capex!.value, 0);
    const expr = () => sumText(lines, (l) => `${formatInteger(l.count!.value)} × ${formatMoneyCents(l.unitPrice!.value, C)}`);
    b.add('acceleratorsCapex', 'money', v, 'Σ n_i × p_i', () => `${expr()} = ${b.money(v)}`, pairsOf(lines, (l) => l.count!.input, (l) => l.unitPrice!.input));
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
  if (ok && lines.every((l) => l.itLoad)) {
    const v = lines.reduce((s, l) => s + l.itLoad!.value, 0);
    const expr = () => sumText(lines, (l) => `${formatInteger(l.count!.value)} × ${formatInteger(l.power!.value)} W`);
    const inputs = pairsOf(lines, (l) => l.count!.input, (l) => l.power!.input);
    inputs.push(p.hostOverhead!.input);
    b.add('itLoad', 'power', v, 'Σ n_i × w_i × (1 + hostOverhead)', () => `(${expr()}) × (1 + ${pct(p.hostOverhead!.value)}) = ${formatMW(v)}`, inputs);
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

/** Loans' yearly interest, or undefined when a line's type or a loan's amount or rate is not known. */
function loans(model: ScenarioModel, fundingLines: FundingLineFigures[]): { amount: number; rate: number; term: Field<number>; inputs: FigureInput[] }[] | undefined {
  // No funding section at all: nothing is borrowed (yet). A written but broken one: unknown.
  if (model.fundingKey === undefined) return [];
  if (!model.fundingValid) return undefined;
  const out: { amount: number; rate: number; term: Field<number>; inputs: FigureInput[] }[] = [];
  for (const line of model.funding) {
    const fl = fundingLines[line.index]!;
    if (!fl.type) return undefined;
    if (!LOAN_TYPES.includes(fl.type)) continue;
    if (fl.amount === undefined || !isValid(line.amount) || !isValid(line.rate)) return undefined;
    const name = isValid(line.name) ? line.name.value : `funding line ${line.index + 1}`;
    out.push({
      amount: fl.amount, rate: line.rate.value, term: line.termYears,
      inputs: [input(`amount (${name})`, () => formatMoneyPrecise(fl.amount!, currencyOf(model)), line.amount), input(`rate (${name})`, () => pct((line.rate as { value: number }).value), line.rate)],
    });
  }
  return out;
}

function currencyOf(model: ScenarioModel): Currency {
  return isValid(model.currency) ? model.currency.value : 'EUR';
}

function opexFigures(b: Builder, p: Params, model: ScenarioModel, fundingLines: FundingLineFigures[]): void {
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
    const v = ls.reduce((s, l) => s + l.amount * l.rate, 0);
    const expr = () => (ls.length ? sumText(ls, (l) => `${b.money(l.amount)} × ${pct(l.rate)}`) : 'no loans');
    b.add('interestPerYear', 'moneyPerYear', v, 'Σ over loans of amount × rate (simple interest; repaying the principal is financing, not cost)',
      () => `${expr()} = ${b.money(v)}`, ls.flatMap((l) => l.inputs));
  }
  const parts = [b.byId.energyCostPerYear, b.byId.staffCostPerYear, b.byId.maintenancePerYear, b.byId.interestPerYear];
  if (parts.every(Boolean)) {
    const v = parts.reduce((s, f) => s + f!.value, 0);
    b.add('opexPerYear', 'moneyPerYear', v, 'energy + staff + maintenance + interest per year (first year)', `${parts.map((f) => b.money(f!.value)).join(' + ')} = ${b.money(v)}`, parts.map((f) => b.ref(f!)));
  }
}

function totalFigures(b: Builder, p: Params, model: ScenarioModel, fundingLines: FundingLineFigures[], totalCount: number | undefined): void {
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
    const loanTotal = loanInterestOverHorizon(model, fundingLines, H.value);
    if (loanTotal) {
      const running = opex.value - interest.value;
      const v = capex.value + itc.value * refreshes.value + running * H.value + loanTotal.value;
      b.add('totalCost', 'money', v,
        'capex + IT capex × IT refreshes + (opex per year − interest per year) × horizonYears + Σ over loans of amount × rate × min(termYears, horizonYears)',
        `${b.money(capex.value)} + ${b.money(itc.value)} × ${refreshes.value} + ${b.money(running)} × ${H.value} + ${b.money(loanTotal.value)} = ${b.money(v)}`,
        [b.ref(capex), b.ref(itc), b.ref(refreshes), b.ref(opex), b.ref(interest), H.input, ...loanTotal.inputs]);
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

/** Σ over loans of amount × rate × min(termYears, horizonYears); undefined when a term is invalid. */
function loanInterestOverHorizon(model: ScenarioModel, fundingLines: FundingLineFigures[], horizon: number): { value: number; inputs: FigureInput[] } | undefined {
  const ls = loans(model, fundingLines);
  if (!ls) return undefined;
  let value = 0;
  const inputs: FigureInput[] = [];
  for (const l of ls) {
    if (isInvalid(l.term)) return undefined;
    const term = isValid(l.term) ? l.term.value : horizon;
    value += l.amount * l.rate * Math.min(term, horizon);
    inputs.push(...l.inputs);
    inputs.push(isValid(l.term) ? input('termYears', years(l.term.value), l.term) : { label: 'termYears', value: `${horizon} years (horizonYears)`, origin: 'default' });
  }
  return { value, inputs };
}

function fundingFigures(b: Builder, p: Params, model: ScenarioModel, fundingLines: FundingLineFigures[]): void {
  const C = b.currency;
  const capex = b.byId.capex;
  if (model.fundingValid && model.funding.every((f) => fundingLines[f.index]!.amount !== undefined)) {
    const v = fundingLines.reduce((s, f) => s + f.amount!, 0);
    const inputs = model.funding.map((f) => input(`amount (${isValid(f.name) ? f.name.value : `line ${f.index + 1}`})`, () => formatMoneyPrecise(fundingLines[f.index]!.amount!, C), f.amount as { span: Span }));
    const terms = () => sumText(fundingLines, (f) => b.money(f.amount!));
    b.add('funding', 'money', v, 'Σ funding amounts', () => `${terms()} = ${b.money(v)}`, inputs);
  }
  const funding = b.byId.funding;
  const covers = p.fundingCovers;
  if (funding && covers) {
    const against = covers.value === 'total' ? b.byId.totalCost : capex;
    if (against) {
      const v = funding.value - against.value;
      b.add('fundingGap', 'money', v, `funding − ${covers.value === 'total' ? 'total cost over horizonYears' : 'capex'}`,
        `${b.money(funding.value)} − ${b.money(against.value)} = ${b.money(v)}`, [b.ref(funding), b.ref(against), covers.input]);
    }
  }
  // EU figures need every line's type: a line of unknown type might be EU money.
  if (model.fundingValid && fundingLines.every((f) => f.type !== undefined)) {
    const eu = model.funding.filter((f) => fundingLines[f.index]!.type === 'eu-grant');
    if (eu.every((f) => fundingLines[f.index]!.amount !== undefined)) {
      const v = eu.reduce((s, f) => s + fundingLines[f.index]!.amount!, 0);
      const inputs = eu.map((f) => input(`amount (${isValid(f.name) ? f.name.value : `line ${f.index + 1}`})`, () => formatMoneyPrecise(fundingLines[f.index]!.amount!, C), f.amount as { span: Span }));
      const terms = () => sumText(eu, (f) => b.money(fundingLines[f.index]!.amount!));
      b.add('euAmount', 'money', v, 'Σ eu-grant amounts', () => `${eu.length ? terms() : 'no eu-grant lines'} = ${b.money(v)}`, inputs);
      const euAmount = b.byId.euAmount;
      if (euAmount && capex && capex.value > 0) {
        const s = euAmount.value / capex.value;
        b.add('euShare', 'share', s, 'Σ eu-grant amounts / capex', `${b.money(euAmount.value)} / ${b.money(capex.value)} = ${pct(s)}`, [b.ref(euAmount), b.ref(capex)]);
      }
    }
  }
  if (capex && capex.value > 0) {
    const capexRef = b.ref(capex);
    for (const f of model.funding) {
      const fl = fundingLines[f.index]!;
      if (fl.amount === undefined) continue;
      const s = fl.amount / capex.value;
      const name = isValid(f.name) ? f.name.value : `funding line ${f.index + 1}`;
      const amount = fl.amount;
      fl.share = makeFigure('fundingShare', `share of capex (${name})`, 'share', s, C, 'amount / capex',
        () => `${b.money(amount)} / ${b.money(capex.value)} = ${pct(s)}`, [input(`amount (${name})`, () => b.money(amount), f.amount as { span: Span }), capexRef]);
    }
  }
  const e = b.byId.energyPerYear;
  if (e && p.renewableShare && p.gridIntensity) {
    const v = (e.value * (1 - p.renewableShare.value) * p.gridIntensity.value) / 1000;
    b.add('emissionsPerYear', 'emissions', v, 'energy per year × (1 − renewableShare) × gridIntensity / 1000',
      `${formatMWh(e.value)} × (1 − ${pct(p.renewableShare.value)}) × ${formatNumber(p.gridIntensity.value)} g/kWh / 1000 = ${formatTonnes(v)}`,
      [b.ref(e), p.renewableShare.input, p.gridIntensity.input]);
  }
}
