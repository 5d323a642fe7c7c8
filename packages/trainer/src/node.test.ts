import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { moons } from './data/synthetic.js';
import { SafetensorsError } from './io/safetensors.js';
import { Linear } from './modules/linear.js';
import { Sequential } from './modules/sequential.js';
import {
  fileLogger,
  loadCheckpointFile,
  loadSafetensors,
  saveCheckpointFile,
  saveSafetensors,
} from './node.js';
import { SGD } from './optim/sgd.js';
import { fit } from './train/fit.js';

const dir = mkdtempSync(join(tmpdir(), 'gradscope-trainer-'));

describe('@gradscope/trainer/node', () => {
  it('saves and loads safetensors files with dotted names', () => {
    const m = new Sequential(
      new Linear(2, 3, { rng: createRng(1) }),
      new Linear(3, 1, { rng: createRng(2) }),
    );
    const p = join(dir, 'sub', 'model.safetensors');
    saveSafetensors(p, m, { framework: 'gradscope' });
    const { tensors, metadata } = loadSafetensors(p);
    expect(Object.keys(tensors)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(metadata).toEqual({ framework: 'gradscope' });
    expect(tensors['0.weight']?.data).toEqual(m.parameters()[0]?.data);
    saveSafetensors(join(dir, 't.safetensors'), { x: tensor([1, 2]) });
    expect(loadSafetensors(join(dir, 't.safetensors')).tensors.x?.shape).toEqual([2]);
    writeFileSync(join(dir, 'bad.safetensors'), 'not a safetensors file');
    expect(() => loadSafetensors(join(dir, 'bad.safetensors'))).toThrow(SafetensorsError);
  });

  it('writes checkpoint files and CSV / JSON-lines logs', () => {
    const m = new Sequential(new Linear(2, 2, { rng: createRng(1) }));
    const opt = new SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
    const csv = join(dir, 'logs', 'run.csv');
    const jsonl = join(dir, 'logs', 'run.jsonl');
    fit(m, {
      data: moons({ n: 16, seed: 1 }),
      loss: 'crossEntropy',
      optimizer: opt,
      epochs: 3,
      callbacks: [fileLogger(csv, { format: 'csv' }), fileLogger(jsonl)],
    });
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('epoch,loss,lr');
    expect(lines).toHaveLength(4);
    expect(
      readFileSync(jsonl, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).epoch),
    ).toEqual([1, 2, 3]);
    const ck = join(dir, 'ck', 'epoch3.safetensors');
    saveCheckpointFile(ck, { model: m, optimizer: opt, epoch: 3 });
    const m2 = new Sequential(new Linear(2, 2, { rng: createRng(9) }));
    const opt2 = new SGD(m2.parameters(), { lr: 0.1, momentum: 0.9 });
    expect(loadCheckpointFile(ck, { model: m2, optimizer: opt2 }).epoch).toBe(3);
    expect(m2.parameters()[0]?.data).toEqual(m.parameters()[0]?.data);
  });
});
