import type { Tensor } from '@gradscope/core';
import type { Module } from '../modules/module.js';
import type { BatchInfo, Callback, EpochLogs, FitContext } from '../train/callback.js';
import { sci, vanishingAdvice, type WeightLayer, weightLayers } from './describe-model.js';

/** One recorded training step of {@link GradientFlowMonitor}; arrays are per weight layer (Linear or convolution), first to last. */
export interface GradientFlowRecord {
  /** Global 1-based training step the record was taken at. */
  step: number;
  /** 1-based epoch of that step. */
  epoch: number;
  /** ||dL/dW|| of each layer's weight. */
  weightGradNorm: number[];
  /** ||dL/dy|| of each layer's output y (the back-propagated gradient). */
  outputGradNorm: number[];
  /** weightGradNorm[i] / weightGradNorm[last]. */
  ratioToLast: number[];
  /** ||W_after - W_before|| / ||W_before|| of the optimiser step. */
  updateRatio: number[];
}

/** Options of {@link GradientFlowMonitor}. */
export interface GradientFlowOptions {
  /** Record every n-th step (default 1). */
  every?: number;
  /** Warn when a layer's gradient is this many times smaller than the last layer's (default 1e4). */
  vanishingFactor?: number;
  /** Warn when a layer's gradient is this many times larger than the last layer's (default 1e4). */
  explodingFactor?: number;
  /** Where warnings go, besides {@link GradientFlowMonitor.warnings} (default: fit's `log`). */
  warn?: (message: string) => void;
}

function norm(d: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += (d[i] as number) ** 2;
  return Math.sqrt(s);
}

/**
 * Watches gradient flow through a model's Linear and convolution layers (Conv1d, Conv2d,
 * ConvTranspose2d) during `fit`: per layer the weight gradient norm (over the whole kernel of a
 * convolution), the norm of the gradient back-propagated to the layer's output (over every
 * channel and position), their ratio to the last layer, and the update-to-weight ratio, as time
 * series ({@link GradientFlowMonitor.records}).
 * At each epoch end it checks the latest record and writes warnings a learner can act on.
 */
export class GradientFlowMonitor implements Callback {
  /** It reads the model's gradients and weights, never a batch (see `Callback.keepsBatch`). */
  readonly keepsBatch = false;
  /** The watched model (its activations name the remedy in vanishing-gradient warnings). */
  readonly model: Module;
  /** The model's Linear and convolution layers with their dotted paths, first to last. */
  readonly layers: Array<[string, WeightLayer]>;
  /** One record every `every` steps, in step order. */
  readonly records: GradientFlowRecord[] = [];
  /** Every warning issued so far, prefixed with the epoch (also sent to `warn`). */
  readonly warnings: string[] = [];
  private readonly o: GradientFlowOptions;
  private outNorms: number[];
  private before: Array<Float32Array | Float64Array> | null = null;
  private pending: GradientFlowRecord | null = null;
  private removers: Array<() => void> = [];

  constructor(model: Module, options: GradientFlowOptions = {}) {
    this.model = model;
    this.o = options;
    this.layers = weightLayers(model);
    this.outNorms = this.layers.map(() => Number.NaN);
  }

  /** Starts listening to layer outputs (fit calls this). */
  onTrainBegin(): void {
    this.detach();
    this.removers = this.layers.map(([, layer], i) =>
      layer.registerForwardHook((_m, _x, y: Tensor) => {
        if (!y.requiresGrad) return;
        y.registerHook((g) => {
          this.outNorms[i] = norm(g.data);
        });
      }),
    );
  }

  onAfterBackward(info: BatchInfo): void {
    if ((info.step - 1) % (this.o.every ?? 1) !== 0) return;
    const w = this.layers.map(([, l]) => (l.weight.grad === null ? 0 : norm(l.weight.grad.data)));
    const last = w[w.length - 1] as number;
    this.pending = {
      step: info.step,
      epoch: info.epoch,
      weightGradNorm: w,
      outputGradNorm: this.outNorms.slice(),
      ratioToLast: w.map((v) => v / last),
      updateRatio: [],
    };
    this.before = this.layers.map(([, l]) => l.weight.data.slice());
  }

