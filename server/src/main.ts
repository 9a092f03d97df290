/**
 * Entry point of the bundled server (`node dist/server.js --stdio`, or
 * `--node-ipc` when VS Code starts it). The transport is picked from argv.
 */
import { readFile, realpath } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runtimeV8Flags } from '../../common/serverProcess';
import { startServer } from './server';

// Earlier full collections, so that replaced versions of a large document do not pile up (common/serverProcess.ts).
const v8Flags = runtimeV8Flags(process.execArgv);
if (v8Flags) setFlagsFromString(v8Flags);

const connection = createConnection(ProposedFeatures.all);
// A bug in one handler must never take the server down; runSafe logs most, this catches the rest.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${String(e)}`));
startServer(connection, { fs: { readFile: (p) => readFile(p, 'utf8'), realpath } });
