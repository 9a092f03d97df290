/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script,
 * no font, image or stylesheet from anywhere else, and a content security
 * policy that forbids them, so the file opens offline and the same page serves
 * as the editor's webview. Colours come from VS Code's theme variables when
 * the page is shown there, with light fallbacks everywhere else.
 */
import { capexSvg, colorOf, esc, fundingSvg, powerSvg, yearlySvg } from './charts';
import type { Kpi, ReportModel, ReportProblem, Segment } from './model';

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export const STYLE = `
:root {
  --bg: var(--vscode-editor-background, #ffffff);
  --fg: var(--vscode-editor-foreground, #1f2933);
  --muted: var(--vscode-descriptionForeground, #5f6b7a);
  --border: var(--vscode-panel-border, #d9dee5);
  --card: var(--vscode-editorWidget-background, #f5f7fa);
  --good: #2b8a3e; --bad: #e03131; --warn: #e67700;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 var(--vscode-font-family, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif); }
main { max-width: 1120px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 26px; line-height: 1.2; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0; }
.muted, .desc { color: var(--muted); }
.facts { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 10px 0 0; padding: 0; list-style: none; }
.facts b { font-weight: 600; }
.status { display: inline-block; margin-top: 12px; padding: 4px 10px; border-radius: 999px; font-weight: 600; font-size: 13px; }
.status.ok { background: rgba(43,138,62,.12); color: var(--good); }
.status.warn { background: rgba(230,119,0,.14); color: var(--warn); }
.status.err { background: rgba(224,49,49,.12); color: var(--bad); }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin-top: 22px; }
.kpi { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 12px 14px; border-top: 4px solid var(--border); }
.kpi.good { border-top-color: var(--good); } .kpi.bad { border-top-color: var(--bad); }
.kpi .label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.kpi .value { font-size: 24px; font-weight: 650; margin: 2px 0; font-variant-numeric: tabular-nums; }
.kpi.good .value { color: var(--good); } .kpi.bad .value { color: var(--bad); }
.kpi .detail { font-size: 12.5px; color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 18px; }
@media (max-width: 560px) { .charts { grid-template-columns: 1fr; } main { padding: 16px; } }
figure { margin: 0; background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 14px 16px 12px; min-width: 0; }
figure h3 { margin: 0 0 8px; }
figcaption { font-size: 12.5px; color: var(--muted); margin-top: 6px; }
svg.chart { width: 100%; max-width: 680px; height: auto; display: block; overflow: visible; }
svg .lbl { fill: var(--fg); font-size: 12.5px; }
svg .val, svg .sub { fill: var(--fg); font-size: 12px; font-variant-numeric: tabular-nums; }
svg .sub { fill: var(--muted); }
svg .tick { fill: var(--muted); font-size: 11px; font-variant-numeric: tabular-nums; }
svg .inbar { fill: #ffffff; font-size: 11.5px; font-weight: 600; paint-order: stroke; stroke: rgba(0,0,0,.25); stroke-width: 2px; }
svg .gaplbl { fill: var(--bad); font-size: 12.5px; font-weight: 650; }
svg .oklbl { fill: var(--good); font-size: 12.5px; font-weight: 650; }
svg .grid { stroke: var(--border); stroke-width: 1; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .marker { stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .gridbar { fill: none; stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 6 3; }
svg .seg { stroke: var(--card); stroke-width: 1; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0 0; padding: 0; list-style: none; font-size: 12.5px; }
.legend li { display: flex; align-items: center; gap: 6px; }
.sw { display: inline-block; width: 11px; height: 11px; border-radius: 2px; flex: none; }
.sw.hatch { background-image: repeating-linear-gradient(45deg, currentColor 0 2px, transparent 2px 5px); }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 10px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tablewrap { overflow-x: auto; }
@media (max-width: 760px) { td.num { white-space: normal; } }
.breakdown .figval { font-weight: 600; }
details { border-bottom: 1px solid var(--border); padding: 4px 0; }
details > summary { cursor: pointer; list-style: none; display: flex; gap: 12px; justify-content: space-between; padding: 4px 0; }
details > summary::-webkit-details-marker { display: none; }
details > summary::before { content: "▸"; color: var(--muted); margin-right: 4px; }
details[open] > summary::before { content: "▾"; }
details > summary .name { flex: 1; }
details > summary .figval { font-weight: 600; font-variant-numeric: tabular-nums; }
.formula { font-family: var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace); font-size: 12.5px; }
.expr { color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
.origin-input { color: var(--good); } .origin-default { color: var(--warn); }
.problems li { margin: 3px 0; } .problems .sev-error { color: var(--bad); font-weight: 600; } .problems .sev-warning { color: var(--warn); font-weight: 600; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
@media print { main { padding: 0; } figure, .kpi { break-inside: avoid; } details { break-inside: avoid; } }
`;

