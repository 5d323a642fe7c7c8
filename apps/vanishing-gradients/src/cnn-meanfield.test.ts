import { analyze, meanFieldPrediction, quadratureMoments } from '@gradscope/activations';
import { createRng, type Tensor } from '@gradscope/core';
import { Conv2d } from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import {
  borderMeanField,
  cnnMeanField,
  momentsMany,
  scalarMoments,
  unitGaussianStats,
  windowMean,
} from './cnn-meanfield.js';
import { activationFn } from './resolve.js';

// Written with core ops only, as in meanfield.test.ts.
const sigmoid = (x: Tensor) => x.neg().exp().add(1).pow(-1);
const tanh = (x: Tensor) => x.mul(2).exp().sub(1).div(x.mul(2).exp().add(1));
const relu = (x: Tensor) => x.maximum(0);
const SMOOTH_AND_KINKED = { sigmoid, tanh, relu };

describe('windowMean', () => {
  it("counts the in-image taps of 'same' zero padding: corner 4/9, edge 6/9, inside 1", () => {
    const m = windowMean(new Float64Array(16).fill(1), 4, 3, false);
    expect([...m].map((v) => Math.round(v * 9))).toEqual([
      4, 6, 6, 4, 6, 9, 9, 6, 6, 9, 9, 6, 4, 6, 6, 4,
    ]);
  });

  it('is periodic with wrap, and averages a hand-made map', () => {
    expect([...windowMean(new Float64Array(16).fill(1), 4, 3, true)].every((v) => v === 1)).toBe(
      true,
    );
    const m = new Float64Array(9);
    m[4] = 9; // a single 9 in the middle of a 3 × 3 image: every window contains it
    expect([...windowMean(m, 3, 3, false)]).toEqual(new Array(9).fill(1));
    // 5 × 5 kernel: the window of the corner (0, 0) holds 3 × 3 in-image pixels
    expect(windowMean(new Float64Array(25).fill(1), 5, 5, false)[0]).toBeCloseTo(9 / 25, 15);
  });
});

describe('momentsMany and unitGaussianStats', () => {
  it('match quadratureMoments (640 nodes) to 1e-5 relative on 320 nodes, q up to 30', () => {
    // The worst case is tanh at q = 30: sech⁴(√q z) is narrow (~0.2 wide in z) for panels of 0.5.
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));
    for (const [name, f] of Object.entries(SMOOTH_AND_KINKED)) {
      const qs = [0.01, 0.3, 1, 2.5, 30];
      const many = momentsMany(f)(qs);
      const one = quadratureMoments(f);
      qs.forEach((q, i) => {
        const r = one(q);
        expect(rel(many.secondMoment[i] as number, r.secondMoment), name).toBeLessThan(1e-5);
        expect(
          rel(many.derivativeSecondMoment[i] as number, r.derivativeSecondMoment),
          name,
        ).toBeLessThan(1e-5);
      });
    }
  });

  it('evaluate each variance once, mirror images rounded together, and refuse q < 0', () => {
    let calls = 0;
    const counting = (x: Tensor) => {
      calls++;
      return relu(x);
    };
    const m = momentsMany(counting);
    const r = m([1, 1 + 1e-15, 2]);
    expect(r.secondMoment[0]).toBe(r.secondMoment[1]);
    expect(r.secondMoment[2]).toBeCloseTo(1, 12); // E[relu(√2 z)²] = 2/2
    const after = calls;
    m([2, 1]);
    expect(calls).toBe(after); // cached
    expect(() => m([-1])).toThrow(/q >= 0/);
  });

  it('unit statistics: closed forms for ReLU and the activations package analyze() for the others', () => {
    const r = unitGaussianStats(relu);
    expect(r.mean).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 12);
    expect(r.secondMoment).toBeCloseTo(0.5, 12);
    expect(r.derivativeSecondMoment).toBeCloseTo(0.5, 12);
    for (const a of ['sigmoid', 'tanh', 'elu', 'gelu', 'swish', 'mish']) {
      const s = unitGaussianStats(activationFn(a));
      const ref = analyze(a, { q: 1 });
      expect(Math.abs(s.mean - ref.mean), a).toBeLessThan(1e-6);
      expect(Math.abs(s.secondMoment - ref.secondMoment), a).toBeLessThan(1e-6);
      expect(Math.abs(s.derivativeSecondMoment - ref.derivativeSecondMoment), a).toBeLessThan(1e-6);
    }
  });
});

describe('the fan-in of a convolution is k²C', () => {
  it("trainer's Conv2d weights: k²C · Var(W) is 1/3 for the default and 2 for He", () => {
    const rng = createRng(3);
    for (const [init, expected] of [
      ['standard', 1 / 3],
      ['heNormal', 2],
    ] as const) {
      // 32 × 32 × 3 × 3 = 9216 weights: the sample variance is within ~2% of the truth
      const w = new Conv2d(32, 32, 3, { init, rng, bias: false }).weight.data;
      let s = 0;
      let s2 = 0;
      for (const v of w) {
        s += v;
        s2 += v * v;
      }
      const variance = s2 / w.length - (s / w.length) ** 2;
      expect(Math.abs((9 * 32 * variance) / expected - 1), init).toBeLessThan(0.06);
    }
  });
});

describe('cnnMeanField', () => {
  const many = (f: (x: Tensor) => Tensor) => scalarMoments(momentsMany(f));

  it('plain: the dense recursion itself', () => {
    const moments = many(sigmoid);
    const p = cnnMeanField({
      architecture: 'plain',
      moments,
      unitStats: unitGaussianStats(sigmoid),
      sigmaW2: 1 / 3,
      depth: 16,
    });
    expect(p).toEqual(meanFieldPrediction({ moments, sigmaW2: 1 / 3, depth: 16 }));
    expect(p.log10Ratio).toBeCloseTo(-12.76, 1); // the FC reference value at σ_w² = 1/3
  });

  it('batchNorm: χ = E[φ′²] / Var φ = π / (π − 1) for ReLU (Yang et al. 2019), whatever σ_w²', () => {
    for (const sigmaW2 of [1 / 3, 2]) {
      const p = cnnMeanField({
        architecture: 'batchNorm',
        moments: many(relu),
        unitStats: unitGaussianStats(relu),
        sigmaW2,
        depth: 16,
      });
      for (const c of p.chi) expect(c).toBeCloseTo(Math.PI / (Math.PI - 1), 10);
      expect(p.q.every((q) => q === 1)).toBe(true);
      expect(p.log10Ratio).toBeCloseTo(7.5 * Math.log10(Math.PI / (Math.PI - 1)), 10);
      expect(p.rmsGrad[15]).toBeCloseTo(Math.sqrt(0.5), 12);
    }
  });

  it('residual: for ReLU q_l = (1 + σ_w²/2)^l and every block multiplies E[δ²] by 1 + σ_w²/2', () => {
    const p = cnnMeanField({
      architecture: 'residual',
      moments: many(relu),
      unitStats: unitGaussianStats(relu),
      sigmaW2: 2,
      depth: 8,
    });
    p.q.forEach((q, l) => {
      expect(q / 2 ** (l + 1)).toBeCloseTo(1, 10);
    });
    for (const c of p.chi) expect(c).toBeCloseTo(2, 10);
    expect(p.rmsGrad[7]).toBe(1);
    expect(p.log10Ratio).toBeCloseTo(3.5 * Math.log10(2), 10);
  });

  it('rejects a bad depth or σ_w²', () => {
    const o = { moments: many(relu), unitStats: unitGaussianStats(relu) };
    expect(() => cnnMeanField({ ...o, architecture: 'plain', sigmaW2: 1, depth: 0 })).toThrow(
      /got 0/,
    );
    expect(() => cnnMeanField({ ...o, architecture: 'residual', sigmaW2: 0, depth: 3 })).toThrow(
      /sigmaW2 > 0/,
    );
  });
});

describe('borderMeanField', () => {
  it('on a periodic image (no border) it is the dense recursion, plain and residual', () => {
    for (const [name, f] of Object.entries(SMOOTH_AND_KINKED))
      for (const architecture of ['plain', 'residual'] as const)
        for (const sigmaW2 of [1 / 3, 2]) {
          const m = momentsMany(f);
          const b = borderMeanField({
            architecture,
            moments: m,
            sigmaW2,
            depth: 12,
            kernel: 3,
            size: 6,
            margin: 1,
            wrap: true,
          });
          const d = cnnMeanField({
            architecture,
            moments: scalarMoments(m),
            unitStats: unitGaussianStats(f),
            sigmaW2,
            depth: 12,
          });
          const label = `${name} ${architecture} ${sigmaW2}`;
          b.rmsGrad.forEach((v, l) => {
            expect(v / (d.rmsGrad[l] as number) - 1, label).toBeLessThan(1e-9);
            expect(v / (d.rmsGrad[l] as number) - 1, label).toBeGreaterThan(-1e-9);
          });
          b.q.forEach((v, l) => {
            expect(Math.abs(v / (d.q[l] as number) - 1), label).toBeLessThan(1e-9);
          });
          expect(b.log10RatioInterior).toBeCloseTo(d.log10Ratio, 8);
        }
  });

  it('with zero padding, by hand: ReLU, σ_w² = 2, a 3 × 3 image, two layers', () => {
    const b = borderMeanField({
      architecture: 'plain',
      moments: momentsMany(relu),
      sigmaW2: 2,
      depth: 2,
      kernel: 3,
      size: 3,
      margin: 1,
    });
    // Layer 1: q(p) = 2 · (in-image taps of p) / 9; the mean of the taps per axis is 7/9.
    expect(b.q[0]).toBeCloseTo(2 * (7 / 9) ** 2, 12);
    // Backward: E[δ_2²] = E[relu′²] = 1/2 everywhere; E[(∂L/∂x_1)²](p) = 2 · ½ · taps(p) / 9, and
    // E[δ_1²](p) = ½ of that.
    expect(b.rmsGrad[1]).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(b.rmsGrad[0]).toBeCloseTo(Math.sqrt(0.5 * (7 / 9) ** 2), 12);
    expect(b.rmsGradInterior[0]).toBeCloseTo(Math.sqrt(0.5), 12); // the centre sees all 9
  });

  it('the border lowers the whole-image ratio below the interior and the dense one', () => {
    const b = borderMeanField({
      architecture: 'plain',
      moments: momentsMany(sigmoid),
      sigmaW2: 1 / 3,
      depth: 16,
      kernel: 3,
      size: 16,
      margin: 4,
    });
    const d = meanFieldPrediction({
      moments: quadratureMoments(sigmoid),
      sigmaW2: 1 / 3,
      depth: 16,
    });
    expect(b.log10Ratio).toBeLessThan(b.log10RatioInterior);
    expect(b.log10Ratio).toBeLessThan(d.log10Ratio - 0.05);
    expect(b.log10Ratio).toBeGreaterThan(d.log10Ratio - 0.5);
  });

  it('rejects a margin that leaves no interior', () => {
    expect(() =>
      borderMeanField({
        architecture: 'plain',
        moments: momentsMany(relu),
        sigmaW2: 2,
        depth: 2,
        kernel: 3,
        size: 4,
        margin: 2,
      }),
    ).toThrow(/margin.*got 2/);
  });
});
