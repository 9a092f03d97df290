/**
 * The cost model's parameters: the {@link Params} type (every parameter after
 * defaults, in the units the formulas use), and resolving the money parameters
 * and the parameters the site's country chooses (price, build cost, grid
 * intensity) with their provenance. The plain ones are resolved with
 * `param` (figureBuilder.ts) in `computeFigures`.
 */
import { EU_EEA_CODES, type Catalog, type Default, type SourceRef } from './catalog';
import { fromDefault, input } from './figure';
import { withExtent, type Builder, type Money, type Param } from './figureBuilder';
import { formatNumber } from './format';
import type { Currency } from './quantity';
import { isInvalid, isValid, type Field, type MoneyValue, type ScenarioModel } from './types';

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

export function moneyParam(b: Builder, field: Field<MoneyValue>, label: string, def: Default<{ amount: number; currency: Currency }> | undefined, suffix: string): Param<number> | undefined {
  if (isInvalid(field)) return undefined;
  const m: Money | undefined = isValid(field) ? field.value : def?.value;
  if (!m) return undefined;
  const v = b.convert(m);
  if (v === undefined) return undefined;
  const text = b.moneyText(m, v, suffix);
  return { value: v, input: isValid(field) ? input(label, text, field) : fromDefault(label, text, def!) };
}

/** Price, build cost and grid intensity: written, or from the country table, or the documented fallbacks. */
export function resolveCountryParams(model: ScenarioModel, catalog: Catalog, b: Builder, p: Params): void {
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
