import { describe, expect, it } from 'vitest';
import { gaussHermite, normalRule } from './quadrature.js';

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
