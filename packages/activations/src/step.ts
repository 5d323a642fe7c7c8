/** The perceptron's Heaviside step, with an opt-in straight-through gradient estimator. */
import { type Tensor, type TensorLike, zerosLike } from '@gradscope/core';
import { defineElementwiseOp } from './elementwise.js';
import { range } from './meta.js';
import { opDocs } from './op-docs.generated.js';
import { resolveParams } from './params.js';
import { registerActivation } from './registry.js';

interface StepAttrs {
  readonly straightThrough: boolean;
  [k: string]: unknown;
}

const stepOp = defineElementwiseOp<StepAttrs>({
  name: 'step',
  doc: opDocs.step,
  value: (x) => (x > 0 ? 1 : 0),
  // zerosLike, not g * 0: an infinite upstream gradient must still give 0, not NaN.
  rule: (g, _x, _y, { straightThrough }) => (straightThrough ? g : zerosLike(g)),
});

/** Options of {@link step}. */
export interface StepOptions {
  /**
   * Use the straight-through estimator in the backward pass: pretend step was the identity and
   * pass the incoming gradient unchanged. This is an *estimator* (biased, not the derivative of
   * step, which is 0 almost everywhere), used to train binary / quantised units. Default false.
   */
  straightThrough?: boolean;
}

/**
 * Heaviside step: step(x) = 1 for x > 0, 0 for x ≤ 0 (step(0) = 0, as tf.step); NaN stays NaN.
 * Its true derivative is 0 everywhere except at 0, where it is undefined (an impulse), so the
 * gradient is 0 as in TensorFlow.js: nothing can be learned through it by gradient descent.
 * With `{ straightThrough: true }` the backward pass uses the straight-through estimator
 * (Bengio, Léonard & Courville 2013): gradient passed through unchanged.
 */
export function step(x: TensorLike, options: StepOptions = {}): Tensor {
  return stepOp([x], { straightThrough: options?.straightThrough === true });
}

const STEP_PARAMS = [
  {
    name: 'straightThrough',
    default: 0,
    description:
      '1 to use the straight-through gradient estimator (gradient passed unchanged), 0 for the true gradient 0',
  },
] as const;

registerActivation({
  name: 'step',
  op: 'step',
  apply: (x, params) =>
    step(x, { straightThrough: resolveParams('step', params, STEP_PARAMS).straightThrough !== 0 }),
  meta: {
    displayName: 'Step (Heaviside)',
    formula: {
      text: 'step(x) = 1 if x > 0 else 0',
      latex: 'H(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}',
    },
    params: STEP_PARAMS,
    range: range(0, 1, true, true),
    monotonic: true,
    smoothness: 'discontinuous',
    zeroCentred: false,
    saturating: { left: true, right: true },
    derivativeAtZero: 0,
    maxDerivative: 0,
    kinkConvention:
      'gradient 0 everywhere including x = 0 (TensorFlow.js); opt-in straight-through estimator passes the gradient unchanged',
    origin: {
      paper:
        'Rosenblatt, "The perceptron: a probabilistic model for information storage and organization in the brain", Psychological Review 65 (1958); McCulloch & Pitts (1943)',
      year: 1958,
    },
    note: "The perceptron's binary classifier: its gradient is 0 everywhere except an infinite spike at 0, so gradient descent cannot learn through it at all; smoothing it gave the sigmoid. The straight-through option is an estimator, not a derivative.",
    elementwise: true,
  },
});
