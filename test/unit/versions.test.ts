import * as assert from 'node:assert/strict';
import type { Ecosystem } from '../../src/core/manifests/types';
import { coerceVersion, exactVersionFromSpec, specIntersects, specToRange, versionSatisfies } from '../../src/core/policy/versions';
import { compareNative, parseNativeVersion } from '../../src/core/policy/versionsNative';

/** The coerced version with its build metadata (`SemVer.format()` leaves it out). */
function coerced(version: string, ecosystem: Ecosystem): string | null {
  const result = coerceVersion(version, ecosystem);
  return result === null ? null : result.build.length > 0 ? `${result.version}+${result.build.join('.')}` : result.version;
}

describe('versions: coerceVersion', () => {
  const cases: readonly (readonly [Ecosystem, string, string | null])[] = [
    ['npm', '1.2.3', '1.2.3'],
    ['npm', 'v1.2', '1.2.0'],
    ['npm', '=1.2.3', '1.2.3'],
    ['npm', '1.0.0-rc.1+build.5', '1.0.0-rc.1+build.5'],
    ['npm', ' 2.0.0 ', '2.0.0'],
    ['cargo', '0.8.5', '0.8.5'],
    ['cargo', '1.0.0-alpha.1', '1.0.0-alpha.1'],
    ['go', 'v1.2.3', '1.2.3'],
    ['go', 'v0.0.0-20230101120000-abcdef123456', '0.0.0-20230101120000-abcdef123456'],
    ['go', 'v1.2.4-0.20230101120000-abcdef123456', '1.2.4-0.20230101120000-abcdef123456'],
    ['go', 'v2.0.0+incompatible', '2.0.0+incompatible'],
    ['pypi', '1.0a1', '1.0.0-a.1'],
    ['pypi', '1.0rc2', '1.0.0-rc.2'],
    ['pypi', '1.0.0-beta.3', '1.0.0-b.3'],
    ['pypi', '1.0c1', '1.0.0-rc.1'],
    ['pypi', '1.0.post1', '1.0.0+post.1'],
    ['pypi', '1.0-1', '1.0.0+post.1'],
    ['pypi', '1.0.dev3', '1.0.0-0.dev.3'],
    ['pypi', '1!2.0', '2.0.0+epoch.1'],
    ['pypi', '1.0+cpu', '1.0.0'],
    ['pypi', '2024.4', '2024.4.0'],
    ['pypi', 'V1.0', '1.0.0'],
    ['maven', '1.0-SNAPSHOT', '1.0.0-snapshot'],
    ['maven', '2.0.0.RELEASE', '2.0.0'],
    ['maven', '1.2.3.Final', '1.2.3'],
    ['maven', '5.3.8', '5.3.8'],
    ['maven', '1.2.3.4', '1.2.3+rel.4'],
    ['maven', '5.0.0.M1', '5.0.0-milestone.1'],
    ['maven', '1.0-beta-2', '1.0.0-beta.2'],
    ['maven', '2.3.1-sp1', '2.3.1+sp.1'],
    ['rubygems', '1.0.0.pre', '1.0.0-pre'],
    ['rubygems', '7.1.3.4', '7.1.3+rel.4'],
    ['rubygems', '2.0.0.rc1', '2.0.0-rc.1'],
    ['composer', 'v2.1.0', '2.1.0'],
    ['composer', '1.0.0-beta1', '1.0.0-beta.1'],
    ['composer', '1.0.0-RC2', '1.0.0-rc.2'],
    ['composer', '1.0.0-dev', '1.0.0-0.dev'],
    ['composer', 'dev-main', null],
    ['npm', 'garbage', null],
    ['npm', '', null],
    ['pypi', '1.0.foo', null],
    ['go', '99999999999999999999.0.0', null],
    ['maven', '${project.version}', null],
    ['rubygems', '1..2', null],
    ['cargo', '1.2.3.4.5.6'.repeat(60), null],
  ];
  for (const [ecosystem, version, expected] of cases) {
    it(`${ecosystem} ${JSON.stringify(version)} → ${expected}`, () => {
      assert.equal(coerced(version, ecosystem), expected);
    });
  }
});

