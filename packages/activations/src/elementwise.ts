/**
 * The building block of the catalogue: an elementwise activation declared as one core op with
 * a scalar forward kernel, a backward rule in differentiable ops (the truth, used whenever the
 * backward pass is itself recorded), and an optional fused first-order fast path.
 */
import {
  type Attrs,
  type BackwardContext,
  defineOp,
  isGradEnabled,
  type OpFn,
  type Tensor,
  type TypedArray,
  zerosLike,
} from '@gradscope/core';

/**
 * `f` at x = ±Inf: its limit. Formulas such as `x * sigmoid(x)` or `x / (1 + |x|)` give
 * Inf * 0 or Inf / Inf (NaN) there; the limit is then read off at ±Number.MAX_VALUE, where
 * a huge value stands for an infinite limit.
 */
function atInfinity(f: (v: number) => number, v: number): number {
  const y = f(v);
  if (!Number.isNaN(y)) return y;
  const z = f(Math.sign(v) * Number.MAX_VALUE);
  return Math.abs(z) > 1e300 ? Math.sign(z) * Number.POSITIVE_INFINITY : z;
}

/**
 * Applies `f` to every element of `x` (computed in float64, stored in x's dtype). NaN stays
 * NaN; ±Inf maps to the limit of `f` (silu(-Inf) = 0, softsign(Inf) = 1).
 */
export function mapElements(x: Tensor, f: (v: number) => number): Tensor {
  const d = x.data;
  const y = zerosLike(x);
  const out = y.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    out[i] = Number.isNaN(v) ? Number.NaN : Number.isFinite(v) ? f(v) : atInfinity(f, v);
  }
  return y;
}

/**
 * `g * f'(x)` in one loop, the fused first-order backward, into `r` (which may be `g`: each g[i]
 * is read before out[i] is written).
 */
function fusedVjp(
  g: Tensor,
  x: Tensor,
  y: Tensor,
  df: (x: number, y: number) => number,
  r: Tensor,
): void {
  const gd = g.data;
  const xd = x.data;
  const yd = y.data;
  const out = r.data;
  for (let i = 0; i < xd.length; i++) {
    const v = xd[i] as number;
    const d = Number.isNaN(v) ? Number.NaN : df(v, yd[i] as number);
    // A zero local derivative blocks the gradient outright (as PyTorch's threshold_backward):
    // g * 0 would turn an infinite upstream gradient into NaN.
    out[i] = d === 0 ? 0 : (gd[i] as number) * d;
  }
}

/** Declaration of an elementwise activation op. */
export interface ElementwiseOpSpec<A extends Attrs> {
  readonly name: string;
  readonly doc: string;
  /** f(x) for one float64 number. */
  readonly value: (x: number, attrs: A) => number;
  /** The vector–Jacobian product `g * f'(x)` in differentiable ops (`y` is the output). */
  readonly rule: (g: Tensor, x: Tensor, y: Tensor, attrs: A) => Tensor;
  /** f'(x) for one number (`y = f(x)`): enables the fused first-order backward. */
  readonly derivative?: (x: number, y: number, attrs: A) => number;
  /**
   * Optional whole-array forward, `out[i] = f(x[i])`, for hot activations: one monomorphic loop
   * (or a core kernel) instead of a call of `value` per element. It must agree with `value`,
   * NaN and ±Inf included (tests compare them); float32 results may differ by the kernel's
   * documented rounding.
   */
  readonly kernel?: (x: TypedArray, out: TypedArray, attrs: A) => void;
  /**
   * Optional whole-array fused backward, `out[i] = g[i] * f'(x[i])` (0 where f'(x[i]) is 0, NaN
   * where x[i] is NaN), agreeing with `derivative`. `out` may be `g` (an in-place backward).
   */
  readonly vjpKernel?: (
    g: TypedArray,
    x: TypedArray,
    y: TypedArray,
    out: TypedArray,
    attrs: A,
  ) => void;
  readonly validate?: (attrs: A) => void;
}

/**
 * Registers an elementwise activation op with core's public `defineOp`. During a backward pass
 * that is not recorded (`createGraph: false`) the fused `derivative` runs; when it is recorded
 * (higher order), the differentiable `rule` runs. Tests check both agree.
 */
export function defineElementwiseOp<A extends Attrs>(spec: ElementwiseOpSpec<A>): OpFn<A> {
  const { value, rule, derivative, validate, kernel, vjpKernel } = spec;
  return defineOp<A>({
    name: spec.name,
    arity: 1,
    doc: spec.doc,
    forward([x], attrs) {
      const t = x as Tensor;
      if (kernel !== undefined) {
        const y = zerosLike(t);
        kernel(t.data, y.data, attrs);
        return y;
      }
      return mapElements(t, (v) => value(v, attrs));
    },
    ...(validate ? { validate: (_inputs: readonly Tensor[], attrs: A) => validate(attrs) } : {}),
    backward(g: Tensor, { inputs: [x], output, attrs, gradWritable }: BackwardContext<A>) {
      const t = x as Tensor;
      // First order: the fused rules, written into g when the engine says nobody else sees it.
      if ((vjpKernel !== undefined || derivative !== undefined) && !isGradEnabled()) {
        const r = gradWritable && g.dtype === t.dtype ? g : zerosLike(t);
        if (vjpKernel !== undefined) vjpKernel(g.data, t.data, output.data, r.data, attrs);
        else if (derivative !== undefined)
          fusedVjp(g, t, output, (v, y) => derivative(v, y, attrs), r);
        return [r];
      }
      return [rule(g, t, output, attrs)];
    },
    macs: (_inputs, out) => out.size,
  });
}
