/**
 * Numerical properties of an activation, computed from the function itself (its forward values
 * and its autograd derivative in float64), never from the typed-in metadata.
 */
import { ArgumentError, describe, gradients, onesLike, type Tensor, tensor } from '@gradscope/core';
import { type Activation, getActivation } from './activation-table.js';
import type { ActivationParams } from './params.js';

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /** Variance q of the Gaussian input z ~ N(0, q) for the moments (default 1). */
  q?: number;
  /** Fixed parameters of the activation (defaults from its metadata). */
  params?: ActivationParams;
}

/** What {@link analyze} returns. */
export interface ActivationAnalysis {
  /** max |f'(x)| on a grid of step 1/1024 over [-6, 6] plus step 1/64 out to [-50, 50]. */
  readonly maxAbsDerivative: number;
  /** Where that maximum is attained (first grid point). */
  readonly argMaxAbsDerivative: number;
  /** f'(0) as autograd computes it (the kink convention where f has a kink at 0). */
  readonly derivativeAtZero: number;
  /** Fraction of the [-6, 6] grid where |f'(x)| < 1e-2 (saturated or dead). */
  readonly saturatedFraction: number;
  /** E[f(z)], z ~ N(0, q). */
  readonly mean: number;
  /** E[f(z)^2], z ~ N(0, q). */
  readonly secondMoment: number;
  /** E[f'(z)^2], z ~ N(0, q). */
  readonly derivativeSecondMoment: number;
  /** The input variance used. */
  readonly q: number;
}

/** f and f' at the points `xs`, in float64, by the activation's op and its backward rule. */
export function valuesAndDerivatives(
  activation: Activation,
  xs: Float64Array,
  params?: ActivationParams,
): { f: Float64Array; df: Float64Array } {
  const x = tensor(xs, { dtype: 'float64', requiresGrad: true });
  const y = activation.apply(x, params) as Tensor;
  const f = Float64Array.from(y.data);
  if (!y.requiresGrad) return { f, df: new Float64Array(xs.length) };
  const [g] = gradients(y, x, { gradOutputs: [onesLike(y)], materialize: true });
  return { f, df: Float64Array.from((g as Tensor).data) };
}

function grid(lo: number, hi: number, step: number): number[] {
  const n = Math.round((hi - lo) / step);
  const out = new Array<number>(n + 1);
  for (let i = 0; i <= n; i++) out[i] = lo + i * step;
  return out;
}

const H = 1 / 2048;
const T = 12;

/**
 * Computes, from the activation itself (float64 autograd):
 * - `maxAbsDerivative`: max |f'| on [-6, 6] (step 1/1024) and out to [-50, 50] (step 1/64),
 *   so sup-type values such as softplus' 1 are reached;
 * - `derivativeAtZero`: f'(0) with the kink convention;
 * - `saturatedFraction`: the fraction of [-6, 6] where |f'| < 1e-2;
 * - `mean` E[f(z)], `secondMoment` E[f(z)^2], `derivativeSecondMoment` E[f'(z)^2] for
 *   z ~ N(0, q), by the midpoint rule in t = z / sqrt(q) on [-12, 12] with step h = 1/2048
 *   (E[g] = sum_k g(sqrt(q) t_k) phi(t_k) h, t_k = -12 + (k + 1/2) h). The error is O(h^2), about
 *   1e-8, for smooth and kinked f, and O(h) (at most ~3e-5) for E[f'^2] when f' jumps at a point
 *   that is not a cell boundary (0, and with q = 1 every multiple of 1/2048, are boundaries).
 *
 * Works for any registered elementwise activation (softmax / logSoftmax throw an ArgumentError).
 */
export function analyze(
  activation: Activation | string,
  options: AnalyzeOptions = {},
): ActivationAnalysis {
  const act = typeof activation === 'string' ? getActivation(activation) : activation;
  if (act === null || typeof act !== 'object' || typeof act.apply !== 'function') {
    throw new ArgumentError(
      `analyze: expected an activation or its name, got ${describe(activation)}`,
    );
  }
  if (!act.meta.elementwise) {
    throw new ArgumentError(
      `analyze: '${act.name}' is not elementwise (it mixes entries along an axis); analyze needs f: R -> R`,
    );
  }
  const q = options.q ?? 1;
  if (typeof q !== 'number' || !Number.isFinite(q) || q <= 0) {
    throw new ArgumentError(`analyze: q must be a finite number > 0, got ${describe(q)}`);
  }
  const params = options.params;

  const centre = grid(-6, 6, 1 / 1024);
  const tails = [...grid(-50, -6, 1 / 64).slice(0, -1), ...grid(6, 50, 1 / 64).slice(1)];
  const xs = Float64Array.from([...centre, ...tails]);
  const { df } = valuesAndDerivatives(act, xs, params);
  let maxAbs = 0;
  let argMax = 0;
  let saturated = 0;
  for (let i = 0; i < xs.length; i++) {
    const a = Math.abs(df[i] as number);
    if (a > maxAbs) {
      maxAbs = a;
      argMax = xs[i] as number;
    }
    if (i < centre.length && a < 1e-2) saturated++;
  }
  const zeroIndex = centre.length >> 1;

  const n = Math.round((2 * T) / H);
  const ts = new Float64Array(n);
  const zs = new Float64Array(n);
  const sq = Math.sqrt(q);
  for (let k = 0; k < n; k++) {
    ts[k] = -T + (k + 0.5) * H;
    zs[k] = sq * (ts[k] as number);
  }
  const { f, df: dz } = valuesAndDerivatives(act, zs, params);
  let m1 = 0;
  let m2 = 0;
  let d2 = 0;
  for (let k = 0; k < n; k++) {
    const t = ts[k] as number;
    const w = 0.3989422804014327 * Math.exp(-0.5 * t * t) * H;
    const v = f[k] as number;
    const d = dz[k] as number;
    m1 += w * v;
    m2 += w * v * v;
    d2 += w * d * d;
  }
  return {
    maxAbsDerivative: maxAbs,
    argMaxAbsDerivative: argMax,
    derivativeAtZero: df[zeroIndex] as number,
    saturatedFraction: saturated / centre.length,
    mean: m1,
    secondMoment: m2,
    derivativeSecondMoment: d2,
    q,
  };
}
