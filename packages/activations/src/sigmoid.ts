/** The logistic sigmoid and its relatives: log-sigmoid and the two piecewise-linear hard sigmoids. */
import type { Tensor, TensorLike } from '@gradscope/core';
import { defineElementwiseOp } from './elementwise.js';
import { range } from './meta.js';
import { opDocs } from './op-docs.generated.js';
import { registerActivation } from './registry.js';
import { logSigmoidScalar, sigmoidScalar } from './special.js';

const sigmoidOp = defineElementwiseOp({
  name: 'sigmoid',
  doc: opDocs.sigmoid,
  value: sigmoidScalar,
  rule: (g, _x, y) => g.mul(y).mul(y.neg().add(1)),
});

/**
 * Logistic sigmoid σ(x) = 1 / (1 + e^-x), computed as e^x / (1 + e^x) for x < 0 so that
 * σ(-1000) = 0 and σ(1000) = 1 with no overflow. σ'(x) = σ(x)(1 - σ(x)) ≤ 1/4.
 */
export function sigmoid(x: TensorLike): Tensor {
  return sigmoidOp([x]);
}

const logSigmoidOp = defineElementwiseOp({
  name: 'logSigmoid',
  doc: opDocs.logSigmoid,
  value: logSigmoidScalar,
  rule: (g, x) => g.mul(sigmoid(x.neg())),
});

/** log σ(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|): logSigmoid(-1000) = -1000. Derivative σ(-x). */
export function logSigmoid(x: TensorLike): Tensor {
  return logSigmoidOp([x]);
}

const hardSigmoidOp = defineElementwiseOp({
  name: 'hardSigmoid',
  doc: opDocs.hardSigmoid,
  value: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5),
  rule: (g, x) => g.mul(x.ge(-3).mul(x.le(3))).div(6),
});

/**
 * Hard sigmoid as PyTorch: relu6(x + 3) / 6 = clamp(x/6 + 1/2, 0, 1). Derivative 1/6 on
 * [-3, 3], 0 outside; at the bounds ±3 the clamp convention (gradient passes, 1/6) is used.
 */
export function hardSigmoid(x: TensorLike): Tensor {
  return hardSigmoidOp([x]);
}

const hardSigmoidTfjsOp = defineElementwiseOp({
  name: 'hardSigmoidTfjs',
  doc: opDocs.hardSigmoidTfjs,
  value: (x) => (x <= -2.5 ? 0 : x >= 2.5 ? 1 : 0.2 * x + 0.5),
  rule: (g, x) => g.mul(x.ge(-2.5).mul(x.le(2.5))).mul(0.2),
});

/**
 * Hard sigmoid as TensorFlow.js / Keras: clip(0.2 x + 0.5, 0, 1). Derivative 0.2 on
 * [-2.5, 2.5] (bounds included, as tf.clipByValue), 0 outside.
 */
export function hardSigmoidTfjs(x: TensorLike): Tensor {
  return hardSigmoidTfjsOp([x]);
}

registerActivation({
  name: 'sigmoid',
  op: 'sigmoid',
  apply: (x) => sigmoid(x),
  meta: {
    displayName: 'Sigmoid (logistic)',
    formula: {
      text: 'sigmoid(x) = 1 / (1 + exp(-x))',
      latex: '\\sigma(x) = \\frac{1}{1 + e^{-x}}',
    },
    params: [],
    range: range(0, 1, false, false),
    monotonic: true,
    smoothness: 'C-infinity',
    zeroCentred: false,
    saturating: { left: true, right: true },
    derivativeAtZero: 0.25,
    maxDerivative: 0.25,
    kinkConvention: 'none: smooth everywhere',
    origin: {
      paper:
        'Rumelhart, Hinton & Williams, "Learning representations by back-propagating errors", Nature 323 (1986)',
      year: 1986,
    },
    note: "A smoothed step: unlike the perceptron's step it has a gradient everywhere, but σ' ≤ 1/4, so each sigmoid layer shrinks the gradient at least 4x and it vanishes in deep stacks; the output sits in (0, 1) and is never negative (not zero-centred). Still the right output for probabilities and LSTM gates.",
    elementwise: true,
  },
});

