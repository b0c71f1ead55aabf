import type { Ecosystem } from '../manifests/types';

/** Why a direct dependency has no license data, as far as we can tell. */
export type LookupState =
  /** Lookups ran (registries and deps.dev were asked). */
  | 'looked-up'
  /** The user has not allowed lookups yet, or turned them off (the CLI's `--offline`). */
  | 'not-allowed'
  /** Restricted Mode: nothing is looked up for an untrusted folder. */
  | 'untrusted'
  /** The OSPO's feed says no lookups. */
  | 'forbidden-by-feed';

/** One line of the summary: an ecosystem's dependencies without license data, why, and the one thing that fixes it. */
export interface MissingDataLine {
  readonly ecosystem: Ecosystem;
  readonly count: number;
  readonly why: string;
  /** What the user can do about it, in words; `allowLookups` when turning lookups on is the fix. */
  readonly action: { readonly kind: 'install' | 'allow-lookups' | 'trust' | 'configure-feed'; readonly text: string };
}

const ECOSYSTEM_NAMES: Readonly<Record<Ecosystem, string>> = {
  npm: 'npm',
  pypi: 'Python',
  cargo: 'Rust',
  go: 'Go',
  maven: 'Maven/Gradle',
  rubygems: 'Ruby',
  composer: 'PHP',
};

/** How an ecosystem is named to people: `Python`, `Maven/Gradle`. */
export function ecosystemName(ecosystem: Ecosystem): string {
  return ECOSYSTEM_NAMES[ecosystem];
}

/** What puts license data on the machine for each ecosystem, without running anything of ours. */
const INSTALL_COMMANDS: Readonly<Record<Ecosystem, string>> = {
  npm: 'npm ci (or npm install)',
  pypi: 'pip install -r requirements.txt (or poetry install / uv sync) into a .venv',
  cargo: 'cargo fetch',
  go: 'go mod download',
  maven: 'mvn dependency:resolve (or a Gradle build)',
  rubygems: 'bundle install',
  composer: 'composer install',
};

/** `For Go, run go mod download to resolve them.` */
export function installHint(ecosystem: Ecosystem): string {
  return `For ${ECOSYSTEM_NAMES[ecosystem]}, run ${INSTALL_COMMANDS[ecosystem]} to resolve them.`;
}

/**
 * Per ecosystem, how many direct dependencies have no license data and the one action most likely
 * to fix it: allowing lookups where they are not allowed yet, else installing (the registry had
 * nothing, could not be reached, or the package is private), else asking the OSPO.
 */
export function missingDataSummary(missing: readonly { readonly ecosystem: Ecosystem }[], state: LookupState): MissingDataLine[] {
  const counts = new Map<Ecosystem, number>();
  for (const item of missing) {
    counts.set(item.ecosystem, (counts.get(item.ecosystem) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([ecosystem, count]) => ({ ecosystem, count, ...explain(ecosystem, state) }));
}

function explain(ecosystem: Ecosystem, state: LookupState): Pick<MissingDataLine, 'why' | 'action'> {
  const install = { kind: 'install' as const, text: `run ${INSTALL_COMMANDS[ecosystem]}` };
  switch (state) {
    case 'not-allowed':
      return { why: 'nothing installed or locked here describes them, and registry lookups are not allowed', action: { kind: 'allow-lookups', text: 'allow registry lookups' } };
    case 'untrusted':
      return { why: 'nothing installed or locked here describes them, and nothing is looked up for a folder in Restricted Mode', action: { kind: 'trust', text: `trust this folder, or ${install.text}` } };
    case 'forbidden-by-feed':
      return { why: "nothing installed or locked here describes them, and your OSPO's policy allows no lookups", action: install };
    case 'looked-up':
      return { why: 'nothing installed or locked here describes them, and the registry had no license for them (or could not be reached)', action: install };
  }
}

/** One line for a person: `12 npm dependencies: nothing installed … — allow registry lookups.` */
export function missingDataText(line: MissingDataLine): string {
  return `${line.count} ${ECOSYSTEM_NAMES[line.ecosystem]} ${line.count === 1 ? 'dependency has' : 'dependencies have'} no license data: ${line.why}. To fix: ${line.action.text}.`;
}

/** The lines in one short sentence, for a view's message: `No license data for 3 npm and 1 Go dependencies. To fix: allow registry lookups.` */
export function missingDataSummaryText(lines: readonly MissingDataLine[]): string | undefined {
  if (lines.length === 0) {
    return undefined;
  }
  const parts = lines.map((line) => `${line.count} ${ECOSYSTEM_NAMES[line.ecosystem]}`);
  const listed = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const total = lines.reduce((sum, line) => sum + line.count, 0);
  const actions = [...new Set(lines.map((line) => line.action.text))];
  return `No license data for ${listed} ${total === 1 ? 'dependency' : 'dependencies'}. To fix: ${actions.join('; ')}.`;
}
