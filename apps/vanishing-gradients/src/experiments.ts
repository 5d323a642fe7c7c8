/**
 * The experiments other than `flow` (glorot, training, dying, catalogue, graph, cnn) as steps of the
 * run, and the activation, initialiser and dataset names the CLI accepts.
 */
import { listActivations } from '@gradscope/activations';
import { listInitializers } from '@gradscope/trainer';
import { buildCatalogue } from './catalogue.js';
import type { KnownNames } from './cli-options.js';
import { cnnFlow } from './cnn-flow-experiment.js';
import { type DyingRun, runDying } from './dying.js';
import type { Experiment, ExperimentsByKey } from './experiment.js';
import { runGlorot } from './glorot.js';
import { renderNetworkGraph } from './graph-figure.js';
import { catalogueSection, graphSection } from './report/catalogue-section.js';
import { glorotSection } from './report/glorot-section.js';
import { dyingSection, trainingSection } from './report/training-section.js';
import { TRAINING_DATASETS, type TrainingRun, trainOne, type Variant } from './training.js';

/** Datasets the training experiments know. */
export const DATASETS = Object.keys(TRAINING_DATASETS);

/** Registered activation, initialiser and dataset names. */
export function knownNames(): KnownNames {
  return {
    activations: listActivations().map((a) => a.name),
    inits: listInitializers(),
    datasets: DATASETS,
  };
}

/** Width of the trained networks (narrow, so the many trained configurations stay cheap). */
export const TRAIN_WIDTH = 16;

const glorot: Experiment = async ({ options: o, progress, resolvers }) => {
  progress.start('glorot figs 6/7', 2 * o.seeds.length);
  const r = runGlorot({
    tanh: resolvers.activation('tanh'),
    inits: ['standard', 'xavierNormal'].map((name) => ({ name, init: resolvers.init(name) })),
    width: o.width,
    batch: Math.max(o.batch, 64),
    seeds: o.seeds,
    onProgress: (d, _t, l) => progress.update(d, l),
  });
  progress.stop();
  return { key: 'glorot', data: r, sections: [glorotSection(r)] };
};

const training: Experiment = async ({ options: o, progress }) => {
  const plainCount = o.trainActivations.length * o.trainDepths.length;
  progress.start('training', plainCount);
  const runs: TrainingRun[] = [];
  let done = 0;
  const run = (activation: string, depth: number, variant: Variant) => {
    const r = trainOne(
      { activation, depth, variant, width: TRAIN_WIDTH, steps: o.steps },
      o.dataset,
    );
    runs.push(r);
    progress.update(
      ++done,
      `${activation}/${variant}/L=${depth}: acc ${r.finalTrainAccuracy.toFixed(2)}`,
    );
    return r;
  };
  const failing: TrainingRun[] = [];
  for (const depth of o.trainDepths)
    for (const a of o.trainActivations) {
      const r = run(a, depth, 'plain');
      if (!r.learned) failing.push(r);
    }
  progress.stop();
  progress.start('remedies', failing.length * 3);
  done = 0;
  for (const f of failing)
    for (const v of ['heNormal', 'residual', 'layerNorm'] as const) run(f.activation, f.depth, v);
  progress.stop();
  return {
    key: 'training',
    data: { dataset: o.dataset, width: TRAIN_WIDTH, runs },
    sections: [trainingSection(runs, o.dataset)],
  };
};

const dying: Experiment = async ({ options: o, progress }) => {
  const configs = [
    { activation: 'relu', lr: 0.05 },
    { activation: 'leakyRelu', lr: 0.05 },
    { activation: 'elu', lr: 0.05 },
    { activation: 'relu', lr: 0.005 },
  ];
  progress.start('dying relu', configs.length);
  const runs: DyingRun[] = [];
  configs.forEach((c, i) => {
    runs.push(runDying({ ...c, steps: o.steps, dataset: o.dataset }));
    progress.update(i + 1, `${c.activation} lr ${c.lr}`);
  });
  progress.stop();
  return { key: 'dying', data: { runs }, sections: [dyingSection(runs)] };
};

const catalogue: Experiment = async () => {
  const entries = buildCatalogue();
  return { key: 'catalogue', data: { entries }, sections: [catalogueSection(entries)] };
};

const graph: Experiment = async () => {
  const figs = [
    await renderNetworkGraph({ activation: 'sigmoid', init: 'standard' }),
    await renderNetworkGraph({ activation: 'relu', init: 'heNormal' }),
  ];
  return {
    key: 'graph',
    data: { graphs: figs.map(({ svg: _svg, ...rest }) => rest) },
    sections: [graphSection(figs)],
  };
};

/** The experiments other than `flow`, by key (the worker process runs these). */
export const extraExperiments: ExperimentsByKey = {
  glorot,
  training,
  dying,
  catalogue,
  graph,
  cnn: cnnFlow,
};
