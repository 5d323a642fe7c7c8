/**
 * Mean-field theory of signal propagation at initialisation (Poole et al. 2016; Schoenholz et
 * al. 2017), for the plain network the gradient-flow experiment measures:
 *
 *   h_1 = W_1 x_0,  h_l = W_l φ(h_{l-1}) + b_l,  W_l ~ (0, σ_w²/n),  b_l ~ (0, σ_b²),  E[x_0²] = q_in
 *
 * Forward:  q_1 = σ_w² q_in + σ_b²,   q_l = σ_w² E[φ(√q_{l-1} z)²] + σ_b²     (z ~ N(0, 1))
 * Backward: χ_l = σ_w² E[φ'(√q_l z)²], and with the loss gradient at the output x_L = φ(h_L)
 *           having unit second moment, the pre-activation gradients δ_l = ∂L/∂h_l satisfy
 *           E[δ_L²] = E[φ'(√q_L z)²],  E[δ_l²] = χ_l E[δ_{l+1}²].
 *
 * So log10(RMS δ_1 / RMS δ_L) = ½ Σ_{l=1}^{L-1} log10 χ_l.
 */
import { ArgumentError, describe, type Tensor, tensor } from '@gradscope/core';
import { derivative } from './derivative.js';
import { normalRule, splitNormalRule } from './quadrature.js';

/** The two Gaussian moments mean-field theory needs, at pre-activation variance q. */
export interface GaussianMoments {
  /** E[φ(√q z)²]. */
  readonly secondMoment: number;
  /** E[φ'(√q z)²]. */
  readonly derivativeSecondMoment: number;
}

/** A function returning {@link GaussianMoments} at variance q. */
export type MomentsFn = (q: number) => GaussianMoments;

/** Which quadrature {@link quadratureMoments} uses. */
export type QuadratureRule = 'split-legendre' | 'hermite';

/**
 * Gaussian moments of an elementwise activation by quadrature. `'split-legendre'` (default):
 * composite Gauss–Legendre with a panel edge at 0 (see `splitNormalRule`), accurate when φ or φ'
 * has a kink at 0 (ReLU, ELU, SELU); `'hermite'`: 160-point Gauss–Hermite, fine for smooth φ
 * but slow to converge across a kink. φ and φ' are evaluated through core's autograd in float64:
 * φ' is the gradient of Σ φ(x_i), so it follows the op's own kink convention (ReLU'(0) = 0,
 * step' = 0).
 */
export function quadratureMoments(
  apply: (x: Tensor) => Tensor,
  rule: QuadratureRule = 'split-legendre',
): MomentsFn {
  const { points, probs } = rule === 'hermite' ? normalRule(160) : splitNormalRule();
  const nodes = points.length;
  return (q: number) => {
    if (!(q >= 0) || !Number.isFinite(q)) {
      throw new ArgumentError(`quadratureMoments: expected a variance q >= 0, got ${describe(q)}`);
    }
    const s = Math.sqrt(q);
    const x = tensor(
      points.map((z) => s * z),
      { dtype: 'float64' },
    );
    const f = apply(x).data;
    const df = derivative(apply, x).data;
    let m2 = 0;
    let d2 = 0;
    for (let i = 0; i < nodes; i++) {
      const p = probs[i] as number;
      m2 += p * (f[i] as number) ** 2;
      d2 += p * (df[i] as number) ** 2;
    }
    return { secondMoment: m2, derivativeSecondMoment: d2 };
  };
}

/** Options of {@link meanFieldPrediction}. */
export interface MeanFieldOptions {
  /** Gaussian moments of the activation. */
  readonly moments: MomentsFn;
  /** σ_w² = fan-in × Var(W). */
  readonly sigmaW2: number;
  /** σ_b² (0 for zero biases). */
  readonly sigmaB2?: number;
  /** Number of layers L (each: linear map then activation). */
  readonly depth: number;
  /** Second moment of the inputs (1 for N(0, 1) inputs). */
  readonly inputSecondMoment?: number;
  /** Second moment of ∂L/∂x_L (1 when the output gradient is N(0, 1)). */
  readonly outputGradSecondMoment?: number;
}

/** Per-layer predictions; index 0 is the layer nearest the input. */
export interface MeanFieldPrediction {
  /** q_l: variance of the pre-activations h_l. */
  readonly q: number[];
  /** χ_l = σ_w² E[φ'(√q_l z)²]: the factor by which E[δ²] shrinks (χ < 1) or grows going down. */
  readonly chi: number[];
  /** Predicted RMS of ∂L/∂h_l. */
  readonly rmsGrad: number[];
  /** log10(rmsGrad[0] / rmsGrad[L-1]); -Infinity when the gradient vanishes exactly. */
  readonly log10Ratio: number;
}

/** Runs the q-recursion forward and the χ-product backward (see the module comment). */
export function meanFieldPrediction(o: MeanFieldOptions): MeanFieldPrediction {
  const { moments, sigmaW2, depth } = o;
  const sigmaB2 = o.sigmaB2 ?? 0;
  if (!Number.isInteger(depth) || depth < 1)
    throw new ArgumentError(
      `meanFieldPrediction: depth must be an integer >= 1, got ${describe(depth)}`,
    );
  if (!(sigmaW2 > 0) || !(sigmaB2 >= 0))
    throw new ArgumentError(
      `meanFieldPrediction: expected sigmaW2 > 0 and sigmaB2 >= 0, got ${describe(sigmaW2)} and ${describe(sigmaB2)}`,
    );
  const q: number[] = [];
  const chi: number[] = [];
  const dsm: number[] = [];
  let qPrev = sigmaW2 * (o.inputSecondMoment ?? 1) + sigmaB2;
  for (let l = 0; l < depth; l++) {
    const ql = l === 0 ? qPrev : sigmaW2 * moments(qPrev).secondMoment + sigmaB2;
    const m = moments(ql);
    q.push(ql);
    dsm.push(m.derivativeSecondMoment);
    chi.push(sigmaW2 * m.derivativeSecondMoment);
    qPrev = ql;
  }
  const ms = new Array<number>(depth);
  ms[depth - 1] = (dsm[depth - 1] as number) * (o.outputGradSecondMoment ?? 1);
  for (let l = depth - 2; l >= 0; l--) ms[l] = (chi[l] as number) * (ms[l + 1] as number);
  const rmsGrad = ms.map(Math.sqrt);
  let log10Ratio = 0;
  for (let l = 0; l < depth - 1; l++) log10Ratio += 0.5 * Math.log10(chi[l] as number);
  if ((dsm[depth - 1] as number) === 0) log10Ratio = Number.NEGATIVE_INFINITY;
  return { q, chi, rmsGrad, log10Ratio };
}
