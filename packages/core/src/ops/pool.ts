/**
 * 2-D max and average pooling on `[N, C, H, W]` (or `[C, H, W]`) inputs, as PyTorch's
 * `F.max_pool2d` and `F.avg_pool2d`. Each op's backward is an op of its own, linear in the
 * incoming gradient, whose rule is the forward's pattern again, so gradients of any order work.
 * Max pooling keeps, as PyTorch does, the position of each window's maximum (`maxPool2dIndices`,
 * computed with the forward when x needs a gradient); its backward scatters g to those positions
 * (`maxPool2dBackward`) and that one's gathers from them (`maxPool2dGather`). Average pooling
 * spreads g over each window (`avgPool2dBackward`), whose adjoint is the average pooling itself.
 */
import { allocate } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { ANY_BACKEND, getKernel, type OpKernel, registerKernel } from '../kernels/op-kernels.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp, type OpFn } from '../registry.js';
import { describe, type Shape, sizeOf } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import {
  avgPool2dBackwardFast,
  avgPool2dFast,
  gatherAtFast,
  maxPool2dArgmaxFast,
  maxPool2dFast,
  scatterAtFast,
} from './pool-fast.js';
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
  type ArgmaxKernel,
  avgPool2dBackwardLoop,
  avgPool2dLoop,
  gatherAt,
  type IndexKernel,
  maxPool2dArgmax,
  maxPool2dLoop,
  type PoolKernel,
  scatterAt,
} from './pool-kernels.js';
import {
  avgPool2dBackwardWasm,
  avgPool2dWasm,
  maxPool2dArgmaxWasm,
  maxPool2dWasm,
  scatterAtWasm,
} from './pool-wasm.js';

export type { IntOrPair } from './pool-geometry.js';

// The reference backend runs the plain loops (pool-kernels.ts); every other backend the fast
// TypeScript loops (pool-fast.ts), and the WebAssembly one its SIMD kernels where they apply
// (pool-wasm.ts). All give the same bits (pool-fast.test.ts).
const kernels: [string, OpKernel, OpKernel, OpKernel | null][] = [
  ['maxPool2d', maxPool2dLoop, maxPool2dFast, maxPool2dWasm],
  ['maxPool2dIndices', maxPool2dArgmax, maxPool2dArgmaxFast, maxPool2dArgmaxWasm],
  ['maxPool2dBackward', scatterAt, scatterAtFast, scatterAtWasm],
  ['maxPool2dGather', gatherAt, gatherAtFast, null],
  ['avgPool2d', avgPool2dLoop, avgPool2dFast, avgPool2dWasm],
  ['avgPool2dBackward', avgPool2dBackwardLoop, avgPool2dBackwardFast, avgPool2dBackwardWasm],
];
for (const [op, reference, fast, wasm] of kernels) {
  registerKernel(op, 'reference', reference);
  registerKernel(op, ANY_BACKEND, fast);
  if (wasm !== null) registerKernel(op, 'wasm-simd', wasm);
}

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

/**
 * The positions of the maxima maxPool2d's forward found, by its output (kept while the output
 * is), so that its backward need not search the windows again.
 */
const maximaOf = new WeakMap<Tensor, Tensor>();

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
    const shape = withSpatial(t.shape, oh, ow);
    if (!t.requiresGrad) {
      kernel<PoolKernel>('maxPool2d', maxPool2dLoop)(t.data, planes, h, w, rows, cols, out);
      return Tensor._make(out, shape);
    }
    const idx = new Float64Array(out.length);
    const k = kernel<ArgmaxKernel>('maxPool2dIndices', maxPool2dArgmax);
    k(t.data, planes, h, w, rows, cols, out, idx);
    const y = Tensor._make(out, shape);
    maximaOf.set(y, Tensor._make(idx, shape));
    return y;
  },
  backward(g, { inputs: [x], output, attrs }) {
    const t = x as Tensor;
    const idx = maximaOf.get(output) ?? maxPool2dIndicesOp([t], attrs);
    return [maxPool2dBackwardOp([g, idx], { inputShape: t.shape })];
  },
  macs: (_, out, a) => windowMacs(out, a),
});

