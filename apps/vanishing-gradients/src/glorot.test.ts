import { meanFieldPrediction, quadratureMoments } from '@gradscope/activations';
import { describe, expect, it } from 'vitest';
import { runGlorot } from './glorot.js';
import { glorotSection } from './report/glorot-section.js';
import { coreResolvers } from './testing/core-resolvers.js';

describe('runGlorot (Glorot & Bengio 2010, Figs. 6–7)', () => {
  const r = runGlorot({
    tanh: coreResolvers.activation('tanh'),
    inits: ['standard', 'xavierNormal'].map((name) => ({ name, init: coreResolvers.init(name) })),
    width: 128,
    batch: 32,
    seeds: [0, 1],
  });
  const std = (kind: 'activations' | 'gradients', init: string, layer: number) =>
    r[kind].find((h) => h.init === init && h.layer === layer)?.std as number;

  it('histograms are normalised and cover every layer of both initialisations', () => {
    expect(r.activations).toHaveLength(10);
    expect(r.gradients).toHaveLength(10);
    for (const h of [...r.activations, ...r.gradients]) {
      expect(h.fraction.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    }
  });

  it('standard init: activations shrink with depth and gradients shrink towards the input', () => {
    for (let l = 1; l < 5; l++)
      expect(std('activations', 'standard', l + 1)).toBeLessThan(std('activations', 'standard', l));
    // σ_w² = 1/3 and tanh' ≤ 1: each layer scales the gradient by about 1/√3 or less.
    expect(std('gradients', 'standard', 1) / std('gradients', 'standard', 5)).toBeLessThan(0.2);
  });

  it('normalised init keeps gradients far more even across layers than standard', () => {
    const ratio = (init: string) => std('gradients', init, 1) / std('gradients', init, 5);
    expect(ratio('xavierNormal')).toBeGreaterThan(3 * ratio('standard'));
    // and both match mean-field theory (σ_w² = 1 vs 1/3) within 0.15 decades
    for (const [init, sigmaW2] of [
      ['xavierNormal', 1],
      ['standard', 1 / 3],
    ] as const) {
      const p = meanFieldPrediction({
        moments: quadratureMoments(coreResolvers.activation('tanh')),
        sigmaW2,
        depth: 5,
      });
      expect(Math.abs(Math.log10(ratio(init)) - p.log10Ratio)).toBeLessThan(0.15);
    }
    const actRatio = std('activations', 'xavierNormal', 5) / std('activations', 'xavierNormal', 1);
    expect(actRatio).toBeGreaterThan(
      std('activations', 'standard', 5) / std('activations', 'standard', 1),
    );
  });

  it('builds a report section with two charts and the std table', () => {
    const s = glorotSection(r);
    expect(s.charts).toHaveLength(2);
    expect(s.tables?.[0]?.rows).toHaveLength(4);
  });
});
