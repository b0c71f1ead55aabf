import * as assert from 'node:assert/strict';
import { pickVersion } from '../../src/core/data/registry/pickVersion';
import type { RegistryListing } from '../../src/core/data/registry/types';

const listing = (versions: readonly (string | [string, 'withdrawn'])[], tags?: Record<string, string>): RegistryListing => ({
  versions: versions.map((entry) => (typeof entry === 'string' ? { version: entry } : { version: entry[0], withdrawn: true })),
  ...(tags ? { tags } : {}),
});

describe('pickVersion', () => {
  describe('npm (npm-pick-manifest)', () => {
    const npm = listing(['1.0.0', '1.1.0', '1.2.0-beta.1', '2.0.0', '2.1.0', '3.0.0-rc.1'], { latest: '2.0.0', next: '3.0.0-rc.1' });
    const cases: [string | null, string | undefined, string[]][] = [
      ['^1.0.0', '1.1.0', ['1.0.0', '1.1.0']],
      ['^2.0.0', '2.0.0', ['2.0.0', '2.1.0']], // `latest` satisfies the range, so npm takes it over 2.1.0
      ['latest', '2.0.0', ['2.0.0']],
      ['next', '3.0.0-rc.1', ['3.0.0-rc.1']],
      [null, '2.0.0', ['2.0.0']],
      ['', '2.0.0', ['2.0.0']],
      ['>=1.2.0-beta.1 <2', '1.2.0-beta.1', ['1.2.0-beta.1']],
      ['*', '2.0.0', ['1.0.0', '1.1.0', '2.0.0', '2.1.0']],
      ['^9', undefined, []],
    ];
    for (const [spec, version, admitted] of cases) {
      it(`${JSON.stringify(spec)} → ${version ?? 'nothing'}`, () => {
        const picked = pickVersion('npm', spec, npm);
        assert.equal(picked?.version, version);
        if (picked) {
          assert.deepEqual(picked.admitted, admitted);
        }
      });
    }
    it('avoids a deprecated version when another satisfies', () => {
      assert.equal(pickVersion('npm', '^1.0.0', listing(['1.0.0', ['1.1.0', 'withdrawn']], { latest: '1.1.0' }))?.version, '1.0.0');
    });
  });

  describe('other ecosystems', () => {
    it('PyPI: newest stable in range, pre-releases only when asked, yanked skipped but admitted', () => {
      const pypi = listing(['1.0', '1.1', ['1.2', 'withdrawn'], '2.0a1', '2.0']);
      assert.equal(pickVersion('pypi', '>=1,<2', pypi)?.version, '1.1');
      assert.deepEqual(pickVersion('pypi', '>=1,<2', pypi)?.admitted, ['1.0', '1.1', '1.2']);
      assert.equal(pickVersion('pypi', null, pypi)?.version, '2.0');
      assert.equal(pickVersion('pypi', '>=2.0a1', pypi)?.version, '2.0');
      assert.equal(pickVersion('pypi', '==1.1', pypi)?.version, '1.1');
      assert.equal(pickVersion('pypi', '==9.9', pypi), undefined);
    });
    it('Cargo caret requirements', () => {
      assert.equal(pickVersion('cargo', '1.0', listing(['1.0.0', '1.0.228', '2.0.0']))?.version, '1.0.228');
    });
    it('Go takes exactly the required version', () => {
      assert.equal(pickVersion('go', 'v1.2.3', listing(['v1.2.3', 'v1.3.0']))?.version, 'v1.2.3');
    });
    it('Maven: a bare version is that version, a range the newest inside', () => {
      const maven = listing(['7.10.0', '7.11.0', '8.0.0']);
      assert.equal(pickVersion('maven', '7.10.0', maven)?.version, '7.10.0');
      assert.equal(pickVersion('maven', '[7.0,8.0)', maven)?.version, '7.11.0');
    });
    it('an unreadable spec picks nothing', () => {
      assert.equal(pickVersion('rubygems', 'git@somewhere', listing(['1.0.0'])), undefined);
    });
  });
});
