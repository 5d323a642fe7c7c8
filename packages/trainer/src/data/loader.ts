import {
  ArgumentError,
  createRng,
  describe,
  formatShape,
  type Rng,
  ShapeError,
  type Tensor,
} from '@gradscope/core';
import { checkFill, checkShift, randomShift, type ShiftOptions } from './augment.js';
import { ascending, type Dataset, permutation, takeRows } from './dataset.js';

/** One mini-batch. */
export interface Batch {
  /** Inputs of the batch rows, shape `[batchRows, ...]` (at most `batchSize` rows). */
  x: Tensor;
  /** Targets of the same rows, shape `[batchRows, ...]`. */
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
  /** Seed for `createRng` when no `rng` is given (default 0). */
  seed?: number;
  /**
   * Augmentation of image inputs `[N, C, H, W]`, applied to each batch as it is made (the dataset
   * is never changed): `{ shift: k, fill }` moves every image by a random (dy, dx) in
   * {−k, …, k}² ({@link randomShift}). Its generator is `rng` here, else the loader's generator's
   * `fork('augment')` (its own stream: shuffles stay the same with or without augmentation).
   */
  augment?: ShiftOptions & {
    /** Generator for the shifts (default: the loader's generator's `fork('augment')`). */
    rng?: Rng;
  };
}

/**
 * Iterates over a dataset in mini-batches: `for (const { x, y } of loader) ...`. Each pass
 * (each `for`) draws a new permutation from the seeded generator when `shuffle` is on.
 */
export class DataLoader implements Iterable<Batch> {
  /** The dataset the batches are taken from. */
  readonly dataset: Dataset;
  /** Rows per batch (default 32); the last batch may be smaller unless `dropLast`. */
  readonly batchSize: number;
  /** Whether each pass draws a fresh permutation from `rng` (default false: row order). */
  readonly shuffle: boolean;
  /** Whether a final batch smaller than `batchSize` is skipped (default false). */
  readonly dropLast: boolean;
  /** Generator for the shuffles: each shuffled pass draws a new permutation from it; checkpoints save its state. */
  readonly rng: Rng;
  /** The checked augmentation with its generator (checkpoints save `augment.rng`'s state), if any. */
  readonly augment:
    | Readonly<
        Required<ShiftOptions> & {
          /** Generator the shifts are drawn from. */
          rng: Rng;
        }
      >
    | undefined;
  constructor(dataset: Dataset, options: DataLoaderOptions = {}) {
    if (dataset === null || typeof dataset !== 'object' || typeof dataset.subset !== 'function')
      throw new ArgumentError(`DataLoader: expected a Dataset, got ${describe(dataset)}`);
    const b = options.batchSize ?? 32;
    if (!Number.isInteger(b) || b <= 0)
      throw new ArgumentError(
        `DataLoader: batchSize must be a positive integer, got ${describe(b)}`,
      );
    this.dataset = dataset;
    this.batchSize = b;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.rng = options.rng ?? createRng(options.seed ?? 0);
    this.augment = augmentOf(dataset, options.augment, this.rng);
  }

  /** Batches per pass. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /**
   * One pass over the dataset: consecutive `batchSize` slices of the (possibly shuffled) row
   * order. Only the row indices are shuffled; each batch gathers its rows into new batch-sized
   * tensors (then augments them, if asked), so a pass never copies the whole dataset.
   */
  *[Symbol.iterator](): Iterator<Batch> {
    for (const idx of this.indexBatches()) {
      const x = takeRows(this.dataset.x, idx);
      yield {
        x: this.augment ? randomShift(x, this.augment) : x,
        y: takeRows(this.dataset.y, idx),
      };
    }
  }

  /**
   * The dataset rows of each batch of one pass, in order: what the iterator gathers (the order
   * drawn from `rng` when `shuffle`, a last short batch left out when `dropLast`). Starting a
   * pass draws its order, as starting a pass of the iterator does. `fit` with workers gathers
   * the rows straight into the memory its workers read.
   */
  *indexBatches(): Generator<number[]> {
    const n = this.dataset.length;
    const order = this.shuffle ? permutation(n, this.rng) : ascending(n);
    for (let s = 0; s < n; s += this.batchSize) {
      const idx = order.slice(s, s + this.batchSize);
      if (this.dropLast && idx.length < this.batchSize) break;
      yield idx;
    }
  }
}

/** Checks the `augment` option against the dataset's inputs (images `[N, C, H, W]`). */
function augmentOf(
  dataset: Dataset,
  augment: DataLoaderOptions['augment'],
  rng: Rng,
): DataLoader['augment'] {
  if (augment === undefined) return undefined;
  if (augment === null || typeof augment !== 'object' || Array.isArray(augment))
    throw new ArgumentError(
      `DataLoader: augment must be an options object such as { shift: 2 }, got ${describe(augment)}`,
    );
  const shape = dataset.x.shape;
  if (shape.length !== 4)
    throw new ShapeError(
      `DataLoader: augment (shift) needs image inputs [N, C, H, W], the dataset's inputs are ${formatShape(shape)}`,
    );
  const r = augment.rng;
  if (r !== undefined && (r === null || typeof r !== 'object' || typeof r.int !== 'function'))
    throw new ArgumentError(
      `DataLoader: augment.rng must come from createRng(seed), got ${describe(r)}`,
    );
  return Object.freeze({
    shift: checkShift('DataLoader: augment', augment.shift, shape[2] as number, shape[3] as number),
    fill: checkFill('DataLoader: augment', augment.fill),
    rng: r ?? rng.fork('augment'),
  });
}
