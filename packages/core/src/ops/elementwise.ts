/**
 * Elementwise ops with NumPy broadcasting. Each is one record: forward kernel + backward rule in
 * differentiable ops. The engine sums a broadcast gradient back to each input's shape.
 */
import { allocate } from '../dtype.js';
import { onlyComputes } from '../engine.js';
import { ArgumentError } from '../errors.js';
import { type BinaryKind, getKernels, type UnaryKind } from '../kernels/index.js';
import { broadcastStrides } from '../kernels/reference.js';
import { opDocs } from '../op-docs.generated.js';
import { type BackwardContext, defineOp } from '../registry.js';
import { broadcastPair, broadcastShapes, describe, sizeOf } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { installTensorMethods } from '../tensor-methods.js';

/** The name of a core op, whose doc is the comment on its function (see op-docs.generated.ts). */
type OpName = keyof typeof opDocs;

type Rule = (g: Tensor, ctx: BackwardContext) => Array<Tensor | null>;

/** Defines an elementwise op of one input on kernel `kind`; returns the function applying it. */
function unary(name: OpName, kind: UnaryKind, backward?: Rule): (x: TensorLike) => Tensor {
  const forward = (x: Tensor): Tensor => {
    const out = allocate(x.dtype, x.size);
    getKernels().unary(kind, x.data, out);
    return Tensor._make(out, x.shape);
  };
  const op = defineOp({
    name,
    arity: 1,
    doc: opDocs[name],
    forward: ([x]) => forward(x as Tensor),
    ...(backward ? { backward } : {}),
  });
  // Nothing to record or report: the kernel call alone (see onlyComputes).
  return (x) => (onlyComputes(x) ? forward(x as Tensor) : op([x]));
}

/** Defines a broadcasting op of two inputs on kernel `kind`; returns the function applying it. */
function binary(
  name: OpName,
  kind: BinaryKind,
  backward?: Rule,
): (a: TensorLike, b: TensorLike) => Tensor {
  const forward = (x: Tensor, y: Tensor): Tensor => {
    const shape = broadcastPair(name, x.shape, y.shape);
    const out = allocate(x.dtype, sizeOf(shape));
    getKernels().binary(kind, x.data, x.shape, y.data, y.shape, out, shape);
    return Tensor._make(out, shape);
  };
  const op = defineOp({
    name,
    arity: 2,
    doc: opDocs[name],
    forward: ([a, b]) => forward(a as Tensor, b as Tensor),
    ...(backward ? { backward } : {}),
  });
  // Nothing to record or report: the kernel call alone (see onlyComputes).
  return (a, b) => (onlyComputes(a, b) ? forward(a as Tensor, b as Tensor) : op([a, b]));
}

/** `a + b`, broadcasting. */
export const add = binary('add', 'add', (g) => [g, g]);
/** `a - b`, broadcasting. */
export const sub = binary('sub', 'sub', (g) => [g, g.neg()]);
/** `a * b`, broadcasting. */
export const mul = binary('mul', 'mul', (g, { inputs: [a, b] }) => [
  g.mul(b as Tensor),
  g.mul(a as Tensor),
]);
/** `a / b`, broadcasting. */
export const div = binary('div', 'div', (g, { inputs: [, b], output, needsInputGrad }) => [
  // d/db = -a / b^2 as -(a / b) / b: b^2 underflows to 0 for tiny b (0 / 0 = NaN at a = 0).
  g.div(b as Tensor),
  needsInputGrad[1]
    ? g
        .mul(output)
        .div(b as Tensor)
        .neg()
    : null,
]);
/**
 * `a ** b`, broadcasting. Gradients as PyTorch: d/da = b a^(b-1), 0 where b = 0; d/db = a^b log a,
 * 0 where a = 0 and b >= 0.
 */
export const pow = binary('pow', 'pow', (g, ctx) => {
  const [a, b] = ctx.inputs as [Tensor, Tensor];
  const ga = ctx.needsInputGrad[0] ? where(b.eq(0), 0, g.mul(b).mul(a.pow(b.sub(1)))) : null;
  const gb = ctx.needsInputGrad[1]
    ? where(a.eq(0).mul(b.ge(0)), 0, g.mul(ctx.output).mul(a.log()))
    : null;
  return [ga, gb];
});
/** Elementwise maximum; ties split the gradient evenly (PyTorch). */
export const maximum = binary('maximum', 'maximum', (g, { inputs: [a, b] }) => {
  const x = a as Tensor;
  const y = b as Tensor;
  const wa = x.gt(y).add(x.eq(y).mul(0.5));
  return [g.mul(wa), g.mul(wa.neg().add(1))];
});
/** Elementwise minimum; ties split the gradient evenly (PyTorch). */
export const minimum = binary('minimum', 'minimum', (g, { inputs: [a, b] }) => {
  const x = a as Tensor;
  const y = b as Tensor;
  const wa = x.lt(y).add(x.eq(y).mul(0.5));
  return [g.mul(wa), g.mul(wa.neg().add(1))];
});
/** `a > b` as 1/0 (no gradient). */
export const greater = binary('greater', 'gt');
/** `a >= b` as 1/0 (no gradient). */
export const greaterEqual = binary('greaterEqual', 'ge');
/** `a < b` as 1/0 (no gradient). */
export const less = binary('less', 'lt');
/** `a <= b` as 1/0 (no gradient). */
export const lessEqual = binary('lessEqual', 'le');
/** `a == b` as 1/0 (no gradient). */
export const equal = binary('equal', 'eq');
/** `a != b` as 1/0 (no gradient). */
export const notEqual = binary('notEqual', 'ne');

