/**
 * The report's charts as inline SVG strings: no script, no external resource,
 * so a report opens offline and inside a webview with a strict content
 * security policy. Sizes are in SVG user units; the page scales the charts to
 * its width. Colours of text and axes come from CSS classes, so they follow
 * the page's theme (and VS Code's, in the webview).
 */
import { formatMWShort, formatMoneyCompact } from '../scenario/format';
import type { Currency } from '../scenario/quantity';
import type { CapexChart, FundingChart, PowerChart, Segment, YearlyChart } from './model';

/** Series and funding-type colours, readable on light and dark backgrounds. */
export const COLORS: Record<string, string> = {
  accelerators: '#3b5bdb', systems: '#5c7cfa', networking: '#91a7ff', storage: '#bac8ff',
  facility: '#f08c00', land: '#adb5bd', it: '#4263eb', capex: '#4263eb', refresh: '#9775fa', running: '#f59f00',
  'eu-grant': '#2f9e44', 'member-state': '#94d82d', 'eib-loan': '#1c7ed6', 'private-debt': '#74c0fc',
  'private-equity': '#ae3ec9', other: '#adb5bd',
  energy: '#f59f00', staff: '#20c997', maintenance: '#868e96', interest: '#1c7ed6',
  cooling: '#ffa94d', line0: '#1864ab', line1: '#4dabf7', line2: '#a5d8ff', line3: '#228be6', line4: '#74c0fc',
  gap: '#e03131',
};

export function colorOf(key: string): string {
  return COLORS[key] ?? '#868e96';
}

/** Escapes text for HTML and SVG content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CHAR = 6.6; // rough width of a 12px character, for fitting labels
const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

function fits(text: string, width: number): boolean {
  return text.length * CHAR + 14 <= width;
}

function truncate(text: string, width: number): string {
  const max = Math.floor((width - 4) / CHAR);
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function svgOpen(id: string, width: number, height: number, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${id}" role="img" aria-label="${esc(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + `<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`
    + `<rect width="6" height="6" fill="${COLORS.gap}" fill-opacity="0.18"/><line x1="0" y1="0" x2="0" y2="6" stroke="${COLORS.gap}" stroke-width="2.5"/></pattern>`
    + `<pattern id="${id}-refresh" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`
    + `<rect width="6" height="6" fill="${COLORS.refresh}" fill-opacity="0.35"/><line x1="0" y1="0" x2="0" y2="6" stroke="${COLORS.refresh}" stroke-width="2.5"/></pattern></defs>`;
}

/** "Nice" axis ticks from 0 to at least `max`. */
export function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(v);
  if (out[out.length - 1]! < max) out.push(out[out.length - 1]! + step);
  return out;
}

function rect(x: number, y: number, w: number, h: number, fill: string, title: string, extra = ''): string {
  return `<rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(Math.max(0, w))}" height="${fmt(h)}" fill="${fill}"${extra}><title>${esc(title)}</title></rect>`;
}

function text(x: number, y: number, s: string, cls: string, anchor: 'start' | 'middle' | 'end' = 'start'): string {
  return `<text x="${fmt(x)}" y="${fmt(y)}" class="${cls}" text-anchor="${anchor}">${esc(s)}</text>`;
}

/** Capex by part: one horizontal bar per part, with value and share of capex. */
export function capexSvg(c: CapexChart, id = 'chart-capex'): string {
  const W = 520, label = 130, right = 112, rowH = 32, top = 6;
  const H = top + c.parts.length * rowH + 8;
  const max = Math.max(...c.parts.map((p) => p.value), 1);
  const scale = (W - label - right) / max;
  let s = svgOpen(id, W, H, `Capex by part, total ${c.totalDisplay}`);
  c.parts.forEach((p, i) => {
    const y = top + i * rowH;
    const w = Math.max(p.value > 0 ? 1.5 : 0, p.value * scale);
    s += text(label - 10, y + 20, truncate(p.label, label - 10), 'lbl', 'end');
    s += rect(label, y + 6, w, rowH - 12, colorOf(p.key), `${p.label}: ${p.display}`, ' rx="2"');
    const share = c.total > 0 ? ` · ${Math.round((p.value / c.total) * 1000) / 10}%` : '';
    s += text(label + w + 8, y + 21, `${p.display}${share}`, 'val');
  });
  return `${s}</svg>`;
}

