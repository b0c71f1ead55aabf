import * as vscode from 'vscode';
import { CONFIGURATION_SECTION } from './constants';

export type DecorationMode = 'compact' | 'full' | 'off';
export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'none';
export type LookupsSetting = 'ask' | 'allow' | 'off';

/** Mirrors `contributes.configuration` in package.json; read through `readSettings` only. */
export interface Settings {
  readonly parse: {
    readonly debounceMs: number;
  };
  readonly decorations: {
    readonly mode: DecorationMode;
  };
  readonly diagnostics: {
    readonly denySeverity: SeveritySetting;
    readonly reviewSeverity: SeveritySetting;
    readonly unknownSeverity: SeveritySetting;
  };
  readonly policy: {
    /** Empty for the bundled default. */
    readonly source: string;
    readonly publicKey: string;
    readonly refreshIntervalHours: number;
  };
  readonly online: {
    /** `ask` until the user decides; Restricted Mode is checked where lookups run. */
    readonly lookups: LookupsSetting;
    readonly depsDevUrl: string;
  };
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const configuration = vscode.workspace.getConfiguration(CONFIGURATION_SECTION, scope);
  return {
    parse: {
      debounceMs: clampNumber(configuration.get('parse.debounceMs'), 0, 2000, 120, true),
    },
    decorations: {
      mode: oneOf(configuration.get('decorations.mode'), DECORATION_MODES, 'compact'),
    },
    diagnostics: {
      denySeverity: oneOf(configuration.get('diagnostics.denySeverity'), SEVERITIES, 'error'),
      reviewSeverity: oneOf(configuration.get('diagnostics.reviewSeverity'), SEVERITIES, 'warning'),
      unknownSeverity: oneOf(configuration.get('diagnostics.unknownSeverity'), SEVERITIES, 'information'),
    },
    policy: {
      source: stringOr(configuration.get('policy.source'), '').trim(),
      publicKey: stringOr(configuration.get('policy.publicKey'), '').trim(),
      refreshIntervalHours: clampNumber(configuration.get('policy.refreshIntervalHours'), 1, 168, 6, false),
    },
    online: {
      lookups: oneOf(configuration.get('online.lookups'), LOOKUPS, 'ask'),
      depsDevUrl: httpsUrlOr(configuration.get('online.depsDevUrl'), 'https://api.deps.dev'),
    },
  };
}

const DECORATION_MODES: readonly DecorationMode[] = ['compact', 'full', 'off'];
const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'none'];
const LOOKUPS: readonly LookupsSetting[] = ['ask', 'allow', 'off'];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((item) => item === value) ?? fallback;
}

/** A hand-edited settings.json can hold anything; out-of-range values clamp, wrong types fall back. */
function clampNumber(value: unknown, min: number, max: number, fallback: number, integer: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  const clamped = Math.min(max, Math.max(min, value));
  return integer ? Math.round(clamped) : clamped;
}

function httpsUrlOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.startsWith('https://') ? value.replace(/\/+$/, '') : fallback;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
