import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEPS_DEV_SYSTEMS,
  isProjectKey,
  parseProject,
  parseVersion,
  versionRequestKey,
  weakestChecks,
} from '../../src/core/data/online';
import { isVersionInfo } from '../../src/core/data/online/depsDevTypes';
import { ResponseCache } from '../../src/core/data/online/responseCache';
import { readFixture } from './support/depsDevServer';

describe('deps.dev response parsing', () => {
  it('reads licenses, advisories, the source repository and the publish date from a Version', () => {
    assert.deepEqual(parseVersion(readFixture('version-pypi-django.json')), {
      license: { value: 'BSD-3-Clause', source: 'deps.dev' },
      advisoryKeys: ['GHSA-2gwj-7jmv-h26r', 'GHSA-6c7v-2f49-8h26', 'PYSEC-2020-34'],
      sourceRepo: 'github.com/django/django',
      publishedAt: '2019-12-02T11:13:17Z',
    });
  });

  it('keeps an SPDX expression whole and lists several licenses as an array', () => {
    assert.deepEqual(parseVersion(readFixture('version-cargo-serde.json'))?.license, { value: 'MIT OR Apache-2.0', source: 'deps.dev' });
    assert.deepEqual(parseVersion({ licenses: ['MIT', 'Apache-2.0', 'MIT'] })?.license, { value: ['MIT', 'Apache-2.0'], source: 'deps.dev' });
  });

  it('replaces "non-standard" by the declared license text when deps.dev gives it', () => {
    assert.deepEqual(parseVersion(readFixture('version-npm-nonstandard.json'))?.license?.value, ['SEE LICENSE IN LICENSE.txt', 'MIT']);
    assert.deepEqual(parseVersion({ licenses: ['non-standard'] })?.license?.value, 'non-standard');
  });

  it('prefers a verified source repository (Go origin, attestation) and ignores issue trackers', () => {
    assert.equal(parseVersion(readFixture('version-go-x-text.json'))?.sourceRepo, 'github.com/golang/text');
    const version = {
      relatedProjects: [
        { projectKey: { id: 'github.com/a/issues' }, relationType: 'ISSUE_TRACKER' },
        { projectKey: { id: 'github.com/a/meta' }, relationType: 'SOURCE_REPO', relationProvenance: 'UNVERIFIED_METADATA' },
        { projectKey: { id: 'github.com/a/attested' }, relationType: 'SOURCE_REPO', relationProvenance: 'SLSA_ATTESTATION' },
      ],
    };
    assert.equal(parseVersion(version)?.sourceRepo, 'github.com/a/attested');
  });

  it('reads an empty Version (proto3 omits defaults) as no data, and a non-object as nothing', () => {
    assert.deepEqual(parseVersion({}), { advisoryKeys: [] });
    assert.equal(parseVersion([]), undefined);
    assert.equal(parseVersion('x'), undefined);
    assert.equal(parseVersion(null), undefined);
  });

  it('reads a Project scorecard, and a project without one', () => {
    const react = parseProject(readFixture('project-github-facebook-react.json'));
    assert.equal(react?.scorecard?.score, 5.6);
    assert.equal(react?.scorecard?.date, '2024-05-27T00:00:00Z');
    assert.equal(react?.scorecard?.checks.length, 7);
    assert.deepEqual(react?.scorecard?.checks[0], {
      name: 'Maintained',
      score: 10,
      reason: '30 commit(s) and 10 issue activity found in the last 90 days -- score normalized to 10',
    });
    assert.deepEqual(parseProject(readFixture('project-github-no-scorecard.json')), {});
    assert.deepEqual(parseProject({ scorecard: { checks: [] } }), {});
    assert.equal(parseProject(7), undefined);
  });

  it('picks the weakest checks that ran, lowest first', () => {
    const checks = parseProject(readFixture('project-github-facebook-react.json'))?.scorecard?.checks ?? [];
    assert.deepEqual(
      weakestChecks(checks).map((check) => [check.name, check.score]),
      [
        ['Fuzzing', 0],
        ['Token-Permissions', 0],
        ['Pinned-Dependencies', 2],
      ],
    );
  });

  it('names systems, keys and project keys as deps.dev does', () => {
    assert.equal(DEPS_DEV_SYSTEMS.composer, undefined);
    assert.equal(DEPS_DEV_SYSTEMS.rubygems, 'RUBYGEMS');
    assert.equal(versionRequestKey({ ecosystem: 'npm', name: '@colors/colors', version: '1.5.0' }), 'npm:@colors/colors@1.5.0');
    assert.equal(versionRequestKey({ ecosystem: 'maven', name: 'com.google.guava/guava', version: '1' }), 'maven:com.google.guava:guava@1');
    assert.equal(versionRequestKey({ ecosystem: 'pypi', name: 'Zope.Interface', version: '6.0' }), 'pypi:zope-interface@6.0');
    assert.ok(isProjectKey('github.com/facebook/react'));
    assert.ok(!isProjectKey('github.com/facebook'));
    assert.ok(!isProjectKey('example.com/a/b'));
  });
});

