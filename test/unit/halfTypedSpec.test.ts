import * as assert from 'node:assert/strict';
import { isHalfTypedSpec } from '../../src/core/report/halfTypedSpec';

describe('isHalfTypedSpec', () => {
  it('a version being typed over a readable one is half-typed in every ecosystem', () => {
    assert.equal(isHalfTypedSpec('npm', '1.3.0', '1.3.'), true);
    assert.equal(isHalfTypedSpec('npm', '^4.19.2', '^'), true);
    assert.equal(isHalfTypedSpec('go', 'v1.8.1', 'v'), true);
    assert.equal(isHalfTypedSpec('go', 'v1.8.1', 'v1.8.'), true);
    assert.equal(isHalfTypedSpec('cargo', '1.38', '1.'), true);
    assert.equal(isHalfTypedSpec('pypi', '==2.32.3', '==2.'), true);
    assert.equal(isHalfTypedSpec('maven', '4.13.2', '4.13.'), true);
    assert.equal(isHalfTypedSpec('rubygems', '~> 7.1', '~> '), true);
  });

  it('a readable new requirement is meant, whatever it says', () => {
    assert.equal(isHalfTypedSpec('npm', '1.3.0', '1.3'), false);
    assert.equal(isHalfTypedSpec('go', 'v1.8.1', 'v1.8.0'), false);
    assert.equal(isHalfTypedSpec('cargo', '1.38', '1.3'), false);
    assert.equal(isHalfTypedSpec('maven', '4.13.2', '4.13.1'), false);
  });

  it('what was not readable before (a tag, a URL) is not held either', () => {
    assert.equal(isHalfTypedSpec('npm', 'latest', 'lates'), false);
    assert.equal(isHalfTypedSpec('npm', null, '1.'), false);
    assert.equal(isHalfTypedSpec('npm', '1.0.0', null), false);
  });
});
