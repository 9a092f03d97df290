/**
 * The report model and its renderers, called directly: every figure equals
 * the engine's, formatted as the hovers format it; the charts' parts add up
 * to the figures they split; partial and hostile scenarios still give a
 * report; the comparison computes differences both ways.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildReport, compareScenarios, renderCompareText, renderHtml, renderMarkdown } from '../../server/src/report';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { FIGURE_ORDER, formatFigureValue } from '../../server/src/scenario/costModel';
import { BROKEN, EXAMPLES, scenarioFiles } from './helpers';

const catalog = builtinCatalog();
const analyse = (path: string) => analyze(readFileSync(path, 'utf8'), { catalog });
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

describe('report model', () => {
  for (const file of scenarioFiles(EXAMPLES)) {
    test(`${file}: every figure as the hover prints it, charts that add up`, () => {
      const a = analyse(join(EXAMPLES, file));
      const figures = a.figures!;
      const r = buildReport(a, { fileName: file });
      assert.equal(r.errors, 0);
      for (const f of r.figures) {
        const engine = figures.byId[f.id];
        // Emissions need a carbon figure that not every country has; everything else is computed for a valid example.
        if (f.id !== 'emissionsPerYear') assert.ok(engine, `${file}: the engine has no ${f.id}`);
        assert.equal(f.value, engine ? formatFigureValue(engine, figures.currency) : undefined, f.id);
        assert.equal(f.inputs.length, engine?.inputs.length ?? 0);
      }
      assert.deepEqual(r.figures.map((f) => f.id), [...FIGURE_ORDER]);

      const c = r.charts;
      assert.ok(c.capex && c.funding && c.power && c.yearly, 'all four charts');
      close(c.capex.parts.reduce((s, p) => s + p.value, 0), figures.byId.capex!.value, 'capex parts');
      close(c.funding.fundingTotal - c.funding.againstTotal, figures.byId.fundingGap!.value, 'funding gap');
      close(c.power.segments.reduce((s, p) => s + p.value, 0), figures.byId.facilityPower!.value, 'power segments');
      assert.equal(c.power.gridCapacity, figures.params.gridCapacity!.value);
      // The years of the horizon add up to the model's total cost after capex.
      close(c.yearly.years.reduce((s, y) => s + y.total, 0) + figures.byId.capex!.value, figures.byId.totalCost!.value, 'years + capex = total cost');
      assert.equal(c.yearly.years.length, figures.params.horizonYears!.value);
      assert.ok(r.sources.length > 0, 'defaults are listed with their sources');
      for (const s of r.sources) assert.ok(s.name && s.date && s.usedFor.length);
    });
  }

  test('italy-total-cost: funding stands against the total cost, and the loan term beyond the horizon counts for the horizon', () => {
    const r = buildReport(analyse(join(EXAMPLES, 'italy-total-cost.gigafactory.yaml')), { fileName: 'x' });
    assert.equal(r.charts.funding!.againstLabel, 'Total cost');
    assert.equal(r.charts.funding!.againstTitle, 'total cost over 6 years');
    const years = r.charts.yearly!.years;
    assert.equal(years[0]!.label, '2028');
    assert.ok(years.every((y) => y.parts.find((p) => p.key === 'interest')!.value === years[0]!.parts.find((p) => p.key === 'interest')!.value));
    assert.equal(years.filter((y) => y.parts.find((p) => p.key === 'refresh')!.value > 0).map((y) => y.label).join(), '2033', 'one refresh, in year 6');
  });

  test('bavaria-b200: the private debt (8 years) stops paying interest before the 10-year horizon ends', () => {
    const r = buildReport(analyse(join(EXAMPLES, 'bavaria-b200.gigafactory.yaml')), { fileName: 'x' });
    const interest = r.charts.yearly!.years.map((y) => y.parts.find((p) => p.key === 'interest')!.value);
    close(interest[0]!, 1.5e9 * 0.035 + 0.9e9 * 0.06, 'first year');
    close(interest[8]!, 1.5e9 * 0.035, 'year 9');
  });

  test('a funding gap and an exceeded grid connection show as bad', () => {
    const gap = buildReport(analyse(join(BROKEN, 'funding-gap.gigafactory.yaml')), { fileName: 'x' });
    assert.ok(gap.charts.funding!.gap < 0);
    assert.equal(gap.kpis.find((k) => k.id === 'fundingGap')!.tone, 'bad');
    assert.match(gap.kpis.find((k) => k.id === 'fundingGap')!.value, /^−€1\.48B$/);
    const grid = buildReport(analyse(join(BROKEN, 'grid-exceeded.gigafactory.yaml')), { fileName: 'x' });
    assert.equal(grid.kpis.find((k) => k.id === 'facilityPower')!.tone, 'bad');
    assert.match(renderHtml(grid), /16\.0 MW above the grid connection/);
  });

  for (const file of scenarioFiles(BROKEN)) {
    test(`broken ${file}: a report all the same, with its problems, and no made-up figure`, () => {
      const a = analyse(join(BROKEN, file));
      const r = buildReport(a, { fileName: file });
      assert.equal(r.problems.length, a.problems.length);
      for (const f of r.figures) assert.equal(f.value, a.figures?.byId[f.id] ? formatFigureValue(a.figures.byId[f.id]!, a.figures.currency) : undefined);
      const html = renderHtml(r);
      const md = renderMarkdown(r);
      for (const p of r.problems) {
        assert.ok(md.includes(`${file}:${p.line}:${p.column}`), `${p.message} not in the Markdown`);
        assert.ok(html.includes(`${file}:${p.line}:${p.column}`), `${p.message} not in the HTML`);
      }
      assert.doesNotMatch(html + md, /NaN|Infinity|undefined/);
    });
  }

  test('an empty file and a file that is not YAML give a report of problems only', () => {
    for (const text of ['', '{{{{', '- just\n- a list\n']) {
      const r = buildReport(analyze(text, { catalog }), { fileName: 'x.gigafactory.yaml' });
      assert.ok(r.errors > 0, JSON.stringify(text));
      assert.match(renderHtml(r), /<!DOCTYPE html>/);
      assert.match(renderMarkdown(r), /^# x\.gigafactory\.yaml/);
    }
  });

  test('text from the scenario is escaped: a title cannot inject markup', () => {
    const text = readFileSync(join(EXAMPLES, 'bavaria-b200.gigafactory.yaml'), 'utf8')
      .replace('title: Bavaria AI Gigafactory, base case', 'title: "<script>alert(1)</script><img src=x onerror=alert(2)>"')
      .replace('name: Industrial consortium', 'name: "</text><svg onload=alert(3)>"');
    const html = renderHtml(buildReport(analyze(text, { catalog }), { fileName: '<b>.yaml' }));
    assert.doesNotMatch(html, /<script|<img|<svg onload|<b>\.yaml/);
    assert.match(html, /&lt;b&gt;\.yaml/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('the HTML asks for nothing outside itself', () => {
    const html = renderHtml(buildReport(analyse(join(EXAMPLES, 'france-mi355x.gigafactory.yaml')), { fileName: 'x' }));
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
    assert.doesNotMatch(html, /\s(src|href)=|url\((?!#)|@import|<script|<link/i);
  });
});

describe('comparison', () => {
  test('a scenario compared with itself differs by nothing', () => {
    const a = analyse(join(EXAMPLES, 'france-mi355x.gigafactory.yaml'));
    const c = compareScenarios({ label: 'A', figures: a.figures }, { label: 'B', figures: a.figures });
    for (const r of c.rows) {
      assert.equal(r.deltaValue, 0, r.name);
      assert.doesNotMatch(r.delta!, /^[+−]/, 'no sign on zero');
    }
  });

  test('differences are B − A, and the percentage is of A', () => {
    const text = readFileSync(join(EXAMPLES, 'sweden-h100-renewable.gigafactory.yaml'), 'utf8');
    const a = analyze(text, { catalog });
    const b = analyze(text.replace(/count: 100000/, 'count: 125000'), { catalog });
    const c = compareScenarios({ label: 'A', figures: a.figures }, { label: 'B', figures: b.figures });
    const row = c.rows.find((r) => r.id === 'acceleratorsCapex')!;
    close(row.deltaValue!, b.figures!.byId.acceleratorsCapex!.value - a.figures!.byId.acceleratorsCapex!.value, 'delta');
    close(row.percentValue!, 0.25, 'percent');
    assert.equal(row.percent, '+25%');
    assert.match(row.delta!, /^\+€/);
    assert.equal(c.rows[0]!.delta, '+25,000');
    assert.match(renderCompareText(c), /^figure +A +B +difference +%\n/);
  });

  test('a USD scenario against a EUR one: money converted at the first scenario\'s rate, and said so', () => {
    const eur = analyse(join(EXAMPLES, 'bavaria-b200.gigafactory.yaml'));
    const usd = analyse(join(EXAMPLES, 'ireland-h200-usd.gigafactory.yaml'));
    const c = compareScenarios({ label: 'bavaria', figures: eur.figures }, { label: 'ireland', figures: usd.figures });
    assert.equal(c.currency, 'EUR');
    assert.match(c.notes.join(), /ireland reports in USD; its money figures are converted into EUR at 1\.0846/);
    close(c.rows.find((r) => r.id === 'capex')!.bValue!, usd.figures!.byId.capex!.value / 1.0846, 'converted capex');
    close(c.rows.find((r) => r.id === 'itLoad')!.bValue!, usd.figures!.byId.itLoad!.value, 'power is not converted');
  });

  test('a side without figures leaves every row without a difference', () => {
    const a = analyse(join(EXAMPLES, 'bavaria-b200.gigafactory.yaml'));
    const c = compareScenarios({ label: 'A', figures: a.figures }, { label: 'B', figures: undefined });
    assert.ok(c.rows.every((r) => r.delta === undefined));
    assert.match(renderCompareText(c), /not computed/);
    assert.match(c.notes.join(), /B has no figures/);
  });
});
