/**
 * 2-D pooling on `[N, C, H, W]` (or `[C, H, W]`) inputs, as PyTorch's `F.max_pool2d`,
 * `F.avg_pool2d` and `F.adaptive_avg_pool2d`. Each op's backward is an op of its own, linear in
 * the incoming gradient, whose rule is the forward's pattern again, so gradients of any order
 * work: max pooling scatters to each window's maximum (`maxPool2dBackward`) and gathers from it
 * (`maxPool2dGather`); average pooling spreads over the window (`avgPool2dBackward`), whose
 * adjoint is the average pooling itself.
 */
import { allocate } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { ANY_BACKEND, getKernel, registerKernel } from '../kernels/op-kernels.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp, type OpFn } from '../registry.js';
import { describe, type Shape, sizeOf } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import {
  avgWindows,
  checkOptionKeys,
  expectShape,
  type IntOrPair,
  maxWindows,
  type Pair,
  type Pool2dAttrs,
  planesOf,
  pooledShape,
  readBool,
  readPair,
  withSpatial,
} from './pool-geometry.js';
import {
  avgPool2dBackwardLoop,
  avgPool2dLoop,
  type MaxGradKernel,
  maxPool2dBackwardLoop,
  maxPool2dGatherLoop,
  maxPool2dLoop,
  type PoolKernel,
} from './pool-kernels.js';

export type { IntOrPair } from './pool-geometry.js';

registerKernel('maxPool2d', ANY_BACKEND, maxPool2dLoop);
registerKernel('maxPool2dBackward', ANY_BACKEND, maxPool2dBackwardLoop);
registerKernel('maxPool2dGather', ANY_BACKEND, maxPool2dGatherLoop);
registerKernel('avgPool2d', ANY_BACKEND, avgPool2dLoop);
registerKernel('avgPool2dBackward', ANY_BACKEND, avgPool2dBackwardLoop);

const kernel = <K>(name: string, fallback: K): K => (getKernel(name) as K | undefined) ?? fallback;

// --- max pooling ------------------------------------------------------------------------------

interface MaxPool2dAttrs extends Pool2dAttrs {
  readonly dilation: Pair;
}

/** Max pooling's geometry for input `shape`: planes, H, W, output H and W, windows. */
function maxGeometry(where: string, shape: Shape, a: MaxPool2dAttrs) {
  const [planes, h, w] = planesOf(where, shape);
  const [oh, ow] = pooledShape(where, shape, a);
  const rows = maxWindows(h, oh, a.kernelSize[0], a.stride[0], a.padding[0], a.dilation[0]);
  const cols = maxWindows(w, ow, a.kernelSize[1], a.stride[1], a.padding[1], a.dilation[1]);
  return { planes, h, w, oh, ow, rows, cols };
}

const windowMacs = (out: Tensor, a: Pool2dAttrs) => out.size * a.kernelSize[0] * a.kernelSize[1];

const maxPool2dOp: OpFn<MaxPool2dAttrs> = defineOp<MaxPool2dAttrs>({
  name: 'maxPool2d',
  arity: 1,
  doc: opDocs.maxPool2d,
  validate([x], a) {
    pooledShape('maxPool2d', (x as Tensor).shape, a);
  },
  forward([x], a) {
    const t = x as Tensor;
    const { planes, h, w, oh, ow, rows, cols } = maxGeometry('maxPool2d', t.shape, a);
    const out = allocate(t.dtype, planes * oh * ow);
    kernel<PoolKernel>('maxPool2d', maxPool2dLoop)(t.data, planes, h, w, rows, cols, out);
    return Tensor._make(out, withSpatial(t.shape, oh, ow));
  },
  backward: (g, { inputs: [x], attrs }) => [maxPool2dBackwardOp([g, x as Tensor], attrs)],
  macs: (_, out, a) => windowMacs(out, a),
});

