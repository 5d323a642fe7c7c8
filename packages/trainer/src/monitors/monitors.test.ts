import { createRng, type Tensor, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../data/dataset.js';
import { moons } from '../data/synthetic.js';
import { Activation } from '../modules/activation.js';
import { Linear } from '../modules/linear.js';
import { Sequential } from '../modules/sequential.js';
import { SGD } from '../optim/sgd.js';
import { fit } from '../train/fit.js';
import { DeadUnitMonitor } from './dead-units.js';
import { GradientFlowMonitor } from './gradient-flow.js';
import { SaturationMonitor } from './saturation.js';

const relu = (x: Tensor) => x.maximum(0);
const sigmoid = (x: Tensor) => x.neg().exp().add(1).pow(-1);

function net(act: (x: Tensor) => Tensor, name: string, seed = 1): Sequential {
  const rng = createRng(seed);
  return new Sequential(
    new Linear(2, 6, { rng, dtype: 'float64' }),
    new Activation(act, { name }),
    new Linear(6, 6, { rng, dtype: 'float64' }),
    new Activation(act, { name }),
    new Linear(6, 3, { rng, dtype: 'float64' }),
  );
}

const f64 = (d: Dataset) => new Dataset(d.x.to('float64'), d.y.to('float64'));

describe('GradientFlowMonitor', () => {
  it('records weight-gradient norms, output-gradient norms and update ratios that match the formulas', () => {
    const m = net(relu, 'relu');
    const data = f64(
      new Dataset(
        tensor([
          [0.5, -1],
          [1, 2],
          [-0.3, 0.2],
          [2, 1],
        ]),
        tensor([0, 2, 1, 2]),
      ),
    );
    const mon = new GradientFlowMonitor(m);
    const weights0 = m.parameters().map((p) => Float64Array.from(p.data));
    let grads: Float64Array[] = [];
    let logits: Tensor | null = null;
    fit(m, {
      data,
      loss: 'crossEntropy',
      optimizer: new SGD(m.parameters(), { lr: 0.1 }),
      epochs: 1,
      batchSize: 4,
      shuffle: false,
      callbacks: [
        mon,
        {
          onAfterBackward: (b) => {
            grads = m.parameters().map((p) => Float64Array.from(p.grad?.data ?? []));
            logits = b.prediction;
          },
        },
      ],
    });
    expect(mon.records).toHaveLength(1);
    const r = mon.records[0];
    const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));
    // Weights are parameters 0, 2, 4.
    [0, 2, 4].forEach((pi, li) => {
      expect(r?.weightGradNorm[li]).toBeCloseTo(norm(grads[pi] as Float64Array), 12);
      // Plain SGD: ||dW|| / ||W|| = lr ||g|| / ||W||.
      expect(r?.updateRatio[li]).toBeCloseTo(
        (0.1 * norm(grads[pi] as Float64Array)) / norm(weights0[pi] as Float64Array),
        10,
      );
    });
    expect(r?.ratioToLast[2]).toBe(1);
    // dL/dlogits for mean cross-entropy = (softmax - onehot) / N.
    const z = (logits as unknown as Tensor).data;
    const labels = [0, 2, 1, 2];
    let sq = 0;
    for (let i = 0; i < 4; i++) {
      const row = [0, 1, 2].map((c) => z[i * 3 + c] as number);
      const mx = Math.max(...row);
      const e = row.map((v) => Math.exp(v - mx));
      const s = e.reduce((a, b) => a + b, 0);
      for (let c = 0; c < 3; c++)
        sq += (((e[c] as number) / s - (c === labels[i] ? 1 : 0)) / 4) ** 2;
    }
    expect(r?.outputGradNorm[2]).toBeCloseTo(Math.sqrt(sq), 12);
    expect(mon.summary().split('\n')).toHaveLength(4);
  });

  it('words vanishing and exploding gradients for a learner', () => {
    const mon = new GradientFlowMonitor(net(sigmoid, 'sigmoid'));
    const base = { step: 1, epoch: 1, outputGradNorm: [], updateRatio: [] };
    expect(
      mon.check({ ...base, weightGradNorm: [3e-9, 1e-5, 0.01], ratioToLast: [3e-7, 1e-3, 1] }),
    ).toEqual([
      'layer 1: gradient norm 3e-9, 10^7 times smaller than layer 3: vanishing gradients (sigmoid saturates; try relu with heNormal, a residual block or LayerNorm)',
    ]);
    expect(
      mon.check({ ...base, weightGradNorm: [50, 1, 1e-3], ratioToLast: [5e4, 1e3, 1] })[0],
    ).toMatch(/^layer 1: gradient norm 5e1, 10\^5 times larger than layer 3: exploding gradients/);
    expect(mon.check({ ...base, weightGradNorm: [0.5, 1, 1], ratioToLast: [0.5, 1, 1] })).toEqual(
      [],
    );
    const plain = new GradientFlowMonitor(net(relu, 'relu'));
    expect(
      plain.check({ ...base, weightGradNorm: [1e-9, 1, 1], ratioToLast: [1e-9, 1, 1] })[0],
    ).toMatch(/vanishing gradients \(try relu with heNormal, a residual block or LayerNorm\)$/);
  });
});

