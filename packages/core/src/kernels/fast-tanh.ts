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

const A1 = 4.89352455891786e-3;
const A3 = 6.37261928875436e-4;
const A5 = 1.48572235717979e-5;
const A7 = 5.12229709037114e-8;
const A9 = -8.60467152213735e-11;
const A11 = 2.00018790482477e-13;
const A13 = -2.76076847742355e-16;
const B0 = 4.89352518554385e-3;
const B2 = 2.268434632439e-3;
const B4 = 1.18534705686654e-4;
const B6 = 1.19825839466702e-6;
const CLAMP = 7.905311107635498;
const ONE_AT = 9.1;

/** tanh of one value with the float32-accurate rational approximation (see the module doc). */
export function tanhApprox(v: number): number {
  if (v >= ONE_AT) return 1;
  if (v <= -ONE_AT) return -1;
  const x = Math.min(Math.max(v, -CLAMP), CLAMP);
  const x2 = x * x;
  let p = x2 * A13 + A11;
  p = p * x2 + A9;
  p = p * x2 + A7;
  p = p * x2 + A5;
  p = p * x2 + A3;
  p = p * x2 + A1;
  let q = x2 * B6 + B4;
  q = q * x2 + B2;
  q = q * x2 + B0;
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
