/**
 * The acceptance checks for the deep CNN, with the real packages and the experiment's own
 * network (16 layers of Conv2d(16, 16, 3), 'same' padding, batch [4, 16, 16, 16], seeds 0 and 1):
 * the measured gradient ratios agree with mean-field theory within the fully connected tolerance,
 * ReLU + He keeps the gradient, sigmoid with the default init loses it, BatchNorm2d and residual
 * blocks keep it.
 */
import { describe, expect, it } from 'vitest';
import { runPaddingControl } from './cnn-flow-experiment.js';
import { type CnnFlowRun, runCnnGrid } from './cnn-flow-grid.js';
import { CNN_GEOMETRY, CNN_VARIANTS, DEFAULT_ACTIVATIONS } from './defaults.js';
import { packageResolvers } from './resolve.js';

const ACTIVATIONS = DEFAULT_ACTIVATIONS.filter((a) => a !== 'step');
const SEEDS = [0, 1];

describe('deep CNN gradient flow against mean-field theory (16 channels, depth 16)', async () => {
  const runs = await runCnnGrid(
    { ...CNN_GEOMETRY, activations: ACTIVATIONS, variants: CNN_VARIANTS, seeds: SEEDS },
    packageResolvers,
  );
  const at = (a: string, architecture: string, init = 'standard') =>
    runs.find(
      (r) => r.activation === a && r.architecture === architecture && r.init === init,
    ) as CnnFlowRun;
  const cells = runs.map((r) => [r.activation, `${r.architecture}/${r.init}`, r] as const);

  it.each(cells)(
    '%s, %s: first/last and every layer within max(0.5, 0.15 × predicted) decades',
    (_a, _v, r) => {
      const tol = (p: number) => Math.max(0.5, 0.15 * Math.abs(p));
      const { measured, predicted } = r.log10Ratio;
      expect(Number.isFinite(predicted)).toBe(true);
      expect(Math.abs(measured.mean - predicted)).toBeLessThanOrEqual(tol(predicted));
      const m = r.layers.rmsGrad.mean;
      const p = r.layers.borderRmsGrad ?? r.layers.predictedRmsGrad;
      const L = r.depth - 1;
      for (let l = 0; l < r.depth; l++) {
        const ml = Math.log10((m[l] as number) / (m[L] as number));
        const pl = Math.log10((p[l] as number) / (p[L] as number));
        expect(Math.abs(ml - pl), `layer ${l + 1}`).toBeLessThanOrEqual(tol(pl));
      }
      expect(r.perLayer.agrees).toBe(true);
    },
  );

  it('the border: whole image minus interior, measured, matches the zero-padding theory within 0.1 decades', () => {
    for (const r of runs.filter((x) => x.architecture !== 'batchNorm')) {
      const measured = r.log10Ratio.measured.mean - r.log10RatioInterior.measured.mean;
      const predicted = r.log10Ratio.predicted - r.log10RatioInterior.predicted;
      expect(
        Math.abs(measured - predicted),
        `${r.activation}/${r.architecture}/${r.init}`,
      ).toBeLessThan(0.1);
    }
    // and it is a real effect: sigmoid's border costs at least 0.05 decades over 16 layers
    const s = at('sigmoid', 'plain');
    expect(s.log10RatioDense.predicted - s.log10Ratio.predicted).toBeGreaterThan(0.05);
  });

  it('ReLU + He keeps the gradient roughly constant across depth', () => {
    const r = at('relu', 'plain', 'heNormal');
    expect(r.sigmaW2).toBe(2);
    expect(Math.abs(r.log10Ratio.measured.mean)).toBeLessThan(0.3);
    const g = r.layers.rmsGrad.mean;
    expect(Math.max(...g) / Math.min(...g)).toBeLessThan(2);
    // ‖∂L/∂W_l‖ also carries the layer's input, whose RMS the border and the 16 channels' random
    // gains lower through depth (the forward table): within 4×, against 10^12 for sigmoid below.
    const w = r.layers.weightGradNorm.mean;
    expect(Math.max(...w) / Math.min(...w)).toBeLessThan(4);
  });

  it('sigmoid with the default init (σ_w² = 1/3) vanishes by more than ten orders of magnitude', () => {
    const r = at('sigmoid', 'plain');
    expect(r.sigmaW2).toBeCloseTo(1 / 3, 12);
    expect(r.log10Ratio.measured.max).toBeLessThan(-10);
    const w = r.layers.weightGradNorm.mean;
    expect(Math.log10((w[0] as number) / (w[r.depth - 1] as number))).toBeLessThan(-10);
  });

  it('BatchNorm2d and residual blocks keep every activation from vanishing', () => {
    for (const a of ACTIVATIONS)
      for (const arch of ['batchNorm', 'residual']) {
        const r = at(a, arch);
        expect(r.log10Ratio.measured.min, `${a}/${arch}`).toBeGreaterThan(-0.5);
      }
    expect(at('sigmoid', 'batchNorm').log10Ratio.measured.mean).toBeGreaterThan(
      at('sigmoid', 'plain').log10Ratio.measured.mean + 10,
    );
  });

  it('BatchNorm2d with sigmoid: the gap to theory is the padding (sigmoid − ½ closes it)', () => {
    const bn = at('sigmoid', 'batchNorm');
    const control = runPaddingControl(packageResolvers, SEEDS);
    const gap = Math.abs(bn.log10Ratio.measured.mean - bn.log10Ratio.predicted);
    const controlGap = Math.abs(control.log10Ratio.mean - bn.log10Ratio.predicted);
    expect(controlGap).toBeLessThan(0.15);
    expect(controlGap).toBeLessThan(gap / 2);
  });
});
