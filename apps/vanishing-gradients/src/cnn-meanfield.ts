/**
 * Mean-field theory for the deep CNN of the `cnn` experiment (`cnn-flow.ts`).
 *
 * Why the dense recursion carries over with fan-in k²C: an output of a k × k convolution over C
 * channels, h(p) = Σ_{c, t} W[c, t] x_c(p + t), is a sum of k²C products of i.i.d. weights
 * (variance σ_w² / (k²C)) with inputs, exactly like a dense unit with fan-in n = k²C. Averaged
 * over the weights the cross terms vanish, so E[h(p)²] = σ_w² · mean_{c,t} E[x_c(p + t)²]: the
 * forward recursion q_l = σ_w² E[φ(√q_{l-1} z)²] holds with σ_w² = k²C · Var(W) (He: Var(W) =
 * 2 / (k²C), σ_w² = 2; PyTorch's default U[−1/√(k²C), 1/√(k²C)]: σ_w² = 1/3). Backward, the
 * input gradient is a transposed convolution: each x(p) feeds k²C outputs (k² positions × C
 * channels) through i.i.d. weights, so E[(∂L/∂x)²] = σ_w² E[(∂L/∂h)²] and χ_l = σ_w² E[φ′(√q_l
 * z)²] as for a square dense layer. The spatial correlations between neighbouring positions do not
 * enter the second moments (they would enter the off-diagonal of the covariance, which this
 * diagonal theory does not track; Xiao et al. 2018 follow it for CNNs).
 *
 * That holds for an infinite image. With 'same' zero padding a border position sees fewer than k²
 * in-image taps (a corner 4 of 9), so its E[h²] is smaller, and the deficit spreads inward by
 * (k − 1)/2 pixels per layer, forward and backward alike: the second moments diffuse over the
 * image, with the padding absorbing. {@link borderMeanField} follows this exactly within the
 * theory: the same recursion, position by position, with E[x²] = 0 on the padding; with `wrap`
 * (periodic images, no border) it reduces to the dense recursion.
 *
 * BatchNorm2d (training mode, statistics over N·S·S values per channel) makes every channel of
 * h = BN(conv(x)) zero-mean with unit variance, so q_l = 1 at every layer whatever σ_w², and its
 * backward divides by the channel's standard deviation √(σ_w² Var φ(z)). Per layer the mean
 * square gradient is multiplied by χ = E[φ′(z)²] / Var(φ(z)), independent of the initialiser
 * (for ReLU π / (π − 1) ≈ 1.47: mild growth towards the input, the large-batch limit of Yang et
 * al. 2019, "A mean field theory of batch normalization").
 *
 * Residual blocks x_l = x_{l-1} + conv_l(φ(x_{l-1})) (Yang & Schoenholz 2017): the stream's
 * variance grows, q_l = q_{l-1} + σ_w² E[φ(√q_{l-1} z)²] (q_0 = E[x_0²] = 1), and the gradient of
 * the stream is multiplied per block by 1 + σ_w² E[φ′(√q_{l-1} z)²] ≥ 1: it can grow but never
 * vanish, since the identity path alone carries it unattenuated.
 */

import {
  type MeanFieldPrediction,
  type MomentsFn,
  meanFieldPrediction,
  splitNormalRule,
} from '@gradscope/activations';
import { ArgumentError, describe, tensor } from '@gradscope/core';
import type { CnnArchitecture } from './cnn-flow.js';
import { type ApplyFn, derivative } from './derivative.js';

/** Gaussian statistics of φ at unit variance, for BatchNorm2d's prediction. */
export interface UnitGaussianStats {
  /** E[φ(z)], z ~ N(0, 1). */
  readonly mean: number;
  /** E[φ(z)²]. */
  readonly secondMoment: number;
  /** E[φ′(z)²]. */
  readonly derivativeSecondMoment: number;
}

/** Options of {@link cnnMeanField}. */
export interface CnnMeanFieldOptions {
  readonly architecture: CnnArchitecture;
  /** Gaussian moments of the activation (plain and residual). */
  readonly moments: MomentsFn;
  /** Statistics at q = 1 (batchNorm). */
  readonly unitStats: UnitGaussianStats;
  /** σ_w² = k²C · Var(W). */
  readonly sigmaW2: number;
  readonly depth: number;
}

