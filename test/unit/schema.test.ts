/**
 * The JSON Schema of the scenario format: it compiles in ajv's strict mode,
 * every example scenario passes it, small invalid snippets fail at the field
 * and keyword we expect, and every property carries its three texts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'scenario.schema.json'), 'utf8'));

/** Annotation keywords of the schema that ajv must know in strict mode. */
const ANNOTATIONS = ['x-quantity', 'x-range', 'markdownDescription', 'defaultSnippets'];

function compile(strict: boolean) {
  const ajv = strict
    ? new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, unicodeRegExp: true })
    : new Ajv2020({ strict: false, allErrors: true });
  for (const keyword of ANNOTATIONS) ajv.addKeyword({ keyword });
  return ajv.compile(schema);
}

const validate = compile(true);

/** A small valid scenario that the invalid cases below change in one place. */
const BASE = `apiVersion: gigafactory/v1
kind: Scenario
metadata:
  name: schema-test
site:
  country: AT
  gridCapacity: 250 MW
hardware:
  accelerators:
    - model: nvidia-b200
      count: 100000
power:
  pue: 1.2
funding:
  - name: InvestAI
    type: eu-grant
    amount: 1.5B EUR
  - name: EIB
    type: eib-loan
    amount: 1B EUR
    rate: 3.5%
`;

type Doc = Record<string, any>;
function base(): Doc {
  return parse(BASE);
}

function errorsOf(doc: unknown) {
  const ok = validate(doc);
  return ok ? [] : (validate.errors ?? []);
}

describe('schema compiles', () => {
  test('in ajv 2020 with strict: false', () => {
    assert.equal(typeof compile(false), 'function');
  });
  test('in strict mode with the annotation keywords registered', () => {
    assert.equal(typeof validate, 'function');
  });
  test('declares draft 2020-12 with an $id, title and description', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.ok(schema.$id);
    assert.ok(schema.title);
    assert.ok(schema.description);
  });
});

describe('examples', () => {
  const dir = join(ROOT, 'examples');
  const files = readdirSync(dir).filter((f) => /\.gigafactory\.ya?ml$/.test(f));
  test('there are at least five valid examples', () => {
    assert.ok(files.length >= 5, `found ${files.length}`);
  });
  for (const file of files) {
    test(`${file} passes the schema`, () => {
      const errors = errorsOf(parse(readFileSync(join(dir, file), 'utf8')));
      assert.deepEqual(errors.map((e) => `${e.instancePath} ${e.keyword} ${e.message}`), []);
    });
  }
  test('the base snippet of these tests passes the schema', () => {
    assert.deepEqual(errorsOf(base()), []);
  });
});

