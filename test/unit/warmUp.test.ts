import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { analysisWarmUpSteps, warmUpScenario } from '../../server/src/scenario/warmUp';

test('the warm-up scenario is a valid scenario with the line forms files use', () => {
  const catalog = builtinCatalog();
  // The size the server's warm-up uses.
  const text = warmUpScenario(120);
  const a = analyze(text, { catalog });
  assert.deepEqual(a.problems.map((p) => `${p.code}: ${p.message}`), []);
  assert.equal(a.model?.hardware.accelerators.length, 120);
  assert.equal(a.model?.funding.length, 40);
  // Catalog and custom models; quantities as strings with units and scales, and as numbers; loans with and without a term.
  for (const form of [/model: custom/, /model: nvidia-/, /unitPrice: \d+k USD/, /unitPrice: \$/, /power: \d+ W/, /power: \d+\.\d+ kW/, /power: \d+\n/, /rate: \d+%/, /rate: 0\.0\d/, /termYears: \d+/, /amount: \d\.\dB EUR/]) {
    assert.match(text, form);
  }
});

test('each analysis warm-up step runs a full and two incremental analyses, all without problems', () => {
  const steps = analysisWarmUpSteps(builtinCatalog(), 2);
  assert.equal(steps.length, 2);
  for (const step of steps) assert.deepEqual(step(), { problems: 0, incremental: true });
});
