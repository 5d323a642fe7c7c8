/**
 * The acceptance checks with the real packages: measured log10 first/last RMS-gradient
 * ratios agree with mean-field theory for every smooth activation at width 256, depth ≤ 16.
 */
import {
  analyze,
  getActivation,
  listActivations,
  meanFieldPrediction,
  quadratureMoments,
} from '@gradscope/activations';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIVATIONS, DEFAULT_INITS } from './defaults.js';
import { runGradientFlowGrid } from './gradient-flow-grid.js';
import { activationFn, packageResolvers } from './resolve.js';

const SMOOTH = DEFAULT_ACTIVATIONS.filter((a) => a !== 'step');

describe('theory engines agree', () => {
  it('split Gauss–Legendre moments match the activations package analyze() for every default activation', () => {
    for (const a of DEFAULT_ACTIVATIONS) {
      const gh = quadratureMoments(activationFn(a));
      for (const q of [0.2, 1, 3, 30]) {
        const m = gh(q);
        const r = analyze(a, { q });
        expect(Math.abs(m.secondMoment - r.secondMoment)).toBeLessThan(
          1e-6 * Math.max(1, r.secondMoment),
        );
        expect(Math.abs(m.derivativeSecondMoment - r.derivativeSecondMoment)).toBeLessThan(
          1e-6 * Math.max(1, r.derivativeSecondMoment),
        );
      }
    }
  });

  it('every default activation is registered', () => {
    const names = listActivations().map((a) => a.name);
    for (const a of DEFAULT_ACTIVATIONS) expect(names).toContain(a);
    expect(getActivation('sigmoid').meta.maxDerivative).toBeCloseTo(0.25, 6);
  });
});

describe('measured gradient flow agrees with mean-field theory (width 256, depth ≤ 16)', () => {
  const runs = runGradientFlowGrid(
    {
      activations: SMOOTH,
      inits: DEFAULT_INITS,
      depths: [16],
      width: 256,
      batch: 32,
      seeds: [0, 1],
    },
    packageResolvers,
  );

  it.each(SMOOTH.flatMap((a) => DEFAULT_INITS.map((i) => [a, i] as const)))(
    '%s / %s: within max(0.5, 0.15 × predicted) decades',
    (a, i) => {
      const r = runs.find((x) => x.activation === a && x.init === i);
      expect(r).toBeDefined();
      const { measured, predicted } = (r as NonNullable<typeof r>).log10Ratio;
      expect(Number.isFinite(predicted)).toBe(true);
      expect(Math.abs(measured.mean - predicted)).toBeLessThanOrEqual(
        Math.max(0.5, 0.15 * Math.abs(predicted)),
      );
    },
  );

  it('reproduces the issue’s reference values at depth 16', () => {
    const p = (a: string, i: string) =>
      runs.find((x) => x.activation === a && x.init === i)?.log10Ratio.predicted as number;
    expect(Math.abs(p('sigmoid', 'xavierNormal') + 9.5)).toBeLessThan(0.15);
    expect(Math.abs(p('sigmoid', 'standard') + 12.8)).toBeLessThan(0.15);
    expect(Math.abs(p('tanh', 'xavierNormal') + 0.7)).toBeLessThan(0.1);
    expect(Math.abs(p('relu', 'xavierNormal') + 2.3)).toBeLessThan(0.1);
    expect(Math.abs(p('relu', 'heNormal'))).toBeLessThan(1e-6);
  });

  it('step passes no gradient at all', () => {
    const r = runGradientFlowGrid(
      {
        activations: ['step'],
        inits: ['xavierNormal'],
        depths: [4],
        width: 64,
        batch: 8,
        seeds: [0],
      },
      packageResolvers,
    )[0];
    expect(r?.layers.rmsGrad.mean.every((v) => v === 0)).toBe(true);
    const p = meanFieldPrediction({
      moments: quadratureMoments(activationFn('step')),
      sigmaW2: 1,
      depth: 4,
    });
    expect(p.log10Ratio).toBe(Number.NEGATIVE_INFINITY);
  });
});
