import * as path from 'node:path';
import { FeedLoader, type FeedState } from '../core/feed/feedLoader';
import { readBoundedBytes } from '../core/files/boundedReader';
import { bundledDefaultFeed } from '../core/policy/bundledFeed';
import type { PolicyFeed } from '../core/policy/feedModel';
import { parseFeedBytes } from '../core/feed/feedText';
import { MAX_FEED_BYTES } from '../core/policy/validateFeed';
import { UsageError, type ParsedArgs } from './args';
import { cacheDirectory } from './cacheDirectory';
import { proxyAwareFetch } from './proxyFetch';
import { publicKeyArgument } from './publicKeyArgument';
import { TOOL } from './tool';

/** A policy that could not be used: reported with exit code 2, like a usage error. */
export class PolicyLoadError extends UsageError {}

export interface LoadedPolicy {
  readonly feed: PolicyFeed;
  /** Where it came from, for the report: `bundled default`, the path or the URL (query elided), and whether its signature was verified. */
  readonly source: string;
  /** What the user should know about the policy in force (an older verified copy kept), for stderr. */
  readonly notes: string;
}

export interface PolicyOptions {
  /** `--policy`: a feed file, or the organization's feed as an https URL (http only on this machine). */
  readonly policy?: string;
  /** `--public-key`: the Ed25519 key (base64 or PEM) or a file holding it; the feed must then carry a valid signature. */
  readonly publicKey?: string;
  readonly cwd: string;
}

/** The options of every command that applies a policy. */
export const POLICY_OPTIONS = ['policy', 'public-key'] as const;

/** `--policy` and `--public-key` as given on the command line. */
export function policyOptions(args: ParsedArgs, cwd: string): PolicyOptions {
  const policy = args.options.get('policy');
  const publicKey = args.options.get('public-key');
  return { cwd, ...(policy !== undefined ? { policy } : {}), ...(publicKey !== undefined ? { publicKey } : {}) };
}

const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The policy of a run: the bundled default, a feed file, or the organization's feed fetched from
 * its URL under the extension's rules (same-origin redirects only, size and time caps, the
 * signature checked against `--public-key`, no rollback below a version this machine verified).
 */
export async function loadPolicy(options: PolicyOptions): Promise<LoadedPolicy> {
  const { policy, cwd } = options;
  if (policy === undefined) {
    if (options.publicKey !== undefined) {
      throw new UsageError('--public-key needs --policy (the feed whose signature it checks)');
    }
    return { feed: bundledDefaultFeed(), source: 'bundled default', notes: '' };
  }
  const isUrl = URL_PATTERN.test(policy);
  if (!isUrl && options.publicKey === undefined) {
    return readPolicyFile(path.resolve(cwd, policy));
  }
  const publicKey = options.publicKey === undefined ? undefined : await publicKeyArgument(options.publicKey, cwd);
  const logged: string[] = [];
  const loader = new FeedLoader({
    source: isUrl ? policy : path.resolve(cwd, policy),
    ...(publicKey !== undefined ? { publicKey } : {}),
    bundled: bundledDefaultFeed(),
    // Remembering what was verified is what refuses a rollback from one run to the next; a local file is the user's own and may go back.
    ...(isUrl ? { storeDirectory: cacheDirectory('feed') } : {}),
    limits: { fetch: proxyAwareFetch(), userAgent: `ospo-guide/${TOOL.version}` },
    log: (message) => logged.push(message),
  });
  let state: FeedState;
  try {
    state = await loader.refresh({ force: true });
  } finally {
    loader.dispose();
  }
  if (state.origin === 'bundled') {
    throw new PolicyLoadError(state.failure ?? `the policy from ${policy} could not be used`);
  }
  const signed = state.signed ? ', signature verified' : publicKey === undefined && isUrl ? ', signature not checked (no --public-key)' : '';
  const kept = state.origin === 'cache' && state.lastError !== undefined ? `ospo-guide: ${state.lastError}\n` : '';
  const notes = [kept, ...logged.map((message) => `ospo-guide: ${message}\n`)].join('');
  return { feed: state.feed, source: `${state.source}${signed}`, notes };
}

async function readPolicyFile(file: string): Promise<LoadedPolicy> {
  const read = await readBoundedBytes(file, { maxBytes: MAX_FEED_BYTES });
  if (read.kind === 'missing') {
    throw new PolicyLoadError(`cannot read the policy '${file}': ENOENT`);
  }
  if (read.kind === 'refused') {
    throw new PolicyLoadError(`the policy '${file}' ${read.reason}`);
  }
  // The same checks as `feed validate` (strict UTF-8, prototype keys, depth, duplicate keys), on the bytes.
  const result = parseFeedBytes(read.bytes);
  if (!result.feed) {
    const details = result.errors.map((error) => `  ${error.path}: ${error.message}`).join('\n');
    throw new PolicyLoadError(`the policy '${file}' is not a valid feed:\n${details}`);
  }
  return { feed: result.feed, source: file, notes: '' };
}
