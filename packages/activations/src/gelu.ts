/** GELU: x times the standard normal CDF, exact (erf) or with the tanh approximation. */
import { ArgumentError, defineOp, describe, type Tensor, type TensorLike } from '@gradscope/core';
import { defineElementwiseOp, mapElements } from './elementwise.js';
import { range } from './meta.js';
import { opDocs } from './op-docs.generated.js';
import { shown } from './params.js';
import { registerActivation } from './registry.js';
import { normalCdfScalar } from './special.js';
import { tanh } from './tanh.js';

const INV_SQRT_2PI = 0.3989422804014327;
const K = Math.sqrt(2 / Math.PI);
const C = 0.044715;

/** φ(x) = e^(-x^2/2) / sqrt(2π) in differentiable ops. */
function normalPdf(x: Tensor): Tensor {
  return x.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
}

const normalCdfOp = defineOp({
  name: 'normalCdf',
  arity: 1,
  doc: opDocs.normalCdf,
  forward: ([x]) => mapElements(x as Tensor, normalCdfScalar),
  backward: (g, { inputs: [x] }) => [g.mul(normalPdf(x as Tensor))],
});

/** Standard normal CDF Φ(x) (accurate to ~1e-15 relative, also deep in the left tail); Φ' = φ. */
export function normalCdf(x: TensorLike): Tensor {
  return normalCdfOp([x]);
}

interface GeluAttrs {
  readonly approximate: 'none' | 'tanh';
  [k: string]: unknown;
}

function tanhArg(x: number): number {
  return K * (x + C * x * x * x);
}

const geluOp = defineElementwiseOp<GeluAttrs>({
  name: 'gelu',
  doc: opDocs.gelu,
  value: (x, { approximate }) =>
    approximate === 'tanh' ? 0.5 * x * (1 + Math.tanh(tanhArg(x))) : x * normalCdfScalar(x),
  rule: (g, x, _y, { approximate }) => {
    if (approximate === 'tanh') {
      const t = tanh(x.mul(x.square().mul(C).add(1)).mul(K));
      const dt = t
        .square()
        .neg()
        .add(1)
        .mul(
          x
            .square()
            .mul(3 * C)
            .add(1),
        )
        .mul(K * 0.5);
      return g.mul(t.add(1).mul(0.5).add(x.mul(dt)));
    }
    return g.mul(normalCdf(x).add(x.mul(normalPdf(x))));
  },
  validate: ({ approximate }) => {
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new ArgumentError(
        `gelu: approximate must be 'none' or 'tanh', got ${shown(approximate)}`,
      );
    }
  },
});

/** Options of {@link gelu}. */
export interface GeluOptions {
  /** 'none' (default): exact x Φ(x) via erf. 'tanh': Hendrycks & Gimpel's tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/**
 * GELU(x) = x Φ(x) = x (1 + erf(x / sqrt 2)) / 2 (exact, default), or with
 * `{ approximate: 'tanh' }` 0.5 x (1 + tanh(sqrt(2/π) (x + 0.044715 x^3))), as PyTorch.
 * Derivative Φ(x) + x φ(x) (exact form); smooth, so no kink convention is needed.
 */
export function gelu(x: TensorLike, options: GeluOptions = {}): Tensor {
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError(`gelu: expected an options object, got ${describe(options)}`);
  }
  return geluOp([x], { approximate: options.approximate ?? 'none' });
}

const GELU_ORIGIN = {
  paper: 'Hendrycks & Gimpel, "Gaussian error linear units (GELUs)", arXiv:1606.08415 (2016)',
  year: 2016,
};

registerActivation({
  name: 'gelu',
  op: 'gelu',
  apply: (x) => gelu(x),
  meta: {
    displayName: 'GELU',
    formula: {
      text: 'gelu(x) = x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))',
      latex: 'x \\Phi(x) = \\frac{x}{2} \\left(1 + \\operatorname{erf}(x / \\sqrt{2})\\right)',
    },
    params: [],
    // min of x Φ(x) at x ≈ -0.7518 (where Φ(x) + x φ(x) = 0), by golden-section search in float64.
    range: range(-0.16997120747990374, Number.POSITIVE_INFINITY, true, false),
    monotonic: false,
    smoothness: 'C-infinity',
    zeroCentred: false,
    saturating: { left: true, right: false },
    derivativeAtZero: 0.5,
    // f'' = φ(x)(2 - x^2) = 0 at x = sqrt 2: f'(sqrt 2) = Φ(sqrt 2) + sqrt 2 φ(sqrt 2).
    maxDerivative: 1.128904145185155,
    kinkConvention: 'none: smooth everywhere',
    origin: GELU_ORIGIN,
    note: 'Weights x by the probability that a standard normal is below x: ReLU-like for large |x| but smooth, slightly negative for x < 0 (minimum ≈ -0.17) and non-monotonic; its slope overshoots 1 (≈ 1.129). The default in Transformers.',
    elementwise: true,
  },
});

registerActivation({
  name: 'geluTanh',
  op: 'gelu',
  apply: (x) => gelu(x, { approximate: 'tanh' }),
  meta: {
    displayName: 'GELU (tanh approximation)',
    formula: {
      text: 'geluTanh(x) = 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))',
      latex:
        '\\frac{x}{2} \\left(1 + \\tanh\\left(\\sqrt{2/\\pi}\\,(x + 0.044715 x^{3})\\right)\\right)',
    },
    params: [],
    // min by golden-section search in float64, at x ≈ -0.7525.
    range: range(-0.17004075057125406, Number.POSITIVE_INFINITY, true, false),
    monotonic: false,
    smoothness: 'C-infinity',
    zeroCentred: false,
    saturating: { left: true, right: false },
    derivativeAtZero: 0.5,
    // max of the derivative at x ≈ 1.4185, by golden-section search in float64.
    maxDerivative: 1.1289930686587717,
    kinkConvention: 'none: smooth everywhere',
    origin: GELU_ORIGIN,
    note: "The tanh approximation of GELU used by BERT and GPT-2 (PyTorch approximate='tanh', TensorFlow.js 'gelu_new'): within 5e-4 of the exact GELU everywhere.",
    elementwise: true,
  },
});