export interface HtmlOptions {
  /** Open every breakdown section (for print and for tests). */
  expandBreakdown?: boolean;
}

/** The report as a complete HTML document. */
export function renderHtml(r: ReportModel, options: HtmlOptions = {}): string {
  return page(`Cost report: ${r.title}`, body(r, options));
}

/** A complete, self-contained page around `content`. */
export function page(title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>
`;
}

function statusBadge(r: ReportModel): string {
  if (r.errors > 0) return `<span class="status err">${r.errors} error${r.errors === 1 ? '' : 's'}${r.warnings ? `, ${r.warnings} warning${r.warnings === 1 ? '' : 's'}` : ''}: figures may be incomplete</span>`;
  if (r.warnings > 0) return `<span class="status warn">${r.warnings} warning${r.warnings === 1 ? '' : 's'}</span>`;
  return '<span class="status ok">Every check passes</span>';
}

function kpiCard(k: Kpi): string {
  return `<div class="kpi ${k.tone}" data-kpi="${esc(k.id)}"><div class="label">${esc(k.label)}</div><div class="value">${esc(k.value)}</div><div class="detail">${esc(k.detail)}</div></div>`;
}

function legend(segments: { key: string; label: string; display?: string }[], extra = ''): string {
  const seen = new Set<string>();
  const items = segments.filter((s) => {
    const k = `${s.key}|${s.label}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).map((s) => `<li><span class="sw" style="background:${colorOf(s.key)}"></span>${esc(s.label)}${s.display ? ` <span class="muted">${esc(s.display)}</span>` : ''}</li>`);
  return `<ul class="legend">${items.join('')}${extra}</ul>`;
}

function hatchItem(label: string, color: string): string {
  return `<li><span class="sw hatch" style="color:${color}"></span>${esc(label)}</li>`;
}

function charts(r: ReportModel): string {
  const c = r.charts;
  const out: string[] = [];
  if (c.capex) {
    out.push(`<figure data-chart="capex"><h3>Capex by part</h3>${capexSvg(c.capex)}<figcaption>Total capex ${esc(c.capex.totalDisplay)}. Systems (servers, CPUs), networking and storage are shares of the accelerators' cost; the facility (building, power, cooling) is built per MW of IT load.</figcaption></figure>`);
  }
  if (c.funding) {
    const f = c.funding;
    const gapItem = f.gap < 0 ? hatchItem(`Gap ${f.gapDisplay}`, '#e03131') : '';
    out.push(`<figure data-chart="funding"><h3>Funding against ${esc(f.againstTitle)}</h3>${fundingSvg(f, r.currency)}`
      + `${legend(f.funding.map((s: Segment) => ({ key: s.key, label: s.label, display: s.display })), gapItem)}`
      + `<figcaption>${f.gap < 0 ? `Funding falls short by ${esc(f.gapDisplay.replace('−', ''))}.` : `Funding exceeds what it must cover by ${esc(f.gapDisplay.replace('+', ''))}.`} Upper bar: ${esc(f.againstTitle)} (${f.against.map((s) => `${esc(s.label)} ${esc(s.display)}`).join(', ')}).</figcaption></figure>`);
  }
  if (c.power) {
    out.push(`<figure data-chart="power"><h3>Power budget against the grid connection</h3>${powerSvg(c.power)}${legend(c.power.segments)}<figcaption>Peak draw of the whole site: IT load × PUE. The dashed line is the grid connection the site can draw.</figcaption></figure>`);
  }
  if (c.yearly) {
    const y = c.yearly;
    const series = y.years[0]?.parts.filter((p) => p.key !== 'refresh' && y.years.some((yr) => yr.parts.find((q) => q.key === p.key)!.value > 0)) ?? [];
    const hasRefresh = y.years.some((yr) => yr.parts.find((p) => p.key === 'refresh')!.value > 0);
    out.push(`<figure data-chart="yearly"><h3>Operating cost by year over ${y.horizonYears} years</h3>${yearlySvg(y, r.currency)}`
      + `${legend(series.map((s) => ({ key: s.key, label: s.label })), hasRefresh ? hatchItem('IT refresh (capex, not to scale)', '#9775fa') : '')}`
      + `<figcaption>Energy, staff and maintenance each year, plus ${y.interestByTerm ? 'each loan\'s interest until its term ends' : 'the first-year loan interest (a loan term is not known)'}.${hasRefresh ? ' The IT refreshes are marked in the years they fall; their cost is capital spending, not drawn to scale.' : ''} Initial capex is not shown.</figcaption></figure>`);
  }
  if (!out.length) return '<p class="muted">No chart: the figures they need could not be computed (see the problems below).</p>';
  return `<div class="charts">${out.join('\n')}</div>`;
}

