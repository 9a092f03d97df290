/**
 * The built-in catalog and workspace catalog files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCatalog, closestIds, mergeCatalogs, parseCatalogFile } from '../../server/src/scenario/catalog';
import { computeFigures } from '../../server/src/scenario/costModel';
import { parseYaml } from '../../server/src/scenario/yamlDocument';
import { readScenario } from '../../server/src/scenario/model';

test('the built-in catalog has the six accelerators, each with price, power, memory and a dated source', () => {
  const c = builtinCatalog();
  assert.deepEqual([...c.accelerators.keys()], ['nvidia-h100-sxm', 'nvidia-h200', 'nvidia-b200', 'nvidia-gb200', 'amd-mi300x', 'amd-mi355x']);
  for (const e of c.accelerators.values()) {
    assert.equal(e.unitPrice.currency, 'USD');
    assert.ok(e.unitPrice.amount > 0 && e.power > 0 && (e.memoryGB ?? 0) > 0, e.id);
    assert.ok(e.source.name && e.source.date, e.id);
    assert.equal(e.origin.file, 'built-in');
  }
  const b200 = c.accelerators.get('nvidia-b200')!;
  assert.deepEqual([b200.unitPrice.amount, b200.power, b200.priceRange], [35000, 1000, { low: 30000, high: 40000 }]);
  assert.equal(c.accelerators.get('nvidia-h200')!.uncertain, true);
  assert.equal(c.accelerators.get('amd-mi300x')!.uncertain, true);
});

test('the country table: Eurostat band, missing carbon figures, Frankfurt build cost only for DE', () => {
  const c = builtinCatalog();
  const de = c.countries.get('DE')!;
  assert.equal(de.price!.perMWh, 219);
  assert.match(de.price!.band!, /^IC/);
  assert.equal(de.carbon!.gPerKWh, 381);
  assert.equal(de.buildCostPerMW!.amount, 11_600_000);
  assert.equal(c.countries.get('NL')!.carbon, undefined);
  assert.equal(c.countries.get('FR')!.price!.euAverage, true);
  assert.equal(c.countries.get('IE')!.buildCostPerMW, undefined);
  assert.match(c.countries.get('IE')!.buildCostNote!, /London/);
  const d = c.defaults;
  assert.deepEqual(
    [d.usdPerEur.value, d.utilization.value, d.facilityLifetimeYears.value, d.hostOverhead.value, d.systems.value, d.networking.value,
      d.storage.value, d.lifetimeYears.value, d.maintenance.value, d.horizonYears.value, d.euAveragePrice.value.perMWh,
      d.buildCostPerMW.value.amount, d.minAccelerators.value, d.maxEuAmount.value.amount, d.maxEuShare.value],
    [1.0846, 0.8, 15, 0.8, 0.2, 0.13, 0.015, 5, 0.02, 10, 190, 9_900_000, 100_000, 5e9, 1],
  );
  assert.match(d.hostOverhead.source.name, /DGX/);
});

const WORKSPACE = `apiVersion: gigafactory/v1
kind: Catalog
accelerators:
  - id: nvidia-b200
    unitPrice: 31k USD
    power: 1000 W
    source: Consortium quote
    date: 2026-03
  - id: acme-x1
    vendor: Acme
    unitPrice: 20000 EUR
    power: 0.9 kW
    source: Acme price list
countries:
  - code: DE
    price: 120 EUR/MWh
    priceBand: PPA
    source: Stadtwerke offer
`;

test('a workspace catalog file adds and overrides entries, keeping which file they came from', () => {
  const file = parseCatalogFile(WORKSPACE, 'consortium.catalog.yaml');
  assert.deepEqual(file.problems, []);
  const merged = mergeCatalogs(builtinCatalog(), file);
  assert.equal(merged.accelerators.get('nvidia-b200')!.unitPrice.amount, 31000);
  assert.equal(merged.accelerators.get('nvidia-b200')!.origin.file, 'consortium.catalog.yaml');
  assert.equal(WORKSPACE.slice(merged.accelerators.get('acme-x1')!.origin.span!.start).startsWith('id: acme-x1'), true);
  assert.deepEqual(merged.accelerators.get('acme-x1')!.unitPrice, { amount: 20000, currency: 'EUR' });
  assert.equal(merged.accelerators.get('acme-x1')!.power, 900);
  // The country row keeps the built-in fields it does not give.
  assert.equal(merged.countries.get('DE')!.price!.perMWh, 120);
  assert.equal(merged.countries.get('DE')!.carbon!.gPerKWh, 381);
  // The built-in catalog is unchanged.
  assert.equal(builtinCatalog().accelerators.get('nvidia-b200')!.unitPrice.amount, 35000);

  const text = 'apiVersion: gigafactory/v1\nkind: Scenario\nmetadata:\n  name: x\nsite:\n  country: DE\n  gridCapacity: 250 MW\nhardware:\n  accelerators:\n    - model: acme-x1\n      count: 1000\npower:\n  pue: 1.2\nfunding:\n  - name: F\n    type: other\n    amount: 1B EUR\n';
  const f = computeFigures(readScenario(parseYaml(text).document!).model, merged);
  assert.equal(f.byId.acceleratorsCapex!.value, 1000 * 20000);
  assert.match(f.lines[0]!.unitPrice!.input.source!.name, /Acme price list \(workspace catalog consortium\.catalog\.yaml\)/);
  assert.equal(f.byId.energyCostPerYear!.value, f.byId.energyPerYear!.value * 120);
});

test('problems in a catalog file sit on the offending key or value; the bad entry is left out', () => {
  const text = `accelerators:
  - id: good-one
    unitPrice: 1k USD
    power: 500 W
    source: quote
  - id: bad-one
    power: 500 EUR
    source: quote
    colour: green
`;
  const file = parseCatalogFile(text, 'c.yaml');
  assert.deepEqual(file.accelerators.map((a) => a.id), ['good-one']);
  const spans = file.problems.map((p) => text.slice(p.span.start, p.span.end));
  assert.ok(spans.includes('colour'), spans.join());
  assert.ok(file.problems.some((p) => /unitPrice/.test(p.message) && text.slice(p.span.start, p.span.end) === 'id'));
  const units = parseCatalogFile('accelerators:\n  - id: x\n    unitPrice: 1k USD\n    power: 500 EUR\n    source: q\n', 'u.yaml');
  assert.equal(units.accelerators.length, 0);
  assert.equal(units.problems[0]!.code, 'catalog-quantity');
});

test('closest ids by edit distance', () => {
  // An id that extends what was written comes first.
  assert.deepEqual(closestIds(builtinCatalog(), 'nvidia-h100'), ['nvidia-h100-sxm', 'nvidia-h200']);
  assert.deepEqual(closestIds(builtinCatalog(), 'nvidia-b20'), ['nvidia-b200']);
  assert.deepEqual(closestIds(builtinCatalog(), 'amd-mi350x'), ['amd-mi300x', 'amd-mi355x']);
});

test('every property of the catalog schema has a title, a description and a markdownDescription', async () => {
  const schema = (await import('../../schemas/catalog.schema.json', { with: { type: 'json' } })).default as Record<string, unknown>;
  const defs = schema.$defs as Record<string, Record<string, unknown>>;
  const missing: string[] = [];
  const visit = (node: Record<string, unknown>, path: string) => {
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    for (const [k, v] of Object.entries(props ?? {})) {
      const target = typeof v.$ref === 'string' ? { ...defs[v.$ref.split('/').pop()!], ...v } : v;
      for (const a of ['title', 'description', 'markdownDescription']) if (typeof target[a] !== 'string') missing.push(`${path}.${k} ${a}`);
      visit(target, `${path}.${k}`);
      const items = target.items as Record<string, unknown> | undefined;
      if (items) visit(typeof items.$ref === 'string' ? defs[items.$ref.split('/').pop()!]! : items, `${path}.${k}[]`);
    }
  };
  visit(schema, '');
  assert.deepEqual(missing, []);
});
