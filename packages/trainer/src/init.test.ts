import { ArgumentError, createRng, NotFoundError, ShapeError, type Tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import {
  calculateGain,
  computeFans,
  constant,
  getInitializer,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  normal,
  orthogonal,
  standard,
  uniform,
  xavierNormal,
  xavierUniform,
  zeros,
} from './init.js';

function stats(t: Tensor): { mean: number; variance: number; min: number; max: number } {
  const d = t.data;
  let s = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of d) {
    s += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = s / d.length;
  let v2 = 0;
  for (const v of d) v2 += (v - mean) ** 2;
  return { mean, variance: v2 / d.length, min, max };
}

// [out, in] = [300, 200]: fanIn 200, fanOut 300; 60 000 samples -> relative sd of the variance
// estimate is about sqrt(2/60000) ~ 0.6% (normal) so a 5% tolerance is > 8 sigma.
const SHAPE = [300, 200];
const FAN_IN = 200;
const FAN_OUT = 300;

describe('fans', () => {
  it('follows PyTorch for [out, in] and receptive fields, and swaps for inOut', () => {
    expect(computeFans([3, 5])).toEqual({ fanIn: 5, fanOut: 3 });
    expect(computeFans([4, 2, 3, 3])).toEqual({ fanIn: 18, fanOut: 36 });
    expect(computeFans([3, 5], 'inOut')).toEqual({ fanIn: 3, fanOut: 5 });
    expect(() => computeFans([7])).toThrow(ShapeError);
  });
});

describe('initialiser statistics match their formulas', () => {
  const rng = () => createRng(1234);
  const cases: Array<[string, () => Tensor, number, number | null]> = [
    // name, draw, expected variance, expected bound (uniform) or null
    [
      'xavierUniform',
      () => xavierUniform(SHAPE, { rng: rng() }),
      2 / (FAN_IN + FAN_OUT),
      Math.sqrt(6 / (FAN_IN + FAN_OUT)),
    ],
    [
      'xavierNormal gain 2',
      () => xavierNormal(SHAPE, { rng: rng(), gain: 2 }),
      (4 * 2) / (FAN_IN + FAN_OUT),
      null,
    ],
    ['heUniform', () => heUniform(SHAPE, { rng: rng() }), 2 / FAN_IN, Math.sqrt(6 / FAN_IN)],
    ['heNormal', () => heNormal(SHAPE, { rng: rng() }), 2 / FAN_IN, null],
    ['heNormal fanOut', () => heNormal(SHAPE, { rng: rng(), mode: 'fanOut' }), 2 / FAN_OUT, null],
    [
      'heNormal leaky 0.2',
      () => heNormal(SHAPE, { rng: rng(), negativeSlope: 0.2 }),
      2 / (1 + 0.04) / FAN_IN,
      null,
    ],
    ['lecunUniform', () => lecunUniform(SHAPE, { rng: rng() }), 1 / FAN_IN, Math.sqrt(3 / FAN_IN)],
    ['lecunNormal', () => lecunNormal(SHAPE, { rng: rng() }), 1 / FAN_IN, null],
    ['standard', () => standard(SHAPE, { rng: rng() }), 1 / (3 * FAN_IN), 1 / Math.sqrt(FAN_IN)],
    ['uniform [-2, 4)', () => uniform(SHAPE, { rng: rng(), low: -2, high: 4 }), 36 / 12, null],
    ['normal std 3', () => normal(SHAPE, { rng: rng(), mean: 1, std: 3 }), 9, null],
  ];
  for (const [name, draw, variance, bound] of cases) {
    it(name, () => {
      const t = draw();
      expect(t.shape).toEqual(SHAPE);
      expect(t.dtype).toBe('float32');
      const s = stats(t);
      expect(Math.abs(s.variance / variance - 1)).toBeLessThan(0.05);
      if (bound !== null) {
        expect(s.max).toBeLessThanOrEqual(bound);
        expect(s.min).toBeGreaterThanOrEqual(-bound);
        expect(s.max).toBeGreaterThan(0.99 * bound);
        expect(Math.abs(s.mean)).toBeLessThan(0.02 * bound);
      }
    });
  }

  it('zeros and constant', () => {
    expect(Array.from(zeros([2, 2]).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(constant([3], { value: 0.5, dtype: 'float64' }).data)).toEqual([
      0.5, 0.5, 0.5,
    ]);
    expect(constant([3], { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('the same seed gives the same bits; different seeds differ', () => {
    const a = heNormal([8, 4], { rng: createRng(7) });
    const b = heNormal([8, 4], { rng: createRng(7) });
    const c = heNormal([8, 4], { rng: createRng(8) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });
});

describe('orthogonal', () => {
  for (const shape of [
    [5, 5],
    [3, 7],
    [7, 3],
  ]) {
    it(`gives orthonormal rows or columns for ${JSON.stringify(shape)}`, () => {
      const [r, c] = shape as [number, number];
      const w = orthogonal(shape, { rng: createRng(3), dtype: 'float64', gain: 2 });
      const m = w.div(2);
      // rows <= cols: W W^T = I; otherwise W^T W = I.
      const g = r <= c ? m.matmul(m.transpose()) : m.transpose().matmul(m);
      const n = Math.min(r, c);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) expect(g.data[i * n + j]).toBeCloseTo(i === j ? 1 : 0, 10);
    });
  }
});

describe('calculateGain', () => {
  it("agrees with PyTorch's table", () => {
    expect(calculateGain('linear')).toBe(1);
    expect(calculateGain('identity')).toBe(1);
    expect(calculateGain('sigmoid')).toBe(1);
    expect(calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(calculateGain('relu')).toBeCloseTo(Math.sqrt(2), 15);
    expect(calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(calculateGain('leakyRelu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
    expect(calculateGain('selu')).toBe(0.75);
  });
  it('rejects unknown names with suggestions and bad params', () => {
    expect(() => calculateGain('rlu')).toThrow(NotFoundError);
    try {
      calculateGain('tahn');
    } catch (e) {
      expect((e as NotFoundError).suggestions).toContain('tanh');
      expect((e as Error).message).toMatch(/fromMoments/);
    }
    expect(() => calculateGain('relu', Number.NaN)).toThrow(ArgumentError);
  });
});

describe('getInitializer', () => {
  it('finds initialisers by name and suggests near misses', () => {
    expect(getInitializer('heNormal')).toBe(heNormal);
    expect(() => getInitializer('heNormall')).toThrow(NotFoundError);
    try {
      getInitializer('xavierNormall');
    } catch (e) {
      expect((e as NotFoundError).suggestions[0]).toBe('xavierNormal');
    }
  });
  it('rejects bad options', () => {
    expect(() => heNormal([3, 3], { mode: 'fan_in' as never })).toThrow(ArgumentError);
    expect(() => heNormal([3])).toThrow(ShapeError);
    expect(() => uniform([3], { low: 2, high: 1 })).toThrow(ArgumentError);
  });
});

describe('calculateGain from moments (any registered activation)', () => {
  // E[f(z)^2] for z ~ N(0, 1) by Simpson's rule on [-12, 12] (independent of analyze()).
  function secondMoment(f: (z: number) => number): number {
    const n = 24000;
    const h = 24 / n;
    let s = 0;
    for (let i = 0; i <= n; i++) {
      const z = -12 + i * h;
      const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
      s += w * f(z) ** 2 * Math.exp((-z * z) / 2);
    }
    return (s * h) / 3 / Math.sqrt(2 * Math.PI);
  }
  it('gives sqrt(2) for relu and 1 for identity, as the table', () => {
    expect(calculateGain('relu', { fromMoments: true })).toBeCloseTo(Math.SQRT2, 5);
    expect(calculateGain('identity', { fromMoments: true })).toBeCloseTo(1, 5);
  });
  it('gives 1 / sqrt(E[f(z)^2]) for tanh, sigmoid and selu (SELU is self-normalising: about 1)', () => {
    expect(calculateGain('tanh', { fromMoments: true })).toBeCloseTo(
      1 / Math.sqrt(secondMoment(Math.tanh)),
      5,
    );
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    expect(calculateGain('sigmoid', { fromMoments: true })).toBeCloseTo(
      1 / Math.sqrt(secondMoment(sig)),
      5,
    );
    const l = 1.0507009873554805;
    const a = 1.6732632423543772;
    const selu = (z: number) => l * (z > 0 ? z : a * (Math.exp(z) - 1));
    expect(calculateGain('selu', { fromMoments: true })).toBeCloseTo(
      1 / Math.sqrt(secondMoment(selu)),
      5,
    );
    expect(calculateGain('selu', { fromMoments: true })).toBeCloseTo(1, 2);
    expect(calculateGain('mish', { fromMoments: true })).toBeGreaterThan(1);
    expect(() => calculateGain('nope', { fromMoments: true })).toThrow(NotFoundError);
  });
  it('takes the activation parameters: leakyRelu(a) gives PyTorch sqrt(2 / (1 + a^2)), elu(alpha) its moment', () => {
    for (const a of [0.01, 0.2, 0.5])
      expect(calculateGain('leakyRelu', { fromMoments: true, params: { alpha: a } })).toBeCloseTo(
        calculateGain('leakyRelu', a),
        5,
      );
    const alpha = 0.5;
    const elu = (z: number) => (z > 0 ? z : alpha * (Math.exp(z) - 1));
    expect(calculateGain('elu', { fromMoments: true, params: { alpha } })).toBeCloseTo(
      1 / Math.sqrt(secondMoment(elu)),
      5,
    );
    expect(calculateGain('elu', { fromMoments: true, params: { alpha } })).not.toBeCloseTo(
      calculateGain('elu', { fromMoments: true }),
      3,
    );
    expect(() => calculateGain('leakyRelu', { fromMoments: true, params: { slope: 1 } })).toThrow(
      /slope/,
    );
  });
});
