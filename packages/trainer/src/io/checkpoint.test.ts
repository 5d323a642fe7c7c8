import { ArgumentError, createRng, type Tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { moons } from '../data/synthetic.js';
import { Activation } from '../modules/activation.js';
import { Dropout } from '../modules/dropout.js';
import { Linear } from '../modules/linear.js';
import { StateDictError } from '../modules/module.js';
import { Sequential } from '../modules/sequential.js';
import { Adam } from '../optim/adam.js';
import { StepLR } from '../optim/schedules.js';
import { fit } from '../train/fit.js';
import { loadCheckpoint, modelFromJSON, modelToJSON, saveCheckpoint } from './checkpoint.js';
import { ModelCheckpoint } from './model-checkpoint.js';
import { decodeSafetensors, SafetensorsError } from './safetensors.js';

const relu = (x: Tensor) => x.maximum(0);

function model(seed: number): Sequential {
  const rng = createRng(seed);
  return new Sequential(
    new Linear(2, 12, { rng, init: 'heNormal' }),
    new Activation(relu, { name: 'relu' }),
    new Dropout(0.2, { rng: rng.split() }),
    new Linear(12, 2, { rng }),
  );
}

const bits = (m: Sequential) => m.parameters().map((p) => Array.from(p.data));

describe('checkpoints', () => {
  it('round-trip bit-exactly: parameters, optimiser state, epoch, generators', () => {
    const a = model(1);
    const opt = new Adam(a.parameters(), { lr: 0.01 });
    const data = moons({ n: 64, seed: 1 });
    fit(a, { data, loss: 'crossEntropy', optimizer: opt, epochs: 2, batchSize: 16, seed: 3 });
    const dataRng = createRng(99);
    dataRng.random();
    const bytes = saveCheckpoint({
      model: a,
      optimizer: opt,
      epoch: 2,
      rngs: { data: dataRng },
      extra: { note: 'hi' },
    });
    // It is a valid safetensors file with dotted names.
    const keys = Object.keys(decodeSafetensors(bytes).tensors);
    expect(keys).toContain('model.0.weight');
    expect(keys).toContain('optimizer.0.expAvg');
    const b = model(2);
    const opt2 = new Adam(b.parameters(), { lr: 0.5 });
    const rng2 = createRng(0);
    const info = loadCheckpoint(bytes, { model: b, optimizer: opt2, rngs: { data: rng2 } });
    expect(info).toEqual({ epoch: 2, extra: { note: 'hi' } });
    expect(bits(b)).toEqual(bits(a));
    expect(opt2.stateDict()).toEqual(opt.stateDict());
    expect(rng2.getState()).toEqual(dataRng.getState());
    const drop = (m: Sequential) => (m.at(2) as Dropout).rng.getState();
    expect(drop(b)).toEqual(drop(a));
  });

  it('resumed training matches uninterrupted training exactly', () => {
    const data = moons({ n: 96, seed: 5 });
    // Uninterrupted: 4 epochs.
    const a = model(1);
    const optA = new Adam(a.parameters(), { lr: 0.01 });
    const schedA = new StepLR(optA, { stepSize: 1, gamma: 0.9 });
    const histA = fit(a, {
      data,
      loss: 'crossEntropy',
      optimizer: optA,
      epochs: 4,
      batchSize: 16,
      rng: createRng(7),
      schedule: schedA,
    });
    // Interrupted: 2 epochs, checkpoint, then a fresh process (other seeds everywhere) resumes.
    const b = model(1);
    const optB = new Adam(b.parameters(), { lr: 0.01 });
    const schedB = new StepLR(optB, { stepSize: 1, gamma: 0.9 });
    const rngB = createRng(7);
    let saved: Uint8Array | null = null;
    fit(b, {
      data,
      loss: 'crossEntropy',
      optimizer: optB,
      epochs: 2,
      batchSize: 16,
      rng: rngB,
      schedule: schedB,
      callbacks: [
        new ModelCheckpoint({
          save: (bytes) => (saved = bytes),
          rngs: { data: rngB },
          schedule: schedB,
          every: 2,
        }),
      ],
    });
    expect(saved).not.toBeNull();
    const c = model(123);
    const optC = new Adam(c.parameters(), { lr: 0.3 });
    const schedC = new StepLR(optC, { stepSize: 1, gamma: 0.9 });
    const rngC = createRng(555);
    const { epoch } = loadCheckpoint(saved as unknown as Uint8Array, {
      model: c,
      optimizer: optC,
      schedule: schedC,
      rngs: { data: rngC },
    });
    const histC = fit(c, {
      data,
      loss: 'crossEntropy',
      optimizer: optC,
      epochs: 2,
      batchSize: 16,
      rng: rngC,
      schedule: schedC,
      initialEpoch: epoch,
    });
    expect(histC.epochs.map((e) => e.epoch)).toEqual([3, 4]);
    expect(histC.epochs.map((e) => e.loss)).toEqual(histA.epochs.slice(2).map((e) => e.loss));
    expect(bits(c)).toEqual(bits(a));
    expect(optC.lr).toBe(optA.lr);
  });

  it('refuses checkpoints that do not fit, changing nothing', () => {
    const a = model(1);
    const bytes = saveCheckpoint({ model: a });
    const other = new Sequential(new Linear(2, 5), new Linear(5, 2));
    const before = bits(other);
    expect(() => loadCheckpoint(bytes, { model: other })).toThrow(StateDictError);
    expect(bits(other)).toEqual(before);
    expect(() =>
      loadCheckpoint(bytes, { model: model(2), optimizer: new Adam(model(2).parameters()) }),
    ).toThrow(ArgumentError);
    const plain = new Uint8Array(bytes);
    plain[9] = 0x7b + 1; // corrupt the JSON header
    expect(() => loadCheckpoint(plain, { model: a })).toThrow(SafetensorsError);
  });

  it('JSON export of a tiny model round-trips exactly', () => {
    const a = model(1);
    const b = model(2);
    modelFromJSON(b, modelToJSON(a));
    expect(bits(b)).toEqual(bits(a));
    expect(() => modelFromJSON(b, '{')).toThrow(ArgumentError);
  });
});
