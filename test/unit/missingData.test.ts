import * as assert from 'node:assert/strict';
import { missingDataSummary, missingDataSummaryText } from '../../src/core/report/missingData';

describe('the missing-data summary', () => {
  it('says, in one sentence, for how many dependencies of which ecosystems data is missing, and what fixes it', () => {
    const lines = missingDataSummary([{ ecosystem: 'npm' }, { ecosystem: 'npm' }, { ecosystem: 'go' }], 'not-allowed');
    assert.equal(missingDataSummaryText(lines), 'No license data for 2 npm and 1 Go dependencies. To fix: allow registry lookups.');
    assert.equal(missingDataSummaryText(missingDataSummary([{ ecosystem: 'cargo' }], 'looked-up')), 'No license data for 1 Rust dependency. To fix: run cargo fetch.');
    assert.equal(missingDataSummaryText([]), undefined);
  });
});
