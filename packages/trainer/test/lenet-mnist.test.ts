/**
 * A LeNet-5-style CNN built from the trainer's modules in a few lines trains on real digits:
 * 512 training images of `mnist()`, 3 epochs of Adam, and the loss goes down and held-out
 * accuracy rises well above chance. Kept small so that it runs in a few seconds; the full run is
 * apps/digits.
 */
import { createRng } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import {
  Activation,
  Adam,
  BatchNorm2d,
  Conv2d,
  evaluate,
  Flatten,
  fit,
  Linear,
  MaxPool2d,
  mnist,
  Sequential,
} from '../src/index.js';

describe('LeNet-5 on mnist()', () => {
  it('trains: the loss goes down over 3 epochs on 512 digits and held-out accuracy beats chance', async () => {
    const digits = await mnist({ trainSize: 512, testSize: 256, normalize: 'standard', seed: 1 });
    const rng = createRng(1);
    const model = new Sequential(
      new Conv2d(1, 6, 5, { padding: 2, rng }),
      new BatchNorm2d(6),
      new Activation('relu'),
      new MaxPool2d(2),
      new Conv2d(6, 16, 5, { rng }),
      new Activation('relu'),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(400, 120, { rng }),
      new Activation('relu'),
      new Linear(120, 84, { rng }),
      new Activation('relu'),
      new Linear(84, 10, { rng }),
    );
    const before = evaluate(model, digits.test, { loss: 'crossEntropy', metrics: ['accuracy'] });
    const history = fit(model, {
      data: digits.train,
      loss: 'crossEntropy',
      optimizer: new Adam(model.parameters(), { lr: 3e-3 }),
      epochs: 3,
      batchSize: 32,
      seed: 2,
      metrics: ['accuracy'],
    });
    const losses = history.epochs.map((e) => e.loss);
    expect(losses[1]).toBeLessThan(losses[0] as number);
    expect(losses[2]).toBeLessThan(losses[1] as number);
    const after = evaluate(model, digits.test, { loss: 'crossEntropy', metrics: ['accuracy'] });
    expect(after.loss).toBeLessThan(before.loss * 0.5);
    expect(after.metrics.accuracy).toBeGreaterThan(0.7);
  }, 60_000);
});
