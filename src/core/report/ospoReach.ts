// Whether the policy in force names a way to ask an OSPO (exception requests have their own route,
// exceptionRequestTarget). Under the bundled default nobody is behind the policy: actions that need
// an OSPO are not offered, and the one thing to do instead is connect the organization's feed. A
// connected feed that names no contact is the OSPO's choice: nothing to connect.
import type { FeedOrigin } from '../feed/feedLoader';
import type { Organization } from '../policy/feedModel';
import { contactChoices } from './policySummaryMarkdown';

/**
 * `reachable`: the feed names a contact that can be opened. `not-connected`: the bundled
 * default is in force, no organization's feed. `no-contact`: an organization's feed that names none.
 */
export type OspoReach = 'reachable' | 'not-connected' | 'no-contact';

export function ospoReach(organization: Organization, origin: FeedOrigin): OspoReach {
  if (contactChoices(organization).length > 0) {
    return 'reachable';
  }
  return origin === 'bundled' ? 'not-connected' : 'no-contact';
}

/** What the guide says, once, where OSPO actions would be, under the bundled default. */
export const NOT_CONNECTED = {
  title: 'No OSPO connected',
  text: 'OSPO Guide is using its built-in default policy. Connect your organization’s policy feed to ask your OSPO and request exceptions.',
  button: 'Connect policy feed',
} as const;

/** What the guide and the hovers say where OSPO actions would be, when the organization's feed names no contact. */
export function noContactText(organization: string): string {
  return `The policy of ${organization || 'your organization'} names no way to contact its OSPO.`;
}
