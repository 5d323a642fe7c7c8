/**
 * Batch normalisation (Ioffe & Szegedy 2015), as PyTorch's `_BatchNorm`: {@link BatchNorm} holds
 * the logic (per-channel statistics over every axis but the channel axis 1, running averages,
 * train / eval), {@link BatchNorm1d} and {@link BatchNorm2d} only say which inputs they take.
 * State-dict keys are PyTorch's (`weight`, `bias`, `running_mean`, `running_var`,
 * `num_batches_tracked`), so weights move between the two.
 */
import {
  ArgumentError,
  className,
  type DType,
  describe,
  formatShape,
  noGrad,
  ones,
  ShapeError,
  type Tensor,
  zeros,
} from '@gradscope/core';
import { checkFlag } from '../optim/options.js';
import { Module } from './module.js';

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d} (PyTorch's keywords). */
export interface BatchNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /**
   * Weight of the new batch in the running averages (default 0.1, as PyTorch); `null`: a
   * cumulative average, weight 1 / (batches seen so far).
   */
  momentum?: number | null;
  /** Learnable per-channel scale `weight` (ones) and shift `bias` (zeros) (default true). */
  affine?: boolean;
  /**
   * Keep running statistics for eval mode (default true). Without them the layer has no buffers
   * and normalises with the batch's statistics in eval mode too.
   */
  trackRunningStats?: boolean;
  /** Element type of the parameters and running statistics (default float32). */
  dtype?: DType;
}

/**
 * What the batch normalisation layers share. Training: each channel `c` of `x` (axis 1) is
 * normalised with its mean and biased variance over every other axis (batch and positions),
 * `y = (x − mean) / √(var + eps) · weight + bias`, and the running statistics move towards the
 * batch's, `running = (1 − momentum) · running + momentum · stat`, the variance unbiased
 * (`var · m / (m − 1)` over m values per channel), as PyTorch. Eval: the running statistics
 * replace the batch's (unless `trackRunningStats` is false).
 */
export abstract class BatchNorm extends Module {
  static override readonly typeName: string = 'BatchNorm';
  /** Number of channels C (input axis 1). */
  readonly numFeatures: number;
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps: number;
  /** Weight of the new batch statistic in the running averages (default 0.1; `null`: cumulative average). */
  readonly momentum: number | null;
  /** Whether running statistics are kept (and used in eval mode). */
  readonly trackRunningStats: boolean;
  /** Learnable per-channel scale (gamma), shape `[C]`, initialised to ones (`null` when not affine). */
  readonly weight: Tensor | null;
  /** Learnable per-channel shift (beta), shape `[C]`, initialised to zeros (`null` when not affine). */
  readonly bias: Tensor | null;
  /** Buffer `running_mean`: running mean of each channel, shape `[C]`, starts at 0 (`null` without running statistics). */
  readonly runningMean: Tensor | null;
  /** Buffer `running_var`: running unbiased variance of each channel, shape `[C]`, starts at 1 (`null` without running statistics). */
  readonly runningVar: Tensor | null;
  /**
   * Buffer `num_batches_tracked`: scalar count of training batches seen. float64 whatever the
   * layer's dtype: it holds every count exactly, and PyTorch's int64 value loads into it.
   */
  readonly numBatchesTracked: Tensor | null;

  protected constructor(where: string, numFeatures: number, options: BatchNormOptions) {
    super();
    if (options === null || typeof options !== 'object' || Array.isArray(options))
      throw new ArgumentError(`${where}: expected an options object, got ${describe(options)}`);
    if (!Number.isInteger(numFeatures) || numFeatures <= 0)
      throw new ArgumentError(
        `${where}: numFeatures must be a positive integer, got ${describe(numFeatures)}`,
      );
    this.numFeatures = numFeatures;
    this.eps = options.eps ?? 1e-5;
    if (typeof this.eps !== 'number' || !(this.eps >= 0))
      throw new ArgumentError(`${where}: eps must be a number >= 0, got ${describe(this.eps)}`);
    const m = options.momentum === undefined ? 0.1 : options.momentum;
    if (m !== null && !(typeof m === 'number' && m >= 0 && m <= 1))
      throw new ArgumentError(`${where}: momentum must be in [0, 1] or null, got ${describe(m)}`);
    this.momentum = m;
    const dtype = options.dtype ?? 'float32';
    if (checkFlag(where, 'affine', options.affine ?? true)) {
      this.weight = this.registerParameter('weight', ones([numFeatures], { dtype }));
      this.bias = this.registerParameter('bias', zeros([numFeatures], { dtype }));
    } else {
      this.weight = null;
      this.bias = null;
    }
    this.trackRunningStats = checkFlag(
      where,
      'trackRunningStats',
      options.trackRunningStats ?? true,
    );
    if (this.trackRunningStats) {
      this.runningMean = this.registerBuffer('running_mean', zeros([numFeatures], { dtype }));
      this.runningVar = this.registerBuffer('running_var', ones([numFeatures], { dtype }));
      this.numBatchesTracked = this.registerBuffer(
        'num_batches_tracked',
        zeros([], { dtype: 'float64' }),
      );
    } else {
      this.runningMean = null;
      this.runningVar = null;
      this.numBatchesTracked = null;
    }
  }

