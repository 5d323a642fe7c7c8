/** The `cnn` experiment: gradient flow through a deep CNN beside its mean-field predictions. */
import type { Tensor } from '@gradscope/core';
import { measureCnnFlow } from './cnn-flow.js';
import type { CnnFlowRun, CnnGeometry, CnnVariant } from './cnn-flow-grid.js';
import { runCnnGrid } from './cnn-flow-grid.js';
import { CNN_GEOMETRY, CNN_VARIANTS } from './defaults.js';
import type { Experiment } from './experiment.js';
import type { Resolvers } from './gradient-flow-grid.js';
import { cnnFlowSection } from './report/cnn-flow-section.js';
import type { Spread } from './stats.js';

/**
 * The padding control: BatchNorm2d with φ = sigmoid − ½ against plain sigmoid. BatchNorm removes
 * a constant shift of φ everywhere except at the zero padding, and the mean-field prediction
 * (χ = E[φ′²] / Var φ) does not change with the shift, so any difference between the two is the
 * padding's zeros sitting ½ away from sigmoid's mean.
 */
export interface PaddingControl {
  readonly activation: 'sigmoid';
  readonly shift: number;
  /** First/last log10 ratio of the shifted sigmoid (whole image, interior). */
  readonly log10Ratio: Spread;
  readonly log10RatioInterior: Spread;
}

/** results.json `cnn`. */
export interface CnnFlowData {
  readonly geometry: CnnGeometry;
  readonly variants: CnnVariant[];
  readonly runs: CnnFlowRun[];
  /** Present when sigmoid was measured. */
  readonly paddingControl: PaddingControl | null;
}

/** Measures the {@link PaddingControl} over the seeds. */
export function runPaddingControl(
  r: Resolvers,
  seeds: readonly number[],
  geometry: CnnGeometry = CNN_GEOMETRY,
): PaddingControl {
  const sigmoid = r.activation('sigmoid');
  const shift = 0.5;
  const m = measureCnnFlow({
    ...geometry,
    activation: (x: Tensor) => sigmoid(x).sub(shift),
    init: 'standard',
    architecture: 'batchNorm',
    seeds,
  });
  return {
    activation: 'sigmoid',
    shift,
    log10Ratio: m.log10Ratio,
    log10RatioInterior: m.log10RatioInterior,
  };
}

/**
 * Measures every activation of the run (except `step`, which passes no gradient at all) in each
 * variant of {@link CNN_VARIANTS}, over the run's seeds, and the padding control when sigmoid is
 * among them.
 */
export const cnnFlow: Experiment = async ({ options: o, progress, resolvers }) => {
  const activations = o.activations.filter((a) => a !== 'step');
  const variants: CnnVariant[] = CNN_VARIANTS.map((v) => ({ ...v }));
  const control = activations.includes('sigmoid');
  const cells = activations.length * variants.length * o.seeds.length;
  progress.start('deep CNN', cells + (control ? 1 : 0));
  const runs = await runCnnGrid(
    {
      ...CNN_GEOMETRY,
      activations,
      variants,
      seeds: o.seeds,
      onProgress: (d, _total, label) => progress.update(d, label),
    },
    resolvers,
  );
  const paddingControl = control ? runPaddingControl(resolvers, o.seeds) : null;
  if (control) progress.update(cells + 1, 'padding control');
  progress.stop();
  const data: CnnFlowData = { geometry: { ...CNN_GEOMETRY }, variants, runs, paddingControl };
  return { key: 'cnn', data, sections: [cnnFlowSection(runs, paddingControl)] };
};
