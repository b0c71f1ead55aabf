import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../src/cli/args';
import { FEED_USAGE, feedCommand } from '../../src/cli/feedCommand';
import { verifyFeedSignature } from '../../src/core/feed/signature';
import { feedJson } from './support/feedServer';

describe('ospo-guide feed', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'ospo-feed-cli-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    const target = path.join(directory, name);
    writeFileSync(target, text);
    return target;
  };

  async function usageError(argv: string[], pattern: RegExp): Promise<void> {
    await assert.rejects(feedCommand(argv), (error: Error) => error instanceof UsageError && pattern.test(error.message));
  }

  it('has a usage text naming every subcommand', () => {
    for (const subcommand of ['validate', 'keygen', 'sign', 'verify']) {
      assert.match(FEED_USAGE, new RegExp(`ospo-guide feed ${subcommand}`));
    }
  });

  it('validate: a one-line summary and exit 0 for a valid feed', async () => {
    const result = await feedCommand(['validate', file('feed.json', feedJson({ version: 7 }))]);
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /feed\.json: valid feed "acme-ospo" version 7: licenses 2 allow \/ 1 review \/ 1 deny, 1 package rule, 0 advisories, 0 exceptions, 0 contribution projects, 0 training snippets, 0 governance entries, 0 sponsorships\n$/);
  });

  it('validate: the summary counts governance entries and sponsorships and names a trust verdict', async () => {
    const feed = feedJson({
      governance: [{ match: 'pkg:npm/@acme/*', kind: 'single-vendor', steward: 'Acme' }, { match: 'pkg:npm/x', kind: 'community' }],
      sponsorships: [{ match: 'pkg:npm/eslint', how: 'Open Collective' }],
      trust: { relicensingVendor: 'review' },
    });
    const result = await feedCommand(['validate', file('trust.json', feed)]);
    assert.equal(result.exitCode, 0, result.stdout);
    assert.match(result.stdout, /, 2 governance entries, 1 sponsorship, trust: relicensing vendors review\n$/);
    const activity = await feedCommand(['validate', file('activity.json', feedJson({ trust: { noReleaseFor: { days: 730, verdict: 'review' }, soleMaintainer: 'deny' } }))]);
    assert.match(activity.stdout, /, trust: no release for 730 days review, trust: sole maintainer deny\n$/);
  });

  it('validate: every problem as path: message and exit 1', async () => {
    const result = await feedCommand(['validate', file('bad.json', feedJson({ version: 0, licenses: { default: 'maybe' } }))]);
    assert.equal(result.exitCode, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0], /bad\.json: invalid feed \(2 problems\)/);
    assert.deepEqual(lines.slice(1).map((line) => line.split(':')[0]), ['version', 'licenses.default']);
    const json = await feedCommand(['validate', file('broken.json', '{')]);
    assert.equal(json.exitCode, 1);
    assert.match(json.stdout, /\(root\): is not valid JSON/);
    const proto = await feedCommand(['validate', file('proto.json', feedJson().replace('{', '{"__proto__": {},'))]);
    assert.match(proto.stdout, /__proto__: is a forbidden key/);
    const newer = await feedCommand(['validate', file('newer.json', feedJson({ schemaVersion: 2 }))]);
    assert.match(newer.stdout, /schemaVersion: is 2, newer than the format/);
  });

  it('validate: usage errors', async () => {
    await usageError(['validate'], /usage: ospo-guide feed validate <file>/);
    await usageError(['validate', path.join(directory, 'missing.json')], /cannot read .*ENOENT/);
    await usageError(['validate', directory], /not a regular file/);
    await usageError(['validate', 'a', '--json'], /unknown option --json/);
    await usageError([], /usage:/);
    await usageError(['frobnicate'], /unknown feed subcommand 'frobnicate'/);
  });

  it('keygen, sign and verify round-trip', async () => {
    const keygen = await feedCommand(['keygen', '--out-dir', directory]);
    assert.equal(keygen.exitCode, 0);
    const privatePath = path.join(directory, 'ospo-feed.key');
    const publicPath = path.join(directory, 'ospo-feed.pub');
    const publicKey = readFileSync(publicPath, 'utf8').trim();
    assert.equal(keygen.stdout.trimEnd().split('\n').at(-1), publicKey);
    if (process.platform !== 'win32') {
      assert.equal(statSync(privatePath).mode & 0o777, 0o600);
    }
    await usageError(['keygen', '--out-dir', directory], /already exists; pass --force/);
    assert.equal((await feedCommand(['keygen', '--out-dir', directory, '--force'])).exitCode, 0);
    const newPublicKey = readFileSync(publicPath, 'utf8').trim();
    assert.notEqual(newPublicKey, publicKey);

    const feed = file('feed.json', feedJson());
    const signed = await feedCommand(['sign', feed, '--key', privatePath]);
    assert.equal(signed.exitCode, 0);
    assert.match(signed.stdout, new RegExp(`wrote .*feed\\.json\\.sig\\. Public key: ${newPublicKey.replace(/[+/]/g, '\\$&')}`));
    const signature = readFileSync(`${feed}.sig`, 'utf8');
    assert.ok(verifyFeedSignature(readFileSync(feed), signature, newPublicKey));

    assert.equal((await feedCommand(['verify', feed, '--signature', `${feed}.sig`, '--public-key', newPublicKey])).exitCode, 0);
    assert.equal((await feedCommand(['verify', feed, '--public-key', publicPath])).exitCode, 0, 'key from a file, signature next to the feed');
    const wrongKey = await feedCommand(['verify', feed, '--public-key', publicKey]);
    assert.equal(wrongKey.exitCode, 1);
    assert.match(wrongKey.stdout, /signature INVALID/);
    writeFileSync(feed, feedJson() + ' ');
    assert.equal((await feedCommand(['verify', feed, '--public-key', newPublicKey])).exitCode, 1);
  });

  it('sign refuses an invalid feed; sign and verify report bad keys as usage errors', async () => {
    await feedCommand(['keygen', '--out-dir', directory]);
    const privatePath = path.join(directory, 'ospo-feed.key');
    const invalid = await feedCommand(['sign', file('bad.json', '{}'), '--key', privatePath]);
    assert.equal(invalid.exitCode, 1);
    assert.match(invalid.stdout, /invalid feed, not signed\nschemaVersion: is required/);
    const feed = file('feed.json', feedJson());
    await usageError(['sign', feed], /usage: ospo-guide feed sign/);
    await usageError(['sign', feed, '--key', file('garbage.key', 'garbage')], /garbage\.key': The private key decodes to 5 bytes; expected a PKCS #8 PEM/);
    await usageError(['verify', feed, '--public-key', 'nope'], /neither an Ed25519 public key .* nor a readable file/);
    await usageError(['verify', feed, '--public-key', file('bad.pub', 'AAAA')], /bad\.pub': The public key decodes to 3 bytes/);
    await usageError(['verify', feed, '--public-key', path.join(directory, 'ospo-feed.pub')], /feed\.json\.sig': ENOENT/);
  });
});
