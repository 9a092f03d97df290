/**
 * The extension's settings, declared once. The server reads them through
 * `workspace/configuration`; `package.json` declares the same keys under
 * `contributes.configuration` (a test keeps the two in agreement).
 */
import type { HintOptions } from '../server/src/scenario/inlayHints';

/** Settings as the server sees them (section `gigafactory`). */
export interface GigafactorySettings {
  /** Which inlay hint categories show; the scenario library defines them. */
  inlayHints: HintOptions;
  /** Workspace catalog files (YAML) that add or override accelerators and countries. */
  catalogFiles: string[];
  limits: {
    /** Largest file, in characters, that is analysed. */
    maxFileSize: number;
    /** Most alias expansions when reading a file. */
    maxAliasCount: number;
  };
  trace: { server: 'off' | 'messages' | 'verbose' };
}

export const DEFAULT_SETTINGS: GigafactorySettings = {
  inlayHints: { accelerators: true, power: true, energy: true, funding: true, hardware: true, summary: true },
  catalogFiles: [],
  limits: { maxFileSize: 5 * 1024 * 1024, maxAliasCount: 100 },
  trace: { server: 'off' },
};

/**
 * Every setting key (dotted, under `gigafactory.`) with its default, flattened
 * from {@link DEFAULT_SETTINGS}: what `package.json` must declare.
 */
export function settingKeys(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (prefix: string, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
    } else {
      out[prefix] = value;
    }
  };
  walk('gigafactory', DEFAULT_SETTINGS);
  return out;
}

/** Merges a partial settings object from the client over the defaults, ignoring ill-typed values. */
export function resolveSettings(raw: unknown): GigafactorySettings {
  const s = structuredClone(DEFAULT_SETTINGS);
  if (!raw || typeof raw !== 'object') return s;
  const r = raw as Record<string, any>;
  for (const k of Object.keys(s.inlayHints) as (keyof GigafactorySettings['inlayHints'])[]) {
    if (typeof r.inlayHints?.[k] === 'boolean') s.inlayHints[k] = r.inlayHints[k];
  }
  if (Array.isArray(r.catalogFiles)) s.catalogFiles = r.catalogFiles.filter((f: unknown): f is string => typeof f === 'string');
  if (Number.isFinite(r.limits?.maxFileSize) && r.limits.maxFileSize > 0) s.limits.maxFileSize = r.limits.maxFileSize;
  if (Number.isInteger(r.limits?.maxAliasCount) && r.limits.maxAliasCount >= 0) s.limits.maxAliasCount = r.limits.maxAliasCount;
  if (['off', 'messages', 'verbose'].includes(r.trace?.server)) s.trace.server = r.trace.server;
  return s;
}
