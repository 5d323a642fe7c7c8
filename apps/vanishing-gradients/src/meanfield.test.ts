import type { Tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { meanFieldPrediction, quadratureMoments } from './meanfield.js';

// Activations written with core ops only, so this file checks the theory independently of the
// activations package.
const sigmoid = (x: Tensor) => x.neg().exp().add(1).pow(-1);
const tanh = (x: Tensor) => x.mul(2).exp().sub(1).div(x.mul(2).exp().add(1));
const relu = (x: Tensor) => x.maximum(0);

describe('quadratureMoments', () => {
  it('matches closed forms: ReLU E[φ²] = q/2, E[φ′²] = 1/2; identity E[φ²] = q', () => {
    const r = quadratureMoments(relu)(2.5);
    expect(r.secondMoment).toBeCloseTo(1.25, 12);
    expect(r.derivativeSecondMoment).toBeCloseTo(0.5, 12);
    const id = quadratureMoments((x) => x.mul(1))(3);
    expect(id.secondMoment).toBeCloseTo(3, 12);
    expect(id.derivativeSecondMoment).toBeCloseTo(1, 12);
  });

  it('matches a fine Riemann sum for sigmoid and tanh', () => {
    const riemann = (f: (x: number) => number, q: number) => {
      let s = 0;
      const h = 1e-3;
      for (let z = -12; z <= 12; z += h)
        s += (f(Math.sqrt(q) * z) * Math.exp((-z * z) / 2) * h) / Math.sqrt(2 * Math.PI);
      return s;
    };
    const sg = (x: number) => 1 / (1 + Math.exp(-x));
    const dsg = (x: number) => sg(x) * (1 - sg(x));
    const dth = (x: number) => 1 - Math.tanh(x) ** 2;
    for (const q of [0.3, 1, 4]) {
      const s = quadratureMoments(sigmoid)(q);
      expect(s.secondMoment).toBeCloseTo(
        riemann((x) => sg(x) ** 2, q),
        8,
      );
      expect(s.derivativeSecondMoment).toBeCloseTo(
        riemann((x) => dsg(x) ** 2, q),
        8,
      );
      const t = quadratureMoments(tanh)(q);
      expect(t.derivativeSecondMoment).toBeCloseTo(
        riemann((x) => dth(x) ** 2, q),
        8,
      );
      // sech⁴(√q z) has poles near the real axis when q is large: Gauss–Hermite converges
      // slowly there, ~1e-5 relative at 160 nodes (still far below what depth ratios need).
      const th = quadratureMoments(tanh, 'hermite')(q);
      expect(th.derivativeSecondMoment).toBeCloseTo(
        riemann((x) => dth(x) ** 2, q),
        4,
      );
      expect(quadratureMoments(sigmoid, 'hermite')(q).secondMoment).toBeCloseTo(s.secondMoment, 10);
    }
  });

  it('rejects a negative variance', () => {
    expect(() => quadratureMoments(relu)(-1)).toThrow(/q >= 0/);
  });
});

describe('meanFieldPrediction', () => {
  it('reproduces the issue’s reference log10 first/last ratios at depth 16', () => {
    const ratio = (f: (x: Tensor) => Tensor, sigmaW2: number) =>
      meanFieldPrediction({ moments: quadratureMoments(f), sigmaW2, depth: 16 }).log10Ratio;
    expect(ratio(sigmoid, 1)).toBeCloseTo(-9.5, 0); // xavierNormal, square layers: σ_w² = 1
    expect(Math.abs(ratio(sigmoid, 1 / 3) + 12.8)).toBeLessThan(0.1); // standard: σ_w² = 1/3
    expect(Math.abs(ratio(tanh, 1) + 0.7)).toBeLessThan(0.1);
    expect(Math.abs(ratio(relu, 1) + 2.3)).toBeLessThan(0.1);
    expect(Math.abs(ratio(relu, 2))).toBeLessThan(1e-9); // heNormal: χ = 2 · 1/2 = 1
  });

  it('for ReLU the ratio is exactly (L-1)/2 · log10(σ_w²/2)', () => {
    const p = meanFieldPrediction({ moments: quadratureMoments(relu), sigmaW2: 1.3, depth: 9 });
    expect(p.log10Ratio).toBeCloseTo(4 * Math.log10(0.65), 10);
    expect(p.q[0]).toBeCloseTo(1.3, 12);
    expect(p.q[1]).toBeCloseTo(1.3 * 0.65, 12);
    expect(p.rmsGrad[8]).toBeCloseTo(Math.sqrt(0.5), 12);
  });

  it('step has no gradient: the prediction is exactly zero', () => {
    const step = (x: Tensor) => x.gt(0);
    const p = meanFieldPrediction({ moments: quadratureMoments(step), sigmaW2: 1, depth: 4 });
    expect(p.rmsGrad.every((v) => v === 0)).toBe(true);
    expect(p.log10Ratio).toBe(Number.NEGATIVE_INFINITY);
  });

  it('rejects bad options with the value that came', () => {
    const m = quadratureMoments(relu);
    expect(() => meanFieldPrediction({ moments: m, sigmaW2: 1, depth: 0 })).toThrow(/got 0/);
    expect(() => meanFieldPrediction({ moments: m, sigmaW2: -1, depth: 2 })).toThrow(/sigmaW2/);
  });
});
