import * as assert from 'node:assert/strict';
import { formatPurl } from '../../src/core/policy/purl';
import { readablePurl } from '../../src/core/policy/readablePurl';

describe('readablePurl', () => {
  const rows: [string, string | undefined, string][] = [
    ['pkg:npm/left-pad', undefined, 'npm package left-pad'],
    ['pkg:npm/%40acme/left-pad', undefined, 'npm package @acme/left-pad'],
    ['pkg:npm/@acme/left-pad@1.3.0', undefined, 'npm package @acme/left-pad 1.3.0'],
    ['pkg:npm/%40acme/left-pad', '1.3.0', 'npm package @acme/left-pad 1.3.0'],
    ['pkg:npm/@acme/*', undefined, 'npm packages @acme/*'],
    ['pkg:golang/github.com/x/y', undefined, 'github.com/x/y (Go)'],
    ['pkg:golang/github.com/x/y@v1.2.3', undefined, 'github.com/x/y v1.2.3 (Go)'],
    ['pkg:golang/github.com/hashicorp/*', undefined, 'github.com/hashicorp/* (Go)'],
    ['pkg:maven/org.apache.commons/commons-lang3', '3.14.0', 'Maven artifact org.apache.commons:commons-lang3 3.14.0'],
    ['pkg:pypi/requests', undefined, 'PyPI package requests'],
    ['pkg:cargo/serde', undefined, 'Rust crate serde'],
    ['pkg:gem/rails', undefined, 'Ruby gem rails'],
    ['pkg:composer/laravel/framework', undefined, 'Composer package laravel/framework'],
    ['pkg:npm/left-pad?repository_url=x#sub', undefined, 'npm package left-pad'],
    ['pkg:npm/%E0%A4%A', undefined, 'npm package %E0%A4%A'],
    ['pkg:deb/debian/curl', undefined, 'pkg:deb/debian/curl'],
    ['pkg:npm%2Fx', undefined, 'pkg:npm/x'],
    ['left-pad', '1.0.0', 'left-pad 1.0.0'],
  ];
  for (const [purl, version, expected] of rows) {
    it(`${purl}${version ? ` (${version})` : ''} → ${expected}`, () => assert.equal(readablePurl(purl, version), expected));
  }

  it('reads back what formatPurl encodes, with no percent-encoding left', () => {
    const names: [Parameters<typeof formatPurl>[0], string][] = [
      [{ ecosystem: 'npm', name: '@types/node' }, 'npm package @types/node 20.1.0+build'],
      [{ ecosystem: 'go', name: 'golang.org/x/net' }, 'golang.org/x/net 20.1.0+build (Go)'],
      [{ ecosystem: 'maven', name: 'com.google.guava/guava' }, 'Maven artifact com.google.guava:guava 20.1.0+build'],
    ];
    for (const [key, expected] of names) {
      const purl = formatPurl(key, '20.1.0+build');
      assert.match(purl, /%/, `formatPurl encodes ${purl}`);
      assert.equal(readablePurl(purl), expected);
    }
  });
});
