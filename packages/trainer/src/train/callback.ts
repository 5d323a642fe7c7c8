import { ArgumentError, describe, type Tensor } from '@gradscope/core';
import type { Module } from '../modules/module.js';
import type { Optimizer } from '../optim/optimizer.js';

/** Figures of one finished epoch. */
export interface EpochLogs {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  loss: number;
  /** Training metrics (same weighting). */
  metrics: Record<string, number>;
  /** Validation loss, when `validation` was given. */
  valLoss?: number;
  /** Validation metrics. */
  valMetrics?: Record<string, number>;
  /** Learning rate used during the epoch. */
  lr: number;
}

/** What `fit` returns. */
export interface History {
  /** Logs of every epoch run in this `fit` call, in order. */
  epochs: EpochLogs[];
  /** True when a callback stopped training early. */
  stoppedEarly: boolean;
}

/** Figures of one training step. */
export interface BatchInfo {
  /** 1-based epoch number (continuing after `initialEpoch` when resuming). */
  epoch: number;
  /** 0-based index within the epoch. */
  batch: number;
  /** Global step count (1-based). */
  step: number;
  /** The batch's loss value (mean over its rows for the built-in losses). */
  loss: number;
  /** Rows in the batch (`x.shape[0]`); the last batch may be smaller than `batchSize`. */
  size: number;
  /** The batch inputs. */
  x: Tensor;
  /** The batch targets. */
  y: Tensor;
  /** The model output on `x`, detached from the graph. */
  prediction: Tensor;
}

/** Shared state of a `fit` run, passed to every callback. */
export interface FitContext {
  /** The model being trained. */
  model: Module;
  /** The optimiser stepping the model's parameters. */
  optimizer: Optimizer;
  /** The history so far: `epochs` grows by one entry before each `onEpochEnd`. */
  history: History;
  /** Set to true to stop after the current epoch. */
  stop: boolean;
  /** Where text output goes (`log` option). */
  log: (line: string) => void;
}

/** Hooks into the training loop; every method is optional. */
export interface Callback {
  /**
   * `false` when this callback keeps no batch: it may read `info.x` and `info.y` during its own
   * `onAfterBackward` or `onBatchEnd` call, but holds neither past it. With `workers`, `fit`
   * gathers each batch straight into the pool's memory, which the next batch overwrites, so it
   * copies every batch for the callbacks unless all of those with a batch hook say `false` here
   * (the progress bar and `GradientFlowMonitor` do). Default: `true`.
   */
  readonly keepsBatch?: boolean;
  /** Once, before the first epoch. */
  onTrainBegin?(ctx: FitContext): void;
  /** At the start of each epoch, with its 1-based number. */
  onEpochBegin?(epoch: number, ctx: FitContext): void;
  /** After backward, before the optimiser step: gradients are in `.grad`. */
  onAfterBackward?(info: BatchInfo, ctx: FitContext): void;
  /** After the optimiser step. */
  onBatchEnd?(info: BatchInfo, ctx: FitContext): void;
  /** After the epoch's validation and schedule step, with its logs (already in `ctx.history`). */
  onEpochEnd?(logs: EpochLogs, ctx: FitContext): void;
  /** Once, after the last epoch (or an early stop), with the final history. */
  onTrainEnd?(history: History, ctx: FitContext): void;
}

/** Reads `'loss' | 'valLoss' | '<metric>' | 'val<Metric>'` (e.g. `'valAccuracy'`) from epoch logs. */
export function readMonitored(logs: EpochLogs, key: string): number | undefined {
  if (logs === null || typeof logs !== 'object')
    throw new ArgumentError(`readMonitored: expected epoch logs, got ${describe(logs)}`);
  if (typeof key !== 'string')
    throw new ArgumentError(
      `readMonitored: expected a key such as 'valLoss', got ${describe(key)}`,
    );
  if (key === 'loss') return logs.loss;
  if (key === 'valLoss') return logs.valLoss;
  if (key.startsWith('val') && key.length > 3) {
    const m = key[3]?.toLowerCase() + key.slice(4);
    return logs.valMetrics?.[m];
  }
  return logs.metrics?.[key];
}
