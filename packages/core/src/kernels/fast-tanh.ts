/**
 * A fast tanh for float32 tensors: the odd 13/6 rational approximation used by Eigen
 * (`generic_fast_tanh_float`), evaluated in double precision and clamped, instead of one
 * `Math.tanh` library call per element (about 40 ns each in V8, which dominated the "deep" tanh
 * benchmark). Accuracy against `Math.tanh` rounded to float32: absolute error <= 2.5e-7 and at most
 * 4 float32 ulps of relative error over the whole real line; `tanh(±x) = ±1` exactly for
 * |x| >= 9.1; odd (tanh(-x) = -tanh(x)); NaN stays NaN. Use `Math.tanh` for float64.
 *
 * This is a kernel for the activations package (proposed as a `'tanh'` {@link UnaryKind}); it is
 * exported from the kernels folder so benchmarks and tests can use it meanwhile.
 */
import type { TypedArray } from '../dtype.js';

// Coefficients (Eigen): numerator x * (a1 + a3 x^2 + ... + a13 x^12), denominator
// b0 + b2 x^2 + b4 x^4 + b6 x^6. They are literals inside the function: module-level constants
// cost a context load and a hole check per use in V8, which made the loop twice as slow.
// a1 = 4.89352455891786e-3, a3 = 6.37261928875436e-4, a5 = 1.48572235717979e-5,
// a7 = 5.12229709037114e-8, a9 = -8.60467152213735e-11, a11 = 2.00018790482477e-13,
// a13 = -2.76076847742355e-16; b0 = 4.89352518554385e-3, b2 = 2.2684346324390e-3,
// b4 = 1.18534705686654e-4, b6 = 1.19825839466702e-6; clamp at 7.905311107635498, ±1 from 9.1.

/** tanh of one value with the float32-accurate rational approximation (see the module doc). */
export function tanhApprox(v: number): number {
  if (v >= 9.1) return 1;
  if (v <= -9.1) return -1;
  const x = Math.min(Math.max(v, -7.905311107635498), 7.905311107635498);
  const x2 = x * x;
  let p = x2 * -2.76076847742355e-16 + 2.00018790482477e-13;
  p = p * x2 + -8.60467152213735e-11;
  p = p * x2 + 5.12229709037114e-8;
  p = p * x2 + 1.48572235717979e-5;
  p = p * x2 + 6.37261928875436e-4;
  p = p * x2 + 4.89352455891786e-3;
  let q = x2 * 1.19825839466702e-6 + 1.18534705686654e-4;
  q = q * x2 + 2.268434632439e-3;
  q = q * x2 + 4.89352518554385e-3;
  return (p * x) / q;
}

/**
 * `out[i] = tanh(x[i])`: the rational approximation for float32 arrays, `Math.tanh` for float64
 * (where the approximation would not be accurate enough). `out` may alias `x`.
 */
export function tanhKernel(x: TypedArray, out: TypedArray): void {
  const n = x.length;
  if (x instanceof Float64Array) {
    for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i] as number);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = tanhApprox(x[i] as number);
}
