/**
 * Figure-by-figure comparison of two scenarios: each figure of the cost model
 * in A and in B, the difference B − A, and that difference as a share of A.
 * Values are formatted as the hovers format them. When the two scenarios report
 * in different currencies, B's money is converted into A's currency at A's
 * exchange rate, and the comparison says so.
 */
import { FIGURE_ORDER, formatFigureValue, type Figure, type FigureId, type Figures } from '../scenario/costModel';
import { formatInteger, formatNumber, formatPercent } from '../scenario/format';
import type { Currency } from '../scenario/quantity';
import { esc } from './charts';
import { page } from './html';

export interface CompareSide {
  /** How the scenario is named in the output: a file name, or `HEAD`. */
  label: string;
  figures: Figures | undefined;
}

export interface CompareRow {
  id: FigureId | 'accelerators';
  name: string;
  a?: string;
  b?: string;
  /** B − A, formatted like the figure, with a sign. */
  delta?: string;
  /** (B − A) / |A|, with a sign; absent when A is 0 or a side is missing. */
  percent?: string;
  aValue?: number;
  bValue?: number;
  deltaValue?: number;
  /** Fraction, e.g. 0.12 for +12%. */
  percentValue?: number;
}

export interface Comparison {
  a: string;
  b: string;
  currency: Currency;
  rows: CompareRow[];
  notes: string[];
}

const MONEY_KINDS = new Set(['money', 'moneyPerYear', 'moneyPerHour']);

function signed(n: number, text: string): string {
  if (n === 0 || text.replace(/[^1-9]/g, '') === '') return text.replace(/^[−-]/, '');
  return `${n > 0 ? '+' : '−'}${text.replace(/^[−-]/, '')}`;
}

function deltaText(f: Figure, delta: number, currency: Currency): string {
  switch (f.kind) {
    case 'share': return signed(delta, `${formatNumber(Math.abs(delta) * 100, 2)} pp`);
    case 'count': return signed(delta, formatInteger(Math.abs(delta)));
    default: return signed(delta, formatFigureValue({ ...f, value: Math.abs(delta) }, currency));
  }
}

/** Compares every figure of A and B. */
export function compareScenarios(a: CompareSide, b: CompareSide): Comparison {
  const currency: Currency = a.figures?.currency ?? b.figures?.currency ?? 'EUR';
  const notes: string[] = [];
  const rate = a.figures?.params.usdPerEur?.value ?? b.figures?.params.usdPerEur?.value;
  let convertB: (v: number) => number | undefined = (v) => v;
  if (a.figures && b.figures && a.figures.currency !== b.figures.currency) {
    if (rate === undefined) convertB = () => undefined;
    else {
      convertB = (v) => (b.figures!.currency === 'USD' ? v / rate : v * rate);
      notes.push(`${b.label} reports in ${b.figures.currency}; its money figures are converted into ${currency} at ${formatNumber(rate, 6)} USD per EUR (the exchange rate of ${a.label}).`);
    }
  }
  if (!a.figures) notes.push(`${a.label} has no figures: it could not be read as a scenario.`);
  if (!b.figures) notes.push(`${b.label} has no figures: it could not be read as a scenario.`);

  const rows: CompareRow[] = [];
  for (const id of FIGURE_ORDER) {
    const fa = a.figures?.byId[id];
    const fbRaw = b.figures?.byId[id];
    const fb = fbRaw && MONEY_KINDS.has(fbRaw.kind) ? (() => { const v = convertB(fbRaw.value); return v === undefined ? undefined : { ...fbRaw, value: v }; })() : fbRaw;
    const ref = fa ?? fb;
    const row: CompareRow = { id, name: ref?.name ?? id };
    if (fa) { row.a = formatFigureValue(fa, currency); row.aValue = fa.value; }
    if (fb) { row.b = formatFigureValue(fb, currency); row.bValue = fb.value; }
    if (fa && fb) addDelta(row, fa, fa.value, fb.value, currency);
    if (!ref) row.name = nameOf(id);
    rows.push(row);
  }
  // The accelerator count is the scale of the whole scenario; it leads the table.
  const ca = a.figures?.totalCount, cb = b.figures?.totalCount;
  const count: CompareRow = { id: 'accelerators', name: 'accelerators (Σ n_i)' };
  if (ca !== undefined) { count.a = formatInteger(ca); count.aValue = ca; }
  if (cb !== undefined) { count.b = formatInteger(cb); count.bValue = cb; }
  if (ca !== undefined && cb !== undefined) {
    count.deltaValue = cb - ca;
    count.delta = signed(cb - ca, formatInteger(Math.abs(cb - ca)));
    if (ca !== 0) { count.percentValue = (cb - ca) / Math.abs(ca); count.percent = signed(count.percentValue, formatPercent(Math.abs(count.percentValue), 1)); }
  }
  rows.unshift(count);
  return { a: a.label, b: b.label, currency, rows, notes };
}