function stackedRow(segments: Segment[], x0: number, y: number, h: number, scale: number, minLabel = true): { svg: string; end: number } {
  let x = x0;
  let svg = '';
  for (const seg of segments) {
    const w = seg.value * scale;
    if (w <= 0) continue;
    svg += rect(x, y, w, h, colorOf(seg.key), `${seg.label}: ${seg.display}`, ' class="seg"');
    if (minLabel && fits(seg.display, w)) svg += text(x + w / 2, y + h / 2 + 4, seg.display, 'inbar', 'middle');
    x += w;
  }
  return { svg, end: x };
}

/**
 * Funding stacked against what it must cover (capex or the total cost): one
 * bar each, on one scale; a gap is a hatched red stretch on the funding bar,
 * a margin a dashed line where the cost ends.
 */
export function fundingSvg(c: FundingChart, currency: Currency, id = 'chart-funding'): string {
  const W = 520, label = 70, right = 16, barH = 38, top = 26, gapY = 22;
  const H = top + 2 * barH + gapY + 44;
  const max = Math.max(c.againstTotal, c.fundingTotal, 1);
  const scale = (W - label - right) / max;
  let s = svgOpen(id, W, H, `Funding ${c.gap < 0 ? 'falls short of' : 'covers'} ${c.againstTitle}: ${c.gapDisplay}`);
  const y1 = top, y2 = top + barH + gapY;
  s += text(label - 10, y1 + barH / 2 + 4, c.againstLabel, 'lbl', 'end');
  s += text(label - 10, y2 + barH / 2 + 4, 'Funding', 'lbl', 'end');
  s += stackedRow(c.against, label, y1, barH, scale).svg;
  const row = stackedRow(c.funding, label, y2, barH, scale);
  s += row.svg;
  const costEnd = label + c.againstTotal * scale;
  if (c.gap < 0) {
    s += rect(row.end, y2, costEnd - row.end, barH, `url(#${id}-hatch)`, `Funding gap: ${c.gapDisplay}`, ` class="gap" stroke="${COLORS.gap}" stroke-width="1.5"`);
    const mid = (row.end + costEnd) / 2;
    s += text(Math.min(Math.max(mid, label + 60), W - 50), y2 + barH + 18, `Gap ${c.gapDisplay}`, 'gaplbl', 'middle');
  } else {
    s += `<line x1="${fmt(costEnd)}" x2="${fmt(costEnd)}" y1="${fmt(y1 - 6)}" y2="${fmt(y2 + barH + 6)}" class="marker"/>`;
    s += text(Math.min(costEnd, W - 60), y2 + barH + 20, `Margin ${c.gapDisplay}`, 'oklbl', 'middle');
  }
  s += text(label, 16, `${c.againstLabel} ${formatMoneyCompact(c.againstTotal, currency)} · funding ${formatMoneyCompact(c.fundingTotal, currency)}`, 'sub');
  return `${s}</svg>`;
}

