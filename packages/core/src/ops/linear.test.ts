import { describe, expect, it } from 'vitest';
import { createRng, linear, randn, ShapeError, type Tensor, tensor, zeros } from '../index.js';
import { thrown } from '../thrown.testutil.js';

describe('linear', () => {
  it('equals x @ wᵀ + b in value and gradients, for 1-D, 2-D and 3-D inputs', () => {
    for (const lead of [[], [5], [2, 3]]) {
      const x = randn([...lead, 4], { dtype: 'float64', rng: createRng(1), requiresGrad: true });
      const w = randn([3, 4], { dtype: 'float64', rng: createRng(2), requiresGrad: true });
      const b = randn([3], { dtype: 'float64', rng: createRng(3), requiresGrad: true });
      const y = linear(x, w, b);
      expect(y.shape).toEqual([...lead, 3]);
      y.square().sum().backward();
      const grads = [x, w, b].map((t) => t.grad as Tensor);
      for (const t of [x, w, b]) t.grad = null;
      const want = x.matmul(w, { transB: true }).add(b);
      expect(y.toArray()).toEqual(want.toArray());
      want.square().sum().backward();
      // Same products; the batched matmul of the reference sums the weight gradient per batch.
      grads.forEach((g, i) => {
        const r = [x, w, b][i]?.grad as Tensor;
        expect(g.shape).toEqual(r.shape);
        g.data.forEach((v, j) => {
          expect(v).toBeCloseTo(r.data[j] as number, 12);
        });
      });
    }
  });

  it('is one recorded node, and without a bias is a matmul with transB', () => {
    const x = randn([2, 4], { rng: createRng(1) });
    const w = randn([3, 4], { rng: createRng(2), requiresGrad: true });
    const b = zeros([3], { requiresGrad: true });
    expect(linear(x, w, b).node?.op.name).toBe('linear');
    const y = linear(x, w);
    expect(y.node?.op.name).toBe('matmul');
    expect(y.toArray()).toEqual(x.matmul(w, { transB: true }).toArray());
  });

  it('skips gradients nobody needs', () => {
    const x = randn([2, 4], { rng: createRng(1) });
    const w = randn([3, 4], { rng: createRng(2) });
    const b = zeros([3], { requiresGrad: true });
    linear(x, w, b).sum().backward();
    expect(b.grad?.toArray()).toEqual([2, 2, 2]);
    expect(x.grad).toBeNull();
    expect(w.grad).toBeNull();
  });

  it('names the shapes it expected and got', () => {
    const w = zeros([3, 4]);
    expect(thrown(() => linear(zeros([2, 5]), w, zeros([3])))).toMatchObject({
      constructor: ShapeError,
      message:
        'linear: expected input [..., in] and weight [out, in], got input [2,5] and weight [3,4]',
    });
    expect(thrown(() => linear(zeros([2, 4]), w, zeros([4])))).toMatchObject({
      constructor: ShapeError,
      message: 'linear: expected bias [3] for weight [3,4], got [4]',
    });
    expect(thrown(() => linear(zeros([2, 4]), zeros([4])))).toBeInstanceOf(ShapeError);
    expect(thrown(() => linear(tensor(1), w))).toBeInstanceOf(ShapeError);
  });
});
