/** The self-gated activations: Swish / SiLU, hard Swish and Mish. */
import { type Tensor, type TensorLike, where } from '@gradscope/core';
import { defineElementwiseOp } from './elementwise.js';
import { range } from './meta.js';
import { opDocs } from './op-docs.generated.js';
import { checkFinite, resolveParams } from './params.js';
import { registerActivation } from './registry.js';
import { sigmoid } from './sigmoid.js';
import { softplus } from './softplus.js';
import { sigmoidScalar, softplusScalar } from './special.js';
import { tanh } from './tanh.js';

interface Beta {
  readonly beta: number;
  [k: string]: unknown;
}

function swishValue(x: number, { beta }: Beta): number {
  return x * sigmoidScalar(beta * x);
}
function swishRule(g: Tensor, x: Tensor, _y: Tensor, { beta }: Beta): Tensor {
  const s = sigmoid(x.mul(beta));
  return g.mul(s.add(x.mul(beta).mul(s).mul(s.neg().add(1))));
}

const swishOp = defineElementwiseOp<Beta>({
  name: 'swish',
  doc: opDocs.swish,
  value: swishValue,
  rule: swishRule,
  validate: ({ beta }) => {
    checkFinite('swish', 'beta', beta);
  },
});

/**
 * swish(x) = x σ(beta x) (beta = 1 gives SiLU). Derivative s + beta x s (1 - s) with
 * s = σ(beta x); stable for large |x| (swish(-1e4) = -0, swish(1e4) = 1e4).
 */
export function swish(x: TensorLike, beta = 1): Tensor {
  return swishOp([x], { beta });
}

const siluOp = defineElementwiseOp<Beta>({
  name: 'silu',
  doc: opDocs.silu,
  value: (x) => swishValue(x, { beta: 1 }),
  rule: (g, x, y) => swishRule(g, x, y, { beta: 1 }),
});

/** silu(x) = x σ(x): Swish with beta = 1 (PyTorch's SiLU), its own op so graphs name it. */
export function silu(x: TensorLike): Tensor {
  return siluOp([x]);
}

const hardSwishOp = defineElementwiseOp({
  name: 'hardSwish',
  doc: opDocs.hardSwish,
  value: (x) => (x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6),
  rule: (g, x) => g.mul(where(x.lt(-3), 0, where(x.le(3), x.div(3).add(0.5), 1))),
});

/**
 * hardSwish(x) = x relu6(x + 3) / 6. Derivative 0 for x < -3, x/3 + 1/2 on [-3, 3], 1 for
 * x > 3 (PyTorch's CPU hardswish_backward: -1/2 at x = -3 and 3/2 at x = 3).
 */
export function hardSwish(x: TensorLike): Tensor {
  return hardSwishOp([x]);
}

const mishOp = defineElementwiseOp({
  name: 'mish',
  doc: opDocs.mish,
  value: (x) => x * Math.tanh(softplusScalar(x)),
  rule: (g, x) => {
    const t = tanh(softplus(x));
    return g.mul(t.add(x.mul(t.square().neg().add(1)).mul(sigmoid(x))));
  },
});

/**
 * mish(x) = x tanh(softplus(x)); derivative tanh(sp) + x (1 - tanh(sp)^2) σ(x) with
 * sp = softplus(x). Stable: mish(1000) = 1000, mish(-1000) = -0.
 */
export function mish(x: TensorLike): Tensor {
  return mishOp([x]);
}

const BETA = [
  { name: 'beta', default: 1, description: 'gate sharpness (1: SiLU; large: ReLU)' },
] as const;

const SWISH_ORIGIN = {
  paper: 'Ramachandran, Zoph & Le, "Searching for activation functions", arXiv:1710.05941 (2017)',
  year: 2017,
};
const SWISH_NOTE =
  'x gated by its own sigmoid: smooth, unbounded above, bounded below with a small negative dip (minimum ≈ -0.278) and non-monotonic, so small negative inputs keep a gradient; the slope overshoots 1 (≈ 1.0998).';

