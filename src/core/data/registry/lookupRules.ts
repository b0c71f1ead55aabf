import type { Ecosystem } from '../../manifests/types';
import type { LookupPolicy } from '../../policy/feedModel';
import { dependencyKey } from '../../policy/purl';
import { PurlIndex } from '../../policy/purlIndex';

/** What the OSPO's feed says about lookups, ready to apply. */
export interface LookupRules {
  /** True when the feed has a `lookups` section: the organization decided, so nobody is asked. */
  readonly decided: boolean;
  readonly allowed: boolean;
  /** Per ecosystem, the OSPO's mirror in place of the public registry. */
  readonly mirrors: Readonly<Partial<Record<Ecosystem, string>>>;
  /** deps.dev's base URL to use, or false for none; undefined: the developer's own setting. */
  readonly depsDev?: string | false;
  /** Internal packages: their names are never sent to any host. */
  isPrivate(ecosystem: Ecosystem, name: string): boolean;
}

export function lookupRules(policy: LookupPolicy | undefined): LookupRules {
  if (policy === undefined) {
    return { decided: false, allowed: true, mirrors: {}, isPrivate: () => false };
  }
  const internal = new PurlIndex(policy.internal.map((match) => ({ match })));
  return {
    decided: true,
    allowed: policy.allowed,
    mirrors: policy.registries,
    ...(policy.depsDev !== undefined ? { depsDev: policy.depsDev } : {}),
    isPrivate: (ecosystem, name) => policy.internal.length > 0 && internal.entriesFor(dependencyKey({ ecosystem, name })).length > 0,
  };
}
