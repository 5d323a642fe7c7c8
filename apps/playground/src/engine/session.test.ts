/**
 * The training engine in Node: deterministic under the seed, equal to the trainer's own `fit`
 * with its GradientFlowMonitor, trains the preset, and its measurement at initialisation agrees
 * with mean-field theory.
 */
import { createRng } from '@gradscope/core';
import {
  crossEntropy,
  fit,
  GradientFlowMonitor,
  type GradientFlowRecord,
  SGD,
} from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { generate } from '../data/datasets.js';
import { prepareData } from '../data/prepare.js';
import { DEFAULT_STATE, type PlaygroundState } from '../state/state.js';
import { build } from '../worker/host.js';
import { buildNetwork, weightRng } from './network.js';
import type { FlowStats } from './probe.js';
import { splitDataset } from './session.js';

function state(p: {
  data?: Partial<PlaygroundState['data']>;
  network?: Partial<PlaygroundState['network']>;
  training?: Partial<PlaygroundState['training']>;
  seed?: number;
}): PlaygroundState {
  return {
    seed: p.seed ?? DEFAULT_STATE.seed,
    data: { ...DEFAULT_STATE.data, ...p.data },
    network: { ...DEFAULT_STATE.network, ...p.network },
    training: { ...DEFAULT_STATE.training, ...p.training },
  };
}

describe('Session: determinism', () => {
  it('the same state gives the same per-layer numbers, bit for bit; measuring changes nothing', () => {
    const s = state({
      network: { depth: 5, width: 12, norm: 'batch', dropout: 0.1, activation: 'elu' },
      training: { optimizer: 'rmsprop', regularization: 'l2', regRate: 0.001, schedule: 'warmup' },
    });
    const a = build(s);
    const b = build(s);
    const c = build(s);
    expect(a.initialFlow).toEqual(b.initialFlow);
    const fa: FlowStats[] = [];
    const fb: FlowStats[] = [];
    for (let i = 0; i < 60; i++) {
      fa.push(a.trainStep(true) as FlowStats);
      fb.push(b.trainStep(true) as FlowStats);
      c.trainStep(false);
    }
    expect(fa).toEqual(fb);
    expect(a.losses()).toEqual(b.losses());
    expect(c.losses()).toEqual(a.losses());
    const wa = a.net.model.stateDict();
    const wc = c.net.model.stateDict();
    for (const k of Object.keys(wa)) expect(wc[k]?.data).toEqual(wa[k]?.data);
    expect(a.epoch).toBe(2); // 250 training rows in batches of 10: 25 steps an epoch
  });

  it('another seed gives other numbers', () => {
    const a = build(state({ seed: 1 }));
    const b = build(state({ seed: 2 }));
    expect(a.initialFlow.rmsGradH).not.toEqual(b.initialFlow.rmsGradH);
  });
});

describe('Session against the trainer: fit with GradientFlowMonitor gives the same numbers', () => {
  it('per step: ‖∂L/∂W‖ and the update ratio bit for bit, RMS ∂ℓ/∂h (per example) to rounding', () => {
    const s = state({
      network: { depth: 4, width: 10, activation: 'sigmoid', init: 'standard' },
      training: { optimizer: 'sgd', lr: 0.1 },
    });
    const session = build(s);
    const ours: FlowStats[] = [];
    for (let i = 0; i < 30; i++) ours.push(session.trainStep(true) as FlowStats);

    // The same model, data, loss, shuffles and optimiser, trained by fit().
    const data = prepareData(generate(s.data, s.seed), s.data, s.seed);
    const model = buildNetwork(s.network, data.inputSize, data.outputSize, weightRng(s.seed)).model;
    const trainSet = splitDataset(data.train, data, 'crossEntropy');
    expect(trainSet.length).toBe(250);
    const monitor = new GradientFlowMonitor(model);
    fit(model, {
      data: trainSet,
      loss: (p, y) => crossEntropy(p, y),
      optimizer: new SGD(model.parameters(), { lr: 0.1 }),
      epochs: 2,
      batchSize: 10,
      rng: createRng(s.seed).fork('shuffle'),
      callbacks: [monitor],
    });
    const records: GradientFlowRecord[] = monitor.records.slice(0, 30);
    records.forEach((r, i) => {
      const o = ours[i] as FlowStats;
      expect(o.weightGradNorm).toEqual(r.weightGradNorm);
      expect(o.updateRatio).toEqual(r.updateRatio);
      const sizes = session.net.linears.map((l) => 10 * l.outFeatures);
      o.rmsGradH.forEach((v, l) => {
        // per example: the mean loss's gradient times the 10 rows of the batch
        expect(v).toBeCloseTo(
          (10 * (r.outputGradNorm[l] as number)) / Math.sqrt(sizes[l] as number),
          12,
        );
      });
    });
  });
});

