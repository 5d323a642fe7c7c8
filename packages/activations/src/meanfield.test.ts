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

  it('per-layer arrays of one value give exactly the scalar form', () => {
    const m = quadratureMoments(tanh);
    const a = meanFieldPrediction({ moments: m, sigmaW2: 1.7, sigmaB2: 0.05, depth: 6 });
    const b = meanFieldPrediction({
      moments: [m, m, m, m, m, m],
      sigmaW2: [1.7, 1.7, 1.7, 1.7, 1.7, 1.7],
      sigmaB2: new Array(6).fill(0.05),
      depth: 6,
    });
    expect(b).toEqual(a);
  });

  it('per-layer σ_w² for ReLU: q_l = σ_l² q_{l-1} / 2 and χ_l = σ_{l+1}² / 2 in closed form', () => {
    const s = [3, 2, 0.5, 4, 1];
    const p = meanFieldPrediction({
      moments: quadratureMoments(relu),
      sigmaW2: s,
      depth: 5,
      inputSecondMoment: 7,
    });
    let q = 3 * 7;
    expect(p.q[0]).toBeCloseTo(q, 10);
    for (let l = 1; l < 5; l++) {
      q = ((s[l] as number) * q) / 2;
      expect(p.q[l]).toBeCloseTo(q, 10);
    }
    expect(p.chi.slice(0, 4).map((c) => c * 2)).toEqual(
      s.slice(1).map((v) => expect.closeTo(v, 10)),
    );
    const expected = 0.5 * s.slice(1).reduce((acc, v) => acc + Math.log10(v / 2), 0);
    expect(p.log10Ratio).toBeCloseTo(expected, 10);
  });

  it('per-layer activations: identity below relu passes the gradient unchanged (χ = σ_w²)', () => {
    const id = quadratureMoments((x) => x.mul(1));
    const p = meanFieldPrediction({
      moments: [id, id, quadratureMoments(relu)],
      sigmaW2: 2,
      depth: 3,
    });
    // δ_3 has E = 1/2; through identity layers χ = σ_w² · 1 = 2 each.
    expect(p.rmsGrad[2]).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(p.rmsGrad[1]).toBeCloseTo(Math.sqrt(1), 12);
    expect(p.rmsGrad[0]).toBeCloseTo(Math.sqrt(2), 12);
    expect(p.q).toEqual([expect.closeTo(2, 12), expect.closeTo(4, 12), expect.closeTo(8, 12)]);
  });

  it('rejects per-layer arrays of the wrong length, naming the option', () => {
    const m = quadratureMoments(relu);
    expect(() => meanFieldPrediction({ moments: m, sigmaW2: [1, 2], depth: 3 })).toThrow(
      /sigmaW2 must be one value or one per layer \(3\), got 2 values/,
    );
    expect(() => meanFieldPrediction({ moments: [m], sigmaW2: 1, depth: 2 })).toThrow(/moments/);
    expect(() => meanFieldPrediction({ moments: m, sigmaW2: [1, 0], depth: 2 })).toThrow(
      /at layer 2/,
    );
  });

  it('rejects bad options with the value that came', () => {
    const m = quadratureMoments(relu);
    expect(() => meanFieldPrediction({ moments: m, sigmaW2: 1, depth: 0 })).toThrow(/got 0/);
    expect(() => meanFieldPrediction({ moments: m, sigmaW2: -1, depth: 2 })).toThrow(/sigmaW2/);
  });
});