function checkDepth(where: string, depth: number): void {
  if (!Number.isInteger(depth) || depth < 1)
    throw new ArgumentError(`${where}: depth must be an integer >= 1, got ${describe(depth)}`);
}

/** Σ_{l<L} ½ log10 χ_l, or −∞ when the last layer passes no gradient. */
function log10RatioOf(chi: readonly number[], rmsGrad: readonly number[]): number {
  if (rmsGrad[rmsGrad.length - 1] === 0) return Number.NEGATIVE_INFINITY;
  let s = 0;
  for (let l = 0; l < chi.length - 1; l++) s += 0.5 * Math.log10(chi[l] as number);
  return s;
}

/**
 * The infinite-image prediction for each architecture (see the module comment). For `plain` it
 * is {@link meanFieldPrediction} itself with σ_w² = k²C · Var(W). `q` is the predicted second
 * moment of h_l (residual: of the stream x_l); `chi[l]` the factor from layer l + 1's mean square
 * gradient to layer l's.
 */
export function cnnMeanField(o: CnnMeanFieldOptions): MeanFieldPrediction {
  const { depth, sigmaW2 } = o;
  checkDepth('cnnMeanField', depth);
  if (o.architecture === 'plain')
    return meanFieldPrediction({ moments: o.moments, sigmaW2, depth });
  if (!(sigmaW2 > 0))
    throw new ArgumentError(`cnnMeanField: expected sigmaW2 > 0, got ${describe(sigmaW2)}`);
  const q: number[] = [];
  const chi: number[] = [];
  const ms = new Array<number>(depth);
  if (o.architecture === 'batchNorm') {
    const s = o.unitStats;
    const c = s.derivativeSecondMoment / (s.secondMoment - s.mean ** 2);
    for (let l = 0; l < depth; l++) {
      q.push(1);
      chi.push(c);
    }
    ms[depth - 1] = s.derivativeSecondMoment;
  } else {
    let qPrev = 1;
    for (let l = 0; l < depth; l++) {
      const ql = qPrev + sigmaW2 * o.moments(qPrev).secondMoment;
      q.push(ql);
      chi.push(1 + sigmaW2 * o.moments(ql).derivativeSecondMoment);
      qPrev = ql;
    }
    ms[depth - 1] = 1;
  }
  for (let l = depth - 2; l >= 0; l--) ms[l] = (chi[l] as number) * (ms[l + 1] as number);
  const rmsGrad = ms.map(Math.sqrt);
  return { q, chi, rmsGrad, log10Ratio: log10RatioOf(chi, rmsGrad) };
}

/** Gaussian moments of one activation at many variances (see {@link momentsMany}). */
export type ManyMomentsFn = (qs: readonly number[]) => {
  secondMoment: number[];
  derivativeSecondMoment: number[];
};

/**
 * E[φ(√q z)²] and E[φ′(√q z)²] for many variances at once: composite Gauss–Legendre with a panel
 * edge at 0 ({@link splitNormalRule} with panels of 0.5 and 8 nodes, 320 nodes; within 1e-5
 * relative of `quadratureMoments`' 640 for q up to 30, far below what a depth-16 ratio needs),
 * every new (q, node) pair in one float64 tensor, φ′ through the
 * op's own backward rule. Variances are rounded to 12 significant digits (positions that mirror
 * each other differ only in the rounding of their window sums) and each is evaluated once per
 * returned function: the forward pass's variances are the backward pass's.
 */
