import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parseFeedText, validateFeed } from '../../src/core/policy/validateFeed';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/ospo-policy.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const schemaAccepts = ajv.compile(schema);

const MINIMAL = { schemaVersion: 1, id: 'acme-ospo', version: 3, issued: '2026-11-01T09:00:00Z' };

const FULL = {
  ...MINIMAL,
  expires: '2027-01-01T00:00:00+01:00',
  organization: { name: 'Acme', contact: { email: 'ospo@acme.example', url: 'https://ospo.acme.example' }, exceptionRequestUrl: 'https://ospo.acme.example/request?purl={purl}&v={version}' },
  licenses: {
    allow: ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    review: ['MPL-2.0'],
    deny: ['AGPL-3.0-only'],
    default: 'review',
    unknown: 'deny',
    notes: { 'MPL-2.0': 'File-level copyleft.' },
    training: { 'AGPL-3.0-only': ['network-copyleft'] },
  },
  packages: [
    {
      match: 'pkg:npm/redis',
      versions: '>=4.7.0',
      license: 'RSALv2 OR SSPL-1.0',
      verdict: 'deny',
      reason: 'License changed.',
      alternatives: [{ purl: 'pkg:npm/iovalkey', spec: '^0.3.0' }],
      support: { level: 'vendor', note: 'Contract until 2027.', contact: 'https://support.example', until: '2027-12-31' },
      health: { score: 7.4, source: 'OpenSSF Scorecard', date: '2026-10-30' },
      training: ['license-changes'],
    },
    { match: 'pkg:npm/@acme/*', verdict: 'allow', support: { level: 'internal' } },
  ],
  health: { warnBelow: 5, denyBelow: 2 },
  advisories: [
    {
      id: 'ACME-2026-1',
      aliases: ['CVE-2026-0001'],
      summary: 'Bad',
      affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.1' }] }, { type: 'GIT', events: [{ introduced: 'abc' }] }], versions: ['1.0.0'] }],
      verdict: 'review',
    },
  ],
  exceptions: [{ match: 'pkg:npm/some-lib', versions: '<3', repos: ['github.com/acme/tool', 'github.com/acme/*'], until: '2027-01-31', ticket: 'OSPO-123', verdict: 'allow' }],
  contribution: {
    default: { status: 'needs-approval', approvalUrl: 'https://ospo.acme.example/approve', cla: 'corporate-only', dco: true, email: 'corporate', notes: '**Ask first.**' },
    projects: [{ match: 'github.com/kubernetes/*', status: 'pre-approved', cla: 'corporate-signed' }],
    checklist: ['Use your corporate email address'],
  },
  training: [{ id: 'copyleft-101', title: 'Copyleft in five minutes', minutes: 5, audience: ['newcomer', 'developer'], markdown: '# Copyleft', triggers: ['license:GPL-*', 'verdict:deny', 'contribution:needs-approval'] }],
  somethingFromTheFuture: { ignored: true },
};

interface Row {
  readonly title: string;
  readonly feed: unknown;
  /** The path of the first error; undefined when the feed is valid. */
  readonly errorAt?: string;
  readonly message?: RegExp;
  /** Where the runtime check is stricter than a JSON Schema can say. */
  readonly beyondSchema?: true;
}

