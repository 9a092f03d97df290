#!/usr/bin/env node
// `npm run bench`: our bundled server and yaml-language-server (with our
// schema), driven over stdio the same way, on generated scenarios of four
// sizes. Prints one table per size with the issue-7 targets marked met or not,
// and writes it all as JSON into bench-output/. Options: --sizes=120,2000
// --edits=100 --opens=3 --skip-yls --no-build --profile, and
// --node-flags="…" to start our server with other Node options than the
// extension's (common/serverNodeFlags.json; "" for none), for experiments.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateScenario } from './generate.mjs';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, def) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : def;
};
const SIZES = arg('sizes', '120,2000,10000,50000').split(',').map(Number);
// CPU time is read from /proc in 10 ms ticks, and the first edits of a fresh
// process also pay for compiling the hot code (V8 compiles on background
// threads, which /proc counts): 100 edits give a mean within a few percent of
// the steady cost per keystroke, for both servers alike.
const EDITS = Number(arg('edits', '100'));
const SKIP_YLS = process.argv.includes('--skip-yls');
/** Fresh server processes per size and server for start-up and opening (medians reported). */
const OPENS = Math.max(1, Number(arg('opens', '3')));
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

if (!process.argv.includes('--no-build')) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });

// Our server is started as the extension starts it: with its Node options (common/serverProcess.ts).
const NODE_FLAGS = process.argv.some((x) => x.startsWith('--node-flags='))
  ? arg('node-flags', '').split(' ').filter(Boolean)
  : JSON.parse(readFileSync(join(ROOT, 'common', 'serverNodeFlags.json'), 'utf8'));
const SERVERS = {
  ours: { args: [...NODE_FLAGS, join(ROOT, 'dist', 'server.js'), '--stdio'], languageId: 'gigafactory' },
  yls: { args: [join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'], languageId: 'yaml' },
};

/** CPU of the main thread alone (its task id is the process id); the rest is V8's compiler and GC threads. */
function mainThreadCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime (fields 14, 15)
}
function peakMiB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]; };
const median = (xs) => quantile(xs, 0.5);

/** One server process, spoken to as an editor would. */
async function startServer(kind, dir) {
  const spec = SERVERS[kind];
  const started = performance.now();
  // --profile: CPU profiles of our server into bench-output/profiles (open them in Chrome DevTools).
  const profile = kind === 'ours' && process.argv.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench-output', 'profiles')}`] : [];
  const proc = spawn(process.execPath, [...profile, ...spec.args], { stdio: 'pipe' });
  proc.stderr.on('data', () => {});
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const diagnostics = new Map();
  let waiters = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    diagnostics.set(p.uri, { version: p.version, at: performance.now(), count: p.diagnostics.length, items: p.diagnostics });
    const w = waiters; waiters = []; w.forEach((f) => f());
  });
  conn.onNotification(() => {});
  const schemaUri = pathToFileURL(join(ROOT, 'schemas', 'scenario.schema.json')).href;
  const yaml = { validate: true, hover: true, completion: true, schemas: { [schemaUri]: ['*.gigafactory.yaml'] }, schemaStore: { enable: false } };
  conn.onRequest('workspace/configuration', (p) => p.items.map((i) => (i.section === 'yaml' ? yaml : i.section === 'http' ? { proxyStrictSSL: false } : i.section === 'gigafactory' ? {} : {})));
  conn.onRequest(() => null);
  conn.listen();
  const folder = pathToFileURL(dir).href;
  const init = await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'bench' }],
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      // Pull diagnostics as VS Code offers them: a server that takes them up answers a request
      // after each change; one that does not (yaml-language-server) pushes.
      textDocument: { diagnostic: { dynamicRegistration: false }, publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown'] }, inlayHint: {}, synchronization: { didSave: false } },
    },
  });
  const ready = performance.now() - started;
  await conn.sendNotification('initialized', {});
  if (kind === 'yls') await conn.sendNotification('workspace/didChangeConfiguration', { settings: { yaml } });
  await sleep(300);
  const pull = !!init.capabilities?.diagnosticProvider;
  const waitDiagnostics = async (uri, version, timeout = 120000) => {
    if (pull) {
      const report = await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      return { version, at: performance.now(), count: report.items?.length ?? 0, items: report.items ?? [] };
    }
    const deadline = performance.now() + timeout;
    for (;;) {
      const d = diagnostics.get(uri);
      if (d && (d.version === undefined ? d.seen !== true : d.version >= version)) { d.seen = true; return d; }
      if (performance.now() > deadline) throw new Error(`${kind}: no diagnostics for version ${version}`);
      await new Promise((r) => { waiters.push(r); setTimeout(r, 50); });
    }
  };
  const stop = async () => {
    try { await Promise.race([conn.sendRequest('shutdown'), sleep(2000)]); conn.sendNotification('exit'); } catch { /* gone */ }
    await sleep(100);
    conn.dispose();
    proc.kill();
  };
  return { proc, conn, ready, pull, waitDiagnostics, diagnostics, stop };
}

