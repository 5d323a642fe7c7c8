/**
 * ONNX mappings of core's pooling ops: `MaxPool`, `AveragePool`, `GlobalAveragePool`, and
 * adaptive pooling with uneven windows as two matrix products. Unbatched inputs (`[C, H, W]`)
 * get a batch axis of 1 around the ONNX op.
 */
import { int, ints, type OnnxMapping, type OnnxMappingContext } from './mapping.js';
import { batched, pair } from './nn-attrs.js';

/** Pooling's window hyper-parameters, per spatial axis (height, width). */
interface Windows {
  readonly kernel: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly ceilMode: boolean;
}

function windows(ctx: OnnxMappingContext): Windows {
  return {
    kernel: pair(ctx, 'kernelSize', 1),
    stride: pair(ctx, 'stride', 1),
    padding: pair(ctx, 'padding', 0),
    dilation: pair(ctx, 'dilation', 1),
    ceilMode: ctx.attrs.ceilMode === true,
  };
}

/** Input height and width of the op (its last two axes). */
function inputSize(ctx: OnnxMappingContext): [number, number] {
  const s = ctx.inputShapes[0] as readonly number[];
  return [s[s.length - 2] as number, s[s.length - 1] as number];
}

/** Output height and width of the op, as gradscope computed them. */
function outputSize(ctx: OnnxMappingContext): [number, number] {
  const s = ctx.shape;
  return [s[s.length - 2] as number, s[s.length - 1] as number];
}

/**
 * In ceil mode PyTorch (and gradscope) drops a last window that would start in the right
 * padding; ONNX's shape inference keeps it (ONNX Runtime's kernels drop it). A Slice to
 * gradscope's size makes both agree on the output shape (`y` is batched).
 */
function cropCeil(ctx: OnnxMappingContext, y: string, win: Windows): string {
  if (!win.ceilMode) return y;
  const size = inputSize(ctx);
  const out = outputSize(ctx);
  const onnx = size.map((n, i) => {
    const eff = (win.dilation[i] as number) * ((win.kernel[i] as number) - 1) + 1;
    const s = win.stride[i] as number;
    return Math.ceil((n + 2 * (win.padding[i] as number) - eff) / s) + 1;
  });
  if (onnx[0] === out[0] && onnx[1] === out[1]) return y;
  return ctx.node('Slice', [y, ctx.int64s([0, 0]), ctx.int64s(out), ctx.int64s([2, 3])]);
}

function maxPool2d(ctx: OnnxMappingContext): string {
  const win = windows(ctx);
  return batched(ctx, 4, '[N, C, H, W]', (x) =>
    cropCeil(
      ctx,
      ctx.node('MaxPool', [x], {
        kernel_shape: ints(win.kernel),
        strides: ints(win.stride),
        dilations: ints(win.dilation),
        pads: ints([...win.padding, ...win.padding]),
        ceil_mode: int(win.ceilMode ? 1 : 0),
      }),
      win,
    ),
  );
}

/**
 * Per output position, the input elements its window covers (padding left out), as gradscope's
 * average pooling counts them: `[oh·ow]` values, row-major.
 */
function validCounts(ctx: OnnxMappingContext, win: Windows): number[] {
  const size = inputSize(ctx);
  const out = outputSize(ctx);
  const perAxis = [0, 1].map((a) => {
    const n = size[a] as number;
    const k = win.kernel[a] as number;
    const s = win.stride[a] as number;
    const p = win.padding[a] as number;
    return Array.from({ length: out[a] as number }, (_, i) => {
      const start = i * s - p;
      const end = Math.min(start + k, n + p);
      return Math.min(end, n) - Math.max(start, 0);
    });
  }) as [number[], number[]];
  return perAxis[0].flatMap((r) => perAxis[1].map((c) => r * c));
}

/**
 * `AveragePool`; with `divisorOverride` d, the mean over the input elements (no padding) times
 * each window's count / d, which is its sum / d.
 */
function avgPool2d(ctx: OnnxMappingContext): string {
  const win = windows(ctx);
  const d = ctx.attrs.divisorOverride;
  const override = typeof d === 'number';
  const includePad = !override && ctx.attrs.countIncludePad !== false;
  return batched(ctx, 4, '[N, C, H, W]', (x) => {
    const y = cropCeil(
      ctx,
      ctx.node('AveragePool', [x], {
        kernel_shape: ints(win.kernel),
        strides: ints(win.stride),
        pads: ints([...win.padding, ...win.padding]),
        ceil_mode: int(win.ceilMode ? 1 : 0),
        count_include_pad: int(includePad ? 1 : 0),
      }),
      win,
    );
    if (!override) return y;
    const factors = validCounts(ctx, win).map((c) => c / d);
    const uniform = factors.every((f) => f === factors[0]);
    const k = uniform ? ctx.scalar(factors[0] as number) : ctx.constant(factors, outputSize(ctx));
    return ctx.node('Mul', [y, k]);
  });
}

/** PyTorch's adaptive windows along an axis: `[floor(i·n/out), ceil((i+1)·n/out))`. */
function adaptiveMatrix(n: number, out: number): number[][] {
  return Array.from({ length: out }, (_, i) => {
    const s = Math.floor((i * n) / out);
    const e = Math.ceil(((i + 1) * n) / out);
    return Array.from({ length: n }, (_, j) => (j >= s && j < e ? 1 / (e - s) : 0));
  });
}

/**
 * `GlobalAveragePool` for a 1×1 output, `AveragePool` when the output size divides the input
 * size, else `A · x · Bᵀ` with the averaging matrices A `[outH, H]` and B `[outW, W]` (windows
 * that overlap or differ in size).
 */
function adaptiveAvgPool2d(ctx: OnnxMappingContext): string {
  const [h, w] = inputSize(ctx);
  const [oh, ow] = outputSize(ctx);
  if (oh === 1 && ow === 1)
    return batched(ctx, 4, '[N, C, H, W]', (x) => ctx.node('GlobalAveragePool', [x]));
  if (h % oh === 0 && w % ow === 0) {
    const kernel = [h / oh, w / ow];
    return batched(ctx, 4, '[N, C, H, W]', (x) =>
      ctx.node('AveragePool', [x], { kernel_shape: ints(kernel), strides: ints(kernel) }),
    );
  }
  const a = ctx.constant(adaptiveMatrix(h, oh).flat(), [oh, h]);
  const b = adaptiveMatrix(w, ow);
  const bt = ctx.constant(
    Array.from({ length: w }, (_, j) => b.map((row) => row[j] as number)).flat(),
    [w, ow],
  );
  return ctx.node('MatMul', [a, ctx.node('MatMul', [ctx.inputs[0] as string, bt])]);
}

/** Mappings of core's pooling ops, by registry name. */
export const poolMappings: { readonly [op: string]: OnnxMapping } = {
  maxPool2d,
  avgPool2d,
  adaptiveAvgPool2d,
};
