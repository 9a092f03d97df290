/**
 * `gigafactory check` as a real process: the valid examples pass, every
 * problem of every broken example is printed exactly as the engine reports it
 * (and as examples/broken/expected.json lists it), exit codes follow the
 * contract, and the progress bar shows on a terminal only.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { editorText } from '../../server/src/cli/files';
import { problemsOf } from '../../server/src/report/model';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { BROKEN, CLI, cli, EXAMPLES, ROOT, scenarioFiles } from './helpers';

interface Expected { line: number; startCharacter: number; severity: 'error' | 'warning'; messageIncludes: string }
const expected = JSON.parse(readFileSync(join(BROKEN, 'expected.json'), 'utf8')) as Record<string, Expected[]>;
const LINE = /^(.+?):(\d+):(\d+) (error|warning|information|hint) (.+)$/;

/** What the engine itself says about a file, as CLI lines. */
function engineLines(dir: string, file: string, shown: string): string[] {
  const text = editorText(readFileSync(join(dir, file), 'utf8'));
  return problemsOf(analyze(text, { catalog: builtinCatalog() })).map((p) => `${shown}:${p.line}:${p.column} ${p.severity} ${p.message}`);
}

describe('gigafactory check', () => {
  test('the valid examples: exit 0, nothing on stdout, a one-line summary on stderr', () => {
    const r = cli(['check', 'examples']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^7 scenarios checked: no problems\n$/);
  });

  test('examples/.gigafactoryignore keeps the broken fixtures out of a folder search, but a named folder is checked', () => {
    assert.doesNotMatch(cli(['check', 'examples', '--format', 'json']).stdout, /broken/);
    assert.equal(cli(['check', 'examples/broken']).status, 1);
    const dir = mkdtempSync(join(tmpdir(), 'gf-ignore-'));
    try {
      cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true });
      writeFileSync(join(dir, '.gigafactoryignore'), '# drafts\n**/sweden-*.gigafactory.yaml\n');
      const r = JSON.parse(cli(['check', dir, '--format', 'json']).stdout) as { filesChecked: number };
      assert.equal(r.filesChecked, 6, 'an ignore file above the folder applies below it, with ** and * patterns');
      rmSync(join(dir, 'examples', '.gigafactoryignore'));
      assert.equal((JSON.parse(cli(['check', dir, '--format', 'json']).stdout) as { filesChecked: number }).filesChecked, 6 + 28);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the broken examples: exit 1, and every problem the engine finds, each once, in file order', () => {
    const r = cli(['check', 'examples/broken']);
    assert.equal(r.status, 1, r.stderr);
    const want = scenarioFiles(BROKEN).flatMap((f) => engineLines(BROKEN, f, `examples/broken/${f}`));
    assert.deepEqual(r.stdout.trimEnd().split('\n'), want);
    const total = Object.values(expected).reduce((s, l) => s + l.length, 0);
    assert.equal(want.length, total, 'the engine and expected.json disagree on the number of problems');
    assert.match(r.stderr, new RegExp(`^${want.filter((l) => / error /.test(l)).length} errors and ${want.filter((l) => / warning /.test(l)).length} warnings in 28 of 28 files\n$`));
  });

  test('each line of expected.json is printed, at its 1-based line and column, with its severity and fragment', () => {
    const lines = cli(['check', 'examples/broken']).stdout.trimEnd().split('\n').map((l) => LINE.exec(l)).filter((m): m is RegExpExecArray => !!m);
    for (const file of scenarioFiles(BROKEN)) {
      const mine = lines.filter((m) => m[1] === `examples/broken/${file}`);
      const want = expected[file];
      assert.ok(want, `${file} has no entry in expected.json`);
      for (const w of want) {
        const hit = mine.find((m) => Number(m[2]) === w.line + 1 && Number(m[3]) === w.startCharacter + 1 && m[4] === w.severity && m[5]!.includes(w.messageIncludes));
        assert.ok(hit, `${file}: expected ${w.severity} at ${w.line + 1}:${w.startCharacter + 1} with "${w.messageIncludes}"; got\n${mine.map((m) => m[0]).join('\n')}`);
      }
      assert.equal(mine.length, want.length, `${file}: extra lines\n${mine.map((m) => m[0]).join('\n')}`);
    }
  });

  test('a byte order mark and CRLF line ends do not shift positions (the editor drops the mark too)', () => {
    const file = 'crlf-bom-wrong-unit.gigafactory.yaml';
    assert.equal(readFileSync(join(BROKEN, file), 'utf8').charCodeAt(0), 0xfeff, 'the fixture lost its byte order mark');
    const r = cli(['check', `examples/broken/${file}`]);
    const w = expected[file]![0]!;
    assert.match(r.stdout, new RegExp(`:${w.line + 1}:${w.startCharacter + 1} error `));
  });

  test('--format json: the same problems with ranges and codes, and totals', () => {
    const r = cli(['check', 'examples/broken', '--format', 'json']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '', 'machine formats keep stderr quiet when they go to stdout');
    const out = JSON.parse(r.stdout) as { files: { file: string; problems: { line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }[] }[]; errors: number; warnings: number; filesChecked: number };
    assert.equal(out.filesChecked, 28);
    const lines = out.files.flatMap((f) => f.problems.map((p) => `${f.file}:${p.line}:${p.column} ${p.severity} ${p.message}`));
    assert.deepEqual(lines, cli(['check', 'examples/broken']).stdout.trimEnd().split('\n'));
    for (const f of out.files) for (const p of f.problems) {
      assert.ok(p.code.length > 0);
      assert.ok(p.endLine > p.line || (p.endLine === p.line && p.endColumn >= p.column), `${f.file}: range ends before it starts`);
    }
    assert.equal(out.errors + out.warnings, lines.length);
  });

  test('--max-warnings: warnings alone pass, more than N fail', () => {
    const file = 'examples/broken/too-few-accelerators.gigafactory.yaml';
    assert.equal(cli(['check', file]).status, 0);
    assert.equal(cli(['check', file, '--max-warnings', '1']).status, 0);
    const r = cli(['check', file, '--max-warnings', '0']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /1 warning: more than --max-warnings 0/);
    assert.equal(cli(['check', file, '--max-warnings', 'many']).status, 2);
  });

  test('usage errors exit 2 with a pointer to --help', () => {
    for (const args of [['check', '--frmat', 'json'], ['check', '--format', 'xml'], ['check', 'no/such/dir'], ['check', 'test/cli/fixtures'], ['lint'], []]) {
      const r = cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      if (args.length) assert.match(r.stderr, /^gigafactory: .+\nSee gigafactory (check )?--help\.\n$/, args.join(' '));
    }
    assert.match(cli(['check', 'no/such/dir']).stderr, /no\/such\/dir: no such file or folder/);
    assert.match(cli(['check', '--format', 'xml']).stderr, /--format must be one of text, json, sarif/);
    assert.match(cli(['check', 'test/cli/fixtures']).stderr, /no scenario files/);
  });

  test('--help for the tool and each command, exit 0', () => {
    for (const cmd of ['check', 'report', 'compare']) {
      const r = cli([cmd, '--help']);
      assert.equal(r.status, 0);
      assert.match(r.stdout, new RegExp(`^Usage: gigafactory ${cmd} `));
      assert.match(r.stdout, /Exit codes/);
    }
    assert.match(cli(['--help']).stdout, /gigafactory check \[PATHS\.\.\.\]/);
    assert.match(cli(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  test('--out writes the output to a file, folders included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-check-'));
    try {
      const out = join(dir, 'nested', 'result.json');
      const r = cli(['check', 'examples/broken/wrong-unit.gigafactory.yaml', '--format', 'json', '--out', out]);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.equal(JSON.parse(readFileSync(out, 'utf8')).errors, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--catalog adds a workspace catalog: an unknown model becomes known; a broken catalog is reported on its own lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-cat-'));
    try {
      const scenario = readFileSync(join(BROKEN, 'unknown-model.gigafactory.yaml'), 'utf8');
      writeFileSync(join(dir, 'a.gigafactory.yaml'), scenario);
      writeFileSync(join(dir, 'catalog.yaml'), 'accelerators:\n  - id: nvidia-b20\n    unitPrice: 30000 USD\n    power: 900 W\n    source: Our own quote\n    date: "2026-01"\n');
      assert.equal(cli(['check', dir]).status, 1);
      const ok = cli(['check', dir, '--catalog', join(dir, 'catalog.yaml')]);
      assert.equal(ok.status, 0, ok.stdout + ok.stderr);
      writeFileSync(join(dir, 'bad.yaml'), 'accelerators:\n  - id: x\n    unitPrice: lots\n');
      const bad = cli(['check', dir, '--catalog', join(dir, 'bad.yaml')]);
      assert.equal(bad.status, 1);
      assert.match(bad.stdout, /bad\.yaml:\d+:\d+ error /);
      assert.equal(cli(['check', dir, '--catalog', join(dir, 'missing.yaml')]).status, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a YAML file whose first line is apiVersion: gigafactory/v1 is found by content; other YAML is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-detect-'));
    try {
      writeFileSync(join(dir, 'plain.yaml'), readFileSync(join(BROKEN, 'wrong-unit.gigafactory.yaml'), 'utf8').replace(/^(#.*\n)*/, ''));
      writeFileSync(join(dir, 'other.yaml'), 'name: not a scenario\n');
      const r = cli(['check', dir]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /plain\.yaml:\d+:\d+ error gridCapacity/);
      assert.doesNotMatch(r.stdout + r.stderr, /other\.yaml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unreadable scenario is an error, not a crash', () => {
    // Root reads every file whatever its mode, so as root the CLI runs as nobody.
    const dir = mkdtempSync(join(tmpdir(), 'gf-perm-'));
    try {
      chmodSync(dir, 0o755);
      writeFileSync(join(dir, 'x.gigafactory.yaml'), 'apiVersion: gigafactory/v1\n', { mode: 0o000 });
      const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const r = cli(['check', dir], asNobody);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /permission denied/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a binary file named on the command line is reported as not a text file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-bin-'));
    try {
      writeFileSync(join(dir, 'x.gigafactory.yaml'), Buffer.from([0x00, 0x01, 0x02]));
      const r = cli(['check', join(dir, 'x.gigafactory.yaml')]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /not a text file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('progress bar', () => {
    const many = () => {
      const dir = mkdtempSync(join(tmpdir(), 'gf-many-'));
      for (let i = 0; i < 3; i++) cpSync(EXAMPLES, join(dir, `copy${i}`), { recursive: true, filter: (src) => !src.includes('broken') });
      return dir;
    };

    test('none when stderr is a pipe, even for many files', () => {
      const dir = many();
      try {
        const r = cli(['check', dir]);
        assert.equal(r.status, 0);
        assert.equal(r.stderr, '21 scenarios checked: no problems\n');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    // `script` gives the CLI a pseudo-terminal, as an interactive shell would.
    // util-linux's `script` gives the CLI a pseudo-terminal (util-linux is essential on Debian).
    test('drawn on a terminal for many files, then cleared', () => {
      const dir = many();
      try {
        const r = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" check "${dir}"`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '100' } });
        assert.equal(r.status, 0, r.stdout);
        assert.match(r.stdout, /\[#+\.*\] \d+\/21 /, 'no progress bar drawn');
        assert.match(r.stdout, /\[#{24}\] 21\/21 /, 'the bar does not reach the end');
        assert.match(r.stdout, /\r\u001b\[2K21 scenarios checked: no problems/, 'the bar is not cleared before the summary');
        const few = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" check examples`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        assert.doesNotMatch(few.stdout, /\[#/, 'a bar for only 7 files');
        const off = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" check --no-progress "${dir}"`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        assert.doesNotMatch(off.stdout, /\[#/, '--no-progress still drew a bar');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  test('a closed pipe on stdout ends the run quietly', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" check examples/broken | head -1`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
    assert.doesNotMatch(r.stderr, /EPIPE|Error/);
  });

  test('the bin entry of package.json is the bundled CLI, with a shebang', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(pkg.bin.gigafactory, './dist/cli.js');
    assert.ok(existsSync(CLI));
    assert.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });
});
