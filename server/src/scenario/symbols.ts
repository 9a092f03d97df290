/**
 * The outline of a scenario and its folding ranges. Sections are symbols with
 * their keys beneath; the site shows where it is and its grid connection, each
 * accelerator line its capex, each funding line its type and amount, all read
 * from the same figures as hints and hovers.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type ParsedNode } from 'yaml';
import type { Figures } from './costModel';
import { formatInteger, formatMoneyCompact } from './format';
import { isValid, type ScenarioModel, type Span } from './types';

export type SymbolKind = 'section' | 'site' | 'list' | 'accelerator' | 'funding' | 'key';

export interface ScenarioSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole entry: key and value. */
  span: Span;
  /** What the editor selects and reveals: the key, or the item's first key. */
  selectionSpan: Span;
  children: ScenarioSymbol[];
}

export interface SymbolInput {
  document: Document;
  /** The file's text, to end each symbol on its last character rather than the next line. */
  text?: string;
  model?: ScenarioModel | undefined;
  figures?: Figures | undefined;
}

function range(node: unknown): Span | undefined {
  const r = (node as ParsedNode | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** The document symbols of a scenario, in source order. */
export function documentSymbols(input: SymbolInput): ScenarioSymbol[] {
  const root = input.document.contents;
  if (!isMap(root)) return [];
  const out: ScenarioSymbol[] = [];
  for (const pair of root.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const keySpan = range(pair.key)!;
    const value = pair.value as Node | null;
    const span = { start: keySpan.start, end: range(value)?.end ?? keySpan.end };
    const sym: ScenarioSymbol = { name: key, kind: 'section', span, selectionSpan: keySpan, children: [] };
    if (isScalar(value)) sym.detail = String(value.value ?? '');
    if (key === 'site') siteSymbol(sym, input);
    if (key === 'metadata' && input.model && isValid(input.model.metadata.name)) sym.detail = input.model.metadata.name.value;
    if (isMap(value)) sym.children = mapChildren(value, input, [key]);
    if (isSeq(value) && key === 'funding') sym.children = fundingSymbols(value, input);
    if (key === 'hardware' && input.figures?.byId.capex) sym.detail = `capex ${formatMoneyCompact(input.figures.byId.capex.value, input.figures.currency)}`;
    out.push(trimEnd(sym, input.text));
  }
  return out;
}

function siteSymbol(sym: ScenarioSymbol, input: SymbolInput): void {
  sym.kind = 'site';
  const site = input.model?.site;
  if (!site) return;
  const parts: string[] = [];
  const where = [isValid(site.name) ? site.name.value : undefined, isValid(site.country) ? site.country.value : undefined].filter(Boolean).join(', ');
  if (where) parts.push(where);
  if (isValid(site.gridCapacity)) parts.push(`${formatInteger(site.gridCapacity.value / 1e6)} MW grid`);
  if (parts.length) sym.detail = parts.join(' · ');
}

function mapChildren(map: Node, input: SymbolInput, path: string[]): ScenarioSymbol[] {
  if (!isMap(map)) return [];
  const out: ScenarioSymbol[] = [];
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const keySpan = range(pair.key)!;
    const value = pair.value as Node | null;
    const sym: ScenarioSymbol = { name: key, kind: 'key', span: { start: keySpan.start, end: range(value)?.end ?? keySpan.end }, selectionSpan: keySpan, children: [] };
    if (isScalar(value)) sym.detail = String(value.value ?? '');
    if (path[0] === 'hardware' && key === 'accelerators' && isSeq(value)) {
      sym.kind = 'list';
      sym.children = acceleratorSymbols(value, input);
      const total = input.figures?.totalCount;
      if (total !== undefined) sym.detail = `${formatInteger(total)} accelerators`;
    } else if (isMap(value)) {
      sym.children = mapChildren(value, input, [...path, key]);
    }
    out.push(trimEnd(sym, input.text));
  }
  return out;
}

function itemSymbol(item: Node | null, name: string, kind: SymbolKind, text: string | undefined): ScenarioSymbol | undefined {
  const span = range(item);
  if (!span) return undefined;
  const first = isMap(item) ? item.items[0] : undefined;
  const selectionSpan = (first && range(first.key)) ?? span;
  return trimEnd({ name, kind, span, selectionSpan, children: [] }, text);
}

function acceleratorSymbols(seq: Node, input: SymbolInput): ScenarioSymbol[] {
  if (!isSeq(seq)) return [];
  const out: ScenarioSymbol[] = [];
  seq.items.forEach((item, i) => {
    const line = input.model?.hardware.accelerators[i];
    const model = line && isValid(line.model) ? line.model.value : `line ${i + 1}`;
    const count = line && isValid(line.count) ? ` × ${formatInteger(line.count.value)}` : '';
    const sym = itemSymbol(item as Node | null, `${model}${count}`, 'accelerator', input.text);
    if (!sym) return;
    const capex = input.figures?.lines[i]?.capex;
    if (capex && input.figures) sym.detail = `capex ${formatMoneyCompact(capex.value, input.figures.currency)}`;
    out.push(sym);
  });
  return out;
}

function fundingSymbols(seq: Node, input: SymbolInput): ScenarioSymbol[] {
  if (!isSeq(seq)) return [];
  const out: ScenarioSymbol[] = [];
  seq.items.forEach((item, i) => {
    const line = input.model?.funding[i];
    const name = line && isValid(line.name) ? line.name.value : `funding line ${i + 1}`;
    const sym = itemSymbol(item as Node | null, name, 'funding', input.text);
    if (!sym) return;
    const parts: string[] = [];
    if (line && isValid(line.type)) parts.push(line.type.value);
    const amount = input.figures?.fundingLines[i]?.amount;
    if (amount !== undefined && input.figures) parts.push(formatMoneyCompact(amount, input.figures.currency));
    if (parts.length) sym.detail = parts.join(' · ');
    out.push(sym);
  });
  return out;
}

/** Block values end after their last line end; a symbol ends on its last character. */
function trimEnd(sym: ScenarioSymbol, text: string | undefined): ScenarioSymbol {
  if (text === undefined) return sym;
  let e = sym.span.end;
  while (e > sym.selectionSpan.end && /[\r\n ]/.test(text[e - 1] ?? '')) e--;
  sym.span = { start: sym.span.start, end: e };
  return sym;
}

export interface FoldingSpan {
  /** Offset on the first line of the fold. */
  start: number;
  /** Offset on the last line of the fold (inclusive). */
  end: number;
  kind?: 'comment';
}

/**
 * Folding ranges: every block mapping or list that spans lines (from its key's
 * line), every list item that spans lines, and runs of two or more comment lines.
 */
export function foldingRanges(document: Document, text: string): FoldingSpan[] {
  const out: FoldingSpan[] = [];
  const lastChar = (end: number) => {
    let e = end;
    while (e > 0 && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
    return Math.max(0, e - 1);
  };
  const multiLine = (a: number, b: number) => text.slice(a, b).includes('\n');
  const visit = (node: Node | null, keyStart: number | undefined) => {
    const r = range(node);
    if ((isMap(node) || isSeq(node)) && r) {
      const start = keyStart ?? r.start;
      const end = lastChar(r.end);
      if (multiLine(start, end) && !(node as { flow?: boolean }).flow) out.push({ start, end });
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        visit(pair.value as Node | null, range(pair.key)?.start);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item as Node | null, undefined);
    }
  };
  const root = document.contents as Node | null;
  if (isMap(root)) for (const pair of root.items) if (isPair(pair)) visit(pair.value as Node | null, range(pair.key)?.start);
  // Runs of comment lines.
  const lineRe = /[^\n]*\n?/g;
  let runStart = -1;
  let runEnd = -1;
  let count = 0;
  for (let m = lineRe.exec(text); m && m[0] !== ''; m = lineRe.exec(text)) {
    const isComment = /^\uFEFF?\s*#/.test(m[0]);
    if (isComment) {
      if (count === 0) runStart = m.index;
      runEnd = m.index + m[0].replace(/\r?\n$/, '').length - 1;
      count++;
    } else {
      if (count >= 2) out.push({ start: runStart, end: runEnd, kind: 'comment' });
      count = 0;
    }
  }
  if (count >= 2) out.push({ start: runStart, end: runEnd, kind: 'comment' });
  return out.sort((a, b) => a.start - b.start);
}
