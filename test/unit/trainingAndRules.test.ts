import * as assert from 'node:assert/strict';
import type { PackageRule, TrainingSnippet } from '../../src/core/policy/feedModel';
import { PurlIndex } from '../../src/core/policy/purlIndex';
import { dependencyKey, formatPurl, parsePurlPattern, pep503Name } from '../../src/core/policy/purl';
import { triggeredTraining } from '../../src/core/policy/trainingTriggers';

function rule(match: string, reason = match): PackageRule {
  return { match, reason, alternatives: [], training: [] };
}

describe('purls', () => {
  const pep503: [string, string][] = [
    ['Django', 'django'],
    ['zope.interface', 'zope-interface'],
    ['Foo__Bar-.baz', 'foo-bar-baz'],
    ['ruamel.yaml.clib', 'ruamel-yaml-clib'],
  ];
  for (const [name, expected] of pep503) {
    it(`PEP 503: ${name} → ${expected}`, () => assert.equal(pep503Name(name), expected));
  }

  const keys: [Parameters<typeof dependencyKey>[0], string][] = [
    [{ ecosystem: 'npm', name: '@babel/core' }, 'pkg:npm/%40babel/core'],
    [{ ecosystem: 'npm', name: 'my-lodash', package: 'lodash' }, 'pkg:npm/lodash'],
    [{ ecosystem: 'pypi', name: 'Flask_SQLAlchemy' }, 'pkg:pypi/flask-sqlalchemy'],
    [{ ecosystem: 'cargo', name: 'rand_core', package: 'rand' }, 'pkg:cargo/rand'],
    [{ ecosystem: 'go', name: 'github.com/BurntSushi/toml' }, 'pkg:golang/github.com/burntsushi/toml'],
    [{ ecosystem: 'maven', name: 'org.slf4j:slf4j-api' }, 'pkg:maven/org.slf4j/slf4j-api'],
    [{ ecosystem: 'rubygems', name: 'rails' }, 'pkg:gem/rails'],
    [{ ecosystem: 'composer', name: 'Symfony/Console' }, 'pkg:composer/symfony/console'],
  ];
  for (const [dependency, purl] of keys) {
    it(`${dependency.ecosystem} ${dependency.name} → ${purl}`, () => assert.equal(formatPurl(dependencyKey(dependency)), purl));
  }

  it('accepts both spellings of an npm scope and PEP 503 variants as the same package', () => {
    const encoded = parsePurlPattern('pkg:npm/%40babel/core');
    const plain = parsePurlPattern('pkg:npm/@babel/core');
    assert.deepEqual(encoded, plain);
    assert.deepEqual(parsePurlPattern('pkg:pypi/Zope.Interface'), parsePurlPattern('pkg:pypi/zope_interface'));
  });
});

describe('purl index of package rules', () => {
  const rules = [rule('pkg:npm/redis', 'exact'), rule('pkg:npm/@acme/*', 'scope'), rule('pkg:npm/*', 'all npm'), rule('pkg:npm/redis', 'exact again'), rule('pkg:maven/org.apache.logging.log4j/*', 'log4j'), rule('not a purl')];
  const index = new PurlIndex(rules);

  const rows: [Parameters<typeof dependencyKey>[0], string[]][] = [
    [{ ecosystem: 'npm', name: 'redis' }, ['exact', 'all npm', 'exact again']],
    [{ ecosystem: 'npm', name: '@acme/ui' }, ['scope', 'all npm']],
    [{ ecosystem: 'npm', name: 'lodash' }, ['all npm']],
    [{ ecosystem: 'maven', name: 'org.apache.logging.log4j:log4j-core' }, ['log4j']],
    [{ ecosystem: 'maven', name: 'org.apache.logging:other' }, []],
    [{ ecosystem: 'pypi', name: 'redis' }, []],
  ];
  for (const [dependency, expected] of rows) {
    it(`${dependency.ecosystem} ${dependency.name}: rules in file order`, () => {
      assert.deepEqual(
        index.entriesFor(dependencyKey(dependency)).map((entry) => entry.item.reason),
        expected,
      );
    });
  }

  it('looks up one package among 10,000 rules in microseconds', () => {
    const many = new PurlIndex(Array.from({ length: 10_000 }, (_, i) => rule(`pkg:npm/package-${i}`)));
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) {
      many.entriesFor({ ecosystem: 'npm', name: `package-${i * 7}` });
    }
    const perLookupMs = Number(process.hrtime.bigint() - started) / 1e6 / 1000;
    assert.ok(perLookupMs < 0.05, `${perLookupMs} ms per lookup`);
  });
});

describe('training triggers', () => {
  const snippet = (id: string, triggers: string[]): TrainingSnippet => ({ id, title: id, audience: [], markdown: '', triggers });
  const training = [
    snippet('gpl', ['license:GPL-*']),
    snippet('agpl', ['license:AGPL-3.0-only', 'verdict:deny']),
    snippet('contrib', ['contribution:needs-approval']),
    snippet('never', []),
  ];
  const rows: [string, Parameters<typeof triggeredTraining>[1], string[]][] = [
    ['a GPL license by prefix', { licenses: ['GPL-3.0-only'] }, ['gpl']],
    ['LGPL does not match GPL-*', { licenses: ['LGPL-2.1-only'] }, []],
    ['an exact license', { licenses: ['AGPL-3.0-only'] }, ['agpl']],
    ['a verdict', { verdicts: ['deny'] }, ['agpl']],
    ['a contribution status', { contribution: 'needs-approval' }, ['contrib']],
    ['nothing', {}, []],
  ];
  for (const [title, situation, expected] of rows) {
    it(title, () => assert.deepEqual(triggeredTraining(training, situation).map((item) => item.id), expected));
  }
});
