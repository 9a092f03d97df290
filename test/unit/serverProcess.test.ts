// The server's memory settings: the launch options the extension passes, and
// how the server steers V8's heap growth when started with them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heapTunedLaunch, SERVER_NODE_FLAGS } from '../../common/serverProcess';
import { COLLECT_AFTER_MS, heapTuning, LARGE_READ_CHARS, UNTUNED, v8HeapControls, type HeapControls } from '../../server/src/heapTuning';

test('the launch options are ones Node documents (an option it does not know stops the process)', () => {
  assert.ok(SERVER_NODE_FLAGS.length > 0);
  for (const flag of SERVER_NODE_FLAGS) assert.ok(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0]!), flag);
});

test('started with the launch options the server steers the heap; without them (another editor) it does not', () => {
  assert.equal(heapTunedLaunch([...SERVER_NODE_FLAGS]), true);
  assert.equal(heapTunedLaunch(['--nolazy', ...SERVER_NODE_FLAGS, '--inspect=6019']), true);
  assert.equal(heapTunedLaunch([]), false);
  assert.equal(heapTunedLaunch(['--max-semi-space-size=16']), false);
});

/** Controls that record what the tuning asks of V8. */
function recording(collect = true): { controls: HeapControls; log: string[]; run: () => void } {
  const log: string[] = [];
  let pending: (() => void) | undefined;
  const controls: HeapControls = {
    setFlags: (f) => log.push(`flags ${f}`),
    collect: collect ? () => log.push('collect') : undefined,
    schedule: (f, ms) => { log.push(`schedule ${ms}`); pending = f; },
  };
  return { controls, log, run: () => pending?.() };
}

test('editing growth at once; a large read runs with V8 growth, then schedules one full collection', () => {
  const { controls, log, run } = recording();
  const tuning = heapTuning(controls);
  assert.deepEqual(log, ['flags --heap-growing-percent=10']);
  const result = tuning.reading(LARGE_READ_CHARS, () => (log.push('read'), 42));
  assert.equal(result, 42);
  assert.deepEqual(log.slice(1), ['flags --heap-growing-percent=0', 'read', 'flags --heap-growing-percent=10', `schedule ${COLLECT_AFTER_MS}`]);
  run();
  assert.equal(log.at(-1), 'collect');
});

test('a small read changes nothing; a read that throws still restores the editing growth', () => {
  const { controls, log } = recording();
  const tuning = heapTuning(controls);
  tuning.reading(LARGE_READ_CHARS - 1, () => log.push('read'));
  assert.deepEqual(log, ['flags --heap-growing-percent=10', 'read']);
  assert.throws(() => tuning.reading(LARGE_READ_CHARS, () => { throw new Error('boom'); }), /boom/);
  assert.deepEqual(log.slice(2), ['flags --heap-growing-percent=0', 'flags --heap-growing-percent=10', `schedule ${COLLECT_AFTER_MS}`]);
});

test('without a collection offered, nothing is scheduled; untuned reads just read', () => {
  const { controls, log } = recording(false);
  heapTuning(controls).reading(LARGE_READ_CHARS, () => log.push('read'));
  assert.ok(!log.some((l) => l.startsWith('schedule')));
  assert.equal(UNTUNED.reading(LARGE_READ_CHARS * 10, () => 'x'), 'x');
});

test('V8 controls: the global gc when the process offers one (--expose-gc), none otherwise', () => {
  const flags: string[] = [];
  let collected = 0;
  const offered = v8HeapControls((f) => flags.push(f), () => collected++);
  offered.collect!();
  assert.equal(collected, 1);
  offered.setFlags('--heap-growing-percent=10');
  assert.deepEqual(flags, ['--heap-growing-percent=10']);
  assert.equal(v8HeapControls(() => {}, undefined).collect, undefined);
});

test('the launch options include --expose-gc, so the collection after a large read is offered', () => {
  assert.ok(SERVER_NODE_FLAGS.includes('--expose-gc'));
});
