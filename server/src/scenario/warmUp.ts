/**
 * Runs the hint and hover paths once on a small scenario, so that the first
 * hints and the first hover on a real document do not pay for compiling them.
 *
 * V8 compiles a function when it is first called: the first hints on an
 * opened 50,000-line file ran about 2 ms of their 3 in code seen for the first
 * time (formatting, figures built when read, tooltips, grouped sums), the
 * first hover likewise. Called by the server when it is idle, after
 * `initialize` is answered and before the first document (about 5 ms
 * there, most of it compiling what the first analysis would compile anyway). It changes no
 * result: every cache it touches is keyed by its own objects or text, or
 * holds formatted numbers that read the same whoever formats them first.
 */
import { computeFigures } from './costModel';
import { readScenario } from './model';
import { parseYaml } from './yamlDocument';
import type { Catalog } from './catalog';
import { hover } from './hover';
import { ALL_HINTS, inlayHints } from './inlayHints';

/** More list lines than a grouped sum needs (aggregates.ts: GROUP_ABOVE), with catalog and written values, loans with and without a term. */
const SCENARIO = [
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
  ...['nvidia-h100-sxm', 'nvidia-b200', 'nvidia-h200', 'nvidia-b200', 'nvidia-h100-sxm', 'nvidia-h200', 'nvidia-b200', 'nvidia-h100-sxm'].flatMap((m, i) => [
    `    - model: ${m}`,
    `      count: ${100 + 37 * i}`,
    ...(i % 3 === 0 ? ['      unitPrice: 30k USD'] : []),
    ...(i % 4 === 1 ? ['      power: 900 W'] : []),
  ]),
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
