/** The `flow` experiment: the gradient-flow grid beside its mean-field predictions. */
import type { Experiment } from './experiment.js';
import { type GradientFlowRun, runGradientFlowGridAsync } from './gradient-flow-grid.js';
import { gradientFlowSections } from './report/gradient-flow-section.js';

/** results.json `gradientFlow`. */
export interface GradientFlowData {
  readonly runs: GradientFlowRun[];
}

/** Measures every activation × initialiser × depth cell over the seeds. */
export const gradientFlow: Experiment = async ({ options: o, progress, resolvers }) => {
  const total = o.activations.length * o.inits.length * o.depths.length * o.seeds.length;
  progress.start('gradient flow', total);
  const runs = await runGradientFlowGridAsync(
    {
      activations: o.activations,
      inits: o.inits,
      depths: o.depths,
      width: o.width,
      batch: o.batch,
      seeds: o.seeds,
      onProgress: (d, _total, label) => progress.update(d, label),
    },
    resolvers,
  );
  progress.stop();
  const data: GradientFlowData = { runs };
  return { key: 'gradientFlow', data, sections: gradientFlowSections(runs) };
};
