import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, getOp, matmul, randn, ShapeError, type Tensor, tensor } from '../index.js';

/** Naive NumPy-style matmul over nested arrays, in float64: the independent reference. */
function naive(a: Tensor, b: Tensor): { shape: number[]; data: number[] } {
  const A = a.ndim === 1 ? [1, a.shape[0] as number] : a.shape.slice();
  const B = b.ndim === 1 ? [b.shape[0] as number, 1] : b.shape.slice();
  const m = A[A.length - 2] as number;
  const k = A[A.length - 1] as number;
  const n = B[B.length - 1] as number;
  const ab = A.slice(0, -2);
  const bb = B.slice(0, -2);
  const rank = Math.max(ab.length, bb.length);
  const pad = (s: number[]) => [...new Array(rank - s.length).fill(1), ...s];
  const pa = pad(ab);
  const pb = pad(bb);
  const batch = pa.map((d, i) => Math.max(d, pb[i] as number));
  const count = batch.reduce((p, d) => p * d, 1);
  const data: number[] = [];
  for (let t = 0; t < count; t++) {
    // Unravel t over the batch shape, then index each operand with broadcasting.
    let rest = t;
    const idx = batch.map(() => 0);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = rest % (batch[d] as number);
      rest = Math.floor(rest / (batch[d] as number));
    }
    const off = (p: number[]) =>
      idx.reduce((o, v, d) => o * (p[d] as number) + ((p[d] as number) === 1 ? 0 : v), 0);
    const ao = off(pa) * m * k;
    const bo = off(pb) * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++)
          s += (a.data[ao + i * k + p] as number) * (b.data[bo + p * n + j] as number);
        data.push(s);
      }
  }
  const shape = [...batch, m, n];
  if (b.ndim === 1) shape.splice(shape.length - 1, 1);
  if (a.ndim === 1) shape.splice(shape.length - (b.ndim === 1 ? 1 : 2), 1);
  return { shape, data };
}

describe('matmul (NumPy semantics)', () => {
  const rng = createRng(1);
  const r = (s: number[]) => randn(s, { rng, dtype: 'float64' });

  it.each([
    [
      [2, 3],
      [3, 4],
      [2, 4],
    ],
    [[3], [3], []],
    [[3], [3, 4], [4]],
    [[2, 3], [3], [2]],
    [
      [5, 2, 3],
      [3, 4],
      [5, 2, 4],
    ],
    [
      [2, 3],
      [5, 3, 4],
      [5, 2, 4],
    ],
    [[3], [5, 3, 4], [5, 4]],
    [[5, 2, 3], [3], [5, 2]],
    [
      [7, 1, 2, 3],
      [5, 3, 4],
      [7, 5, 2, 4],
    ],
    [
      [9, 5, 7, 4],
      [9, 5, 4, 3],
      [9, 5, 7, 3],
    ], // numpy.matmul docs example
    [
      [1, 2, 3],
      [4, 3, 2],
      [4, 2, 2],
    ],
  ])('%j @ %j -> %j, values as a naive loop', (sa, sb, out) => {
    const a = r(sa);
    const b = r(sb);
    const c = matmul(a, b);
    const ref = naive(a, b);
    expect(c.shape).toEqual(out);
    expect(ref.shape).toEqual(out);
    const got = Array.from(c.data);
    ref.data.forEach((v, i) => {
      expect(got[i]).toBeCloseTo(v, 12);
    });
  });

  it('matches the naive reference on random batch-broadcast shapes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (batch, ones, m, k, n, seed) => {
          const g = createRng(seed);
          const ba = batch.map((d, i) => (ones[i % 2] ? 1 : d));
          const bb = batch.map((d, i) => (ones[(i + 1) % 2] ? 1 : d)).slice(ones[0] ? 1 : 0);
          const a = randn([...ba, m, k], { rng: g, dtype: 'float64' });
          const b = randn([...bb, k, n], { rng: g, dtype: 'float64' });
          const c = matmul(a, b);
          const ref = naive(a, b);
          expect(c.shape).toEqual(ref.shape);
          ref.data.forEach((v, i) => {
            expect(c.data[i]).toBeCloseTo(v, 12);
          });
        },
      ),
      { seed: 7, numRuns: 60 },
    );
  });

  it('transA / transB read an operand transposed', () => {
    const a = r([2, 3, 4]);
    const b = r([2, 5, 3]);
    const viaOptions = matmul(a, b, { transA: true, transB: true });
    const explicit = matmul(a.mT(), b.mT());
    expect(viaOptions.shape).toEqual([2, 4, 5]);
    Array.from(explicit.data).forEach((v, i) => {
      expect(viaOptions.data[i]).toBeCloseTo(v, 12);
    });
    expect(() => matmul(a, b, { transA: true })).toThrow(
      'matmul: inner dimensions differ: [2,3,4]ᵀ @ [2,5,3]',
    );
  });

  it('method form, float32 exactness on small integers, and macs', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([
      [5, 6],
      [7, 8],
    ]);
    expect(a.matmul(b).toArray()).toEqual([
      [19, 22],
      [43, 50],
    ]);
    const c = a.matmul(b);
    expect(getOp('matmul').macs?.([a, b], c, { transA: false, transB: false })).toBe(8);
  });

  it('gradients of the vector cases have the operand shapes', () => {
    const v = tensor([1, 2], { requiresGrad: true });
    const M = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    v.matmul(M).sum().backward();
    expect(v.grad?.toArray()).toEqual([6, 15]);
    expect(M.grad?.toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
  });

  it('rejects 0-d operands and mismatched shapes with ShapeError', () => {
    expect(() => matmul(tensor(2), tensor([1]))).toThrow(ShapeError);
    expect(() => matmul(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(ShapeError);
  });
});

describe('matmul options with vector operands', () => {
  it('transA / transB are ignored for 1-D operands (a vector has no transpose)', () => {
    const v = tensor([1, 2]);
    const M = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(matmul(v, M, { transA: true }).toArray()).toEqual([7, 10]);
    expect(matmul(M, v, { transB: true }).toArray()).toEqual([5, 11]);
    expect(matmul(v, M, { transB: true }).toArray()).toEqual([5, 11]);
  });
});
