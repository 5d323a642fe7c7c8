/** softmax and logSoftmax live in core; they are listed in the activation registry too. */
import { logSoftmax, softmax, type Tensor } from '@gradscope/core';
import { range } from './meta.js';
import { resolveParams } from './params.js';
import { registerActivation } from './registry.js';

export { logSoftmax, softmax };

const AXIS = [{ name: 'axis', default: -1, description: 'axis to normalise over' }] as const;

registerActivation({
  name: 'softmax',
  op: 'softmax',
  apply: (x: Tensor, params) => softmax(x, resolveParams('softmax', params, AXIS).axis),
  meta: {
    displayName: 'Softmax',
    formula: {
      text: 'softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x)',
      latex: '\\frac{e^{x_i}}{\\sum_j e^{x_j}}',
    },
    params: AXIS,
    range: range(0, 1, false, false),
    monotonic: true,
    smoothness: 'C-infinity',
    zeroCentred: false,
    saturating: { left: true, right: true },
    // Values below are about the Jacobian: d y_i / d x_i = y_i (1 - y_i), 1/4 for 2 equal inputs.
    derivativeAtZero: 0.25,
    maxDerivative: 0.25,
    kinkConvention: 'none: smooth; Jacobian diag(y) - y y^T',
    origin: {
      paper:
        'Bridle, "Probabilistic interpretation of feedforward classification network outputs, with relationships to statistical pattern recognition" (1990)',
      year: 1990,
    },
    note: 'Not elementwise: normalises a vector into probabilities (the multi-class sigmoid). Each y_i grows with x_i; the diagonal Jacobian entries y_i (1 - y_i) are at most 1/4, like the sigmoid. Use logSoftmax with a log-likelihood loss.',
    elementwise: false,
  },
});

registerActivation({
  name: 'logSoftmax',
  op: 'logSoftmax',
  apply: (x: Tensor, params) => logSoftmax(x, resolveParams('logSoftmax', params, AXIS).axis),
  meta: {
    displayName: 'Log-softmax',
    formula: {
      text: 'logSoftmax(x)_i = x_i - logSumExp(x)',
      latex: 'x_i - \\log \\sum_j e^{x_j}',
    },
    params: AXIS,
    range: range(Number.NEGATIVE_INFINITY, 0, false, false),
    monotonic: true,
    smoothness: 'C-infinity',
    zeroCentred: false,
    saturating: { left: false, right: true },
    // d y_i / d x_i = 1 - softmax_i: 1/2 for 2 equal inputs, at most 1.
    derivativeAtZero: 0.5,
    maxDerivative: 1,
    kinkConvention: 'none: smooth; Jacobian I - 1 softmax^T',
    origin: {
      paper: 'log of the softmax, computed as x - logSumExp(x) (Bridle 1990)',
      year: 1990,
    },
    note: 'Not elementwise. The stable way to get log-probabilities: no log(0) even for very negative logits; pairs with the negative log-likelihood loss.',
    elementwise: false,
  },
});
