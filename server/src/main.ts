/**
 * Entry point of the bundled server (`node dist/server.js --stdio`, or
 * `--node-ipc` when VS Code starts it). The transport is picked from argv.
 */
import { readFile, realpath } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { heapTunedLaunch } from '../../common/serverProcess';
import { heapTuning, UNTUNED, v8HeapControls } from './heapTuning';
import { startServer } from './server';

// Started as the extension starts it, the server steers V8's heap growth so that replaced versions of a
// large document do not pile up (common/serverProcess.ts, heapTuning.ts).
const heap = heapTunedLaunch(process.execArgv) ? heapTuning(v8HeapControls(setFlagsFromString, (globalThis as { gc?: unknown }).gc)) : UNTUNED;

const connection = createConnection(ProposedFeatures.all);
// A bug in one handler must never take the server down; runSafe logs most, this catches the rest.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${String(e)}`));
startServer(connection, { fs: { readFile: (p) => readFile(p, 'utf8'), realpath }, heap });