describe('versions: native ordering (for OSV ECOSYSTEM ranges)', () => {
  // Each row: a < b in the ecosystem's own order.
  const cases: readonly (readonly [Ecosystem, string, string])[] = [
    ['pypi', '1.0.dev3', '1.0a1'],
    ['pypi', '1.0a1', '1.0a2.dev1'],
    ['pypi', '1.0a2.dev1', '1.0a2'],
    ['pypi', '1.0rc1', '1.0'],
    ['pypi', '1.0', '1.0.post1.dev1'],
    ['pypi', '1.0.post1', '1.0.1'],
    ['pypi', '9.0', '1!1.0'],
    ['maven', '1.0-alpha-1', '1.0-beta-1'],
    ['maven', '1.0-rc1', '1.0-SNAPSHOT'],
    ['maven', '1.0-SNAPSHOT', '1.0'],
    ['maven', '1.0', '1.0-sp1'],
    ['maven', '1.2.3', '1.2.3.4'],
    ['maven', '1.2.3.4', '1.2.4'],
    ['rubygems', '7.1.3.3', '7.1.3.4'],
    ['rubygems', '1.0.0.pre', '1.0.0'],
    ['composer', '1.0.0-dev', '1.0.0-alpha1'],
    ['composer', '1.0.0-RC1', '1.0.0'],
    ['composer', '1.0.0', '1.0.0-patch1'],
    ['go', 'v0.0.0-20220101000000-aaaaaaaaaaaa', 'v0.0.0-20230101000000-aaaaaaaaaaaa'],
  ];
  for (const [ecosystem, lower, higher] of cases) {
    it(`${ecosystem}: ${lower} < ${higher}`, () => {
      const a = parseNativeVersion(lower, ecosystem);
      const b = parseNativeVersion(higher, ecosystem);
      assert.ok(a && b, 'both parse');
      assert.equal(compareNative(a, b), -1);
      assert.equal(compareNative(b, a), 1);
    });
  }
  const equal: readonly (readonly [Ecosystem, string, string])[] = [
    ['pypi', '1.0', '1.0.0'],
    ['maven', '2.0.0.RELEASE', '2.0'],
    ['rubygems', '1.0', '1.0.0'],
  ];
  for (const [ecosystem, a, b] of equal) {
    it(`${ecosystem}: ${a} = ${b}`, () => {
      const left = parseNativeVersion(a, ecosystem);
      const right = parseNativeVersion(b, ecosystem);
      assert.ok(left && right);
      assert.equal(compareNative(left, right), 0);
    });
  }
});

