import type { Rng } from '@gradscope/core';
import type { LRSchedule } from '../optim/schedules.js';
import type { Callback, EpochLogs, FitContext } from '../train/callback.js';
import { saveCheckpoint } from './checkpoint.js';

/** Options of {@link ModelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** Receives the checkpoint bytes (write them to a file with `@gradscope/trainer/node`, keep them in memory, ...). */
  save: (bytes: Uint8Array, logs: EpochLogs) => void;
  /** Save every n epochs (default 1). */
  every?: number;
  /** Generators to include (e.g. the data loader's). */
  rngs?: Readonly<Record<string, Rng>>;
  /** Learning-rate schedule whose state goes into the checkpoint too. */
  schedule?: LRSchedule;
}

/** A callback that saves a full checkpoint (model, optimiser, epoch, generators) every n epochs. */
export class ModelCheckpoint implements Callback {
  private readonly o: ModelCheckpointOptions;
  constructor(options: ModelCheckpointOptions) {
    this.o = options;
  }
  /** When the 1-based `logs.epoch` is a multiple of `every`, saves model, optimiser, epoch, generators (and schedule) and hands the bytes to `save`. */
  onEpochEnd(logs: EpochLogs, ctx: FitContext): void {
    if (logs.epoch % (this.o.every ?? 1) !== 0) return;
    const bytes = saveCheckpoint({
      model: ctx.model,
      optimizer: ctx.optimizer,
      epoch: logs.epoch,
      ...(this.o.rngs === undefined ? {} : { rngs: this.o.rngs }),
      ...(this.o.schedule === undefined ? {} : { schedule: this.o.schedule }),
    });
    this.o.save(bytes, logs);
  }
}
