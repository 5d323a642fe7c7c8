/** Functional autograd: gradients of outputs with respect to chosen inputs, composable for higher order. */

import { onesLike, zerosLike } from './create.js';
import { runBackward } from './engine.js';
import { ArgumentError, DTypeError, GraphError, ShapeError } from './errors.js';
import { enableGrad } from './grad-mode.js';
import type { NestedArray } from './nested.js';
import { overlaps } from './ownership.js';
import { describe, formatShape, sameShape } from './shape.js';
import { Tensor } from './tensor.js';

/** Options of {@link gradients}. */
export interface GradientsOptions {
  /** Gradients of the outputs to start from (default: ones, outputs must then be scalars). */
  gradOutputs?: readonly (Tensor | null)[];
  /** Record the computation of the gradients (for higher order). Default false. */
  createGraph?: boolean;
  /** Keep the graph for another backward pass. Defaults to `createGraph`. */
  retainGraph?: boolean;
  /** Return zeros instead of null for inputs the outputs do not depend on. Default false. */
  materialize?: boolean;
}

/**
 * Gradients of `outputs` with respect to `inputs` (like `torch.autograd.grad`), without touching
 * any `.grad`. Returns one gradient per input, null where an output does not depend on it.
 */
export function gradients(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradientsOptions = {},
): Array<Tensor | null> {
  const outs = Array.isArray(outputs) ? outputs : [outputs as Tensor];
  const ins = Array.isArray(inputs) ? inputs : [inputs as Tensor];
  outs.forEach((o, i) => {
    if (!(o instanceof Tensor))
      throw new ArgumentError(`gradients: output ${i} must be a Tensor, got ${describe(o)}`);
  });
  ins.forEach((t, i) => {
    if (!(t instanceof Tensor))
      throw new ArgumentError(`gradients: input ${i} must be a Tensor, got ${describe(t)}`);
    if (!t.requiresGrad)
      throw new GraphError(
        `gradients: input ${i} (shape ${formatShape(t.shape)}) does not require grad`,
      );
  });
  const seeds = outs.map((o, i) => {
    const g = options.gradOutputs?.[i];
    if (g !== undefined && g !== null) {
      if (!(g instanceof Tensor)) {
        throw new ArgumentError(
          `gradients: gradOutputs[${i}] must be a Tensor or null, got ${describe(g)}`,
        );
      }
      if (!sameShape(g.shape, o.shape)) {
        throw new ShapeError(
          `gradients: gradOutputs[${i}] has shape ${formatShape(g.shape)}, output has ${formatShape(o.shape)}`,
        );
      }
      return g;
    }
    if (o.size !== 1) {
      throw new GraphError(
        `gradients: output ${i} has shape ${formatShape(o.shape)}; pass gradOutputs for non-scalar outputs`,
      );
    }
    return onesLike(o);
  });
  const gs = runBackward(outs, seeds, {
    inputs: ins,
    createGraph: options.createGraph === true,
    retainGraph: options.retainGraph ?? options.createGraph === true,
  });
  return options.materialize ? gs.map((g, i) => g ?? zerosLike(ins[i] as Tensor)) : gs;
}

/** An argument a differentiated function accepts: a tensor, a number or nested arrays. */
export type GradArg = Tensor | NestedArray;

/** Options of {@link grad} and {@link valueAndGrad}. */
export interface GradOptions {
  /** Which argument(s) to differentiate with respect to (default 0). */
  argnums?: number | readonly number[];
}

// How many grad/valueAndGrad functions are evaluating right now.
let gradDepth = 0;

function prepareArgs(
  args: readonly GradArg[],
  nums: readonly number[],
): { xs: Tensor[]; nested: boolean } {
  let nested = false;
  const xs = args.map((a, i) => {
    const t = a instanceof Tensor ? a : Tensor.from(a as NestedArray, 'grad');
    if (!nums.includes(i)) return t;
    if (t.requiresGrad) {
      nested = true;
      return t;
    }
    return t.detach().setRequiresGrad(true);
  });
  return { xs, nested };
}

function differentiate(
  fn: (...args: Tensor[]) => Tensor,
  args: readonly GradArg[],
  options: GradOptions,
): { value: Tensor; grads: Tensor[]; single: boolean } {
  if (typeof fn !== 'function')
    throw new ArgumentError(`grad: expected a function, got ${describe(fn)}`);
  const single = !Array.isArray(options.argnums);
  const nums = (
    Array.isArray(options.argnums) ? options.argnums : [options.argnums ?? 0]
  ) as number[];
  for (const n of nums) {
    if (!Number.isInteger(n) || n < 0 || n >= args.length) {
      throw new ArgumentError(
        `grad: argnums ${describe(n)} is out of range for ${args.length} argument(s)`,
      );
    }
  }
  const prepared = prepareArgs(args, nums);
  const xs = prepared.xs;
  // Inside another grad's function the result must stay differentiable even when this grad's
  // arguments are fresh (the function may close over the outer variable): record the backward.
  const nested = prepared.nested || gradDepth > 0;
  gradDepth++;
  let value: Tensor;
  try {
    value = enableGrad(() => fn(...xs));
  } finally {
    gradDepth--;
  }
  if (!(value instanceof Tensor))
    throw new ArgumentError(`grad: the function must return a Tensor, got ${describe(value)}`);
  if (value.size !== 1) {
    throw new GraphError(
      `grad: the function must return a scalar, got shape ${formatShape(value.shape)}`,
    );
  }
  const wrt = nums.map((n) => xs[n] as Tensor);
  const grads = value.requiresGrad
    ? gradients(value, wrt, { createGraph: nested, materialize: true }).map((g) => g as Tensor)
    : wrt.map((t) => zerosLike(t));
  return { value, grads, single };
}