describe('broken examples', () => {
  const dir = join(ROOT, 'examples', 'broken');
  const expected: Record<string, { line: number; startCharacter: number; severity: string; messageIncludes: string }[]> =
    JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
  const files = readdirSync(dir).filter((f) => /\.gigafactory\.ya?ml$/.test(f));
  test('expected.json covers every broken file and nothing else', () => {
    assert.deepEqual(Object.keys(expected).sort(), [...files].sort());
  });
  for (const [file, diags] of Object.entries(expected)) {
    test(`${file}: each expected diagnostic is well formed and inside the file`, () => {
      const lines = readFileSync(join(dir, file), 'utf8').split(/\r?\n/);
      assert.ok(diags.length >= 1);
      for (const d of diags) {
        assert.ok(Number.isInteger(d.line) && d.line >= 0 && d.line < lines.length, `line ${d.line}`);
        assert.ok(Number.isInteger(d.startCharacter) && d.startCharacter >= 0 && d.startCharacter <= lines[d.line]!.length);
        assert.ok(d.severity === 'error' || d.severity === 'warning');
        assert.ok(typeof d.messageIncludes === 'string' && d.messageIncludes.length > 0);
      }
    });
  }
  test('the CRLF file has CRLF line endings and a byte order mark', () => {
    const bytes = readFileSync(join(dir, 'crlf-bom-wrong-unit.gigafactory.yaml'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    assert.equal(text.split('\n').length, text.split('\r\n').length);
  });
});

/** One change to the base scenario and the error it must cause. */
interface InvalidCase {
  name: string;
  change: (doc: Doc) => void;
  instancePath: string;
  keyword: string;
  /** For additionalProperties and required: the property named in params. */
  property?: string;
}

const invalid: InvalidCase[] = [
  { name: 'wrong apiVersion', change: (d) => { d.apiVersion = 'gigafactory/v2'; }, instancePath: '/apiVersion', keyword: 'const' },
  { name: 'wrong kind', change: (d) => { d.kind = 'Scenarios'; }, instancePath: '/kind', keyword: 'const' },
  { name: 'missing metadata', change: (d) => { delete d.metadata; }, instancePath: '', keyword: 'required', property: 'metadata' },
  { name: 'unknown top-level key', change: (d) => { d.extra = 1; }, instancePath: '', keyword: 'additionalProperties', property: 'extra' },
  { name: 'metadata.name with capitals', change: (d) => { d.metadata.name = 'Bavaria Base'; }, instancePath: '/metadata/name', keyword: 'pattern' },
  { name: 'metadata.name starting with a hyphen', change: (d) => { d.metadata.name = '-base'; }, instancePath: '/metadata/name', keyword: 'pattern' },
  { name: 'currency GBP', change: (d) => { d.currency = 'GBP'; }, instancePath: '/currency', keyword: 'enum' },
  { name: 'horizonYears 0', change: (d) => { d.horizonYears = 0; }, instancePath: '/horizonYears', keyword: 'minimum' },
  { name: 'horizonYears 2.5', change: (d) => { d.horizonYears = 2.5; }, instancePath: '/horizonYears', keyword: 'type' },
  { name: 'usdPerEur 0', change: (d) => { d.assumptions = { usdPerEur: 0 }; }, instancePath: '/assumptions/usdPerEur', keyword: 'exclusiveMinimum' },
  { name: 'utilization 80', change: (d) => { d.assumptions = { utilization: 80 }; }, instancePath: '/assumptions/utilization', keyword: 'maximum' },
  { name: 'utilization "120%"', change: (d) => { d.assumptions = { utilization: '120%' }; }, instancePath: '/assumptions/utilization', keyword: 'pattern' },
  { name: 'utilization "-5%"', change: (d) => { d.assumptions = { utilization: '-5%' }; }, instancePath: '/assumptions/utilization', keyword: 'pattern' },
  { name: 'facilityLifetimeYears 0', change: (d) => { d.assumptions = { facilityLifetimeYears: 0 }; }, instancePath: '/assumptions/facilityLifetimeYears', keyword: 'minimum' },
  { name: 'country outside the EU/EEA', change: (d) => { d.site.country = 'CH'; }, instancePath: '/site/country', keyword: 'enum' },
  { name: 'country in lower case', change: (d) => { d.site.country = 'de'; }, instancePath: '/site/country', keyword: 'enum' },
  { name: 'missing gridCapacity', change: (d) => { delete d.site.gridCapacity; }, instancePath: '/site', keyword: 'required', property: 'gridCapacity' },
  { name: 'gridCapacity typo', change: (d) => { d.site.gridCapcity = d.site.gridCapacity; delete d.site.gridCapacity; }, instancePath: '/site', keyword: 'additionalProperties', property: 'gridCapcity' },
  { name: 'gridCapacity in EUR', change: (d) => { d.site.gridCapacity = '250 EUR'; }, instancePath: '/site/gridCapacity', keyword: 'pattern' },
  { name: 'gridCapacity with the m scale', change: (d) => { d.site.gridCapacity = '250 mW'; }, instancePath: '/site/gridCapacity', keyword: 'pattern' },
  { name: 'negative gridCapacity', change: (d) => { d.site.gridCapacity = -5; }, instancePath: '/site/gridCapacity', keyword: 'minimum' },
  { name: 'gridCapacity as a list', change: (d) => { d.site.gridCapacity = [250]; }, instancePath: '/site/gridCapacity', keyword: 'type' },
  { name: 'gridIntensity 2000', change: (d) => { d.site.gridIntensity = 2000; }, instancePath: '/site/gridIntensity', keyword: 'maximum' },
  { name: 'gridIntensity "2000 g/kWh"', change: (d) => { d.site.gridIntensity = '2000 g/kWh'; }, instancePath: '/site/gridIntensity', keyword: 'pattern' },
  { name: 'gridIntensity in t/MWh', change: (d) => { d.site.gridIntensity = '0.4 t/MWh'; }, instancePath: '/site/gridIntensity', keyword: 'pattern' },
  { name: 'gridAvailableFrom 1999', change: (d) => { d.site.gridAvailableFrom = 1999; }, instancePath: '/site/gridAvailableFrom', keyword: 'minimum' },
  { name: 'landCost with a minus sign', change: (d) => { d.site.landCost = '-5M EUR'; }, instancePath: '/site/landCost', keyword: 'pattern' },
  { name: 'landCost in GBP', change: (d) => { d.site.landCost = '5M GBP'; }, instancePath: '/site/landCost', keyword: 'pattern' },
  { name: 'no accelerators', change: (d) => { d.hardware.accelerators = []; }, instancePath: '/hardware/accelerators', keyword: 'minItems' },
  { name: 'count "100,000"', change: (d) => { d.hardware.accelerators[0].count = '100,000'; }, instancePath: '/hardware/accelerators/0/count', keyword: 'type' },
  { name: 'count "100k"', change: (d) => { d.hardware.accelerators[0].count = '100k'; }, instancePath: '/hardware/accelerators/0/count', keyword: 'type' },
  { name: 'count -1', change: (d) => { d.hardware.accelerators[0].count = -1; }, instancePath: '/hardware/accelerators/0/count', keyword: 'minimum' },
  { name: 'accelerator without count', change: (d) => { delete d.hardware.accelerators[0].count; }, instancePath: '/hardware/accelerators/0', keyword: 'required', property: 'count' },
  { name: 'custom model without unitPrice', change: (d) => { d.hardware.accelerators[0] = { model: 'custom', count: 10, power: '900 W' }; }, instancePath: '/hardware/accelerators/0', keyword: 'required', property: 'unitPrice' },
  { name: 'custom model without power', change: (d) => { d.hardware.accelerators[0] = { model: 'custom', count: 10, unitPrice: '20k EUR' }; }, instancePath: '/hardware/accelerators/0', keyword: 'required', property: 'power' },
  { name: 'accelerator power in MWh', change: (d) => { d.hardware.accelerators[0].power = '1 MWh'; }, instancePath: '/hardware/accelerators/0/power', keyword: 'pattern' },
  { name: 'hostOverhead 250%', change: (d) => { d.hardware.hostOverhead = '250%'; }, instancePath: '/hardware/hostOverhead', keyword: 'pattern' },
  { name: 'hostOverhead 2.5', change: (d) => { d.hardware.hostOverhead = 2.5; }, instancePath: '/hardware/hostOverhead', keyword: 'maximum' },
  { name: 'systems 1.5', change: (d) => { d.hardware.systems = 1.5; }, instancePath: '/hardware/systems', keyword: 'maximum' },
  { name: 'lifetimeYears 0', change: (d) => { d.hardware.lifetimeYears = 0; }, instancePath: '/hardware/lifetimeYears', keyword: 'minimum' },
  { name: 'missing pue', change: (d) => { delete d.power.pue; }, instancePath: '/power', keyword: 'required', property: 'pue' },
  { name: 'pue 0.9', change: (d) => { d.power.pue = 0.9; }, instancePath: '/power/pue', keyword: 'exclusiveMinimum' },
  { name: 'pue 1.0', change: (d) => { d.power.pue = 1; }, instancePath: '/power/pue', keyword: 'exclusiveMinimum' },
  { name: 'pue 3.5', change: (d) => { d.power.pue = 3.5; }, instancePath: '/power/pue', keyword: 'maximum' },
  { name: 'pue as a string', change: (d) => { d.power.pue = '1.2'; }, instancePath: '/power/pue', keyword: 'type' },
  { name: 'price without a currency', change: (d) => { d.power.price = '95/MWh'; }, instancePath: '/power/price', keyword: 'pattern' },
  { name: 'price as money only', change: (d) => { d.power.price = '95 EUR'; }, instancePath: '/power/price', keyword: 'pattern' },
  { name: 'staff 12.5', change: (d) => { d.operations = { staff: 12.5 }; }, instancePath: '/operations/staff', keyword: 'type' },
  { name: 'timeline.operational 2101', change: (d) => { d.timeline = { operational: 2101 }; }, instancePath: '/timeline/operational', keyword: 'maximum' },
  { name: 'no funding lines', change: (d) => { d.funding = []; }, instancePath: '/funding', keyword: 'minItems' },
  { name: 'funding line without amount', change: (d) => { delete d.funding[0].amount; }, instancePath: '/funding/0', keyword: 'required', property: 'amount' },
  { name: 'funding type eu-grnt', change: (d) => { d.funding[0].type = 'eu-grnt'; }, instancePath: '/funding/0/type', keyword: 'enum' },
  { name: 'negative amount as a number', change: (d) => { d.funding[0].amount = -100; }, instancePath: '/funding/0/amount', keyword: 'minimum' },
  { name: 'rate on an eu-grant line', change: (d) => { d.funding[0].rate = '2%'; }, instancePath: '/funding/0/rate', keyword: 'false schema' },
  { name: 'termYears on an eu-grant line', change: (d) => { d.funding[0].termYears = 5; }, instancePath: '/funding/0/termYears', keyword: 'false schema' },
  { name: 'loan without rate', change: (d) => { delete d.funding[1].rate; }, instancePath: '/funding/1', keyword: 'required', property: 'rate' },
  { name: 'private-debt without rate', change: (d) => { d.funding[1].type = 'private-debt'; delete d.funding[1].rate; }, instancePath: '/funding/1', keyword: 'required', property: 'rate' },
  { name: 'loan termYears 0', change: (d) => { d.funding[1].termYears = 0; }, instancePath: '/funding/1/termYears', keyword: 'minimum' },
  { name: 'minAccelerators "100k"', change: (d) => { d.constraints = { minAccelerators: '100k' }; }, instancePath: '/constraints/minAccelerators', keyword: 'type' },
  { name: 'fundingCovers opex', change: (d) => { d.constraints = { fundingCovers: 'opex' }; }, instancePath: '/constraints/fundingCovers', keyword: 'enum' },
  { name: 'unknown key in constraints', change: (d) => { d.constraints = { maxEuAmmount: '5B EUR' }; }, instancePath: '/constraints', keyword: 'additionalProperties', property: 'maxEuAmmount' },
];

describe('invalid snippets fail where expected', () => {
  for (const c of invalid) {
    test(c.name, () => {
      const doc = base();
      c.change(doc);
      const errors = errorsOf(doc);
      const hit = errors.find((e) => e.instancePath === c.instancePath && e.keyword === c.keyword
        && (c.property === undefined
          || (e.params as { missingProperty?: string }).missingProperty === c.property
          || (e.params as { additionalProperty?: string }).additionalProperty === c.property));
      assert.ok(hit, `no ${c.keyword} error at "${c.instancePath}"; got ${JSON.stringify(errors.map((e) => [e.instancePath, e.keyword, e.params]))}`);
    });
  }

  test('a funding line with an unknown type is not also told that its rate is stray', () => {
    const doc = base();
    doc.funding[1].type = 'eib-lon';
    const errors = errorsOf(doc);
    assert.deepEqual(errors.map((e) => [e.instancePath, e.keyword]), [['/funding/1/type', 'enum']]);
  });
});

/** Accepted and rejected strings per quantity kind: the grammar the server's parser implements too. */
const QUANTITY_STRINGS: Record<string, { valid: string[]; invalid: string[] }> = {
  money: {
    valid: ['40000 USD', '35k USD', '3.5B EUR', '3.5 B EUR', '3.5BEUR', '€1.2B', '1.2B €', 'USD 40k', '40k USD', '$40k', '35k', '1200', '1.5bn EUR', '95K EUR', '.5M', ' 12 M '],
    invalid: ['-5M EUR', '+5M EUR', '5m EUR', '1,000 EUR', '100 000', '1e9', '€5 EUR', '5 MW', 'EUR', '5 GBP', '1.', '5 Mio'],
  },
  power: {
    valid: ['250 MW', '250MW', '1.4k W', '1.4kW', '700 W', '700', '1.2 GW', '0.5 GW', '250 M'],
    invalid: ['250 mW', '250 mw', '250 EUR', '€250', '250 MWh', '-5 MW', '250 kw'],
  },
  energyPrice: {
    valid: ['95 EUR/MWh', '95 USD/MWh', '0.095 EUR/kWh', '0.1 USD/kWh', '95 €/MWh', '95 $/MWh', '€95/MWh', '$0.1/kWh', '95', 'EUR 95/MWh', '95 EUR / MWh'],
    invalid: ['95 EUR', '€95', '95/MWh', '€95 EUR/MWh', '95 EUR/MW', '95 GBP/MWh', '-95 EUR/MWh'],
  },
  carbonIntensity: {
    // the 0–1500 range holds after the scale: "1.5k" is 1500, "0.4 kg/kWh" reads as 0.4k g/kWh = 400
    valid: ['381', '381 g/kWh', '381 gCO2/kWh', '381 g CO2/kWh', '1500', '1500.0 g/kWh', '1.5k', '0.4 kg/kWh', '0.0015 M g/kWh', '0'],
    invalid: ['381 kg', '381 g/MWh', '381 t/kWh', '-1 g/kWh', '1500.5', '1501 g/kWh', '2k', '1.6 kg/kWh', '0.002M'],
  },
  percent: {
    valid: ['80%', '80 %', '0%', '100%', '100.0%', '1.5%', '.5%', '0.8', '1', '0'],
    invalid: ['-5%', '101%', '100.5%', '80', '1.5', '80k%', '80 percent', 'eighty'],
  },
  percent200: {
    valid: ['80%', '200%', '199.9%', '150 %', '1.5', '2', '0.8'],
    invalid: ['201%', '250%', '2.5', '-1%', '300'],
  },
};

describe('quantity patterns', () => {
  for (const [def, { valid, invalid: bad }] of Object.entries(QUANTITY_STRINGS)) {
    const re = new RegExp(schema.$defs[def].pattern, 'u');
    test(`${def} accepts ${valid.length} strings`, () => {
      for (const s of valid) assert.ok(re.test(s), `${def} should accept ${JSON.stringify(s)}`);
    });
    test(`${def} rejects ${bad.length} strings`, () => {
      for (const s of bad) assert.ok(!re.test(s), `${def} should reject ${JSON.stringify(s)}`);
    });
  }

  test('every quantity def carries x-quantity, and percentages x-range', () => {
    const kinds: Record<string, string> = {
      money: 'money', power: 'power', energyPrice: 'energyPrice', carbonIntensity: 'carbonIntensity', percent: 'percent', percent200: 'percent',
    };
    for (const [def, kind] of Object.entries(kinds)) assert.equal(schema.$defs[def]['x-quantity'], kind, def);
    assert.deepEqual(schema.$defs.percent['x-range'], [0, 100]);
    assert.deepEqual(schema.$defs.percent200['x-range'], [0, 200]);
  });

  test('patterns avoid lookbehind, so every engine reads them', () => {
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === 'pattern') assert.ok(!String(v).includes('(?<'), String(v));
          walk(v);
        }
      }
    };
    walk(schema);
  });
});

