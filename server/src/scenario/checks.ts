/**
 * The checks beyond the schema: every row of the spec's checks table, as
 * problems on the value that causes them, with messages that state the
 * numbers and repairs that compute the repairing value. The checks read the
 * cost model's figures; none repeats a formula. A check whose inputs are
 * missing or invalid is skipped.
 */
import { closestIds, type Catalog } from './catalog';
import { editDistance } from './similarity';
import { spanUnion, type Figures } from './costModel';
import { formatInteger, formatMoneyCompact, formatNumber, formatPercent } from './format';
import type { Currency } from './quantity';
import { isValid, type Problem, type Repair, type ScenarioModel, type Span, type TextEditSpan } from './types';

/**
 * Runs every check. `text` is the document text; without it, the repairs that
 * insert lines (a new funding line) or keep the value's quoting are left out
 * or written unquoted.
 */
export function runChecks(model: ScenarioModel, figures: Figures, catalog: Catalog, text?: string): Problem[] {
  const ctx: Ctx = { model, figures, catalog, text, currency: figures.currency };
  return withScopes([
    ...fundingGap(ctx),
    ...gridCapacity(ctx),
    ...minAccelerators(ctx),
    ...euLimit(ctx),
    ...operationalBeforeGrid(ctx),
    ...germanPue(ctx),
    ...horizon(ctx),
    ...unknownModels(ctx),
  ]);
}

/** What a check judged from, beyond its own span: below a syntax error, such a problem is withheld. */
type Judged = Problem & { judged?: (Span | undefined)[] };

function withScopes(problems: Judged[]): Problem[] {
  return problems.map(({ judged, ...p }) => {
    const scope = judged ? spanUnion([p.span, ...judged]) : undefined;
    return scope && (scope.start < p.span.start || scope.end > p.span.end) ? { ...p, scope } : p;
  });
}

interface Ctx {
  model: ScenarioModel;
  figures: Figures;
  catalog: Catalog;
  text: string | undefined;
  currency: Currency;
}

/** Float noise must not raise a problem: 200 MW of need on a 200 MW grid fits. */
const EPS = 1e-9;

function exceeds(a: number, b: number): boolean {
  return a > b + EPS * Math.max(1, Math.abs(b));
}

function money(ctx: Ctx, amount: number): string {
  return formatMoneyCompact(amount, ctx.currency);
}

/** MW in messages: one decimal, or three for a difference below 0.1 MW. */
function mw(v: number): string {
  return `${formatNumber(v, Math.abs(v) < 0.1 && v !== 0 ? 3 : 1)} MW`;
}

/** Replacement text for a value, keeping its quoting style. */
function replaceValue(ctx: Ctx, span: Span, value: string): TextEditSpan {
  const first = ctx.text?.[span.start];
  if (first === '"') return { span, text: JSON.stringify(value) };
  if (first === "'") return { span, text: `'${value.replace(/'/g, "''")}'` };
  return { span, text: value };
}

/** The file's line ending, so inserted lines match it. */
function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The value as written, when the text is at hand. */
function written(ctx: Ctx, span: Span): string | undefined {
  return ctx.text?.slice(span.start, span.end);
}

/**
 * Edits that multiply every accelerator count by `factor`, each rounded down,
 * or undefined when a count is not valid or the factor does not shrink.
 */
function scaleCounts(ctx: Ctx, factor: number): { edits: TextEditSpan[]; before: number; after: number } | undefined {
  if (!(factor > 0 && factor < 1)) return undefined;
  const lines = ctx.model.hardware.accelerators;
  const edits: TextEditSpan[] = [];
  let before = 0;
  let after = 0;
  for (const line of lines) {
    if (!isValid(line.count)) return undefined;
    // The tiny margin keeps float noise from rounding a count up past the limit.
    const n = Math.floor(line.count.value * factor * (1 - 1e-12));
    before += line.count.value;
    after += n;
    if (n !== line.count.value) edits.push(replaceValue(ctx, line.count.span, String(n)));
  }
  return edits.length ? { edits, before, after } : undefined;
}

function scaleRepair(ctx: Ctx, factor: number, what: string): Repair | undefined {
  const s = scaleCounts(ctx, factor);
  if (!s) return undefined;
  const lines = ctx.model.hardware.accelerators.length;
  const detail = lines === 1 ? `${formatInteger(s.before)} → ${formatInteger(s.after)}` : `${formatInteger(s.before)} → ${formatInteger(s.after)} in all`;
  return { title: `Scale every accelerator count down to fit ${what} (${detail})`, edits: s.edits };
}

