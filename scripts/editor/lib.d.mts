// Types of lib.mjs, for the TypeScript tests that import it.
import type { ChildProcess } from 'node:child_process';

export const root: string;
export const CODE_SERVER_VERSION: string;
export const NODE_VERSION: string;
export const cacheDir: string;
export const nodeDir: string;
export const nodeBin: string;
export const codeServerEntry: string;
export const markerFile: string;
export const chromiumPath: string;
export const chromiumArgs: string[];
export const vsixPath: string;
export const extensionId: string;
export const extensionVersion: string;
export const quietSettings: Record<string, unknown>;

export function say(message: string): void;
export function run(command: string, args: string[], options?: object): void;
export function readMarker(): { codeServer: string; node: string } | undefined;
export function isEditorInstalled(): boolean;
export function requireEditor(): void;
export function installVsix(options: { vsix?: string; userDataDir: string; extensionsDir: string }): void;
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void;
export function isPortFree(port: number): Promise<boolean>;
export function freePort(preferred?: number): Promise<number>;
export function stopProcessGroup(child: ChildProcess): Promise<void>;
export function onPath(command: string): boolean;

export interface RunningCodeServer {
  url: string;
  workbenchUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}
export function startCodeServer(options: {
  port: number;
  userDataDir: string;
  extensionsDir: string;
  folder: string;
  env?: Record<string, string>;
  vscodeOptions?: string[];
  logFile?: string;
  inheritOutput?: boolean;
  timeoutMs?: number;
}): Promise<RunningCodeServer>;
