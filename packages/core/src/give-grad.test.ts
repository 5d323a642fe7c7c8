/**
 * `giveGrad(t, g)`: a gradient handed over by its maker (a sum over several passes, say) is
 * reused after `zeroGrad()` like one `backward()` made, unless somebody read it through `.grad`
 * or it belongs to a graph; and bad arguments are refused before anything is set.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  borrowGrad,
  createRng,
  DTypeError,
  giveGrad,
  gradients,
  randn,
  ShapeError,
  type Tensor,
  tensor,
  zeroGrad,
} from './index.js';

// [17, 64] float32 is above the 4 KiB slab size, so its arrays can be reused whole.
const SHAPE = [17, 64];
const loss = (x: Tensor, w: Tensor) => x.matmul(w).mul(0.1).exp().sum();

function setup() {
  const w = randn(SHAPE, { requiresGrad: true, rng: createRng(5) });
  const x = randn([5, 17], { rng: createRng(6) });
  const given = tensor(randn(SHAPE, { rng: createRng(7) }).data); // a copy: nobody else holds its array
  return { w, x, given: given.reshape(SHAPE) };
}

describe('giveGrad', () => {
  it('a given gradient that nobody read serves the next backward after zeroGrad', () => {
    const { w, x, given } = setup();
    giveGrad(w, given);
    expect(borrowGrad(w)).toBe(given);
    zeroGrad(w);
    loss(x, w).backward();
    const g = borrowGrad(w) as Tensor;
    expect(g.data).toBe(given.data);
    const fresh = w.detach().clone().setRequiresGrad(true);
    const [want] = gradients(loss(x, fresh), fresh);
    expect(Array.from(g.data)).toEqual(Array.from((want as Tensor).data));
  });

  /** After zeroGrad and the next backward, `kept` still has its values and w a new array. */
  function expectKept(w: Tensor, x: Tensor, kept: Tensor): void {
    const snapshot = Array.from(kept.data);
    zeroGrad(w);
    loss(x, w).backward();
    expect(borrowGrad(w)?.data).not.toBe(kept.data);
    expect(Array.from(kept.data)).toEqual(snapshot);
  }

  it('a given gradient read through .grad keeps its values', () => {
    const { w, x, given } = setup();
    giveGrad(w, given);
    expectKept(w, x, w.grad as Tensor);
  });

  it('a given gradient that requires a gradient (part of a graph) is never reused', () => {
    const { w, x } = setup();
    const g = randn(SHAPE, { requiresGrad: true, rng: createRng(8) });
    giveGrad(w, g);
    expectKept(w, x, g);
  });

  it('null clears the gradient', () => {
    const { w, given } = setup();
    giveGrad(w, given);
    giveGrad(w, null);
    expect(w.grad).toBeNull();
  });

  it('refuses what is not a tensor, another shape or dtype, and the tensor’s own memory', () => {
    const { w, given } = setup();
    expect(() => giveGrad([1, 2] as never, given)).toThrow(ArgumentError);
    expect(() => giveGrad([1, 2] as never, given)).toThrow(/expected a Tensor, got/);
    expect(() => giveGrad(w, [1, 2] as never)).toThrow(/gradient as a Tensor or null/);
    expect(() => giveGrad(w, randn([64, 17], { rng: createRng(9) }))).toThrow(ShapeError);
    expect(() => giveGrad(w, randn([64, 17], { rng: createRng(9) }))).toThrow(
      'giveGrad: expected a gradient of shape [17,64], got [64,17]',
    );
    expect(() => giveGrad(w, randn(SHAPE, { dtype: 'float64', rng: createRng(9) }))).toThrow(
      DTypeError,
    );
    expect(() => giveGrad(w, randn(SHAPE, { dtype: 'float64', rng: createRng(9) }))).toThrow(
      'giveGrad: expected a float32 gradient, got float64',
    );
    expect(() => giveGrad(w, w.detach())).toThrow(/shares the tensor's memory/);
    // Small tensors are views on shared buffers: another array on w's buffer is fine.
    const a = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    const b = tensor([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(b.data.buffer).toBe(a.data.buffer);
    giveGrad(a, b);
    expect(borrowGrad(a)).toBe(b);
    // Nothing was set by the refused calls.
    expect(borrowGrad(w)).toBeNull();
    expect(() => giveGrad(a, a.reshape([17]))).toThrow(/shares the tensor's memory/);
  });
});
