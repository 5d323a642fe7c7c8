/**
 * `adaptiveAvgPool2d`, as PyTorch's `F.adaptive_avg_pool2d`: average pooling to a given output
 * size, the windows computed from the sizes alone. Its backward op spreads each gradient over
 * its window and is linear, its rule the forward again.
 */
import { allocate } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { ANY_BACKEND, getKernel, registerKernel } from '../kernels/op-kernels.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp, type OpFn } from '../registry.js';
import { describe, type Shape, sizeOf } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { avgPool2dBackwardFast, avgPool2dFast } from './pool-fast.js';
import { adaptiveWindows, expectShape, type Pair, planesOf, withSpatial } from './pool-geometry.js';
import { avgPool2dBackwardLoop, avgPool2dLoop, type PoolKernel } from './pool-kernels.js';
import { avgPool2dBackwardWasm, avgPool2dWasm } from './pool-wasm.js';

// Average pooling's kernels over the adaptive windows: the plain loops on the reference
// backend, the fast ones (uniform windows, such as 28 -> 14 or a global pooling) elsewhere.
registerKernel('adaptiveAvgPool2d', 'reference', avgPool2dLoop);
registerKernel('adaptiveAvgPool2d', ANY_BACKEND, avgPool2dFast);
registerKernel('adaptiveAvgPool2d', 'wasm-simd', avgPool2dWasm);
registerKernel('adaptiveAvgPool2dBackward', 'reference', avgPool2dBackwardLoop);
registerKernel('adaptiveAvgPool2dBackward', ANY_BACKEND, avgPool2dBackwardFast);
registerKernel('adaptiveAvgPool2dBackward', 'wasm-simd', avgPool2dBackwardWasm);

interface AdaptiveAttrs {
  readonly outputSize: Pair;
  [k: string]: unknown;
}
interface AdaptiveBackwardAttrs extends AdaptiveAttrs {
  readonly inputShape: Shape;
}

function geometry(where: string, shape: Shape, a: AdaptiveAttrs) {
  const [planes, h, w] = planesOf(where, shape);
  const [oh, ow] = a.outputSize;
  return { planes, h, w, oh, ow, rows: adaptiveWindows(h, oh), cols: adaptiveWindows(w, ow) };
}

/** Elements read over all windows: planes · Σ window heights · Σ window widths. */
function macs(shape: Shape, a: AdaptiveAttrs): number {
  const { planes, rows, cols } = geometry('adaptiveAvgPool2d', shape, a);
  let sr = 0;
  let sc = 0;
  for (let i = 0; i < rows.start.length; i++)
    sr += (rows.end[i] as number) - (rows.start[i] as number);
  for (let j = 0; j < cols.start.length; j++)
    sc += (cols.end[j] as number) - (cols.start[j] as number);
  return planes * sr * sc;
}

const adaptiveAvgPool2dOp: OpFn<AdaptiveAttrs> = defineOp<AdaptiveAttrs>({
  name: 'adaptiveAvgPool2d',
  arity: 1,
  doc: opDocs.adaptiveAvgPool2d,
  validate([x]) {
    planesOf('adaptiveAvgPool2d', (x as Tensor).shape);
  },
  forward([x], a) {
    const t = x as Tensor;
    const { planes, h, w, oh, ow, rows, cols } = geometry('adaptiveAvgPool2d', t.shape, a);
    const out = allocate(t.dtype, planes * oh * ow);
    const k = (getKernel('adaptiveAvgPool2d') as PoolKernel | undefined) ?? avgPool2dLoop;
    k(t.data, planes, h, w, rows, cols, out);
    return Tensor._make(out, withSpatial(t.shape, oh, ow));
  },
  backward: (g, { inputs: [x], attrs }) => [
    adaptiveAvgPool2dBackwardOp([g], {
      outputSize: attrs.outputSize,
      inputShape: (x as Tensor).shape,
    }),
  ],
  macs: ([x], _, a) => macs((x as Tensor).shape, a),
});

const adaptiveAvgPool2dBackwardOp: OpFn<AdaptiveBackwardAttrs> = defineOp<AdaptiveBackwardAttrs>({
  name: 'adaptiveAvgPool2dBackward',
  arity: 1,
  doc: "g spread evenly over each window, adaptiveAvgPool2d's input gradient (input g; shaped as its input)",
  validate([g], a) {
    planesOf('adaptiveAvgPool2dBackward', a.inputShape);
    const [oh, ow] = a.outputSize;
    expectShape('adaptiveAvgPool2dBackward', 'g', g as Tensor, withSpatial(a.inputShape, oh, ow));
  },
  forward([g], a) {
    const t = g as Tensor;
    const { planes, h, w, rows, cols } = geometry('adaptiveAvgPool2dBackward', a.inputShape, a);
    const gx = allocate(t.dtype, sizeOf(a.inputShape));
    const k =
      (getKernel('adaptiveAvgPool2dBackward') as PoolKernel | undefined) ?? avgPool2dBackwardLoop;
    k(t.data, planes, h, w, rows, cols, gx);
    return Tensor._make(gx, a.inputShape);
  },
  // Linear: the adjoint of the adjoint is the pooling itself.
  backward: (gg, { attrs }) => [adaptiveAvgPool2dOp([gg], { outputSize: attrs.outputSize })],
  macs: (_, __, a) => macs(a.inputShape, a),
});

/** An output size per spatial axis: one size for both, or a pair; null keeps the input's size. */
export type AdaptiveSize = number | null | readonly [number | null, number | null];

/**
 * Adaptive 2-D average pooling of `x` (`[N, C, H, W]` or `[C, H, W]`) to `outputSize`
 * (`[outH, outW]`, or one size for both; null keeps that axis's input size), as PyTorch's
 * `F.adaptive_avg_pool2d`: output `i` of `out` along an axis of size `n` averages input indices
 * `floor(i·n/out)` to `ceil((i+1)·n/out) − 1`, so windows may overlap or differ in size. Linear:
 * the gradient spreads each output's gradient evenly over its window.
 *
 * @example
 * adaptiveAvgPool2d(x, 1); // global average pooling: [N, C, H, W] → [N, C, 1, 1]
 * adaptiveAvgPool2d(x, [7, null]); // [N, C, H, W] → [N, C, 7, W]
 */
export function adaptiveAvgPool2d(x: TensorLike, outputSize: AdaptiveSize): Tensor {
  const where = 'adaptiveAvgPool2d';
  const t = Tensor.from(x, where);
  const [, h, w] = planesOf(where, t.shape);
  const ok = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 1);
  const pair =
    Array.isArray(outputSize) && outputSize.length === 2
      ? (outputSize as readonly unknown[])
      : Array.isArray(outputSize)
        ? null
        : [outputSize, outputSize];
  if (pair === null || !ok(pair[0]) || !ok(pair[1])) {
    throw new ArgumentError(
      `${where}: outputSize must be a positive integer, null or a pair of them, got ${describe(outputSize)}`,
    );
  }
  const size: Pair = [(pair[0] as number | null) ?? h, (pair[1] as number | null) ?? w];
  return adaptiveAvgPool2dOp([t], { outputSize: size });
}