describe('SaturationMonitor and DeadUnitMonitor', () => {
  it('measure saturated fractions: sigmoid with huge inputs saturates, relu saturates exactly where x < 0', () => {
    const data = f64(moons({ n: 64, seed: 2 }));
    const big = net(sigmoid, 'sigmoid');
    for (const p of big.parameters()) p.data.set(p.data.map((v) => v * 200));
    const satBig = new SaturationMonitor(big);
    const lines: string[] = [];
    fit(big, {
      data,
      loss: 'crossEntropy',
      optimizer: new SGD(big.parameters(), { lr: 0 }),
      epochs: 1,
      callbacks: [satBig],
      log: (l) => lines.push(l),
    });
    expect(satBig.records[0]?.fraction[0]).toBeGreaterThan(0.8);
    expect(
      lines.some((l) =>
        /activation 1 \(sigmoid at '1'\): \d+% of unit outputs have derivative below 0.01: saturated/.test(
          l,
        ),
      ),
    ).toBe(true);

    const r = net(relu, 'relu');
    const sat = new SaturationMonitor(r, { threshold: 0.5 });
    fit(r, {
      data,
      loss: 'crossEntropy',
      optimizer: new SGD(r.parameters(), { lr: 0 }),
      epochs: 1,
      shuffle: false,
      callbacks: [sat],
    });
    const pre = (r.at(0) as Linear).call(data.x);
    const neg = Array.from(pre.data).filter((v) => v <= 0).length / pre.size;
    expect(sat.records[0]?.fraction[0]).toBeCloseTo(neg, 12);
  });

  it('count units never active across an epoch', () => {
    const m = net(relu, 'relu');
    const first = m.at(0) as Linear;
    // Units 0..2 of layer 1 get a bias of -1000: never active.
    first.bias?.data.set([-1000, -1000, -1000, 0, 0, 0]);
    const dead = new DeadUnitMonitor(m);
    const lines: string[] = [];
    fit(m, {
      data: f64(moons({ n: 64, seed: 2 })),
      loss: 'crossEntropy',
      optimizer: new SGD(m.parameters(), { lr: 0 }),
      epochs: 1,
      callbacks: [dead],
      log: (l) => lines.push(l),
    });
    expect(dead.records[0]?.fraction[0]).toBeGreaterThanOrEqual(0.5);
    expect(dead.records[0]?.fraction[0]).toBeLessThan(0.9);
    expect(
      lines.some((l) =>
        /activation 1 \(relu at '1'\): \d+% of units were never active this epoch: dead units/.test(
          l,
        ),
      ),
    ).toBe(true);
    const s = new DeadUnitMonitor(net(sigmoid, 'sigmoid'));
    const m2 = net(sigmoid, 'sigmoid');
    const s2 = new DeadUnitMonitor(m2);
    fit(m2, {
      data: f64(moons({ n: 16, seed: 2 })),
      loss: 'crossEntropy',
      optimizer: new SGD(m2.parameters(), { lr: 0 }),
      epochs: 1,
      callbacks: [s2],
    });
    expect(s2.records[0]?.fraction).toEqual([0, 0]);
    expect(s.records).toEqual([]);
  });
});
