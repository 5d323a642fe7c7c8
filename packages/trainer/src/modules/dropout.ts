import {
  ArgumentError,
  className,
  createRng,
  describe,
  formatShape,
  type Rng,
  ShapeError,
  type Tensor,
  tensor,
} from '@gradscope/core';
import { checkOptions } from '../optim/options.js';
import { Module } from './module.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** Generator for the masks (default: a fresh `createRng(seed)`). */
  rng?: Rng;
  /** Seed used when no `rng` is given (default 0). */
  seed?: number;
}

/**
 * Inverted dropout (Srivastava et al. 2014): in training, each element is zeroed with
 * probability `p` and the survivors scaled by `1 / (1 - p)`, so evaluation needs no rescaling.
 * The identity in eval mode. Masks come from the module's own seeded generator.
 */
export class Dropout extends Module {
  static override readonly typeName: string = 'Dropout';
  /** Probability of zeroing each element in training, in [0, 1) (default 0.5). */
  readonly p: number;
  /** The mask generator, registered under `rng` so checkpoints save and restore its state. */
  readonly rng: Rng;
  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    const where = className(this.constructor);
    checkOptions(where, options);
    if (typeof p !== 'number' || !(p >= 0 && p < 1))
      throw new ArgumentError(`${where}: p must be in [0, 1), got ${describe(p)}`);
    this.p = p;
    this.rng = this.registerRng('rng', options.rng ?? createRng(options.seed ?? 0));
  }

  /** The shape of the mask for input shape `shape` (broadcast over the rest). */
  protected maskShape(shape: readonly number[]): number[] {
    return [...shape];
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const keep = 1 - this.p;
    const shape = this.maskShape(x.shape);
    const n = shape.reduce((a, b) => a * b, 1);
    const m = x.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < m.length; i++) m[i] = this.rng.random() < keep ? 1 / keep : 0;
    return x.mul(tensor(m, { shape, dtype: x.dtype }));
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

/**
 * Channel dropout (Tompson et al. 2015), as `torch.nn.Dropout2d`: in training, each channel of
 * each sample of an `[N, C, H, W]` input (or each channel of an unbatched `[C, H, W]`, as PyTorch 2 reads it; 1.13 took a 3-D input as
 * `[N, C, L]`) is zeroed
 * whole with probability `p`, the kept ones scaled by `1 / (1 − p)`; neighbouring pixels are
 * correlated, so dropping single pixels would regularise little. The identity in eval mode. The
 * masks come from the layer's own seeded generator, one draw per (sample, channel) in order.
 */
export class Dropout2d extends Dropout {
  static override readonly typeName: string = 'Dropout2d';
  protected override maskShape(shape: readonly number[]): number[] {
    if (shape.length !== 4 && shape.length !== 3)
      throw new ShapeError(
        `Dropout2d: expected input [N, C, H, W] or [C, H, W], got ${formatShape(shape)}`,
      );
    return shape.map((s, d) => (d < shape.length - 2 ? s : 1));
  }
}