const rows: Row[] = [
  { title: 'a minimal feed', feed: MINIMAL },
  { title: 'a full feed with an unknown field', feed: FULL },
  { title: 'not an object', feed: [MINIMAL], errorAt: '(root)', message: /must be an object/ },
  { title: 'a newer schemaVersion', feed: { ...MINIMAL, schemaVersion: 2 }, errorAt: 'schemaVersion', message: /newer than the format .* update the extension/ },
  { title: 'no id', feed: { ...MINIMAL, id: undefined }, errorAt: 'id', message: /is required/ },
  { title: 'a reason: training trigger', feed: { ...MINIMAL, training: [{ id: 't', title: 'T', audience: ['developer'], markdown: 'x', triggers: ['reason:license-mismatch'] }] } },
  { title: 'an unknown training trigger', feed: { ...MINIMAL, training: [{ id: 't', title: 'T', audience: ['developer'], markdown: 'x', triggers: ['finding:x'] }] }, errorAt: 'training[0].triggers[0]', message: /"reason:<kind>"/ },
  { title: 'version 0', feed: { ...MINIMAL, version: 0 }, errorAt: 'version', message: /at least 1/ },
  { title: 'a fractional version', feed: { ...MINIMAL, version: 1.5 }, errorAt: 'version', message: /integer/ },
  { title: 'issued as a plain date', feed: { ...MINIMAL, issued: '2026-11-01' }, errorAt: 'issued', message: /RFC 3339/ },
  { title: 'a license list that is a string', feed: { ...MINIMAL, licenses: { allow: 'MIT' } }, errorAt: 'licenses.allow', message: /array/ },
  { title: 'an unknown default verdict', feed: { ...MINIMAL, licenses: { default: 'maybe' } }, errorAt: 'licenses.default', message: /one of "allow", "review", "deny"/ },
  { title: 'a package match that is not a purl', feed: { ...MINIMAL, packages: [{ match: 'lodash' }] }, errorAt: 'packages[0].match', message: /must start with "pkg:"/ },
  { title: 'a package match with a version', feed: { ...MINIMAL, packages: [{ match: 'pkg:npm/lodash@4.17.21' }] }, errorAt: 'packages[0].match', message: /must not have a version/, beyondSchema: true },
  { title: 'a wildcard in the middle', feed: { ...MINIMAL, packages: [{ match: 'pkg:npm/a*b' }] }, errorAt: 'packages[0].match', message: /only as the last character/, beyondSchema: true },
  { title: 'an unsupported purl type', feed: { ...MINIMAL, packages: [{ match: 'pkg:conda/numpy' }] }, errorAt: 'packages[0].match', message: /unsupported type "conda"/ },
  { title: 'a versions field that is not a range', feed: { ...MINIMAL, packages: [{ match: 'pkg:npm/x', versions: 'newer than 4' }] }, errorAt: 'packages[0].versions', message: /npm-style version range/, beyondSchema: true },
  { title: 'an alternative with a Go version inside its spec', feed: { ...MINIMAL, packages: [{ match: 'pkg:golang/github.com/hashicorp/terraform', alternatives: [{ purl: 'pkg:golang/github.com/opentofu/opentofu', spec: '^1.6.0', version: 'v1.6.2' }] }] } },
  { title: 'an alternative spec that is not an npm-style range', feed: { ...MINIMAL, packages: [{ match: 'pkg:npm/x', alternatives: [{ purl: 'pkg:gem/y', spec: "~> 1.0, >= 1.0.2" }] }] }, errorAt: 'packages[0].alternatives[0].spec', message: /npm-style version range/, beyondSchema: true },
  { title: 'an alternative Go version without its v', feed: { ...MINIMAL, packages: [{ match: 'pkg:npm/x', alternatives: [{ purl: 'pkg:golang/github.com/opentofu/opentofu', version: '1.6.2' }] }] }, errorAt: 'packages[0].alternatives[0].version', message: /Go wants one such as v1\.6\.2/, beyondSchema: true },
  { title: 'an alternative Go version the module path does not take', feed: { ...MINIMAL, packages: [{ match: 'pkg:npm/x', alternatives: [{ purl: 'pkg:golang/github.com/labstack/echo/v4', version: 'v5.0.0' }] }] }, errorAt: 'packages[0].alternatives[0].version', beyondSchema: true },
  { title: 'an alternative version outside its spec', feed: { ...MINIMAL, packages: [{ match: 'pkg:npm/x', alternatives: [{ purl: 'pkg:pypi/y', spec: '>=2 <3', version: '3.1' }] }] }, errorAt: 'packages[0].alternatives[0].version', message: /not inside the alternative's spec >=2 <3/, beyondSchema: true },
  {
    title: 'lookups: mirrors, deps.dev off, internal packages',
    feed: { ...MINIMAL, lookups: { allowed: true, registries: { npm: 'https://npm.acme.example/', cargo: 'sparse+https://crates.acme.example/', go: 'http://127.0.0.1:3000/' }, depsDev: false, internal: ['pkg:npm/@acme/*', 'pkg:golang/github.com/acme/*'] } },
  },
  { title: 'lookups: a sparse+ URL for an ecosystem other than Cargo', feed: { ...MINIMAL, lookups: { registries: { npm: 'sparse+https://npm.acme.example/' } } }, errorAt: 'lookups.registries.npm', message: /must be an https or http URL/ },
  { title: 'lookups: a registry for an unknown ecosystem', feed: { ...MINIMAL, lookups: { registries: { conda: 'https://x.example/' } } }, errorAt: 'lookups.registries.conda', message: /not an ecosystem/ },
  { title: 'lookups: a plain http registry off loopback', feed: { ...MINIMAL, lookups: { registries: { npm: 'http://npm.acme.example/' } } }, errorAt: 'lookups.registries.npm', message: /https URL \(http only on loopback\)/ },
  { title: 'lookups: an internal pattern that is not a purl', feed: { ...MINIMAL, lookups: { internal: ['@acme/*'] } }, errorAt: 'lookups.internal[0]', message: /must start with "pkg:"/ },
  { title: 'sponsorships: a package and a wildcard, with and without contact', feed: { ...MINIMAL, sponsorships: [{ match: 'pkg:npm/eslint', how: 'Open Collective, $1,000/month', contact: 'ospo@acme.example' }, { match: 'pkg:npm/@babel/*', how: 'GitHub Sponsors' }] } },
  { title: 'sponsorships: a match that is not a purl', feed: { ...MINIMAL, sponsorships: [{ match: 'eslint', how: 'GitHub Sponsors' }] }, errorAt: 'sponsorships[0].match', message: /must start with "pkg:"/ },
  { title: 'sponsorships: no how', feed: { ...MINIMAL, sponsorships: [{ match: 'pkg:npm/eslint' }] }, errorAt: 'sponsorships[0].how', message: /is required/ },
  { title: 'sponsorships: an empty how', feed: { ...MINIMAL, sponsorships: [{ match: 'pkg:npm/eslint', how: '' }] }, errorAt: 'sponsorships[0].how', message: /must not be empty/ },
  { title: 'a health score above 10', feed: { ...MINIMAL, packages: [{ match: 'pkg:npm/x', health: { score: 11 } }] }, errorAt: 'packages[0].health.score', message: /between 0 and 10/ },
  { title: 'an unknown support level', feed: { ...MINIMAL, packages: [{ match: 'pkg:npm/x', support: { level: 'gold' } }] }, errorAt: 'packages[0].support.level' },
  { title: 'denyBelow above warnBelow', feed: { ...MINIMAL, health: { warnBelow: 3, denyBelow: 5 } }, errorAt: 'health.denyBelow', beyondSchema: true },
  { title: 'an advisory with an unknown ecosystem', feed: { ...MINIMAL, advisories: [{ id: 'X', affected: [{ package: { ecosystem: 'Conda', name: 'x' } }] }] }, errorAt: 'advisories[0].affected[0].package.ecosystem' },
  { title: 'an advisory event with nothing in it', feed: { ...MINIMAL, advisories: [{ id: 'X', affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{}] }] }] }] }, errorAt: 'advisories[0].affected[0].ranges[0].events[0]' },
  { title: 'an exception without a verdict', feed: { ...MINIMAL, exceptions: [{ match: 'pkg:npm/x' }] }, errorAt: 'exceptions[0].verdict', message: /is required/ },
  { title: 'an exception repo with a wildcard inside', feed: { ...MINIMAL, exceptions: [{ match: 'pkg:npm/x', verdict: 'allow', repos: ['github.com/ac*/tool'] }] }, errorAt: 'exceptions[0].repos[0]' },
  { title: 'an http approval URL', feed: { ...MINIMAL, contribution: { default: { status: 'needs-approval', approvalUrl: 'http://insecure.example' } } }, errorAt: 'contribution.default.approvalUrl', message: /https or mailto/ },
  { title: 'a javascript: exception request URL', feed: { ...MINIMAL, organization: { exceptionRequestUrl: 'javascript:alert(1)' } }, errorAt: 'organization.exceptionRequestUrl' },
  { title: 'a training trigger of an unknown kind', feed: { ...MINIMAL, training: [{ id: 't', title: 'T', markdown: 'x', triggers: ['package:lodash'] }] }, errorAt: 'training[0].triggers[0]' },
  { title: 'a training snippet without markdown', feed: { ...MINIMAL, training: [{ id: 't', title: 'T' }] }, errorAt: 'training[0].markdown', message: /is required/ },
  { title: 'a __proto__ key', feed: JSON.parse('{"schemaVersion":1,"id":"a","version":1,"issued":"2026-11-01T09:00:00Z","licenses":{"notes":{"__proto__":{"polluted":true}}}}') as unknown, errorAt: 'licenses.notes.__proto__', message: /forbidden key/, beyondSchema: true },
  { title: 'a constructor key at the top', feed: { ...MINIMAL, constructor: { prototype: {} } }, errorAt: 'constructor', beyondSchema: true },
];

