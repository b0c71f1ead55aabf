// A repository's record of which license of an `OR` expression it uses (`.ospo/choices.json`):
// `{"choices": {"<purl>": {"license": "MIT", "expression": "MIT OR GPL-3.0-only", "recordedAt": "2026-12-06"}}}`.
// Pure: parsing, merging and the choices an expression offers.
import { jsonSyntaxProblem } from './jsonText';
import { serializeLicenseNode } from './spdx/licenseTree';
import { parseSpdxExpression } from './spdx/normalizeLicense';
import { verdictRank, type Verdict } from './verdict';

/** Where a repository records which license of an `OR` expression it uses (the extension reads it only in trusted workspaces). */
export const LICENSE_CHOICES_PATH = '.ospo/choices.json';

export interface LicenseChoice {
  readonly license: string;
  readonly expression: string;
  /** `YYYY-MM-DD`. */
  readonly recordedAt: string;
}

export type LicenseChoices = ReadonlyMap<string, LicenseChoice>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The recorded choices of a choices file's text; anything unreadable is left out, never thrown. */
export function parseLicenseChoices(text: string | undefined): LicenseChoices {
  const choices = new Map<string, LicenseChoice>();
  if (text === undefined) {
    return choices;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return choices;
  }
  if (!isRecord(parsed) || !isRecord(parsed.choices)) {
    return choices;
  }
  for (const [purl, value] of Object.entries(parsed.choices)) {
    if (isRecord(value) && typeof value.license === 'string') {
      choices.set(purl, {
        license: value.license,
        expression: typeof value.expression === 'string' ? value.expression : '',
        recordedAt: typeof value.recordedAt === 'string' ? value.recordedAt : '',
      });
    }
  }
  return choices;
}

export type MergeResult = { readonly text: string } | { readonly error: string };

/**
 * The choices file's new text with `choice` recorded for `purl`: every other field and choice kept,
 * pretty-printed. An existing file that is not a JSON object is an error, never overwritten.
 */
export function mergeLicenseChoice(existingText: string | undefined, purl: string, choice: LicenseChoice): MergeResult {
  let root: Record<string, unknown> = {};
  if (existingText !== undefined && existingText.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(existingText);
    } catch (error) {
      return { error: `it ${jsonSyntaxProblem(error)}` };
    }
    if (!isRecord(parsed)) {
      return { error: 'it is not a JSON object' };
    }
    if (parsed.choices !== undefined && !isRecord(parsed.choices)) {
      return { error: '"choices" is not an object' };
    }
    root = parsed;
  }
  const existingChoices = isRecord(root.choices) ? root.choices : {};
  // Object.defineProperty: a purl such as "__proto__" stays a plain key.
  const choices: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(existingChoices)) {
    Object.defineProperty(choices, key, { value, enumerable: true, writable: true, configurable: true });
  }
  Object.defineProperty(choices, purl, {
    value: { license: choice.license, expression: choice.expression, recordedAt: choice.recordedAt },
    enumerable: true,
    writable: true,
    configurable: true,
  });
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(root)) {
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  }
  Object.defineProperty(result, 'choices', { value: choices, enumerable: true, writable: true, configurable: true });
  return { text: `${JSON.stringify(result, null, 2)}\n` };
}

export interface LicenseOption {
  readonly license: string;
  readonly verdict: Verdict;
}

/**
 * The licenses a top-level `OR` expression lets the user choose, with each one's verdict, best
 * first; empty when the expression is not an `OR`. `verdictOf` is the policy in force's
 * (`CompiledPolicy.licenseVerdict`, never better than the organization's).
 */
export function licenseOptions(expression: string | null, verdictOf: (license: string) => Verdict): LicenseOption[] {
  if (expression === null) {
    return [];
  }
  const tree = parseSpdxExpression(expression);
  if (tree === null || tree.type !== 'or') {
    return [];
  }
  return tree.children
    .map((child) => {
      const license = serializeLicenseNode(child);
      return { license, verdict: verdictOf(license) };
    })
    .sort((a, b) => verdictRank(b.verdict) - verdictRank(a.verdict));
}

/** The options worth recording: those with the best verdict, unless even that is `deny`. */
export function recommendedLicenseOptions(expression: string | null, verdictOf: (license: string) => Verdict): LicenseOption[] {
  const options = licenseOptions(expression, verdictOf);
  const best = options[0]?.verdict;
  return best === undefined || best === 'deny' ? [] : options.filter((option) => option.verdict === best);
}

/** Today as `YYYY-MM-DD` (UTC). */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}
