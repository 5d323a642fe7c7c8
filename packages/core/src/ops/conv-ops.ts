/**
 * The registered 2-D convolution op and its two backward ops, whose rules refer to each other
 * (as linear's do): `conv2d`'s input gradient is `conv2dInputGrad` (a transposed convolution),
 * its weight gradient `conv2dWeightGrad`, its bias gradient a sum; each backward op's own rule is
 * made of `conv2d` and the other backward op, so gradients of any order are convolutions. The
 * public functions are in `conv.ts`, `conv1d.ts` and `conv-transpose.ts`.
 */
import { allocate } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { getKernels } from '../kernels/index.js';
import type { ConvGeometry } from '../kernels/kernels.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp, type OpFn } from '../registry.js';
import type { Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { ConvAttrs } from './conv-args.js';
import { convGeometry, gradGeometry } from './conv-geometry.js';
import { sum } from './reduce.js';
import { slice } from './shape-ops.js';

/** What `conv2dInputGrad` records: the convolution's options and its input's spatial size. */
export interface InputGradAttrs extends ConvAttrs {
  readonly inputSize: readonly [number, number];
}

/** What `conv2dWeightGrad` records: the convolution's options and its kernel size. */
export interface WeightGradAttrs extends ConvAttrs {
  readonly kernelSize: readonly [number, number];
}

/** Multiply–adds of a convolution: `n · o · oh · ow · (c / groups) · kh · kw`. */
export function convMacs(geo: ConvGeometry): number {
  return ((geo.n * geo.o * geo.oh * geo.ow * geo.c) / geo.groups) * geo.kh * geo.kw;
}

/** The options part of a conv op's attributes (the extra keys of the backward ops dropped). */
export function convOptions(a: ConvAttrs): ConvAttrs {
  return { stride: a.stride, padding: a.padding, dilation: a.dilation, groups: a.groups };
}

/** `[N, C, H, W]` (or `[C, H, W]` when `like` is unbatched) with `n` taken from `like`. */
function batchedLike(like: Shape, c: number, h: number, w: number): number[] {
  return like.length === 4 ? [like[0] as number, c, h, w] : [c, h, w];
}

/**
 * `y` cut to the spatial size of `like` (its last two axes). A convolution's output can be
 * larger than a transposed convolution's input when that had output padding; the rows and
 * columns past it are the ones output padding added, which no input reads.
 */
export function cropTo(y: Tensor, like: Shape): Tensor {
  const r = y.ndim;
  if (y.shape[r - 2] === like[r - 2] && y.shape[r - 1] === like[r - 1]) return y;
  const size = (like as number[]).slice();
  return slice(y, new Array<number>(r).fill(0), size);
}

/**
 * A 2-D convolution's bias gradient: `g` (`[N, O, H, W]` or `[O, H, W]`) summed over all but the
 * channel axis, as two sums (the spatial axes, then the batch) that each run as one contiguous
 * pass, where one sum over axes 0, 2 and 3 would take the kernels' general strided path.
 */
export function biasGrad(g: Tensor): Tensor {
  const spatial = sum(g, [g.ndim - 2, g.ndim - 1]);
  return g.ndim === 4 ? sum(spatial, [0]) : spatial;
}

function tensorsOf(op: string, inputs: readonly Tensor[]): [Tensor, Tensor, Tensor | null] {
  if (inputs.length !== 2 && inputs.length !== 3)
    throw new ArgumentError(
      `${op}: expected 2 or 3 inputs (x, weight, bias?), got ${inputs.length}`,
    );
  return [inputs[0] as Tensor, inputs[1] as Tensor, (inputs[2] as Tensor | undefined) ?? null];
}

/** The input-gradient op's geometry: `g` `[N, O, oh, ow]`, weight `w`, the input's size. */
function inputGradGeometry(g: Tensor, w: Tensor, a: InputGradAttrs): [ConvGeometry, number[]] {
  const xShape = batchedLike(
    g.shape,
    (w.shape[1] as number) * a.groups,
    a.inputSize[0],
    a.inputSize[1],
  );
  return [gradGeometry('conv2dInputGrad', g.shape, xShape, w.shape, a), xShape];
}

/** The weight-gradient op's geometry: `g` `[N, O, oh, ow]`, input `x`, the kernel size. */
function weightGradGeometry(g: Tensor, x: Tensor, a: WeightGradAttrs): [ConvGeometry, number[]] {
  const o = g.shape[g.ndim - 3] as number;
  const c = x.shape[x.ndim - 3] as number;
  const wShape = [o, c / a.groups, a.kernelSize[0], a.kernelSize[1]];
  return [gradGeometry('conv2dWeightGrad', g.shape, x.shape, wShape, a), wShape];
}

/**
 * conv2d's input gradient, a transposed convolution: for the output gradient `g` and the
 * weight, the gradient of the input (inputs g, weight; shaped as the input).
 */
export const conv2dInputGradOp: OpFn<InputGradAttrs> = defineOp<InputGradAttrs>({
  name: 'conv2dInputGrad',
  arity: 2,
  doc: "conv2d's input gradient, a transposed convolution of g with the weight (inputs g, weight; shaped as the input)",
  validate([g, w], a) {
    inputGradGeometry(g as Tensor, w as Tensor, a);
  },
  forward([g, w], a) {
    const gt = g as Tensor;
    const wt = w as Tensor;
    const [geo, xShape] = inputGradGeometry(gt, wt, a);
    const out = allocate(gt.dtype, geo.n * geo.c * geo.h * geo.w);
    getKernels().conv2dInputGrad(gt.data, wt.data, out, geo);
    return Tensor._make(out, xShape);
  },
  // gx = Aᵀ_w g, linear in g and in w: dg = conv2d(ggx, w) (A_w ggx), dw = weightGrad(g, ggx).
  backward(ggx, { inputs: [g, w], attrs, needsInputGrad }) {
    const gt = g as Tensor;
    const wt = w as Tensor;
    return [
      needsInputGrad[0] ? cropTo(conv2dOp([ggx, wt], convOptions(attrs)), gt.shape) : null,
      needsInputGrad[1]
        ? conv2dWeightGradOp([gt, ggx], {
            ...convOptions(attrs),
            kernelSize: [wt.shape[2] as number, wt.shape[3] as number],
          })
        : null,
    ];
  },
  macs: ([g, w], _out, a) => convMacs(inputGradGeometry(g as Tensor, w as Tensor, a)[0]),
});

/**
 * conv2d's weight gradient: for the output gradient `g` and the input, the gradient of the
 * weight, summed over the batch (inputs g, x; shaped as the weight).
 */
export const conv2dWeightGradOp: OpFn<WeightGradAttrs> = defineOp<WeightGradAttrs>({
  name: 'conv2dWeightGrad',
  arity: 2,
  doc: "conv2d's weight gradient, g correlated with the input and summed over the batch (inputs g, x; shaped as the weight)",
  validate([g, x], a) {
    weightGradGeometry(g as Tensor, x as Tensor, a);
  },
  forward([g, x], a) {
    const gt = g as Tensor;
    const xt = x as Tensor;
    const [geo, wShape] = weightGradGeometry(gt, xt, a);
    const out = allocate(gt.dtype, geo.o * (geo.c / geo.groups) * geo.kh * geo.kw);
    getKernels().conv2dWeightGrad(gt.data, xt.data, out, geo);
    return Tensor._make(out, wShape);
  },
  // gw is bilinear in g and x: <ggw, gw(g, x)> = <g, conv2d(x, ggw)> = <inputGrad(g, ggw), x>.
  backward(ggw, { inputs: [g, x], attrs, needsInputGrad }) {
    const gt = g as Tensor;
    const xt = x as Tensor;
    return [
      needsInputGrad[0] ? cropTo(conv2dOp([xt, ggw], convOptions(attrs)), gt.shape) : null,
      needsInputGrad[1]
        ? conv2dInputGradOp([gt, ggw], {
            ...convOptions(attrs),
            inputSize: [xt.shape[xt.ndim - 2] as number, xt.shape[xt.ndim - 1] as number],
          })
        : null,
    ];
  },
  macs: ([g, x], _out, a) => convMacs(weightGradGeometry(g as Tensor, x as Tensor, a)[0]),
});

/** The registered `conv2d` op: inputs x, weight and optionally bias. */
export const conv2dOp: OpFn<ConvAttrs> = defineOp<ConvAttrs>({
  name: 'conv2d',
  arity: 'variadic',
  doc: opDocs.conv2d,
  validate(inputs, a) {
    const [x, w, b] = tensorsOf('conv2d', inputs);
    convGeometry('conv2d', x.shape, w.shape, b === null ? null : b.shape, a);
  },
  forward(inputs, a) {
    const [x, w, b] = tensorsOf('conv2d', inputs);
    const geo = convGeometry('conv2d', x.shape, w.shape, b === null ? null : b.shape, a);
    const out = allocate(x.dtype, geo.n * geo.o * geo.oh * geo.ow);
    getKernels().conv2d(x.data, w.data, b === null ? null : b.data, out, geo);
    return Tensor._make(out, batchedLike(x.shape, geo.o, geo.oh, geo.ow));
  },
  backward(g, { inputs, attrs, needsInputGrad }) {
    const [x, w, b] = tensorsOf('conv2d', inputs);
    const options = convOptions(attrs);
    const gx = needsInputGrad[0]
      ? conv2dInputGradOp([g, w], {
          ...options,
          inputSize: [x.shape[x.ndim - 2] as number, x.shape[x.ndim - 1] as number],
        })
      : null;
    const gw = needsInputGrad[1]
      ? conv2dWeightGradOp([g, x], {
          ...options,
          kernelSize: [w.shape[2] as number, w.shape[3] as number],
        })
      : null;
    const gb = b !== null && needsInputGrad[2] ? biasGrad(g) : null;
    return b === null ? [gx, gw] : [gx, gw, gb];
  },
  macs: (inputs, _out, a) => {
    const [x, w, b] = tensorsOf('conv2d', inputs);
    return convMacs(convGeometry('conv2d', x.shape, w.shape, b === null ? null : b.shape, a));
  },
});
