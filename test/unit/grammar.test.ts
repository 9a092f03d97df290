/**
 * The TextMate grammar and the language configuration: valid JSON, the keys
 * VS Code reads, and regular expressions that mean what they should. The
 * grammar's patterns are Oniguruma; the ones checked here with JavaScript
 * RegExp use only syntax both engines share.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const grammar = JSON.parse(readFileSync(join(ROOT, 'syntaxes', 'gigafactory.tmLanguage.json'), 'utf8'));
const config = JSON.parse(readFileSync(join(ROOT, 'language-configuration.json'), 'utf8'));

/** Every `match`, `begin`, `end` and `while` regex in the grammar, with where it is. */
function regexes(node: unknown, pointer: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(node)) node.forEach((n, i) => regexes(n, `${pointer}/${i}`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (['match', 'begin', 'end', 'while', 'firstLineMatch'].includes(k) && typeof v === 'string') out.push([`${pointer}/${k}`, v]);
      else regexes(v, `${pointer}/${k}`, out);
    }
  }
  return out;
}

function rule(name: string): RegExp {
  return new RegExp(grammar.repository[name].match, 'u');
}

describe('grammar', () => {
  test('is scoped source.gigafactory and builds on source.yaml', () => {
    assert.equal(grammar.scopeName, 'source.gigafactory');
    assert.ok(grammar.patterns.some((p: { include?: string }) => p.include === 'source.yaml'));
  });

  test('injects its rules everywhere in the document except comments', () => {
    const selectors = Object.keys(grammar.injections);
    assert.ok(selectors.some((s) => s.includes('source.gigafactory') && s.includes('-comment')), selectors.join());
    const includes = Object.values(grammar.injections).flatMap((i) => (i as { patterns: { include: string }[] }).patterns.map((p) => p.include));
    for (const inc of includes) {
      assert.ok(inc.startsWith('#'), inc);
      assert.ok(grammar.repository[inc.slice(1)], `missing repository rule ${inc}`);
    }
  });

  test('every regex compiles', () => {
    for (const [where, source] of regexes(grammar, '#')) {
      assert.doesNotThrow(() => new RegExp(source, 'u'), where);
    }
  });

  test('every capture names a scope', () => {
    for (const [name, r] of Object.entries(grammar.repository as Record<string, { captures?: Record<string, { name?: string }> }>)) {
      for (const [group, cap] of Object.entries(r.captures ?? {})) {
        assert.ok(/^\d+$/.test(group), `${name} capture ${group}`);
        assert.ok(cap.name && /^[a-z][\w.-]*$/.test(cap.name), `${name} capture ${group}`);
      }
    }
  });

  test('quantities split into currency, number, scale and unit', () => {
    const q = rule('quantity');
    const caps = grammar.repository.quantity.captures;
    const scopeOf = (m: RegExpExecArray, text: string) =>
      Object.fromEntries(Object.entries(caps as Record<string, { name: string }>)
        .filter(([g]) => m[Number(g)])
        .map(([g, c]) => [c.name, m[Number(g)]])) as Record<string, string>;
    const cases: [string, Record<string, string>][] = [
      [': 250 MW', { 'constant.numeric.gigafactory': '250', 'keyword.other.unit.gigafactory': 'MW' }],
      [': 35k USD', { 'constant.numeric.gigafactory': '35', 'storage.modifier.scale.gigafactory': 'k', 'keyword.other.unit.gigafactory': 'USD' }],
      [': €1.2B', { 'keyword.other.unit.currency.gigafactory': '€', 'constant.numeric.gigafactory': '1.2', 'storage.modifier.scale.gigafactory': 'B' }],
      [': 95 EUR/MWh', { 'constant.numeric.gigafactory': '95', 'keyword.other.unit.gigafactory': 'EUR/MWh' }],
      [': 80%', { 'constant.numeric.gigafactory': '80', 'keyword.other.unit.gigafactory': '%' }],
      [': 250 mW', { 'constant.numeric.gigafactory': '250', 'invalid.illegal.scale.gigafactory': 'm', 'keyword.other.unit.gigafactory': 'W' }],
      [': "35k USD"  # note', {
        'punctuation.definition.string.begin.gigafactory': '"', 'constant.numeric.gigafactory': '35',
        'storage.modifier.scale.gigafactory': 'k', 'keyword.other.unit.gigafactory': 'USD', 'punctuation.definition.string.end.gigafactory': '"',
      }],
    ];
    for (const [text, want] of cases) {
      const m = q.exec(text);
      assert.ok(m, text);
      assert.deepEqual(scopeOf(m, text), want, text);
    }
    for (const text of [': Munich 2029', ': 250 MW and more', ': "35k USD']) assert.equal(q.exec(text), null, text);
  });

  test('catalog ids, custom and other ids after model:', () => {
    const m = rule('catalog-model');
    assert.equal(m.exec('    - model: nvidia-b200')?.[6], 'nvidia-b200');
    assert.equal(m.exec('      model: custom  # own figures')?.[7], 'custom');
    assert.equal(m.exec('    - model: acme-x1')?.[8], 'acme-x1');
    assert.equal(m.exec('    - modelName: nvidia-b200'), null);
  });

  test('funding types after type:', () => {
    const t = rule('funding-type');
    for (const type of ['eu-grant', 'member-state', 'eib-loan', 'private-equity', 'private-debt', 'other']) {
      assert.equal(t.exec(`  - type: ${type}`)?.[6], type);
    }
    assert.equal(t.exec('    type: eu-grnt'), null);
  });

  test('the apiVersion line', () => {
    const a = rule('api-version');
    assert.ok(a.test('apiVersion: gigafactory/v1'));
    assert.ok(a.test('apiVersion: "gigafactory/v1"  # format'));
    assert.ok(!a.test('apiVersion: gigafactory/v2'));
  });
});

