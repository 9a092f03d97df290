/**
 * The requests behind the editor's report webview, against the bundled server
 * over stdio: `gigafactory/report` answers with the very page the CLI writes,
 * and follows edits; `gigafactory/compare` compares the open text with
 * another version.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CompareRequest, ReportRequest } from '../../common/protocol';
import { buildReport, renderHtml } from '../../server/src/report';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { TestClient } from '../protocol/lspClient';
import { EXAMPLES, ensureBuilt } from './helpers';

describe('report requests of the webview', () => {
  let client: TestClient;
  const file = join(EXAMPLES, 'bavaria-b200.gigafactory.yaml');
  const uri = pathToFileURL(file).href;
  const text = readFileSync(file, 'utf8');

  before(async () => {
    ensureBuilt();
    client = await TestClient.start();
    client.open(uri, text);
  });
  after(async () => client.stop());

  test('gigafactory/report returns the CLI report page of the open document', async () => {
    const page = await client.connection.sendRequest(ReportRequest.type.method, { uri }) as ReportRequest.Result;
    const want = renderHtml(buildReport(analyze(text, { catalog: builtinCatalog() }), { fileName: 'bavaria-b200.gigafactory.yaml', generator: 'Gigafactory Scenarios' }));
    assert.equal(page.html, want);
    assert.equal(page.title, 'Bavaria AI Gigafactory, base case');
    assert.equal(page.errors, 0);
  });

  test('the report follows edits of the document', async () => {
    client.change(uri, text.replace('count: 100000', 'count: 80000'));
    const page = await client.connection.sendRequest(ReportRequest.type.method, { uri }) as ReportRequest.Result;
    assert.match(page.html, /80,000 \(nvidia-b200\)/);
    assert.ok(page.warnings >= 1, 'too few accelerators is a warning');
    client.change(uri, text);
  });

  test('gigafactory/report is null for a document the server does not hold', async () => {
    assert.equal(await client.connection.sendRequest(ReportRequest.type.method, { uri: 'file:///nowhere.gigafactory.yaml' }), null);
  });

  test('gigafactory/compare compares the open text with another version', async () => {
    const other = text.replace('count: 100000', 'count: 110000');
    const page = await client.connection.sendRequest(CompareRequest.type.method, { uri, otherText: other, otherLabel: 'bavaria at HEAD' }) as CompareRequest.Result;
    assert.match(page.title, /bavaria-b200\.gigafactory\.yaml ↔ bavaria at HEAD/);
    assert.match(page.html, /<tr data-row="accelerators"><td>accelerators \(Σ n_i\)<\/td><td class="num">100,000<\/td><td class="num">110,000<\/td><td class="num">\+10,000<\/td><td class="num">\+10%<\/td>/);
  });
});
