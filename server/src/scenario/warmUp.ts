/**
 * Work the server does once, when it is idle after `initialize`, so that the
 * first real document does not pay for V8 compiling the code it runs. It
 * changes no result: every cache it touches is keyed by its own objects or
 * text, or holds formatted numbers that read the same whoever formats them
 * first; nothing it computes is kept.
 *
 * - {@link warmUp}: hints and hovers once on a small scenario. V8 compiles a
 *   function when it is first called: the first hints on an opened
 *   50,000-line file ran about 2 ms of their 3 in code seen for the first
 *   time (formatting, figures built when read, tooltips, grouped sums), the
 *   first hover likewise.
 * - {@link analysisWarmUpSteps}: whole analyses (and two incremental edits)
 *   of a generated scenario of about 500 lines, a dozen times. V8 optimizes a
 *   function only after it has run for a while; until then the reader, the
 *   model, the schema validators and the cost model run in its interpreter.
 *   Opening a 50,000-line file right after start-up took 500–600 ms, of which
 *   about 200 ms went to running still unoptimized code; after these steps
 *   (150–200 ms of CPU, in turns of 10–40 ms between which the server
 *   answers messages) it took 250–350 ms. The extension starts the server when
 *   a workspace with scenario files opens, usually before the first of them
 *   is opened.
 */
import { computeFigures } from './costModel';
import { readScenario } from './model';
import { parseYaml } from './yamlDocument';
import type { Catalog } from './catalog';
import { hover } from './hover';
import { IncrementalAnalyzer } from './incremental/analyzer';
import { LOAN_TYPES, type FundingType } from './types';
import { ALL_HINTS, inlayHints } from './inlayHints';

/** The sections before the accelerator list, ending with its key. */
const HEAD = [
  'apiVersion: gigafactory/v1',
  'kind: Scenario',
  'metadata:',
  '  name: warm-up',
  '  title: Warm-up',
  'currency: EUR',
  'horizonYears: 10',
  'assumptions:',
  '  usdPerEur: 1.08',
  '  utilization: 80%',
  'site:',
  '  country: DE',
  '  gridCapacity: 900 MW',
  '  landCost: 150M EUR',
  'hardware:',
  '  hostOverhead: 80%',
  '  lifetimeYears: 5',
  '  accelerators:',
];

/** The sections between the accelerator list and the funding list, ending with the funding key. */
const MIDDLE = [
  'power:',
  '  pue: 1.2',
  '  renewableShare: 100%',
  'operations:',
  '  staff: 150',
  '  costPerStaff: 95k EUR',
  '  maintenance: 2%',
  'constraints:',
  '  minAccelerators: 100',
  'funding:',
];

/** More list lines than a grouped sum needs (aggregates.ts: GROUP_ABOVE), with catalog and written values, loans with and without a term. */
const SCENARIO = [
  ...HEAD,
  ...['nvidia-h100-sxm', 'nvidia-b200', 'nvidia-h200', 'nvidia-b200', 'nvidia-h100-sxm', 'nvidia-h200', 'nvidia-b200', 'nvidia-h100-sxm'].flatMap((m, i) => [
    `    - model: ${m}`,
    `      count: ${100 + 37 * i}`,
    ...(i % 3 === 0 ? ['      unitPrice: 30k USD'] : []),
    ...(i % 4 === 1 ? ['      power: 900 W'] : []),
  ]),
  ...MIDDLE,
  ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [
    `  - name: Line ${i + 1}`,
    `    type: ${['eu-grant', 'eib-loan', 'private-equity', 'private-debt'][i % 4]}`,
    `    amount: ${40 + i}M EUR`,
    ...(i % 2 === 1 ? ['    rate: 4%', ...(i % 4 === 1 ? ['    termYears: 8'] : [])] : []),
  ]),
  '',
].join('\n');

/** Where to hover: a line's count (key and value), its model id, the scenario name, a funding amount and type, pue, country. */
const HOVERS: [line: string, after: string][] = [
  ['      count: ', '      '], ['      count: ', ': '], ['    - model: ', ': '], ['  name: warm-up', ': '],
  ['    amount: ', ': '], ['    type: eib-loan', ': '], ['  pue: ', ': '], ['  country: ', ': '],
];

