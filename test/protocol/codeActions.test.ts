/**
 * Quick fixes over stdio, as an editor applies them: every fix offered on a
 * broken example is applied through its workspace edit, the resulting file is
 * compared with the exact text expected, and the diagnostics are fetched
 * again. Then a sweep applies the preferred (else first) fix of every
 * diagnostic of every broken example and checks that the errors it addressed
 * are gone and every comment is still there.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits, ROOT, TestClient } from './lspClient';

const broken = join(ROOT, 'examples', 'broken');
const brokenFiles = readdirSync(broken).filter((f) => /\.gigafactory\.ya?ml$/.test(f)).sort();
const read = (file: string) => readFileSync(join(broken, file), 'utf8');

/** The original text with each `[from, to]` applied once; each `from` must occur exactly once. */
function replaced(text: string, pairs: [string, string][]): string {
  let out = text;
  for (const [from, to] of pairs) {
    const at = out.indexOf(from);
    assert.ok(at >= 0 && out.indexOf(from, at + 1) < 0, `"${from}" must occur once`);
    out = out.slice(0, at) + to + out.slice(at + from.length);
  }
  return out;
}

interface Expect {
  /** Replacements on the original file that give the exact fixed file. */
  edits: [string, string][];
  /** Diagnostic codes left afterwards (by design, e.g. an inserted `rate: ` to fill). */
  remaining?: string[];
}

/** Every fix offered on a broken example, by title, and what it must do. */
const EXPECTED: Record<string, Record<string, Expect>> = {
  'count-with-separator.gigafactory.yaml': { 'Write 100000': { edits: [['count: "100,000"', 'count: 100000']] } },
  'crlf-bom-wrong-unit.gigafactory.yaml': {
    'Write 190 EUR/MWh (price is a price per MWh)': { edits: [['price: 190 EUR\r\n', 'price: 190 EUR/MWh\r\n']] },
    'Replace with the example 95 EUR/MWh': { edits: [['price: 190 EUR\r\n', 'price: 95 EUR/MWh\r\n']] },
  },
  'custom-without-unit-price.gigafactory.yaml': {
    'Add `unitPrice: ` to fill in': { edits: [['      power: 1000 W\n', '      unitPrice: \n      power: 1000 W\n']], remaining: ['quantity'] },
  },
  'de-pue-above-limit.gigafactory.yaml': { 'Set pue to 1.2': { edits: [['pue: 1.3', 'pue: 1.2']] } },
  'duplicate-key.gigafactory.yaml': { 'Remove the second `country` (YAML reads the first)': { edits: [['  country: DE\n', '']] } },
  'eu-grant-over-limit.gigafactory.yaml': {
    'Scale the eu-grant amounts down to the limit of €5B': { edits: [['amount: 3B EUR', 'amount: 2.72B EUR'], ['type: eu-grant\n    amount: 2.5B EUR', 'type: eu-grant\n    amount: 2.27B EUR']] },
  },
  'funding-gap.gigafactory.yaml': {
    'Add a private-equity funding line of 1.49B EUR for the gap': {
      edits: [['    amount: 500M EUR\n', '    amount: 500M EUR\n  - name: Private equity (funding gap)\n    type: private-equity\n    amount: 1.49B EUR\n']],
    },
    'Scale every accelerator count down to fit the funding (100,000 → 75,209)': {
      edits: [['count: 100000', 'count: 75209']], remaining: ['check-min-accelerators'],
    },
  },
  'grid-exceeded.gigafactory.yaml': {
    'Raise gridCapacity to 220 MW': { edits: [['gridCapacity: 200 MW', 'gridCapacity: 220 MW']] },
    'Scale every accelerator count down to fit the grid connection (100,000 → 92,592)': {
      edits: [['count: 100000', 'count: 92592']], remaining: ['check-min-accelerators'],
    },
  },
  'horizon-beyond-lifetime.gigafactory.yaml': { 'Set horizonYears to 15': { edits: [['horizonYears: 20', 'horizonYears: 15']] } },
  'invalid-name.gigafactory.yaml': { 'Change to broken-example': { edits: [['name: Broken Example', 'name: broken-example']] } },
  'loan-without-rate.gigafactory.yaml': {
    "Add `rate: ` to fill in (the loan's yearly interest rate)": {
      edits: [['    type: eib-loan\n    amount: 1.5B EUR\n', '    type: eib-loan\n    amount: 1.5B EUR\n    rate: \n']], remaining: ['quantity'],
    },
  },
  'milli-scale.gigafactory.yaml': { 'Use M (million)': { edits: [['gridCapacity: 250 mW', 'gridCapacity: 250 MW']] } },
  'missing-pue.gigafactory.yaml': { 'Add `pue: 1.2`': { edits: [['power:\n  price', 'power:\n  pue: 1.2\n  price']] } },
  'operational-before-grid.gigafactory.yaml': { 'Move operational to 2031': { edits: [['operational: 2029', 'operational: 2031']] } },
  'percent-as-whole-number.gigafactory.yaml': { 'Use 80%': { edits: [['utilization: 80', 'utilization: 80%']] } },
  'rate-on-grant.gigafactory.yaml': {
    'Remove `rate` (loans only)': { edits: [['    rate: 2%\n', '']] },
    'Change the type to eib-loan': { edits: [['type: member-state', 'type: eib-loan']] },
    'Change the type to private-debt': { edits: [['type: member-state', 'type: private-debt']] },
  },
  'tab-indentation.gigafactory.yaml': { 'Indent with 2 spaces': { edits: [['\tprice', '  price']] } },
  'too-few-accelerators.gigafactory.yaml': { "Raise the last line's count to 100,000": { edits: [['count: 90000', 'count: 100000']] } },
  'unknown-funding-type.gigafactory.yaml': { 'Change to eu-grant': { edits: [['type: eu-grnt', 'type: eu-grant']] } },
  'unknown-key.gigafactory.yaml': {
    'Rename to gridCapacity': { edits: [['gridCapcity:', 'gridCapacity:']] },
    'Add `gridCapacity: 220 MW`': { edits: [['  country: AT\n', '  country: AT\n  gridCapacity: 220 MW\n']], remaining: ['schema-unknown-key'] },
  },
  'unknown-model.gigafactory.yaml': { 'Change to nvidia-b200': { edits: [['model: nvidia-b20\n', 'model: nvidia-b200\n']] } },
  'wrong-api-version.gigafactory.yaml': { 'Change to gigafactory/v1': { edits: [['apiVersion: gigafactory/v2', 'apiVersion: gigafactory/v1']] } },
  'wrong-unit.gigafactory.yaml': { 'Write 250 MW (gridCapacity is a power, in MW when bare)': { edits: [['gridCapacity: 250 EUR', 'gridCapacity: 250 MW']] } },
};

/** Applies the edit of a code action (changes for the one document). */
function applyAction(text: string, action: CodeAction, uri: string): string {
  const edits = action.edit?.changes?.[uri] as TextEdit[] | undefined;
  assert.ok(edits, `action "${action.title}" has no edit for the document`);
  return applyEdits(text, edits);
}

const show = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`).join('\n');

describe('quick fixes over stdio', () => {
  let client: TestClient;
  let n = 0;
  before(async () => { client = await TestClient.start({ pull: true }); });
  after(async () => {
    await client.stop();
    assert.equal(client.stderr.join(''), '', 'the server wrote to stderr');
  });

  /** Opens `text` under a fresh URI and returns its diagnostics. */
  async function openFresh(name: string, text: string): Promise<{ uri: string; ds: Diagnostic[] }> {
    const uri = `file:///fixes/${n++}/${name}`;
    client.open(uri, text);
    return { uri, ds: await client.diagnostics(uri) };
  }

  /** The quick fixes offered for one diagnostic, as the editor asks for them. */
  async function fixesFor(uri: string, d: Diagnostic): Promise<CodeAction[]> {
    const actions = (await client.codeActions(uri, d.range, [d])) ?? [];
    return actions.filter((a) => a.kind === 'quickfix' && a.diagnostics?.some((x) => x.message === d.message && x.range.start.line === d.range.start.line));
  }

  test('the server offers quick fixes and refactors', () => {
    const kinds = (client.initializeResult.capabilities.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds ?? [];
    assert.ok(kinds.includes('quickfix'));
  });

  for (const file of brokenFiles) {
    const expected = EXPECTED[file] ?? {};
    test(`${file}: each fix gives the exact file and clears its diagnostic`, async () => {
      const original = read(file);
      const { uri, ds } = await openFresh(file, original);
      const offered = new Map<string, { action: CodeAction; diagnostic: Diagnostic }>();
      for (const d of ds) for (const action of await fixesFor(uri, d)) if (!offered.has(action.title)) offered.set(action.title, { action, diagnostic: d });
      for (const t of Object.keys(expected)) assert.ok(offered.has(t), `"${t}" is not offered; offered: ${[...offered.keys()].join(' | ')}`);
      for (const t of offered.keys()) assert.ok(expected[t], `no expectation for the fix "${t}"`);
      for (const [title, { action, diagnostic }] of offered) {
        const want = expected[title]!;
        const fixed = applyAction(original, action, uri);
        assert.equal(fixed, replaced(original, want.edits), `text after "${title}"`);
        const after = (await openFresh(file, fixed)).ds;
        assert.ok(!after.some((d) => d.code === diagnostic.code), `"${title}" leaves ${String(diagnostic.code)}:\n${show(after)}`);
        assert.deepEqual(after.map((d) => String(d.code)).sort(), [...(want.remaining ?? [])].sort(), `diagnostics after "${title}":\n${show(after)}`);
      }
    });
  }

  for (const file of brokenFiles) {
    test(`${file}: applying every offered fix clears the errors it addresses and keeps the comments`, async () => {
      const original = read(file);
      let text = original;
      let { uri, ds } = await openFresh(file, text);
      const addressed = new Set<string>();
      for (const first of ds) {
        const current = ds.find((d) => d.code === first.code && !addressed.has(`${String(d.code)}@${d.message}`));
        if (!current) continue;
        const fixes = await fixesFor(uri, current);
        const fix = fixes.find((a) => a.isPreferred) ?? fixes[0];
        if (!fix) continue;
        addressed.add(String(current.code));
        text = applyAction(text, fix, uri);
        ({ uri, ds } = await openFresh(file, text));
      }
      for (const code of addressed) assert.ok(!ds.some((d) => d.code === code), `${code} is still reported:\n${show(ds)}`);
      const comments = original.split(/\r?\n/).filter((l) => /^\s*#/.test(l.replace(/^\uFEFF/, '')));
      for (const c of comments) assert.ok(text.includes(c), `comment lost: ${c}`);
    });
  }

  test('fix all (source.fixAll): every obvious repair at once, none that leaves a value to fill', async () => {
    const original = read('count-with-separator.gigafactory.yaml')
      .replace('gridCapacity: 250 MW', 'gridCapacity: 250 mW')
      .replace('type: eu-grant', 'type: eu-grnt')
      .replace('    rate: 3.5%\n', '');
    const { uri, ds } = await openFresh('fix-all.gigafactory.yaml', original);
    assert.equal(ds.length, 4, show(ds));
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = (await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [], only: ['source.fixAll'] } }));
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all: 3 problems with an obvious repair', 'source.fixAll']]);
    const fixed = applyAction(original, actions[0]!, uri);
    assert.equal(fixed, read('count-with-separator.gigafactory.yaml').replace('count: "100,000"', 'count: 100000').replace('    rate: 3.5%\n', ''));
    assert.deepEqual((await openFresh('fix-all.gigafactory.yaml', fixed)).ds.map((d) => d.code), ['schema-loan-rate']);
    // Asked without a kind, the editor's light bulb gets no fix-all.
    const plain = (await client.codeActions(uri, whole, [])) ?? [];
    assert.ok(!plain.some((a) => a.kind === 'source.fixAll'));
  });

  test('a fix keeps CRLF line ends when it inserts a line', async () => {
    const original = read('missing-pue.gigafactory.yaml').replace(/\n/g, '\r\n');
    const { uri, ds } = await openFresh('crlf.gigafactory.yaml', original);
    const d = ds.find((x) => x.code === 'schema-required')!;
    const [fix] = await fixesFor(uri, d);
    const fixed = applyAction(original, fix!, uri);
    assert.equal(fixed, original.replace('power:\r\n  price', 'power:\r\n  pue: 1.2\r\n  price'));
    assert.deepEqual((await openFresh('crlf.gigafactory.yaml', fixed)).ds, []);
  });
});
