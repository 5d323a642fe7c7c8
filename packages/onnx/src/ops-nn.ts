/**
 * ONNX mappings of core's convolution and padding ops: `Conv`, `ConvTranspose` and `Pad`.
 * Unbatched inputs (`[C, H, W]`, `[C, L]`) get a batch axis of 1 around the ONNX op. Pooling is
 * in `ops-pool.ts`.
 */
import { OnnxError } from './errors.js';
import { int, ints, type OnnxMapping, type OnnxMappingContext, str } from './mapping.js';
import { batched, one, pair } from './nn-attrs.js';

/** 'same' padding as PyTorch: the odd extra zero goes at the end (bottom / right). */
function samePads(kernel: readonly number[], dilation: readonly number[]): number[] {
  const begin = kernel.map((k, i) => Math.floor(((dilation[i] as number) * (k - 1)) / 2));
  const end = kernel.map((k, i) => (dilation[i] as number) * (k - 1) - (begin[i] as number));
  return [...begin, ...end];
}

/** The op's inputs with `x` in place of the first (the weight and bias stay). */
const withInput = (ctx: OnnxMappingContext, x: string): string[] => [x, ...ctx.inputs.slice(1)];

function conv2d(ctx: OnnxMappingContext): string {
  const w = ctx.inputShapes[1] as readonly number[];
  const kernel = [w[2] as number, w[3] as number];
  const dilation = pair(ctx, 'dilation', 1);
  const pads =
    ctx.attrs.padding === 'same'
      ? samePads(kernel, dilation)
      : [...pair(ctx, 'padding', 0), ...pair(ctx, 'padding', 0)];
  return batched(ctx, 4, '[N, C, H, W]', (x) =>
    ctx.node('Conv', withInput(ctx, x), {
      kernel_shape: ints(kernel),
      strides: ints(pair(ctx, 'stride', 1)),
      dilations: ints(dilation),
      pads: ints(pads),
      group: int(one(ctx, 'groups', 1)),
    }),
  );
}

function conv1d(ctx: OnnxMappingContext): string {
  const w = ctx.inputShapes[1] as readonly number[];
  const kernel = [w[2] as number];
  const dilation = [one(ctx, 'dilation', 1)];
  const pads =
    ctx.attrs.padding === 'same'
      ? samePads(kernel, dilation)
      : [one(ctx, 'padding', 0), one(ctx, 'padding', 0)];
  return batched(ctx, 3, '[N, C, L]', (x) =>
    ctx.node('Conv', withInput(ctx, x), {
      kernel_shape: ints(kernel),
      strides: ints([one(ctx, 'stride', 1)]),
      dilations: ints(dilation),
      pads: ints(pads),
      group: int(one(ctx, 'groups', 1)),
    }),
  );
}

function convTranspose2d(ctx: OnnxMappingContext): string {
  const w = ctx.inputShapes[1] as readonly number[];
  const padding = pair(ctx, 'padding', 0);
  return batched(ctx, 4, '[N, C, H, W]', (x) =>
    ctx.node('ConvTranspose', withInput(ctx, x), {
      kernel_shape: ints([w[2] as number, w[3] as number]),
      strides: ints(pair(ctx, 'stride', 1)),
      dilations: ints(pair(ctx, 'dilation', 1)),
      pads: ints([...padding, ...padding]),
      output_padding: ints(pair(ctx, 'outputPadding', 0)),
      group: int(one(ctx, 'groups', 1)),
    }),
  );
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

/** Mappings of core's convolution and padding ops, by registry name. */
export const nnMappings: { readonly [op: string]: OnnxMapping } = {
  conv2d,
  conv1d,
  convTranspose2d,
  pad,
};
