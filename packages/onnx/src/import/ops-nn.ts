/**
 * Network ONNX ops: MatMul, Gemm, Conv, ConvTranspose, MaxPool, AveragePool, the global pools,
 * BatchNormalization and Dropout (inference), LayerNormalization, Softmax / LogSoftmax and the
 * reductions, on gradscope's differentiable ops.
 */
import {
  avgPool2d,
  conv1d,
  conv2d,
  convTranspose2d,
  linear,
  logSoftmax,
  logSumExp,
  matmul,
  max,
  maxPool2d,
  mean,
  min,
  pad,
  softmax,
  sum,
  type Tensor,
} from '@gradscope/core';
import type { NodeContext } from './node-context.js';
import { floatInput, type OpImpl } from './op-support.js';
import { checkedSize, intList, normAxis, type OnnxValue } from './values.js';

/** Refuses a node whose optional extra outputs (pool indices, batch-norm statistics) are used. */
function onlyFirstOutput(ctx: NodeContext, what: string): void {
  if (ctx.node.output.slice(1).some((o) => o !== ''))
    throw ctx.error(`its ${what} output is not supported; only the first output is`);
}

interface Window {
  /** Kernel size per spatial axis. */
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** Padding before and after, per spatial axis. */
  before: number[];
  after: number[];
}

/** The window attributes of a Conv or pool over `spatial` axes (auto_pad resolved on `inShape`). */
function windowOf(ctx: NodeContext, kernel: number[], inShape: readonly number[]): Window {
  const n = kernel.length;
  const strides = ctx.ints('strides', undefined) ?? new Array<number>(n).fill(1);
  const dilations = ctx.ints('dilations', undefined) ?? new Array<number>(n).fill(1);
  const pads = ctx.ints('pads', undefined) ?? new Array<number>(2 * n).fill(0);
  if (strides.length !== n || dilations.length !== n || pads.length !== 2 * n)
    throw ctx.error(
      `expected ${n} strides and dilations and ${2 * n} pads for a ${n}-d window, got ${strides.length}, ${dilations.length} and ${pads.length}`,
    );
  const before = pads.slice(0, n);
  const after = pads.slice(n);
  const autoPad = ctx.string('auto_pad', 'NOTSET');
  if (autoPad === 'VALID') {
    before.fill(0);
    after.fill(0);
  } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    for (let i = 0; i < n; i++) {
      const size = inShape[inShape.length - n + i] as number;
      const s = strides[i] as number;
      const k = ((kernel[i] as number) - 1) * (dilations[i] as number) + 1;
      const total = Math.max((Math.ceil(size / s) - 1) * s + k - size, 0);
      const small = Math.floor(total / 2);
      before[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      after[i] = total - (before[i] as number);
    }
  } else if (autoPad !== 'NOTSET') throw ctx.error(`auto_pad '${autoPad}' is not supported`);
  if (
    strides.some((v) => v < 1) ||
    dilations.some((v) => v < 1) ||
    [...before, ...after].some((v) => v < 0)
  )
    throw ctx.error(
      `expected strides and dilations ≥ 1 and pads ≥ 0, got strides [${strides.join(', ')}], dilations [${dilations.join(', ')}], pads [${[...before, ...after].join(', ')}]`,
    );
  // The padded input must stay within the importer's size limit (a hostile pad of 10^9).
  checkedSize(
    inShape.map((d, i) => {
      const j = i - (inShape.length - n);
      return j < 0 ? d : d + (before[j] as number) + (after[j] as number);
    }),
    `fromONNX: ${ctx.label}: padded input`,
  );
  return { kernel, strides, dilations, before, after };
}

const symmetric = (w: Window) => w.before.every((b, i) => b === w.after[i]);

/** Pads the spatial axes of `x` explicitly (for asymmetric padding) with `value`. */
function padSpatial(x: Tensor, w: Window, value: number): Tensor {
  const pairs: number[] = [];
  for (let i = w.kernel.length - 1; i >= 0; i--)
    pairs.push(w.before[i] as number, w.after[i] as number);
  return pad(x, pairs, { mode: 'constant', value });
}