describe('feed validation', () => {
  for (const row of rows) {
    it(row.title, () => {
      const result = validateFeed(row.feed);
      if (row.errorAt === undefined) {
        assert.deepEqual(result.errors, []);
        assert.ok(result.feed);
      } else {
        assert.equal(result.feed, null);
        assert.equal(result.errors[0]?.path, row.errorAt, JSON.stringify(result.errors));
        if (row.message) {
          assert.match(result.errors[0].message, row.message);
        }
      }
      if (!row.beyondSchema) {
        assert.equal(schemaAccepts(row.feed), row.errorAt === undefined, `the JSON Schema agrees (${ajv.errorsText(schemaAccepts.errors)})`);
      }
    });
  }

  it('fills defaults and keeps dictionaries in Maps', () => {
    const { feed } = validateFeed(FULL);
    assert.ok(feed);
    assert.equal(feed.licenses.notes.get('MPL-2.0'), 'File-level copyleft.');
    assert.deepEqual(feed.licenses.training.get('AGPL-3.0-only'), ['network-copyleft']);
    assert.equal(feed.advisories[0].affected[0].ranges.length, 1, 'GIT ranges are dropped');
    const minimal = validateFeed(MINIMAL).feed;
    assert.ok(minimal);
    assert.equal(minimal.licenses.default, 'review');
    assert.equal(minimal.licenses.unknown, 'unknown');
    assert.equal(minimal.organization.name, 'acme-ospo');
    assert.equal(minimal.contribution.default.status, 'needs-approval');
    assert.deepEqual(minimal.packages, []);
  });

  it('reports every problem, not just the first', () => {
    const { errors } = validateFeed({ ...MINIMAL, version: -1, packages: [{ match: 'x' }, { match: 'pkg:npm/y', verdict: 'nope' }] });
    assert.deepEqual(
      errors.map((error) => error.path),
      ['version', 'packages[0].match', 'packages[1].verdict'],
    );
  });

  it('parses text with a size cap and clear JSON errors', () => {
    assert.match(parseFeedText('{"schemaVersion": 1,').errors[0].message, /not valid JSON/);
    assert.match(parseFeedText(' '.repeat(5 * 1024 * 1024 + 1)).errors[0].message, /at most/);
    assert.ok(parseFeedText('\uFEFF' + JSON.stringify(MINIMAL)).feed);
  });

  it('is not polluted by a __proto__ key', () => {
    parseFeedText('{"__proto__": {"polluted": true}, "schemaVersion": 1}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
