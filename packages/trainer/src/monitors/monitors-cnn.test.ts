import { createRng, noGrad, randn, type Tensor, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../data/dataset.js';
import { crossEntropy } from '../losses.js';
import { Activation } from '../modules/activation.js';
import { Conv2d } from '../modules/conv.js';
import { Flatten } from '../modules/flatten.js';
import { Linear } from '../modules/linear.js';
import { MaxPool2d } from '../modules/pool.js';
import { Sequential } from '../modules/sequential.js';
import { SGD } from '../optim/sgd.js';
import { fit } from '../train/fit.js';
import { DeadUnitMonitor } from './dead-units.js';
import { GradientFlowMonitor } from './gradient-flow.js';
import { SaturationMonitor } from './saturation.js';

const dtype = 'float64' as const;
const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));

/** conv 3x3 (1→3) → relu → maxpool 2 → conv 3x3 pad 1 (3→4) → relu → flatten → linear 36→3. */
function cnn(seed = 1): Sequential {
  const rng = createRng(seed);
  return new Sequential(
    new Conv2d(1, 3, 3, { rng, dtype }),
    new Activation('relu'),
    new MaxPool2d(2),
    new Conv2d(3, 4, 3, { padding: 1, rng, dtype }),
    new Activation('relu'),
    new Flatten(),
    new Linear(36, 3, { rng, dtype }),
  );
}

const data = new Dataset(
  randn([16, 1, 8, 8], { rng: createRng(5), dtype }),
  tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], { dtype }),
);

describe('GradientFlowMonitor on a CNN', () => {
  it('watches the conv layers and the Linear head: weight-gradient norms, output-gradient norms and update ratios match an independent computation', () => {
    const m = cnn();
    // Reference, with the initial weights: the gradient of the mean cross-entropy of the batch.
    const outs: Tensor[] = [];
    let h = data.x;
    m.children().forEach((layer, i) => {
      h = layer.call(h);
      if (i === 0 || i === 3 || i === 6) outs.push(h.retainGrad());
    });
    crossEntropy(h, data.y).backward();
    const weights = [0, 3, 6].map((i) => (m.at(i) as Conv2d | Linear).weight);
    const wantW = weights.map((w) => norm(w.grad?.data ?? []));
    const wantY = outs.map((y) => norm(y.grad?.data ?? []));
    const w0 = weights.map((w) => norm(w.data));
    m.zeroGrad();

    const mon = new GradientFlowMonitor(m);
    expect(mon.layers.map(([path, l]) => `${path}:${l.constructor.name}`)).toEqual([
      '0:Conv2d',
      '3:Conv2d',
      '6:Linear',
    ]);
    fit(m, {
      data,
      loss: 'crossEntropy',
      optimizer: new SGD(m.parameters(), { lr: 0.1 }),
      epochs: 1,
      batchSize: 16,
      shuffle: false,
      callbacks: [mon],
    });
    const r = mon.records[0];
    wantW.forEach((v, i) => {
      expect(r?.weightGradNorm[i]).toBeCloseTo(v, 12);
      expect(r?.outputGradNorm[i]).toBeCloseTo(wantY[i] as number, 12);
      expect(r?.updateRatio[i]).toBeCloseTo((0.1 * v) / (w0[i] as number), 10);
      expect(r?.ratioToLast[i]).toBeCloseTo(v / (wantW[2] as number), 12);
    });
    expect(mon.summary()).toMatch(/^ {4}1 {2}0 /m);
  });
});

describe('DeadUnitMonitor and SaturationMonitor on a CNN count channels', () => {
  it('a conv channel forced dead by a large negative bias is dead; a channel active at one position of one sample is not', () => {
    const m = cnn();
    const conv = m.at(0) as Conv2d;
    // Channel 1 without its bias: its largest pre-activation over the whole epoch.
    const pre = noGrad(() => conv.call(data.x));
    let top = Number.NEGATIVE_INFINITY;
    for (let n = 0; n < 16; n++)
      for (let k = 0; k < 36; k++) top = Math.max(top, pre.data[(n * 3 + 1) * 36 + k] as number);
    const b1 = conv.bias?.data[1] as number;
    conv.bias?.data.set([-1000, b1 - (top - 1e-6)], 0); // channel 0 dead; channel 1 active once
    const dead = new DeadUnitMonitor(m);
    const sat = new SaturationMonitor(m, { threshold: 0.5 });
    const lines: string[] = [];
    fit(m, {
      data,
      loss: 'crossEntropy',
      optimizer: new SGD(m.parameters(), { lr: 0 }),
      epochs: 1,
      batchSize: 4,
      shuffle: false,
      callbacks: [dead, sat],
      log: (l) => lines.push(l),
    });
    const r = dead.records[0];
    expect(r?.dead[0]).toEqual([0]);
    expect(r?.fraction[0]).toBeCloseTo(1 / 3, 12);
    expect(
      lines.some((l) =>
        /activation 1 \(relu at '1'\): 33% of channels were never active this epoch: dead channels pass no gradient/.test(
          l,
        ),
      ),
    ).toBe(true);

    // Saturation of relu with threshold 0.5: exactly the pre-activations <= 0, channel by channel.
    const z = noGrad(() => conv.call(data.x));
    const perChannel = [0, 1, 2].map((c) => {
      let s = 0;
      for (let n = 0; n < 16; n++)
        for (let k = 0; k < 36; k++) if ((z.data[(n * 3 + c) * 36 + k] as number) <= 0) s++;
      return s / (16 * 36);
    });
    const sr = sat.records[0];
    expect(sr?.perUnit[0]).toHaveLength(3);
    perChannel.forEach((f, c) => {
      expect(sr?.perUnit[0]?.[c]).toBeCloseTo(f, 12);
    });
    expect(sr?.perUnit[0]?.[0]).toBe(1);
    expect(sr?.perUnit[0]?.[1]).toBeCloseTo(1 - 1 / (16 * 36), 12);
    expect(sr?.fraction[0]).toBeCloseTo((perChannel[0]! + perChannel[1]! + perChannel[2]!) / 3, 12);
    expect(sr?.perUnit[1]).toHaveLength(4);
  });

  it('keeps counting features (the last axis) for [N, F] inputs', () => {
    const rng = createRng(3);
    const m = new Sequential(
      new Linear(4, 3, { rng, dtype }),
      new Activation('relu'),
      new Linear(3, 2, { rng, dtype }),
    );
    (m.at(0) as Linear).bias?.data.set([0, -1000, 0]);
    const dead = new DeadUnitMonitor(m);
    fit(m, {
      data: new Dataset(
        randn([10, 4], { rng, dtype }),
        tensor([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], { dtype }),
      ),
      loss: 'crossEntropy',
      optimizer: new SGD(m.parameters(), { lr: 0 }),
      epochs: 1,
      callbacks: [dead],
      log: () => {},
    });
    expect(dead.records[0]?.dead[0]).toEqual([1]);
    expect(dead.warnings[0]).toMatch(/33% of units were never active/);
  });
});
