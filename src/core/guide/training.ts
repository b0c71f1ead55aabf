import type { PolicyFeed } from '../policy/feedModel';
import { triggerMatches, type TrainingSituation } from '../policy/trainingTriggers';
import { renderFeedMarkdown } from './renderMarkdown';

export interface TrainingEntry {
  readonly id: string;
  readonly title: string;
  readonly minutes: number | null;
  readonly audience: readonly string[];
  /** renderFeedMarkdown(markdown) */
  readonly html: string;
  /** A trigger matches the workspace's situation. */
  readonly recommended: boolean;
  /** The triggers that matched, in words ("a dependency is denied", "license GPL-3.0-only in use", "contributions here need approval"). */
  readonly because: readonly string[];
  readonly read: boolean;
}

/** The feed's training snippets, recommended first (feed order within each group). */
export function trainingCatalog(feed: PolicyFeed, situation: TrainingSituation, readIds: ReadonlySet<string>): TrainingEntry[] {
  const entries = feed.training.map((snippet): TrainingEntry => {
    const because = unique(snippet.triggers.filter((trigger) => triggerMatches(trigger, situation)).flatMap((trigger) => describeTrigger(trigger, situation)));
    return {
      id: snippet.id,
      title: snippet.title,
      minutes: snippet.minutes ?? null,
      audience: snippet.audience,
      html: renderFeedMarkdown(snippet.markdown),
      recommended: because.length > 0,
      because,
      read: readIds.has(snippet.id),
    };
  });
  return [...entries.filter((entry) => entry.recommended), ...entries.filter((entry) => !entry.recommended)];
}

/**
 * Case-insensitive search over title, audience and the snippet's text: every word of the query
 * must occur somewhere (so a phrase finds itself). Empty query → all. Plain substring tests only;
 * nothing is compiled from the query.
 */
export function filterTraining(entries: readonly TrainingEntry[], query: string): TrainingEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) {
    return [...entries];
  }
  return entries.filter((entry) => {
    const haystack = [entry.title, ...entry.audience, htmlText(entry.html)].join('\n').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

const VERDICT_WORDS: Readonly<Record<string, string>> = {
  deny: 'a dependency is denied',
  review: 'a dependency needs review',
  unknown: 'a dependency has no known license',
  allow: 'a dependency is allowed',
};

const REASON_WORDS: Readonly<Record<string, string>> = {
  'license-mismatch': "a package's license file contradicts its declared license",
  'license-change': 'a dependency changed its license',
  'exception-expired': 'an exception has expired',
  advisory: 'an advisory affects a dependency',
};

const CONTRIBUTION_WORDS: Readonly<Record<string, string>> = {
  'needs-approval': 'contributions here need approval',
  'pre-approved': 'contributions here are pre-approved',
  forbidden: 'contributions here are forbidden',
  'inner-source': 'this project is inner source',
};

function describeTrigger(trigger: string, situation: TrainingSituation): string[] {
  const colon = trigger.indexOf(':');
  const kind = trigger.slice(0, colon);
  const value = trigger.slice(colon + 1);
  switch (kind) {
    case 'license': {
      const licenses = (situation.licenses ?? []).filter((license) => triggerMatches(trigger, { licenses: [license] }));
      return licenses.map((license) => `license ${license} in use`);
    }
    case 'verdict':
      return [Object.hasOwn(VERDICT_WORDS, value) ? VERDICT_WORDS[value] : `a dependency has the verdict ${value}`];
    case 'reason':
      return [Object.hasOwn(REASON_WORDS, value) ? REASON_WORDS[value] : `a finding says ${value}`];
    case 'contribution':
      return [Object.hasOwn(CONTRIBUTION_WORDS, value) ? CONTRIBUTION_WORDS[value] : `contributions here are ${value}`];
    default:
      return [trigger];
  }
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The text of rendered snippet HTML: tags dropped, the entities the renderer writes decoded. */
function htmlText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
}
