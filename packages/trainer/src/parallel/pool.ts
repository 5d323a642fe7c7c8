/**
 * Pools that compute shard gradients: the interface `fit` drives, the in-process pool (one
 * worker: the shards one after another on the caller's thread), the error a failing worker
 * raises, and the shared-memory check browsers need.
 */
import {
  ArgumentError,
  type DType,
  describe,
  GradscopeError,
  type Tensor,
  type TypedArray,
  tensor,
  zeroGrad,
} from '@gradscope/core';
import { getLoss, type LossFn } from '../losses.js';
import type { MlpOptions } from '../modules/mlp.js';
import type { Module } from '../modules/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import {
  gatherGrads,
  type ParamLayout,
  paramLayout,
  reduceShards,
  type ShardBounds,
  shardRows,
} from './shards.js';

/**
 * How a worker builds its replica of the model (a model is code, so workers cannot receive it):
 * - `{ factory, exportName?, args? }`: a module URL or absolute path that a worker imports; its
 *   export `exportName` (default `'createModel'`) is called as `fn(args, { worker })` and must
 *   return a Module with the same parameter names and shapes (the values are overwritten from
 *   shared memory before every step), like PyTorch DDP running the same script in each process;
 * - `{ mlp }`: the built-in `mlp(options)` (options must be plain data: an activation by name).
 */
export type ModelSource = FactorySource | MlpSource;

/** A module that workers import to build their replica (see {@link ModelSource}). */
export interface FactorySource {
  /** The module's URL (`file:`, `data:`, …) or absolute path. */
  readonly factory: string | URL;
  /** The export to call (default `'createModel'`). */
  readonly exportName?: string;
  /** Structured-clonable data passed as the first argument. */
  readonly args?: unknown;
}

/** The built-in `mlp(options)` as a worker's replica (see {@link ModelSource}). */
export interface MlpSource {
  /** `mlp` options as plain data (an activation by name). */
  readonly mlp: MlpOptions;
}

/** What {@link ShardPool.prepare} needs. */
export interface PoolSetup {
  /** The loss: a name (workers look it up; a function cannot cross to a worker) or, in process, a function. */
  readonly loss: string | LossFn;
  /** Number of shards per batch (fixed: it, not the worker count, decides the result). */
  readonly shards: number;
  /** How workers build their replica (not needed by the in-process pool). */
  readonly model?: ModelSource;
}

/** One step's work: the batch, its shards and a label for errors (`'step 3 (epoch 1, batch 2)'`). */
export interface ShardJob {
  /** Names the work in errors. */
  readonly label: string;
  /** The batch inputs (rows first). */
  readonly x: Tensor;
  /** The batch targets (rows first). */
  readonly y: Tensor;
  /** Each shard's rows, in shard order. */
  readonly shards: readonly ShardBounds[];
  /**
   * Optional: the optimiser, for a pool that can apply its update itself after summing (the
   * worker pools do, for the built-in optimisers from their second step on: each worker updates
   * a range of elements, see `shared-optimizer.ts`); {@link ShardResult.updated} says whether it
   * did. Only given when nothing needs the gradients in between (no `onAfterBackward`).
   */
  readonly optimizer?: Optimizer;
}

/** What {@link ShardPool.computeShards} gives. */
export interface ShardResult {
  /** Shard `s`'s gradient at `[s·P, (s+1)·P)` (laid out by `paramLayout`). */
  readonly grads: TypedArray;
  /**
   * The batch gradient (length P), when the pool summed the shards itself: `reduceShards` of
   * `grads` with each shard's row count, so the same bits as summing on the caller's thread.
   * Pools that leave it out are summed by `fit`. Valid until the next `computeShards`.
   */
  readonly sum?: TypedArray;
  /**
   * True when the pool also applied `job.optimizer`'s update (parameters and optimiser state
   * changed in place, as one `optimizer.step()` with the summed gradient would change them).
   */
  readonly updated?: boolean;
  /** Each shard's loss and prediction, in shard order. */
  readonly outputs: ShardOutput[];
}

