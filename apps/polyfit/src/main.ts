/**
 * The polyfit example: recover a cubic from noisy samples by gradient descent with
 * @gradscope/core, then print the loss curve and the autograd graph of the loss as text.
 * Run with `pnpm --filter @gradscope/example-polyfit start` (or `pnpm demo` from the root).
 */
import { createRng, formatGraph, tensor, traceGraph } from '@gradscope/core';
import { fitPolynomial, polyLoss, vandermonde } from './fit.js';
import { plotLog } from './loss-plot.js';

const truth = [0.5, -1.2, 0.3, 2.0];
const rng = createRng(42);
const xs = Array.from({ length: 64 }, (_, i) => -1 + (2 * i) / 63);
const ys = xs.map((x) => truth.reduce((acc, c, k) => acc + c * x ** k, 0) + 0.05 * rng.normal());

console.log(
  'polyfit: fitting y = c0 + c1 x + c2 x² + c3 x³ to 64 noisy points by gradient descent',
);
console.log(`true coefficients:   ${truth.map((c) => c.toFixed(3)).join(', ')}`);
const { coefficients, losses } = fitPolynomial(xs, ys, {
  degree: 3,
  steps: 400,
  learningRate: 0.2,
  momentum: 0.9,
});
console.log(`fitted coefficients: ${coefficients.map((c) => c.toFixed(3)).join(', ')}`);
console.log(
  `loss: ${(losses[0] as number).toExponential(3)} → ${(losses.at(-1) as number).toExponential(3)}\n`,
);
console.log('mean squared error (log scale):');
console.log(plotLog(losses));

const c = tensor(coefficients, { dtype: 'float64', requiresGrad: true }).named('c');
const x = tensor(xs, { dtype: 'float64' }).named('x');
const y = tensor(ys, { dtype: 'float64' }).named('y');
const loss = polyLoss(c, vandermonde(x, 3).named('X'), y);
console.log('\nautograd graph of the loss (output first, inputs indented):');
console.log(formatGraph(traceGraph(loss)));
