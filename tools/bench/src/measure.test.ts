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

  it('with samples 0 only warms up and calibrates; with calls it skips both', () => {
    let calls = 0;
    const fn = () => {
      calls++;
    };
    const w = measure(fn, { warmupMs: 0, sampleMs: 0, samples: 0 });
    expect(w.perCall).toEqual([]);
    expect(calls).toBe(3);
    calls = 0;
    const m = measure(fn, { warmupMs: 1000, sampleMs: 1000, samples: 2, calls: 4 });
    expect(calls).toBe(8);
    expect(m.calls).toBe(4);
    expect(m.perCall).toHaveLength(2);
  });
});
