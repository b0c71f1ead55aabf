import * as vscode from 'vscode';
import { CONFIGURATION_SECTION } from './constants';

/** Mirrors `contributes.configuration` in package.json; read through `readSettings` only. */
export interface Settings {
  readonly parse: {
    readonly debounceMs: number;
  };
}

const DEFAULT_DEBOUNCE_MS = 120;
const MAX_DEBOUNCE_MS = 2000;

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const configuration = vscode.workspace.getConfiguration(CONFIGURATION_SECTION, scope);
  return {
    parse: {
      debounceMs: clampInteger(configuration.get<number>('parse.debounceMs'), 0, MAX_DEBOUNCE_MS, DEFAULT_DEBOUNCE_MS),
    },
  };
}

/** A hand-edited settings.json can hold anything; out-of-range values fall back or clamp. */
function clampInteger(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, Math.round(value)));
}
