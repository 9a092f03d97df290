// The server's memory settings: the launch options the extension passes, and
// the V8 flag the server sets on itself only when started with them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runtimeV8Flags, SERVER_NODE_FLAGS } from '../../common/serverProcess';

test('the launch options are ones Node documents (an option it does not know stops the process)', () => {
  assert.ok(SERVER_NODE_FLAGS.length > 0);
  for (const flag of SERVER_NODE_FLAGS) assert.ok(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0]!), flag);
});

test('started with the launch options, the server asks for earlier full collections', () => {
  assert.equal(runtimeV8Flags([...SERVER_NODE_FLAGS]), '--heap-growing-percent=10');
  assert.equal(runtimeV8Flags(['--nolazy', ...SERVER_NODE_FLAGS, '--inspect=6019']), '--heap-growing-percent=10');
});

test('started without them (another editor, node dist/server.js --stdio), V8 keeps its defaults', () => {
  assert.equal(runtimeV8Flags([]), undefined);
  assert.equal(runtimeV8Flags(['--max-semi-space-size=16']), undefined);
});