describe('documentation', () => {
  /** Every schema under a `properties` keyword, with its JSON pointer. */
  function properties(node: unknown, pointer: string, out: [string, Record<string, unknown>][]) {
    if (Array.isArray(node)) { node.forEach((n, i) => properties(n, `${pointer}/${i}`, out)); return; }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') {
        for (const [name, prop] of Object.entries(value)) {
          // boolean schemas (`rate: false` in a conditional) and bare `true` forward declarations document nothing
          if (prop && typeof prop === 'object') out.push([`${pointer}/properties/${name}`, prop as Record<string, unknown>]);
        }
      }
      properties(value, `${pointer}/${key}`, out);
    }
  }
  const all: [string, Record<string, unknown>][] = [];
  properties(schema, '#', all);
  // the subschemas of if/then only name properties to constrain them; their texts live on the real definition
  const documented = all.filter(([p]) => !/\/(if|then|else)\//.test(p));

  test('there are properties to check', () => {
    assert.ok(documented.length > 40, `found ${documented.length}`);
  });
  for (const [pointer, prop] of documented) {
    test(`${pointer} has title, description and markdownDescription`, () => {
      for (const key of ['title', 'description', 'markdownDescription']) {
        assert.equal(typeof prop[key], 'string', `${pointer} lacks ${key}`);
        assert.ok((prop[key] as string).length > 0, `${pointer} has an empty ${key}`);
      }
    });
  }
  test('every object schema forbids unknown keys', () => {
    const walk = (node: unknown, pointer: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${pointer}/${i}`));
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'object' && n.properties && !/\/(if|then|else)$/.test(pointer)) {
        assert.equal(n.additionalProperties, false, `${pointer} allows unknown keys`);
      }
      for (const [k, v] of Object.entries(n)) walk(v, `${pointer}/${k}`);
    };
    walk(schema, '#');
  });
  test('defaults written in the schema pass the schema of their own field', () => {
    const checked: string[] = [];
    for (const [pointer, prop] of documented) {
      if (!('default' in prop)) continue;
      const ajv = new Ajv2020({ strict: false });
      const sub = { ...prop, $defs: schema.$defs };
      assert.ok(ajv.validate(sub, prop.default), `${pointer}: default ${JSON.stringify(prop.default)}`);
      checked.push(pointer);
    }
    assert.ok(checked.length >= 15, `only ${checked.length} defaults`);
  });
});
