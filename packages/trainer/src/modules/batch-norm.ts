import {
  ArgumentError,
  type DType,
  describe,
  noGrad,
  ones,
  ShapeError,
  type Tensor,
  zeros,
} from '@gradscope/core';
import { Module } from './module.js';

/** Options of {@link BatchNorm1d}. */
export interface BatchNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running averages (default 0.1, as PyTorch). */
  momentum?: number;
  /** Learnable scale and shift (default true). */
  affine?: boolean;
  /** Element type (default float32). */
  dtype?: DType;
}

/**
 * Batch normalisation (Ioffe & Szegedy 2015) over the batch axis of `[N, C]` inputs. Training:
 * normalise with the batch mean and biased variance, and update
 * `running = (1 - momentum) * running + momentum * batchStat` (unbiased variance), as PyTorch.
 * Eval: normalise with the running statistics.
 */
export class BatchNorm1d extends Module {
  /** Number of features C: inputs are `[N, C]`. */
  readonly numFeatures: number;
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps: number;
  /** Weight of the new batch statistic in the running averages (default 0.1). */
  readonly momentum: number;
  /** Learnable per-feature scale (gamma), shape `[C]`, initialised to ones (`null` when not affine). */
  readonly weight: Tensor | null;
  /** Learnable per-feature shift (beta), shape `[C]`, initialised to zeros (`null` when not affine). */
  readonly bias: Tensor | null;
  /** Buffer: running mean of each feature, shape `[C]`, starts at 0; used in eval mode. */
  readonly runningMean: Tensor;
  /** Buffer: running unbiased variance of each feature, shape `[C]`, starts at 1; used in eval mode. */
  readonly runningVar: Tensor;
  /** Buffer: scalar count of training batches seen (each updates the running statistics). */
  readonly numBatchesTracked: Tensor;
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures <= 0)
      throw new ArgumentError(
        `BatchNorm1d: numFeatures must be a positive integer, got ${describe(numFeatures)}`,
      );
    this.numFeatures = numFeatures;
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    if (!(this.momentum >= 0 && this.momentum <= 1))
      throw new ArgumentError(`BatchNorm1d: momentum must be in [0, 1], got ${this.momentum}`);
    const dtype = options.dtype ?? 'float32';
    if (options.affine === false) {
      this.weight = null;
      this.bias = null;
    } else {
      this.weight = this.registerParameter('weight', ones([numFeatures], { dtype }));
      this.bias = this.registerParameter('bias', zeros([numFeatures], { dtype }));
    }
    this.runningMean = this.registerBuffer('runningMean', zeros([numFeatures], { dtype }));
    this.runningVar = this.registerBuffer('runningVar', ones([numFeatures], { dtype }));
    this.numBatchesTracked = this.registerBuffer('numBatchesTracked', zeros([], { dtype }));
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 2 || x.shape[1] !== this.numFeatures)
      throw new ShapeError(
        `BatchNorm1d: expected input [N, ${this.numFeatures}], got shape [${x.shape.join(',')}]`,
      );
    const n = x.shape[0] as number;
    let y: Tensor;
    if (this.training) {
      if (n < 2)
        throw new ShapeError(`BatchNorm1d: training needs a batch of at least 2 rows, got ${n}`);
      const mean = x.mean(0, true);
      const c = x.sub(mean);
      const v = c.square().mean(0, true);
      y = c.div(v.add(this.eps).sqrt());
      noGrad(() => {
        const m = this.momentum;
        const rm = this.runningMean.data;
        const rv = this.runningVar.data;
        for (let j = 0; j < this.numFeatures; j++) {
          rm[j] = (1 - m) * (rm[j] as number) + m * (mean.data[j] as number);
          rv[j] = (1 - m) * (rv[j] as number) + m * (((v.data[j] as number) * n) / (n - 1));
        }
        this.numBatchesTracked.data[0] = (this.numBatchesTracked.data[0] as number) + 1;
      });
    } else {
      y = x.sub(this.runningMean).div(this.runningVar.add(this.eps).sqrt());
    }
    if (this.weight !== null && this.bias !== null) y = y.mul(this.weight).add(this.bias);
    return y;
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}`;
  }
}