/**
 * maxPool2d's input gradient (inputs g, x): g scattered to each window's maximum in x. Linear in
 * g (its gradient there gathers from the same positions); piecewise constant in x (gradient 0).
 */
const maxPool2dBackwardOp: OpFn<MaxPool2dAttrs> = defineOp<MaxPool2dAttrs>({
  name: 'maxPool2dBackward',
  arity: 2,
  doc: "g scattered to each window's maximum in x, maxPool2d's input gradient (inputs g, x; shaped as x)",
  validate([g, x], a) {
    const s = (x as Tensor).shape;
    const [oh, ow] = pooledShape('maxPool2dBackward', s, a);
    expectShape('maxPool2dBackward', 'g', g as Tensor, withSpatial(s, oh, ow));
  },
  forward([g, x], a) {
    const t = x as Tensor;
    const { planes, h, w, rows, cols } = maxGeometry('maxPool2dBackward', t.shape, a);
    const gx = allocate(t.dtype, t.size);
    const k = kernel<MaxGradKernel>('maxPool2dBackward', maxPool2dBackwardLoop);
    k((g as Tensor).data, t.data, planes, h, w, rows, cols, gx);
    return Tensor._make(gx, t.shape);
  },
  backward: (gg, { inputs: [, x], attrs, needsInputGrad }) => [
    needsInputGrad[0] ? maxPool2dGatherOp([gg, x as Tensor], attrs) : null,
    null,
  ],
  macs: ([g], _, a) => windowMacs(g as Tensor, a),
});

/**
 * The adjoint of maxPool2dBackward in g (inputs src, x): src read at each window's maximum in x.
 * Linear in src; piecewise constant in x.
 */
const maxPool2dGatherOp: OpFn<MaxPool2dAttrs> = defineOp<MaxPool2dAttrs>({
  name: 'maxPool2dGather',
  arity: 2,
  doc: "src read at each window's maximum in x, the gradient of maxPool2dBackward (inputs src, x; shaped as maxPool2d's output)",
  validate([src, x], a) {
    pooledShape('maxPool2dGather', (x as Tensor).shape, a);
    expectShape('maxPool2dGather', 'src', src as Tensor, (x as Tensor).shape);
  },
  forward([src, x], a) {
    const t = x as Tensor;
    const { planes, h, w, oh, ow, rows, cols } = maxGeometry('maxPool2dGather', t.shape, a);
    const out = allocate(t.dtype, planes * oh * ow);
    const k = kernel<MaxGradKernel>('maxPool2dGather', maxPool2dGatherLoop);
    k((src as Tensor).data, t.data, planes, h, w, rows, cols, out);
    return Tensor._make(out, withSpatial(t.shape, oh, ow));
  },
  backward: (h, { inputs: [, x], attrs, needsInputGrad }) => [
    needsInputGrad[0] ? maxPool2dBackwardOp([h, x as Tensor], attrs) : null,
    null,
  ],
  macs: (_, out, a) => windowMacs(out, a),
});

/** Options of {@link maxPool2d} (PyTorch's `F.max_pool2d` keywords). */
export interface MaxPool2dOptions {
  /** Step between windows (default: the kernel size). */
  readonly stride?: IntOrPair;
  /** Implicit -Infinity on each side, at most half the kernel size (default 0). */
  readonly padding?: IntOrPair;
  /** Spacing between the elements a window reads (default 1). */
  readonly dilation?: IntOrPair;
  /** Round the output size up instead of down, as long as the last window starts inside the input or its left padding (default false). */
  readonly ceilMode?: boolean;
}

