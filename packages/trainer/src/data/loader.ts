import { ArgumentError, createRng, type Rng, type Tensor } from '@gradscope/core';
import { type Dataset, permutation, takeRows } from './dataset.js';

/** One mini-batch. */
export interface Batch {
  x: Tensor;
  y: Tensor;
}

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions {
  /** Rows per batch (default 32). */
  batchSize?: number;
  /** Reshuffle at the start of every pass (default false). */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Generator for the shuffles (default `createRng(seed ?? 0)`); checkpoints save its state. */
  rng?: Rng;
  seed?: number;
}

/**
 * Iterates over a dataset in mini-batches: `for (const { x, y } of loader) ...`. Each pass
 * (each `for`) draws a new permutation from the seeded generator when `shuffle` is on.
 */
export class DataLoader implements Iterable<Batch> {
  readonly dataset: Dataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly rng: Rng;
  constructor(dataset: Dataset, options: DataLoaderOptions = {}) {
    if (dataset === null || typeof dataset !== 'object' || typeof dataset.subset !== 'function')
      throw new ArgumentError(`DataLoader: expected a Dataset, got ${String(dataset)}`);
    const b = options.batchSize ?? 32;
    if (!Number.isInteger(b) || b <= 0)
      throw new ArgumentError(`DataLoader: batchSize must be a positive integer, got ${String(b)}`);
    this.dataset = dataset;
    this.batchSize = b;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.rng = options.rng ?? createRng(options.seed ?? 0);
  }

  /** Batches per pass. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<Batch> {
    const n = this.dataset.length;
    const order = this.shuffle ? permutation(n, this.rng) : Array.from({ length: n }, (_, i) => i);
    for (let s = 0; s < n; s += this.batchSize) {
      const idx = order.slice(s, s + this.batchSize);
      if (this.dropLast && idx.length < this.batchSize) break;
      yield { x: takeRows(this.dataset.x, idx), y: takeRows(this.dataset.y, idx) };
    }
  }
}
