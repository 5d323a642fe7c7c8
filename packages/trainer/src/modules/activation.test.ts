import { getActivation } from '@gradscope/activations';
import { ArgumentError, NotFoundError, type Tensor, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Activation } from './activation.js';
import { mlp } from './mlp.js';

const x = () => tensor([[-2, -0.5, 0, 0.5, 3]], { dtype: 'float64' });

describe('Activation layer', () => {
  it('by registry name applies the registered activation', () => {
    const a = new Activation('tanh');
    expect(Array.from(a.call(x()).data)).toEqual(Array.from(x().data).map(Math.tanh));
    expect(a.activationName).toBe('tanh');
    expect(a.parameters()).toEqual([]);
    expect(a.toString()).toBe('Activation(tanh)');
  });

  it('passes fixed parameters and accepts plain functions', () => {
    const l = new Activation('leakyRelu', { params: { alpha: 0.2 } });
    expect(Array.from(l.call(x()).data)).toEqual([-0.4, -0.1, 0, 0.5, 3]);
    const f = new Activation((t: Tensor) => t.mul(2), { name: 'double' });
    expect(f.activationName).toBe('double');
    expect(Array.from(f.call(x()).data)).toEqual([-4, -1, 0, 1, 6]);
  });

  it('PReLU owns a learnable slope (init 0.25) that receives gradients', () => {
    const p = new Activation('prelu', { numParameters: 5, dtype: 'float64' });
    expect(p.namedParameters().map(([n]) => n)).toEqual(['alpha']);
    expect(Array.from(p.alpha?.data ?? [])).toEqual([0.25, 0.25, 0.25, 0.25, 0.25]);
    const y = p.call(x());
    expect(Array.from(y.data)).toEqual([-0.5, -0.125, 0, 0.5, 3]);
    y.sum().backward();
    // d/d alpha_j of sum(prelu) = x_j where x_j <= 0, else 0.
    expect(Array.from(p.alpha?.grad?.data ?? [])).toEqual([-2, -0.5, 0, 0, 0]);
    const net = mlp({ inputSize: 2, hidden: [3], outputSize: 1, activation: 'prelu' });
    expect(net.namedParameters().map(([n]) => n)).toContain('1.alpha');
  });

  it("derivative() gives f'(x) by autograd", () => {
    const s = new Activation('sigmoid');
    const d = s.derivative(x());
    Array.from(x().data).forEach((v, i) => {
      const sg = 1 / (1 + Math.exp(-v));
      expect(d.data[i]).toBeCloseTo(sg * (1 - sg), 12);
    });
    expect(Array.from(new Activation('relu').derivative(x()).data)).toEqual([0, 0, 0, 1, 1]);
  });

  it('derivative() is computed once per input for registry activations, every time for PReLU and functions', () => {
    const t = new Activation('tanh');
    const a = x();
    const d = t.derivative(a);
    expect(t.derivative(a)).toBe(d);
    const b = x();
    const e = t.derivative(b);
    expect(e).not.toBe(d);
    expect(Array.from(e.data)).toEqual(Array.from(d.data));
    // PReLU reads its learnable slope, which an optimiser changes in place between calls.
    const p = new Activation('prelu', { dtype: 'float64' });
    expect(Array.from(p.derivative(a).data)).toEqual([0.25, 0.25, 0.25, 1, 1]);
    (p.alpha as Tensor).data[0] = 0.5;
    expect(Array.from(p.derivative(a).data)).toEqual([0.5, 0.5, 0.5, 1, 1]);
    // A function activation may close over anything that changes.
    let k = 2;
    const f = new Activation((v: Tensor) => v.mul(k));
    expect(Array.from(f.derivative(a).data)).toEqual([2, 2, 2, 2, 2]);
    k = 3;
    expect(Array.from(f.derivative(a).data)).toEqual([3, 3, 3, 3, 3]);
  });

  it('rejects unknown names with suggestions', () => {
    expect(() => new Activation('sigmod')).toThrow(NotFoundError);
    expect(() => new Activation(3 as never)).toThrow(ArgumentError);
    expect(getActivation('relu').name).toBe('relu');
  });
});