describe('Session: training and theory', () => {
  it('the preset (spiral, 6 × 16 tanh, Adam) reaches test loss < 0.1 within 1500 steps', () => {
    const s = build(DEFAULT_STATE);
    s.run(1500);
    const l = s.losses();
    expect(l.test).toBeLessThan(0.1);
    expect(l.train).toBeLessThan(0.1);
  });

  const cases: Array<[string, string, number, string]> = [
    ['tanh', 'xavierNormal', 12, 'spiral'],
    ['sigmoid', 'standard', 10, 'spiral'],
    ['sigmoid', 'xavierNormal', 10, 'gauss'],
    ['relu', 'heNormal', 12, 'spiral'],
    ['relu', 'standard', 12, 'spiral'],
    ['tanh', 'standard', 12, 'circle'],
  ];
  for (const [activation, init, depth, dataset] of cases) {
    it(`${activation}/${init}, depth ${depth}, width 128 on ${dataset}: measured RMS ∂L/∂h at init follows mean-field theory within max(0.3, 0.1 |pred|) decades`, () => {
      const s = build(
        state({
          data: { dataset: dataset as 'spiral' },
          network: { activation, init, depth, width: 128 },
        }),
      );
      const th = s.theory;
      if (!th.available) throw new Error(th.reason);
      const m = s.initialFlow.rmsGradH.slice(0, depth);
      const last = m[depth - 1] as number;
      m.forEach((v, l) => {
        const measured = Math.log10(v / last);
        const predicted = Math.log10(th.relativeRmsGrad[l] as number);
        expect(Math.abs(measured - predicted)).toBeLessThanOrEqual(
          Math.max(0.3, 0.1 * Math.abs(predicted)),
        );
      });
    });
  }

  it('per-layer activations and moment gains: the measurement follows the per-layer recursion', () => {
    const cases: Array<Partial<PlaygroundState['network']>> = [
      {
        layerActivations: [
          'sigmoid',
          'sigmoid',
          'sigmoid',
          'sigmoid',
          'relu',
          'relu',
          'relu',
          'relu',
        ],
        init: 'heNormal',
      },
      {
        layerActivations: ['tanh', 'gelu', 'tanh', 'gelu', 'tanh', 'gelu', 'tanh', 'gelu'],
        init: 'xavierNormal',
        gain: 'moments',
      },
    ];
    for (const n of cases) {
      const s = build(state({ network: { ...n, depth: 8, width: 128 } }));
      const th = s.theory;
      if (!th.available) throw new Error(th.reason);
      const last = s.initialFlow.rmsGradH[7] as number;
      s.initialFlow.rmsGradH.slice(0, 8).forEach((v, l) => {
        const gap = Math.log10(v / last) - Math.log10(th.relativeRmsGrad[l] as number);
        expect(Math.abs(gap)).toBeLessThan(0.3);
      });
    }
  });

  it('no prediction where the recursion does not apply, with the reason', () => {
    const reason = (n: Partial<PlaygroundState['network']>) => {
      const t = build(state({ network: n })).theory;
      return t.available ? null : t.reason;
    };
    expect(reason({ residual: true })).toMatch(/plain stacks/);
    expect(reason({ norm: 'layer' })).toMatch(/plain stacks/);
    expect(reason({ dropout: 0.2 })).toMatch(/dropout/);
    expect(reason({ init: 'zeros' })).toMatch(/σ_w² = 0/);
    expect(reason({ init: 'uniform' })).toMatch(/non-zero mean/);
    expect(reason({ activation: 'step' })).toMatch(/no gradient/);
  });

  it("the trainer monitors' warnings reach the session in plain words", () => {
    const deep = build(
      state({ network: { activation: 'sigmoid', init: 'standard', depth: 12, width: 32 } }),
    );
    const w = deep.warnings(deep.initialFlow);
    expect(w.join('\n')).toMatch(
      /layer 1: gradient norm .*times smaller than layer 13: vanishing gradients \(sigmoid saturates; try relu with heNormal/,
    );
    const saturated = build(
      state({
        network: { activation: 'tanh', init: 'normal', depth: 3, width: 64 },
        training: { lr: 1e-6 },
      }),
    );
    saturated.run(26); // one epoch and one step: the monitors report at the epoch's end
    expect(saturated.epoch).toBe(1);
    expect(saturated.warnings(null).join('\n')).toMatch(
      /epoch 1: activation 2 \(tanh at '.+'\): \d+% of unit outputs have derivative below 0.01: saturated/,
    );
  });
});