/** Hints over the whole small scenario, and hovers on a few keys and values of it; how many of each it got. */
export function warmUp(catalog: Catalog): { hints: number; hovers: number } {
  // The steps of an analysis that hints and hovers read (not the schema check or the cross-field checks).
  const document = parseYaml(SCENARIO).document;
  if (!document) return { hints: 0, hovers: 0 };
  const model = readScenario(document, undefined, SCENARIO).model;
  const a = { document, model, figures: computeFigures(model, catalog) };
  const lineAt = (offset: number) => SCENARIO.slice(0, offset).split('\n').length;
  const hints = inlayHints(a.model, a.figures, { start: 0, end: SCENARIO.length }, ALL_HINTS, { text: SCENARIO, lineAt }).length;
  const ctx = { document: a.document, model: a.model, figures: a.figures, catalog, lineAt };
  let hovers = 0;
  for (const [line, after] of HOVERS) {
    const at = SCENARIO.indexOf(`\n${line}`) + 1;
    if (at > 0 && hover(ctx, at + line.indexOf(after) + after.length)) hovers++;
  }
  return { hints, hovers };
}

/** Analyses in {@link analysisWarmUpSteps}: enough runs for V8 to optimize the hot functions (fewer left half the gain). */
const ANALYSIS_ROUNDS = 12;

/**
 * A valid scenario with `accelerators` accelerator lines and a third as many
 * funding lines, in the forms scenario files use: catalog models with their
 * defaults and `custom` ones with written prices and powers (several units and
 * scales, numbers and quantity strings), every funding type, loans with and
 * without a term, rates as percentages and fractions.
 */
export function warmUpScenario(accelerators: number): string {
  const models = ['nvidia-h100-sxm', 'nvidia-b200', 'nvidia-h200'];
  const prices = ['30k USD', '27500 EUR', '0.04M USD', '35k', '$32k', '31k EUR'];
  const powers = ['700 W', '1.2 kW', '1000', '850 W'];
  const out = [...HEAD];
  for (let i = 0; i < accelerators; i++) {
    const custom = i % 3 === 2;
    out.push(`    - model: ${custom ? 'custom' : models[i % models.length]}`, `      count: ${256 + ((i * 37) % 1500)}`);
    if (custom || i % 5 === 0) out.push(`      unitPrice: ${prices[i % prices.length]}`);
    if (custom || i % 7 === 0) out.push(`      power: ${powers[i % powers.length]}`);
  }
  out.push(...MIDDLE);
  const types: FundingType[] = ['eu-grant', 'eib-loan', 'member-state', 'private-equity', 'private-debt'];
  for (let i = 0; i < Math.ceil(accelerators / 3); i++) {
    const type = types[i % types.length]!;
    out.push(`  - name: Line ${i + 1}`, `    type: ${type}`, `    amount: ${i % 4 === 0 ? `${1 + (i % 3) / 10}B EUR` : `${20 + (i % 90)}M EUR`}`);
    if (LOAN_TYPES.includes(type)) out.push(`    rate: ${i % 2 === 0 ? `${3 + (i % 4)}%` : `0.0${3 + (i % 5)}`}`, ...(i % 3 === 0 ? [] : [`    termYears: ${5 + (i % 20)}`]));
  }
  return out.join('\n') + '\n';
}

/**
 * The analysis warm-up as separate steps, for the server to run one per idle
 * turn: each analyses the generated scenario from scratch and then after two
 * one-character edits (the incremental path), with the default limits.
 * Each step says how many problems its analyses found (none: the scenario and
 * its edited version are valid) and whether both edits took the incremental path.
 */
export function analysisWarmUpSteps(catalog: Catalog, rounds = ANALYSIS_ROUNDS): (() => { problems: number; incremental: boolean })[] {
  let text: string | undefined;
  const step = () => {
    text ??= warmUpScenario(120);
    const at = text.indexOf('count: ', text.length >> 1) + 'count: '.length;
    const edited = text.slice(0, at) + '7' + text.slice(at);
    const analyzer = new IncrementalAnalyzer();
    let problems = analyzer.update(text, { catalog }).problems.length;
    problems += analyzer.update(edited, { catalog }).problems.length;
    let incremental = analyzer.stats.incremental;
    problems += analyzer.update(text, { catalog }).problems.length;
    incremental &&= analyzer.stats.incremental;
    return { problems, incremental };
  };
  return Array.from({ length: rounds }, () => step);
}