describe('language configuration', () => {
  test('line comments, brackets, pairs', () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']']]);
    const opens = config.autoClosingPairs.map((p: { open: string }) => p.open);
    for (const o of ['{', '[', '"', "'"]) assert.ok(opens.includes(o), o);
    assert.equal(config.surroundingPairs.length, 4);
  });

  test('folds by indentation', () => {
    assert.equal(config.folding.offSide, true);
  });

  test('indents after a line that ends with a colon', () => {
    const inc = new RegExp(config.indentationRules.increaseIndentPattern);
    for (const line of ['site:', '  accelerators:', '    - funding:  # lines', '  -']) assert.ok(inc.test(line), line);
    for (const line of ['  pue: 1.2', '# site:', '    - model: nvidia-b200']) assert.ok(!inc.test(line), line);
  });

  test('keeps list indentation after "- "', () => {
    const rules = config.onEnterRules as { beforeText: string; action: { indent: string; appendText?: string } }[];
    const first = (line: string) => rules.find((r) => new RegExp(r.beforeText).test(line));
    assert.deepEqual(first('    - model: nvidia-b200')?.action, { indent: 'none', appendText: '  ' });
    assert.deepEqual(first('  - accelerators:')?.action, { indent: 'indent', appendText: '  ' });
    assert.equal(first('  pue: 1.2'), undefined);
  });

  test('a word is a catalog id or a number with its unit', () => {
    const words = (s: string) => s.match(new RegExp(config.wordPattern, 'g'));
    assert.deepEqual(words('model: nvidia-b200'), ['model', 'nvidia-b200']);
    assert.deepEqual(words('gridCapacity: 250MW'), ['gridCapacity', '250MW']);
    assert.deepEqual(words('rate: 3.5%'), ['rate', '3.5%']);
    assert.deepEqual(words('- model: nvidia-h100-sxm'), ['model', 'nvidia-h100-sxm']);
  });
});
