/**
 * The report as Markdown, for pull requests and wikis: tables, and the charts
 * as text bars in code blocks (Markdown hosts strip inline SVG, text bars
 * survive everywhere).
 */
import type { ReportModel, Segment } from './model';

/** Escapes a table cell. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][], right: number[] = []): string[] {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map((_, i) => (right.includes(i) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** A horizontal text bar of `width` cells for `value` out of `max`, in eighths. */
export function textBar(value: number, max: number, width = 32): string {
  if (!(max > 0) || !(value > 0)) return '';
  const eighths = Math.round((value / max) * width * 8);
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return '█'.repeat(full) + (rest ? ' ▏▎▍▌▋▊▉'[rest] : '') || '▏';
}

function bars(rows: { label: string; value: number; display: string }[], max: number): string[] {
  const w = Math.max(...rows.map((r) => r.label.length));
  return rows.map((r) => `${r.label.padEnd(w)}  ${textBar(r.value, max).padEnd(33)} ${r.display}`);
}

const total = (s: Segment[]) => s.reduce((a, x) => a + x.value, 0);

/** The report as a Markdown document. */
export function renderMarkdown(r: ReportModel): string {
  const out: string[] = [`# ${r.title}`, ''];
  if (r.description) out.push(r.description, '');
  for (const f of [...r.facts, { label: 'File', value: r.fileName }]) out.push(`- **${f.label}:** ${f.value}`);
  out.push('');
  out.push(r.errors ? `> **${r.errors} error(s)${r.warnings ? `, ${r.warnings} warning(s)` : ''}**: some figures may be missing.` : r.warnings ? `> **${r.warnings} warning(s).**` : '> Every check passes.', '');

  if (r.kpis.length) {
    out.push('## Key figures', '', ...table(['figure', 'value', ''], r.kpis.map((k) => [k.label, k.value, k.detail]), [1]), '');
  }
  if (r.problems.length) {
    out.push('## Problems', '');
    for (const p of r.problems) out.push(`- **${p.severity}** \`${r.fileName}:${p.line}:${p.column}\` ${p.message}`);
    out.push('');
  }
  const c = r.charts;
  if (c.capex) {
    out.push('## Capex by part', '', '```text', ...bars(c.capex.parts.map((p) => ({ ...p, display: `${p.display}  ${c.capex!.total > 0 ? `${Math.round((p.value / c.capex!.total) * 1000) / 10}%` : ''}` })), Math.max(...c.capex.parts.map((p) => p.value))), '```', '', `Total capex: **${c.capex.totalDisplay}**.`, '');
  }
  if (c.funding) {
    const f = c.funding;
    const max = Math.max(f.againstTotal, f.fundingTotal);
    out.push(`## Funding against ${f.againstTitle}`, '', '```text');
    out.push(...bars([
      { label: f.againstLabel, value: f.againstTotal, display: f.against.map((s) => s.display).join(' + ') },
      { label: 'Funding', value: f.fundingTotal, display: f.funding.map((s) => s.display).join(' + ') },
    ], max));
    out.push('```', '', `${f.gap < 0 ? `**Funding gap: ${f.gapDisplay}.**` : `Funding margin: **${f.gapDisplay}**.`}`, '');
    out.push(...table(['funding line', 'type', 'amount'], f.funding.map((s) => [s.label, s.key, s.display]), [2]), '');
  }
  if (c.power) {
    const p = c.power;
    const rows = [...p.segments.map((s) => ({ label: s.label, value: s.value, display: s.display })), { label: 'Facility power', value: p.facilityPower, display: `${total(p.segments).toFixed(1)} MW` }];
    if (p.gridCapacity !== undefined) rows.push({ label: 'Grid connection', value: p.gridCapacity, display: `${p.gridCapacity.toFixed(1)} MW` });
    out.push('## Power budget against the grid connection', '', '```text', ...bars(rows, Math.max(p.facilityPower, p.gridCapacity ?? 0)), '```', '');
    if (p.gridCapacity !== undefined) {
      out.push(p.facilityPower > p.gridCapacity
        ? `**Facility power is ${(p.facilityPower - p.gridCapacity).toFixed(1)} MW above the grid connection.**`
        : `${(p.gridCapacity - p.facilityPower).toFixed(1)} MW spare on the grid connection.`, '');
    }
  }
  if (c.yearly) {
    const y = c.yearly;
    out.push(`## Cost by year over ${y.horizonYears} years`, '');
    const keys = y.years[0]?.parts.map((p) => p.label) ?? [];
    out.push(...table(['year', ...keys, 'total'], y.years.map((yr) => [yr.label, ...yr.parts.map((p) => (p.value ? p.display : '–')), yr.totalDisplay]), keys.map((_, i) => i + 1).concat(keys.length + 1)), '');
    out.push(y.interestByTerm ? 'Loan interest stops when each loan\'s term ends. Capex before operation is not shown.' : 'A loan term is not known: every year carries the first-year interest.', '');
  }
  out.push('## Full breakdown', '');
  for (const f of r.figures) {
    if (f.value === undefined) {
      out.push(`### ${f.name}: not computed`, '', 'An input it needs is missing or invalid.', '');
      continue;
    }
    out.push(`### ${f.name} = ${f.value}`, '', `Formula: \`${f.formula}\``, '', f.expression ?? '', '');
    if (f.inputs.length) out.push(...table(['input', 'value', 'from'], f.inputs.map((i) => [i.label, i.value, i.from]), [1]), '');
  }
  if (r.accelerators.length) {
    out.push('## Accelerators', '', ...table(['model', 'count', 'unit price', 'power', 'capex', 'IT load', 'price and power from'],
      r.accelerators.map((a) => [a.model, a.count, a.unitPrice, a.power, a.capex ?? '—', a.itLoad ?? '—', a.source]), [1, 2, 3, 4, 5]), '');
  }
  if (r.funding.length) {
    out.push('## Funding', '', ...table(['name', 'type', 'amount', 'share of capex', 'rate', 'term'],
      r.funding.map((f) => [f.name, f.type, f.amount ?? '—', f.share ?? '—', f.rate ?? '', f.term ?? '']), [2, 3, 4]), '');
  }
  if (r.sources.length) {
    out.push('## Sources of the defaults used', '', ...table(['source', 'date', 'used for'],
      r.sources.map((s) => [s.note ? `${s.name} (${s.note})` : s.name, s.date, s.usedFor.join('; ')])), '');
  }
  out.push('## How to read these numbers', '', ...r.notes.map((n) => `- ${n}`), '');
  out.push(`*Made by ${r.generator} from ${r.fileName}. Money in ${r.currency}.*`, '');
  return out.join('\n');
}