/** Peak power need (IT load per line plus the PUE overhead) against the grid connection. */
export function powerSvg(c: PowerChart, id = 'chart-power'): string {
  const W = 520, label = 110, right = 20, barH = 34, top = 12, gapY = 16;
  const grid = c.gridCapacity;
  // The scale ends just past the larger of need and grid, and only the ticks inside it are drawn.
  const max = Math.max(c.facilityPower, grid ?? 0, 1) * 1.08;
  const axis = ticks(max, 5).filter((t) => t <= max);
  const scale = (W - label - right) / max;
  const y1 = top, y2 = top + barH + gapY;
  const H = y2 + barH + 46;
  let s = svgOpen(id, W, H, `Facility power ${formatMWShort(c.facilityPower)}${grid !== undefined ? ` against a ${formatMWShort(grid)} grid connection` : ''}`);
  for (const t of axis) {
    const x = label + t * scale;
    s += `<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${fmt(y1 - 4)}" y2="${fmt(y2 + barH + 4)}" class="grid"/>`;
    s += text(x, y2 + barH + 18, `${Math.round(t)} MW`, 'tick', 'middle');
  }
  s += text(label - 10, y1 + barH / 2 + 4, 'Needed at peak', 'lbl', 'end');
  s += stackedRow(c.segments, label, y1, barH, scale).svg;
  if (grid !== undefined) {
    s += text(label - 10, y2 + barH / 2 + 4, 'Grid connection', 'lbl', 'end');
    s += rect(label, y2, grid * scale, barH, 'none', `Grid connection: ${formatMWShort(grid)}`, ' class="gridbar"');
    s += text(label + grid * scale - 8, y2 + barH / 2 + 4, formatMWShort(grid), 'val', 'end');
    const gx = label + grid * scale;
    if (c.facilityPower > grid) {
      s += rect(gx, y1, (c.facilityPower - grid) * scale, barH, `url(#${id}-hatch)`, `Above the grid connection by ${formatMWShort(c.facilityPower - grid)}`, ` class="gap" stroke="${COLORS.gap}" stroke-width="1.5"`);
      s += text(Math.min(gx + 4, W - 260), y2 + barH + 36, `${formatMWShort(c.facilityPower - grid)} above the grid connection`, 'gaplbl');
    } else {
      s += text(label, y2 + barH + 36, `${formatMWShort(grid - c.facilityPower)} spare (${Math.round(((grid - c.facilityPower) / grid) * 1000) / 10}% of the connection)`, 'oklbl');
    }
    s += `<line x1="${fmt(gx)}" x2="${fmt(gx)}" y1="${fmt(y1 - 6)}" y2="${fmt(y2 + barH + 4)}" class="marker"/>`;
  }
  return `${s}</svg>`;
}

/**
 * Operating cost by year over the horizon: stacked columns of running costs
 * and loan interest. IT refreshes are capital spending many times a year's
 * opex, so they are not stacked (they would flatten every other column): a
 * hatched cap and a label mark the years they fall in.
 */
export function yearlySvg(c: YearlyChart, currency: Currency, id = 'chart-yearly'): string {
  const W = 520, left = 58, right = 6, top = 34, plotH = 200, bottom = 30;
  const H = top + plotH + bottom;
  const opex = (yr: YearlyChart['years'][number]) => yr.parts.filter((p) => p.key !== 'refresh').reduce((s, p) => s + p.value, 0);
  const max = Math.max(...c.years.map(opex), 1);
  const axis = ticks(max, 4);
  const scale = plotH / axis[axis.length - 1]!;
  const n = c.years.length;
  const slot = (W - left - right) / Math.max(n, 1);
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  let s = svgOpen(id, W, H, `Operating cost by year over ${n} years`);
  for (const t of axis) {
    const y = top + plotH - t * scale;
    s += `<line x1="${left}" x2="${W - right}" y1="${fmt(y)}" y2="${fmt(y)}" class="grid"/>`;
    s += text(left - 8, y + 4, formatMoneyCompact(t, currency), 'tick', 'end');
  }
  const every = Math.ceil(n / 12);
  c.years.forEach((yr, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let y = top + plotH;
    for (const p of yr.parts) {
      if (p.key === 'refresh') continue;
      const h = p.value * scale;
      if (h <= 0) continue;
      y -= h;
      s += rect(x, y, barW, h, colorOf(p.key), `${yr.label}, ${p.label}: ${p.display}`, ' class="seg"');
    }
    const refresh = yr.parts.find((p) => p.key === 'refresh');
    if (refresh && refresh.value > 0) {
      s += rect(x, y - 12, barW, 12, `url(#${id}-refresh)`, `${yr.label}, ${refresh.label}: ${refresh.display}`, ' class="seg refresh"');
      s += text(Math.min(Math.max(x + barW / 2, left + 40), W - 40), y - 18, `IT refresh ${refresh.display}`, 'val', 'middle');
    }
    if (i % every === 0) s += text(x + barW / 2, top + plotH + 16, yr.label, 'tick', 'middle');
  });
  s += `<line x1="${left}" x2="${W - right}" y1="${top + plotH}" y2="${top + plotH}" class="axis"/>`;
  return `${s}</svg>`;
}
