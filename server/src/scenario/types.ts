/**
 * Shared types of the scenario library. Offsets are UTF-16 code unit indices
 * into the document text, as the YAML parser reports them; the LSP layer turns
 * them into line/character positions.
 */
import type { Currency } from './quantity';

/** A half-open range of text offsets. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit in offsets: replace `span` with `text`. */
export interface TextEditSpan {
  span: Span;
  text: string;
}

/** A repair attached to a problem; the quick-fix feature turns it into a code action. */
export interface Repair {
  title: string;
  edits: TextEditSpan[];
  /** The preferred fix is applied by "auto fix" and listed first. */
  preferred?: boolean;
}

/** One problem in a scenario file, from any layer (YAML, schema, checks). */
export interface Problem {
  span: Span;
  severity: Severity;
  /** Stable identifier, e.g. `yaml-duplicate-key`, `schema-unknown-key`, `check-grid-capacity`. */
  code: string;
  message: string;
  repairs?: Repair[];
  /**
   * The text the problem was judged from, when wider than `span` (a mapping
   * that lacks a key). Below a syntax error such problems are withheld.
   */
  scope?: Span;
  /** Facts for the quick fixes, so that they never read the message text. */
  data?: ProblemData;
}

/** What a problem is about, beyond its code. */
export interface ProblemData {
  /** The key a "missing" problem names. */
  missingKey?: string;
  /** A quantity written with a unit of another kind (a currency in a power field). */
  wrongUnit?: boolean;
}

/** A value read from the file: where it is, and (for pairs) where its key is. */
export interface Located<T> {
  value: T;
  /** The value node's span. */
  span: Span;
  /** The key's span, when the value sits in a mapping pair. */
  keySpan?: Span;
}

/** A field that is written but invalid: figures that need it are not computed. */
export interface Invalid {
  invalid: true;
  span: Span;
  keySpan?: Span;
}

/**
 * A scenario field: a valid value, an invalid one, or absent (undefined), in
 * which case the documented default applies.
 */
export type Field<T> = Located<T> | Invalid | undefined;

export function isValid<T>(f: Field<T>): f is Located<T> {
  return f !== undefined && !('invalid' in f);
}

export function isInvalid<T>(f: Field<T>): f is Invalid {
  return f !== undefined && 'invalid' in f;
}

/** Money as written: amount in `currency` (undefined: the reporting currency). */
export interface MoneyValue {
  amount: number;
  currency: Currency | undefined;
}

/** An energy price as written, per MWh. */
export interface EnergyPriceValue {
  perMWh: number;
  currency: Currency | undefined;
}

export const FUNDING_TYPES = ['eu-grant', 'member-state', 'eib-loan', 'private-equity', 'private-debt', 'other'] as const;
export type FundingType = (typeof FUNDING_TYPES)[number];
export const LOAN_TYPES: readonly FundingType[] = ['eib-loan', 'private-debt'];

export interface AcceleratorLine {
  index: number;
  /** The list item's span. */
  span: Span;
  /** The span of the item's first key (where item-level problems go). */
  firstKeySpan: Span | undefined;
  model: Field<string>;
  count: Field<number>;
  unitPrice: Field<MoneyValue>;
  /** Watts per accelerator. */
  power: Field<number>;
}

export interface FundingLine {
  index: number;
  span: Span;
  firstKeySpan: Span | undefined;
  name: Field<string>;
  /** Valid only for one of {@link FUNDING_TYPES}. */
  type: Field<FundingType>;
  amount: Field<MoneyValue>;
  /** Yearly interest rate as a fraction. */
  rate: Field<number>;
  termYears: Field<number>;
}

/** A section (mapping) of the file, where it is. */
export interface Section {
  keySpan: Span;
  span: Span;
  /** Offset just after the key's colon, for hints placed after `hardware:`. */
  colonEnd: number;
}

/**
 * The scenario as the cost model and the checks read it: every field typed,
 * located, and already validated. Built from the YAML tree by `readScenario`.
 */
export interface ScenarioModel {
  metadata: { name: Field<string>; title: Field<string> };
  /** The reporting currency field; absent means EUR. */
  currency: Field<Currency>;
  horizonYears: Field<number>;
  assumptions: {
    usdPerEur: Field<number>;
    /** Fraction. */
    utilization: Field<number>;
    facilityLifetimeYears: Field<number>;
  };
  site: {
    name: Field<string>;
    country: Field<string>;
    /** Watts. */
    gridCapacity: Field<number>;
    /** g CO2 per kWh. */
    gridIntensity: Field<number>;
    gridAvailableFrom: Field<number>;
    landCost: Field<MoneyValue>;
    buildCostPerMW: Field<MoneyValue>;
  };
  hardware: {
    section: Section | undefined;
    acceleratorsKey: Span | undefined;
    accelerators: AcceleratorLine[];
    /** Whether `hardware.accelerators` is written as a valid list. */
    acceleratorsValid: boolean;
    hostOverhead: Field<number>;
    systems: Field<number>;
    networking: Field<number>;
    storage: Field<number>;
    lifetimeYears: Field<number>;
  };
  power: {
    pue: Field<number>;
    price: Field<EnergyPriceValue>;
    renewableShare: Field<number>;
  };
  operations: {
    staff: Field<number>;
    costPerStaff: Field<MoneyValue>;
    /** Fraction of capex per year. */
    maintenance: Field<number>;
  };
  timeline: { start: Field<number>; operational: Field<number> };
  fundingKey: Span | undefined;
  funding: FundingLine[];
  fundingValid: boolean;
  constraints: {
    minAccelerators: Field<number>;
    maxEuAmount: Field<MoneyValue>;
    /** Fraction. */
    maxEuShare: Field<number>;
    fundingCovers: Field<'capex' | 'total'>;
  };
}
