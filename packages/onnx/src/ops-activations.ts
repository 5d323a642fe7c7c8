/**
 * ONNX mappings of the activations registered by `@gradscope/activations`, with decompositions
 * where an opset lacks the ONNX op: GELU before opset 20 (Erf form, or the tanh approximation),
 * Mish before 18 (`x · tanh(softplus(x))`), HardSwish before 14, Swish / SiLU always
 * (`x · sigmoid(βx)`; ONNX's Swish arrives in opset 24).
 */
import { float, type OnnxMapping, type OnnxMappingContext } from './mapping.js';

const x0 = (ctx: OnnxMappingContext): string => ctx.inputs[0] as string;
const unary =
  (opType: string): OnnxMapping =>
  (ctx) =>
    ctx.node(opType, [x0(ctx)]);

function numAttr(ctx: OnnxMappingContext, key: string, fallback: number): number {
  const v = ctx.attrs[key];
  return typeof v === 'number' ? v : fallback;
}

function gelu(ctx: OnnxMappingContext): string {
  const approximate = ctx.attrs.approximate === 'tanh' ? 'tanh' : 'none';
  return approximate === 'tanh' ? geluTanh(ctx) : geluErf(ctx);
}

function geluErf(ctx: OnnxMappingContext): string {
  const x = x0(ctx);
  if (ctx.opset >= 20) return ctx.node('Gelu', [x]);
  // 0.5 · x · (1 + erf(x / √2))
  const erf = ctx.node('Erf', [ctx.node('Div', [x, ctx.scalar(Math.SQRT2)])]);
  return ctx.node('Mul', [
    ctx.node('Mul', [x, ctx.scalar(0.5)]),
    ctx.node('Add', [erf, ctx.scalar(1)]),
  ]);
}

function geluTanh(ctx: OnnxMappingContext): string {
  const x = x0(ctx);
  if (ctx.opset >= 20) {
    return ctx.node('Gelu', [x], { approximate: { type: 'string', value: 'tanh' } });
  }
  // 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 x³)))
  const cube = ctx.node('Mul', [ctx.node('Mul', [x, x]), x]);
  const inner = ctx.node('Add', [x, ctx.node('Mul', [cube, ctx.scalar(0.044715)])]);
  const t = ctx.node('Tanh', [ctx.node('Mul', [inner, ctx.scalar(Math.sqrt(2 / Math.PI))])]);
  return ctx.node('Mul', [
    ctx.node('Mul', [x, ctx.scalar(0.5)]),
    ctx.node('Add', [t, ctx.scalar(1)]),
  ]);
}

function swish(ctx: OnnxMappingContext): string {
  const x = x0(ctx);
  const beta = numAttr(ctx, 'beta', 1);
  const arg = beta === 1 ? x : ctx.node('Mul', [x, ctx.scalar(beta)]);
  return ctx.node('Mul', [x, ctx.node('Sigmoid', [arg])]);
}

function mish(ctx: OnnxMappingContext): string {
  const x = x0(ctx);
  if (ctx.opset >= 18) return ctx.node('Mish', [x]);
  return ctx.node('Mul', [x, ctx.node('Tanh', [ctx.node('Softplus', [x])])]);
}

function hardSwish(ctx: OnnxMappingContext): string {
  const x = x0(ctx);
  if (ctx.opset >= 14) return ctx.node('HardSwish', [x]);
  const hs = ctx.node('HardSigmoid', [x], { alpha: float(1 / 6), beta: float(0.5) });
  return ctx.node('Mul', [x, hs]);
}

/** softplus_β(x) = softplus(βx) / β (the linear branch above the threshold differs by < 1e-8). */
function softplus(ctx: OnnxMappingContext): string {
  const x = x0(ctx);
  const beta = numAttr(ctx, 'beta', 1);
  if (beta === 1) return ctx.node('Softplus', [x]);
  const sp = ctx.node('Softplus', [ctx.node('Mul', [x, ctx.scalar(beta)])]);
  return ctx.node('Div', [sp, ctx.scalar(beta)]);
}