export function momentsMany(apply: ApplyFn): ManyMomentsFn {
  const { points, probs } = splitNormalRule(0.5, 8);
  const nodes = points.length;
  const known = new Map<number, [number, number]>();
  return (qsIn) => {
    const qs = qsIn.map((q) => {
      if (!(q >= 0) || !Number.isFinite(q))
        throw new ArgumentError(`momentsMany: expected variances q >= 0, got ${describe(q)}`);
      return q > 0 ? Number(q.toPrecision(12)) : 0;
    });
    const fresh = [...new Set(qs)].filter((q) => !known.has(q));
    if (fresh.length > 0) {
      const x = new Float64Array(fresh.length * nodes);
      fresh.forEach((q, i) => {
        const s = Math.sqrt(q);
        for (let j = 0; j < nodes; j++) x[i * nodes + j] = s * (points[j] as number);
      });
      const xt = tensor(x, { dtype: 'float64' });
      const f = apply(xt).data;
      const df = derivative(apply, xt).data;
      fresh.forEach((q, i) => {
        let m2 = 0;
        let d2 = 0;
        for (let j = 0; j < nodes; j++) {
          const p = probs[j] as number;
          m2 += p * (f[i * nodes + j] as number) ** 2;
          d2 += p * (df[i * nodes + j] as number) ** 2;
        }
        known.set(q, [m2, d2]);
      });
    }
    const pick = (k: 0 | 1) => qs.map((q) => (known.get(q) as [number, number])[k]);
    return { secondMoment: pick(0), derivativeSecondMoment: pick(1) };
  };
}

/** {@link momentsMany} one variance at a time, as {@link meanFieldPrediction} takes them. */
export function scalarMoments(many: ManyMomentsFn): MomentsFn {
  return (q) => {
    const m = many([q]);
    return {
      secondMoment: m.secondMoment[0] as number,
      derivativeSecondMoment: m.derivativeSecondMoment[0] as number,
    };
  };
}

/**
 * E[φ(z)], E[φ(z)²] and E[φ′(z)²] for z ~ N(0, 1), by the rule of {@link momentsMany}: what
 * BatchNorm2d's prediction needs (Var φ(z) = E[φ²] − E[φ]²).
 */
export function unitGaussianStats(apply: ApplyFn): UnitGaussianStats {
  const { points, probs } = splitNormalRule(0.5, 8);
  const x = tensor(points, { dtype: 'float64' });
  const f = apply(x).data;
  const df = derivative(apply, x).data;
  let mean = 0;
  let secondMoment = 0;
  let derivativeSecondMoment = 0;
  for (let j = 0; j < points.length; j++) {
    const p = probs[j] as number;
    const v = f[j] as number;
    mean += p * v;
    secondMoment += p * v * v;
    derivativeSecondMoment += p * (df[j] as number) ** 2;
  }
  return { mean, secondMoment, derivativeSecondMoment };
}

/**
 * Mean over the k × k window around each position of an S × S map: zeros outside the image
 * ('same' zero padding), or periodic with `wrap`. The window is symmetric, so the same sum serves
 * the convolution (p + t) and its transpose (p − t).
 */
export function windowMean(map: Float64Array, size: number, kernel: number, wrap: boolean) {
  const r = (kernel - 1) >> 1;
  const rows = new Float64Array(size * size);
  const out = new Float64Array(size * size);
  const at = (i: number) => (wrap ? ((i % size) + size) % size : i);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let t = -r; t <= r; t++) {
        const xx = at(x + t);
        if (xx >= 0 && xx < size) s += map[y * size + xx] as number;
      }
      rows[y * size + x] = s;
    }
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let t = -r; t <= r; t++) {
        const yy = at(y + t);
        if (yy >= 0 && yy < size) s += rows[yy * size + x] as number;
      }
      out[y * size + x] = s / (kernel * kernel);
    }
  return out;
}

/** Options of {@link borderMeanField}. */
export interface BorderMeanFieldOptions {
  /** `plain` or `residual` (BatchNorm's channel statistics mix positions: not modelled here). */
  readonly architecture: 'plain' | 'residual';
  /** The activation's moments (one {@link momentsMany} function per activation: it caches). */
  readonly moments: ManyMomentsFn;
  readonly sigmaW2: number;
  readonly depth: number;
  readonly kernel: number;
  readonly size: number;
  /** Interior: positions at least `margin` from every border. */
  readonly margin: number;
  /** Periodic images (no border): reduces to the infinite-image recursion. Default false. */
  readonly wrap?: boolean;
}

