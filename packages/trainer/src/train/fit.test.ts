import { ArgumentError, createRng, type Tensor, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../data/dataset.js';
import { moons, noisySine } from '../data/synthetic.js';
import { mlp } from '../modules/mlp.js';
import { Adam } from '../optim/adam.js';
import { SGD } from '../optim/sgd.js';
import type { Callback } from './callback.js';
import { EarlyStopping } from './early-stopping.js';
import { evaluate, fit, predict } from './fit.js';
import { EpochLogger, historyToCSV, ProgressBar } from './logging.js';
import { accuracy } from './metrics.js';

const relu = (x: Tensor) => x.maximum(0);
const tanh = (x: Tensor) => x.mul(2).exp().sub(1).div(x.mul(2).exp().add(1));

describe('fit', () => {
  it('calls callbacks in order and returns a history with metrics and validation', () => {
    const m = mlp({ inputSize: 2, hidden: [8], outputSize: 2, activation: relu, seed: 1 });
    const data = moons({ n: 40, seed: 1 });
    const events: string[] = [];
    const cb: Callback = {
      onTrainBegin: () => events.push('begin'),
      onEpochBegin: (e) => events.push(`epoch${e}`),
      onAfterBackward: (b) => {
        // gradients are there before the step
        expect(m.parameters()[0]?.grad).not.toBeNull();
        events.push(`bw${b.batch}`);
      },
      onBatchEnd: (b) => {
        expect(m.parameters()[0]?.grad).toBeNull();
        events.push(`b${b.batch}`);
      },
      onEpochEnd: (l) => events.push(`end${l.epoch}`),
      onTrainEnd: () => events.push('done'),
    };
    const h = fit(m, {
      data,
      loss: 'crossEntropy',
      optimizer: new SGD(m.parameters(), { lr: 0.1 }),
      epochs: 2,
      batchSize: 20,
      metrics: ['accuracy'],
      validation: moons({ n: 20, seed: 2 }),
      callbacks: [cb],
    });
    expect(events).toEqual([
      'begin',
      'epoch1',
      'bw0',
      'b0',
      'bw1',
      'b1',
      'end1',
      'epoch2',
      'bw0',
      'b0',
      'bw1',
      'b1',
      'end2',
      'done',
    ]);
    expect(h.epochs).toHaveLength(2);
    const e = h.epochs[1];
    expect(e?.metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(e?.valLoss).toBeGreaterThan(0);
    expect(e?.valMetrics?.accuracy).toBeLessThanOrEqual(1);
    // The recorded validation figures are what evaluate() gives for the final weights.
    const v = evaluate(m, moons({ n: 20, seed: 2 }), {
      loss: 'crossEntropy',
      metrics: ['accuracy'],
    });
    expect(v.loss).toBeCloseTo(e?.valLoss as number, 6);
  });

  it('fits a noisy sine to about the noise level (regression, mse)', () => {
    const m = mlp({
      inputSize: 1,
      hidden: [24, 24],
      outputSize: 1,
      activation: tanh,
      init: 'xavierUniform',
      seed: 3,
    });
    const data = noisySine({ n: 256, noise: 0.1, seed: 4 });
    fit(m, {
      data,
      loss: 'mse',
      optimizer: new Adam(m.parameters(), { lr: 0.01 }),
      epochs: 60,
      batchSize: 32,
      seed: 5,
    });
    const test = noisySine({ n: 256, noise: 0, seed: 6 });
    const { loss } = evaluate(m, test, { loss: 'mse' });
    expect(loss).toBeLessThan(0.01); // the noise variance is 0.01; a constant model scores ~0.5
  });

  it('stops early when the monitored figure stops improving, and can restore the best weights', () => {
    const m = mlp({ inputSize: 2, hidden: [4], outputSize: 2, activation: relu, seed: 1 });
    const data = moons({ n: 32, seed: 1 });
    // lr 0 -> loss never improves -> stops after 1 + patience epochs.
    const es = new EarlyStopping({ monitor: 'loss', patience: 2 });
    const h = fit(m, {
      data,
      loss: 'crossEntropy',
      optimizer: new SGD(m.parameters(), { lr: 0 }),
      epochs: 20,
      callbacks: [es],
    });
    expect(h.epochs).toHaveLength(3);
    expect(h.stoppedEarly).toBe(true);
    expect(es.stoppedEpoch).toBe(3);
    // A diverging run: restoreBest puts back the epoch-1 weights.
    const m2 = mlp({ inputSize: 2, hidden: [4], outputSize: 2, activation: relu, seed: 1 });
    const es2 = new EarlyStopping({ monitor: 'loss', patience: 1, restoreBest: true });
    let best: number[] = [];
    const snap: Callback = {
      onEpochEnd: (l) => {
        if (l.epoch === es2.bestEpoch) best = m2.parameters().flatMap((p) => Array.from(p.data));
      },
    };
    fit(m2, {
      data,
      loss: 'crossEntropy',
      optimizer: new SGD(m2.parameters(), { lr: 50 }),
      epochs: 10,
      callbacks: [es2, snap],
    });
    expect(m2.parameters().flatMap((p) => Array.from(p.data))).toEqual(best);
    expect(() =>
      fit(m, {
        data,
        loss: 'crossEntropy',
        optimizer: new SGD(m.parameters(), { lr: 0 }),
        callbacks: [new EarlyStopping()],
      }),
    ).toThrow(/valLoss/);
  });

  it('logs epochs as JSON lines / CSV and draws a progress bar', () => {
    const m = mlp({ inputSize: 2, hidden: [4], outputSize: 2, activation: relu, seed: 1 });
    const json: string[] = [];
    const csv: string[] = [];
    const bar: string[] = [];
    const h = fit(m, {
      data: moons({ n: 32, seed: 1 }),
      loss: 'crossEntropy',
      optimizer: new SGD(m.parameters(), { lr: 0.1 }),
      epochs: 2,
      batchSize: 16,
      metrics: ['accuracy'],
      callbacks: [
        new EpochLogger((l) => json.push(l)),
        new EpochLogger((l) => csv.push(l), { format: 'csv' }),
        new ProgressBar({
          write: (s) => bar.push(s),
          interactive: true,
          epochs: 2,
          batchesPerEpoch: 2,
        }),
      ],
    });
    expect(json).toHaveLength(2);
    expect(JSON.parse(json[0] as string)).toEqual({
      epoch: 1,
      loss: h.epochs[0]?.loss,
      accuracy: h.epochs[0]?.metrics.accuracy,
      lr: 0.1,
    });
    expect(csv[0]).toBe('epoch,loss,accuracy,lr\n');
    expect(csv.join('')).toBe(historyToCSV(h));
    expect(bar.some((s) => s.includes('[############............] 1/2'))).toBe(true);
    expect(bar.filter((s) => s.includes('epoch 2/2  loss'))).toHaveLength(1);
  });

  it('trains nets with BatchNorm and LayerNorm; evaluation uses BatchNorm running statistics', () => {
    for (const norm of ['batch', 'layer'] as const) {
      const m = mlp({
        inputSize: 2,
        hidden: [16, 16],
        outputSize: 2,
        activation: relu,
        init: 'heNormal',
        norm,
        seed: 1,
      });
      const h = fit(m, {
        data: moons({ n: 200, seed: 1 }),
        validation: moons({ n: 200, seed: 9 }),
        loss: 'crossEntropy',
        optimizer: new Adam(m.parameters(), { lr: 0.01 }),
        epochs: 15,
        batchSize: 20,
        metrics: ['accuracy'],
      });
      expect(h.epochs.at(-1)?.valMetrics?.accuracy, norm).toBeGreaterThan(0.9);
    }
  });

  it('progress: true with a log prints one summary line per epoch', () => {
    const m = mlp({ inputSize: 2, hidden: [4], outputSize: 2, activation: relu, seed: 1 });
    const lines: string[] = [];
    fit(m, {
      data: moons({ n: 32, seed: 1 }),
      loss: 'crossEntropy',
      optimizer: new SGD(m.parameters(), { lr: 0.1 }),
      epochs: 3,
      progress: true,
      metrics: ['accuracy'],
      log: (l) => lines.push(l),
    });
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^epoch 3\/3 {2}loss \d\.\d{4} {2}accuracy \d\.\d{4} {2}lr 1\.00e-1$/);
  });

  it('rejects bad options', () => {
    const m = mlp({ inputSize: 2, hidden: [4], outputSize: 2, activation: relu });
    const data = new Dataset(tensor([[1, 2]]), tensor([0]));
    expect(() => fit(m, { data, loss: 'crossEntropy', optimizer: undefined as never })).toThrow(
      ArgumentError,
    );
    expect(() =>
      fit(m, { data, loss: 'nope', optimizer: new SGD(m.parameters(), { lr: 1 }) }),
    ).toThrow(/unknown loss/);
    expect(() =>
      fit(m, { data, loss: 'mse', optimizer: new SGD(m.parameters(), { lr: 1 }), epochs: -1 }),
    ).toThrow(ArgumentError);
  });
});

describe('accuracy and predict', () => {
  it('argmax for scores, sign for binary logits; predict runs in eval mode without a graph', () => {
    expect(
      accuracy(
        tensor([
          [1, 2],
          [3, 0],
          [0, 0.5],
        ]),
        tensor([1, 0, 0]),
      ),
    ).toBeCloseTo(2 / 3, 12);
    expect(accuracy(tensor([[-1], [2]]), tensor([0, 1]))).toBe(1);
    const m = mlp({
      inputSize: 2,
      hidden: [4],
      outputSize: 2,
      activation: relu,
      dropout: 0.5,
      rng: createRng(1),
    });
    const x = tensor([[1, 2]]);
    const y = predict(m, x);
    expect(y.requiresGrad).toBe(false);
    expect(Array.from(predict(m, x).data)).toEqual(Array.from(y.data));
    expect(m.training).toBe(true);
  });
});