/**
 * ONNX's Celu takes float32 only: float64 is written as
 * `max(0, x) + min(0, α·(exp(x/α) − 1))`.
 */
function celu(ctx: OnnxMappingContext): string {
  const x = x0(ctx);
  const alpha = numAttr(ctx, 'alpha', 1);
  if (ctx.dtype === 'float32') return ctx.node('Celu', [x], { alpha: float(alpha) });
  const zero = ctx.scalar(0);
  const e = ctx.node('Sub', [
    ctx.node('Exp', [ctx.node('Div', [x, ctx.scalar(alpha)])]),
    ctx.scalar(1),
  ]);
  return ctx.node('Add', [
    ctx.node('Max', [x, zero]),
    ctx.node('Min', [ctx.node('Mul', [e, ctx.scalar(alpha)]), zero]),
  ]);
}

function clip(ctx: OnnxMappingContext, lo: number, hi: number): string {
  return ctx.node('Clip', [x0(ctx), ctx.scalar(lo), ctx.scalar(hi)]);
}

/** Mappings of the registered activations, by op name. */
export const activationMappings: { readonly [op: string]: OnnxMapping } = {
  relu: unary('Relu'),
  leakyRelu: (ctx) =>
    ctx.node('LeakyRelu', [x0(ctx)], { alpha: float(numAttr(ctx, 'alpha', 0.01)) }),
  // The slope broadcasts to x as in gradscope (NumPy rules: `[C]` is the last axis).
  prelu: (ctx) => ctx.node('PRelu', [x0(ctx), ctx.inputs[1] as string]),
  relu6: (ctx) => clip(ctx, 0, 6),
  elu: (ctx) => ctx.node('Elu', [x0(ctx)], { alpha: float(numAttr(ctx, 'alpha', 1)) }),
  selu: unary('Selu'),
  celu,
  gelu,
  normalCdf: (ctx) => {
    const erf = ctx.node('Erf', [ctx.node('Div', [x0(ctx), ctx.scalar(Math.SQRT2)])]);
    return ctx.node('Mul', [ctx.node('Add', [erf, ctx.scalar(1)]), ctx.scalar(0.5)]);
  },
  sigmoid: unary('Sigmoid'),
  logSigmoid: (ctx) => ctx.node('Neg', [ctx.node('Softplus', [ctx.node('Neg', [x0(ctx)])])]),
  hardSigmoid: (ctx) =>
    ctx.node('HardSigmoid', [x0(ctx)], { alpha: float(1 / 6), beta: float(0.5) }),
  hardSigmoidTfjs: (ctx) =>
    ctx.node('HardSigmoid', [x0(ctx)], { alpha: float(0.2), beta: float(0.5) }),
  softplus,
  swish,
  silu: swish,
  hardSwish,
  mish,
  tanh: unary('Tanh'),
  hardTanh: (ctx) => clip(ctx, numAttr(ctx, 'min', -1), numAttr(ctx, 'max', 1)),
  softsign: unary('Softsign'),
  elliott: (ctx) => {
    const x = x0(ctx);
    const d = ctx.node('Add', [ctx.node('Abs', [x]), ctx.scalar(1)]);
    const q = ctx.node('Div', [ctx.node('Mul', [x, ctx.scalar(0.5)]), d]);
    return ctx.node('Add', [q, ctx.scalar(0.5)]);
  },
  lisht: (ctx) => ctx.node('Mul', [x0(ctx), ctx.node('Tanh', [x0(ctx)])]),
  identity: unary('Identity'),
  step: (ctx) =>
    ctx.node('Cast', [ctx.node('Greater', [x0(ctx), ctx.scalar(0)])], {
      to: { type: 'int', value: ctx.dtype === 'float64' ? 11 : 1 },
    }),
};
