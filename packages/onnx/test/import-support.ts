/** Compares a model with its import: outputs, input gradients and parameter gradients by name. */
import { enableGrad, type Tensor, zerosLike } from '@gradscope/core';
import type { Module } from '@gradscope/trainer';
import { expect } from 'vitest';

/** Largest |a − b| / (1 + |b|) over two equally shaped tensors. */
export function worstError(a: Tensor, b: Tensor): number {
  expect([...a.shape]).toEqual([...b.shape]);
  let worst = 0;
  for (let i = 0; i < b.size; i++) {
    const e =
      Math.abs((a.data[i] as number) - (b.data[i] as number)) / (1 + Math.abs(b.data[i] as number));
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

/** Output, input gradient and parameter gradients of `model` at `x` for the loss Σ y·w. */
export function forwardBackward(
  model: Module,
  x: Tensor,
  w: (y: Tensor) => Tensor,
): { y: Tensor; dx: Tensor; grads: Map<string, Tensor> } {
  model.zeroGrad();
  const xi = x.detach().setRequiresGrad(true);
  const y = enableGrad(() => model.call(xi));
  enableGrad(() => y.mul(w(y)).sum()).backward();
  const grads = new Map<string, Tensor>();
  // No gradient at all (a path through step's Cast) is a gradient of zeros.
  for (const [n, p] of model.namedParameters()) grads.set(n, p.grad ?? zerosLike(p));
  return { y: y.detach(), dx: xi.grad ?? zerosLike(xi), grads };
}

/** Expects `b` (an import) to compute what `a` computes, with the same gradients. */
export function expectSameModel(
  a: Module,
  b: Module,
  x: Tensor,
  w: (y: Tensor) => Tensor,
  tol = { output: 1e-5, grad: 1e-4 },
): void {
  const ra = forwardBackward(a, x, w);
  const rb = forwardBackward(b, x, w);
  expect(worstError(rb.y, ra.y)).toBeLessThanOrEqual(tol.output);
  expect(worstError(rb.dx, ra.dx)).toBeLessThanOrEqual(tol.grad);
  expect([...rb.grads.keys()].sort()).toEqual([...ra.grads.keys()].sort());
  for (const [n, g] of ra.grads) {
    const e = worstError(rb.grads.get(n) as Tensor, g);
    expect(e, `gradient of ${n}`).toBeLessThanOrEqual(tol.grad);
  }
}