/**
 * A tidy amount: three significant digits, rounded up (to cover a gap) or down
 * (to stay within a limit), never below whole units.
 */
export function tidyAmount(x: number, direction: 'up' | 'down'): number {
  if (!(x > 0)) return 0;
  const step = Math.max(1, 10 ** (Math.floor(Math.log10(x)) - 2));
  const n = direction === 'up' ? Math.ceil(x / step) : Math.floor(x / step);
  return n * step;
}

/** "3.72B EUR", "420M EUR", "950k EUR", "12 EUR". */
export function amountText(x: number, currency: Currency): string {
  for (const [scale, suffix] of [[1e9, 'B'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (x >= scale) return `${trim((x / scale).toFixed(6))}${suffix} ${currency}`;
  }
  return `${trim(x.toFixed(2))} ${currency}`;
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

function fundingGap(ctx: Ctx): Judged[] {
  const { byId, params } = ctx.figures;
  const gap = byId.fundingGap;
  const funding = byId.funding;
  const key = ctx.model.fundingKey;
  const covers = params.fundingCovers?.value;
  if (!gap || !funding || !key || !covers || !(gap.value < -EPS * Math.max(1, funding.value))) return [];
  const against = covers === 'total' ? byId.totalCost! : byId.capex!;
  const againstName = covers === 'total' ? 'the total cost over the horizon' : 'capex';
  const shortBy = -gap.value;
  const repairs: Repair[] = [];
  const add = addFundingLine(ctx, shortBy);
  if (add) repairs.push(add);
  // Capex and the running costs scale with the counts; land, staff and loan interest do not.
  const land = params.landCost?.value ?? 0;
  let variable = against.value - land;
  if (covers === 'total') {
    const itc = byId.itCapex;
    const r = byId.itRefreshes;
    const h = params.horizonYears?.value;
    const energy = byId.energyCostPerYear;
    const maint = byId.maintenancePerYear;
    variable = itc && r && h && energy && maint && byId.capex ? byId.capex.value - land + itc.value * r.value + (energy.value + maint.value) * h : NaN;
  }
  const fixed = against.value - variable;
  if (variable > 0) {
    const scale = scaleRepair(ctx, (funding.value - fixed) / variable, 'the funding');
    if (scale) repairs.push(scale);
  }
  return [{
    span: key,
    severity: 'error',
    code: 'check-funding-gap',
    message: `funding ${money(ctx, funding.value)} falls short of ${againstName} ${money(ctx, against.value)} by ${money(ctx, shortBy)}`,
    repairs,
    judged: [gap.extent],
  }];
}

/** Inserts a private-equity line after the last funding item, indented like it. */
function addFundingLine(ctx: Ctx, gap: number): Repair | undefined {
  const text = ctx.text;
  const last = ctx.model.funding[ctx.model.funding.length - 1];
  if (text === undefined || !last) return undefined;
  const lineStart = text.lastIndexOf('\n', last.span.start - 1) + 1;
  const prefix = text.slice(lineStart, last.span.start);
  // Block sequences only: "  - name: ..." (a flow list gets no insertion).
  const m = /^(\s*)-(\s+)$/.exec(prefix);
  if (!m) return undefined;
  const dash = m[1]!;
  const inner = ' '.repeat(prefix.length);
  const amount = tidyAmount(gap, 'up');
  const value = amountText(amount, ctx.currency);
  let at = last.span.end;
  let lead = '';
  if (text[at - 1] !== '\n') {
    // The item ends the file without a newline.
    const nl = text.indexOf('\n', at);
    at = nl < 0 ? text.length : nl + 1;
    if (nl < 0) lead = eolOf(text);
  }
  const nl = eolOf(text);
  const insert = `${lead}${dash}-${m[2]}name: Private equity (funding gap)${nl}${inner}type: private-equity${nl}${inner}amount: ${value}${nl}`;
  return { title: `Add a private-equity funding line of ${value} for the gap`, edits: [{ span: { start: at, end: at }, text: insert }], preferred: true };
}

function gridCapacity(ctx: Ctx): Judged[] {
  const fp = ctx.figures.byId.facilityPower;
  const grid = ctx.figures.params.gridCapacity;
  const field = ctx.model.site.gridCapacity;
  if (!fp || !grid || !isValid(field) || !exceeds(fp.value, grid.value)) return [];
  const need = Math.ceil(Number((fp.value / 5).toFixed(9))) * 5;
  const was = written(ctx, field.span);
  const bare = was !== undefined && /^[0-9.]+$/.test(was.trim());
  const repairs: Repair[] = [
    { title: `Raise gridCapacity to ${need} MW`, edits: [replaceValue(ctx, field.span, bare ? String(need) : `${need} MW`)], preferred: true },
  ];
  const scale = scaleRepair(ctx, grid.value / fp.value, 'the grid connection');
  if (scale) repairs.push(scale);
  return [{
    span: field.span,
    severity: 'error',
    code: 'check-grid-capacity',
    message: `facility power ${mw(fp.value)} exceeds the grid connection of ${formatNumber(grid.value, 3)} MW by ${mw(fp.value - grid.value)}`,
    repairs,
    judged: [fp.extent],
  }];
}

function minAccelerators(ctx: Ctx): Judged[] {
  const total = ctx.figures.totalCount;
  const min = ctx.figures.params.minAccelerators;
  const key = ctx.model.hardware.acceleratorsKey;
  if (total === undefined || !min || !key || total >= min.value) return [];
  const short = min.value - total;
  const last = ctx.model.hardware.accelerators[ctx.model.hardware.accelerators.length - 1];
  const repairs: Repair[] = [];
  if (last && isValid(last.count)) {
    const n = last.count.value + short;
    repairs.push({ title: `Raise the last line's count to ${formatInteger(n)}`, edits: [replaceValue(ctx, last.count.span, String(n))], preferred: true });
  }
  return [{
    span: key,
    severity: 'warning',
    code: 'check-min-accelerators',
    message: `${formatInteger(total)} accelerators in all, ${formatInteger(short)} short of the minimum of ${formatInteger(min.value)} for a gigafactory (minAccelerators)`,
    repairs,
    judged: [...ctx.model.hardware.accelerators.map((l) => l.span), min.input.span],
  }];
}

function euLimit(ctx: Ctx): Judged[] {
  const { byId, params, fundingLines } = ctx.figures;
  const eu = byId.euAmount;
  if (!eu) return [];
  const reasons: string[] = [];
  const limits: number[] = [];
  const maxAmount = params.maxEuAmount;
  if (maxAmount) {
    limits.push(maxAmount.value);
    if (exceeds(eu.value, maxAmount.value)) {
      reasons.push(`EU grants ${money(ctx, eu.value)} exceed maxEuAmount ${money(ctx, maxAmount.value)} by ${money(ctx, eu.value - maxAmount.value)}`);
    }
  }
  const share = byId.euShare;
  const maxShare = params.maxEuShare;
  if (share && maxShare && byId.capex) {
    limits.push(maxShare.value * byId.capex.value);
    if (exceeds(share.value, maxShare.value)) {
      reasons.push(`the EU share of capex ${formatPercent(share.value, 1)} exceeds maxEuShare ${formatPercent(maxShare.value, 1)}`);
    }
  }
  if (!reasons.length) return [];
  const limit = Math.min(...limits);
  const factor = eu.value > 0 ? limit / eu.value : 0;
  const euLines = ctx.model.funding.filter((f) => fundingLines[f.index]?.type === 'eu-grant' && isValid(f.amount));
  const edits: TextEditSpan[] = [];
  for (const f of euLines) {
    if (!isValid(f.amount)) continue;
    const cur = f.amount.value.currency ?? ctx.currency;
    edits.push(replaceValue(ctx, f.amount.span, amountText(tidyAmount(f.amount.value.amount * factor, 'down'), cur)));
  }
  const repairs: Repair[] = edits.length ? [{ title: `Scale the eu-grant amounts down to the limit of ${money(ctx, limit)}`, edits, preferred: true }] : [];
  const message = reasons.join('; and ');
  return euLines.map((f) => ({
    span: (f.amount as { span: Span }).span,
    severity: 'warning' as const,
    code: 'check-eu-limit',
    message,
    repairs,
    judged: [eu.extent, share?.extent, maxAmount?.input.span, maxShare?.input.span],
  }));
}

function operationalBeforeGrid(ctx: Ctx): Judged[] {
  const op = ctx.model.timeline.operational;
  const grid = ctx.model.site.gridAvailableFrom;
  if (!isValid(op) || !isValid(grid) || op.value >= grid.value) return [];
  return [{
    span: op.span,
    severity: 'warning',
    code: 'check-operational-before-grid',
    message: `operational ${op.value} is ${grid.value - op.value} year${grid.value - op.value === 1 ? '' : 's'} before the grid connection is available (gridAvailableFrom ${grid.value})`,
    repairs: [{ title: `Move operational to ${grid.value}`, edits: [replaceValue(ctx, op.span, String(grid.value))], preferred: true }],
    judged: [grid.span],
  }];
}

/** German Energy Efficiency Act (EnEfG): PUE ≤ 1.2 for data centres operating from 1 July 2026. */
const DE_MAX_PUE = 1.2;
const DE_FROM_YEAR = 2027;

function germanPue(ctx: Ctx): Judged[] {
  const { country } = ctx.model.site;
  const op = ctx.model.timeline.operational;
  const pue = ctx.model.power.pue;
  if (!isValid(country) || country.value !== 'DE' || !isValid(op) || op.value < DE_FROM_YEAR || !isValid(pue) || !exceeds(pue.value, DE_MAX_PUE)) return [];
  return [{
    span: pue.span,
    severity: 'warning',
    code: 'check-de-pue',
    message: `pue ${formatNumber(pue.value)} exceeds ${DE_MAX_PUE}, the limit of the German Energy Efficiency Act for data centres that start operating from 1 July 2026 (operational ${op.value})`,
    repairs: [{ title: `Set pue to ${DE_MAX_PUE}`, edits: [replaceValue(ctx, pue.span, String(DE_MAX_PUE))], preferred: true }],
    judged: [country.span, op.span],
  }];
}

function horizon(ctx: Ctx): Judged[] {
  const h = ctx.figures.params.horizonYears;
  const fl = ctx.figures.params.facilityLifetimeYears;
  if (!h || !fl || h.value <= fl.value) return [];
  const hField = ctx.model.horizonYears;
  const flField = ctx.model.assumptions.facilityLifetimeYears;
  const span = isValid(hField) ? hField.span : isValid(flField) ? flField.span : undefined;
  if (!span) return [];
  const repairs: Repair[] = [];
  if (isValid(hField)) {
    repairs.push({ title: `Set horizonYears to ${fl.value}`, edits: [replaceValue(ctx, hField.span, String(fl.value))], preferred: true });
  } else if (hField === undefined) {
    // The default horizon applies: write horizonYears out, as a top-level key
    // just above `hardware:` (or `funding:`), which sit at the left margin.
    const anchor = ctx.model.hardware.section?.keySpan ?? ctx.model.fundingKey;
    const text = ctx.text;
    if (anchor && text !== undefined && (anchor.start === 0 || text[anchor.start - 1] === '\n')) {
      repairs.push({
        title: `Set horizonYears to ${fl.value}`,
        edits: [{ span: { start: anchor.start, end: anchor.start }, text: `horizonYears: ${fl.value}${eolOf(text)}` }],
        preferred: true,
      });
    }
  }
  return [{
    span,
    severity: 'warning',
    code: 'check-horizon',
    message: `horizonYears ${h.value} exceeds facilityLifetimeYears ${fl.value} by ${h.value - fl.value}; version 1 does not rebuild the facility within the horizon`,
    repairs,
    judged: [h.input.span, fl.input.span],
  }];
}

function unknownModels(ctx: Ctx): Problem[] {
  const out: Problem[] = [];
  const lines = ctx.model.hardware.accelerators;
  const figures = ctx.figures.lines;
  for (let i = 0; i < lines.length; i++) {
    // The cost model looked each line's model up in this catalog already: a line with an entry is known.
    if (figures[i]?.entry !== undefined) continue;
    const m = lines[i]!.model;
    if (!isValid(m) || m.value === 'custom' || ctx.catalog.accelerators.has(m.value)) continue;
    const written = m.value.toLowerCase();
    const close = closestIds(ctx.catalog, m.value).filter((c) => c.startsWith(written) || editDistance(written, c) <= Math.ceil(written.length / 2));
    const repairs: Repair[] = close.map((c, i) => ({ title: `Change to ${c}`, edits: [replaceValue(ctx, m.span, c)], preferred: i === 0 }));
    const hint = close.length ? ` Did you mean ${close.join(' or ')}?` : ` Known ids: ${[...ctx.catalog.accelerators.keys()].join(', ')}, or custom.`;
    out.push({
      span: m.span,
      severity: 'error',
      code: 'check-unknown-model',
      message: `"${m.value}" is not in the accelerator catalog.${hint}`,
      repairs,
    });
  }
  return out;
}
