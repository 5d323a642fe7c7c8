/**
 * The building block of the catalogue: an elementwise activation `f` declared as two core ops,
 * as PyTorch's `derivatives.yaml` pairs `tanh` with `tanh_backward`:
 *
 * - `name`: y = f(x). Its backward rule is always `[nameBackward(g, x, y)]`.
 * - `nameBackward`: g * f'(x), the vector–Jacobian product. Its forward is the fast first-order
 *   path, a whole-array kernel registered with core's `registerKernel` (tanh's and relu's), else
 *   the differentiable `rule` itself. Its own backward differentiates `rule`, so gradients of
 *   every order go through the same ops and no rule asks whether the backward pass is being
 *   recorded. f' is written once, as `rule`; a kernel is a faster loop for the same values.
 */
import {
  type Attrs,
  type BackwardContext,
  defineOp,
  getKernel,
  type OpFn,
  onesLike,
  type Tensor,
  type TypedArray,
  zerosLike,
} from '@gradscope/core';
import { derivativeOps } from './derived.js';

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

/** A registered whole-array forward kernel: `out[i] = f(x[i])`. */
export type ForwardKernel<A extends Attrs = Attrs> = (
  x: TypedArray,
  out: TypedArray,
  attrs: A,
) => void;

/**
 * A registered whole-array backward kernel: `out[i] = g[i] * f'(x[i])` (`y` is the output),
 * 0 where f'(x[i]) is 0, NaN where x[i] is NaN. `out` may be `g`'s own array.
 */
export type BackwardKernel<A extends Attrs = Attrs> = (
  g: TypedArray,
  x: TypedArray,
  y: TypedArray,
  out: TypedArray,
  attrs: A,
) => void;

/** Declaration of an elementwise activation op. */
export interface ElementwiseOpSpec<A extends Attrs> {
  readonly name: string;
  /** One-line description (built-in activations pass their function's comment from `opDocs`). */
  readonly doc: string;
  /** f(x) for one float64 number (a kernel registered as `name` takes precedence). */
  readonly value: (x: number, attrs: A) => number;
  /** The vector–Jacobian product `g * f'(x)` in differentiable ops (`y` is the output). */
  readonly rule: (g: Tensor, x: Tensor, y: Tensor, attrs: A) => Tensor;
  readonly validate?: (attrs: A) => void;
}

/** Attributes of a backward op: the activation's, plus whether to write into g. */
type BackwardAttrs<A extends Attrs> = A & { readonly inPlace?: boolean };

/**
 * Registers the op `name` (f) and its backward op `nameBackward` with core's public `defineOp`.
 * Returns the op for f.
 */
export function defineElementwiseOp<A extends Attrs>(spec: ElementwiseOpSpec<A>): OpFn<A> {
  const { name, value, rule, validate } = spec;
  const backwardName = `${name}Backward`;
  const check = validate ? { validate: (_: readonly Tensor[], attrs: A) => validate(attrs) } : {};

  const op: OpFn<A> = defineOp<A>({
    name,
    arity: 1,
    doc: spec.doc,
    ...check,
    forward([x], attrs) {
      const t = x as Tensor;
      const kernel = getKernel<ForwardKernel<A>>(name);
      if (kernel === undefined) return mapElements(t, (v) => value(v, attrs));
      const y = zerosLike(t);
      kernel(t.data, y.data, attrs);
      return y;
    },
    backward(g: Tensor, { inputs: [x], output, attrs, gradWritable }: BackwardContext<A>) {
      const inPlace = gradWritable && g.dtype === output.dtype;
      return [backwardOp([g, x as Tensor, output], inPlace ? { ...attrs, inPlace } : attrs)];
    },
    macs: (_inputs, out) => out.size,
  });

  // f'(x) as an op whose backward is f''(x), and so on, by autograd of the rule.
  const derivatives = derivativeOps(backwardName, (x, params) =>
    rule(onesLike(x), x, op([x], params as A), params as A),
  );

  const backwardOp: OpFn<BackwardAttrs<A>> = defineOp<BackwardAttrs<A>>({
    name: backwardName,
    arity: 3,
    doc: `g * ${name}'(x), the backward of ${name} (inputs g, x, y = ${name}(x))`,
    ...check,
    forward([g, x, y], attrs) {
      const [gt, xt, yt] = [g, x, y] as [Tensor, Tensor, Tensor];
      const kernel = getKernel<BackwardKernel<A>>(backwardName);
      if (kernel === undefined) return rule(gt, xt, yt, attrs);
      const r = attrs.inPlace === true ? gt : zerosLike(xt);
      kernel(gt.data, xt.data, yt.data, r.data, attrs);
      return r;
    },
    // Linear in g; in x it is g f''(x) (y = f(x) is accounted for through x, so it gets none).
    backward(gg, { inputs: [g, x, y], attrs, needsInputGrad }) {
      const xt = x as Tensor;
      const params = withoutInPlace(attrs);
      return [
        needsInputGrad[0] ? backwardOp([gg, xt, y as Tensor], params) : null,
        needsInputGrad[1] ? gg.mul(g as Tensor).mul(derivatives(1)([xt], params)) : null,
        null,
      ];
    },
    macs: (_inputs, out) => out.size,
  });

  return op;
}

/** The activation's own attributes (a recorded backward never writes in place). */
function withoutInPlace<A extends Attrs>(attrs: BackwardAttrs<A>): A {
  if (attrs.inPlace === undefined) return attrs;
  const { inPlace: _, ...rest } = attrs;
  return rest as unknown as A;
}
