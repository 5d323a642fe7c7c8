/** The two-spirals benchmark (Lang & Witbrock 1988): an MLP must reach >= 97% held-out accuracy. */
import { createRng } from '@gradscope/core';
import { expect, it } from 'vitest';
import { Adam, evaluate, fit, mlp, twoSpirals } from '../src/index.js';

it('an MLP learns two spirals to >= 97% held-out accuracy (fixed seeds)', () => {
  const train = twoSpirals({ n: 400, rng: createRng(2) });
  const test = twoSpirals({ n: 400, rng: createRng(3) });
  const model = mlp({
    inputSize: 2,
    hidden: [32, 32],
    outputSize: 2,
    activation: 'relu',
    init: 'heNormal',
    seed: 1,
  });
  const history = fit(model, {
    data: train,
    loss: 'crossEntropy',
    optimizer: new Adam(model.parameters(), { lr: 0.01 }),
    epochs: 120,
    batchSize: 32,
    seed: 4,
    metrics: ['accuracy'],
  });
  const result = evaluate(model, test, { loss: 'crossEntropy', metrics: ['accuracy'] });
  console.log(
    `two spirals: train accuracy ${history.epochs.at(-1)?.metrics.accuracy}, held-out accuracy ${result.metrics.accuracy} (loss ${result.loss.toFixed(4)})`,
  );
  expect(history.epochs[0]?.metrics.accuracy).toBeLessThan(0.8);
  expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.97);
}, 60_000);
