import * as assert from 'node:assert/strict';
import { readActionInputs } from '../../src/action/actionInputs';
import { escapeCommandData, escapeCommandProperty } from '../../src/action/workflowCommands';

describe('GitHub workflow commands', () => {
  it('escape data as the runner unescapes it: %, CR and LF', () => {
    assert.equal(escapeCommandData('50% off\r\n::set-output name=x::y'), '50%25 off%0D%0A::set-output name=x::y');
  });

  it('escape properties also at the : and , that separate them', () => {
    assert.equal(escapeCommandProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
  });
});

describe('the action inputs', () => {
  it('read INPUT_ variables with hyphens kept, paths split on spaces and lines', () => {
    const inputs = readActionInputs({ INPUT_PATH: ' web\napi  tools ', 'INPUT_FAIL-ON': 'review', 'INPUT_PUBLIC-KEY': 'k', INPUT_POLICY: 'https://h/f.json', INPUT_TRANSITIVE: 'True', INPUT_OFFLINE: 'false', 'INPUT_SARIF-FILE': 'out/x.sarif' });
    assert.deepEqual(inputs, { paths: ['web', 'api', 'tools'], policy: 'https://h/f.json', publicKey: 'k', failOn: 'review', transitive: true, offline: false, sarifFile: 'out/x.sarif' });
  });

  it('default what a workflow run outside action.yml leaves out', () => {
    assert.deepEqual(readActionInputs({}), { paths: [], failOn: 'deny', transitive: false, offline: false, sarifFile: 'ospo-guide.sarif' });
  });

  it('refuse values they do not understand', () => {
    assert.throws(() => readActionInputs({ INPUT_OFFLINE: 'yes' }), /offline must be true or false, not 'yes'/);
    assert.throws(() => readActionInputs({ 'INPUT_FAIL-ON': 'warn' }), /fail-on must be one of deny, review, never/);
    assert.throws(() => readActionInputs({ 'INPUT_SARIF-FILE': 'a\nb' }), /one line/);
  });
});
