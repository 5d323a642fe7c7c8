/**
 * Scalar special functions in float64, written out so that no input loses precision:
 * stable logistic, softplus and log-sigmoid, and the normal CDF through erf / erfc.
 */

/** Logistic 1 / (1 + e^-x), never computing e^x for large positive x. */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow, no log(0). */
export function softplusScalar(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** log(sigmoid(x)) = min(x, 0) - log1p(e^-|x|). */
export function logSigmoidScalar(x: number): number {
  return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/**
 * erf for |x| < 2.5 by the series erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!,
 * whose terms are all positive (no cancellation).
 */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * erfc for x >= 2.5 by the continued fraction
 * erfc(x) = e^(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated backwards.
 */
function erfcFraction(x: number): number {
  let f = x;
  for (let k = 80; k >= 1; k--) f = x + k / 2 / f;
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/** The error function, accurate to about 1e-15 relative in float64. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (Math.abs(x) < 2.5) return erfSeries(x);
  const c = erfcFraction(Math.abs(x));
  return x > 0 ? 1 - c : c - 1;
}

/** The complementary error function 1 - erf(x), without cancellation for large x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 2.5) return erfcFraction(x);
  if (x <= -2.5) return 2 - erfcFraction(-x);
  return 1 - erfSeries(x);
}

/** Standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2 (relative accuracy kept in the left tail). */
export function normalCdfScalar(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** Standard normal density phi(x) = e^(-x^2/2) / sqrt(2 pi). */
export function normalPdfScalar(x: number): number {
  return 0.3989422804014327 * Math.exp(-0.5 * x * x);
}