function convOp(inputs: ReadonlyArray<OnnxValue | undefined>, ctx: NodeContext): Tensor {
  const x = floatInput(inputs, 0, ctx);
  const w = floatInput(inputs, 1, ctx);
  const b = inputs[2] === undefined ? null : floatInput(inputs, 2, ctx);
  const n = w.ndim - 2;
  if (n !== 1 && n !== 2)
    throw ctx.error(`only 1-d and 2-d convolutions are supported, got a weight of rank ${w.ndim}`);
  const win = windowOf(ctx, w.shape.slice(2), x.shape);
  const group = ctx.int('group', 1);
  let input = x;
  let padding = win.before;
  if (!symmetric(win)) {
    input = padSpatial(x, win, 0);
    padding = padding.map(() => 0);
  }
  if (n === 1)
    return conv1d(input, w, b, {
      stride: win.strides[0] as number,
      padding: padding[0] as number,
      dilation: win.dilations[0] as number,
      groups: group,
    });
  const pair = (v: number[]) => [v[0], v[1]] as [number, number];
  return conv2d(input, w, b, {
    stride: pair(win.strides),
    padding: pair(padding),
    dilation: pair(win.dilations),
    groups: group,
  });
}

function convTransposeOp(inputs: ReadonlyArray<OnnxValue | undefined>, ctx: NodeContext): Tensor {
  const x = floatInput(inputs, 0, ctx);
  const w = floatInput(inputs, 1, ctx);
  const b = inputs[2] === undefined ? null : floatInput(inputs, 2, ctx);
  if (w.ndim !== 4)
    throw ctx.error(
      `only 2-d transposed convolutions are supported, got a weight of rank ${w.ndim}`,
    );
  if (ctx.has('output_shape'))
    throw ctx.error("attribute 'output_shape' is not supported; give pads");
  const win = windowOf(ctx, w.shape.slice(2), x.shape);
  if (!symmetric(win)) throw ctx.error('asymmetric pads are not supported');
  const op = ctx.ints('output_padding', undefined) ?? [0, 0];
  const pair = (v: number[]) => [v[0], v[1]] as [number, number];
  return convTranspose2d(x, w, b, {
    stride: pair(win.strides),
    padding: pair(win.before),
    outputPadding: pair(op),
    dilation: pair(win.dilations),
    groups: ctx.int('group', 1),
  });
}

/**
 * The input and padding a pool runs with: the window's own padding when it is symmetric and at
 * most half the kernel (as gradscope's pools take it), else the input padded explicitly with
 * `fill` and no padding.
 */
function poolPadding(x: Tensor, win: Window, fill: number): { input: Tensor; padding: number[] } {
  const fits = win.before.every((p, i) => p <= Math.floor((win.kernel[i] as number) / 2));
  if (symmetric(win) && fits) return { input: x, padding: win.before };
  return { input: padSpatial(x, win, fill), padding: win.before.map(() => 0) };
}

/** Runs a 2-d pool on a 1-d input by adding a height of 1. */
function as2d(x: Tensor, n: number, f: (x4: Tensor) => Tensor): Tensor {
  if (n === 2) return f(x);
  const s = x.shape;
  const y = f(x.reshape([...s.slice(0, -1), 1, s[s.length - 1] as number]));
  return y.reshape([...y.shape.slice(0, -2), y.shape[y.shape.length - 1] as number]);
}

function poolWindow(ctx: NodeContext, x: Tensor): Window {
  const kernel = ctx.ints('kernel_shape', undefined);
  if (kernel === undefined) throw ctx.error("attribute 'kernel_shape' is required");
  if (kernel.length !== 1 && kernel.length !== 2)
    throw ctx.error(
      `only 1-d and 2-d pooling is supported, got kernel_shape [${kernel.join(', ')}]`,
    );
  return windowOf(ctx, kernel, x.shape);
}

const lift1 = (w: Window, v: number[], one: number) =>
  w.kernel.length === 1 ? [one, v[0] as number] : v;

