import type { FindingTrust } from '../policy/compiledPolicy';

const KIND_WORDS: Readonly<Record<FindingTrust['governance'], string>> = {
  foundation: 'foundation',
  'single-vendor': 'single vendor',
  community: 'community',
  unknown: 'unknown',
};

/** The trust rating in one line for people: `single vendor — HashiCorp; relicensed MPL-2.0 → BUSL-1.1 on 2023-08-10`. */
export function governanceWords(trust: FindingTrust): string {
  const steward = trust.steward ? ` — ${trust.steward}` : '';
  const relicensing = trust.signals.find((signal) => signal.kind === 'relicensing');
  return `${KIND_WORDS[trust.governance]}${steward}${relicensing ? `; relicensed ${relicensing.value}` : ''}`;
}
