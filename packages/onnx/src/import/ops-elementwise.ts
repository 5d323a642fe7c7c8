/**
 * Elementwise ONNX ops: arithmetic (on float tensors, or on integers for shape computations),
 * comparisons and logic, math functions, and the activations, each on a differentiable
 * gradscope op. Activations with a registered gradscope counterpart go through the registry
 * (`ACTIVATIONS`), which the importer also uses to lift them into `Activation` layers.
 */
import { getActivation } from '@gradscope/activations';
import {
  abs,
  add,
  clamp,
  div,
  equal,
  exp,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  sign,
  sqrt,
  sub,
  Tensor,
  where,
} from '@gradscope/core';
import { erf } from './erf.js';
import type { NodeContext } from './node-context.js';
import { floatInput, floatLike, intMap, type OpImpl, required } from './op-support.js';
import { asFloat, IntTensor, type OnnxValue, scalarOf } from './values.js';

/** A registered gradscope activation with fixed parameters. */
export interface ActivationCall {
  /** Registry name (`relu`, `leakyRelu`, ...). */
  readonly name: string;
  /** Fixed parameters, if any. */
  readonly params?: Readonly<Record<string, number>>;
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_GAMMA = 1.0507009873554805;
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

/**
 * The gradscope activation an ONNX activation node is, or null when its attributes have no
 * registered counterpart (it then runs as plain ops). Clip needs its bounds, given as constants.
 */
export const ACTIVATIONS: {
  readonly [opType: string]: (
    ctx: NodeContext,
    constants: ReadonlyArray<OnnxValue | undefined>,
  ) => ActivationCall | null;
} = {
  Relu: () => ({ name: 'relu' }),
  Sigmoid: () => ({ name: 'sigmoid' }),
  Tanh: () => ({ name: 'tanh' }),
  Softsign: () => ({ name: 'softsign' }),
  Softplus: () => ({ name: 'softplus' }),
  HardSwish: () => ({ name: 'hardSwish' }),
  Mish: () => ({ name: 'mish' }),
  Elu: (ctx) => ({ name: 'elu', params: { alpha: ctx.float('alpha', 1) } }),
  Celu: (ctx) => ({ name: 'celu', params: { alpha: ctx.float('alpha', 1) } }),
  LeakyRelu: (ctx) => ({ name: 'leakyRelu', params: { alpha: ctx.float('alpha', 0.01) } }),
  Selu: (ctx) =>
    near(ctx.float('alpha', SELU_ALPHA), SELU_ALPHA) &&
    near(ctx.float('gamma', SELU_GAMMA), SELU_GAMMA)
      ? { name: 'selu' }
      : null,
  Gelu: (ctx) => {
    const a = ctx.string('approximate', 'none');
    if (a !== 'none' && a !== 'tanh')
      throw ctx.error(`attribute 'approximate' must be 'none' or 'tanh', got '${a}'`);
    return { name: a === 'tanh' ? 'geluTanh' : 'gelu' };
  },
  HardSigmoid: (ctx) => {
    const alpha = ctx.float('alpha', 0.2);
    const beta = ctx.float('beta', 0.5);
    if (near(alpha, 1 / 6) && near(beta, 0.5)) return { name: 'hardSigmoid' };
    if (near(alpha, 0.2) && near(beta, 0.5)) return { name: 'hardSigmoidTfjs' };
    return null;
  },
  Clip: (_ctx, [, lo, hi]) => {
    if (lo === undefined || hi === undefined) return null;
    const min = scalarOf(lo, 'Clip min');
    const max = scalarOf(hi, 'Clip max');
    if (min === 0 && max === 6) return { name: 'relu6' };
    return { name: 'hardTanh', params: { min, max } };
  },
};

/** Applies a registered activation. */
export function applyActivation(call: ActivationCall, x: Tensor): Tensor {
  const apply = getActivation(call.name).apply as (
    x: Tensor,
    p?: Readonly<Record<string, number>>,
  ) => Tensor;
  return call.params === undefined ? apply(x) : apply(x, call.params);
}

function activation(opType: string, fallback: (x: Tensor, ctx: NodeContext) => Tensor): OpImpl {
  return (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    const call = (ACTIVATIONS[opType] as NonNullable<(typeof ACTIVATIONS)[string]>)(ctx, inputs);
    return [call === null ? fallback(x, ctx) : applyActivation(call, x)];
  };
}

const noFallback = (x: Tensor): Tensor => x;

const unaryFloat =
  (f: (x: Tensor) => Tensor): OpImpl =>
  (inputs, ctx) => [f(floatInput(inputs, 0, ctx))];

/** An arithmetic op: integer arithmetic on integer inputs, else the float op. */
function arithmetic(
  name: string,
  floatOp: (a: Tensor, b: Tensor) => Tensor,
  intOp: (a: number, b: number) => number,
): OpImpl {
  return (inputs, ctx) => {
    const a = required(inputs, 0, ctx);
    const b = required(inputs, 1, ctx);
    if (a instanceof IntTensor && b instanceof IntTensor)
      return [intMap(name, [a, b], intOp, a.dtype === 'int32' ? 'int32' : 'int64')];
    const fa = a instanceof Tensor ? a : floatLike(a, b as Tensor);
    return [floatOp(fa, floatLike(b, fa))];
  };
}

/** A comparison: the arithmetic of 0/1 results, as a boolean {@link IntTensor}. */
function comparison(
  name: string,
  floatOp: (a: Tensor, b: Tensor) => Tensor,
  intOp: (a: number, b: number) => boolean,
): OpImpl {
  const values = arithmetic(name, floatOp, (x, y) => (intOp(x, y) ? 1 : 0));
  return (inputs, ctx) => {
    const r = values(inputs, ctx)[0] as OnnxValue;
    return [new IntTensor('bool', r.shape, Array.from(r.data))];
  };
}

function logic(name: string, f: (a: boolean, b: boolean) => boolean): OpImpl {
  return (inputs, ctx) => {
    const a = required(inputs, 0, ctx);
    const b = required(inputs, 1, ctx);
    if (!(a instanceof IntTensor && b instanceof IntTensor))
      throw ctx.error('expected boolean inputs, got float tensors');
    return [intMap(name, [a, b], (x, y) => (f(x !== 0, y !== 0) ? 1 : 0), 'bool')];
  };
}

/** n-ary Sum / Max / Min / Mean with broadcasting. */
function variadic(f: (a: Tensor, b: Tensor) => Tensor, mean = false): OpImpl {
  return (inputs, ctx) => {
    if (inputs.length === 0) throw ctx.error('expected at least one input');
    let acc = floatInput(inputs, 0, ctx);
    for (let i = 1; i < inputs.length; i++) acc = f(acc, floatInput(inputs, i, ctx));
    return [mean ? acc.div(inputs.length) : acc];
  };
}

function selu(x: Tensor, ctx: NodeContext): Tensor {
  const alpha = ctx.float('alpha', SELU_ALPHA);
  const gamma = ctx.float('gamma', SELU_GAMMA);
  return where(x.gt(0), x, x.exp().sub(1).mul(alpha)).mul(gamma);
}

function hardSigmoidAny(x: Tensor, ctx: NodeContext): Tensor {
  return clamp(x.mul(ctx.float('alpha', 0.2)).add(ctx.float('beta', 0.5)), 0, 1);
}

/** Elementwise ONNX ops by op type. */
export const elementwiseOps: { readonly [opType: string]: OpImpl } = {
  Add: arithmetic('Add', add, (a, b) => a + b),
  Sub: arithmetic('Sub', sub, (a, b) => a - b),
  Mul: arithmetic('Mul', mul, (a, b) => a * b),
  Div: arithmetic('Div', div, (a, b) => Math.trunc(a / b)),
  Pow: (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    return [pow(x, floatLike(required(inputs, 1, ctx), x))];
  },
  Equal: comparison('Equal', equal, (a, b) => a === b),
  Greater: comparison('Greater', greater, (a, b) => a > b),
  Less: comparison('Less', less, (a, b) => a < b),
  GreaterOrEqual: comparison('GreaterOrEqual', greaterEqual, (a, b) => a >= b),
  LessOrEqual: comparison('LessOrEqual', lessEqual, (a, b) => a <= b),
  And: logic('And', (a, b) => a && b),
  Or: logic('Or', (a, b) => a || b),
  Xor: logic('Xor', (a, b) => a !== b),
  Not: (inputs, ctx) => {
    const a = required(inputs, 0, ctx);
    if (!(a instanceof IntTensor)) throw ctx.error('expected a boolean input, got a float tensor');
    return [
      new IntTensor(
        'bool',
        a.shape,
        a.data.map((v) => (v === 0 ? 1 : 0)),
      ),
    ];
  },
  Where: (inputs, ctx) => {
    const c = required(inputs, 0, ctx);
    const a = required(inputs, 1, ctx);
    const b = required(inputs, 2, ctx);
    if (c instanceof IntTensor && a instanceof IntTensor && b instanceof IntTensor)
      return [intMap('Where', [c, a, b], (k, x, y) => (k !== 0 ? x : y), a.dtype)];
    const fa = a instanceof Tensor ? a : floatLike(a, b as Tensor);
    return [
      where(asFloat(c, fa.dtype === 'float64' ? 'float64' : 'float32'), fa, floatLike(b, fa)),
    ];
  },
  Neg: (inputs, ctx) => {
    const a = required(inputs, 0, ctx);
    if (a instanceof IntTensor)
      return [
        new IntTensor(
          a.dtype,
          a.shape,
          a.data.map((v) => -v),
        ),
      ];
    return [neg(a)];
  },
  Abs: (inputs, ctx) => {
    const a = required(inputs, 0, ctx);
    if (a instanceof IntTensor) return [new IntTensor(a.dtype, a.shape, a.data.map(Math.abs))];
    return [abs(a)];
  },
  Exp: unaryFloat(exp),
  Log: unaryFloat(log),
  Sqrt: unaryFloat(sqrt),
  Reciprocal: unaryFloat((x) => div(1, x)),
  Sign: unaryFloat(sign),
  Erf: unaryFloat(erf),
  Sum: variadic(add),
  Mean: variadic(add, true),
  Max: variadic(maximum),
  Min: variadic(minimum),
  Relu: activation('Relu', noFallback),
  Sigmoid: activation('Sigmoid', noFallback),
  Tanh: activation('Tanh', noFallback),
  Softsign: activation('Softsign', noFallback),
  Softplus: activation('Softplus', noFallback),
  HardSwish: activation('HardSwish', noFallback),
  Mish: activation('Mish', noFallback),
  Elu: activation('Elu', noFallback),
  Celu: activation('Celu', noFallback),
  LeakyRelu: activation('LeakyRelu', noFallback),
  Gelu: activation('Gelu', noFallback),
  Selu: activation('Selu', selu),
  HardSigmoid: activation('HardSigmoid', hardSigmoidAny),
  Clip: (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    const lo = inputs[1];
    const hi = inputs[2];
    const call = (ACTIVATIONS.Clip as NonNullable<(typeof ACTIVATIONS)[string]>)(ctx, inputs);
    if (call !== null) return [applyActivation(call, x)];
    return [
      clamp(
        x,
        lo === undefined ? null : scalarOf(lo, `${ctx.label} min`),
        hi === undefined ? null : scalarOf(hi, `${ctx.label} max`),
      ),
    ];
  },
  PRelu: (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    const slope = floatInput(inputs, 1, ctx);
    return [maximum(x, 0).add(slope.mul(minimum(x, 0)))];
  },
  ThresholdedRelu: (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    return [x.mul(x.gt(ctx.float('alpha', 1)))];
  },
  Shrink: (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    const lambd = ctx.float('lambd', 0.5);
    const bias = ctx.float('bias', 0);
    const zero = x.mul(0);
    return [where(x.gt(lambd), x.sub(bias), where(x.lt(-lambd), x.add(bias), zero))];
  },
};