/** `-x`. */
export const neg = unary('neg', 'neg', (g) => [g.neg()]);
/** `e^x`. */
export const exp = unary('exp', 'exp', (g, { output }) => [g.mul(output)]);
/** Natural logarithm. */
export const log = unary('log', 'log', (g, { inputs: [x] }) => [g.div(x as Tensor)]);
/** `log(1 + x)`, accurate for small x. */
export const log1p = unary('log1p', 'log1p', (g, { inputs: [x] }) => [g.div((x as Tensor).add(1))]);
/** `e^x - 1`, accurate for small x. */
export const expm1 = unary('expm1', 'expm1', (g, { output }) => [g.mul(output.add(1))]);
/** Square root. */
export const sqrt = unary('sqrt', 'sqrt', (g, { output }) => [g.div(output.mul(2))]);
/** `|x|`; gradient `sign(x)`, 0 at 0 (PyTorch). */
export const abs = unary('abs', 'abs', (g, { inputs: [x] }) => [g.mul((x as Tensor).sign())]);
/** `x^2`. */
export const square = unary('square', 'square', (g, { inputs: [x] }) => [
  g.mul(x as Tensor).mul(2),
]);
// Zeros rather than g * 0, which would turn an infinite upstream gradient into NaN.
/** `sign(x)` in {-1, 0, 1}; gradient 0 everywhere. */
export const sign = unary('sign', 'sign', (g) => [
  Tensor._make(allocate(g.dtype, g.size), g.shape),
]);

interface ClampAttrs {
  readonly min: number | null;
  readonly max: number | null;
  [k: string]: unknown;
}
const clampOp = defineOp<ClampAttrs>({
  name: 'clamp',
  arity: 1,
  doc: opDocs.clamp,
  forward([x], { min, max }) {
    const t = x as Tensor;
    const out = allocate(t.dtype, t.size);
    const lo = min ?? Number.NEGATIVE_INFINITY;
    const hi = max ?? Number.POSITIVE_INFINITY;
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i] as number;
      out[i] = Math.min(Math.max(v, lo), hi); // NaN stays NaN
    }
    return Tensor._make(out, t.shape);
  },
  backward(g, { inputs: [x], attrs: { min, max } }) {
    let mask = g;
    const t = x as Tensor;
    if (min !== null) mask = mask.mul(t.ge(min));
    if (max !== null) mask = mask.mul(t.le(max));
    return [mask];
  },
});

const whereOp = defineOp({
  name: 'where',
  arity: 3,
  mixedDTypes: true,
  doc: opDocs.where,
  forward([c, a, b]) {
    const cond = c as Tensor;
    const x = a as Tensor;
    const y = b as Tensor;
    const shape = broadcastShapes('where', cond.shape, x.shape, y.shape);
    const n = shape.reduce((p, d) => p * d, 1);
    const k = getKernels();
    const cb = allocate(x.dtype, n);
    const xb = allocate(x.dtype, n);
    const yb = allocate(x.dtype, n);
    k.gatherStrided(cond.data, 0, broadcastStrides(cond.shape, shape), cb, shape);
    k.gatherStrided(x.data, 0, broadcastStrides(x.shape, shape), xb, shape);
    k.gatherStrided(y.data, 0, broadcastStrides(y.shape, shape), yb, shape);
    for (let i = 0; i < n; i++) if (cb[i] === 0) xb[i] = yb[i] as number;
    return Tensor._make(xb, shape);
  },
  validate([, a, b]) {
    if ((a as Tensor).dtype !== (b as Tensor).dtype) {
      throw new ArgumentError(
        `where: a and b must have one dtype, got ${(a as Tensor).dtype} and ${(b as Tensor).dtype}`,
      );
    }
  },
  backward(g, { inputs: [c], needsInputGrad }) {
    const cond = (c as Tensor).detach();
    return [
      null,
      needsInputGrad[1] ? where(cond, g, 0) : null,
      needsInputGrad[2] ? where(cond, 0, g) : null,
    ];
  },
});

/**
 * `min(max(x, min), max)`; either bound may be omitted (null). Gradient 1 inside the interval
 * including the bounds, 0 outside (PyTorch's convention).
 */
export function clamp(x: TensorLike, min?: number | null, max?: number | null): Tensor {
  const lo = min ?? null;
  const hi = max ?? null;
  for (const [k, v] of [
    ['min', lo],
    ['max', hi],
  ] as const) {
    if (v !== null && (typeof v !== 'number' || Number.isNaN(v))) {
      throw new ArgumentError(`clamp: ${k} must be a number or null, got ${describe(v)}`);
    }
  }
  if (lo !== null && hi !== null && lo > hi)
    throw new ArgumentError(`clamp: min (${lo}) is greater than max (${hi})`);
  return clampOp([x], { min: lo, max: hi });
}

/** `condition != 0 ? a : b`, broadcasting all three; the condition gets no gradient. */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const dtype =
    a instanceof Tensor
      ? a.dtype
      : b instanceof Tensor
        ? b.dtype
        : condition instanceof Tensor
          ? condition.dtype
          : 'float32';
  const toT = (v: TensorLike) => (v instanceof Tensor ? v : Tensor.scalar(v as number, dtype));
  return whereOp([toT(condition), toT(a), toT(b)]);
}

installTensorMethods({
  add,
  sub,
  mul,
  div,
  pow,
  maximum,
  minimum,
  greater,
  greaterEqual,
  less,
  lessEqual,
  equal,
  notEqual,
  neg,
  exp,
  log,
  log1p,
  expm1,
  sqrt,
  abs,
  square,
  sign,
  clamp,
});
