import { ArgumentError, createRng, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Activation } from './activation.js';
import { BatchNorm1d } from './batch-norm.js';
import { Dropout } from './dropout.js';
import { LayerNorm } from './layer-norm.js';
import type { Linear } from './linear.js';
import { mlp } from './mlp.js';
import type { Residual } from './residual.js';

describe('mlp', () => {
  it('builds Linear -> activation blocks and a logits head, PyTorch-style names', () => {
    const m = mlp({ inputSize: 3, hidden: [8, 8], outputSize: 2, activation: 'tanh', seed: 1 });
    expect(m.namedChildren().map(([k, c]) => `${k}:${c.constructor.name}`)).toEqual([
      '0:Linear',
      '1:Activation',
      '2:Linear',
      '3:Activation',
      '4:Linear',
    ]);
    expect(m.call(tensor([[1, 2, 3]])).shape).toEqual([1, 2]);
  });

  it('adds norms, residual blocks where widths match, and seeded dropout', () => {
    const m = mlp({
      inputSize: 3,
      hidden: [8, 8, 8],
      outputSize: 2,
      norm: 'layer',
      residual: true,
      dropout: 0.1,
      seed: 1,
    });
    const kinds = m.children().map((c) => c.constructor.name);
    expect(kinds).toEqual([
      'Linear',
      'LayerNorm',
      'Activation',
      'Dropout',
      'Residual',
      'Dropout',
      'Residual',
      'Dropout',
      'Linear',
    ]);
    const r = m.children()[4] as Residual;
    expect(r.block.children().map((c) => c.constructor.name)).toEqual([
      'Linear',
      'LayerNorm',
      'Activation',
    ]);
    expect(m.modules().filter((x) => x instanceof Dropout)).toHaveLength(3);
    const b = mlp({ inputSize: 3, hidden: [4], outputSize: 1, norm: 'batch' });
    expect(b.children()[1]).toBeInstanceOf(BatchNorm1d);
    expect(m.modules().some((x) => x instanceof LayerNorm)).toBe(true);
    expect(() => mlp({ inputSize: 3, hidden: [4], outputSize: 1, norm: 'group' as never })).toThrow(
      ArgumentError,
    );
  });

  it('is reproducible from its seed and uses the chosen initialiser', () => {
    const a = mlp({
      inputSize: 4,
      hidden: [200],
      outputSize: 1,
      init: 'heNormal',
      rng: createRng(3),
    });
    const b = mlp({
      inputSize: 4,
      hidden: [200],
      outputSize: 1,
      init: 'heNormal',
      rng: createRng(3),
    });
    expect(a.parameters().map((p) => Array.from(p.data))).toEqual(
      b.parameters().map((p) => Array.from(p.data)),
    );
    const w = (a.children()[2] as Linear).weight.data; // [1, 200]: fan-in 200, He variance 2/200
    const v = Array.from(w).reduce((s, x) => s + x * x, 0) / w.length;
    expect(v).toBeGreaterThan(0.5 * (2 / 200));
    expect(v).toBeLessThan(1.5 * (2 / 200));
    expect(a.children()[1]).toBeInstanceOf(Activation);
    expect((a.children()[1] as Activation).activationName).toBe('relu');
  });
});
