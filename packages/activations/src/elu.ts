/** The exponential linear units: ELU, SELU (self-normalising) and CELU. */
import { type Tensor, type TensorLike, where } from '@gradscope/core';
import { defineElementwiseOp } from './elementwise.js';
import { range } from './meta.js';
import { opDocs } from './op-docs.generated.js';
import { checkFinite, checkPositive, resolveParams } from './params.js';
import { registerActivation } from './registry.js';

interface Alpha {
  readonly alpha: number;
  [k: string]: unknown;
}

const eluOp = defineElementwiseOp<Alpha>({
  name: 'elu',
  doc: opDocs.elu,
  value: (x, { alpha }) => (x > 0 ? x : alpha * Math.expm1(x)),
  // For x <= 0, f' = alpha e^x = y + alpha: written with y so that f'' follows from y's rule.
  rule: (g, x, y, { alpha }) => where(x.gt(0), g, g.mul(y.add(alpha))),
  validate: ({ alpha }) => {
    checkFinite('elu', 'alpha', alpha);
  },
});

/**
 * elu(x) = x for x > 0, alpha (e^x - 1) otherwise (alpha = 1). Derivative 1 for x > 0,
 * alpha e^x for x ≤ 0, so elu'(0) = alpha (PyTorch); C1 when alpha = 1.
 */
export function elu(x: TensorLike, alpha = 1): Tensor {
  return eluOp([x], { alpha });
}

/**
 * SELU's alpha as published (Klambauer et al. 2017): 1.6732632423543772848170429916717,
 * here as the nearest float64.
 */
export const SELU_ALPHA = 1.6732632423543772;
/**
 * SELU's scale lambda as published (Klambauer et al. 2017): 1.0507009873554804934193349852946,
 * here as the nearest float64.
 */
export const SELU_LAMBDA = 1.0507009873554805;

const seluOp = defineElementwiseOp({
  name: 'selu',
  doc: opDocs.selu,
  value: (x) => SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
  rule: (g, x, y) => where(x.gt(0), g.mul(SELU_LAMBDA), g.mul(y.add(SELU_LAMBDA * SELU_ALPHA))),
});

/**
 * selu(x) = lambda x for x > 0, lambda alpha (e^x - 1) otherwise, with the published
 * alpha = 1.6732632423543772848170429916717 and lambda = 1.0507009873554804934193349852946.
 * Derivative lambda for x > 0, lambda alpha e^x for x ≤ 0 (selu'(0) = lambda alpha ≈ 1.7581).
 */
export function selu(x: TensorLike): Tensor {
  return seluOp([x]);
}

const celuOp = defineElementwiseOp<Alpha>({
  name: 'celu',
  doc: opDocs.celu,
  value: (x, { alpha }) => (x > 0 ? x : alpha * Math.expm1(x / alpha)),
  // For x <= 0, f' = e^(x/alpha) = y / alpha + 1.
  rule: (g, x, y, { alpha }) => where(x.gt(0), g, g.mul(y.div(alpha).add(1))),
  validate: ({ alpha }) => {
    checkPositive('celu', 'alpha', alpha);
  },
});

/**
 * celu(x) = max(0, x) + min(0, alpha (e^(x/alpha) - 1)) (alpha = 1, must be > 0). Derivative
 * 1 for x > 0 and e^(x/alpha) for x ≤ 0: continuously differentiable for every alpha.
 */
export function celu(x: TensorLike, alpha = 1): Tensor {
  return celuOp([x], { alpha });
}

const ALPHA_ONE = [
  { name: 'alpha', default: 1, description: 'negative saturation value -alpha' },
] as const;

registerActivation({
  name: 'elu',
  op: 'elu',
  apply: (x, params) => elu(x, resolveParams('elu', params, ALPHA_ONE).alpha),
  meta: {
    displayName: 'ELU',
    formula: {
      text: 'elu(x) = x if x > 0 else alpha * (exp(x) - 1)',
      latex: '\\begin{cases} x & x > 0 \\\\ \\alpha (e^{x} - 1) & x \\le 0 \\end{cases}',
    },
    params: ALPHA_ONE,
    range: range(-1, Number.POSITIVE_INFINITY, false, false),
    monotonic: true,
    smoothness: 'C1',
    zeroCentred: false,
    saturating: { left: true, right: false },
    derivativeAtZero: 1,
    maxDerivative: 1,
    kinkConvention: "elu'(0) = alpha (x <= 0 branch, PyTorch); with alpha = 1 f' is continuous",
    origin: {
      paper:
        'Clevert, Unterthiner & Hochreiter, "Fast and accurate deep network learning by exponential linear units (ELUs)", ICLR (2016)',
      year: 2016,
    },
    note: 'Identity for x > 0 like ReLU, but negative inputs give negative outputs down to -alpha with a nonzero gradient: no dead units, and mean activations closer to zero than ReLU (though not zero-mean).',
    elementwise: true,
  },
});

registerActivation({
  name: 'selu',
  op: 'selu',
  apply: (x) => selu(x),
  meta: {
    displayName: 'SELU (scaled ELU)',
    formula: {
      text: 'selu(x) = lambda * (x if x > 0 else alpha * (exp(x) - 1)), alpha = 1.6732632423543772, lambda = 1.0507009873554805',
      latex: '\\lambda \\begin{cases} x & x > 0 \\\\ \\alpha (e^{x} - 1) & x \\le 0 \\end{cases}',
    },
    params: [],
    range: range(-SELU_LAMBDA * SELU_ALPHA, Number.POSITIVE_INFINITY, false, false),
    monotonic: true,
    smoothness: 'continuous',
    zeroCentred: true,
    saturating: { left: true, right: false },
    derivativeAtZero: SELU_LAMBDA * SELU_ALPHA,
    maxDerivative: SELU_LAMBDA * SELU_ALPHA,
    kinkConvention:
      "selu'(0) = lambda alpha ≈ 1.7581 (x <= 0 branch, PyTorch and TensorFlow.js); f' jumps from lambda alpha to lambda at 0",
    origin: {
      paper:
        'Klambauer, Unterthiner, Mayr & Hochreiter, "Self-normalizing neural networks", NeurIPS (2017)',
      year: 2017,
    },
    note: 'Constants chosen so that mean 0 and variance 1 are a stable fixed point for N(0, 1) inputs (LeCun-normal init): activations stay normalised through depth without batch norm; zero-centred by construction.',
    elementwise: true,
  },
});

registerActivation({
  name: 'celu',
  op: 'celu',
  apply: (x, params) => celu(x, resolveParams('celu', params, ALPHA_ONE).alpha),
  meta: {
    displayName: 'CELU',
    formula: {
      text: 'celu(x) = max(0, x) + min(0, alpha * (exp(x / alpha) - 1))',
      latex: '\\max(0, x) + \\min(0, \\alpha (e^{x/\\alpha} - 1))',
    },
    params: ALPHA_ONE,
    range: range(-1, Number.POSITIVE_INFINITY, false, false),
    monotonic: true,
    smoothness: 'C1',
    zeroCentred: false,
    saturating: { left: true, right: false },
    derivativeAtZero: 1,
    maxDerivative: 1,
    kinkConvention: "celu'(0) = 1 from both sides: C1 for every alpha > 0",
    origin: {
      paper:
        'Barron, "Continuously differentiable exponential linear units", arXiv:1704.07483 (2017)',
      year: 2017,
    },
    note: 'ELU reparametrised so its derivative is continuous at 0 for every alpha (ELU is C1 only when alpha = 1): same gradient flow as ELU, with a smooth gradient.',
    elementwise: true,
  },
});
