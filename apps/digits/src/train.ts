/**
 * Training: the network built from the seed, the optimiser and schedule of the options, shuffled
 * and (optionally) shifted mini-batches, `fit` with the test images evaluated after every epoch
 * for the curves. Nothing is chosen by the test figures: the model reported is the last epoch's.
 */
import { createRng } from '@gradscope/core';
import {
  CosineAnnealingLR,
  createOptimizer,
  DataLoader,
  fit,
  type Optimizer,
  type Sequential,
} from '@gradscope/trainer';
import type { RunOptions } from './cli-options.js';
import type { RunData } from './data.js';
import { lenet } from './model.js';
import { type Progress, progressCallback } from './progress.js';

/** One epoch's figures, for the curves and results.json. */
export interface EpochRow {
  readonly epoch: number;
  /** Mean training loss over the epoch's batches (on the augmented images, dropout on). */
  readonly loss: number;
  /** Training accuracy over the epoch's batches (same conditions). */
  readonly accuracy: number;
  /** Cross-entropy on the test images after the epoch (eval mode). */
  readonly testLoss: number;
  /** Accuracy on the test images after the epoch. */
  readonly testAccuracy: number;
  /** Learning rate during the epoch. */
  readonly lr: number;
  /** Wall time of the epoch, evaluation included, in seconds. */
  readonly seconds: number;
}

/** A trained network and how it got there. */
export interface Trained {
  readonly model: Sequential;
  readonly history: EpochRow[];
  /** Wall time of training (all epochs), in seconds. */
  readonly seconds: number;
}

function optimizerOf(o: RunOptions, model: Sequential): Optimizer {
  const params = model.parameters();
  if (o.optimizer === 'sgd') return createOptimizer('sgd', params, { lr: o.lr, momentum: 0.9 });
  return createOptimizer(o.optimizer, params, { lr: o.lr });
}

/**
 * Trains a fresh LeNet on `data.train` as `o` says. Every random choice comes from `o.seed`:
 * `createRng(seed)` forked as 'init' (weights, dropout), 'data' (shuffles; its own fork
 * 'augment' draws the shifts).
 */
export function train(o: RunOptions, data: RunData, progress: Progress): Trained {
  const root = createRng(o.seed);
  const model = lenet({
    widths: o.widths,
    dropout: o.dropout,
    classes: data.classNames.length,
    rng: root.fork('init'),
  });
  const optimizer = optimizerOf(o, model);
  const loader = new DataLoader(data.train, {
    batchSize: o.batchSize,
    shuffle: true,
    rng: root.fork('data'),
    ...(o.shift > 0 ? { augment: { shift: o.shift, fill: data.background } } : {}),
  });
  const times: number[] = [];
  let t = performance.now();
  const t0 = t;
  const history = fit(model, {
    data: loader,
    loss: 'crossEntropy',
    optimizer,
    epochs: o.epochs,
    metrics: ['accuracy'],
    validation: data.test,
    ...(o.schedule === 'cosine'
      ? { schedule: new CosineAnnealingLR(optimizer, { tMax: o.epochs }) }
      : {}),
    callbacks: [
      progressCallback(progress, o.epochs, loader.length),
      {
        onEpochEnd: () => {
          const now = performance.now();
          times.push((now - t) / 1000);
          t = now;
        },
      },
    ],
  });
  const rows = history.epochs.map((e, i) => ({
    epoch: e.epoch,
    loss: e.loss,
    accuracy: e.metrics.accuracy ?? Number.NaN,
    testLoss: e.valLoss ?? Number.NaN,
    testAccuracy: e.valMetrics?.accuracy ?? Number.NaN,
    lr: e.lr,
    seconds: times[i] ?? Number.NaN,
  }));
  return { model, history: rows, seconds: (performance.now() - t0) / 1000 };
}
