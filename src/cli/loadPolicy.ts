import { readBoundedBytes } from '../core/files/boundedReader';
import { bundledDefaultFeed } from '../core/policy/bundledFeed';
import type { PolicyFeed } from '../core/policy/feedModel';
import { parseFeedBytes } from '../core/feed/feedText';
import { MAX_FEED_BYTES } from '../core/policy/validateFeed';
import { UsageError } from './args';

/** A policy that could not be used: reported with exit code 2, like a usage error. */
export class PolicyLoadError extends UsageError {}

export interface LoadedPolicy {
  readonly feed: PolicyFeed;
  /** Where it came from, for the report: `bundled default` or the path/URL given. */
  readonly source: string;
}

/** `--policy` takes a feed file; without it the bundled default applies. */
export async function loadPolicy(option: string | undefined): Promise<LoadedPolicy> {
  if (option === undefined) {
    return { feed: bundledDefaultFeed(), source: 'bundled default' };
  }
  const read = await readBoundedBytes(option, { maxBytes: MAX_FEED_BYTES });
  if (read.kind === 'missing') {
    throw new PolicyLoadError(`cannot read the policy '${option}': ENOENT`);
  }
  if (read.kind === 'refused') {
    throw new PolicyLoadError(`the policy '${option}' ${read.reason}`);
  }
  // The same checks as `feed validate` (strict UTF-8, prototype keys, depth, duplicate keys), on the bytes.
  const result = parseFeedBytes(read.bytes);
  if (!result.feed) {
    const details = result.errors.map((error) => `  ${error.path}: ${error.message}`).join('\n');
    throw new PolicyLoadError(`the policy '${option}' is not a valid feed:\n${details}`);
  }
  return { feed: result.feed, source: option };
}
