/**
 * Backward rules for user-defined activations that give only a forward function. Because an
 * activation is elementwise, its vector–Jacobian product is `g * f'(x)`, and f' is itself an
 * elementwise op whose backward is `g * f''(x)`, and so on: each derivative op computes its
 * values by autograd of the user's forward on a detached copy, so gradients of any order work
 * and the graph shows one node per activation.
 */
import {
  type Attrs,
  defineOp,
  enableGrad,
  gradients,
  type OpFn,
  type Tensor,
  zerosLike,
} from '@gradscope/core';
import type { ActivationParams } from './params.js';

/** A user's elementwise forward function, written with differentiable tensor ops. */
export type ForwardFn = (x: Tensor, params: ActivationParams) => Tensor;

/** The k-th derivative f^(k)(x) of an elementwise `f`, by nested autograd. */
export function nthDerivative(
  f: ForwardFn,
  x: Tensor,
  params: ActivationParams,
  k: number,
): Tensor {
  return enableGrad(() => {
    const xd = x.detach().setRequiresGrad(true);
    let y = f(xd, params);
    for (let i = 0; i < k; i++) {
      if (!y.requiresGrad) return zerosLike(x);
      const [d] = gradients(y.sum(), xd, { createGraph: i < k - 1, materialize: true });
      y = d as Tensor;
    }
    return y.detach();
  });
}

/**
 * The ops `name.d1`, `name.d2`, ... computing the derivatives of `f` (defined on first use), each
 * with the next one as its backward: `derivative(k)` is the op for f^(k).
 */
export function derivativeOps(name: string, f: ForwardFn): (k: number) => OpFn<Attrs> {
  const cache = new Map<number, OpFn<Attrs>>();
  const derivative = (k: number): OpFn<Attrs> => {
    const hit = cache.get(k);
    if (hit) return hit;
    const op = defineOp<Attrs>(
      {
        name: `${name}.d${k}`,
        arity: 1,
        doc: `derivative ${k} of '${name}' (by autograd)`,
        forward: ([x], attrs) => nthDerivative(f, x as Tensor, attrs as ActivationParams, k),
        backward: (g, { inputs: [x], attrs }) => [g.mul(derivative(k + 1)([x as Tensor], attrs))],
      },
      { replace: true },
    );
    cache.set(k, op);
    return op;
  };
  return derivative;
}

/**
 * Defines the op `name` (forward `f`) and, lazily, its derivative ops `name.d1`, `name.d2`, ...
 * Returns the op for f.
 */
export function defineDerivedOps(
  name: string,
  f: ForwardFn,
  options: { replace?: boolean } = {},
): OpFn<Attrs> {
  const derivative = derivativeOps(name, f);
  return defineOp<Attrs>(
    {
      name,
      arity: 1,
      doc: `user-defined activation '${name}'`,
      forward: ([x], attrs) => f(x as Tensor, attrs as ActivationParams),
      backward: (g, { inputs: [x], attrs }) => [g.mul(derivative(1)([x as Tensor], attrs))],
    },
    options,
  );
}
