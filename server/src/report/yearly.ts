/**
 * The cost of each year of the horizon, for the "cost by year" chart: the
 * running costs of every year, each loan's interest while its term lasts, and
 * the IT refreshes in the years they fall. Every number is a figure of the
 * cost model or one of its resolved inputs; the years add up to the model's
 * total cost minus capex (the report's tests check that they do).
 */
import type { Figures } from '../scenario/costModel';
import { isValid, LOAN_TYPES, type ScenarioModel } from '../scenario/types';

export type YearSeries = 'energy' | 'staff' | 'maintenance' | 'interest' | 'refresh';

export interface YearCost {
  /** 1-based year of operation. */
  year: number;
  /** Calendar year, when `timeline.operational` is known. */
  calendarYear?: number;
  parts: Record<YearSeries, number>;
  total: number;
}

export interface YearlyCosts {
  years: YearCost[];
  /** Whether interest follows each loan's term; false when a term is unknown (then every year carries the first-year interest). */
  interestByTerm: boolean;
}

/** The yearly costs over `horizonYears`, or undefined when the figures they need are not computed. */
export function yearlyCosts(model: ScenarioModel, figures: Figures): YearlyCosts | undefined {
  const f = figures.byId;
  const H = figures.params.horizonYears?.value;
  const L = figures.params.lifetimeYears?.value;
  const energy = f.energyCostPerYear?.value;
  const staff = f.staffCostPerYear?.value;
  const maintenance = f.maintenancePerYear?.value;
  const interest = f.interestPerYear?.value;
  if (H === undefined || energy === undefined || staff === undefined || maintenance === undefined || interest === undefined) return undefined;

  // Each loan's yearly interest and term, as the total-cost formula reads them.
  const loans: { yearly: number; term: number }[] = [];
  let interestByTerm = true;
  for (const line of model.funding) {
    const fl = figures.fundingLines[line.index];
    if (!fl?.type || !LOAN_TYPES.includes(fl.type)) continue;
    if (fl.amount === undefined || !isValid(line.rate) || (line.termYears !== undefined && !isValid(line.termYears))) {
      interestByTerm = false;
      break;
    }
    loans.push({ yearly: fl.amount * line.rate.value, term: isValid(line.termYears) ? line.termYears.value : H });
  }

  const refreshes = f.itRefreshes?.value ?? 0;
  const itCapex = f.itCapex?.value;
  const operational = isValid(model.timeline.operational) ? model.timeline.operational.value : undefined;
  const years: YearCost[] = [];
  for (let y = 1; y <= H; y++) {
    const yearInterest = interestByTerm ? loans.reduce((s, l) => s + (y <= l.term ? l.yearly : 0), 0) : interest;
    // IT is replaced at the start of years L+1, 2L+1, …: floor((H − 1) / L) times in all.
    const refresh = itCapex !== undefined && L !== undefined && y > 1 && (y - 1) % L === 0 && (y - 1) / L <= refreshes ? itCapex : 0;
    const parts = { energy, staff, maintenance, interest: yearInterest, refresh };
    const row: YearCost = { year: y, parts, total: energy + staff + maintenance + yearInterest + refresh };
    if (operational !== undefined) row.calendarYear = operational + y - 1;
    years.push(row);
  }
  return { years, interestByTerm };
}