/** The positions (flat indices into x, float64; -1: none) of maxPool2d's maxima. */
const maxPool2dIndicesOp: OpFn<MaxPool2dAttrs> = defineOp<MaxPool2dAttrs>({
  name: 'maxPool2dIndices',
  arity: 1,
  doc: 'the position in x (a flat index, float64; -1 for a window of padding only) of each maximum maxPool2d takes; no gradient',
  validate([x], a) {
    pooledShape('maxPool2dIndices', (x as Tensor).shape, a);
  },
  forward([x], a) {
    const t = x as Tensor;
    const { planes, h, w, oh, ow, rows, cols } = maxGeometry('maxPool2dIndices', t.shape, a);
    const idx = new Float64Array(planes * oh * ow);
    const k = kernel<ArgmaxKernel>('maxPool2dIndices', maxPool2dArgmax);
    k(t.data, planes, h, w, rows, cols, null, idx);
    return Tensor._make(idx, withSpatial(t.shape, oh, ow));
  },
  macs: (_, out, a) => windowMacs(out, a),
});

interface MaxPool2dBackwardAttrs {
  readonly inputShape: Shape;
  [k: string]: unknown;
}

/**
 * maxPool2d's input gradient (inputs g and the positions of the maxima): g scattered to those
 * positions of zeros shaped as x. Linear in g; its gradient gathers from the same positions.
 */
const maxPool2dBackwardOp: OpFn<MaxPool2dBackwardAttrs> = defineOp<MaxPool2dBackwardAttrs>({
  name: 'maxPool2dBackward',
  arity: 2,
  mixedDTypes: true,
  doc: "g added at the positions of maxPool2d's maxima in zeros shaped as its input, maxPool2d's input gradient (inputs g, positions)",
  validate([g, idx]) {
    expectShape(
      'maxPool2dBackward',
      'g (shaped as the positions)',
      g as Tensor,
      (idx as Tensor).shape,
    );
  },
  forward([g, idx], { inputShape }) {
    const t = g as Tensor;
    const gx = allocate(t.dtype, sizeOf(inputShape));
    kernel<IndexKernel>('maxPool2dBackward', scatterAt)(
      t.data,
      (idx as Tensor).data as Float64Array,
      gx,
    );
    return Tensor._make(gx, inputShape);
  },
  backward: (gg, { inputs: [, idx], needsInputGrad }) => [
    needsInputGrad[0] ? maxPool2dGatherOp([gg, idx as Tensor]) : null,
    null,
  ],
  macs: ([g]) => (g as Tensor).size,
});

/**
 * The adjoint of maxPool2dBackward in g (inputs src shaped as maxPool2d's input, and the
 * positions): src read at each position. Linear in src.
 */
const maxPool2dGatherOp: OpFn = defineOp({
  name: 'maxPool2dGather',
  arity: 2,
  mixedDTypes: true,
  doc: "src read at the positions of maxPool2d's maxima, maxPool2dBackward's gradient (inputs src, positions; shaped as maxPool2d's output)",
  forward([src, idx]) {
    const s = src as Tensor;
    const ix = idx as Tensor;
    const out = allocate(s.dtype, ix.size);
    kernel<IndexKernel>('maxPool2dGather', gatherAt)(s.data, ix.data as Float64Array, out);
    return Tensor._make(out, ix.shape);
  },
  backward: (h, { inputs: [src, idx], needsInputGrad }) => [
    needsInputGrad[0]
      ? maxPool2dBackwardOp([h, idx as Tensor], { inputShape: (src as Tensor).shape })
      : null,
    null,
  ],
  macs: ([, idx]) => (idx as Tensor).size,
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
