import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDue, SLICE_MS, sortInTurns, startPace, takeTurn } from '../../src/core/data/turns';

describe('turns of the event loop', () => {
  it('a paced loop lets a timer run while it works, and takes no turn before its slice is used up', async () => {
    const pace = startPace();
    assert.equal(isDue(pace), false);
    let timerRan = false;
    setImmediate(() => (timerRan = true));
    const until = performance.now() + 10 * SLICE_MS;
    let turns = 0;
    while (performance.now() < until) {
      if (isDue(pace)) {
        await takeTurn(pace);
        turns++;
      }
    }
    assert.ok(timerRan, 'the event loop never ran during the loop');
    assert.ok(turns >= 5 && turns <= 11, `${turns} turns in ${10 * SLICE_MS} ms of work`);
  });

  describe('sortInTurns', () => {
    const byKey = (a: readonly [number, number], b: readonly [number, number]): number => a[0] - b[0];

    it('sorts like Array.prototype.sort, stably, below and above one run', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 9000 }), async (keys) => {
          const items = keys.map((key, index) => [key, index] as const);
          const expected = [...items].sort(byKey);
          const sorted = await sortInTurns([...items], byKey, startPace());
          assert.deepEqual(sorted, expected);
        }),
        { numRuns: 40 },
      );
    });

    it('sorts in place and takes turns on a long list', async () => {
      const items = Array.from({ length: 200_000 }, (_, index) => [(index * 7919) % 1000, index] as const);
      let turns = 0;
      const counting = setInterval(() => turns++, 0);
      const pace = startPace();
      const sorted = await sortInTurns(items, byKey, pace);
      clearInterval(counting);
      assert.equal(sorted, items);
      assert.deepEqual(items.slice(0, 3), [
        [0, 0],
        [0, 1000],
        [0, 2000],
      ]);
      assert.ok(turns > 0, 'the event loop never ran during the sort');
    });
  });
});