describe('versions: specToRange', () => {
  // Expected: the npm range text semver prints (`''` is any version), or null.
  const cases: readonly (readonly [Ecosystem, string, string | null])[] = [
    ['npm', '^4.19.2', '>=4.19.2 <5.0.0-0'],
    ['npm', '~10.0.0', '>=10.0.0 <10.1.0-0'],
    ['npm', '1.2.3', '1.2.3'],
    ['npm', '*', ''],
    ['npm', '', ''],
    ['npm', '1.x || >=2.5.0', '>=1.0.0-0 <2.0.0-0||>=2.5.0'],
    ['npm', 'npm:string-width@^4.2.0', '>=4.2.0 <5.0.0-0'],
    ['npm', 'npm:@types/node@20', '>=20.0.0-0 <21.0.0-0'],
    ['npm', 'latest', null],
    ['npm', 'next', null],
    ['npm', 'git+https://github.com/a/b.git', null],
    ['npm', 'github:a/b', null],
    ['npm', 'file:../x', null],
    ['npm', 'workspace:^1.0.0', null],
    ['pypi', '>=1.2,<2', '>=1.2.0 <2.0.0-0'],
    ['pypi', '>=2.31, <3', '>=2.31.0 <3.0.0-0'],
    ['pypi', '>= 3.7.0', '>=3.7.0'],
    ['pypi', '==1.2.*', '>=1.2.0-0 <1.3.0-0'],
    ['pypi', '==1.2', '1.2.0'],
    ['pypi', '~=1.4.2', '>=1.4.2 <1.5.0-0'],
    ['pypi', '~=1.4', '>=1.4.0 <2.0.0-0'],
    ['pypi', '~=1', null],
    ['pypi', '!=1.3', '<1.3.0||>1.3.0'],
    ['pypi', '!=1.2.*', '<1.2.0-0||>=1.3.0-0'],
    ['pypi', '===1.0', '1.0.0'],
    ['pypi', '<1.25', '<1.25.0-0'],
    ['pypi', '<2.0rc1', '<2.0.0-rc.1'],
    ['pypi', '^2.31', '>=2.31.0 <3.0.0-0'],
    ['pypi', '^0.30', '>=0.30.0 <0.31.0-0'],
    ['pypi', '*', ''],
    ['pypi', '>=1.0a1', '>=1.0.0-a.1'],
    ['pypi', '>=1,,<2', null],
    ['pypi', 'bogus', null],
    ['cargo', '1.2', '>=1.2.0-0 <2.0.0-0'],
    ['cargo', '0.8', '>=0.8.0-0 <0.9.0-0'],
    ['cargo', '=1.2.3', '1.2.3'],
    ['cargo', '>=1, <2', '>=1.0.0-0 <2.0.0-0'],
    ['cargo', '~1.2', '>=1.2.0-0 <1.3.0-0'],
    ['cargo', '*', ''],
    ['cargo', '1.*', '>=1.0.0-0 <2.0.0-0'],
    ['cargo', 'abc', null],
    ['go', 'v1.2.3', '1.2.3'],
    ['go', 'v0.0.0-20220516162934-403b01795ae8', '0.0.0-20220516162934-403b01795ae8'],
    ['go', 'master', null],
    ['maven', '1.2.3', '1.2.3'],
    ['maven', '[1.0,2.0)', '>=1.0.0 <2.0.0'],
    ['maven', '(,1.0]', '<=1.0.0'],
    ['maven', '[1.5]', '1.5.0'],
    ['maven', '[1,2),[3,4)', '>=1.0.0 <2.0.0||>=3.0.0 <4.0.0'],
    ['maven', '[1.0,)', '>=1.0.0'],
    ['maven', ']1.0,2.0[', '>1.0.0 <2.0.0'],
    ['maven', '1.+', '>=1.0.0-0 <2.0.0-0'],
    ['maven', '1.2!!', '1.2.0'],
    ['maven', '${project.version}', null],
    ['maven', 'latest.release', null],
    ['maven', '[1.0,2.0', null],
    ['rubygems', '~> 2.3', '>=2.3.0 <3.0.0-0'],
    ['rubygems', '~> 2.3.1', '>=2.3.1 <2.4.0-0'],
    ['rubygems', '~> 2', '>=2.0.0 <3.0.0-0'],
    ['rubygems', '>= 1, < 2', '>=1.0.0 <2.0.0'],
    ['rubygems', '!= 1.5', '<1.5.0||>1.5.0'],
    ['rubygems', '1.0', '1.0.0'],
    ['rubygems', '~> 7.0, >= 7.0.1', '>=7.0.0 <8.0.0-0 >=7.0.1'],
    ['rubygems', '~> #{ver}', null],
    ['composer', '^1.2', '>=1.2.0 <2.0.0-0'],
    ['composer', '~1.2', '>=1.2.0 <2.0.0-0'],
    ['composer', '~1.2.3', '>=1.2.3 <1.3.0-0'],
    ['composer', '1.2.*', '>=1.2.0-0 <1.3.0-0'],
    ['composer', '>=1 <2', '>=1.0.0 <2.0.0-0'],
    ['composer', '>= 1.0, < 2.0', '>=1.0.0 <2.0.0-0'],
    ['composer', '^1.0 || ^2.0', '>=1.0.0 <2.0.0-0||>=2.0.0 <3.0.0-0'],
    ['composer', '^1.0|^2.0', '>=1.0.0 <2.0.0-0||>=2.0.0 <3.0.0-0'],
    ['composer', 'v1.2.0', '1.2.0'],
    ['composer', '^1.2@dev', '>=1.2.0 <2.0.0-0'],
    ['composer', '1.0.0-beta1', '1.0.0-beta.1'],
    ['composer', '1.0 - 2.0', '>=1.0.0 <2.1.0-0'],
    ['composer', 'dev-main', null],
    ['composer', '1.0.x-dev', null],
  ];
  for (const [ecosystem, spec, expected] of cases) {
    it(`${ecosystem} ${JSON.stringify(spec)} → ${expected === null ? 'null' : JSON.stringify(expected)}`, () => {
      const range = specToRange(spec, ecosystem);
      assert.equal(range === null ? null : range.range, expected);
    });
  }
});