  /** Checkpoints written before 0.2 named the running statistics in camelCase. */
  protected override legacyStateDictKeys(): Readonly<Record<string, string>> {
    return {
      runningMean: 'running_mean',
      runningVar: 'running_var',
      numBatchesTracked: 'num_batches_tracked',
    };
  }

  /** The input ranks this layer takes, e.g. `[2, 3]` for `[N, C]` and `[N, C, L]`. */
  protected abstract readonly ranks: readonly number[];
  /** How the accepted inputs read in error messages, e.g. `'[N, C] or [N, C, L]'`. */
  protected abstract readonly layout: string;

  forward(x: Tensor): Tensor {
    const C = this.numFeatures;
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== C)
      throw new ShapeError(
        `${className(this.constructor)}: expected input ${this.layout} with C = ${C}, got ${formatShape(x.shape)}`,
      );
    const axes = [0];
    for (let d = 2; d < x.ndim; d++) axes.push(d);
    const perChannel = x.shape.map((s, d) => (d === 1 ? s : 1));
    const asChannel = (t: Tensor) => t.reshape(perChannel);
    const rm = this.runningMean;
    const rv = this.runningVar;
    let y: Tensor;
    if (this.training || rm === null || rv === null) {
      const count = x.size / C;
      if (this.training && count < 2)
        throw new ShapeError(
          `${className(this.constructor)}: training needs more than one value per channel, got input ${formatShape(x.shape)}`,
        );
      const mean = x.mean(axes, true);
      const c = x.sub(mean);
      const v = c.square().mean(axes, true);
      y = c.div(v.add(this.eps).sqrt());
      if (this.training && rm !== null && rv !== null) this.track(mean, v, count);
    } else {
      y = x.sub(asChannel(rm)).div(asChannel(rv).add(this.eps).sqrt());
    }
    if (this.weight !== null && this.bias !== null)
      y = y.mul(asChannel(this.weight)).add(asChannel(this.bias));
    return y;
  }

  /** Moves the running statistics towards the batch's (PyTorch's update, unbiased variance). */
  private track(mean: Tensor, v: Tensor, count: number): void {
    noGrad(() => {
      const n = this.numBatchesTracked as Tensor;
      n.data[0] = (n.data[0] as number) + 1;
      const f = this.momentum ?? 1 / (n.data[0] as number);
      const rm = (this.runningMean as Tensor).data;
      const rv = (this.runningVar as Tensor).data;
      for (let j = 0; j < this.numFeatures; j++) {
        rm[j] = (1 - f) * (rm[j] as number) + f * (mean.data[j] as number);
        rv[j] = (1 - f) * (rv[j] as number) + f * (((v.data[j] as number) * count) / (count - 1));
      }
    });
  }

  override extraRepr(): string {
    const parts = [
      String(this.numFeatures),
      `eps=${this.eps}`,
      `momentum=${this.momentum}`,
      `affine=${this.weight !== null}`,
    ];
    if (!this.trackRunningStats) parts.push('trackRunningStats=false');
    return parts.join(', ');
  }
}

/**
 * Batch normalisation over `[N, C]` (features) or `[N, C, L]` (channels of a sequence, after a
 * {@link Conv1d}) inputs, as `torch.nn.BatchNorm1d`; see {@link BatchNorm} for the statistics.
 */
export class BatchNorm1d extends BatchNorm {
  static override readonly typeName: string = 'BatchNorm1d';
  protected readonly ranks = [2, 3];
  protected readonly layout = '[N, C] or [N, C, L]';
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', numFeatures, options);
  }
}

/**
 * Batch normalisation of the channels of `[N, C, H, W]` images, as `torch.nn.BatchNorm2d`: per
 * channel, statistics over N, H and W (m = N·H·W values); see {@link BatchNorm}.
 *
 * @example
 * new Sequential(new Conv2d(1, 8, 3, { padding: 1 }), new BatchNorm2d(8), new Activation('relu'));
 */
export class BatchNorm2d extends BatchNorm {
  static override readonly typeName: string = 'BatchNorm2d';
  protected readonly ranks = [4];
  protected readonly layout = '[N, C, H, W]';
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', numFeatures, options);
  }
}
