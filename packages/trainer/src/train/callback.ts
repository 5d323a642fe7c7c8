import type { Tensor } from '@gradscope/core';
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
  epochs: EpochLogs[];
  /** True when a callback stopped training early. */
  stoppedEarly: boolean;
}

/** Figures of one training step. */
export interface BatchInfo {
  epoch: number;
  /** 0-based index within the epoch. */
  batch: number;
  /** Global step count (1-based). */
  step: number;
  loss: number;
  size: number;
  x: Tensor;
  y: Tensor;
  prediction: Tensor;
}

/** Shared state of a `fit` run, passed to every callback. */
export interface FitContext {
  model: Module;
  optimizer: Optimizer;
  history: History;
  /** Set to true to stop after the current epoch. */
  stop: boolean;
  /** Where text output goes (`log` option). */
  log: (line: string) => void;
}

/** Hooks into the training loop; every method is optional. */
export interface Callback {
  onTrainBegin?(ctx: FitContext): void;
  onEpochBegin?(epoch: number, ctx: FitContext): void;
  /** After backward, before the optimiser step: gradients are in `.grad`. */
  onAfterBackward?(info: BatchInfo, ctx: FitContext): void;
  /** After the optimiser step. */
  onBatchEnd?(info: BatchInfo, ctx: FitContext): void;
  onEpochEnd?(logs: EpochLogs, ctx: FitContext): void;
  onTrainEnd?(history: History, ctx: FitContext): void;
}

/** Reads `'loss' | 'valLoss' | '<metric>' | 'val<Metric>'` (e.g. `'valAccuracy'`) from epoch logs. */
export function readMonitored(logs: EpochLogs, key: string): number | undefined {
  if (key === 'loss') return logs.loss;
  if (key === 'valLoss') return logs.valLoss;
  if (key.startsWith('val') && key.length > 3) {
    const m = key[3]?.toLowerCase() + key.slice(4);
    return logs.valMetrics?.[m];
  }
  return logs.metrics[key];
}
