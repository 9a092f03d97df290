/**
 * Error mapping, as a scenario author meets it: a snippet with the expected
 * range marked ⟦like this⟧ and the message it must carry.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { markedSpans, VALID_SCENARIO, variant } from '../helpers/markers';

const catalog = builtinCatalog();
const problemsOf = (text: string) => analyze(text, { catalog }).problems;

/** Asserts the snippet yields exactly one problem, on the marked range, whose message matches. */
function expectOne(marked: string, message: RegExp, severity = 'error') {
  const { text, spans } = markedSpans(marked);
  const ps = problemsOf(text);
  assert.equal(ps.length, 1, `expected one problem, got:\n${ps.map((p) => `${p.span.start}-${p.span.end} ${p.message}`).join('\n')}`);
  assert.deepEqual(ps[0]!.span, spans[0], `range of "${ps[0]!.message}"`);
  assert.match(ps[0]!.message, message);
  assert.equal(ps[0]!.severity, severity);
  return ps[0]!;
}

describe('schema and quantity messages', () => {
  test('the base scenario is valid', () => assert.deepEqual(problemsOf(VALID_SCENARIO), []));

  test('a wrong unit is reported on the value, naming the field and the units', () => {
    expectOne(variant('gridCapacity: 300 MW', 'gridCapacity: ⟦250 EUR⟧'), /^gridCapacity takes a power such as "250 MW"; found "250 EUR"/);
  });

  test('an unknown key is reported on the key with the closest known key', () => {
    const { text, spans } = markedSpans(variant('  country: FI', '  country: FI\n  ⟦gridCapcity⟧: 5 MW'));
    const p = problemsOf(text).find((x) => x.code === 'schema-unknown-key')!;
    assert.deepEqual(p.span, spans[0]);
    assert.match(p.message, /did you mean `gridCapacity`\?/);
    assert.equal(p.repairs?.[0]?.edits[0]?.text, 'gridCapacity');
  });

  test('a missing required field is reported on the key of the mapping that lacks it', () => {
    expectOne(variant('power:\n  pue: 1.2', '⟦power⟧:\n  price: 95'), /`power` is missing `pue`/);
  });

  test('a missing field in a list item is reported on the item\'s first key', () => {
    expectOne(variant('  - name: Equity\n    type: private-equity\n    amount: 9B EUR', '  - ⟦name⟧: Equity\n    amount: 9B EUR'), /Funding line 1 is missing `type`/);
  });

  test('a missing top-level section is reported on the first line', () => {
    const text = VALID_SCENARIO.replace(/^funding:[\s\S]*$/m, '');
    const ps = problemsOf(`# comment\n${text}`);
    const p = ps.find((x) => x.code === 'schema-required')!;
    assert.equal(p.span.start, 0, 'on the first line of the file, as the spec says');
    assert.match(p.message, /The scenario is missing `funding`/);
  });

  test('an unknown enum value suggests the closest value', () => {
    const p = expectOne(variant('type: private-equity', 'type: ⟦private-equty⟧'), /`type` takes one of eu-grant, .*; found "private-equty"\. Did you mean private-equity\?/);
    assert.equal(p.repairs?.[0]?.edits[0]?.text, 'private-equity');
  });

  test('a stray loan field is reported on its key', () => {
    expectOne(variant('    amount: 9B EUR', '    amount: 9B EUR\n    ⟦rate⟧: 3%'), /`rate` applies only to loans/);
  });

  test('a loan without rate is reported on the item\'s first key', () => {
    expectOne(variant('type: private-equity', 'type: eib-loan').replace('  - name: Equity', '  - ⟦name⟧: Equity'), /is a loan and needs `rate`/);
  });

  test('a comma count is one problem with a fix to the plain number', () => {
    const p = expectOne(variant('count: 100000', 'count: ⟦"100,000"⟧'), /write 100000/);
    assert.equal(p.repairs?.[0]?.edits[0]?.text, '100000');
  });

  test('80 in a percentage field is one problem with a fix to 80%', () => {
    const p = expectOne(variant('  pue: 1.2', '  pue: 1.2\n  renewableShare: ⟦80⟧'), /renewableShare is a fraction/);
    assert.equal(p.repairs?.[0]?.edits[0]?.text, '80%');
  });

  test('pue out of range states the bounds', () => {
    expectOne(variant('pue: 1.2', 'pue: ⟦0.9⟧'), /`pue` must be greater than 1 and at most 3; found 0\.9/);
  });

  test('a metadata name is explained without a regular expression', () => {
    expectOne(variant('name: test-base', 'name: ⟦Test Base⟧'), /lowercase letters, digits and hyphens/);
  });
});

