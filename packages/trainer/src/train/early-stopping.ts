import { ArgumentError, type Tensor } from '@gradscope/core';
import { checkOptions } from '../optim/options.js';
import { type Callback, type EpochLogs, type FitContext, readMonitored } from './callback.js';

/** Options of {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** What to watch: `'valLoss'` (default), `'loss'`, a metric or `'val<Metric>'`. */
  monitor?: string;
  /** `'min'` (default for losses) or `'max'` (accuracies); default guessed from the name. */
  mode?: 'min' | 'max';
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** At the end, copy back the weights of the best epoch (default false). */
  restoreBest?: boolean;
}

/** Stops `fit` when the monitored figure has not improved by `minDelta` for `patience` epochs. */
export class EarlyStopping implements Callback {
  /** The epoch-log figure watched, e.g. `'valLoss'` (default) or `'valAccuracy'`. */
  readonly monitor: string;
  /** `'min'`: lower is better; `'max'`: higher is better (default `'max'` when `monitor` contains "acc"). */
  readonly mode: 'min' | 'max';
  /** Epochs without improvement after which training stops (default 5). */
  readonly patience: number;
  /** Smallest change that counts as an improvement, stored as |minDelta| (default 0). */
  readonly minDelta: number;
  /** Whether `onTrainEnd` copies back the parameters and buffers of the best epoch (default false). */
  readonly restoreBest: boolean;
  /** Best value of the monitored figure so far (NaN before the first epoch). */
  best = Number.NaN;
  /** 1-based epoch at which `best` was reached (0 before the first epoch). */
  bestEpoch = 0;
  /** Epoch at which training was stopped (0 if it was not). */
  stoppedEpoch = 0;
  private wait = 0;
  private snapshot: Map<Tensor, Float32Array | Float64Array> | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    checkOptions('EarlyStopping', options);
    this.monitor = options.monitor ?? 'valLoss';
    this.mode = options.mode ?? (/acc/i.test(this.monitor) ? 'max' : 'min');
    this.patience = options.patience ?? 5;
    if (!Number.isInteger(this.patience) || this.patience < 0)
      throw new ArgumentError(
        `EarlyStopping: patience must be a non-negative integer, got ${this.patience}`,
      );
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.restoreBest = options.restoreBest ?? false;
  }

  /** Resets `best`, the wait counter and `stoppedEpoch` for a new run. */
  onTrainBegin(): void {
    this.best = Number.NaN;
    this.wait = 0;
    this.stoppedEpoch = 0;
  }

  /** Compares the monitored figure with `best`; after `patience` epochs without improvement sets `ctx.stop`. Throws an ArgumentError if the figure is not in the logs. */
  onEpochEnd(logs: EpochLogs, ctx: FitContext): void {
    const v = readMonitored(logs, this.monitor);
    if (v === undefined)
      throw new ArgumentError(
        `EarlyStopping: '${this.monitor}' is not in the epoch logs (pass validation data to fit for val* figures)`,
      );
    const better =
      Number.isNaN(this.best) ||
      (this.mode === 'min' ? v < this.best - this.minDelta : v > this.best + this.minDelta);
    if (better) {
      this.best = v;
      this.bestEpoch = logs.epoch;
      this.wait = 0;
      if (this.restoreBest) {
        this.snapshot = new Map(
          Object.values(ctx.model.stateDict()).map((t) => [t, t.data.slice()] as const),
        );
      }
    } else {
      this.wait += 1;
      if (this.wait >= this.patience) {
        ctx.stop = true;
        this.stoppedEpoch = logs.epoch;
      }
    }
  }

  /** With `restoreBest`, writes the best epoch's parameter and buffer values back into the model. */
  onTrainEnd(): void {
    if (this.restoreBest && this.snapshot !== null)
      for (const [t, d] of this.snapshot) t.data.set(d);
  }
}
