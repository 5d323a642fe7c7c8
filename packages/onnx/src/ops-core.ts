/**
 * ONNX mappings of core's ops: elementwise math, matmul and linear, reductions, shape ops and
 * softmax. Convolutions, pooling and padding are in `ops-nn.ts`; activations in
 * `ops-activations.ts`.
 */
import { OnnxError } from './errors.js';
import { int, ints, type OnnxMapping, type OnnxMappingContext } from './mapping.js';

const in0 = (ctx: OnnxMappingContext): string => ctx.inputs[0] as string;
const in1 = (ctx: OnnxMappingContext): string => ctx.inputs[1] as string;

const binary =
  (opType: string): OnnxMapping =>
  (ctx) =>
    ctx.node(opType, [in0(ctx), in1(ctx)]);
const unary =
  (opType: string): OnnxMapping =>
  (ctx) =>
    ctx.node(opType, [in0(ctx)]);
/** A comparison: ONNX gives booleans, gradscope 0/1 in the input's type. */
const compare =
  (opType: string, negate = false): OnnxMapping =>
  (ctx) => {
    let b = ctx.node(opType, [in0(ctx), in1(ctx)]);
    if (negate) b = ctx.node('Not', [b]);
    return ctx.node('Cast', [b], { to: int(onnxDataType(ctx.dtype)) });
  };

/** ONNX `TensorProto.DataType` of a gradscope dtype. */
export function onnxDataType(dtype: string): number {
  switch (dtype) {
    case 'float32':
      return 1;
    case 'float64':
      return 11;
    case 'int32':
      return 6;
    case 'bool':
      return 9;
    default:
      throw new OnnxError(
        `toONNX: element type '${dtype}' has no ONNX mapping (float32, float64, int32)`,
      );
  }
}

function num(ctx: OnnxMappingContext, key: string): number | null {
  const v = ctx.attrs[key];
  return typeof v === 'number' ? v : null;
}

