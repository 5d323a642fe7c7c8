import { isGradEnabled, type Tensor } from '@gradscope/core';
import type { Activation } from '../modules/activation.js';
import type { Module } from '../modules/module.js';
import type { Callback, EpochLogs, FitContext } from '../train/callback.js';
import { activationLayers, unitsOf } from './describe-model.js';

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
  /**
   * Per activation layer, the saturated fraction of each unit (each channel after a
   * convolution, over its samples and positions); empty for a layer not run.
   */
  perUnit: number[][];
}

/**
 * Measures, for each activation layer during training, the fraction of (sample, unit) pairs
 * whose activation derivative |f'(x)| is below `threshold`: where the gradient through the
 * activation all but stops (sigmoid / tanh tails; ReLU's negative side, where f' = 0). After a
 * convolution every position counts; `perUnit` breaks the fraction down by channel (axis 1 of
 * an `[N, C, ...]` input of rank 3 or more) or feature (last axis of `[N, F]`).
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
  private unitSat: Array<Float64Array | null>;
  private unitTotal: Array<Float64Array | null>;
  private removers: Array<() => void> = [];

  constructor(model: Module, options: SaturationOptions = {}) {
    this.o = options;
    this.layers = activationLayers(model);
    this.sat = this.layers.map(() => 0);
    this.total = this.layers.map(() => 0);
    this.unitSat = this.layers.map(() => null);
    this.unitTotal = this.layers.map(() => null);
  }

  /** Installs forward hooks on the activation layers that count inputs with |f'(x)| < threshold (training mode, gradients on). */
  onTrainBegin(): void {
    for (const r of this.removers) r();
    this.removers = this.layers.map(([, a], i) =>
      a.registerForwardHook((m, x: Tensor) => {
        if (!m.training || !isGradEnabled()) return;
        const d = (m as Activation).derivative(x).data;
        const th = this.o.threshold ?? 0.01;
        const { count, stride } = unitsOf(x.shape);
        let us = this.unitSat[i];
        let ut = this.unitTotal[i];
        if (
          us === null ||
          us === undefined ||
          ut === null ||
          ut === undefined ||
          us.length !== count
        ) {
          us = new Float64Array(count);
          ut = new Float64Array(count);
          this.unitSat[i] = us;
          this.unitTotal[i] = ut;
        }
        // Element k belongs to unit floor(k / stride) % count: the data is runs of `stride`
        // elements, one run per unit in turn.
        let s = 0;
        for (let k = 0, u = 0; k < d.length; u = u + 1 === count ? 0 : u + 1) {
          const end = k + stride;
          let c = 0;
          for (; k < end; k++) if (Math.abs(d[k] as number) < th) c++;
          ut[u] = (ut[u] as number) + stride;
          us[u] = (us[u] as number) + c;
          s += c;
        }
        this.sat[i] = (this.sat[i] as number) + s;
        this.total[i] = (this.total[i] as number) + d.length;
      }),
    );
  }

  /** Resets the counts: each epoch is measured afresh. */
  onEpochBegin(): void {
    this.sat.fill(0);
    this.total.fill(0);
    this.unitSat = this.layers.map(() => null);
    this.unitTotal = this.layers.map(() => null);
  }

  /** Records each layer's saturated fraction for the epoch and warns for layers above `warnAbove`. */
  onEpochEnd(logs: EpochLogs, ctx: FitContext): void {
    const fraction = this.sat.map((s, i) => (this.total[i] ? s / (this.total[i] as number) : 0));
    const perUnit = this.unitSat.map((us, i) => {
      const ut = this.unitTotal[i];
      if (us === null || ut === null || ut === undefined) return [];
      return Array.from(us, (v, u) => ((ut[u] as number) > 0 ? v / (ut[u] as number) : 0));
    });
    this.records.push({ epoch: logs.epoch, fraction, perUnit });
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