describe('YAML layer', () => {
  test('a duplicate key is reported on the second key and checks still run below it', () => {
    const { text } = markedSpans(variant('  country: FI', '  country: FI\n  country: SE'));
    const ps = problemsOf(text);
    assert.equal(ps.length, 1);
    assert.equal(ps[0]!.code, 'yaml-duplicate-key');
    assert.equal(text.slice(ps[0]!.span.start, ps[0]!.span.end), 'country');
    assert.equal(text.lastIndexOf('country'), ps[0]!.span.start);
  });

  test('below a syntax error, schema problems are withheld; above it they are kept', () => {
    const text = variant('gridCapacity: 300 MW', 'gridCapacity: 250 EUR').replace('power:\n  pue: 1.2', 'power:\n  pue: [1.2\n  price: 95') + 'bogus: 1\n';
    const ps = problemsOf(text);
    assert.ok(ps.some((p) => p.code === 'quantity'), 'the wrong unit above the error is kept');
    assert.ok(ps.some((p) => p.code.startsWith('yaml-')), 'the syntax error is reported');
    assert.ok(!ps.some((p) => p.code === 'schema-unknown-key'), 'nothing below the error');
  });

  test('CRLF line endings and a byte-order mark keep exact ranges', () => {
    const { text, spans } = markedSpans('\uFEFF' + variant('gridCapacity: 300 MW', 'gridCapacity: ⟦250 EUR⟧').replace(/\n/g, '\r\n'));
    const ps = problemsOf(text);
    assert.equal(ps.length, 1);
    assert.deepEqual(ps[0]!.span, spans[0]);
  });

  test('tabs used as indentation are reported', () => {
    const ps = problemsOf(VALID_SCENARIO.replace('  pue: 1.2', '\tpue: 1.2'));
    assert.ok(ps.some((p) => /tab/i.test(p.message)), ps.map((p) => p.message).join('\n'));
  });

  test('a second document is flagged on its marker line', () => {
    const text = `${VALID_SCENARIO}---\n${VALID_SCENARIO}`;
    const ps = problemsOf(text);
    assert.equal(ps.length, 1);
    assert.equal(ps[0]!.code, 'multiple-documents');
    assert.equal(ps[0]!.span.start, VALID_SCENARIO.length);
  });

  test('an alias bomb is refused with the limit named', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(', ')}]`);
    const ps = problemsOf(`${VALID_SCENARIO}${bomb.join('\n')}\n`);
    assert.ok(ps.some((p) => p.code === 'limit-aliases' && /maxAliasCount/.test(p.message)), ps.map((p) => p.message).join('\n'));
  });

  test('custom tags are never resolved', () => {
    const ps = problemsOf(variant('name: test-base', 'name: !!js/function "function(){ return 1 }"'));
    assert.ok(ps.length >= 1);
  });

  test('an empty file asks for a scenario', () => {
    assert.match(problemsOf('')[0]!.message, /no scenario yet/);
    assert.match(problemsOf('# just a comment\n')[0]!.message, /no scenario yet/);
  });
});

describe('year counts', () => {
  test('a horizon beyond 100 years is refused with the bounds', () => {
    const { text } = markedSpans(VALID_SCENARIO.replace('kind: Scenario\n', 'kind: Scenario\nhorizonYears: 99999999999999999999999\n'));
    const ps = problemsOf(text);
    assert.equal(ps.length, 1, ps.map((p) => p.message).join('\n'));
    assert.match(ps[0]!.message, /`horizonYears` must be at least 1 and at most 100/);
  });
});
