/**
 * Gradient hooks and retained gradients (issue 4): checked against finite differences in
 * float64 and against each other.
 */
import { describe, expect, test } from 'vitest';
import { tensor } from './create.js';
import type { Tensor } from './tensor.js';

const f64 = (v: number[]) => tensor(v, { dtype: 'float64', requiresGrad: true });
const arr = (t: Tensor | null) => Array.from((t as Tensor).data);

/** loss(x) = Σ (exp(x) · w)², w fixed; h = exp(x) · w is the intermediate we hook. */
const W = [0.5, -1.5, 2];
function forward(x: Tensor) {
  const h = x.exp().mul(tensor(W, { dtype: 'float64' }));
  return { h, loss: h.square().sum() };
}
const lossAt = (xs: number[]) =>
  xs.reduce((s, x, i) => s + (Math.exp(x) * (W[i] as number)) ** 2, 0);

/** Central differences of lossAt at xs. */
function numericGrad(xs: number[]): number[] {
  const eps = 1e-6;
  return xs.map((_, i) => {
    const p = xs.slice();
    const m = xs.slice();
    p[i] = (p[i] as number) + eps;
    m[i] = (m[i] as number) - eps;
    return (lossAt(p) - lossAt(m)) / (2 * eps);
  });
}

const X0 = [0.1, -0.3, 0.7];

describe('gradient hooks', () => {
  test('the gradient is right to begin with (finite differences)', () => {
    const x = f64(X0);
    forward(x).loss.backward();
    const fd = numericGrad(X0);
    arr(x.grad).forEach((g, i) => {
      expect(g).toBeCloseTo(fd[i] as number, 6);
    });
  });

  test('a hook on a non-leaf sees exactly the gradient retainGrad stores (dL/dh = 2h)', () => {
    const x = f64(X0);
    const { h, loss } = forward(x);
    h.retainGrad();
    const seen: number[][] = [];
    h.registerHook((g) => {
      seen.push(Array.from(g.data));
    });
    loss.backward();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(arr(h.grad));
    expect(arr(h.grad)).toEqual(Array.from(h.data, (v) => 2 * v));
  });

  test('a hook on a leaf sees the gradient that lands in .grad', () => {
    const x = f64(X0);
    let seen: number[] = [];
    x.registerHook((g) => {
      seen = Array.from(g.data);
    });
    forward(x).loss.backward();
    expect(seen).toEqual(arr(x.grad));
  });

  test('a hook that doubles its gradient doubles the leaf gradient (on a non-leaf and on a leaf)', () => {
    const base = f64(X0);
    forward(base).loss.backward();
    const expected = arr(base.grad).map((g) => 2 * g);

    const x1 = f64(X0);
    const r1 = forward(x1);
    r1.h.registerHook((g) => g.mul(2));
    r1.loss.backward();
    expect(arr(x1.grad)).toEqual(expected);

    const x2 = f64(X0);
    x2.registerHook((g) => g.mul(2));
    forward(x2).loss.backward();
    expect(arr(x2.grad)).toEqual(expected);
  });

  test('retainGrad stores the gradient after the hooks ran (as PyTorch)', () => {
    const x = f64(X0);
    const { h, loss } = forward(x);
    h.retainGrad();
    h.registerHook((g) => g.mul(3));
    loss.backward();
    expect(arr(h.grad)).toEqual(Array.from(h.data, (v) => 3 * (2 * v)));
  });

  test('removing a hook stops it', () => {
    const x = f64(X0);
    let calls = 0;
    const handle = x.registerHook((g) => {
      calls++;
      return g.mul(2);
    });
    forward(x).loss.backward();
    expect(calls).toBe(1);
    const doubled = arr(x.grad);
    handle.remove();
    x.grad = null;
    forward(x).loss.backward();
    expect(calls).toBe(1);
    expect(arr(x.grad)).toEqual(doubled.map((g) => g / 2));
  });

  test('a tensor read twice gets one hook call with the summed gradient', () => {
    const x = f64([1, 2]);
    const h = x.mul(3);
    const seen: number[][] = [];
    h.registerHook((g) => {
      seen.push(Array.from(g.data));
    });
    h.add(h.mul(4)).sum().backward();
    expect(seen).toEqual([[5, 5]]);
    expect(arr(x.grad)).toEqual([15, 15]);
  });
});
