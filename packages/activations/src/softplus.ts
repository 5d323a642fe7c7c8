/** Softplus, the smooth ReLU, with PyTorch's beta and linear threshold. */
import { ArgumentError, describe, type Tensor, type TensorLike, where } from '@gradscope/core';
import { defineElementwiseOp } from './elementwise.js';
import { range } from './meta.js';
import { opDocs } from './op-docs.generated.js';
import { checkFinite, checkPositive, resolveParams } from './params.js';
import { registerActivation } from './registry.js';
import { sigmoid } from './sigmoid.js';
import { softplusScalar } from './special.js';

interface SoftplusAttrs {
  readonly beta: number;
  readonly threshold: number;
  [k: string]: unknown;
}

const softplusOp = defineElementwiseOp<SoftplusAttrs>({
  name: 'softplus',
  doc: opDocs.softplus,
  value: (x, { beta, threshold }) => (beta * x > threshold ? x : softplusScalar(beta * x) / beta),
  rule: (g, x, _y, { beta, threshold }) => {
    const bx = x.mul(beta);
    return where(bx.gt(threshold), g, g.mul(sigmoid(bx)));
  },
  validate: ({ beta, threshold }) => {
    checkPositive('softplus', 'beta', beta);
    checkFinite('softplus', 'threshold', threshold);
  },
});

/** Options of {@link softplus}. */
export interface SoftplusOptions {
  /** Sharpness beta > 0 (default 1): softplus(x) = log(1 + e^(beta x)) / beta. */
  beta?: number;
  /** Above `beta x > threshold` the function is taken as x (default 20, as PyTorch). */
  threshold?: number;
}

/**
 * softplus(x) = log(1 + e^(beta x)) / beta, and x where beta x > threshold (PyTorch's
 * convention, defaults beta = 1, threshold = 20); evaluated as max(z, 0) + log1p(e^-|z|) so that
 * softplus(1000) = 1000 and softplus(-1000) = 0. Derivative σ(beta x) (1 above the threshold).
 */
export function softplus(x: TensorLike, options: SoftplusOptions = {}): Tensor {
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError(`softplus: expected an options object, got ${describe(options)}`);
  }
  return softplusOp([x], { beta: options.beta ?? 1, threshold: options.threshold ?? 20 });
}

const SOFTPLUS_PARAMS = [
  { name: 'beta', default: 1, description: 'sharpness (> 0)' },
  { name: 'threshold', default: 20, description: 'linear above beta x > threshold' },
] as const;

registerActivation({
  name: 'softplus',
  op: 'softplus',
  apply: (x, params) => softplus(x, resolveParams('softplus', params, SOFTPLUS_PARAMS)),
  meta: {
    displayName: 'Softplus',
    formula: {
      text: 'softplus(x) = log(1 + exp(beta * x)) / beta',
      latex: '\\frac{1}{\\beta} \\log(1 + e^{\\beta x})',
    },
    params: SOFTPLUS_PARAMS,
    range: range(0, Number.POSITIVE_INFINITY, false, false),
    monotonic: true,
    smoothness: 'C-infinity',
    zeroCentred: false,
    saturating: { left: true, right: false },
    derivativeAtZero: 0.5,
    maxDerivative: 1,
    kinkConvention:
      'none: smooth (the switch to x above the threshold changes the value by under 1e-9 and the derivative by under 3e-9)',
    origin: {
      paper:
        'Dugas, Bengio, Bélisle, Nadeau & Garcia, "Incorporating second-order functional knowledge for better option pricing", NeurIPS (2000)',
      year: 2000,
    },
    note: 'A smooth ReLU whose derivative is the logistic sigmoid: no kink and no exactly-dead units, but the gradient still fades to 0 for very negative inputs and the output is always positive.',
    elementwise: true,
  },
});