/**
 * 2-D max pooling of `x` (`[N, C, H, W]` or `[C, H, W]`), as PyTorch's `F.max_pool2d`: output
 * `[i, j]` is the maximum of the window at `(i·stride − padding, j·stride − padding)` with
 * `kernelSize` elements `dilation` apart per axis; padding counts as -Infinity. Output size per
 * axis `floor((size + 2·padding − dilation·(k − 1) − 1) / stride) + 1` (`ceil` in ceilMode, less
 * one when the last window would start past the input and its left padding). The gradient goes
 * whole to the first maximum of each window in row-major order (ties: the first wins, as PyTorch);
 * a NaN in a window makes the output NaN and takes the gradient (the last NaN, as PyTorch's CPU
 * kernel); a window that reads only padding gives -Infinity and passes no gradient.
 *
 * @example
 * maxPool2d(x, 2); // [N, C, 28, 28] → [N, C, 14, 14]
 * maxPool2d(x, 3, { stride: 2, padding: 1 });
 */
export function maxPool2d(
  x: TensorLike,
  kernelSize: IntOrPair,
  options: MaxPool2dOptions = {},
): Tensor {
  const where = 'maxPool2d';
  const t = Tensor.from(x, where);
  checkOptionKeys(where, options, ['stride', 'padding', 'dilation', 'ceilMode']);
  const k = readPair(where, 'kernelSize', kernelSize, 1);
  const attrs: MaxPool2dAttrs = {
    kernelSize: k,
    stride: options.stride === undefined ? k : readPair(where, 'stride', options.stride, 1),
    padding: readPair(where, 'padding', options.padding ?? 0, 0),
    dilation: readPair(where, 'dilation', options.dilation ?? 1, 1),
    ceilMode: readBool(where, 'ceilMode', options.ceilMode ?? false),
  };
  return maxPool2dOp([t], attrs);
}

// --- average pooling --------------------------------------------------------------------------

interface AvgPool2dAttrs extends Pool2dAttrs {
  readonly countIncludePad: boolean;
  readonly divisorOverride?: number;
}
interface AvgPool2dBackwardAttrs extends AvgPool2dAttrs {
  readonly inputShape: Shape;
}

/** Average pooling's geometry for input `shape`; the divisor override goes in the row factors. */
function avgGeometry(where: string, shape: Shape, a: AvgPool2dAttrs) {
  const [planes, h, w] = planesOf(where, shape);
  const [oh, ow] = pooledShape(where, shape, a);
  const [kh, kw] = a.kernelSize;
  const [sh, sw] = a.stride;
  const [ph, pw] = a.padding;
  const rows = avgWindows(h, oh, kh, sh, ph, a.countIncludePad);
  const cols = avgWindows(w, ow, kw, sw, pw, a.countIncludePad);
  if (a.divisorOverride !== undefined) {
    rows.div.fill(a.divisorOverride);
    cols.div.fill(1);
  }
  return { planes, h, w, oh, ow, rows, cols };
}

/** The forward's attributes without the backward's `inputShape`. */
function avgAttrs(a: AvgPool2dAttrs): AvgPool2dAttrs {
  const { kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride } = a;
  const out = { kernelSize, stride, padding, ceilMode, countIncludePad };
  return divisorOverride === undefined ? out : { ...out, divisorOverride };
}

const avgPool2dOp: OpFn<AvgPool2dAttrs> = defineOp<AvgPool2dAttrs>({
  name: 'avgPool2d',
  arity: 1,
  doc: opDocs.avgPool2d,
  validate([x], a) {
    pooledShape('avgPool2d', (x as Tensor).shape, a);
  },
  forward([x], a) {
    const t = x as Tensor;
    const { planes, h, w, oh, ow, rows, cols } = avgGeometry('avgPool2d', t.shape, a);
    const out = allocate(t.dtype, planes * oh * ow);
    kernel<PoolKernel>('avgPool2d', avgPool2dLoop)(t.data, planes, h, w, rows, cols, out);
    return Tensor._make(out, withSpatial(t.shape, oh, ow));
  },
  backward: (g, { inputs: [x], attrs }) => [
    avgPool2dBackwardOp([g], { ...avgAttrs(attrs), inputShape: (x as Tensor).shape }),
  ],
  macs: (_, out, a) => windowMacs(out, a),
});

