/**
 * ONNX mappings of core's convolution, pooling and padding ops: `Conv`, `ConvTranspose`,
 * `MaxPool`, `AveragePool`, `GlobalAveragePool` and `Pad`, on batched inputs (`[N, C, H, W]`,
 * `[N, C, L]` for conv1d).
 */
import { OnnxError } from './errors.js';
import { int, ints, type OnnxMapping, type OnnxMappingContext, str } from './mapping.js';

function pair(ctx: OnnxMappingContext, key: string, fallback: number): [number, number] {
  const v = ctx.attrs[key];
  if (v === undefined || v === null) return [fallback, fallback];
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'))
    return [v[0] as number, v[1] as number];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number')
    return [v[0] as number, v[0] as number];
  throw new OnnxError(
    `toONNX: op '${ctx.op}' expected attribute '${key}' to be a number or a pair, got ${JSON.stringify(v)}`,
  );
}

function one(ctx: OnnxMappingContext, key: string, fallback: number): number {
  const v = ctx.attrs[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return v[0] as number;
  throw new OnnxError(
    `toONNX: op '${ctx.op}' expected attribute '${key}' to be a number, got ${JSON.stringify(v)}`,
  );
}

function requireRank(ctx: OnnxMappingContext, rank: number, layout: string): void {
  const r = (ctx.inputShapes[0] as readonly number[]).length;
  if (r !== rank)
    throw new OnnxError(
      `toONNX: op '${ctx.op}' is exported for batched input ${layout} only, got an input of rank ${r}`,
    );
}

/** 'same' padding as PyTorch: the odd extra zero goes at the end (bottom / right). */
function samePads(kernel: readonly number[], dilation: readonly number[]): number[] {
  const begin = kernel.map((k, i) => Math.floor(((dilation[i] as number) * (k - 1)) / 2));
  const end = kernel.map((k, i) => (dilation[i] as number) * (k - 1) - (begin[i] as number));
  return [...begin, ...end];
}

function conv2d(ctx: OnnxMappingContext): string {
  requireRank(ctx, 4, '[N, C, H, W]');
  const w = ctx.inputShapes[1] as readonly number[];
  const kernel = [w[2] as number, w[3] as number];
  const dilation = pair(ctx, 'dilation', 1);
  const p = ctx.attrs.padding;
  const pads =
    p === 'same'
      ? samePads(kernel, dilation)
      : [...pair(ctx, 'padding', 0), ...pair(ctx, 'padding', 0)];
  return ctx.node('Conv', ctx.inputs, {
    kernel_shape: ints(kernel),
    strides: ints(pair(ctx, 'stride', 1)),
    dilations: ints(dilation),
    pads: ints(pads),
    group: int(one(ctx, 'groups', 1)),
  });
}

function conv1d(ctx: OnnxMappingContext): string {
  requireRank(ctx, 3, '[N, C, L]');
  const w = ctx.inputShapes[1] as readonly number[];
  const kernel = [w[2] as number];
  const dilation = [one(ctx, 'dilation', 1)];
  const p = ctx.attrs.padding;
  const pads =
    p === 'same' ? samePads(kernel, dilation) : [one(ctx, 'padding', 0), one(ctx, 'padding', 0)];
  return ctx.node('Conv', ctx.inputs, {
    kernel_shape: ints(kernel),
    strides: ints([one(ctx, 'stride', 1)]),
    dilations: ints(dilation),
    pads: ints(pads),
    group: int(one(ctx, 'groups', 1)),
  });
}

function convTranspose2d(ctx: OnnxMappingContext): string {
  requireRank(ctx, 4, '[N, C, H, W]');
  const w = ctx.inputShapes[1] as readonly number[];
  const padding = pair(ctx, 'padding', 0);
  return ctx.node('ConvTranspose', ctx.inputs, {
    kernel_shape: ints([w[2] as number, w[3] as number]),
    strides: ints(pair(ctx, 'stride', 1)),
    dilations: ints(pair(ctx, 'dilation', 1)),
    pads: ints([...padding, ...padding]),
    output_padding: ints(pair(ctx, 'outputPadding', 0)),
    group: int(one(ctx, 'groups', 1)),
  });
}

function maxPool2d(ctx: OnnxMappingContext): string {
  requireRank(ctx, 4, '[N, C, H, W]');
  const padding = pair(ctx, 'padding', 0);
  return ctx.node('MaxPool', [ctx.inputs[0] as string], {
    kernel_shape: ints(pair(ctx, 'kernelSize', 1)),
    strides: ints(pair(ctx, 'stride', 1)),
    dilations: ints(pair(ctx, 'dilation', 1)),
    pads: ints([...padding, ...padding]),
    ceil_mode: int(ctx.attrs.ceilMode === true ? 1 : 0),
  });
}

function avgPool2d(ctx: OnnxMappingContext): string {
  requireRank(ctx, 4, '[N, C, H, W]');
  const padding = pair(ctx, 'padding', 0);
  return ctx.node('AveragePool', [ctx.inputs[0] as string], {
    kernel_shape: ints(pair(ctx, 'kernelSize', 1)),
    strides: ints(pair(ctx, 'stride', 1)),
    pads: ints([...padding, ...padding]),
    ceil_mode: int(ctx.attrs.ceilMode === true ? 1 : 0),
    count_include_pad: int(ctx.attrs.countIncludePad === false ? 0 : 1),
  });
}

/** Global pooling for a 1×1 output, else an average pool when the sizes divide evenly. */
function adaptiveAvgPool2d(ctx: OnnxMappingContext): string {
  requireRank(ctx, 4, '[N, C, H, W]');
  const [, , h, w] = ctx.inputShapes[0] as [number, number, number, number];
  const [oh, ow] = [ctx.shape[2] as number, ctx.shape[3] as number];
  if (oh === 1 && ow === 1) return ctx.node('GlobalAveragePool', [ctx.inputs[0] as string]);
  if (h % oh !== 0 || w % ow !== 0)
    throw new OnnxError(
      `toONNX: op 'adaptiveAvgPool2d' maps to ONNX only when the output size divides the input size, got input ${h}×${w} and output ${oh}×${ow}`,
    );
  const kernel = [h / oh, w / ow];
  return ctx.node('AveragePool', [ctx.inputs[0] as string], {
    kernel_shape: ints(kernel),
    strides: ints(kernel),
  });
}

/** PyTorch-style pads (last axis first: before, after) → ONNX pads (all begins, then ends). */
function pad(ctx: OnnxMappingContext): string {
  const v = ctx.attrs.pads;
  if (!Array.isArray(v))
    throw new OnnxError(`toONNX: op 'pad' expected attribute 'pads' to be a list`);
  const pads = v as number[];
  const rank = (ctx.inputShapes[0] as readonly number[]).length;
  const begin = new Array<number>(rank).fill(0);
  const end = new Array<number>(rank).fill(0);
  for (let i = 0; 2 * i < pads.length; i++) {
    begin[rank - 1 - i] = pads[2 * i] as number;
    end[rank - 1 - i] = pads[2 * i + 1] as number;
  }
  const mode = ctx.attrs.mode === 'reflect' ? 'reflect' : 'constant';
  const value = typeof ctx.attrs.value === 'number' ? ctx.attrs.value : 0;
  const ins = [ctx.inputs[0] as string, ctx.int64s([...begin, ...end])];
  if (mode === 'constant') ins.push(ctx.scalar(value));
  return ctx.node('Pad', ins, { mode: str(mode) });
}

/** Mappings of core's convolution, pooling and padding ops, by registry name. */
export const nnMappings: { readonly [op: string]: OnnxMapping } = {
  conv2d,
  conv1d,
  convTranspose2d,
  maxPool2d,
  avgPool2d,
  adaptiveAvgPool2d,
  pad,
};