/** What one shard gives besides its gradient. */
export interface ShardOutput {
  /** The shard's loss (NaN for an empty shard). */
  readonly loss: number;
  /** The model's output on the shard's rows (row-major; empty for an empty shard). */
  readonly prediction: TypedArray;
  /** Its shape (rows first). */
  readonly predShape: readonly number[];
  /** Milliseconds the shard took where it ran (forward, backward, gradients copied out). */
  readonly ms: number;
}

/**
 * Computes shard gradients for data-parallel training. `fit(model, { workers: pool })` calls
 * {@link ShardPool.prepare} once, then {@link ShardPool.computeShards} per batch.
 */
export interface ShardPool {
  /** Number of workers (1 for the in-process pool). */
  readonly size: number;
  /** Gets replicas of `model` ready (parameters laid out by `paramLayout`). */
  prepare(model: Module, setup: PoolSetup): Promise<void>;
  /**
   * Computes each shard's gradient of the loss at the model's current parameters into `grads`
   * (shard `s` at `[s·P, (s+1)·P)`), and each shard's loss and prediction. Rejects with a
   * {@link WorkerError} naming the worker and `job.label` when a worker throws or exits.
   */
  computeShards(job: ShardJob): Promise<ShardResult>;
  /**
   * Optional: memory for the next job's batch (`which`: 0 its inputs, 1 its targets), `size`
   * elements of `dtype`, that `fit` gathers the batch's rows into instead of making batch
   * tensors of its own: a pool copies a job's `x` or `y` that is on this memory no further. The
   * view is the pool's: the next call may return the same memory.
   */
  batchView?(which: 0 | 1, dtype: DType, size: number): TypedArray;
  /** Ends the workers (idempotent). */
  close(): Promise<void>;
}

/** A worker threw or exited while computing: names the worker and the step. */
export class WorkerError extends GradscopeError {
  static override readonly typeName: string = 'WorkerError';
  /** 0-based index of the worker that failed. */
  readonly worker: number;
  /** The label of the work it was doing (e.g. `'step 3 (epoch 1, batch 2)'`). */
  readonly label: string;
  constructor(message: string, worker: number, label: string) {
    super(message);
    this.worker = worker;
    this.label = label;
  }
}

/**
 * Throws a {@link WorkerError} (worker −1) unless this context can share memory with workers:
 * `SharedArrayBuffer` must exist and, in a browser, the page must be cross-origin isolated,
 * which needs the response headers `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`.
 */
export function checkSharedMemory(where: string): void {
  const g = globalThis as { crossOriginIsolated?: boolean };
  const headers =
    'serve the page with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp';
  if (g.crossOriginIsolated === false)
    throw new WorkerError(
      `${where}: shared memory needs a cross-origin isolated page, got crossOriginIsolated = false; ${headers} (or use one worker)`,
      -1,
      'setup',
    );
  if (typeof SharedArrayBuffer !== 'function')
    throw new WorkerError(
      `${where}: expected SharedArrayBuffer, got ${typeof SharedArrayBuffer}; ${headers} (or use one worker)`,
      -1,
      'setup',
    );
}

/** True when {@link checkSharedMemory} would pass. */
export function sharedMemoryAvailable(): boolean {
  try {
    checkSharedMemory('sharedMemoryAvailable');
    return true;
  } catch {
    return false;
  }
}

/** A zeroed typed array of `dtype`. */
export function allocate(dtype: DType, n: number): TypedArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/**
 * Rows `[start, end)` of `t` as a tensor sharing `t`'s data (no copy: the shard's ops only read
 * their input, and the batch stays unchanged until the step is over).
 */
export function rowsOf(t: Tensor, start: number, end: number): Tensor {
  const row = t.shape.slice(1).reduce((a, b) => a * b, 1);
  return tensor(t.data.subarray(start * row, end * row), {
    shape: [end - start, ...t.shape.slice(1)],
    dtype: t.dtype,
    copy: false,
  });
}