/** Per-layer predictions with the border resolved; index 0 = the layer nearest the input. */
export interface BorderMeanFieldPrediction {
  /** Mean over positions of q_l(p). */
  readonly q: number[];
  /** √(mean over positions of E[δ_l(p)²]): the RMS of ∂L/∂h_l over the whole image. */
  readonly rmsGrad: number[];
  /** The same over the interior positions. */
  readonly rmsGradInterior: number[];
  readonly log10Ratio: number;
  readonly log10RatioInterior: number;
}

function rmsOver(map: Float64Array, size: number, margin: number): number {
  let s = 0;
  let n = 0;
  for (let y = margin; y < size - margin; y++)
    for (let x = margin; x < size - margin; x++) {
      s += map[y * size + x] as number;
      n++;
    }
  return Math.sqrt(s / n);
}

function meanOf(map: Float64Array): number {
  let s = 0;
  for (const v of map) s += v;
  return s / map.length;
}

/**
 * The CNN's mean-field recursion position by position on an S × S image (see the module
 * comment): plain, q_l(p) = σ_w² · window mean of E[φ(√q_{l-1} z)²] (E[x_0²] = 1 inside the image,
 * 0 on the padding); the mean square gradient of x_{l-1} is σ_w² · window mean of that of h_l, and
 * E[δ_l(p)²] = E[φ′(√q_l(p) z)²] · E[(∂L/∂x_l(p))²]. Residual blocks add the stream to both.
 */
export function borderMeanField(o: BorderMeanFieldOptions): BorderMeanFieldPrediction {
  const { depth, size, kernel, margin, sigmaW2 } = o;
  checkDepth('borderMeanField', depth);
  if (!(sigmaW2 > 0))
    throw new ArgumentError(`borderMeanField: expected sigmaW2 > 0, got ${describe(sigmaW2)}`);
  if (!Number.isInteger(margin) || margin < 0 || 2 * margin >= size)
    throw new ArgumentError(
      `borderMeanField: margin must be an integer with 0 <= 2 · margin < size ${size}, got ${describe(margin)}`,
    );
  const wrap = o.wrap === true;
  const moments = o.moments;
  const win = (m: Float64Array) => windowMean(m, size, kernel, wrap);
  const scale = (m: Float64Array, s: number) => m.map((v) => v * s);
  const residual = o.architecture === 'residual';
  // qs[l]: E[h_l(p)²] (plain) or E[x_l(p)²] (residual), the input of the next activation.
  const qs: Float64Array[] = [];
  let prev = new Float64Array(size * size).fill(1);
  for (let l = 0; l < depth; l++) {
    const m2 = l === 0 && !residual ? prev : Float64Array.from(moments([...prev]).secondMoment);
    const h = scale(win(m2), sigmaW2);
    prev = residual ? prev.map((v, i) => v + (h[i] as number)) : h;
    qs.push(prev);
  }
  // g: E[(∂L/∂x_l(p))²], 1 at the output; d[l]: E[(∂L/∂h_l(p))²].
  const d: Float64Array[] = new Array(depth);
  let g = new Float64Array(size * size).fill(1);
  for (let l = depth - 1; l >= 0; l--) {
    if (residual) {
      d[l] = g;
      if (l === 0) break;
      const d2 = moments([...(qs[l - 1] as Float64Array)]).derivativeSecondMoment;
      const back = scale(win(g), sigmaW2);
      g = g.map((v, i) => v + (d2[i] as number) * (back[i] as number));
    } else {
      const d2 = moments([...(qs[l] as Float64Array)]).derivativeSecondMoment;
      const dl = g.map((v, i) => v * (d2[i] as number));
      d[l] = dl;
      g = scale(win(dl), sigmaW2);
    }
  }
  const rmsGrad = d.map((m) => rmsOver(m, size, 0));
  const rmsGradInterior = d.map((m) => rmsOver(m, size, margin));
  const ratio = (v: number[]) =>
    v[depth - 1] === 0
      ? Number.NEGATIVE_INFINITY
      : Math.log10((v[0] as number) / (v[depth - 1] as number));
  return {
    q: qs.map(meanOf),
    rmsGrad,
    rmsGradInterior,
    log10Ratio: ratio(rmsGrad),
    log10RatioInterior: ratio(rmsGradInterior),
  };
}
