/**
 * The messages between the runner and the experiment worker process. Advanced serialisation
 * (structured clone), so -Infinity and NaN in the results survive the trip.
 *
 *   parent → child: one {@link WorkerRequest}
 *   child → parent: progress messages (`start`, `update`, `stop`), one `result` per experiment,
 *                   then `done`, or `error`
 */
import type { ExperimentKey, ExperimentOutput } from './experiment.js';
import type { RunOptions } from './results.js';

/** What the worker is asked to run. */
export interface WorkerRequest {
  readonly options: RunOptions;
  readonly keys: readonly ExperimentKey[];
}

/** Messages the worker sends. */
export type WorkerMessage =
  | { readonly type: 'start'; readonly phase: string; readonly total: number }
  | { readonly type: 'update'; readonly done: number; readonly label: string }
  | { readonly type: 'stop' }
  | {
      readonly type: 'result';
      readonly key: ExperimentKey;
      readonly output: ExperimentOutput;
      readonly seconds: number;
      readonly cpu: number;
    }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };
