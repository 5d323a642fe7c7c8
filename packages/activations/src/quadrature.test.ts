import { describe, expect, it } from 'vitest';
import { gaussHermite, gaussLegendre, normalRule, splitNormalRule } from './quadrature.js';

describe('gaussHermite', () => {
  it('reproduces the published 3-point rule (Abramowitz & Stegun 25.4.46)', () => {
    const { nodes, weights } = gaussHermite(3);
    expect(nodes[0]).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(nodes[1]).toBeCloseTo(0, 12);
    expect(weights[0]).toBeCloseTo(Math.sqrt(Math.PI) / 6, 12);
    expect(weights[1]).toBeCloseTo((2 * Math.sqrt(Math.PI)) / 3, 12);
  });

  it('integrates Gaussian moments exactly: E[z^2k] = (2k-1)!!', () => {
    const { points, probs } = normalRule(40);
    const moment = (k: number) => points.reduce((s, z, i) => s + (probs[i] as number) * z ** k, 0);
    expect(moment(0)).toBeCloseTo(1, 12);
    expect(moment(1)).toBeCloseTo(0, 12);
    expect(moment(2)).toBeCloseTo(1, 12);
    expect(moment(4)).toBeCloseTo(3, 11);
    expect(moment(8)).toBeCloseTo(105, 8);
  });

  it('matches a closed form for a smooth non-polynomial: E[e^z] = e^{1/2}', () => {
    const { points, probs } = normalRule(30);
    const v = points.reduce((s, z, i) => s + (probs[i] as number) * Math.exp(z), 0);
    expect(v).toBeCloseTo(Math.exp(0.5), 12);
  });

  it('rejects a bad node count', () => {
    expect(() => gaussHermite(0)).toThrow(/number of nodes/);
    expect(() => gaussHermite(2.5)).toThrow(/got 2.5/);
  });
});

describe('gaussLegendre / splitNormalRule', () => {
  it('reproduces the 2-point rule ±1/√3 and integrates x^6 on [-1, 1] exactly', () => {
    const { nodes, weights } = gaussLegendre(2);
    expect(Math.abs(nodes[0] as number)).toBeCloseTo(1 / Math.sqrt(3), 14);
    expect(weights[0]).toBeCloseTo(1, 14);
    const r = gaussLegendre(4);
    const i6 = r.nodes.reduce((s, x, i) => s + (r.weights[i] as number) * x ** 6, 0);
    expect(i6).toBeCloseTo(2 / 7, 14);
  });

  it('is exact across a kink at 0: ELU E[φ′(z)²] = 1/2 + e² Φ(−2), where Gauss–Hermite lags', () => {
    const exact = 0.5 + Math.exp(2) * 0.022750131948179195; // Φ(−2), Abramowitz & Stegun 26.2
    const d2 = (z: number) => (z > 0 ? 1 : Math.exp(2 * z));
    const integrate = ({ points, probs }: { points: Float64Array; probs: Float64Array }) =>
      points.reduce((s, z, i) => s + (probs[i] as number) * d2(z), 0);
    expect(Math.abs(integrate(splitNormalRule()) - exact)).toBeLessThan(1e-12);
    expect(Math.abs(integrate(normalRule(160)) - exact)).toBeGreaterThan(1e-3);
    const { probs } = splitNormalRule();
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 13);
  });
});
