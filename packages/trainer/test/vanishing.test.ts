/**
 * The seed's central claim, measured: with the same seeds, data, optimiser and budget, a 20-layer
 * sigmoid MLP with the "standard" initialisation U[-1/sqrt(n), 1/sqrt(n)] makes no progress,
 * while the same net with ReLU and He initialisation learns. The gradient-flow monitor says why.
 */
import { expect, it } from 'vitest';
import { evaluate, fit, GradientFlowMonitor, mlp, moons, SGD } from '../src/index.js';

function run(activation: string, init: string, residual = false) {
  const data = moons({ n: 256, seed: 2 });
  const model = mlp({
    inputSize: 2,
    hidden: new Array(19).fill(16),
    outputSize: 2,
    activation,
    init,
    residual,
    seed: 1,
  });
  const monitor = new GradientFlowMonitor(model);
  const before = evaluate(model, data, { loss: 'crossEntropy', metrics: ['accuracy'] });
  fit(model, {
    data,
    loss: 'crossEntropy',
    optimizer: new SGD(model.parameters(), { lr: 0.02, momentum: 0.9 }),
    epochs: 30,
    batchSize: 32,
    seed: 4,
    callbacks: [monitor],
  });
  const after = evaluate(model, data, { loss: 'crossEntropy', metrics: ['accuracy'] });
  return { before, after, monitor };
}

it('20-layer sigmoid + standard init makes no progress; relu + heNormal learns in the same budget', () => {
  const sig = run('sigmoid', 'standard');
  const relu = run('relu', 'heNormal');
  console.log(
    `20 layers, 30 epochs: sigmoid+standard loss ${sig.before.loss.toFixed(3)} -> ${sig.after.loss.toFixed(3)} (accuracy ${sig.after.metrics.accuracy}); relu+heNormal loss ${relu.before.loss.toFixed(3)} -> ${relu.after.loss.toFixed(3)} (accuracy ${relu.after.metrics.accuracy})`,
  );
  console.log(
    `first/last layer gradient ratio at step 1: sigmoid ${sig.monitor.records[0]?.ratioToLast[0]?.toExponential(1)}, relu ${relu.monitor.records[0]?.ratioToLast[0]?.toExponential(1)}; ${sig.monitor.warnings[0]}`,
  );
  // No progress: still at chance (log 2 = 0.693 loss, 50% accuracy on balanced classes).
  expect(sig.monitor.layers).toHaveLength(20);
  expect(sig.after.loss).toBeGreaterThan(0.69);
  expect(sig.after.metrics.accuracy).toBeLessThanOrEqual(0.6);
  // Learns.
  expect(relu.after.loss).toBeLessThan(0.5 * relu.before.loss);
  expect(relu.after.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
  // Why: the first layer's weight gradient is orders of magnitude below the last layer's.
  const first = sig.monitor.records[0];
  expect(first?.ratioToLast[0]).toBeLessThan(1e-4);
  expect(
    sig.monitor.warnings.some((w) =>
      /layer \d+: gradient norm .*, 10\^\d+ times smaller than layer 20: vanishing gradients \(sigmoid saturates; try relu with heNormal, a residual block or LayerNorm\)/.test(
        w,
      ),
    ),
  ).toBe(true);
  expect(relu.monitor.records[0]?.ratioToLast[0]).toBeGreaterThan(1e-2);
}, 60_000);

it('the advice works: the same sigmoid net with residual blocks learns in the same budget', () => {
  const res = run('sigmoid', 'standard', true);
  console.log(
    `20 layers, sigmoid+standard+residual: loss ${res.before.loss.toFixed(3)} -> ${res.after.loss.toFixed(3)} (accuracy ${res.after.metrics.accuracy})`,
  );
  expect(res.after.metrics.accuracy).toBeGreaterThanOrEqual(0.85);
  // The identity paths carry the gradient: the first layer's gradient is no longer ~1e-8 of the last's.
  expect(res.monitor.records[0]?.ratioToLast[0]).toBeGreaterThan(1e-4);
  expect(res.monitor.warnings).toEqual([]);
}, 60_000);
