import { performance } from 'node:perf_hooks';

/**
 * Times each candidate in interleaved rounds (so machine noise hits all of them alike) and
 * returns the median time per call in milliseconds. Each round runs enough calls to last
 * about `roundMs`, calibrated once per candidate.
 */
export function compare(candidates, { rounds = 15, roundMs = 40 } = {}) {
  const calibrated = candidates.map((candidate) => ({ ...candidate, calls: calibrate(candidate.run, roundMs) }));
  const samples = calibrated.map(() => []);
  for (let round = 0; round < rounds; round++) {
    calibrated.forEach((candidate, index) => {
      const started = performance.now();
      for (let call = 0; call < candidate.calls; call++) {
        candidate.run();
      }
      samples[index].push((performance.now() - started) / candidate.calls);
    });
  }
  return calibrated.map((candidate, index) => ({ name: candidate.name, medianMs: median(samples[index]) }));
}

function calibrate(run, roundMs) {
  for (let i = 0; i < 20; i++) {
    run();
  }
  let calls = 1;
  for (;;) {
    const started = performance.now();
    for (let call = 0; call < calls; call++) {
      run();
    }
    const elapsed = performance.now() - started;
    if (elapsed >= roundMs / 4 || calls >= 1 << 20) {
      return Math.max(1, Math.round((calls * roundMs) / Math.max(elapsed, 0.001)));
    }
    calls *= 2;
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function formatMs(ms) {
  return ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}