function maxPoolOp(inputs: ReadonlyArray<OnnxValue | undefined>, ctx: NodeContext): Tensor {
  onlyFirstOutput(ctx, 'Indices');
  if (ctx.int('storage_order', 0) !== 0) throw ctx.error('storage_order 1 is not supported');
  const x = floatInput(inputs, 0, ctx);
  const win = poolWindow(ctx, x);
  const ceilMode = ctx.int('ceil_mode', 0) === 1;
  const { input, padding } = poolPadding(x, win, Number.NEGATIVE_INFINITY);
  const k = lift1(win, win.kernel, 1);
  return as2d(input, win.kernel.length, (t) =>
    maxPool2d(t, [k[0], k[1]] as [number, number], {
      stride: lift1(win, win.strides, 1) as [number, number],
      padding: lift1(win, padding, 0) as [number, number],
      dilation: lift1(win, win.dilations, 1) as [number, number],
      ceilMode,
    }),
  );
}

function avgPoolOp(inputs: ReadonlyArray<OnnxValue | undefined>, ctx: NodeContext): Tensor {
  const x = floatInput(inputs, 0, ctx);
  const win = poolWindow(ctx, x);
  if (win.dilations.some((d) => d !== 1))
    throw ctx.error('dilations other than 1 are not supported');
  const countIncludePad = ctx.int('count_include_pad', 0) === 1;
  const ceilMode = ctx.int('ceil_mode', 0) === 1;
  const { input, padding } = poolPadding(x, win, 0);
  if (input !== x && !countIncludePad && [...win.before, ...win.after].some((p) => p > 0))
    throw ctx.error('asymmetric or large pads with count_include_pad = 0 are not supported');
  const k = lift1(win, win.kernel, 1);
  return as2d(input, win.kernel.length, (t) =>
    avgPool2d(t, [k[0], k[1]] as [number, number], {
      stride: lift1(win, win.strides, 1) as [number, number],
      padding: lift1(win, padding, 0) as [number, number],
      ceilMode,
      countIncludePad,
    }),
  );
}

const spatialAxes = (x: Tensor) => Array.from({ length: x.ndim - 2 }, (_, i) => i + 2);

/** Per-channel `[C]` → `[1, C, 1, ...]` for an input of rank `rank`. */
const perChannel = (t: Tensor, rank: number) =>
  t.reshape(Array.from({ length: rank }, (_, i) => (i === 1 ? (t.shape[0] as number) : 1)));

function batchNormOp(inputs: ReadonlyArray<OnnxValue | undefined>, ctx: NodeContext): Tensor {
  if (ctx.int('training_mode', 0) !== 0)
    throw ctx.error('training_mode 1 is not supported: export the model in inference mode');
  onlyFirstOutput(ctx, 'running statistics');
  const [x, scale, b, m, v] = [0, 1, 2, 3, 4].map((i) => floatInput(inputs, i, ctx)) as Tensor[];
  const r = (x as Tensor).ndim;
  const eps = ctx.float('epsilon', 1e-5);
  const xhat = (x as Tensor).sub(perChannel(m as Tensor, r)).div(
    perChannel(v as Tensor, r)
      .add(eps)
      .sqrt(),
  );
  return xhat.mul(perChannel(scale as Tensor, r)).add(perChannel(b as Tensor, r));
}

function layerNormOp(inputs: ReadonlyArray<OnnxValue | undefined>, ctx: NodeContext): Tensor {
  onlyFirstOutput(ctx, 'Mean / InvStdDev');
  const x = floatInput(inputs, 0, ctx);
  const scale = floatInput(inputs, 1, ctx);
  const a = normAxis(ctx.int('axis', -1), x.ndim, `fromONNX: ${ctx.label}`);
  const axes = Array.from({ length: x.ndim - a }, (_, i) => a + i);
  const c = x.sub(x.mean(axes, true));
  const y = c.div(c.square().mean(axes, true).add(ctx.float('epsilon', 1e-5)).sqrt()).mul(scale);
  return inputs[2] === undefined ? y : y.add(floatInput(inputs, 2, ctx));
}

