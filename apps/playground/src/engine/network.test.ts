/** The playground's network against the trainer's own mlp(), and its per-layer choices. */
import { createRng, tensor } from '@gradscope/core';
import { Activation, calculateGain, Linear, mlp } from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, type NetworkState } from '../state/state.js';
import { buildNetwork } from './network.js';
import { theoryFor } from './theory.js';

const base: NetworkState = { ...DEFAULT_STATE.network, depth: 4, width: 8 };

describe('buildNetwork', () => {
  const variants: Array<[string, Partial<NetworkState>]> = [
    ['plain', {}],
    ['residual + LayerNorm', { residual: true, norm: 'layer' }],
    ['BatchNorm + dropout', { norm: 'batch', dropout: 0.3 }],
    ['heNormal relu', { init: 'heNormal', activation: 'relu' }],
  ];
  for (const [name, v] of variants) {
    it(`${name}: with one activation it equals mlp(), parameter for parameter`, () => {
      const n = { ...base, ...v };
      const ours = buildNetwork(n, 3, 2, createRng(9)).model;
      const theirs = mlp({
        inputSize: 3,
        hidden: new Array(n.depth).fill(n.width),
        outputSize: 2,
        activation: n.activation,
        init: n.init,
        residual: n.residual,
        norm: n.norm === 'none' ? null : n.norm,
        dropout: n.dropout,
        rng: createRng(9),
      });
      expect(ours.toString()).toBe(theirs.toString());
      const a = ours.stateDict();
      const b = theirs.stateDict();
      expect(Object.keys(a)).toEqual(Object.keys(b));
      for (const k of Object.keys(a)) expect(a[k]?.data).toEqual(b[k]?.data);
    });
  }

  it('per-layer activations are used in order; the layers the probes watch are listed', () => {
    const n = { ...base, depth: 3, layerActivations: ['relu', 'sigmoid', 'mish'] };
    const built = buildNetwork(n, 2, 2, createRng(1));
    expect(built.activations.map((a) => a.activationName)).toEqual(['relu', 'sigmoid', 'mish']);
    expect(built.linears).toHaveLength(4);
    expect(built.linears.every((l) => l instanceof Linear)).toBe(true);
    const acts = built.model.modules().filter((m) => m instanceof Activation);
    expect(acts).toHaveLength(3);
  });

  it("gain 'moments' gives each Linear 1/√E[f(z)²] of its activation (the output layer the last one's)", () => {
    const n: NetworkState = {
      ...base,
      depth: 2,
      layerActivations: ['sigmoid', 'selu'],
      init: 'xavierNormal',
      gain: 'moments',
    };
    const built = buildNetwork(n, 2, 2, createRng(1));
    const gs = calculateGain('sigmoid', { fromMoments: true });
    const gl = calculateGain('selu', { fromMoments: true });
    expect(built.gains).toEqual([gs, gl, gl]);
    expect(gl).toBeCloseTo(1, 3); // SELU keeps unit variance by design
    // The same layers drawn with the gain given by hand are the same weights.
    const first = new Linear(2, 8, {
      init: 'xavierNormal',
      initOptions: { gain: gs },
      rng: createRng(1),
    });
    expect(built.linears[0]?.weight.data).toEqual(first.weight.data);
  });

  it('activation parameters: leakyRelu(0.3) runs with its slope, PReLU starts at its value, the moment gain and the theory use them', () => {
    const n: NetworkState = {
      ...base,
      depth: 2,
      layerActivations: ['leakyRelu', 'prelu'],
      activationParams: { leakyRelu: { alpha: 0.3 }, prelu: { alpha: 0.1 } },
      init: 'heNormal',
      gain: 'moments',
    };
    const built = buildNetwork(n, 2, 2, createRng(1));
    const x = tensor([[-1, 2]]);
    expect(Array.from((built.activations[0] as Activation).call(x).data)).toEqual([
      Math.fround(-0.3),
      2,
    ]);
    expect(Array.from((built.activations[1] as Activation).alpha?.data ?? [])).toEqual([
      Math.fround(0.1),
    ]);
    // leakyRelu(a): E[f(z)²] = (1 + a²)/2, so the moment gain is √(2 / (1 + a²)) (PyTorch's).
    expect(built.gains[0]).toBeCloseTo(Math.sqrt(2 / (1 + 0.3 ** 2)), 5);
    // Mean field at the leakyRelu layer: χ = σ_w² E[f'(z)²] = σ_w² (1 + a²)/2.
    const t = theoryFor(
      { ...n, layerActivations: null, activation: 'leakyRelu', gain: 'default' },
      2,
      1,
    );
    const defaults = theoryFor(
      {
        ...n,
        layerActivations: null,
        activation: 'leakyRelu',
        gain: 'default',
        activationParams: {},
      },
      2,
      1,
    );
    if (!t.available || !defaults.available) throw new Error('theory unavailable');
    for (let l = 0; l < 2; l++)
      expect(t.chi[l]).toBeCloseTo(
        (((t.sigmaW2[l + 1] ?? t.sigmaW2[l]) as number) * (1 + 0.09)) / 2,
        4,
      );
    expect(t.chi[0]).not.toBeCloseTo(defaults.chi[0] as number, 2);
  });
});
