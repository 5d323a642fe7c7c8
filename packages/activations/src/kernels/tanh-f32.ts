/**
 * tanh for float32 tensors, without a `Math.tanh` library call per element, and as accurate once
 * stored: it is evaluated in float64 with a
 * relative error below 1e-13, so after rounding to float32 it equals `Math.fround(Math.tanh(x))`
 * except when the true value lies within 1e-13 of a rounding boundary (about one input in a
 * million), and then by one float32 ulp.
 *
 * - |x| < 1/16: the odd Taylor series through x^11 (truncation below 2e-17 relative);
 * - 1/16 <= |x| < 9.1: `1 - 2 / (e^(2|x|) + 1)`, with e^t = 2^(k/64) e^r, |r| <= ln2/128, from a
 *   table of 2^(j/64) and a degree-5 Taylor polynomial (error below 1e-15);
 * - |x| >= 9.1 (where float32 tanh is already ±1) and ±Inf: ±1; NaN stays NaN; tanh(-0) = -0.
 */
import type { TypedArray } from '@gradscope/core';

/** 2^(j/64) for j = 0..63. */
const EXP2_FRAC = Float64Array.from({ length: 64 }, (_, j) => 2 ** (j / 64));
/** 2^m for m = 0..27 (2|x| < 18.2 gives m <= 26). */
const EXP2_INT = Float64Array.from({ length: 28 }, (_, m) => 2 ** m);

/**
 * `out[i] = tanh(x[i])` for float32 arrays (see the module doc); float64 arrays get `Math.tanh`.
 * `out` may alias `x`.
 */
export function tanhFloat32Kernel(x: TypedArray, out: TypedArray): void {
  const n = x.length;
  if (x instanceof Float64Array) {
    for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i] as number);
    return;
  }
  // Local aliases: module-level bindings cost a context load and a hole check per use.
  const frac = EXP2_FRAC;
  const int = EXP2_INT;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    const a = v < 0 ? -v : v;
    if (a < 0.0625) {
      // tanh v = v (1 - v^2/3 + 2v^4/15 - 17v^6/315 + 62v^8/2835 - 1382v^10/155925)
      const s = v * v;
      let p = s * -0.008863235529902197 + 0.021869488536155203;
      p = p * s + -0.05396825396825397;
      p = p * s + 0.13333333333333333;
      p = p * s + -0.3333333333333333;
      out[i] = v * (1 + s * p);
    } else if (a < 9.1) {
      const t = a + a;
      const k = (t * 92.33248261689366 + 0.5) | 0; // round(t * 64 / ln2)
      // r = t - k ln2/64, with ln2/64 split so that k * hi is exact.
      const r = t - k * 0.01083042469326756 - k * 2.9815858269852933e-12;
      let e = r * 8.333333333333333e-3 + 4.1666666666666664e-2;
      e = e * r + 0.16666666666666666;
      e = e * r + 0.5;
      e = e * r + 1;
      e = (e * r + 1) * (frac[k & 63] as number) * (int[k >> 6] as number);
      const y = 1 - 2 / (e + 1);
      out[i] = v < 0 ? -y : y;
    } else {
      // ±1 beyond 9.1 and at ±Inf; NaN fails every comparison above and stays NaN.
      out[i] = v > 0 ? 1 : v < 0 ? -1 : v;
    }
  }
}