/** Offsets and positions of one-character edits inside values, spread over the file. */
function planEdits(lines, n) {
  const candidates = [];
  lines.forEach((l, i) => {
    // Digits of counts and amounts: a digit inserted and removed keeps the file valid.
    const m = /^( +(?:- )?)(count|amount|termYears|staff): (\d)/.exec(l);
    if (m) candidates.push({ line: i, character: m[1].length + m[2].length + 3 });
  });
  const pairs = Math.ceil(n / 2);
  const out = [];
  for (let k = 0; k < pairs; k++) {
    const c = candidates[Math.floor(((k + 0.5) * candidates.length) / pairs)];
    out.push({ ...c, insert: '7' }, { ...c, insert: '' });
  }
  return out.slice(0, n);
}

async function measure(kind, size, text, dir) {
  // Everything the client computes from the text is computed before the server starts: a split of
  // 50,000 lines made garbage that the client's own collector then swept during the timed requests.
  const textLines = text.split('\n');
  const lines = textLines.length;
  const mid = Math.floor(lines / 2);
  const hintRange = { start: { line: mid, character: 0 }, end: { line: mid + 60, character: 0 } };
  const countLine = textLines.findIndex((l, i) => i >= mid && /^ +count: \d/.test(l));
  const edits = planEdits(textLines, EDITS);
  const uri = pathToFileURL(join(dir, `bench-${size}.gigafactory.yaml`)).href;
  // Start-up and opening are one-off wall-clock figures: each is the median over OPENS fresh
  // server processes (the last one goes on to the edits), so one slow moment of the shared
  // machine does not decide them. Every sample is in the JSON.
  const samples = [];
  let s;
  for (let k = 0; k < OPENS; k++) {
    s = await startServer(kind, dir);
    const sample = { readyMs: s.ready };
    const t0 = performance.now();
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: SERVERS[kind].languageId, version: 1, text } });
    const first = await s.waitDiagnostics(uri, 1);
    sample.openToDiagnosticsMs = first.at - t0;
    sample.openDiagnostics = first.count;
    if (kind === 'ours') {
      let t = performance.now();
      const hints = await s.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: hintRange });
      sample.openInlayHintsMs = performance.now() - t;
      sample.inlayHints = hints?.length ?? 0;
      t = performance.now();
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: countLine, character: 9 } });
      sample.openHoverMs = performance.now() - t;
    }
    samples.push(sample);
    if (k < OPENS - 1) await s.stop();
  }
  const med = (key) => (samples[0][key] === undefined ? undefined : median(samples.map((x) => x[key])));
  const result = {
    server: kind, diagnostics: s.pull ? 'pull' : 'push', lines, chars: text.length,
    readyMs: med('readyMs'), openToDiagnosticsMs: med('openToDiagnosticsMs'), openDiagnostics: samples[OPENS - 1].openDiagnostics,
    ...(kind === 'ours' ? { openInlayHintsMs: med('openInlayHintsMs'), inlayHints: samples[OPENS - 1].inlayHints, openHoverMs: med('openHoverMs') } : {}),
    opens: samples,
  };
  await sleep(kind === 'yls' ? 500 : 100);
  const latencies = [];
  const hintTimes = [];
  const hoverTimes = [];
  const cpuBefore = cpuMs(s.proc.pid);
  const mainBefore = mainThreadCpuMs(s.proc.pid);
  let version = 1;
  for (const e of edits) {
    version++;
    const range = e.insert
      ? { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character } }
      : { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character + 1 } };
    const t = performance.now();
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: e.insert }] });
    const d = await s.waitDiagnostics(uri, version);
    latencies.push(d.at - t);
    if (kind === 'ours') {
      // The editor asks for the visible range's hints after every change; they count in the CPU per edit.
      const th = performance.now();
      await s.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: Math.max(0, e.line - 30), character: 0 }, end: { line: e.line + 30, character: 0 } } });
      hintTimes.push(performance.now() - th);
    }
    if (d.count !== result.openDiagnostics) result.diagnosticsChanged = (result.diagnosticsChanged ?? 0) + 1;
  }
  await sleep(kind === 'yls' ? 400 : 50);
  const cpu = cpuMs(s.proc.pid) - cpuBefore;
  const mainCpu = mainThreadCpuMs(s.proc.pid) - mainBefore;
  // Hover is not part of the per-edit CPU target; its latency is measured on its own, at the edited values.
  if (kind === 'ours') {
    for (const e of edits.filter((_, i) => i % 3 === 0)) {
      const tv = performance.now();
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: e.line, character: e.character } });
      hoverTimes.push(performance.now() - tv);
    }
  }
  Object.assign(result, {
    edits: edits.length,
    editToDiagnosticsMedianMs: median(latencies),
    editToDiagnosticsP95Ms: quantile(latencies, 0.95),
    cpuPerEditMs: cpu / edits.length,
    mainThreadCpuPerEditMs: mainCpu / edits.length,
    ...(kind === 'ours' ? { inlayHintsAfterEditMedianMs: median(hintTimes), hoverAfterEditMedianMs: median(hoverTimes) } : {}),
    peakMiB: peakMiB(s.proc.pid),
  });
  await s.stop();
  return result;
}

