/**
 * An independent walk over the line figures that gives the long sums'
 * statistics (aggregates.ts), written separately from the collectors the cost
 * model uses: test/unit/hover.test.ts compares the statistics an analysis
 * keeps with this walk.
 */
import { CATALOG_POWER, CATALOG_PRICE, ID_IS_MODEL, type AcceleratorFigures, type FundingFigures } from '../../../server/src/scenario/acceleratorLines';
import { offer, TOP, type AcceleratorStats, type FundingStats, type LineInputStats } from '../../../server/src/scenario/aggregates';
import type { AcceleratorEntry } from '../../../server/src/scenario/catalog';
import type { Figures } from '../../../server/src/scenario/costModel';

function count(st: LineInputStats, keys: (AcceleratorEntry | string)[], key: AcceleratorEntry | string, i: number): void {
  st.catalog++;
  const at = keys.indexOf(key);
  if (at < 0) {
    keys.push(key);
    st.first.push(i);
    st.uses.push(1);
  } else st.uses[at]!++;
}

function emptyStats(): LineInputStats {
  return { catalog: 0, written: 0, first: [], uses: [] };
}

/** The accelerator lines' statistics, from a walk over the line figures. */
export function walkAcceleratorStats(figures: Figures): AcceleratorStats {
  const lines = figures.lines as AcceleratorFigures[];
  const price = emptyStats();
  const power = emptyStats();
  // Catalog defaults by entry (compared by identity) or by model id, as the cost model's provenance keys them: a short list.
  const priceKeys: (AcceleratorEntry | string)[] = [];
  const powerKeys: (AcceleratorEntry | string)[] = [];
  const topCapex: number[] = [];
  const capexVals: number[] = [];
  const topLoad: number[] = [];
  const loadVals: number[] = [];
  let capexMin = -Infinity;
  let loadMin = -Infinity;
  for (let i = 0; i < lines.length; i++) {
    const lf = lines[i]!;
    const flags = lf.flags;
    if ((flags & (CATALOG_PRICE | CATALOG_POWER)) !== 0) {
      const key = (flags & ID_IS_MODEL) !== 0 ? lf.entry! : (lf.line.model as { value: string }).value;
      if ((flags & CATALOG_PRICE) !== 0) count(price, priceKeys, key, i);
      if ((flags & CATALOG_POWER) !== 0) count(power, powerKeys, key, i);
    }
    if ((flags & CATALOG_PRICE) === 0 && lf.price !== undefined) price.written++;
    if ((flags & CATALOG_POWER) === 0 && lf.watts !== undefined) power.written++;
    const c = lf.capexValue;
    if (c !== undefined && c > capexMin) {
      offer(topCapex, capexVals, i, c);
      if (topCapex.length === TOP) capexMin = capexVals[TOP - 1]!;
    }
    const n = lf.n;
    const w = lf.watts;
    if (n !== undefined && w !== undefined && n * w > loadMin) {
      offer(topLoad, loadVals, i, n * w);
      if (topLoad.length === TOP) loadMin = loadVals[TOP - 1]!;
    }
  }
  return { lines: lines.length, price, power, topCapex, topLoad };
}

/** The funding lines' statistics, from a walk over the line figures. */
export function walkFundingStats(figures: Figures): FundingStats {
  const lines = figures.fundingLines as FundingFigures[];
  const topAmount: number[] = [];
  const amountVals: number[] = [];
  const topEu: number[] = [];
  const euVals: number[] = [];
  const topInterest: number[] = [];
  const interestVals: number[] = [];
  let eu = 0;
  let loans = 0;
  let firstDefaultTerm = -1;
  let defaultTerms = 0;
  for (let i = 0; i < lines.length; i++) {
    const fl = lines[i]!;
    const a = fl.amount;
    if (a !== undefined) offer(topAmount, amountVals, i, a);
    if (fl.type === 'eu-grant') {
      eu++;
      if (a !== undefined) offer(topEu, euVals, i, a);
    }
    if (fl.loan) {
      if (fl.defaultTerm) {
        if (firstDefaultTerm < 0) firstDefaultTerm = loans;
        defaultTerms++;
      }
      loans++;
      if (a !== undefined && fl.rate !== undefined) offer(topInterest, interestVals, i, a * fl.rate);
    }
  }
  return { lines: lines.length, topAmount, eu, topEu, loans, firstDefaultTerm, defaultTerms, topInterest };
}