/**
 * Turns a scalar function into its gradient function (as JAX's `grad`). Composes:
 * `grad(grad(x => x.pow(3)))(2)` is 12. Numbers and arrays become float32 tensors.
 */
export function grad(
  fn: (...args: Tensor[]) => Tensor,
  options: GradOptions & { argnums: readonly number[] },
): (...args: GradArg[]) => Tensor[];
export function grad(
  fn: (...args: Tensor[]) => Tensor,
  options?: GradOptions,
): (...args: GradArg[]) => Tensor;
export function grad(
  fn: (...args: Tensor[]) => Tensor,
  options: GradOptions = {},
): (...args: GradArg[]) => Tensor | Tensor[] {
  return (...args) => {
    const { grads, single } = differentiate(fn, args, options);
    return single ? (grads[0] as Tensor) : grads;
  };
}

/** Like {@link grad} but also returns the function's value: `[value, gradient]`. */
export function valueAndGrad(
  fn: (...args: Tensor[]) => Tensor,
  options: GradOptions & { argnums: readonly number[] },
): (...args: GradArg[]) => [Tensor, Tensor[]];
export function valueAndGrad(
  fn: (...args: Tensor[]) => Tensor,
  options?: GradOptions,
): (...args: GradArg[]) => [Tensor, Tensor];
export function valueAndGrad(
  fn: (...args: Tensor[]) => Tensor,
  options: GradOptions = {},
): (...args: GradArg[]) => [Tensor, Tensor | Tensor[]] {
  return (...args) => {
    const { value, grads, single } = differentiate(fn, args, options);
    return [value, single ? (grads[0] as Tensor) : grads];
  };
}

/**
 * `t.grad`, for a reader that does not keep the gradient past the next `zeroGrad()` (an
 * optimiser's step, gradient clipping): unlike reading `.grad`, it leaves the gradient's array
 * free for reuse, so the next backward after `zeroGrad()` writes the new gradient into it instead
 * of allocating a fresh array (in Chromium a fresh 64 KiB array costs about 47 µs in page
 * faults). Read `.grad` instead to keep the tensor or its data (to log it after the next step,
 * say): a gradient once read through `.grad` is never reused.
 *
 * @example
 * for (const p of params) {
 *   const g = borrowGrad(p);
 *   if (g !== null) sgdStep(p.data, g.data); // use it now, do not keep it
 * }
 * zeroGrad(params);
 */
export function borrowGrad(t: Tensor): Tensor | null {
  if (!(t instanceof Tensor))
    throw new ArgumentError(`borrowGrad: expected a Tensor, got ${describe(t)}`);
  return t._grad;
}

/**
 * Sets `t`'s gradient to `g`, which the caller hands over and keeps no reference to (a gradient
 * it made itself, such as the sum of several passes' gradients): as with a gradient `backward()`
 * made, once `zeroGrad()` clears it, its array goes to the next allocation of its size, unless
 * someone has read it through `.grad` in between (then it is theirs to keep). `t.grad = g` is
 * for a gradient the caller goes on holding. `g` must have `t`'s shape and dtype and memory of
 * its own (not `t`'s data, nor a view that anything else reads); `null` clears the gradient.
 *
 * @example
 * const g = tensor(summed, { shape: w.shape }); // a copy: nobody else holds its array
 * giveGrad(w, g);
 * optimizer.step(); // reads it with borrowGrad
 * zeroGrad([w]); // the next gradient of w's size reuses g's array
 */
export function giveGrad(t: Tensor, g: Tensor | null): void {
  if (!(t instanceof Tensor))
    throw new ArgumentError(`giveGrad: expected a Tensor, got ${describe(t)}`);
  if (g === null) {
    t.grad = null;
    return;
  }
  if (!(g instanceof Tensor))
    throw new ArgumentError(
      `giveGrad: expected the gradient as a Tensor or null, got ${describe(g)}`,
    );
  if (!sameShape(g.shape, t.shape))
    throw new ShapeError(
      `giveGrad: expected a gradient of shape ${formatShape(t.shape)}, got ${formatShape(g.shape)}`,
    );
  if (g.dtype !== t.dtype)
    throw new DTypeError(`giveGrad: expected a ${t.dtype} gradient, got ${g.dtype}`);
  if (overlaps(g.data, t.data))
    throw new ArgumentError(
      "giveGrad: the gradient shares the tensor's memory; give a copy (tensor(data) copies)",
    );
  t._grad = g;
  // A gradient with a graph (createGraph) belongs to that graph: never reused, as in backward.
  t._gradUnread = !g.requiresGrad;
}

/**
 * Clears `.grad` of every tensor (sets it to null, like PyTorch's `optimizer.zero_grad()`), so
 * the next `backward()` starts from nothing instead of accumulating.
 */
export function zeroGrad(tensors: Iterable<Tensor> | Tensor): void {
  if (tensors instanceof Tensor) {
    tensors.zeroGrad();
    return;
  }
  if (tensors == null || typeof (tensors as Iterable<Tensor>)[Symbol.iterator] !== 'function') {
    throw new ArgumentError(`zeroGrad: expected tensors, got ${describe(tensors)}`);
  }
  let i = 0;
  for (const t of tensors) {
    if (!(t instanceof Tensor))
      throw new ArgumentError(`zeroGrad: item ${i} must be a Tensor, got ${describe(t)}`);
    t.zeroGrad();
    i++;
  }
}
