/** tanh and the other zero-centred squashing functions: hardTanh, softsign, Elliott, and LiSHT. */
import { ArgumentError, type Tensor, type TensorLike } from '@gradscope/core';
import { defineElementwiseOp } from './elementwise.js';
import { registerTanhKernels } from './kernels/tanh-kernels.js';
import { range } from './meta.js';
import { opDocs } from './op-docs.generated.js';
import { checkFinite, resolveParams } from './params.js';
import { registerActivation } from './registry.js';

const tanhOp = defineElementwiseOp({
  name: 'tanh',
  doc: opDocs.tanh,
  value: Math.tanh,
  rule: (g, _x, y) => g.mul(y.square().neg().add(1)),
});

registerTanhKernels();

/** tanh(x) = (e^x - e^-x) / (e^x + e^-x) = 2σ(2x) - 1; tanh'(x) = 1 - tanh(x)^2 ≤ 1. */
export function tanh(x: TensorLike): Tensor {
  return tanhOp([x]);
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  [k: string]: unknown;
}

const hardTanhOp = defineElementwiseOp<Bounds>({
  name: 'hardTanh',
  doc: opDocs.hardTanh,
  value: (x, { min, max }) => Math.min(Math.max(x, min), max),
  rule: (g, x, _y, { min, max }) => g.mul(x.ge(min).mul(x.le(max))),
  validate: ({ min, max }) => {
    checkFinite('hardTanh', 'min', min);
    checkFinite('hardTanh', 'max', max);
    if (min > max) throw new ArgumentError(`hardTanh: min (${min}) is greater than max (${max})`);
  },
});

/**
 * hardTanh(x) = clamp(x, min, max) (defaults -1, 1). Derivative 1 on the closed interval
 * [min, max] and 0 outside: at the bounds the gradient passes, as `torch.clamp`
 * (PyTorch's own hardtanh_backward gives 0 exactly at the bounds).
 */
export function hardTanh(x: TensorLike, min = -1, max = 1): Tensor {
  return hardTanhOp([x], { min, max });
}

const softsignOp = defineElementwiseOp({
  name: 'softsign',
  doc: opDocs.softsign,
  value: (x) => x / (1 + Math.abs(x)),
  rule: (g, x) => g.div(x.abs().add(1).square()),
});

/** softsign(x) = x / (1 + |x|); derivative 1 / (1 + |x|)^2 (saturates polynomially, not exponentially). */
export function softsign(x: TensorLike): Tensor {
  return softsignOp([x]);
}

const elliottOp = defineElementwiseOp({
  name: 'elliott',
  doc: opDocs.elliott,
  value: (x) => (0.5 * x) / (1 + Math.abs(x)) + 0.5,
  rule: (g, x) => g.mul(0.5).div(x.abs().add(1).square()),
});

/**
 * Elliott's sigmoid: elliott(x) = 0.5 x / (1 + |x|) + 0.5, in (0, 1), derivative
 * 0.5 / (1 + |x|)^2 (the logistic-shaped twin of softsign, as in FANN's ELLIOT).
 */
export function elliott(x: TensorLike): Tensor {
  return elliottOp([x]);
}

const lishtOp = defineElementwiseOp({
  name: 'lisht',
  doc: opDocs.lisht,
  value: (x) => x * Math.tanh(x),
  rule: (g, x) => {
    const t = tanh(x);
    return g.mul(t.add(x.mul(t.square().neg().add(1))));
  },
});

/** LiSHT(x) = x tanh(x): even, ≥ 0, derivative tanh x + x (1 - tanh^2 x). */
export function lisht(x: TensorLike): Tensor {
  return lishtOp([x]);
}

registerActivation({
  name: 'tanh',
  op: 'tanh',
  apply: (x) => tanh(x),
  meta: {
    displayName: 'Hyperbolic tangent',
    formula: {
      text: 'tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))',
      latex: '\\tanh x = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}',
    },
    params: [],
    range: range(-1, 1, false, false),
    monotonic: true,
    smoothness: 'C-infinity',
    zeroCentred: true,
    saturating: { left: true, right: true },
    derivativeAtZero: 1,
    maxDerivative: 1,
    kinkConvention: 'none: smooth everywhere',
    origin: {
      paper:
        'LeCun, Bottou, Orr & Müller, "Efficient BackProp", Neural Networks: Tricks of the Trade (1998)',
      year: 1998,
    },
    note: 'A rescaled sigmoid, 2σ(2x) - 1: output in (-1, 1) and zero-centred, so negative activations survive, and the derivative reaches 1 at 0 (4x the sigmoid). It still saturates: away from 0 the gradient goes to 0 and deep tanh stacks stop learning.',
    elementwise: true,
  },
});

