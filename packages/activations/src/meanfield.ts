/**
 * Mean-field theory of signal propagation at initialisation (Poole et al. 2016; Schoenholz et
 * al. 2017), for a plain network (no residual connections, no normalisation):
 *
 *   h_1 = W_1 x_0 + b_1,  h_l = W_l φ_{l-1}(h_{l-1}) + b_l,  W_l ~ (0, σ_{w,l}²/n_{l-1}),
 *   b_l ~ (0, σ_{b,l}²),  E[x_0²] = q_in
 *
 * Forward:  q_1 = σ_{w,1}² q_in + σ_{b,1}²,   q_l = σ_{w,l}² E[φ_{l-1}(√q_{l-1} z)²] + σ_{b,l}²
 *           (z ~ N(0, 1))
 * Backward: χ_l = σ_{w,l+1}² E[φ_l'(√q_l z)²], and with the loss gradient at the output
 *           x_L = φ_L(h_L) having unit second moment, the pre-activation gradients δ_l = ∂L/∂h_l
 *           satisfy E[δ_L²] = E[φ_L'(√q_L z)²],  E[δ_l²] = χ_l E[δ_{l+1}²].
 *
 * So log10(RMS δ_1 / RMS δ_L) = ½ Σ_{l=1}^{L-1} log10 χ_l. With one activation and one σ_w² for
 * every layer (square layers) this is the textbook recursion; per-layer values cover a network
 * whose layers differ (another activation per layer, a first layer with another fan-in).
 */
import { ArgumentError, describe, gradients, onesLike, type Tensor, tensor } from '@gradscope/core';
import { normalRule, splitNormalRule } from './quadrature.js';

/** φ'(x) elementwise by autograd (the op's own kink convention); 0 where φ carries no graph. */
function derivativeAt(apply: (x: Tensor) => Tensor, points: Float64Array): Float64Array {
  const x = tensor(points, { dtype: 'float64', requiresGrad: true });
  const y = apply(x);
  if (!y.requiresGrad) return new Float64Array(points.length);
  const [g] = gradients(y, x, { gradOutputs: [onesLike(y)], materialize: true });
  return Float64Array.from((g as Tensor).data);
}

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
    const xs = points.map((z) => s * z);
    const f = apply(tensor(xs, { dtype: 'float64' })).data;
    const df = derivativeAt(apply, xs);
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
  /** Gaussian moments of the activation: one for every layer, or one per layer (first to last). */
  readonly moments: MomentsFn | readonly MomentsFn[];
  /** σ_w² = fan-in × Var(W): one for every layer, or one per layer (first to last). */
  readonly sigmaW2: number | readonly number[];
  /** σ_b² (0 for zero biases): one for every layer, or one per layer. */
  readonly sigmaB2?: number | readonly number[];
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
  /**
   * χ_l = σ_{w,l+1}² E[φ_l'(√q_l z)²]: the factor by which E[δ²] shrinks (χ < 1) or grows going
   * down from layer l+1 to layer l (the last entry uses the last layer's own σ_w²).
   */
  readonly chi: number[];
  /** Predicted RMS of ∂L/∂h_l. */
  readonly rmsGrad: number[];
  /** log10(rmsGrad[0] / rmsGrad[L-1]); -Infinity when the gradient vanishes exactly. */
  readonly log10Ratio: number;
}

function perLayer<T>(where: string, name: string, v: T | readonly T[], depth: number): T[] {
  if (!Array.isArray(v)) return new Array<T>(depth).fill(v as T);
  if (v.length !== depth)
    throw new ArgumentError(
      `${where}: ${name} must be one value or one per layer (${depth}), got ${v.length} values`,
    );
  return (v as readonly T[]).slice();
}

/**
 * Runs the q-recursion forward and the χ-product backward (see the module comment). `moments`,
 * `sigmaW2` and `sigmaB2` take one value for every layer or an array with one per layer.
 */
export function meanFieldPrediction(o: MeanFieldOptions): MeanFieldPrediction {
  const where = 'meanFieldPrediction';
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    throw new ArgumentError(
      `${where}: expected an options object { depth, moments, sigmaW2, sigmaB2? }, got ${describe(o)}`,
    );
  const { depth } = o;
  if (!Number.isInteger(depth) || depth < 1)
    throw new ArgumentError(`${where}: depth must be an integer >= 1, got ${describe(depth)}`);
  const moments = perLayer(where, 'moments', o.moments, depth);
  const sw = perLayer(where, 'sigmaW2', o.sigmaW2, depth);
  const sb = perLayer(where, 'sigmaB2', o.sigmaB2 ?? 0, depth);
  for (let l = 0; l < depth; l++) {
    const w = sw[l] as number;
    const b = sb[l] as number;
    if (!(w > 0) || !(b >= 0) || !Number.isFinite(w) || !Number.isFinite(b))
      throw new ArgumentError(
        `${where}: expected sigmaW2 > 0 and sigmaB2 >= 0, got ${describe(w)} and ${describe(b)}${depth > 1 ? ` at layer ${l + 1}` : ''}`,
      );
    if (typeof moments[l] !== 'function')
      throw new ArgumentError(
        `${where}: moments must be a function of q, got ${describe(moments[l])}`,
      );
  }
  const q: number[] = [];
  const dsm: number[] = [];
  let prevSecond = o.inputSecondMoment ?? 1;
  for (let l = 0; l < depth; l++) {
    const ql = (sw[l] as number) * prevSecond + (sb[l] as number);
    const m = (moments[l] as MomentsFn)(ql);
    q.push(ql);
    dsm.push(m.derivativeSecondMoment);
    prevSecond = m.secondMoment;
  }
  const chi = dsm.map((d, l) => (sw[Math.min(l + 1, depth - 1)] as number) * d);
  const ms = new Array<number>(depth);
  ms[depth - 1] = (dsm[depth - 1] as number) * (o.outputGradSecondMoment ?? 1);
  for (let l = depth - 2; l >= 0; l--) ms[l] = (chi[l] as number) * (ms[l + 1] as number);
  const rmsGrad = ms.map(Math.sqrt);
  let log10Ratio = 0;
  for (let l = 0; l < depth - 1; l++) log10Ratio += 0.5 * Math.log10(chi[l] as number);
  if ((dsm[depth - 1] as number) === 0) log10Ratio = Number.NEGATIVE_INFINITY;
  return { q, chi, rmsGrad, log10Ratio };
}
