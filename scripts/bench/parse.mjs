#!/usr/bin/env node
// The YAML parse alone at one size: the fast block-subset reader
// (server/src/scenario/fastYaml/, bundled as the server bundles it) against
// the yaml package's parseAllDocuments with the same options. Prints warm wall
// and CPU times (min and median of repeated runs) and the heap a parse adds;
// with --cold=N, also the first parse in each of N fresh processes (the cost
// when a server opens its first large file: unoptimized code, a small heap).
// Usage: node --expose-gc scripts/bench/parse.mjs [--lines=50000] [--runs=20] [--cold=7]
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { generateScenario } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, def) => Number(process.argv.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def);
const LINES = arg('lines', 50000);
const RUNS = arg('runs', 20);
const COLD = arg('cold', 0);

const dir = mkdtempSync(join(tmpdir(), 'gf-parse-'));
const out = join(dir, 'parse.cjs');
await build({
  stdin: { contents: "export { parseBlockSubset } from './server/src/scenario/fastYaml';\nexport { PARSE_OPTIONS } from './server/src/scenario/yamlDocument';\nexport { parseAllDocuments } from 'yaml';", resolveDir: ROOT, loader: 'ts' },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'warning',
});
const { parseBlockSubset, parseAllDocuments, PARSE_OPTIONS } = createRequire(import.meta.url)(out);

const text = generateScenario(LINES);
const gc = globalThis.gc ?? (() => {});

function measure(name, parse, runs) {
  const wall = [];
  const cpu = [];
  let keep = parse(); // warm-up
  if (!keep) throw new Error(`${name}: no document`);
  for (let i = 0; i < runs; i++) {
    keep = null;
    const c = process.cpuUsage();
    const t = performance.now();
    keep = parse();
    wall.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  keep = null;
  gc();
  const before = v8.getHeapStatistics().used_heap_size;
  keep = parse();
  const grown = v8.getHeapStatistics().used_heap_size - before;
  gc();
  const retained = v8.getHeapStatistics().used_heap_size - before;
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const f = (x) => x.toFixed(0).padStart(5);
  console.log(`${name.padEnd(18)} wall min ${f(Math.min(...wall))} ms, median ${f(med(wall))} ms | cpu min ${f(Math.min(...cpu))} ms, median ${f(med(cpu))} ms | heap added ${f(grown / 1048576)} MiB, tree ${f(retained / 1048576)} MiB`);
  return keep;
}

console.log(`${LINES} lines, ${(text.length / 1048576).toFixed(2)} MB${globalThis.gc ? '' : ' (run with --expose-gc for the heap figures)'}`);
measure('parseBlockSubset', () => parseBlockSubset(text), RUNS);
measure('parseAllDocuments', () => parseAllDocuments(text, PARSE_OPTIONS)[0], Math.max(3, RUNS >> 2));

if (COLD > 0) {
  // One parse per fresh process, the text made before the clock starts.
  const script = `const { parseBlockSubset } = require(${JSON.stringify(out)});
const { generateScenario } = await import(${JSON.stringify(join(ROOT, 'scripts', 'bench', 'generate.mjs'))});
const text = generateScenario(${LINES});
const t = performance.now();
if (!parseBlockSubset(text)) throw new Error('declined');
console.log(performance.now() - t);`;
  const cold = [];
  for (let i = 0; i < COLD; i++) cold.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(out)});\n${script}`], { encoding: 'utf8' })));
  cold.sort((x, y) => x - y);
  console.log(`${'cold, 1 parse'.padEnd(18)} wall min ${cold[0].toFixed(0).padStart(5)} ms, median ${cold[cold.length >> 1].toFixed(0).padStart(5)} ms (${COLD} fresh processes: ${cold.map((x) => x.toFixed(0)).join(' ')})`);
}
rmSync(dir, { recursive: true, force: true });