  onBatchEnd(): void {
    if (this.pending === null || this.before === null) return;
    const before = this.before;
    this.pending.updateRatio = this.layers.map(([, l], i) => {
      const b = before[i] as Float32Array | Float64Array;
      let d = 0;
      for (let k = 0; k < b.length; k++)
        d += ((l.weight.data[k] as number) - (b[k] as number)) ** 2;
      return Math.sqrt(d) / norm(b);
    });
    this.records.push(this.pending);
    this.pending = null;
    this.before = null;
  }

  /** Checks the latest record with {@link GradientFlowMonitor.check} and issues its warnings. */
  onEpochEnd(logs: EpochLogs, ctx: FitContext): void {
    const r = this.records[this.records.length - 1];
    if (r === undefined) return;
    for (const w of this.check(r)) {
      const msg = `epoch ${logs.epoch}: ${w}`;
      this.warnings.push(msg);
      (this.o.warn ?? ctx.log)(msg);
    }
  }

  /** Stops listening: removes the forward hooks. */
  onTrainEnd(): void {
    this.detach();
  }

  /** Warnings for one record (vanishing, exploding, frozen layers). */
  check(r: GradientFlowRecord): string[] {
    const out: string[] = [];
    const L = r.weightGradNorm.length;
    if (L < 2) return out;
    const last = r.weightGradNorm[L - 1] as number;
    const vf = this.o.vanishingFactor ?? 1e4;
    const ef = this.o.explodingFactor ?? 1e4;
    // Report the worst layer only, the one a learner should look at.
    let worst = 0;
    for (let i = 1; i < L - 1; i++)
      if ((r.ratioToLast[i] as number) < (r.ratioToLast[worst] as number)) worst = i;
    const g = r.weightGradNorm[worst] as number;
    if (last > 0 && g < last / vf) {
      const k = Math.round(Math.log10(last / Math.max(g, Number.MIN_VALUE)));
      out.push(
        `layer ${worst + 1}: gradient norm ${sci(g)}, 10^${k} times smaller than layer ${L}: vanishing gradients (${vanishingAdvice(this.model)})`,
      );
    }
    let top = 0;
    for (let i = 1; i < L - 1; i++)
      if ((r.ratioToLast[i] as number) > (r.ratioToLast[top] as number)) top = i;
    const h = r.weightGradNorm[top] as number;
    if (last > 0 && h > last * ef) {
      const k = Math.round(Math.log10(h / last));
      out.push(
        `layer ${top + 1}: gradient norm ${sci(h)}, 10^${k} times larger than layer ${L}: exploding gradients (try a smaller learning rate, clipGradNorm, or xavier / he initialisation)`,
      );
    }
    if (!Number.isFinite(last) || r.weightGradNorm.some((v) => !Number.isFinite(v)))
      out.push(
        'gradients contain NaN or Infinity: the loss diverged (lower the learning rate or clip gradients)',
      );
    return out;
  }

  /** A text table of the latest record: one row per layer. */
  summary(): string {
    const r = this.records[this.records.length - 1];
    if (r === undefined) return '(no steps recorded)';
    const rows = this.layers.map(
      ([name], i) =>
        `${String(i + 1).padStart(5)}  ${name.padEnd(14)} ${sci(r.weightGradNorm[i] as number).padStart(9)} ${sci(r.outputGradNorm[i] as number).padStart(9)} ${sci(r.ratioToLast[i] as number).padStart(9)} ${sci(r.updateRatio[i] as number).padStart(9)}`,
    );
    return [
      `layer  ${'path'.padEnd(14)} ${'|dL/dW|'.padStart(9)} ${'|dL/dy|'.padStart(9)} ${'ratio'.padStart(9)} ${'update'.padStart(9)}`,
      ...rows,
    ].join('\n');
  }

  private detach(): void {
    for (const r of this.removers) r();
    this.removers = [];
  }
}
