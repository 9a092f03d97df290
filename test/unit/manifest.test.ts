/** The settings the code reads and the settings package.json declares are the same. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { settingKeys } from '../../common/settings';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

test('every setting in the code is declared in package.json with the same default, and no other', () => {
  const declared = pkg.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string; description?: string }>;
  const code = settingKeys();
  assert.deepEqual(Object.keys(declared).sort(), Object.keys(code).sort());
  for (const [key, value] of Object.entries(code)) {
    assert.deepEqual(declared[key]!.default, value, `default of ${key}`);
    assert.ok(declared[key]!.markdownDescription ?? declared[key]!.description, `${key} has a description`);
  }
});

test('the manifest points at files that exist', () => {
  const root = join(__dirname, '..', '..');
  for (const lang of pkg.contributes.languages) readFileSync(join(root, lang.configuration));
  for (const g of pkg.contributes.grammars) JSON.parse(readFileSync(join(root, g.path), 'utf8'));
  for (const v of pkg.contributes.yamlValidation) JSON.parse(readFileSync(join(root, v.url), 'utf8'));
});

test('commands used by the client are contributed', () => {
  const client = readFileSync(join(__dirname, '..', '..', 'client', 'src', 'extension.ts'), 'utf8');
  const used = [...client.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]);
  const declared = pkg.contributes.commands.map((c: { command: string }) => c.command);
  for (const c of used) assert.ok(declared.includes(c), `${c} is registered but not contributed`);
});