describe('deps.dev response cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ospo-depsdev-cache-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const cache = (errors: string[] = []) =>
    new ResponseCache({ dir, namespace: 'versions', label: 'deps.dev', isValue: isVersionInfo, maxMemoryEntries: 2, now: () => 1_000_000, onError: (message) => errors.push(message) });

  it('writes atomically (no temporary files left) and reads back from disk in a new instance', async () => {
    await cache().set('npm:a@1', { storedAt: 5, value: { advisoryKeys: ['X'] } });
    await cache().set('npm:b@1', { storedAt: 6, value: null });
    const file = cache().filePath('npm:a@1')!;
    assert.deepEqual(readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp')), []);
    assert.deepEqual(await cache().get('npm:a@1'), { storedAt: 5, value: { advisoryKeys: ['X'] } });
    assert.deepEqual(await cache().get('npm:b@1'), { storedAt: 6, value: null });
    assert.equal(await cache().get('npm:c@1'), undefined);
  });

  it('ignores corrupt, foreign and impossible entries', async () => {
    const store = cache();
    const file = store.filePath('npm:a@1')!;
    await store.set('npm:a@1', { storedAt: 5, value: { advisoryKeys: [] } });
    for (const text of [
      '{not json',
      JSON.stringify({ format: 1, key: 'npm:other@1', storedAt: 5, value: { advisoryKeys: [] } }),
      JSON.stringify({ format: 99, key: 'npm:a@1', storedAt: 5, value: { advisoryKeys: [] } }),
      JSON.stringify({ format: 1, key: 'npm:a@1', storedAt: 5, value: { advisoryKeys: 'no' } }),
      JSON.stringify({ format: 1, key: 'npm:a@1', storedAt: 9e15, value: { advisoryKeys: [] } }),
      '',
    ]) {
      writeFileSync(file, text);
      assert.equal(await cache().get('npm:a@1'), undefined, text);
    }
  });

  it('keeps only the most recently used entries in memory', async () => {
    const store = new ResponseCache({ namespace: 'v', label: 'deps.dev', isValue: isVersionInfo, maxMemoryEntries: 2, now: () => 0, onError: () => undefined });
    await store.set('a', { storedAt: 1, value: null });
    await store.set('b', { storedAt: 1, value: null });
    await store.get('a');
    await store.set('c', { storedAt: 1, value: null });
    assert.equal(await store.get('b'), undefined);
    assert.ok((await store.get('a')) !== undefined && (await store.get('c')) !== undefined);
  });

  it('reports (never throws) when the folder cannot be written', async () => {
    const blocker = path.join(dir, 'file');
    writeFileSync(blocker, 'x');
    const errors: string[] = [];
    const store = new ResponseCache({ dir: blocker, namespace: 'v', label: 'deps.dev', isValue: isVersionInfo, maxMemoryEntries: 5, now: () => 0, onError: (message) => errors.push(message) });
    await store.set('a', { storedAt: 1, value: null });
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /could not write the deps\.dev cache/);
    assert.deepEqual(await store.get('a'), { storedAt: 1, value: null });
  });
});
