import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, randn, tensor } from '../index.js';

describe('softmax / logSoftmax', () => {
  it('matches published values: softmax([1, 2, 3])', () => {
    const s = tensor([1, 2, 3], { dtype: 'float64' }).softmax();
    [0.09003057317038046, 0.24472847105479767, 0.6652409557748219].forEach((v, i) => {
      expect(s.data[i]).toBeCloseTo(v, 14);
    });
  });

  it('is stable at ±1e4 (no NaN), float32 and float64, forward and backward', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = tensor([1e4, -1e4, 0], { dtype, requiresGrad: true });
      expect(x.softmax().toArray()).toEqual([1, 0, 0]);
      expect(x.logSoftmax().toArray()).toEqual([0, -2e4, -1e4]);
      x.softmax()
        .mul(tensor([1, 2, 3], { dtype }))
        .sum()
        .backward();
      x.logSoftmax().sum().backward();
      for (const g of x.grad?.data ?? []) expect(Number.isFinite(g)).toBe(true);
      const neg = tensor([-1e4, -1e4], { dtype }).softmax();
      expect(neg.toArray()).toEqual([0.5, 0.5]);
    }
  });

  it('rows sum to one; logSoftmax = log(softmax); along any axis (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 10000 }),
        fc.nat(),
        (shape, seed, a) => {
          const axis = a % shape.length;
          const x = randn(shape, { rng: createRng(seed), dtype: 'float64', std: 3 });
          const s = x.softmax(axis);
          const sums = s.sum(axis);
          for (const v of sums.data) expect(v).toBeCloseTo(1, 12);
          const ls = x.logSoftmax(axis);
          const logs = s.log();
          Array.from(ls.data).forEach((v, i) => {
            expect(v).toBeCloseTo(logs.data[i] as number, 10);
          });
          // Shift invariance.
          const shifted = x.add(100).softmax(axis);
          Array.from(s.data).forEach((v, i) => {
            expect(shifted.data[i]).toBeCloseTo(v, 10);
          });
        },
      ),
      { seed: 5, numRuns: 80 },
    );
  });

  it('a 0-d input is an axis error', () => {
    expect(() => tensor(1).softmax()).toThrow(/softmax: axis -1 is out of range/);
  });
});
