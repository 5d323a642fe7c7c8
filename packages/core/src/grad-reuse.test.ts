/**
 * Gradient arrays reused across steps (`Tensor.zeroGrad` with `borrowGrad`, `dtype.ts`
 * `recycle`): a gradient only borrowed gives its array to the next backward; a gradient anybody
 * may hold (read through `.grad`, seen by a hook, part of a graph) keeps its values for good.
 * Every gradient is checked against the same computation on fresh tensors.
 */
import { describe, expect, it } from 'vitest';
import {
  borrowGrad,
  createRng,
  gradients,
  randn,
  type Tensor,
  zeroGrad,
  zerosLike,
} from './index.js';

// [16, 64] float32 is 4 KiB + 1: above the slab size, so its arrays can be reused.
const ROWS = 17;
const COLS = 64;
const W_SHAPE = [ROWS, COLS];

function setup(seed = 3) {
  const rng = createRng(seed);
  return {
    w: randn(W_SHAPE, { rng, requiresGrad: true }),
    xs: [0, 1, 2, 3].map(() => randn([5, 17], { rng })),
  };
}

/** loss(x) = sum(exp(x @ w / 10)) */
const loss = (x: Tensor, w: Tensor) => x.matmul(w).mul(0.1).exp().sum();

/** The gradient of loss(x) at w's current values, on a fresh leaf (no reuse involved). */
function expected(x: Tensor, w: Tensor): number[] {
  const fresh = w.detach().clone().setRequiresGrad(true);
  const [g] = gradients(loss(x, fresh), fresh);
  return Array.from((g as Tensor).data);
}

describe('gradient arrays reused across steps', () => {
  it('a borrowed gradient gives its array to the next backward after zeroGrad, with correct values', () => {
    const { w, xs } = setup();
    loss(xs[0] as Tensor, w).backward();
    const first = (borrowGrad(w) as Tensor).data;
    zeroGrad(w);
    loss(xs[1] as Tensor, w).backward();
    const second = borrowGrad(w) as Tensor;
    expect(second.data).toBe(first);
    expect(Array.from(second.data)).toEqual(expected(xs[1] as Tensor, w));
  });

  it('a gradient read through .grad keeps its values: its array is never reused', () => {
    const { w, xs } = setup();
    loss(xs[0] as Tensor, w).backward();
    const kept = w.grad as Tensor;
    const snapshot = Array.from(kept.data);
    zeroGrad(w);
    loss(xs[1] as Tensor, w).backward();
    loss(xs[2] as Tensor, w).backward(); // accumulates: the sum is a new array
    expect(Array.from(kept.data)).toEqual(snapshot);
    expect(borrowGrad(w)?.data).not.toBe(kept.data);
  });

  it('a gradient a hook saw keeps its values', () => {
    const { w, xs } = setup();
    const seen: Tensor[] = [];
    w.registerHook((g) => {
      seen.push(g);
    });
    loss(xs[0] as Tensor, w).backward();
    const snapshot = Array.from((seen[0] as Tensor).data);
    zeroGrad(w);
    loss(xs[1] as Tensor, w).backward();
    expect(Array.from((seen[0] as Tensor).data)).toEqual(snapshot);
    expect(Array.from((borrowGrad(w) as Tensor).data)).toEqual(expected(xs[1] as Tensor, w));
  });

  it('accumulated gradients stay correct when the old sum is reused', () => {
    const { w, xs } = setup();
    for (const x of xs) loss(x, w).backward();
    const want = xs
      .map((x) => expected(x, w))
      .reduce((a, b) => a.map((v, i) => Math.fround(v + (b[i] as number))));
    expect(Array.from((borrowGrad(w) as Tensor).data)).toEqual(want);
    zeroGrad(w);
    // A reused array comes back zero-filled.
    const z = zerosLike(w);
    expect(z.data.every((v) => v === 0)).toBe(true);
  });

  it('a gradient with a graph (createGraph) is never reused: higher-order gradients stay right', () => {
    const { w, xs } = setup();
    const x = xs[0] as Tensor;
    x.matmul(w).square().sum().backward(null, { createGraph: true });
    const g1 = borrowGrad(w) as Tensor;
    const before = Array.from(g1.data);
    zeroGrad(w);
    loss(xs[1] as Tensor, w).backward();
    expect(Array.from(g1.data)).toEqual(before);
    // d/dw of sum(g1) where g1 = 2 xᵀ(x w): 2 xᵀ x 1 — recomputed from the kept graph.
    zeroGrad(w);
    g1.sum().backward();
    const xtx = x.transpose().matmul(x).mul(2).sum(1).data;
    const got = (borrowGrad(w) as Tensor).data;
    for (let i = 0; i < ROWS; i++)
      for (let j = 0; j < COLS; j++) expect(got[i * COLS + j]).toBeCloseTo(xtx[i] as number, 3);
  });
});
