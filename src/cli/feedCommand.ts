import { chmod, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UsageError, parseArgs } from './args';
import type { CommandOutput } from './depsCommand';
import { FEED_EXPORT_USAGE, feedExport } from './feedExportCommand';
import { MAX_SIGNATURE_BYTES, readCapped } from '../core/feed/fetchFeed';
import { MAX_FEED_BYTES, parseFeedBytes } from '../core/feed/feedText';
import { FeedKeyError, generateKeyPair, parsePrivateKey, publicKeyFromPrivate, signFeed, verifyFeedSignature } from '../core/feed/signature';
import { publicKeyArgument } from './publicKeyArgument';
import type { PolicyFeed } from '../core/policy/feedModel';

export const PRIVATE_KEY_FILE = 'ospo-feed.key';
export const PUBLIC_KEY_FILE = 'ospo-feed.pub';
export const FEED_USAGE = [
  'ospo-guide feed validate <file>',
  'ospo-guide feed keygen [--out-dir DIR] [--force]',
  'ospo-guide feed sign <file> --key <private key file>',
  'ospo-guide feed verify <file> [--signature <sig file>] --public-key <key or key file>',
  FEED_EXPORT_USAGE,
].join('\n  ');

/** `ospo-guide feed …`: validate, keygen, sign, verify, export. Usage problems throw a {@link UsageError}. */
export async function feedCommand(argv: readonly string[]): Promise<CommandOutput> {
  const [subcommand, ...rest] = argv;
  switch (subcommand) {
    case 'validate':
      return validate(rest);
    case 'keygen':
      return keygen(rest);
    case 'sign':
      return sign(rest);
    case 'verify':
      return verify(rest);
    case 'export':
      return feedExport(rest);
    case undefined:
      throw new UsageError(`usage:\n  ${FEED_USAGE}`);
    default:
      throw new UsageError(`unknown feed subcommand '${subcommand}'; usage:\n  ${FEED_USAGE}`);
  }
}

async function validate(argv: readonly string[]): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: [], options: [] });
  if (args.positionals.length !== 1) {
    throw new UsageError(`usage: ospo-guide feed validate <file>`);
  }
  const file = args.positionals[0];
  const bytes = await readInput(file, MAX_FEED_BYTES, 'feed');
  const result = parseFeedBytes(bytes);
  if (!result.feed) {
    const lines = result.errors.map((error) => `${error.path}: ${error.message}`);
    return { stdout: `${file}: invalid feed (${result.errors.length} ${result.errors.length === 1 ? 'problem' : 'problems'})\n${lines.join('\n')}\n`, exitCode: 1 };
  }
  return { stdout: `${file}: valid feed ${summary(result.feed)}\n`, exitCode: 0 };
}

