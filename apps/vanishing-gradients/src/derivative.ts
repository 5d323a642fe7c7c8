/** Elementwise derivatives of activations through gradscope's own backward rules. */
import { linspace, type Tensor, zerosLike } from '@gradscope/core';

/** An elementwise activation on tensors. */
export type ApplyFn = (x: Tensor) => Tensor;

/**
 * φ'(x) elementwise, as the gradient of Σ φ(x) with respect to x, so it follows the op's own
 * convention at kinks (ReLU'(0) = 0). An activation whose output carries no graph (step built
 * from a comparison) has derivative 0 everywhere.
 */
export function derivative(apply: ApplyFn, x: Tensor): Tensor {
  const leaf = x.detach().setRequiresGrad();
  const y = apply(leaf);
  if (!y.requiresGrad) return zerosLike(leaf);
  y.sum().backward();
  return leaf.grad ?? zerosLike(leaf);
}

/** max |φ'(x)| on a grid of 4001 points over [-10, 10] (float64). */
export function peakDerivative(apply: ApplyFn): number {
  const d = derivative(apply, linspace(-10, 10, 4001, { dtype: 'float64' })).data;
  let m = 0;
  for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(d[i] as number));
  return m;
}
