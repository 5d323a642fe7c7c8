import { describe, expect, it } from 'vitest';
import { measure, median } from './measure.js';

describe('median', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});

describe('measure', () => {
  it('calls the function for warm-up and every sample, and reports sorted per-call times', () => {
    let calls = 0;
    const m = measure(
      () => {
        calls++;
      },
      { warmupMs: 0, sampleMs: 0, samples: 5 },
    );
    expect(m.perCall).toHaveLength(5);
    expect([...m.perCall].sort((a, b) => a - b)).toEqual(m.perCall);
    // >= 2 warm-up calls, 1 calibration call, then 5 samples of `calls` calls each.
    expect(calls).toBeGreaterThanOrEqual(3 + 5 * m.calls);
    expect(m.median).toBe(median(m.perCall));
  });
});
