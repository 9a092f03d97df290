/**
 * Test snippets mark what they expect inline: `⟦value⟧` around the expected
 * range of a problem, `|` at a cursor. The markers are removed before use.
 */
import type { Span } from '../../server/src/scenario/types';

/** Strips `⟦ ⟧` markers and returns the text and the marked spans, in order. */
export function markedSpans(marked: string): { text: string; spans: Span[] } {
  const spans: Span[] = [];
  let text = '';
  let open = -1;
  for (const ch of marked) {
    if (ch === '⟦') open = text.length;
    else if (ch === '⟧') { spans.push({ start: open, end: text.length }); open = -1; }
    else text += ch;
  }
  return { text, spans };
}

/** Strips a single `|` cursor marker and returns the text and its offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker in snippet');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** A small scenario that passes every check; tests edit one line of it. */
export const VALID_SCENARIO = `apiVersion: gigafactory/v1
kind: Scenario
metadata:
  name: test-base
site:
  country: FI
  gridCapacity: 300 MW
hardware:
  accelerators:
    - model: nvidia-b200
      count: 100000
power:
  pue: 1.2
funding:
  - name: Equity
    type: private-equity
    amount: 9B EUR
`;

/** Replaces the first occurrence of `from` in the valid scenario. */
export function variant(from: string, to: string): string {
  if (!VALID_SCENARIO.includes(from)) throw new Error(`"${from}" is not in the base scenario`);
  return VALID_SCENARIO.replace(from, to);
}