function summary(feed: PolicyFeed): string {
  const count = (n: number, noun: string, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`;
  const { licenses } = feed;
  return (
    `"${feed.id}" version ${feed.version}: ` +
    [
      `licenses ${licenses.allow.length} allow / ${licenses.review.length} review / ${licenses.deny.length} deny`,
      count(feed.packages.length, 'package rule'),
      count(feed.advisories.length, 'advisory', 'advisories'),
      count(feed.exceptions.length, 'exception'),
      count(feed.contribution.projects.length, 'contribution project'),
      count(feed.training.length, 'training snippet'),
      count(feed.governance.length, 'governance entry', 'governance entries'),
      count(feed.sponsorships.length, 'sponsorship'),
      ...(feed.trust.relicensingVendor ? [`trust: relicensing vendors ${feed.trust.relicensingVendor}`] : []),
      ...(feed.trust.noReleaseFor ? [`trust: no release for ${feed.trust.noReleaseFor.days} days ${feed.trust.noReleaseFor.verdict}`] : []),
      ...(feed.trust.soleMaintainer ? [`trust: sole maintainer ${feed.trust.soleMaintainer}`] : []),
    ].join(', ') +
    (feed.expires !== undefined && Date.parse(feed.expires) < Date.now() ? ` (expired ${feed.expires})` : '')
  );
}

async function keygen(argv: readonly string[]): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: ['force'], options: ['out-dir'] });
  if (args.positionals.length !== 0) {
    throw new UsageError('usage: ospo-guide feed keygen [--out-dir DIR] [--force]');
  }
  const directory = args.options.get('out-dir') ?? '.';
  try {
    if (!(await stat(directory)).isDirectory()) {
      throw new UsageError(`'${directory}' is not a directory`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      throw error;
    }
    throw new UsageError(`cannot use '${directory}' as the output directory: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const privatePath = path.join(directory, PRIVATE_KEY_FILE);
  const publicPath = path.join(directory, PUBLIC_KEY_FILE);
  const flag = args.flags.has('force') ? 'w' : 'wx';
  if (flag === 'wx') {
    for (const existing of [privatePath, publicPath]) {
      if (await stat(existing).then(() => true, () => false)) {
        throw new UsageError(`'${existing}' already exists; pass --force to replace the key pair`);
      }
    }
  }
  const keys = generateKeyPair();
  try {
    await writeFile(privatePath, keys.privateKey, { mode: 0o600, flag });
    await chmod(privatePath, 0o600); // also when --force replaced a file with looser permissions
    await writeFile(publicPath, keys.publicKey + '\n', { mode: 0o644, flag });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new UsageError(`'${(error as NodeJS.ErrnoException).path ?? privatePath}' already exists; pass --force to replace the key pair`);
    }
    throw new UsageError(`cannot write the key files in '${directory}': ${code ?? String(error)}`);
  }
  return {
    stdout:
      `Wrote ${privatePath} (private key: keep it secret, out of version control) and ${publicPath}.\n` +
      `Public key (for the ospoGuide feed public-key setting and 'feed verify --public-key'):\n${keys.publicKey}\n`,
    exitCode: 0,
  };
}

async function sign(argv: readonly string[]): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: [], options: ['key'] });
  const keyFile = args.options.get('key');
  if (args.positionals.length !== 1 || keyFile === undefined) {
    throw new UsageError('usage: ospo-guide feed sign <file> --key <private key file>');
  }
  const file = args.positionals[0];
  const keyText = (await readInput(keyFile, 64 * 1024, 'private key')).toString('utf8');
  let key;
  try {
    key = parsePrivateKey(keyText);
  } catch (error) {
    throw new UsageError(`'${keyFile}': ${error instanceof FeedKeyError ? error.message : String(error)}`);
  }
  const bytes = await readInput(file, MAX_FEED_BYTES, 'feed');
  const result = parseFeedBytes(bytes);
  if (!result.feed) {
    const lines = result.errors.map((error) => `${error.path}: ${error.message}`);
    return { stdout: `${file}: invalid feed, not signed\n${lines.join('\n')}\n`, exitCode: 1 };
  }
  const signature = signFeed(bytes, key);
  const signaturePath = `${file}.sig`;
  try {
    await writeFile(signaturePath, signature + '\n');
  } catch (error) {
    throw new UsageError(`cannot write '${signaturePath}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return {
    stdout: `Signed ${file} ("${result.feed.id}" version ${result.feed.version}); wrote ${signaturePath}. Public key: ${publicKeyFromPrivate(key)}\n`,
    exitCode: 0,
  };
}

async function verify(argv: readonly string[]): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: [], options: ['signature', 'public-key'] });
  const keyArgument = args.options.get('public-key');
  if (args.positionals.length !== 1 || keyArgument === undefined) {
    throw new UsageError('usage: ospo-guide feed verify <file> [--signature <sig file>] --public-key <key or key file>');
  }
  const file = args.positionals[0];
  const signaturePath = args.options.get('signature') ?? `${file}.sig`;
  const key = await publicKeyArgument(keyArgument);
  const bytes = await readInput(file, MAX_FEED_BYTES, 'feed');
  const signature = (await readInput(signaturePath, MAX_SIGNATURE_BYTES, 'signature')).toString('utf8').trim();
  if (verifyFeedSignature(bytes, signature, key)) {
    return { stdout: `${file}: signature valid (${signaturePath})\n`, exitCode: 0 };
  }
  return { stdout: `${file}: signature INVALID: ${signaturePath} is not a signature of this file by this public key\n`, exitCode: 1 };
}

async function readInput(file: string, maxBytes: number, what: string): Promise<Buffer> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readCapped(file, maxBytes, what);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (bytes === undefined) {
    throw new UsageError(`cannot read '${file}': ENOENT`);
  }
  return bytes;
}