/** avgPool2d's input gradient: its adjoint, each g spread evenly over its window. */
const avgPool2dBackwardOp: OpFn<AvgPool2dBackwardAttrs> = defineOp<AvgPool2dBackwardAttrs>({
  name: 'avgPool2dBackward',
  arity: 1,
  doc: "g spread evenly over each window, avgPool2d's input gradient (input g; shaped as avgPool2d's input)",
  validate([g], a) {
    const [oh, ow] = pooledShape('avgPool2dBackward', a.inputShape, a);
    expectShape('avgPool2dBackward', 'g', g as Tensor, withSpatial(a.inputShape, oh, ow));
  },
  forward([g], a) {
    const t = g as Tensor;
    const { planes, h, w, rows, cols } = avgGeometry('avgPool2dBackward', a.inputShape, a);
    const gx = allocate(t.dtype, sizeOf(a.inputShape));
    const k = kernel<PoolKernel>('avgPool2dBackward', avgPool2dBackwardLoop);
    k(t.data, planes, h, w, rows, cols, gx);
    return Tensor._make(gx, a.inputShape);
  },
  // Linear: the adjoint of the adjoint is avgPool2d.
  backward: (gg, { attrs }) => [avgPool2dOp([gg], avgAttrs(attrs))],
  macs: ([g], _, a) => windowMacs(g as Tensor, a),
});

/** Options of {@link avgPool2d} (PyTorch's `F.avg_pool2d` keywords). */
export interface AvgPool2dOptions {
  /** Step between windows (default: the kernel size). */
  readonly stride?: IntOrPair;
  /** Implicit zeros on each side, at most half the kernel size (default 0). */
  readonly padding?: IntOrPair;
  /** Round the output size up instead of down, as long as the last window starts inside the input or its left padding (default false). */
  readonly ceilMode?: boolean;
  /** Divide by the window's size including the padding (default true) or only its input elements. */
  readonly countIncludePad?: boolean;
  /** Divide every window's sum by this non-zero integer instead. */
  readonly divisorOverride?: number;
}

/**
 * 2-D average pooling of `x` (`[N, C, H, W]` or `[C, H, W]`), as PyTorch's `F.avg_pool2d`: each
 * window's sum divided by its size, the padding counted (countIncludePad, the default; a ceil-mode
 * window that overhangs the right padding counts only up to it) or not, or by divisorOverride.
 * Output size as {@link maxPool2d} with dilation 1. Linear: the gradient spreads each output's
 * gradient evenly (with the same divisor) over its window.
 *
 * @example
 * avgPool2d(x, 2); // [N, C, 28, 28] → [N, C, 14, 14]
 * avgPool2d(x, 3, { stride: 1, padding: 1, countIncludePad: false });
 */
export function avgPool2d(
  x: TensorLike,
  kernelSize: IntOrPair,
  options: AvgPool2dOptions = {},
): Tensor {
  const where = 'avgPool2d';
  const t = Tensor.from(x, where);
  checkOptionKeys(where, options, [
    'stride',
    'padding',
    'ceilMode',
    'countIncludePad',
    'divisorOverride',
  ]);
  const k = readPair(where, 'kernelSize', kernelSize, 1);
  const d = options.divisorOverride;
  if (d !== undefined && !(typeof d === 'number' && Number.isInteger(d) && d !== 0)) {
    throw new ArgumentError(
      `${where}: divisorOverride must be a non-zero integer, got ${describe(d)}`,
    );
  }
  const attrs: AvgPool2dAttrs = {
    kernelSize: k,
    stride: options.stride === undefined ? k : readPair(where, 'stride', options.stride, 1),
    padding: readPair(where, 'padding', options.padding ?? 0, 0),
    ceilMode: readBool(where, 'ceilMode', options.ceilMode ?? false),
    countIncludePad: readBool(where, 'countIncludePad', options.countIncludePad ?? true),
    ...(d === undefined ? {} : { divisorOverride: d }),
  };
  return avgPool2dOp([t], attrs);
}
