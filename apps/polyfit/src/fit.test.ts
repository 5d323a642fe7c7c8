import { ArgumentError, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { fitPolynomial, polyLoss, vandermonde } from './fit.js';

/** Least squares by the normal equations (XᵀX) c = Xᵀy, solved with Gaussian elimination. */
function leastSquares(xs: number[], ys: number[], degree: number): number[] {
  const m = degree + 1;
  const A = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  xs.forEach((x, i) => {
    for (let r = 0; r < m; r++) {
      const row = A[r] as number[];
      for (let c = 0; c < m; c++) row[c] = (row[c] as number) + x ** (r + c);
      row[m] = (row[m] as number) + x ** r * (ys[i] as number);
    }
  });
  for (let p = 0; p < m; p++) {
    const rowP = A[p] as number[];
    for (let r = p + 1; r < m; r++) {
      const row = A[r] as number[];
      const f = (row[p] as number) / (rowP[p] as number);
      for (let c = p; c <= m; c++) row[c] = (row[c] as number) - f * (rowP[c] as number);
    }
  }
  const sol = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    const row = A[r] as number[];
    let s = row[m] as number;
    for (let c = r + 1; c < m; c++) s -= (row[c] as number) * (sol[c] as number);
    sol[r] = s / (row[r] as number);
  }
  return sol;
}

const xs = Array.from({ length: 40 }, (_, i) => -1 + (2 * i) / 39);
const ys = xs.map((x) => 0.5 - 1.2 * x + 0.3 * x * x + 2 * x ** 3 + 0.1 * Math.sin(7 * x));

describe('polyfit', () => {
  it('gradient of the loss equals the closed form (2/n) Xᵀ(Xc − y)', () => {
    const c0 = [0.1, -0.2, 0.3, 0.4];
    const c = tensor(c0, { dtype: 'float64', requiresGrad: true });
    const X = vandermonde(tensor(xs, { dtype: 'float64' }), 3);
    polyLoss(c, X, tensor(ys, { dtype: 'float64' })).backward();
    const expected = c0.map((_, k) => {
      let s = 0;
      xs.forEach((x, i) => {
        const r = c0.reduce((a, ck, j) => a + ck * x ** j, 0) - (ys[i] as number);
        s += x ** k * r;
      });
      return (2 / xs.length) * s;
    });
    const got = Array.from((c.grad as NonNullable<typeof c.grad>).data);
    got.forEach((g, k) => {
      expect(g).toBeCloseTo(expected[k] as number, 10);
    });
  });

  it('gradient descent converges to the least-squares solution', () => {
    const fit = fitPolynomial(xs, ys, { degree: 3, steps: 3000, learningRate: 0.2, momentum: 0.9 });
    const exact = leastSquares(xs, ys, 3);
    fit.coefficients.forEach((c, k) => {
      expect(c).toBeCloseTo(exact[k] as number, 6);
    });
    expect(fit.losses.at(-1) as number).toBeLessThan((fit.losses[0] as number) / 100);
  });

  it('rejects mismatched data and a bad degree with ArgumentError naming what came', () => {
    const opts = { degree: 1, steps: 1, learningRate: 0.1 };
    expect(() => fitPolynomial([1, 2], [1], opts)).toThrow(ArgumentError);
    expect(() => fitPolynomial([1, 2], [1], opts)).toThrow(/got 2 x and 1 y/);
    expect(() => fitPolynomial([1], [1], { ...opts, degree: 1.5 })).toThrow(/got 1.5/);
  });
});
