/** analyze() against closed forms and an independent Simpson quadrature with plain Math. */
import { ArgumentError, NotFoundError } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { analyze, getActivation } from './index.js';

/** E[g(z)], z ~ N(0, q), by composite Simpson on [-12 sqrt q, 12 sqrt q] (independent of analyze). */
function expectation(g: (z: number) => number, q: number): number {
  const n = 200000;
  const s = Math.sqrt(q);
  const a = -12 * s;
  const h = (24 * s) / n;
  const w = (z: number) => Math.exp((-0.5 * z * z) / q) / Math.sqrt(2 * Math.PI * q);
  let sum = g(a) * w(a) + g(-a) * w(-a);
  for (let i = 1; i < n; i++) {
    const z = a + i * h;
    sum += (i % 2 === 1 ? 4 : 2) * g(z) * w(z);
  }
  return (sum * h) / 3;
}

describe('analyze: moments under z ~ N(0, q) against closed forms', () => {
  for (const q of [1, 2.5, 0.3]) {
    it(`relu (q = ${q}): E f = sqrt(q / 2π), E f^2 = q / 2, E f'^2 = 1 / 2`, () => {
      const r = analyze('relu', { q });
      expect(r.q).toBe(q);
      expect(r.mean).toBeCloseTo(Math.sqrt(q / (2 * Math.PI)), 7);
      expect(r.secondMoment).toBeCloseTo(q / 2, 9);
      expect(r.derivativeSecondMoment).toBeCloseTo(0.5, 9);
    });
    it(`identity (q = ${q}): E f = 0, E f^2 = q, E f'^2 = 1`, () => {
      const r = analyze('identity', { q });
      expect(r.mean).toBeCloseTo(0, 12);
      expect(r.secondMoment).toBeCloseTo(q, 12);
      expect(r.derivativeSecondMoment).toBeCloseTo(1, 12);
    });
    it(`gelu (q = ${q}): E[z Φ(z)] = q / sqrt(2π (1 + q))`, () => {
      expect(analyze('gelu', { q }).mean).toBeCloseTo(q / Math.sqrt(2 * Math.PI * (1 + q)), 9);
    });
  }
  it('leakyRelu with alpha 0.2: E f^2 = q (1 + a^2) / 2, E f = sqrt(q / 2π)(1 - a)', () => {
    const a = 0.2;
    const r = analyze('leakyRelu', { q: 2, params: { alpha: a } });
    expect(r.secondMoment).toBeCloseTo((2 * (1 + a * a)) / 2, 9);
    expect(r.derivativeSecondMoment).toBeCloseTo((1 + a * a) / 2, 9);
    expect(r.mean).toBeCloseTo(Math.sqrt(2 / (2 * Math.PI)) * (1 - a), 7);
    expect(r.derivativeAtZero).toBe(a);
  });
  it("step: E f = E f^2 = 1/2, E f'^2 = 0 and everything saturated", () => {
    const r = analyze('step');
    expect(r.mean).toBeCloseTo(0.5, 12);
    expect(r.secondMoment).toBeCloseTo(0.5, 12);
    expect(r.derivativeSecondMoment).toBe(0);
    expect(r.saturatedFraction).toBe(1);
  });
  it('sigmoid: E f = 1/2 by symmetry; tanh: E f = 0', () => {
    expect(analyze('sigmoid').mean).toBeCloseTo(0.5, 12);
    expect(analyze('tanh', { q: 3 }).mean).toBeCloseTo(0, 12);
  });
  for (const q of [1, 4]) {
    it(`tanh (q = ${q}): E tanh^2 and E (1 - tanh^2)^2 against Simpson with Math.tanh`, () => {
      const r = analyze('tanh', { q });
      expect(r.secondMoment).toBeCloseTo(
        expectation((z) => Math.tanh(z) ** 2, q),
        9,
      );
      expect(r.derivativeSecondMoment).toBeCloseTo(
        expectation((z) => (1 - Math.tanh(z) ** 2) ** 2, q),
        9,
      );
    });
  }
  it('selu: mean 0 and second moment 1 at q = 1 (the self-normalising fixed point)', () => {
    const r = analyze('selu');
    expect(r.mean).toBeCloseTo(0, 6);
    expect(r.secondMoment).toBeCloseTo(1, 6);
  });
  it('swish, mish, softplus second moments against Simpson with plain Math', () => {
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const sp = (x: number) => Math.log1p(Math.exp(x));
    expect(analyze('swish').secondMoment).toBeCloseTo(
      expectation((z) => (z * sig(z)) ** 2, 1),
      9,
    );
    expect(analyze('mish', { q: 2 }).secondMoment).toBeCloseTo(
      expectation((z) => (z * Math.tanh(sp(z))) ** 2, 2),
      9,
    );
    expect(analyze('softplus').derivativeSecondMoment).toBeCloseTo(
      expectation((z) => sig(z) ** 2, 1),
      9,
    );
  });
});

describe('analyze: derivative properties', () => {
  it("sigmoid: max |f'| = 1/4 at 0; saturated where σ(1 - σ) < 1e-2, i.e. |x| > 4.5848", () => {
    const r = analyze('sigmoid');
    expect(r.maxAbsDerivative).toBeCloseTo(0.25, 15);
    expect(r.argMaxAbsDerivative).toBe(0);
    const x = Math.log((1 + Math.sqrt(0.96)) / (1 - Math.sqrt(0.96)));
    expect(r.saturatedFraction).toBeCloseTo((2 * (6 - x)) / 12, 3);
  });
  it("relu: f'(0) = 0 (convention), half of [-6, 6] dead; identity never saturates", () => {
    const r = analyze('relu');
    expect(r.derivativeAtZero).toBe(0);
    expect(r.maxAbsDerivative).toBe(1);
    expect(r.saturatedFraction).toBeCloseTo(0.5, 3);
    expect(analyze('identity').saturatedFraction).toBe(0);
  });
  it("softplus: sup f' = 1 is reached on the tails beyond [-6, 6]", () => {
    expect(analyze('softplus').maxAbsDerivative).toBe(1);
  });
  it("gelu: max f' at sqrt 2", () => {
    const r = analyze('gelu');
    expect(Math.abs(r.argMaxAbsDerivative - Math.SQRT2)).toBeLessThan(1e-3);
  });
  it('accepts an Activation object as well as a name', () => {
    expect(analyze(getActivation('tanh'))).toEqual(analyze('tanh'));
  });
});

describe('analyze: errors', () => {
  it('unknown names, non-elementwise activations, bad q', () => {
    expect(() => analyze('rellu')).toThrow(NotFoundError);
    expect(() => analyze('rellu')).toThrow(/did you mean 'relu'/);
    expect(() => analyze('softmax')).toThrow(ArgumentError);
    expect(() => analyze('softmax')).toThrow(/not elementwise/);
    for (const q of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => analyze('relu', { q })).toThrow(/q must be a finite number > 0/);
    }
    expect(() => analyze(42 as unknown as string)).toThrow(
      /expected an activation or its name, got 42/,
    );
    expect(() => analyze('leakyRelu', { params: { slope: 1 } })).toThrow(
      /'slope' \(known: alpha\)/,
    );
  });
});