function addDelta(row: CompareRow, f: Figure, a: number, b: number, currency: Currency): void {
  const d = b - a;
  row.deltaValue = d;
  row.delta = deltaText(f, d, currency);
  if (a !== 0 && f.kind !== 'share') {
    row.percentValue = d / Math.abs(a);
    row.percent = signed(row.percentValue, formatPercent(Math.abs(row.percentValue), 1));
  }
}

function nameOf(id: FigureId): string {
  return id.replace(/([A-Z])/g, ' $1').toLowerCase();
}

const dash = '—';

/** The comparison as an aligned plain-text table, for terminals. */
export function renderCompareText(c: Comparison): string {
  const head = ['figure', c.a, c.b, 'difference', '%'];
  const rows = c.rows.map((r) => [r.name, r.a ?? 'not computed', r.b ?? 'not computed', r.delta ?? dash, r.percent ?? dash]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  for (const n of c.notes) out.push('', n);
  return `${out.join('\n')}\n`;
}

/** The comparison as a Markdown table. */
export function renderCompareMarkdown(c: Comparison): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`# ${esc(c.a)} compared with ${esc(c.b)}`, '', `| figure | ${esc(c.a)} | ${esc(c.b)} | difference | % |`, '| --- | ---: | ---: | ---: | ---: |'];
  for (const r of c.rows) out.push(`| ${esc(r.name)} | ${r.a ?? 'not computed'} | ${r.b ?? 'not computed'} | ${r.delta ?? dash} | ${r.percent ?? dash} |`);
  if (c.notes.length) out.push('', ...c.notes.map((n) => `> ${n}`));
  return `${out.join('\n')}\n`;
}

/** The comparison as a self-contained HTML page, with a bar for each relative change. */
export function renderCompareHtml(c: Comparison): string {
  const maxPct = Math.max(0.01, ...c.rows.map((r) => Math.abs(r.percentValue ?? 0)));
  const bar = (r: CompareRow) => {
    if (r.percentValue === undefined) return '';
    const w = Math.round((Math.abs(r.percentValue) / maxPct) * 60);
    const color = r.percentValue >= 0 ? '#1c7ed6' : '#f08c00';
    const x = r.percentValue >= 0 ? 60 : 60 - w;
    return `<svg class="delta" width="120" height="14" viewBox="0 0 120 14" role="img" aria-label="${esc(r.percent ?? '')}"><line x1="60" x2="60" y1="0" y2="14" class="axis"/><rect x="${x}" y="2" width="${w}" height="10" fill="${color}"/></svg>`;
  };
  const rows = c.rows.map((r) => `<tr data-row="${r.id}"><td>${esc(r.name)}</td><td class="num">${esc(r.a ?? 'not computed')}</td><td class="num">${esc(r.b ?? 'not computed')}</td><td class="num">${esc(r.delta ?? dash)}</td><td class="num">${esc(r.percent ?? dash)}</td><td>${bar(r)}</td></tr>`).join('');
  const content = `<header><h1>${esc(c.a)} compared with ${esc(c.b)}</h1><p class="muted">Each figure of the cost model; difference = ${esc(c.b)} − ${esc(c.a)}, and as a share of ${esc(c.a)}. Money in ${c.currency}.</p></header>`
    + `<table class="compare"><thead><tr><th>figure</th><th>${esc(c.a)}</th><th>${esc(c.b)}</th><th>difference</th><th>%</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
    + (c.notes.length ? `<ul>${c.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '')
    + '<style>svg.delta .axis { stroke: var(--muted); } table.compare td:first-child { white-space: nowrap; }</style>';
  return page(`Comparison: ${c.a} and ${c.b}`, content);
}