function breakdown(r: ReportModel, open: boolean): string {
  const rows = r.figures.map((f) => {
    if (f.value === undefined) {
      return `<details data-figure-id="${f.id}"><summary><span class="name">${esc(f.name)}</span><span class="figval muted" data-figure="${f.id}" data-missing="true">not computed</span></summary><p class="muted">An input it needs is missing or invalid.</p></details>`;
    }
    const inputs = f.inputs.length
      ? `<table><thead><tr><th>input</th><th>value</th><th>from</th></tr></thead><tbody>${f.inputs.map((i) => `<tr><td>${esc(i.label)}</td><td class="num">${esc(i.value)}</td><td class="origin-${i.origin}">${esc(i.from)}</td></tr>`).join('')}</tbody></table>`
      : '';
    return `<details data-figure-id="${f.id}"${open ? ' open' : ''}><summary><span class="name">${esc(f.name)}</span><span class="figval" data-figure="${f.id}">${esc(f.value)}</span></summary>`
      + `<p class="formula">${esc(f.formula ?? '')}</p><p class="expr">${esc(f.expression ?? '')}</p>${inputs}</details>`;
  });
  return rows.join('\n');
}

function table(head: string[], rows: string[][], numeric: number[] = []): string {
  return `<div class="tablewrap"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

export function problemList(problems: ReportProblem[], fileName: string): string {
  return `<ul class="problems">${problems.map((p) => `<li><span class="sev-${p.severity}">${esc(p.severity)}</span> <span class="muted">${esc(fileName)}:${p.line}:${p.column}</span> ${esc(p.message)}</li>`).join('')}</ul>`;
}

function body(r: ReportModel, options: HtmlOptions): string {
  const parts: string[] = [];
  parts.push(`<header><h1>${esc(r.title)}</h1>${r.description ? `<p class="desc">${esc(r.description)}</p>` : ''}`
    + `<ul class="facts">${r.facts.map((f) => `<li><b>${esc(f.label)}:</b> ${esc(f.value)}</li>`).join('')}<li><b>File:</b> ${esc(r.fileName)}</li></ul>${statusBadge(r)}</header>`);
  if (r.kpis.length) parts.push(`<section class="kpis">${r.kpis.map(kpiCard).join('')}</section>`);
  if (r.problems.length) parts.push(`<h2>Problems</h2>${problemList(r.problems, r.fileName)}`);
  parts.push(`<h2>At a glance</h2>${charts(r)}`);
  parts.push(`<h2>Full breakdown</h2><p class="muted">Every figure of the cost model, with its formula, the numbers that went in and where each came from: <span class="origin-input">this file</span>, a <span class="origin-default">default</span> with its source, or another figure.</p><div class="breakdown">${breakdown(r, options.expandBreakdown ?? false)}</div>`);
  if (r.accelerators.length) {
    parts.push(`<h2>Accelerators</h2>${table(['model', 'count', 'unit price', 'power', 'capex', 'IT load', 'price and power from'],
      r.accelerators.map((a) => [a.model, a.count, a.unitPrice, a.power, a.capex ?? '—', a.itLoad ?? '—', a.source]), [1, 2, 3, 4, 5])}`);
  }
  if (r.funding.length) {
    parts.push(`<h2>Funding</h2>${table(['name', 'type', 'amount', 'share of capex', 'rate', 'term'],
      r.funding.map((f) => [f.name, f.type, f.amount ?? '—', f.share ?? '—', f.rate ?? '', f.term ?? '']), [2, 3, 4])}`);
  }
  if (r.sources.length) {
    parts.push(`<h2>Sources of the defaults used</h2>${table(['source', 'date', 'used for'],
      r.sources.map((s) => [s.note ? `${s.name} (${s.note})` : s.name, s.date, s.usedFor.join('; ')]))}`);
  }
  parts.push(`<h2>How to read these numbers</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  parts.push(`<footer>Made by ${esc(r.generator)} from ${esc(r.fileName)}. Money in ${esc(r.currency)}; figures follow the Gigafactory scenario format, version 1.</footer>`);
  return parts.join('\n');
}
