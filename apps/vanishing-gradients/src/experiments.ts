/** The experiments beyond the gradient-flow grid, and the names the CLI accepts. */
import { listActivations } from '@gradscope/activations';
import { listInitializers } from '@gradscope/trainer';
import type { KnownNames } from './cli-options.js';
import type { Experiment, ExperimentKey } from './run.js';

/** Datasets the training experiments know. */
export const DATASETS = ['twoSpirals'] as const;

/** Registered activation, initialiser and dataset names. */
export function knownNames(): KnownNames {
  return {
    activations: listActivations().map((a) => a.name),
    inits: listInitializers(),
    datasets: DATASETS,
  };
}

/** Experiments 3–7 (filled in as they are implemented). */
export const extraExperiments: Partial<Record<ExperimentKey, Experiment>> = {};