describe('versions: versionSatisfies', () => {
  const cases: readonly (readonly [Ecosystem, string, string, boolean])[] = [
    ['npm', '4.7.0', '>=4.7.0', true],
    ['npm', '4.6.9', '>=4.7.0', false],
    ['npm', '5.0.0-rc.1', '>=4.7.0', true],
    ['npm', '3.0.0', '<3', false],
    ['npm', '3.0.0-beta.1', '<3', false],
    ['npm', '2.9.9', '<3', true],
    ['npm', '1.0.0', '>1.0.0', false],
    ['npm', '1.0.0', '<=1.0.0', true],
    ['go', 'v1.2', '>=1.2.0 <1.3.0', true],
    ['go', 'v2.0.0+incompatible', '2.0.0', true],
    ['pypi', '1.0rc1', '>=1.0.0', false],
    ['pypi', '1.0rc1', '>=1.0.0-0', true],
    ['pypi', '1.0.post1', '1.0.0', true],
    ['pypi', '2.0a1', '<2', false],
    ['maven', '1.2.3.Final', '^1.2.0', true],
    ['maven', '2.0-SNAPSHOT', '<2.0.0', true],
    ['rubygems', '7.1.3.4', '7.1.3', true],
    ['composer', 'v2.1.0', '~2.1.0', true],
    ['npm', 'garbage', '*', false],
    ['npm', '1.0.0', 'not a range', false],
    ['npm', '1.0.0', '', true],
  ];
  for (const [ecosystem, version, range, expected] of cases) {
    it(`${ecosystem} ${version} in ${JSON.stringify(range)}: ${expected}`, () => {
      assert.equal(versionSatisfies(version, range, ecosystem), expected);
    });
  }
});

describe('versions: specIntersects', () => {
  const cases: readonly (readonly [Ecosystem, string, string, boolean])[] = [
    ['npm', '^4.0.0', '>=4.7.0', true],
    ['npm', '~4.6.0', '>=4.7.0', false],
    ['npm', '4.7.0', '>=4.7.0', true],
    ['npm', '^5.0.0', '<5', false],
    ['pypi', '>=1.2,<2', '<1.2.0', false],
    ['pypi', '>=1.2,<2', '<=1.2.0', true],
    ['pypi', '<2', '>=2.0.0-0', false],
    ['pypi', '==1.4.*', '>=1.4.5', true],
    ['cargo', '1.2', '>=1.9.0 <2', true],
    ['cargo', '=1.2.3', '>=1.2.4', false],
    ['go', 'v1.2.3', '<1.2.3', false],
    ['go', 'v1.2.3', '<=1.2.3', true],
    ['maven', '[1.0,2.0)', '>=2.0.0', false],
    ['maven', '[1.0,2.0]', '>=2.0.0', true],
    ['rubygems', '~> 2.3', '>=3.0.0', false],
    ['composer', '~1.2', '>=1.9.0', true],
    ['composer', 'dev-main', '*', false],
    ['npm', '^1', '>>>', false],
  ];
  for (const [ecosystem, spec, range, expected] of cases) {
    it(`${ecosystem} ${JSON.stringify(spec)} ∩ ${JSON.stringify(range)}: ${expected}`, () => {
      assert.equal(specIntersects(spec, range, ecosystem), expected);
    });
  }
});

