import * as assert from 'node:assert/strict';
import { releaseDay } from '../../src/core/data/registry/releaseDay';

describe('releaseDay', () => {
  it('reads the UTC day of the timestamps registries write', () => {
    assert.equal(releaseDay('2015-03-24T00:12:24.039Z'), '2015-03-24', 'npm, documented');
    assert.equal(releaseDay('2026-09-02T13:41:38.191000+00:00'), '2026-09-02', 'npm as served here: microseconds and an offset');
    assert.equal(releaseDay('2022-12-21T14:57:32.917187Z'), '2022-12-21', 'PEP 700 upload-time');
    assert.equal(releaseDay('2024-03-01T23:30:00-02:00'), '2024-03-02', 'an offset west of UTC moves the day on');
    assert.equal(releaseDay('2024-01-01T01:00:00+0500'), '2023-12-31', 'and east of it, back');
    assert.equal(releaseDay('2020-01-02 10:00:00'), '2020-01-02', 'composer.json `time` without a zone is UTC');
    assert.equal(releaseDay('2020-01-02'), '2020-01-02');
    assert.equal(releaseDay('2024-02-29T12:00:00Z'), '2024-02-29');
  });

  it('refuses what is no timestamp, or no real date', () => {
    for (const value of ['2024-02-30T00:00:00Z', '2023-13-01', '2023-01-01T24:00:00Z', 'yesterday', '', '2023-01-01T00:00:00Z junk', `2023-01-01T00:00:00.${'1'.repeat(40)}Z`, 1_700_000_000_000, null, undefined]) {
      assert.equal(releaseDay(value), undefined, String(value));
    }
  });
});
