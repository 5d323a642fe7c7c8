import { isGradEnabled, type Tensor } from '@gradscope/core';
import type { Activation } from '../modules/activation.js';
import type { Module } from '../modules/module.js';
import type { Callback, EpochLogs, FitContext } from '../train/callback.js';
import { activationLayers } from './describe-model.js';

/** Options of {@link SaturationMonitor}. */
export interface SaturationOptions {
  /** A unit is saturated on a sample when |f'(x)| < threshold (default 0.01). */
  threshold?: number;
  /** Warn when a layer's saturated fraction exceeds this (default 0.5). */
  warnAbove?: number;
  /** Receives each warning line (default: the fit `log` option, `ctx.log`). */
  warn?: (message: string) => void;
}

/** Per-epoch saturated fraction of each activation layer (first to last). */
export interface SaturationRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Per activation layer (first to last), saturated (sample, unit) pairs / all pairs, in [0, 1]; 0 for a layer not run. */
  fraction: number[];
}

/**
 * Measures, for each activation layer during training, the fraction of (sample, unit) pairs
 * whose activation derivative |f'(x)| is below `threshold`: where the gradient through the
 * activation all but stops (sigmoid / tanh tails; ReLU's negative side, where f' = 0).
 */
export class SaturationMonitor implements Callback {
  /** The model's activation layers with their dotted paths, in model order. */
  readonly layers: Array<[string, Activation]>;
  /** One record per finished epoch. */
  readonly records: SaturationRecord[] = [];
  /** Every warning issued so far (also sent to `warn`). */
  readonly warnings: string[] = [];
  private readonly o: SaturationOptions;
  private sat: number[];
  private total: number[];
  private removers: Array<() => void> = [];

  constructor(model: Module, options: SaturationOptions = {}) {
    this.o = options;
    this.layers = activationLayers(model);
    this.sat = this.layers.map(() => 0);
    this.total = this.layers.map(() => 0);
  }

  /** Installs forward hooks on the activation layers that count inputs with |f'(x)| < threshold (training mode, gradients on). */
  onTrainBegin(): void {
    for (const r of this.removers) r();
    this.removers = this.layers.map(([, a], i) =>
      a.registerForwardHook((m, x: Tensor) => {
        if (!m.training || !isGradEnabled()) return;
        const d = (m as Activation).derivative(x).data;
        const th = this.o.threshold ?? 0.01;
        let s = 0;
        for (let k = 0; k < d.length; k++) if (Math.abs(d[k] as number) < th) s++;
        this.sat[i] = (this.sat[i] as number) + s;
        this.total[i] = (this.total[i] as number) + d.length;
      }),
    );
  }

  /** Resets the counts: each epoch is measured afresh. */
  onEpochBegin(): void {
    this.sat.fill(0);
    this.total.fill(0);
  }

  /** Records each layer's saturated fraction for the epoch and warns for layers above `warnAbove`. */
  onEpochEnd(logs: EpochLogs, ctx: FitContext): void {
    const fraction = this.sat.map((s, i) => (this.total[i] ? s / (this.total[i] as number) : 0));
    this.records.push({ epoch: logs.epoch, fraction });
    const lim = this.o.warnAbove ?? 0.5;
    fraction.forEach((f, i) => {
      if (f <= lim) return;
      const [path, a] = this.layers[i] as [string, Activation];
      const msg = `epoch ${logs.epoch}: activation ${i + 1} (${a.activationName} at '${path}'): ${(100 * f).toFixed(0)}% of unit outputs have derivative below ${this.o.threshold ?? 0.01}: saturated, little gradient passes (inputs too large: use a smaller init such as xavier, normalise inputs, add LayerNorm, or use a non-saturating activation)`;
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
