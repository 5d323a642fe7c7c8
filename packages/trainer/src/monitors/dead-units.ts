import { isGradEnabled, type Tensor } from '@gradscope/core';
import type { Activation } from '../modules/activation.js';
import type { Module } from '../modules/module.js';
import type { Callback, EpochLogs, FitContext } from '../train/callback.js';
import { activationLayers, unitsOf } from './describe-model.js';

/** Options of {@link DeadUnitMonitor}. */
export interface DeadUnitOptions {
  /** A unit is active on a sample when |f'(x)| > threshold (default 0: any gradient at all). */
  threshold?: number;
  /** Warn when a layer's dead fraction exceeds this (default 0.25). */
  warnAbove?: number;
  /** Receives each warning line (default: the fit `log` option, `ctx.log`). */
  warn?: (message: string) => void;
}

/** Per-epoch dead units of each activation layer (first to last). */
export interface DeadUnitRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Per activation layer (first to last), dead units / units, in [0, 1]; 0 for a layer not run. */
  fraction: number[];
  /** Per activation layer, the indices of its dead units (channels after a convolution), ascending. */
  dead: number[][];
}

/**
 * Counts, for each activation layer, the fraction of units that were never active on any
 * training sample of an epoch: their derivative was 0 everywhere, so they pass no gradient and
 * cannot recover ("dying ReLU"). A unit is a feature (the last axis) of an `[N, F]` input and a
 * channel (axis 1) of an `[N, C, ...]` input of rank 3 or more, as after a convolution: a ReLU
 * channel is dead when it is inactive at every position of every sample.
 */
export class DeadUnitMonitor implements Callback {
  /** The model's activation layers with their dotted paths, in model order. */
  readonly layers: Array<[string, Activation]>;
  /** One record per finished epoch. */
  readonly records: DeadUnitRecord[] = [];
  /** Every warning issued so far (also sent to `warn`). */
  readonly warnings: string[] = [];
  private readonly o: DeadUnitOptions;
  private active: Array<Uint8Array | null>;
  private channels: boolean[];
  private removers: Array<() => void> = [];

  constructor(model: Module, options: DeadUnitOptions = {}) {
    this.o = options;
    this.layers = activationLayers(model);
    this.active = this.layers.map(() => null);
    this.channels = this.layers.map(() => false);
  }

  /** Installs forward hooks on the activation layers that mark units with |f'(x)| > threshold (training mode, gradients on). */
  onTrainBegin(): void {
    for (const r of this.removers) r();
    this.removers = this.layers.map(([, a], i) =>
      a.registerForwardHook((m, x: Tensor) => {
        if (!m.training || !isGradEnabled()) return;
        const { count, stride, channels } = unitsOf(x.shape);
        let seen = this.active[i];
        if (seen === null || seen === undefined || seen.length !== count) {
          seen = new Uint8Array(count);
          this.active[i] = seen;
        }
        this.channels[i] = channels;
        // Every unit already active this epoch: nothing left to learn from this batch.
        if (seen.indexOf(0) === -1) return;
        const d = (m as Activation).derivative(x).data;
        const th = this.o.threshold ?? 0;
        // Element k belongs to unit floor(k / stride) % count: runs of `stride`, unit by unit.
        for (let k = 0, u = 0; k < d.length; k += stride, u = u + 1 === count ? 0 : u + 1) {
          if (seen[u] === 1) continue;
          for (let j = k; j < k + stride; j++)
            if (Math.abs(d[j] as number) > th) {
              seen[u] = 1;
              break;
            }
        }
      }),
    );
  }

  /** Forgets which units were active: each epoch is counted afresh. */
  onEpochBegin(): void {
    this.active = this.layers.map(() => null);
  }

  /** Records each layer's dead fraction for the epoch and warns for layers above `warnAbove`. */
  onEpochEnd(logs: EpochLogs, ctx: FitContext): void {
    const dead = this.active.map((a) => {
      const out: number[] = [];
      if (a !== null) for (let u = 0; u < a.length; u++) if (a[u] === 0) out.push(u);
      return out;
    });
    const fraction = dead.map((d, i) => {
      const a = this.active[i];
      return a === null || a === undefined ? 0 : d.length / a.length;
    });
    this.records.push({ epoch: logs.epoch, fraction, dead });
    const lim = this.o.warnAbove ?? 0.25;
    fraction.forEach((f, i) => {
      if (f <= lim) return;
      const [path, a] = this.layers[i] as [string, Activation];
      const what = this.channels[i] ? 'channels' : 'units';
      const msg = `epoch ${logs.epoch}: activation ${i + 1} (${a.activationName} at '${path}'): ${(100 * f).toFixed(0)}% of ${what} were never active this epoch: dead ${what} pass no gradient and cannot recover (try leakyRelu or elu, a smaller learning rate, or heNormal init)`;
      this.warnings.push(msg);
      (this.o.warn ?? ctx.log)(msg);
    });
  }

  /** Removes the forward hooks. */
  onTrainEnd(): void {
    for (const r of this.removers) r();
    this.removers = [];
  }
}