/** A reduction whose axes are an input from `inputFrom` on (an attribute before). */
function reduction(
  f: (x: Tensor, axes: number[], keep: boolean) => Tensor,
  inputFrom: number,
): OpImpl {
  return (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    const given =
      ctx.opset >= inputFrom
        ? inputs[1] === undefined
          ? undefined
          : intList(inputs[1], `fromONNX: ${ctx.label}: axes`)
        : ctx.ints('axes', undefined);
    const keep = ctx.int('keepdims', 1) === 1;
    if ((given === undefined || given.length === 0) && ctx.int('noop_with_empty_axes', 0) === 1)
      return [x];
    const axes =
      given === undefined || given.length === 0
        ? Array.from({ length: x.ndim }, (_, i) => i)
        : given.map((a) => normAxis(a, x.ndim, `fromONNX: ${ctx.label}`));
    return [f(x, axes, keep)];
  };
}

function softmaxLike(f: (x: Tensor, axis: number) => Tensor): OpImpl {
  return (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    return [f(x, normAxis(ctx.int('axis', -1), x.ndim, `fromONNX: ${ctx.label}`))];
  };
}

/** Network ONNX ops by op type. */
export const nnOps: { readonly [opType: string]: OpImpl } = {
  MatMul: (inputs, ctx) => [matmul(floatInput(inputs, 0, ctx), floatInput(inputs, 1, ctx))],
  Gemm: (inputs, ctx) => {
    const a = floatInput(inputs, 0, ctx);
    const b = floatInput(inputs, 1, ctx);
    const c = inputs[2] === undefined ? null : floatInput(inputs, 2, ctx);
    const alpha = ctx.float('alpha', 1);
    const beta = ctx.float('beta', 1);
    const transA = ctx.int('transA', 0) === 1;
    const transB = ctx.int('transB', 0) === 1;
    if (alpha === 1 && beta === 1 && !transA && transB && (c === null || c.ndim === 1))
      return [linear(a, b, c)];
    let y = matmul(a, b, { transA, transB });
    if (alpha !== 1) y = y.mul(alpha);
    if (c !== null) y = y.add(beta === 1 ? c : c.mul(beta));
    return [y];
  },
  Conv: (inputs, ctx) => [convOp(inputs, ctx)],
  ConvTranspose: (inputs, ctx) => [convTransposeOp(inputs, ctx)],
  MaxPool: (inputs, ctx) => [maxPoolOp(inputs, ctx)],
  AveragePool: (inputs, ctx) => [avgPoolOp(inputs, ctx)],
  GlobalAveragePool: (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    return [mean(x, spatialAxes(x), true)];
  },
  GlobalMaxPool: (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    return [max(x, spatialAxes(x), true)];
  },
  BatchNormalization: (inputs, ctx) => [batchNormOp(inputs, ctx)],
  LayerNormalization: (inputs, ctx) => [layerNormOp(inputs, ctx)],
  Dropout: (inputs, ctx) => {
    onlyFirstOutput(ctx, 'mask');
    return [floatInput(inputs, 0, ctx)];
  },
  Softmax: softmaxLike(softmax),
  LogSoftmax: softmaxLike(logSoftmax),
  ReduceSum: reduction((x, a, k) => sum(x, a, k), 13),
  ReduceMean: reduction((x, a, k) => mean(x, a, k), 18),
  ReduceMax: reduction((x, a, k) => max(x, a, k), 18),
  ReduceMin: reduction((x, a, k) => min(x, a, k), 18),
  ReduceLogSumExp: reduction((x, a, k) => logSumExp(x, a, k), 18),
  ReduceSumSquare: reduction((x, a, k) => sum(x.square(), a, k), 18),
  ReduceL1: reduction((x, a, k) => sum(x.abs(), a, k), 18),
  ReduceL2: reduction((x, a, k) => sum(x.square(), a, k).sqrt(), 18),
};
