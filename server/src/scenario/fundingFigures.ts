/**
 * The funding side of the cost model: loans (their yearly interest, and their
 * interest over the horizon, with the inputs of each loan), and the figures
 * over the funding lines: funding, the funding gap, the EU amount and share
 * (and emissions per year, computed last). The per-line loops that sum the
 * funding lines stay in `computeFigures` (costModel.ts), which hands their
 * {@link LineSums} here.
 */
import type { FundingFigures, LineContext } from './acceleratorLines';
import { input, sumText, type FigureInput, type InputList } from './figure';
import { pct, spanOf, widen, years, type Builder } from './figureBuilder';
import type { Params } from './figureParams';
import { formatMWh, formatMoneyPrecise, formatNumber, formatTonnes } from './format';
import type { Currency } from './quantity';
import { isValid, type ScenarioModel, type Span } from './types';

/** Sums over the list lines, each in line order from 0, as a reduce over the lines would add them. */
export interface LineSums {
  /** Σ n_i, Σ capex_i and Σ IT load_i, and whether every line has the term. */
  count: number; allCount: boolean;
  capex: number; allCapex: boolean;
  itLoad: number; allItLoad: boolean;
  /** Σ funding amounts; of eu-grant lines; whether every line has an amount, a type; every eu-grant line an amount. */
  funding: number; allAmounts: boolean; allTypes: boolean;
  eu: number; euCount: number; allEuAmounts: boolean;
}

/**
 * Loans' yearly interest (Σ amount × rate, in line order) and how many there
 * are, or undefined when a line's type or a loan's amount or rate is not known.
 */
export function loans(model: ScenarioModel, fundingLines: FundingFigures[]): { count: number; interest: number } | undefined {
  // No funding section at all: nothing is borrowed (yet). A written but broken one: unknown.
  if (model.fundingKey === undefined) return { count: 0, interest: 0 };
  if (!model.fundingValid) return undefined;
  let count = 0;
  let interest = 0;
  for (const fl of fundingLines) {
    if (!fl.type) return undefined;
    if (!fl.loan) continue;
    if (!fl.loanKnown) return undefined;
    count++;
    interest += fl.amount! * fl.rate!;
  }
  return { count, interest };
}

/** A loan's name in its inputs' labels. */
function loanName(fl: FundingFigures): string {
  return isValid(fl.line.name) ? fl.line.name.value : `funding line ${fl.index + 1}`;
}

export function loanAmountInput(fl: FundingFigures, C: Currency): FigureInput {
  return input(`amount (${loanName(fl)})`, () => formatMoneyPrecise(fl.amount!, C), fl.line.amount as { span: Span });
}

export function rateOf(fl: FundingFigures): number {
  return fl.rate!;
}

export function loanRateInput(fl: FundingFigures): FigureInput {
  return input(`rate (${loanName(fl)})`, () => pct(rateOf(fl)), fl.line.rate as { span: Span });
}

/**
 * Σ over loans of amount × rate × min(termYears, horizonYears), in line order,
 * with the inputs (amount, rate, term of each loan); undefined when a term is invalid.
 */
export function loanInterestOverHorizon(model: ScenarioModel, fundingLines: FundingFigures[], horizon: number, C: Currency): { value: number; inputs: InputList } | undefined {
  const ls = loans(model, fundingLines);
  if (!ls) return undefined;
  let value = 0;
  for (const fl of fundingLines) {
    if (!fl.loan) continue;
    if (fl.termInvalid) return undefined;
    const term = fl.term !== undefined ? fl.term : horizon;
    value += fl.amount! * fl.rate! * Math.min(term, horizon);
  }
  let list: FundingFigures[] | undefined;
  const loanLines = () => (list ??= fundingLines.filter((f) => f.loan));
  const termInput = (fl: FundingFigures): FigureInput => {
    const t = fl.line.termYears;
    return isValid(t) ? input('termYears', years(t.value), t) : { label: 'termYears', value: `${horizon} years (horizonYears)`, origin: 'default' };
  };
  const inputs: InputList = {
    length: 3 * ls.count,
    at: (i) => {
      const l = loanLines()[Math.floor(i / 3)]!;
      const k = i % 3;
      return k === 0 ? loanAmountInput(l, C) : k === 1 ? loanRateInput(l) : termInput(l);
    },
    // Amounts and rates are written; a term not written is the one default, labelled the same for every loan.
    provenance: () => {
      const l = loanLines().find((f) => !isValid(f.line.termYears));
      return l ? [termInput(l)] : [];
    },
    extent: () => {
      const acc: [number, number] = [Infinity, -Infinity];
      for (const l of loanLines()) {
        widen(acc, (l.line.amount as { span: Span }).span);
        widen(acc, (l.line.rate as { span: Span }).span);
        const t = l.line.termYears;
        if (isValid(t)) widen(acc, t.span);
      }
      return spanOf(acc);
    },
  };
  return { value, inputs };
}

/** The amount inputs of funding lines (all written in the file), as an {@link InputList}. */
function amountInputs(lines: () => FundingFigures[], length: number, C: Currency): InputList {
  return {
    length,
    at: (i) => {
      const fl = lines()[i]!;
      const f = fl.line;
      return input(`amount (${isValid(f.name) ? f.name.value : `line ${f.index + 1}`})`, () => formatMoneyPrecise(fl.amount!, C), f.amount as { span: Span });
    },
    provenance: () => [],
    extent: () => {
      const acc: [number, number] = [Infinity, -Infinity];
      for (const fl of lines()) widen(acc, (fl.line.amount as { span: Span }).span);
      return spanOf(acc);
    },
  };
}

export function fundingAggregates(b: Builder, p: Params, model: ScenarioModel, fundingLines: FundingFigures[], sums: LineSums, ctx: LineContext): void {
  const C = b.currency;
  const capex = b.byId.capex;
  if (model.fundingValid && sums.allAmounts) {
    const v = sums.funding;
    const terms = () => sumText(fundingLines, (f) => b.money(f.amount!));
    b.add('funding', 'money', v, 'Σ funding amounts', () => `${terms()} = ${b.money(v)}`, amountInputs(() => fundingLines, fundingLines.length, C));
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
  if (model.fundingValid && sums.allTypes && sums.allEuAmounts) {
    const v = sums.eu;
    let list: FundingFigures[] | undefined;
    const eu = () => (list ??= fundingLines.filter((f) => f.type === 'eu-grant'));
    const terms = () => sumText(eu(), (f) => b.money(f.amount!));
    b.add('euAmount', 'money', v, 'Σ eu-grant amounts', () => `${sums.euCount ? terms() : 'no eu-grant lines'} = ${b.money(v)}`, amountInputs(eu, sums.euCount, C));
    const euAmount = b.byId.euAmount;
    if (euAmount && capex && capex.value > 0) {
      const s = euAmount.value / capex.value;
      b.add('euShare', 'share', s, 'Σ eu-grant amounts / capex', `${b.money(euAmount.value)} / ${b.money(capex.value)} = ${pct(s)}`, [b.ref(euAmount), b.ref(capex)]);
    }
  }
  if (capex && capex.value > 0) {
    // Each line's share is built when read, against this capex.
    ctx.shares = { capex, ref: b.ref(capex) };
  }
  const e = b.byId.energyPerYear;
  if (e && p.renewableShare && p.gridIntensity) {
    const v = (e.value * (1 - p.renewableShare.value) * p.gridIntensity.value) / 1000;
    b.add('emissionsPerYear', 'emissions', v, 'energy per year × (1 − renewableShare) × gridIntensity / 1000',
      `${formatMWh(e.value)} × (1 − ${pct(p.renewableShare.value)}) × ${formatNumber(p.gridIntensity.value)} g/kWh / 1000 = ${formatTonnes(v)}`,
      [b.ref(e), p.renewableShare.input, p.gridIntensity.input]);
  }
}
