/**
 * How long synchronous work may hold the event loop before it lets the rest run, in
 * milliseconds. In the editor the rest is the next keystroke's marks: reading a lockfile of
 * 60,000 packages takes seconds, and must not make typing wait for it.
 */
export const SLICE_MS = 4;

/** Resolves in a later turn of the event loop, once pending I/O and timers have had theirs. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The clock of a long synchronous loop. A loop asks `isDue` on each item (a clock read, no
 * promise) and awaits `takeTurn` only when its slice is used up, so a small input runs in one go.
 */
export interface Pace {
  until: number;
}

export function startPace(): Pace {
  return { until: performance.now() + SLICE_MS };
}

export function isDue(pace: Pace): boolean {
  return performance.now() >= pace.until;
}

export async function takeTurn(pace: Pace): Promise<void> {
  await nextTurn();
  pace.until = performance.now() + SLICE_MS;
}

/** Items sorted at once by `sortInTurns`: a few milliseconds of comparisons. */
const SORTED_RUN = 2048;

/**
 * `items` sorted in place by `compare`, stably like `Array.prototype.sort`, with a turn of the
 * event loop whenever the slice is used up: runs are sorted at once, then merged pairwise (one
 * sort of 60,000 packages by name holds the event loop for 40 ms).
 */
export async function sortInTurns<T>(items: T[], compare: (a: T, b: T) => number, pace: Pace): Promise<T[]> {
  if (items.length <= SORTED_RUN) {
    return items.sort(compare);
  }
  for (let start = 0; start < items.length; start += SORTED_RUN) {
    const run = items.slice(start, start + SORTED_RUN).sort(compare);
    for (let index = 0; index < run.length; index++) {
      items[start + index] = run[index];
    }
    if (isDue(pace)) {
      await takeTurn(pace);
    }
  }
  let from = items;
  let to = new Array<T>(items.length);
  for (let width = SORTED_RUN; width < items.length; width *= 2) {
    for (let start = 0; start < items.length; start += 2 * width) {
      const middle = Math.min(start + width, items.length);
      const end = Math.min(start + 2 * width, items.length);
      let left = start;
      let right = middle;
      let out = start;
      while (left < middle && right < end) {
        // The left item first unless the right one is strictly smaller: equal items keep their order.
        to[out++] = compare(from[right], from[left]) < 0 ? from[right++] : from[left++];
        if ((out & 1023) === 0 && isDue(pace)) {
          await takeTurn(pace);
        }
      }
      while (left < middle) {
        to[out++] = from[left++];
      }
      while (right < end) {
        to[out++] = from[right++];
      }
    }
    [from, to] = [to, from];
  }
  if (from !== items) {
    for (let index = 0; index < from.length; index++) {
      items[index] = from[index];
    }
  }
  return items;
}