describe('versions: exactVersionFromSpec', () => {
  const cases: readonly (readonly [Ecosystem, string, string | null])[] = [
    ['npm', '1.2.3', '1.2.3'],
    ['npm', '=1.2.3', '1.2.3'],
    ['npm', 'npm:@types/node@20.1.0', '20.1.0'],
    ['npm', '^1.2.3', null],
    ['npm', '1.2', null],
    ['pypi', '==1.2.3', '1.2.3'],
    ['pypi', '===1.0a1', '1.0a1'],
    ['pypi', '==1.2.*', null],
    ['pypi', '>=1.2', null],
    ['pypi', '1.2.3', '1.2.3'],
    ['cargo', '=1.2.3', '1.2.3'],
    ['cargo', '1.2.3', null],
    ['go', 'v1.2.3', 'v1.2.3'],
    ['maven', '1.2.3', '1.2.3'],
    ['maven', '[1.2.3]', '1.2.3'],
    ['maven', '[1.0,2.0)', null],
    ['maven', '${v}', null],
    ['rubygems', '1.2.3', '1.2.3'],
    ['rubygems', '= 1.2.3', '1.2.3'],
    ['rubygems', '~> 1.2', null],
    ['composer', 'v1.2.3', 'v1.2.3'],
    ['composer', '1.2.3@stable', '1.2.3'],
    ['composer', '^1.2', null],
  ];
  for (const [ecosystem, spec, expected] of cases) {
    it(`${ecosystem} ${JSON.stringify(spec)} → ${expected}`, () => {
      assert.equal(exactVersionFromSpec(spec, ecosystem), expected);
    });
  }
});

describe('versions: hostile input never throws', () => {
  const ecosystems: readonly Ecosystem[] = ['npm', 'pypi', 'cargo', 'go', 'maven', 'rubygems', 'composer'];
  const garbage: readonly unknown[] = [
    '',
    ' ',
    '\u0000',
    '((((',
    '[[[,,,]]]',
    '||||',
    '>=',
    '~>',
    '1.2.3'.repeat(500),
    '9'.repeat(400),
    '<1 || '.repeat(300),
    '!=1,'.repeat(40) + '!=2',
    '__proto__',
    'constructor',
    '1.0.0-' + '.'.repeat(50),
    '\u{1F600}',
    null,
    undefined,
    42,
  ];
  for (const ecosystem of ecosystems) {
    it(`${ecosystem}: garbage gives null or false`, () => {
      for (const text of garbage) {
        const value = text as string;
        assert.doesNotThrow(() => {
          coerceVersion(value, ecosystem);
          specToRange(value, ecosystem);
          exactVersionFromSpec(value, ecosystem);
          versionSatisfies(value, value, ecosystem);
          specIntersects(value, value, ecosystem);
          versionSatisfies('1.0.0', value, ecosystem);
          specIntersects('*', value, ecosystem);
        }, `${ecosystem} ${JSON.stringify(text)}`);
      }
    });
  }
  it('an unknown ecosystem gives null or false', () => {
    const unknown = 'nuget' as Ecosystem;
    assert.equal(coerceVersion('1.0.0', unknown), null);
    assert.equal(specToRange('1.0.0', unknown), null);
    assert.equal(exactVersionFromSpec('1.0.0', unknown), null);
    assert.equal(versionSatisfies('1.0.0', '*', unknown), false);
  });
});