/**
 * One shard: forward on rows `[start, end)`, loss, backward, the gradients copied into `out`
 * (length P, laid out by `layout`), and the parameters' gradients cleared. Shared by the
 * in-process pool and the workers, so both run exactly the same ops.
 */
export function computeShard(
  model: Module,
  params: readonly Tensor[],
  layout: ParamLayout,
  lossFn: LossFn,
  x: Tensor,
  y: Tensor,
  bounds: ShardBounds,
  out: TypedArray,
): ShardOutput {
  const { start, end } = bounds;
  if (end <= start) {
    out.fill(0);
    return { loss: Number.NaN, prediction: allocate(x.dtype, 0), predShape: [0], ms: 0 };
  }
  const t0 = performance.now();
  zeroGrad(params);
  const prediction = model.call(rowsOf(x, start, end));
  const loss = lossFn(prediction, rowsOf(y, start, end));
  const lv = loss.item();
  loss.backward();
  gatherGrads(params, layout, out);
  zeroGrad(params);
  return {
    loss: lv,
    prediction: prediction.data,
    predShape: [...prediction.shape],
    ms: performance.now() - t0,
  };
}

/** Resolves a loss given by name or function. */
export function lossOf(where: string, loss: string | LossFn): LossFn {
  const fn = typeof loss === 'string' ? getLoss(loss) : loss;
  if (typeof fn !== 'function')
    throw new ArgumentError(`${where}: expected a loss name or function, got ${describe(loss)}`);
  return fn;
}

/**
 * The one-worker pool: computes the shards one after another on the caller's thread, on the
 * model itself, with the same code the workers run. It needs no shared memory, so it is the
 * fallback where workers cannot run, and the reference the multi-worker pools equal bit for bit.
 */
export class LocalPool implements ShardPool {
  readonly size = 1;
  private model: Module | null = null;
  private params: Tensor[] = [];
  private layout: ParamLayout | null = null;
  private lossFn: LossFn | null = null;
  private grads: TypedArray = new Float32Array(0);
  /** The batch gradient, summed here and reused from step to step (see `ShardResult.sum`). */
  private sum: TypedArray = new Float32Array(0);
  private readonly batch: TypedArray[] = [];

  batchView(which: 0 | 1, dtype: DType, size: number): TypedArray {
    let a = this.batch[which];
    if (a === undefined || a.length < size || a instanceof Float64Array !== (dtype === 'float64'))
      a = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
    this.batch[which] = a;
    return a.subarray(0, size);
  }

  async prepare(model: Module, setup: PoolSetup): Promise<void> {
    this.layout = paramLayout('LocalPool', model);
    this.model = model;
    this.params = model.parameters();
    this.lossFn = lossOf('LocalPool', setup.loss);
    this.grads = allocate(this.layout.dtype, this.layout.size * setup.shards);
    this.sum = allocate(this.layout.dtype, this.layout.size);
  }

  async computeShards(job: ShardJob): Promise<ShardResult> {
    const { model, layout, lossFn } = this;
    if (model === null || layout === null || lossFn === null)
      throw new ArgumentError('LocalPool.computeShards: call prepare(model, setup) first');
    const P = layout.size;
    if (job.shards.length * P > this.grads.length)
      throw new ArgumentError(
        `LocalPool.computeShards: prepared for ${this.grads.length / P} shards, got ${job.shards.length}`,
      );
    const outputs = job.shards.map((b, s) =>
      computeShard(
        model,
        this.params,
        layout,
        lossFn,
        job.x,
        job.y,
        b,
        this.grads.subarray(s * P, (s + 1) * P),
      ),
    );
    reduceShards(this.grads, shardRows(job.shards), P, this.sum);
    return { grads: this.grads, sum: this.sum, outputs };
  }

  async close(): Promise<void> {}
}
