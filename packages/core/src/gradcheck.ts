/** Finite-difference gradient checking in float64 (first and higher order). */

import { allocate } from './dtype.js';
import { ArgumentError, GradcheckError } from './errors.js';
import { gradients } from './grad.js';
import { enableGrad, noGrad } from './grad-mode.js';
import type { NestedArray } from './nested.js';
import { concat } from './ops/shape-ops.js';
import { createRng } from './rng.js';
import { describe, stridesOf } from './shape.js';
import { Tensor, type TensorLike } from './tensor.js';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Derivative order to check: 1 (gradients) or higher (gradients of gradients). Default 1. */
  order?: number;
  /** Finite-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance. Default 1e-3. */
  rtol?: number;
  /** Throw a GradcheckError on failure (default true); otherwise return false. */
  raise?: boolean;
  /** Seed of the random projections used for large outputs and higher orders. Default 0. */
  seed?: number;
}

type Fn = (...xs: Tensor[]) => Tensor;

function unravel(i: number, shape: readonly number[]): string {
  const st = stridesOf(shape);
  return `[${shape.map((_, d) => Math.floor(i / (st[d] as number)) % (shape[d] as number)).join(',')}]`;
}

/** Checks analytic first derivatives of fn against central differences. */
function checkFirst(
  fn: Fn,
  xs: Tensor[],
  o: Required<Omit<GradcheckOptions, 'order' | 'raise'>>,
  order: number,
): string | null {
  const y0 = noGrad(() => fn(...xs));
  if (!(y0 instanceof Tensor))
    throw new ArgumentError(`gradcheck: the function must return a Tensor, got ${describe(y0)}`);
  const rng = createRng(o.seed);
  // Output directions: every unit vector for small outputs, else a few random projections.
  const dirs: Tensor[] = [];
  if (y0.size <= 64) {
    for (let k = 0; k < y0.size; k++) {
      const d = new Float64Array(y0.size);
      d[k] = 1;
      dirs.push(Tensor._make(d, y0.shape));
    }
  } else {
    for (let k = 0; k < 4; k++) {
      const d = new Float64Array(y0.size);
      for (let i = 0; i < d.length; i++) d[i] = rng.normal();
      dirs.push(Tensor._make(d, y0.shape));
    }
  }
  // Analytic: one vector–Jacobian product per direction.
  const analytic: Array<Array<Float64Array>> = dirs.map((v) => {
    const y = enableGrad(() => fn(...xs));
    if (!y.requiresGrad) return xs.map((x) => new Float64Array(x.size));
    // The direction in the output's dtype (a function may return float32).
    const vy = v.dtype === y.dtype ? v : noGrad(() => v.to(y.dtype));
    const gs = gradients(y, xs, { gradOutputs: [vy], materialize: true });
    return gs.map((g) => Float64Array.from((g as Tensor).data));
  });
  const dot = (y: Tensor, v: Tensor) => {
    let s = 0;
    for (let i = 0; i < y.size; i++) s += (y.data[i] as number) * (v.data[i] as number);
    return s;
  };
  for (let xi = 0; xi < xs.length; xi++) {
    const x = xs[xi] as Tensor;
    for (let j = 0; j < x.size; j++) {
      const orig = x.data[j] as number;
      x.data[j] = orig + o.eps;
      const yp = noGrad(() => fn(...xs));
      x.data[j] = orig - o.eps;
      const ym = noGrad(() => fn(...xs));
      x.data[j] = orig;
      for (let k = 0; k < dirs.length; k++) {
        const v = dirs[k] as Tensor;
        const numeric = (dot(yp, v) - dot(ym, v)) / (2 * o.eps);
        const a = (analytic[k] as Float64Array[])[xi]?.[j] as number;
        const ok =
          Math.abs(a - numeric) <= o.atol + o.rtol * Math.abs(numeric) ||
          (Number.isNaN(a) && Number.isNaN(numeric));
        if (!ok) {
          const dir =
            y0.size <= 64
              ? `output element ${unravel(k, y0.shape)}`
              : `random output projection ${k}`;
          return `gradcheck (order ${order}): input ${xi}, element ${unravel(j, x.shape)}, ${dir}: analytic ${a}, numeric ${numeric} (|diff| ${Math.abs(a - numeric).toExponential(3)} > atol ${o.atol} + rtol ${o.rtol} * |numeric|)`;
        }
      }
    }
  }
  return null;
}

/**
 * Compares `fn`'s analytic gradients with central finite differences, in float64 (inputs are
 * copied to float64). With `order: 2`, checks the gradients of a random projection of the
 * gradients, and so on. Throws a {@link GradcheckError} naming the input, the element, the
 * analytic and numeric values; returns true when all agree.
 */
export function gradcheck(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: ReadonlyArray<TensorLike | NestedArray>,
  options: GradcheckOptions = {},
): boolean {
  if (typeof fn !== 'function')
    throw new ArgumentError(`gradcheck: expected a function, got ${describe(fn)}`);
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new ArgumentError(
      `gradcheck: expected a non-empty array of inputs, got ${describe(inputs)}`,
    );
  }
  const order = options.order ?? 1;
  if (!Number.isInteger(order) || order < 1)
    throw new ArgumentError(`gradcheck: order must be an integer >= 1, got ${describe(order)}`);
  const o = {
    eps: options.eps ?? 1e-6,
    atol: options.atol ?? 1e-5,
    rtol: options.rtol ?? 1e-3,
    seed: options.seed ?? 0,
  };
  const xs = inputs.map((x) => {
    const t = x instanceof Tensor ? x : Tensor.from(x as NestedArray, 'gradcheck');
    return t.detach().to('float64').clone().setRequiresGrad(true);
  });
  let f: Fn = fn;
  for (let k = 1; k < order; k++) {
    const inner = f;
    const rng = createRng(o.seed + 1000 * k);
    let v: Tensor | null = null;
    // The gradient of <inner(xs), v>, flattened and concatenated: a function of the same inputs.
    f = (...zs: Tensor[]) => {
      const y = inner(...zs);
      if (v === null) {
        const d = allocate(y.dtype, y.size);
        for (let i = 0; i < d.length; i++) d[i] = rng.normal();
        v = Tensor._make(d, y.shape);
      }
      const gs = gradients(y, zs, { gradOutputs: [v], createGraph: true, materialize: true });
      return concat(gs.map((g) => (g as Tensor).reshape([-1])));
    };
    const prev = f;
    // Second-order checks need the graph during finite differences too.
    f = (...zs: Tensor[]) =>
      enableGrad(() =>
        prev(...zs.map((z) => (z.requiresGrad ? z : z.detach().setRequiresGrad(true)))),
      );
  }
  const msg = checkFirst(f, xs, o, order);
  if (msg === null) return true;
  if (options.raise === false) return false;
  throw new GradcheckError(msg);
}
