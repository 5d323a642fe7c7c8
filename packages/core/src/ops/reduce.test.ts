import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, randn, type Tensor, tensor, zeros } from '../index.js';

type Kind = 'sum' | 'mean' | 'max' | 'min' | 'logSumExp';

/** Reference reduction by brute force over every index, in float64. */
function naive(x: Tensor, kind: Kind, axes: number[], keepDims: boolean) {
  const shape = x.shape;
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const n = outShape.reduce((p, d) => p * d, 1);
  const groups: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < x.size; i++) {
    let rest = i;
    const idx = shape.map(() => 0);
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = rest % (shape[d] as number);
      rest = Math.floor(rest / (shape[d] as number));
    }
    const o = idx.reduce(
      (acc, v, d) => acc * (outShape[d] as number) + (axes.includes(d) ? 0 : v),
      0,
    );
    groups[o]?.push(x.data[i] as number);
  }
  const data = groups.map((g) => {
    if (kind === 'sum') return g.reduce((a, b) => a + b, 0);
    if (kind === 'mean') return g.reduce((a, b) => a + b, 0) / g.length;
    if (kind === 'max') return Math.max(...g);
    if (kind === 'min') return Math.min(...g);
    return Math.log(g.reduce((a, b) => a + Math.exp(b), 0));
  });
  return { shape: keepDims ? outShape : shape.filter((_, i) => !axes.includes(i)), data };
}

describe('reductions', () => {
  it('sum / mean / max / min / logSumExp over any axes, with keepDims, match brute force', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 10000 }),
        fc.constantFrom<Kind>('sum', 'mean', 'max', 'min', 'logSumExp'),
        fc.boolean(),
        fc.boolean(),
        (shape, seed, kind, keepDims, all) => {
          const x = randn(shape, { rng: createRng(seed), dtype: 'float64' });
          const r = createRng(seed + 1);
          const axes = all
            ? shape.map((_, i) => i)
            : shape.map((_, i) => i).filter(() => r.random() < 0.5);
          const got = x[kind](all ? undefined : axes, keepDims);
          const ref = naive(x, kind, axes, keepDims);
          expect(got.shape).toEqual(ref.shape);
          ref.data.forEach((v, i) => {
            expect(got.data[i]).toBeCloseTo(v, 10);
          });
        },
      ),
      { seed: 3, numRuns: 150 },
    );
  });

  it('negative axes count from the end', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.sum(-1).toArray()).toEqual([6, 15]);
    expect(x.sum([-2, -1]).item()).toBe(21);
    expect(x.mean(0, true).toArray()).toEqual([[2.5, 3.5, 4.5]]);
    expect(x.max(1).toArray()).toEqual([3, 6]);
    expect(x.min(0).toArray()).toEqual([1, 2, 3]);
    expect(x.sum([]).toArray()).toEqual(x.toArray());
  });

  it('0-d input and empty axes', () => {
    expect(tensor(4).sum().item()).toBe(4);
    expect(tensor(4).sum().shape).toEqual([]);
    expect(zeros([0]).sum().item()).toBe(0);
    expect(Number.isNaN(zeros([0]).mean().item())).toBe(true);
  });

  it('logSumExp is stable for huge and -inf inputs', () => {
    const big = tensor([1000, 1000], { dtype: 'float64' }).logSumExp();
    expect(big.item()).toBeCloseTo(1000 + Math.LN2, 12);
    expect(tensor([1e4, -1e4, 0]).logSumExp().item()).toBe(1e4);
    expect(tensor([-1e4, -1e4], { dtype: 'float64' }).logSumExp().item()).toBeCloseTo(
      -1e4 + Math.LN2,
      9,
    );
    expect(tensor([Number.NEGATIVE_INFINITY, 0]).logSumExp().item()).toBe(0);
    expect(tensor([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]).logSumExp().item()).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(tensor([1e30, 1e30]).logSumExp().item()).toBe(Math.fround(1e30));
    // Gradient at huge inputs is the softmax, finite.
    const x = tensor([1e4, 1e4 - 1, -1e4], { dtype: 'float64', requiresGrad: true });
    x.logSumExp().backward();
    const e = Math.exp(-1);
    const expected = [1 / (1 + e), e / (1 + e), 0];
    Array.from(x.grad?.data ?? []).forEach((g, i) => {
      expect(g).toBeCloseTo(expected[i] as number, 10);
    });
  });

  it('max / min share the gradient evenly among ties', () => {
    const x = tensor([1, 3, 3, 2], { requiresGrad: true });
    x.max().backward();
    expect(x.grad?.toArray()).toEqual([0, 0.5, 0.5, 0]);
    const y = tensor(
      [
        [1, 1],
        [0, 2],
      ],
      { requiresGrad: true },
    );
    y.min(1).sum().backward();
    expect(y.grad?.toArray()).toEqual([
      [0.5, 0.5],
      [1, 0],
    ]);
  });

  it('mean divides the gradient by the count of reduced elements', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );
    x.mean(0).sum().backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual(new Array(6).fill(Math.fround(1 / 3)));
  });
});