/** Properties shared by swish (at its default beta = 1) and silu: the same function x σ(x). */
const X_SIGMOID_SHAPE = {
  // min of x σ(x) at x = -(1 + W(1/e)) ≈ -1.2785, value -W(1/e) ≈ -0.2785 (W: Lambert W).
  range: range(-0.2784645427610738, Number.POSITIVE_INFINITY, true, false),
  monotonic: false,
  smoothness: 'C-infinity' as const,
  zeroCentred: false,
  saturating: { left: true, right: false },
  derivativeAtZero: 0.5,
  // max of s + x s (1 - s) at x ≈ 2.3994, by golden-section search in float64.
  maxDerivative: 1.0998393201288668,
  kinkConvention: 'none: smooth everywhere',
};

registerActivation({
  name: 'swish',
  op: 'swish',
  apply: (x, params) => swish(x, resolveParams('swish', params, BETA).beta),
  meta: {
    displayName: 'Swish',
    formula: { text: 'swish(x) = x * sigmoid(beta * x)', latex: 'x \\, \\sigma(\\beta x)' },
    params: BETA,
    ...X_SIGMOID_SHAPE,
    origin: SWISH_ORIGIN,
    note: SWISH_NOTE,
    elementwise: true,
  },
});

registerActivation({
  name: 'silu',
  op: 'silu',
  apply: (x) => silu(x),
  meta: {
    displayName: 'SiLU',
    formula: { text: 'silu(x) = x * sigmoid(x)', latex: 'x \\, \\sigma(x)' },
    params: [],
    ...X_SIGMOID_SHAPE,
    origin: {
      paper:
        'Elfwing, Uchibe & Doya, "Sigmoid-weighted linear units for neural network function approximation in reinforcement learning", Neural Networks 107 (2018); Hendrycks & Gimpel (2016)',
      year: 2018,
    },
    note: `Swish with beta = 1. ${SWISH_NOTE}`,
    elementwise: true,
  },
});

registerActivation({
  name: 'hardSwish',
  op: 'hardSwish',
  apply: (x) => hardSwish(x),
  meta: {
    displayName: 'Hard Swish',
    formula: {
      text: 'hardSwish(x) = x * relu6(x + 3) / 6',
      latex: 'x \\, \\frac{\\min(\\max(0, x + 3), 6)}{6}',
    },
    params: [],
    // min of x (x + 3) / 6 at x = -3/2: -3/8.
    range: range(-0.375, Number.POSITIVE_INFINITY, true, false),
    monotonic: false,
    smoothness: 'continuous',
    zeroCentred: false,
    saturating: { left: true, right: false },
    derivativeAtZero: 0.5,
    maxDerivative: 1.5,
    kinkConvention:
      "PyTorch's CPU hardswish_backward: f' = 0 for x < -3, x/3 + 1/2 on [-3, 3] (so -1/2 at -3 and 3/2 at 3), 1 for x > 3 (recent CUDA kernels use the open interval: 0 at -3, 1 at 3)",
    origin: { paper: 'Howard et al., "Searching for MobileNetV3", ICCV (2019)', year: 2019 },
    note: 'A piecewise-polynomial Swish for mobile hardware: exactly 0 (dead) below -3, identity above 3, and its derivative jumps at ±3 (to 3/2 at x = 3).',
    elementwise: true,
  },
});

registerActivation({
  name: 'mish',
  op: 'mish',
  apply: (x) => mish(x),
  meta: {
    displayName: 'Mish',
    formula: {
      text: 'mish(x) = x * tanh(softplus(x)) = x * tanh(log(1 + exp(x)))',
      latex: 'x \\tanh(\\log(1 + e^{x}))',
    },
    params: [],
    // min at x ≈ -1.1924, by golden-section search in float64.
    range: range(-0.30884341301725043, Number.POSITIVE_INFINITY, true, false),
    monotonic: false,
    smoothness: 'C-infinity',
    zeroCentred: false,
    saturating: { left: true, right: false },
    derivativeAtZero: 0.6,
    // max of the derivative at x ≈ 1.4906, by golden-section search in float64.
    maxDerivative: 1.0884981612517279,
    kinkConvention: 'none: smooth everywhere',
    origin: {
      paper: 'Misra, "Mish: a self regularized non-monotonic activation function", BMVC (2020)',
      year: 2020,
    },
    note: "Swish's smoother cousin: unbounded above, bounded below (minimum ≈ -0.309), non-monotonic and C-infinity; f'(0) = tanh(log 2) = 0.6, and small negative inputs keep a gradient.",
    elementwise: true,
  },
});
