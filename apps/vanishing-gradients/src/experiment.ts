/**
 * What an experiment is: its key (what `--experiments` accepts), what it is given and what it
 * returns, and how one is run and timed. Options parsing, the runner and the worker process all
 * import this module; it imports only types, so dependencies point one way.
 */
import type { Resolvers } from './gradient-flow-grid.js';
import type { Progress } from './progress.js';
import type { Section } from './report/model.js';
import type { RunOptions } from './results.js';

/** Experiment keys accepted by --experiments, in report order. */
export const EXPERIMENTS = [
  'flow',
  'glorot',
  'training',
  'dying',
  'catalogue',
  'graph',
  'cnn',
] as const;
export type ExperimentKey = (typeof EXPERIMENTS)[number];

/** What one experiment contributes: a results.json section and report sections. */
export interface ExperimentOutput {
  /** The results.json key of `data` (e.g. `gradientFlow` for the `flow` experiment). */
  readonly key: string;
  readonly data: unknown;
  readonly sections: Section[];
}

/** Shared inputs of every experiment. */
export interface ExperimentContext {
  readonly options: RunOptions;
  readonly progress: Progress;
  readonly resolvers: Resolvers;
}

/** One experiment of the run. */
export type Experiment = (ctx: ExperimentContext) => Promise<ExperimentOutput>;

/** Experiments by key (those a caller provides; a missing key is skipped). */
export type ExperimentsByKey = Partial<Record<ExperimentKey, Experiment>>;

/** An experiment's output with the wall-clock and CPU seconds it took (one decimal). */
export interface TimedOutput {
  readonly output: ExperimentOutput;
  readonly seconds: number;
  readonly cpu: number;
}

/** Runs one experiment in this process and times it (CPU: user + system of this process). */
export async function runTimed(exp: Experiment, ctx: ExperimentContext): Promise<TimedOutput> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const output = await exp(ctx);
  const c = process.cpuUsage(c0);
  return {
    output,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    cpu: Math.round((c.user + c.system) / 1e5) / 10,
  };
}
