/** In-memory datasets of (input, target) rows, and the seeded train / validation split. */
import {
  ArgumentError,
  createRng,
  describe,
  type Rng,
  ShapeError,
  type Tensor,
  type TypedArray,
  tensor,
} from '@gradscope/core';

/** A dataset of `length` rows: `x` has shape `[length, ...]`, `y` `[length, ...]`. */
export class Dataset {
  /** Inputs, shape `[length, ...]`: row `i` is example `i`. */
  readonly x: Tensor;
  /** Targets, shape `[length, ...]`: row `i` is the target of `x` row `i` (class indices for classification). */
  readonly y: Tensor;
  /** Optional class names (classification). */
  readonly classNames: readonly string[] | undefined;
  constructor(x: Tensor, y: Tensor, options: { classNames?: readonly string[] } = {}) {
    if (
      x === null ||
      typeof x !== 'object' ||
      !('shape' in x) ||
      y === null ||
      typeof y !== 'object' ||
      !('shape' in y)
    )
      throw new ArgumentError('Dataset: expected input and target tensors');
    if (x.ndim < 1 || y.ndim < 1 || x.shape[0] !== y.shape[0])
      throw new ShapeError(
        `Dataset: inputs [${x.shape.join(',')}] and targets [${y.shape.join(',')}] must have the same number of rows`,
      );
    this.x = x;
    this.y = y;
    this.classNames = options.classNames;
  }

  /** Number of rows. */
  get length(): number {
    return this.x.shape[0] as number;
  }

  /** The rows at `indices`, as a new dataset (data copied). */
  subset(indices: readonly number[]): Dataset {
    const n = this.length;
    for (const i of indices)
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new ArgumentError(`Dataset.subset: index ${i} out of range [0, ${n})`);
    const opts = this.classNames === undefined ? {} : { classNames: this.classNames };
    return new Dataset(takeRows(this.x, indices), takeRows(this.y, indices), opts);
  }
}

/** Copies rows `indices` of `t` into a new tensor (no autograd: data, not parameters). */
export function takeRows(t: Tensor, indices: readonly number[]): Tensor {
  return rowsInto(t, indices, (n) =>
    t.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n),
  );
}

/**
 * Copies rows `indices` of `t` into the array `into(n)` returns for their `n` elements and
 * returns a tensor on it, shaped `[indices.length, ...]`: the tensor shares that array's memory.
 */
export function rowsInto(
  t: Tensor,
  indices: readonly number[],
  into: (n: number) => TypedArray,
): Tensor {
  const row = t.size / (t.shape[0] as number) || 0;
  const out = into(indices.length * row);
  for (let k = 0; k < indices.length; k++) {
    const r = indices[k] as number;
    out.set(t.data.subarray(r * row, (r + 1) * row), k * row);
  }
  return tensor(out, {
    shape: [indices.length, ...t.shape.slice(1)],
    dtype: t.dtype,
    copy: false,
  });
}

/**
 * 0..n-1 in order, by a loop: `Array.from`'s callback, a closure made per call, was compiled again
 * by V8 nearly every epoch (`node --trace-opt`).
 */
export function ascending(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i);
  return out;
}

/** A permutation of 0..n-1 (Fisher–Yates, drawing from `rng`). */
export function permutation(n: number, rng: Rng): number[] {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ArgumentError(`permutation: n must be a non-negative integer, got ${describe(n)}`);
  if (rng === null || typeof rng !== 'object' || typeof rng.int !== 'function')
    throw new ArgumentError(
      `permutation: rng must come from createRng(seed), got ${describe(rng)}`,
    );
  const p = ascending(n);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j] as number, p[i] as number];
  }
  return p;
}

/** Options of {@link trainValidationSplit}. */
export interface SplitOptions {
  /** Fraction of rows held out (default 0.2). */
  validationFraction?: number;
  /** Generator for the shuffle (default `createRng(seed ?? 0)`). */
  rng?: Rng;
  /** Seed for `createRng` when no `rng` is given (default 0). */
  seed?: number;
  /** Keep class proportions: split each class (labels in `y`) separately (default false). */
  stratify?: boolean;
}

/** Splits a dataset into shuffled train and validation parts with a seeded permutation. */
export function trainValidationSplit(
  data: Dataset,
  options: SplitOptions = {},
): {
  /** The remaining `length - round(length * validationFraction)` rows, shuffled. */
  train: Dataset;
  /** The held-out `round(length * validationFraction)` rows (per class when stratified). */
  validation: Dataset;
} {
  if (!(data instanceof Dataset))
    throw new ArgumentError(`trainValidationSplit: expected a Dataset, got ${describe(data)}`);
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(
      `trainValidationSplit: expected an options object, got ${describe(options)}`,
    );
  const f = options.validationFraction ?? 0.2;
  if (typeof f !== 'number' || !(f > 0 && f < 1))
    throw new ArgumentError(
      `trainValidationSplit: validationFraction must be in (0, 1), got ${describe(f)}`,
    );
  const rng = options.rng ?? createRng(options.seed ?? 0);
  const train: number[] = [];
  const val: number[] = [];
  if (options.stratify === true) {
    const groups = new Map<number, number[]>();
    for (let i = 0; i < data.length; i++) {
      const c = data.y.data[i] as number;
      groups.set(c, [...(groups.get(c) ?? []), i]);
    }
    for (const key of [...groups.keys()].sort((a, b) => a - b)) {
      const idx = groups.get(key) as number[];
      const p = permutation(idx.length, rng).map((k) => idx[k] as number);
      const nv = Math.round(idx.length * f);
      val.push(...p.slice(0, nv));
      train.push(...p.slice(nv));
    }
  } else {
    const p = permutation(data.length, rng);
    const nv = Math.round(data.length * f);
    val.push(...p.slice(0, nv));
    train.push(...p.slice(nv));
  }
  return { train: data.subset(train), validation: data.subset(val) };
}
