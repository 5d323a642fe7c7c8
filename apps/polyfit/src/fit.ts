/**
 * Fits a polynomial `p(x) = c0 + c1 x + … + cd x^d` to points by full-batch gradient descent on
 * the mean squared error, with every gradient computed by @gradscope/core's autograd.
 */
import {
  ArgumentError,
  describe,
  noGrad,
  stack,
  type Tensor,
  tensor,
  valueAndGrad,
} from '@gradscope/core';

/** Options of {@link fitPolynomial}. */
export interface FitOptions {
  /** Polynomial degree d (d + 1 coefficients). */
  degree: number;
  /** Gradient-descent steps. */
  steps: number;
  /** Step size. */
  learningRate: number;
  /** Momentum coefficient μ (heavy ball: v ← μ v + g, c ← c − lr v); 0 is plain descent. */
  momentum?: number;
  /** Called after every step with the loss before that step. */
  onStep?: (step: number, loss: number) => void;
}

/** Result of {@link fitPolynomial}. */
export interface FitResult {
  /** Fitted coefficients, lowest power first. */
  coefficients: number[];
  /** Loss before each step. */
  losses: number[];
}

/** The design matrix `[1, x, x², …, x^d]` as a `[n, d + 1]` float64 tensor. */
export function vandermonde(x: Tensor, degree: number): Tensor {
  const columns: Tensor[] = [];
  for (let k = 0; k <= degree; k++) columns.push(x.pow(k));
  return stack(columns, 1);
}

/** Mean squared error of the polynomial with coefficients `c` (shape `[d + 1]`) on `(X, y)`. */
export function polyLoss(c: Tensor, X: Tensor, y: Tensor): Tensor {
  const pred = X.matmul(c);
  return pred.sub(y).square().mean().named('loss');
}

/** Fits coefficients to the points `(xs[i], ys[i])` by gradient descent from zero. */
export function fitPolynomial(xs: number[], ys: number[], options: FitOptions): FitResult {
  const { degree, steps, learningRate } = options;
  const momentum = options.momentum ?? 0;
  if (xs.length !== ys.length || xs.length === 0) {
    throw new ArgumentError(
      `fitPolynomial: expected as many y values as x values (at least one), got ${xs.length} x and ${ys.length} y`,
    );
  }
  if (!Number.isInteger(degree) || degree < 0) {
    throw new ArgumentError(
      `fitPolynomial: expected a degree that is an integer >= 0, got ${describe(degree)}`,
    );
  }
  const x = tensor(xs, { dtype: 'float64' }).named('x');
  const y = tensor(ys, { dtype: 'float64' }).named('y');
  const X = noGrad(() => vandermonde(x, degree));
  let c = tensor(new Float64Array(degree + 1)).named('c');
  let v = tensor(new Float64Array(degree + 1));
  const lossAndGrad = valueAndGrad((coef: Tensor) => polyLoss(coef, X, y));
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const [loss, g] = lossAndGrad(c);
    const value = loss.item();
    losses.push(value);
    options.onStep?.(step, value);
    noGrad(() => {
      v = v.mul(momentum).add(g);
      c = c.sub(v.mul(learningRate)).named('c');
    });
  }
  return { coefficients: Array.from(c.data), losses };
}