const HARD_TANH_PARAMS = [
  { name: 'min', default: -1, description: 'lower bound' },
  { name: 'max', default: 1, description: 'upper bound' },
] as const;

registerActivation({
  name: 'hardTanh',
  op: 'hardTanh',
  apply: (x, params) => {
    const p = resolveParams('hardTanh', params, HARD_TANH_PARAMS);
    return hardTanh(x, p.min, p.max);
  },
  meta: {
    displayName: 'Hard tanh',
    formula: { text: 'hardTanh(x) = clamp(x, min, max)', latex: '\\min(\\max(x, a), b)' },
    params: HARD_TANH_PARAMS,
    range: range(-1, 1, true, true),
    monotonic: true,
    smoothness: 'continuous',
    zeroCentred: true,
    saturating: { left: true, right: true },
    derivativeAtZero: 1,
    maxDerivative: 1,
    kinkConvention:
      'clamp convention: gradient 1 on the closed interval [min, max] (torch.clamp; PyTorch hardtanh_backward gives 0 at the bounds)',
    origin: {
      paper: 'Collobert, "Large Scale Machine Learning", PhD thesis, Université Paris VI (2004)',
      year: 2004,
    },
    note: 'Piecewise-linear tanh: identity in [-1, 1] with gradient exactly 1, exactly 0 outside, so saturated units pass no gradient at all.',
    elementwise: true,
  },
});

registerActivation({
  name: 'softsign',
  op: 'softsign',
  apply: (x) => softsign(x),
  meta: {
    displayName: 'Softsign',
    formula: { text: 'softsign(x) = x / (1 + |x|)', latex: '\\frac{x}{1 + |x|}' },
    params: [],
    range: range(-1, 1, false, false),
    monotonic: true,
    smoothness: 'C1',
    zeroCentred: true,
    saturating: { left: true, right: true },
    derivativeAtZero: 1,
    maxDerivative: 1,
    kinkConvention: "none needed: f' = 1/(1+|x|)^2 is continuous (f'' jumps at 0)",
    origin: {
      paper:
        'Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural networks", AISTATS (2010)',
      year: 2010,
    },
    note: 'Like tanh (zero-centred, derivative 1 at 0) but it approaches ±1 polynomially, so its gradient decays like 1/x^2 instead of exponentially: it saturates more gently.',
    elementwise: true,
  },
});

registerActivation({
  name: 'elliott',
  op: 'elliott',
  apply: (x) => elliott(x),
  meta: {
    displayName: 'Elliott sigmoid',
    formula: {
      text: 'elliott(x) = 0.5 x / (1 + |x|) + 0.5',
      latex: '\\frac{x}{2(1 + |x|)} + \\frac{1}{2}',
    },
    params: [],
    range: range(0, 1, false, false),
    monotonic: true,
    smoothness: 'C1',
    zeroCentred: false,
    saturating: { left: true, right: true },
    derivativeAtZero: 0.5,
    maxDerivative: 0.5,
    kinkConvention: "none needed: f' = 0.5/(1+|x|)^2 is continuous (f'' jumps at 0)",
    origin: {
      paper:
        'Elliott, "A better activation function for artificial neural networks", ISR Technical Report TR 93-8, University of Maryland (1993)',
      year: 1993,
    },
    note: 'A sigmoid without exp: cheap, output in (0, 1), derivative at most 1/2 and decaying only like 1/x^2, but like the logistic sigmoid it is not zero-centred.',
    elementwise: true,
  },
});

registerActivation({
  name: 'lisht',
  op: 'lisht',
  apply: (x) => lisht(x),
  meta: {
    displayName: 'LiSHT',
    formula: { text: 'lisht(x) = x * tanh(x)', latex: 'x \\tanh x' },
    params: [],
    range: range(0, Number.POSITIVE_INFINITY, true, false),
    monotonic: false,
    smoothness: 'C-infinity',
    zeroCentred: false,
    saturating: { left: false, right: false },
    derivativeAtZero: 0,
    // f'' = 2 sech^2 x (1 - x tanh x) = 0 at x tanh x = 1, where f' = 1/x + x - 1/x = x:
    // the root x* = 1.19967864... (Newton, float64).
    maxDerivative: 1.1996786402577337,
    kinkConvention: 'none: smooth everywhere',
    origin: {
      paper:
        'Roy, Manna, Dubey & Chaudhuri, "LiSHT: Non-parametric linearly scaled hyperbolic tangent activation function for neural networks" (2019)',
      year: 2019,
    },
    note: 'Scales tanh by x: unbounded and non-saturating on both sides, symmetric (even), so negative inputs give positive outputs; the gradient is 0 at 0 and grows to ±1 in the tails.',
    elementwise: true,
  },
});
