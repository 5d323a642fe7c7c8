import { ArgumentError, createRng, describe, type Rng, type Tensor, tensor } from '@gradscope/core';
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
  /** Probability of zeroing each element in training, in [0, 1) (default 0.5). */
  readonly p: number;
  /** The mask generator, registered under `rng` so checkpoints save and restore its state. */
  readonly rng: Rng;
  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    checkOptions('Dropout', options);
    if (typeof p !== 'number' || !(p >= 0 && p < 1))
      throw new ArgumentError(`Dropout: p must be in [0, 1), got ${describe(p)}`);
    this.p = p;
    this.rng = this.registerRng('rng', options.rng ?? createRng(options.seed ?? 0));
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const keep = 1 - this.p;
    const m = x.dtype === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
    for (let i = 0; i < m.length; i++) m[i] = this.rng.random() < keep ? 1 / keep : 0;
    return x.mul(tensor(m, { shape: x.shape, dtype: x.dtype }));
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