const fmt = (x, d = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
const mark = (ok) => (ok === undefined ? '' : ok ? ' ✓' : ' ✗');

async function main() {
  console.log(`ours: node ${[...NODE_FLAGS, 'dist/server.js', '--stdio'].join(' ')}${process.argv.some((x) => x.startsWith('--node-flags=')) ? ' (--node-flags)' : ' (as the extension starts it)'}`);
  const dir = join(ROOT, 'bench-output', 'files');
  mkdirSync(dir, { recursive: true });
  const rows = [];
  for (const size of SIZES) {
    const text = generateScenario(size, 7);
    writeFileSync(join(dir, `bench-${size}.gigafactory.yaml`), text);
    const ours = await measure('ours', size, text, dir);
    const yls = SKIP_YLS ? undefined : await measure('yls', size, text, dir);
    const cpuRatio = yls ? ours.cpuPerEditMs / Math.max(yls.cpuPerEditMs, 1e-9) : undefined;
    const targets = {
      cpuTenthOfYls: size >= 2000 && yls ? cpuRatio <= 0.1 : undefined,
      cpu20msAt50k: ours.lines >= 40000 ? ours.cpuPerEditMs <= 20 : undefined,
      editP95Within30ms: ours.editToDiagnosticsP95Ms <= 30,
      open50kWithin500ms: ours.lines >= 40000 ? ours.openToDiagnosticsMs <= 500 : undefined,
      hintsHoverWithin10ms: ours.lines >= 40000 ? ours.openInlayHintsMs <= 10 && ours.openHoverMs <= 10 : undefined,
      peak150MiBAt50k: ours.lines >= 40000 ? ours.peakMiB <= 150 : undefined,
      readyWithin300ms: ours.readyMs <= 300,
    };
    rows.push({ size, ours, yls, ratios: { cpu: cpuRatio, editMedian: yls ? ours.editToDiagnosticsMedianMs / yls.editToDiagnosticsMedianMs : undefined, peak: yls ? ours.peakMiB / yls.peakMiB : undefined }, targets });
    print(rows[rows.length - 1]);
  }
  const vsix = existsSync(join(ROOT, 'dist')) ? readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.vsix')) : [];
  const vsixBytes = vsix.length ? statSync(join(ROOT, 'dist', vsix[0])).size : undefined;
  if (vsixBytes !== undefined) console.log(`\nvsix ${vsix[0]}: ${(vsixBytes / 1024).toFixed(0)} KiB${mark(vsixBytes < 1024 * 1024)}`);
  else console.log('\nvsix: not built (npm run package), size not checked');
  const all = rows.flatMap((r) => Object.values(r.targets)).filter((x) => x !== undefined);
  console.log(`\n${all.filter(Boolean).length} of ${all.length} target checks met${all.every(Boolean) ? ': every target met' : ''}`);
  const out = join(ROOT, 'bench-output', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const summary = { node: process.version, cpus: (await import('node:os')).cpus().length, edits: EDITS, serverNodeFlags: NODE_FLAGS, rows, vsixBytes };
  writeFileSync(out, JSON.stringify(summary, null, 2));
  writeFileSync(join(ROOT, 'bench-output', 'latest.json'), JSON.stringify(summary, null, 2));
  console.log(`wrote ${out}`);
}

function print(r) {
  const { ours: o, yls: y, targets: t } = r;
  console.log(`\n## ${o.lines} lines (${(o.chars / 1024).toFixed(0)} KiB); diagnostics: ours ${o.diagnostics}${y ? `, yaml-language-server ${y.diagnostics}` : ''}`);
  console.log('| | ours | yaml-language-server | ratio |');
  console.log('| --- | --- | --- | --- |');
  const row = (label, a, b, ok, d = 1) => console.log(`| ${label} | ${fmt(a, d)}${mark(ok)} | ${fmt(b, d)} | ${a !== undefined && b ? fmt(a / b, 3) : '–'} |`);
  row(`ready after start (ms), median of ${o.opens.length}`, o.readyMs, y?.readyMs, t.readyWithin300ms);
  row(`open → diagnostics (ms), median of ${o.opens.length} (${o.opens.map((x) => fmt(x.openToDiagnosticsMs, 0)).join(', ')})`, o.openToDiagnosticsMs, y?.openToDiagnosticsMs, t.open50kWithin500ms);
  row('inlay hints after open, 60 lines (ms)', o.openInlayHintsMs, undefined, t.hintsHoverWithin10ms);
  row('hover after open (ms)', o.openHoverMs, undefined, t.hintsHoverWithin10ms);
  row('edit → diagnostics, median (ms)', o.editToDiagnosticsMedianMs, y?.editToDiagnosticsMedianMs);
  row('edit → diagnostics, p95 (ms)', o.editToDiagnosticsP95Ms, y?.editToDiagnosticsP95Ms, t.editP95Within30ms);
  row('server CPU per edit, mean (ms)', o.cpuPerEditMs, y?.cpuPerEditMs, t.cpuTenthOfYls ?? t.cpu20msAt50k);
  row('… of it on the main thread (ms)', o.mainThreadCpuPerEditMs, y?.mainThreadCpuPerEditMs);
  row('inlay hints after edit, median (ms)', o.inlayHintsAfterEditMedianMs, undefined);
  row('hover after edits, median (ms)', o.hoverAfterEditMedianMs, undefined);
  row('peak memory (MiB)', o.peakMiB, y?.peakMiB, t.peak150MiBAt50k);
  if (t.cpu20msAt50k !== undefined) console.log(`CPU per edit ≤ 20 ms at 50k lines:${mark(t.cpu20msAt50k)}; ≤ 1/10 of yaml-language-server:${mark(t.cpuTenthOfYls)}`);
}

await main();
