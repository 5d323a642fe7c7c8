/**
 * The optimiser-update loops every backend shares ({@link Kernels.adam}): plain TypeScript in
 * float64. The WebAssembly backend runs the same operations two lanes at a time
 * (`wasm/optim-driver.ts`, `wasm/wat/optim.wat`) and gives the same bits.
 */
import type { TypedArray } from '../dtype.js';
import type { AdamUpdate } from './kernels.js';

/** The loop constants of one Adam update, each computed once in float64 as every backend does. */
export interface AdamConstants {
  readonly beta1: number;
  readonly beta2: number;
  /** 1 − b1. */
  readonly c1: number;
  /** 1 − b2. */
  readonly c2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** 1 − lr·wd (AdamW's decay factor). */
  readonly decay: number;
  /** lr / (1 − b1^t). */
  readonly stepSize: number;
  /** √(1 − b2^t). */
  readonly bc2Sqrt: number;
  readonly decoupled: boolean;
}

/** The constants of `u` (see {@link AdamConstants}). */
export function adamConstants(u: AdamUpdate): AdamConstants {
  return {
    beta1: u.beta1,
    beta2: u.beta2,
    c1: 1 - u.beta1,
    c2: 1 - u.beta2,
    eps: u.eps,
    weightDecay: u.weightDecay,
    decay: 1 - u.lr * u.weightDecay,
    stepSize: u.lr / (1 - u.beta1 ** u.step),
    bc2Sqrt: Math.sqrt(1 - u.beta2 ** u.step),
    decoupled: u.decoupled,
  };
}

/** {@link Kernels.adam} over elements `[from, to)` with precomputed constants. */
export function adamRange(
  w: TypedArray,
  g: TypedArray,
  m: Float64Array,
  v: Float64Array,
  vmax: Float64Array | null,
  k: AdamConstants,
  from: number,
  to: number,
): void {
  const { beta1: b1, beta2: b2, c1, c2, eps, weightDecay: wd, decay, stepSize, bc2Sqrt } = k;
  const decoupled = k.decoupled;
  for (let i = from; i < to; i++) {
    // wi stays in float64 between the decay and the update: w is written once.
    let wi = w[i] as number;
    let gi = g[i] as number;
    if (decoupled) wi *= decay;
    else gi += wd * wi;
    const mi = b1 * (m[i] as number) + c1 * gi;
    let vi = b2 * (v[i] as number) + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    if (vmax !== null) {
      vi = Math.max(vmax[i] as number, vi);
      vmax[i] = vi;
    }
    w[i] = wi - stepSize * (mi / (Math.sqrt(vi) / bc2Sqrt + eps));
  }
}

/** {@link Kernels.adam} in plain TypeScript (the reference and the tuned backends). */
export function adam(
  w: TypedArray,
  g: TypedArray,
  m: Float64Array,
  v: Float64Array,
  vmax: Float64Array | null,
  update: AdamUpdate,
): void {
  adamRange(w, g, m, v, vmax, adamConstants(update), 0, w.length);
}
