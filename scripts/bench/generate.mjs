// Generates valid scenario files of a given size with a fixed seed: the usual
// sections, then long accelerator and funding lists (the parts that grow in
// real files). The same seed gives the same text, so runs compare.
const MODELS = ['nvidia-h100-sxm', 'nvidia-h200', 'nvidia-b200', 'nvidia-gb200', 'amd-mi300x', 'amd-mi355x'];
// EU grants are capped (maxEuAmount, maxEuShare): one small grant line, the rest other types.
const FUNDING = [['member-state', false], ['eib-loan', true], ['private-equity', false], ['private-debt', true]];

/** Mulberry32: a small deterministic PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid scenario of about `lines` lines. */
export function generateScenario(lines, seed = 7) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const head = [
    '# Generated benchmark scenario (scripts/bench/generate.mjs).',
    'apiVersion: gigafactory/v1',
    'kind: Scenario',
    'metadata:',
    '  name: bench-scenario',
    '  title: Benchmark scenario with long lists',
    'currency: EUR',
    'horizonYears: 10',
    'assumptions:',
    '  usdPerEur: 1.08',
    '  utilization: 80%',
    'site:',
    '  name: Garching',
    '  country: DE',
    '  gridCapacity: 900000 MW   # generous, so the long list stays within the grid',
    '  gridAvailableFrom: 2029',
    '  landCost: 150M EUR',
    'hardware:',
    '  hostOverhead: 80%',
    '  lifetimeYears: 5',
    '  accelerators:',
  ];
  const acc = [];
  const fund = [];
  // About two thirds of the lines are accelerators, one third funding.
  const body = Math.max(20, lines - head.length - 16);
  let accLines = 0;
  let i = 0;
  while (accLines < (body * 2) / 3) {
    const m = pick(MODELS);
    acc.push(`    - model: ${m}${r() < 0.2 ? '   # quote ' + (i + 1) : ''}`);
    acc.push(`      count: ${100 + Math.floor(r() * 900)}`);
    accLines += 2;
    if (r() < 0.5) { acc.push(`      unitPrice: ${20 + Math.floor(r() * 30)}k USD`); accLines++; }
    if (r() < 0.3) { acc.push(`      power: ${700 + Math.floor(r() * 6) * 100} W`); accLines++; }
    i++;
  }
  const middle = [
    'power:',
    '  pue: 1.2',
    '  price: 120 EUR/MWh',
    '  renewableShare: 100%',
    'operations:',
    '  staff: 150',
    '  costPerStaff: 95k EUR',
    '  maintenance: 2%',
    'timeline:',
    '  start: 2026',
    '  operational: 2029',
    'constraints:',
    '  minAccelerators: 1000     # small generated files hold fewer than the default 100,000',
    'funding:',
    '  - name: InvestAI grant',
    '    type: eu-grant',
    '    amount: 100M EUR',
  ];
  let fundLines = 0;
  let j = 0;
  while (fundLines < body / 3) {
    const [type, loan] = pick(FUNDING);
    fund.push(`  - name: "Funding line ${j + 1}"`);
    fund.push(`    type: ${type}`);
    fund.push(`    amount: ${1 + Math.floor(r() * 90)}M EUR`);
    fundLines += 3;
    if (loan) { fund.push(`    rate: ${(2 + r() * 4).toFixed(1)}%`); fund.push(`    termYears: ${5 + Math.floor(r() * 15)}`); fundLines += 2; }
    j++;
  }
  // Plenty of private equity at the end so funding covers capex whatever the list holds.
  fund.push('  - name: Closing equity', '    type: private-equity', '    amount: 900B EUR');
  return [...head, ...acc, ...middle, ...fund].join('\n') + '\n';
}