function numbers(ctx: OnnxMappingContext, key: string): number[] {
  const v = ctx.attrs[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number'))
    throw new OnnxError(
      `toONNX: op '${ctx.op}' expected attribute '${key}' to be a list of numbers, got ${JSON.stringify(v)}`,
    );
  return v as number[];
}

/** Axes of a reduction: the recorded list, or every axis when none was recorded. */
function reduceAxes(ctx: OnnxMappingContext): number[] {
  const v = ctx.attrs.axes;
  const rank = (ctx.inputShapes[0] as readonly number[]).length;
  if (v === null || v === undefined) return Array.from({ length: rank }, (_, i) => i);
  return numbers(ctx, 'axes');
}

/**
 * A reduction. ReduceSum takes its axes as an input from opset 13, the others from opset 18;
 * before that they are an attribute.
 */
const reduce =
  (opType: string, axesInputFrom: number): OnnxMapping =>
  (ctx) => {
    const axes = reduceAxes(ctx);
    const keepdims = int(ctx.attrs.keepDims === true ? 1 : 0);
    if (axes.length === 0) return ctx.node('Identity', [in0(ctx)]);
    if (ctx.opset >= axesInputFrom)
      return ctx.node(opType, [in0(ctx), ctx.int64s(axes)], { keepdims });
    return ctx.node(opType, [in0(ctx)], { axes: ints(axes), keepdims });
  };

/** A target shape for Reshape: with a symbolic batch, the first dimension is copied (0). */
function reshapeTarget(ctx: OnnxMappingContext): number[] {
  const shape = [...ctx.shape];
  const x = ctx.inputShapes[0] as readonly number[];
  if (ctx.dynamicBatch && shape.length > 0 && x.length > 0 && shape[0] === x[0]) shape[0] = 0;
  return shape;
}

/**
 * `MatMul`, with the last two axes of an operand transposed first where the op reads it
 * transposed (`transA`, `transB`: `linear` without a bias is `matmul(x, w, { transB: true })`).
 */
function matmul(ctx: OnnxMappingContext): string {
  const operand = (i: number, trans: boolean): string => {
    const name = ctx.inputs[i] as string;
    if (!trans) return name;
    const r = (ctx.inputShapes[i] as readonly number[]).length;
    const perm = Array.from({ length: r }, (_, k) => (k < r - 2 ? k : k === r - 2 ? r - 1 : r - 2));
    return ctx.node('Transpose', [name], { perm: ints(perm) });
  };
  return ctx.node('MatMul', [
    operand(0, ctx.attrs.transA === true),
    operand(1, ctx.attrs.transB === true),
  ]);
}

function linear(ctx: OnnxMappingContext): string {
  const [x, w, b] = ctx.inputs as [string, string, string | undefined];
  const xShape = ctx.inputShapes[0] as readonly number[];
  if (xShape.length === 2) {
    const ins = b === undefined ? [x, w] : [x, w, b];
    return ctx.node('Gemm', ins, { transB: int(1) });
  }
  const y = ctx.node('MatMul', [x, ctx.node('Transpose', [w], { perm: ints([1, 0]) })]);
  return b === undefined ? y : ctx.node('Add', [y, b]);
}

function clamp(ctx: OnnxMappingContext): string {
  const lo = num(ctx, 'min');
  const hi = num(ctx, 'max');
  return ctx.node('Clip', [
    in0(ctx),
    lo === null ? '' : ctx.scalar(lo),
    hi === null ? ctx.scalar(Number.POSITIVE_INFINITY) : ctx.scalar(hi),
  ]);
}

/**
 * Slice along the axes the op cuts (axes it keeps whole are left out, so that a symbolic batch
 * axis stays whole at any batch size).
 */
function slice(ctx: OnnxMappingContext): string {
  const begin = numbers(ctx, 'begin');
  const size = ctx.shape;
  const x = ctx.inputShapes[0] as readonly number[];
  const axes = begin.flatMap((b, i) => (b === 0 && size[i] === x[i] ? [] : [i]));
  if (axes.length === 0) return ctx.node('Identity', [in0(ctx)]);
  const starts = axes.map((i) => begin[i] as number);
  const ends = axes.map((i) => (begin[i] as number) + (size[i] as number));
  return ctx.node('Slice', [in0(ctx), ctx.int64s(starts), ctx.int64s(ends), ctx.int64s(axes)]);
}

function expand(ctx: OnnxMappingContext): string {
  const shape = [...ctx.shape];
  const x = ctx.inputShapes[0] as readonly number[];
  // Expand broadcasts: a 1 keeps the input's (symbolic) batch dimension.
  if (ctx.dynamicBatch && x.length === shape.length && x[0] === shape[0]) shape[0] = 1;
  return ctx.node('Expand', [in0(ctx), ctx.int64s(shape)]);
}

/**
 * One-hot rows of the labels (cast to int64) along a new last axis: ONNX `OneHot` with float32
 * values `[0, 1]`, cast to float64 for a float64 op (ONNX Runtime has no float64 OneHot).
 */
function oneHot(ctx: OnnxMappingContext): string {
  const depth = num(ctx, 'depth');
  if (depth === null)
    throw new OnnxError(`toONNX: op 'oneHot' expected a numeric attribute 'depth'`);
  const labels = ctx.node('Cast', [in0(ctx)], { to: int(7) });
  let values = ctx.constant([0, 1], [2]);
  if (ctx.dtype !== 'float32') values = ctx.node('Cast', [values], { to: int(1) });
  const y = ctx.node('OneHot', [labels, ctx.int64s([depth], []), values], { axis: int(-1) });
  return ctx.dtype === 'float32' ? y : ctx.node('Cast', [y], { to: int(onnxDataType(ctx.dtype)) });
}

/** Mappings of core's ops, by registry name. */
export const coreMappings: { readonly [op: string]: OnnxMapping } = {
  add: binary('Add'),
  sub: binary('Sub'),
  mul: binary('Mul'),
  div: binary('Div'),
  pow: binary('Pow'),
  maximum: binary('Max'),
  minimum: binary('Min'),
  greater: compare('Greater'),
  greaterEqual: compare('GreaterOrEqual'),
  less: compare('Less'),
  lessEqual: compare('LessOrEqual'),
  equal: compare('Equal'),
  notEqual: compare('Equal', true),
  neg: unary('Neg'),
  exp: unary('Exp'),
  log: unary('Log'),
  log1p: (ctx) => ctx.node('Log', [ctx.node('Add', [in0(ctx), ctx.scalar(1)])]),
  expm1: (ctx) => ctx.node('Sub', [ctx.node('Exp', [in0(ctx)]), ctx.scalar(1)]),
  sqrt: unary('Sqrt'),
  abs: unary('Abs'),
  square: (ctx) => ctx.node('Mul', [in0(ctx), in0(ctx)]),
  sign: unary('Sign'),
  clamp,
  where: (ctx) =>
    ctx.node('Where', [
      ctx.node('Cast', [in0(ctx)], { to: int(9) }),
      in1(ctx),
      ctx.inputs[2] as string,
    ]),
  matmul,
  linear,
  sum: reduce('ReduceSum', 13),
  mean: reduce('ReduceMean', 18),
  max: reduce('ReduceMax', 18),
  min: reduce('ReduceMin', 18),
  logSumExp: reduce('ReduceLogSumExp', 18),
  reshape: (ctx) => ctx.node('Reshape', [in0(ctx), ctx.int64s(reshapeTarget(ctx))]),
  permute: (ctx) => ctx.node('Transpose', [in0(ctx)], { perm: ints(numbers(ctx, 'perm')) }),
  expand,
  slice,
  // torch.gather semantics; the index (a float tensor in gradscope) is cast to int64.
  gather: (ctx) =>
    ctx.node('GatherElements', [in0(ctx), ctx.node('Cast', [in1(ctx)], { to: int(7) })], {
      axis: int(num(ctx, 'axis') ?? 0),
    }),
  concat: (ctx) => ctx.node('Concat', ctx.inputs, { axis: int(num(ctx, 'axis') ?? 0) }),
  oneHot,
  // Registered by this package's import half (`erf`), for PyTorch's exact GELU.
  erf: unary('Erf'),
  cast: (ctx) => ctx.node('Cast', [in0(ctx)], { to: int(onnxDataType(ctx.dtype)) }),
  softmax: (ctx) => ctx.node('Softmax', [in0(ctx)], { axis: int(num(ctx, 'axis') ?? -1) }),
  logSoftmax: (ctx) => ctx.node('LogSoftmax', [in0(ctx)], { axis: int(num(ctx, 'axis') ?? -1) }),
};
