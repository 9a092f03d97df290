// The server's text documents against vscode-languageserver-textdocument's:
// the same random edits (ranges in any order, line breaks of every kind,
// whole-text replacements) must give the same text, line count, positions,
// offsets, line ranges and line breaks after every change.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerTextDocument, lineBreaks } from '../../server/src/textDocument';

const SEED = Number(process.env.FC_SEED ?? 20261126);
const RUNS = Number(process.env.FC_RUNS ?? 150);
const example = readFileSync(join(__dirname, '..', '..', 'examples', 'bavaria-b200.gigafactory.yaml'), 'utf8');

const piece = fc.constantFrom('', 'a', '7', ' ', '\n', '\r\n', '\r', 'count: 5\n', '\n\n', 'x\r', '\ny', '  - model: b\r\n');

/** A change as the editor sends it: a range (possibly reversed, beyond the end, or negative) and new text, or the whole text. */
const change = fc.oneof(
  { weight: 9, arbitrary: fc.record({ a: fc.nat(60), b: fc.nat(60), c: fc.nat(40), d: fc.nat(40), text: piece, reversed: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ whole: fc.constantFrom('', 'a\nb', 'x\r\ny\rz\n', example) }) },
);

function toEvent(c: { a: number; b: number; c: number; d: number; text: string; reversed: boolean } | { whole: string }, lines: number): TextDocumentContentChangeEvent {
  if ('whole' in c) return { text: c.whole };
  let start: Position = { line: c.a % (lines + 2), character: c.c };
  let end: Position = { line: Math.min(start.line + (c.b % 3), lines + 1), character: c.d };
  if (c.reversed) [start, end] = [end, start];
  return { range: { start, end }, text: c.text };
}

function assertSame(ours: ServerTextDocument, theirs: TextDocument, step: string): void {
  assert.equal(ours.getText(), theirs.getText(), `text after ${step}`);
  assert.equal(ours.lineCount, theirs.lineCount, `line count after ${step}`);
  assert.equal(ours.version, theirs.version, `version after ${step}`);
  const text = theirs.getText();
  for (let o = -1; o <= text.length + 1; o += Math.max(1, Math.floor(text.length / 200))) {
    assert.deepEqual(ours.positionAt(o), theirs.positionAt(o), `positionAt(${o}) after ${step}`);
  }
  for (let line = -1; line <= theirs.lineCount + 1; line++) {
    for (const character of [-1, 0, 1, 3, 200]) {
      assert.equal(ours.offsetAt({ line, character }), theirs.offsetAt({ line, character }), `offsetAt(${line}:${character}) after ${step}`);
    }
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `line range ${line} after ${step}`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `line break ${line} after ${step}`);
  }
}

test('random edit sequences give the same document as vscode-languageserver-textdocument', () => {
  fc.assert(
    fc.property(fc.constantFrom('', 'a', 'a\nb\r\nc\rd\n', example), fc.array(change, { minLength: 1, maxLength: 12 }), fc.boolean(), (start, changes, askFirst) => {
      const ours = new ServerTextDocument('file:///a.yaml', 'gigafactory', 1, start);
      const theirs = TextDocument.create('file:///a.yaml', 'gigafactory', 1, start);
      // Line offsets are computed on first use: with and without asking for a position before the first change.
      if (askFirst) assert.deepEqual(ours.positionAt(3), theirs.positionAt(3));
      changes.forEach((c, i) => {
        const event = toEvent(c, theirs.lineCount);
        ours.update([event], i + 2);
        TextDocument.update(theirs, [event], i + 2);
        assertSame(ours, theirs, `change ${i + 1} (${JSON.stringify(event)})`);
      });
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('line breaks are found the same with and without carriage returns', () => {
  assert.deepEqual(lineBreaks('a\nb\nc', true, 0), [0, 2, 4]);
  assert.deepEqual(lineBreaks('a\r\nb\rc\n', true, 10), [10, 13, 15, 17]);
  assert.deepEqual(lineBreaks('\n\n', false, 5), [6, 7]);
  assert.deepEqual(lineBreaks('', true, 0), [0]);
});
