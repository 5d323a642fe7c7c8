/**
 * The network diagram's numbers: each hidden neuron's thumbnail equals a direct forward of its
 * layer (that layer's Linear and activation on the previous layer's drawn outputs) bit for bit,
 * and a plain float64 matmul + tanh to float32 rounding; the weights are the model's
 * `stateDict()`; the input thumbnails are the features; residual blocks draw x + f(x).
 */
import { noGrad, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, type PlaygroundState } from '../state/state.js';
import { build } from '../worker/host.js';
import { DIAGRAM_LIMITS, fitsDiagram, neuronMaps } from './neurons.js';

const state: PlaygroundState = {
  ...DEFAULT_STATE,
  seed: 9,
  data: { ...DEFAULT_STATE.data, features: ['x1', 'x2', 'x1x2'] },
  network: { ...DEFAULT_STATE.network, depth: 3, width: 5 },
};

describe('neuronMaps', () => {
  it('hidden neurons equal a direct forward of each layer, bit for bit, after training', () => {
    const s = build(state);
    s.run(20);
    const m = neuronMaps(s, 6);
    const cells = 36;
    expect(m.hidden.length).toBe(3);
    expect(m.inputs.length).toBe(3);
    // X₁·X₂ at cell (row 0, column 0): X₁ = −5, X₂ = 5 on a 6 × 6 grid of [−6, 6].
    expect(m.inputs[2]?.[0]).toBe(Math.fround(-25));
    let prev: Float32Array = new Float32Array(cells * 3);
    for (let c = 0; c < cells; c++)
      for (let f = 0; f < 3; f++) prev[c * 3 + f] = m.inputs[f]?.[c] as number;
    let inWidth = 3;
    for (let l = 0; l < 3; l++) {
      const lin = s.net.linears[l];
      const act = s.net.activations[l];
      if (lin === undefined || act === undefined) throw new Error(`layer ${l} missing`);
      const x = prev;
      const direct = noGrad(() => act.call(lin.call(tensor(x, { shape: [cells, inWidth] }))));
      expect(m.hidden[l]).toEqual(Float32Array.from(direct.data as ArrayLike<number>));
      // Independent: float64 matmul + tanh, within float32 rounding.
      const w = lin.weight.data as ArrayLike<number>;
      const b = lin.bias?.data as ArrayLike<number>;
      for (let c = 0; c < cells; c += 7)
        for (let u = 0; u < 5; u++) {
          let z = b[u] as number;
          for (let i = 0; i < inWidth; i++)
            z += (w[u * inWidth + i] as number) * (x[c * inWidth + i] as number);
          expect(m.hidden[l]?.[c * 5 + u]).toBeCloseTo(Math.tanh(z), 5);
        }
      prev = m.hidden[l] as Float32Array;
      inWidth = 5;
    }
  });

  it('the weights are the model’s (stateDict), hidden layers then the output layer', () => {
    const s = build(state);
    s.run(5);
    const m = neuronMaps(s);
    const sd = Object.values(s.net.model.stateDict()).filter((t) => t.shape.length === 2);
    expect(m.weights.length).toBe(4);
    m.weights.forEach((w, l) => {
      expect(w).toEqual(Float32Array.from(sd[l]?.data as ArrayLike<number>));
    });
    expect(m.weights[3]?.length).toBe(2 * 5);
  });

  it('residual blocks: a hidden neuron is the block output x + f(x)', () => {
    const s = build({ ...state, network: { ...state.network, residual: true } });
    const m = neuronMaps(s, 4);
    expect(m.hidden.length).toBe(3);
    const lin = s.net.linears[1];
    const act = s.net.activations[1];
    if (lin === undefined || act === undefined) throw new Error('layer 2 missing');
    const x = m.hidden[0] as Float32Array;
    const f = noGrad(() => act.call(lin.call(tensor(x, { shape: [16, 5] }))));
    const sum = noGrad(() => tensor(x, { shape: [16, 5] }).add(f));
    expect(m.hidden[1]).toEqual(Float32Array.from(sum.data as ArrayLike<number>));
  });

  it('draws up to 8 hidden layers of 16 units', () => {
    expect(DIAGRAM_LIMITS).toEqual({ depth: 8, width: 16 });
    expect(fitsDiagram({ ...state.network, depth: 8, width: 16 })).toBe(true);
    expect(fitsDiagram({ ...state.network, depth: 9, width: 16 })).toBe(false);
    expect(fitsDiagram({ ...state.network, depth: 2, width: 17 })).toBe(false);
  });
});
