import type { FindingTrust } from '../policy/compiledPolicy';

const KIND_WORDS: Readonly<Record<FindingTrust['governance'], string>> = {
  foundation: 'foundation',
  'single-vendor': 'single vendor',
  community: 'community',
  unknown: 'unknown',
};

/** The registry's activity signals in words (`latest release 2.4.0 on 2026-10-22, 3 maintainers`); undefined where the registry said nothing. */
export function activityWords(trust: FindingTrust): string | undefined {
  const release = trust.signals.find((signal) => signal.kind === 'latest-release');
  const maintainers = trust.signals.find((signal) => signal.kind === 'maintainers');
  const parts = [release ? `latest release ${release.value}` : null, maintainers ? `${maintainers.value} ${maintainers.value === '1' ? 'maintainer' : 'maintainers'}` : null].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The trust rating in one line for people: `single vendor — HashiCorp; relicensed MPL-2.0 → BUSL-1.1 on 2023-08-10`. */
export function governanceWords(trust: FindingTrust): string {
  const steward = trust.steward ? ` — ${trust.steward}` : '';
  const relicensing = trust.signals.find((signal) => signal.kind === 'relicensing');
  return `${KIND_WORDS[trust.governance]}${steward}${relicensing ? `; relicensed ${relicensing.value}` : ''}`;
}