registerActivation({
  name: 'logSigmoid',
  op: 'logSigmoid',
  apply: (x) => logSigmoid(x),
  meta: {
    displayName: 'Log-sigmoid',
    formula: {
      text: 'logSigmoid(x) = log(1 / (1 + exp(-x))) = -softplus(-x)',
      latex: '\\log \\sigma(x) = -\\log(1 + e^{-x})',
    },
    params: [],
    range: range(Number.NEGATIVE_INFINITY, 0, false, false),
    monotonic: true,
    smoothness: 'C-infinity',
    zeroCentred: false,
    saturating: { left: false, right: true },
    derivativeAtZero: 0.5,
    maxDerivative: 1,
    kinkConvention: 'none: smooth everywhere',
    origin: {
      paper: 'log of the logistic function; standard in logistic-regression losses (Cox 1958)',
      year: 1958,
    },
    note: 'The log-likelihood of the sigmoid, computed without log(0): linear with slope 1 on the far left, flat towards 0 on the right. Used inside losses on logits more than as a hidden activation.',
    elementwise: true,
  },
});

registerActivation({
  name: 'hardSigmoid',
  op: 'hardSigmoid',
  apply: (x) => hardSigmoid(x),
  meta: {
    displayName: 'Hard sigmoid (PyTorch)',
    formula: {
      text: 'hardSigmoid(x) = relu6(x + 3) / 6 = clamp(x / 6 + 1/2, 0, 1)',
      latex: '\\min(\\max(0, x + 3), 6) / 6',
    },
    params: [],
    range: range(0, 1, true, true),
    monotonic: true,
    smoothness: 'continuous',
    zeroCentred: false,
    saturating: { left: true, right: true },
    derivativeAtZero: 1 / 6,
    maxDerivative: 1 / 6,
    kinkConvention:
      "clamp convention: gradient 1/6 on the closed interval [-3, 3], 0 outside (PyTorch's hardsigmoid_backward gives 0 at ±3 exactly)",
    origin: {
      paper: 'Howard et al., "Searching for MobileNetV3", ICCV (2019)',
      year: 2019,
    },
    note: 'A cheap piecewise-linear sigmoid: slope only 1/6 and exactly zero gradient beyond ±3, so it vanishes even harder than the logistic sigmoid when inputs drift.',
    elementwise: true,
  },
});

registerActivation({
  name: 'hardSigmoidTfjs',
  op: 'hardSigmoidTfjs',
  apply: (x) => hardSigmoidTfjs(x),
  meta: {
    displayName: 'Hard sigmoid (TensorFlow.js / Keras)',
    formula: {
      text: 'hardSigmoidTfjs(x) = clip(0.2 x + 0.5, 0, 1)',
      latex: '\\min(\\max(0, 0.2x + 0.5), 1)',
    },
    params: [],
    range: range(0, 1, true, true),
    monotonic: true,
    smoothness: 'continuous',
    zeroCentred: false,
    saturating: { left: true, right: true },
    derivativeAtZero: 0.2,
    maxDerivative: 0.2,
    kinkConvention:
      'clamp convention as tf.clipByValue: gradient 0.2 on the closed interval [-2.5, 2.5]',
    origin: {
      paper:
        'Courbariaux, Bengio & David, "BinaryConnect: training deep neural networks with binary weights during propagations", NeurIPS (2015)',
      year: 2015,
    },
    note: "Keras' piecewise-linear sigmoid: the same shape as PyTorch's hard sigmoid with slope 0.2 instead of 1/6; the two are not interchangeable when porting models.",
    elementwise: true,
  },
});
