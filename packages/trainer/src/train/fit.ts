import {
  ArgumentError,
  describe,
  noGrad,
  type Rng,
  scope,
  type Tensor,
  zeroGrad,
} from '@gradscope/core';
import { Dataset, rowsInto, takeRows } from '../data/dataset.js';
import { DataLoader } from '../data/loader.js';
import { getLoss, type LossFn } from '../losses.js';
import type { Module } from '../modules/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import { checkOptions } from '../optim/options.js';
import { LRSchedule, ReduceLROnPlateau } from '../optim/schedules.js';
import { LocalPool, type ModelSource, type ShardPool } from '../parallel/pool.js';
import type { BatchInfo, Callback, EpochLogs, FitContext, History } from './callback.js';
import { ProgressBar } from './logging.js';
import { BatchMeans, type Metric, resolveMetric } from './metrics.js';
import { parallelStep } from './parallel-step.js';

/** Options of {@link fit}. */
export interface FitOptions {
  /** Training data: a dataset (batched here) or a ready DataLoader. */
  data: Dataset | DataLoader;
  /** Loss: a function `(prediction, target) => scalar` or a name (`'crossEntropy'`, `'mse'`, ...). */
  loss: LossFn | string;
  /** The optimiser stepped after every batch (it must hold the model's parameters). */
  optimizer: Optimizer;
  /** Number of epochs to run (default 1). */
  epochs?: number;
  /** Batch size when `data` is a Dataset (default 32). */
  batchSize?: number;
  /** Shuffle each epoch when `data` is a Dataset (default true). */
  shuffle?: boolean;
  /** Generator for shuffling when `data` is a Dataset (default `createRng(seed ?? 0)`). */
  rng?: Rng;
  /** Seed for `createRng` when neither `rng` nor a DataLoader is given (default 0). */
  seed?: number;
  /** Metrics computed on every batch and on validation: names or `{ name, fn }`. */
  metrics?: ReadonlyArray<string | Metric>;
  /** Hooks called in order at each stage of the loop (see {@link Callback}). */
  callbacks?: readonly Callback[];
  /** Held-out data evaluated (in eval mode, without gradients) after every epoch. */
  validation?: Dataset;
  /** A schedule stepped once per epoch (ReduceLROnPlateau gets valLoss, or loss). */
  schedule?: LRSchedule;
  /** Show a text progress bar (default false). */
  progress?: boolean;
  /** Where text lines go (default: nowhere; `console.log` is a good choice). */
  log?: (line: string) => void;
  /** Epochs already done (when resuming from a checkpoint): numbering starts after it. */
  initialEpoch?: number;
}

/**
 * Options of data-parallel {@link fit}: the batch is cut into `shards` shards whose gradients
 * the pool's workers compute and which are summed in shard order (see `reduceShards`), so the
 * result depends on `shards`, never on the number of workers or their timing.
 */
export interface ParallelFitOptions extends FitOptions {
  /**
   * The pool computing shard gradients: `1` (the in-process pool), a `LocalPool`, or a worker
   * pool (`createWorkerPool` from `@gradscope/trainer/node`). The caller closes a pool it made.
   */
  workers: ShardPool | 1;
  /** Shards per batch, fixed whatever the worker count (required). */
  shards: number;
  /** How workers build their replica of the model (required by worker pools). */
  workerModel?: ModelSource;
}

function checkModel(where: string, model: unknown): void {
  if (model === null || typeof model !== 'object' || typeof (model as Module).call !== 'function')
    throw new ArgumentError(`${where}: expected a model (a Module), got ${describe(model)}`);
}

/** Loss and metrics of a model on a dataset, in eval mode and without gradients. */
export function evaluate(
  model: Module,
  data: Dataset,
  options: { loss: LossFn | string; metrics?: ReadonlyArray<string | Metric>; batchSize?: number },
): {
  /** Mean loss over all rows (batch losses weighted by batch size). */
  loss: number;
  /** Each metric's mean over all rows (same weighting), by metric name. */
  metrics: Record<string, number>;
} {
  checkModel('evaluate', model);
  if (!(data instanceof Dataset))
    throw new ArgumentError(`evaluate: expected a Dataset, got ${describe(data)}`);
  checkOptions('evaluate', options);
  const lossFn = typeof options.loss === 'string' ? getLoss(options.loss) : options.loss;
  if (typeof lossFn !== 'function')
    throw new ArgumentError('evaluate: options.loss must be a function or a loss name');
  const metrics = (options.metrics ?? []).map(resolveMetric);
  const was = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const means = new BatchMeans(metrics);
      for (const { x, y } of new DataLoader(data, { batchSize: options.batchSize ?? 1024 })) {
        const p = model.call(x);
        means.add(lossFn(p, y).item(), p, y, x.shape[0] as number);
      }
      return { loss: means.loss(), metrics: means.metricMeans() };
    });
  } finally {
    model.train(was);
  }
}

/** What one `fit` call works with, once its options are checked. */
export interface FitRun {
  readonly model: Module;
  readonly optimizer: Optimizer;
  readonly lossFn: LossFn;
  readonly loader: DataLoader;
  readonly metrics: readonly Metric[];
  readonly callbacks: readonly Callback[];
  readonly ctx: FitContext;
  readonly options: FitOptions;
  /** Numbers of the first and last epoch of this call (1-based, after `initialEpoch`). */
  readonly first: number;
  readonly last: number;
  /** Global step count, carried across epochs. */
  step: number;
}

/**
 * Trains `model`: for each epoch and mini-batch, `prediction = model.call(x)`,
 * `loss(prediction, y).backward()`, callbacks `onAfterBackward`, `optimizer.step()`, gradients
 * cleared (the model's parameters and the optimiser's), callbacks `onBatchEnd`; then validation,
 * the schedule and `onEpochEnd`. A callback may set `ctx.stop = true` (early stopping). Returns the history.
 */
export function fit(model: Module, options: ParallelFitOptions): Promise<History>;
export function fit(model: Module, options: FitOptions): History;
export function fit(
  model: Module,
  options: FitOptions | ParallelFitOptions,
): History | Promise<History> {
  if (options !== null && typeof options === 'object' && 'workers' in options)
    return fitParallel(model, options);
  const run = startRun(model, options);
  const { callbacks, ctx, first, last } = run;
  const history = ctx.history;
  for (const c of callbacks) c.onTrainBegin?.(ctx);
  model.train();
  for (let epoch = first; epoch <= last; epoch++) {
    for (const c of callbacks) c.onEpochBegin?.(epoch, ctx);
    const logs = trainEpoch(run, epoch);
    if (endEpoch(run, logs)) break;
  }
  for (const c of callbacks) c.onTrainEnd?.(history, ctx);
  return history;
}

/**
 * The data-parallel loop of {@link fit}: as the serial one, but each batch's gradient comes from
 * the pool's shards (see {@link parallelStep}); the optimiser steps once, here, after all shards
 * are in, so a failing worker leaves every parameter as it was before that step.
 */
async function fitParallel(model: Module, options: ParallelFitOptions): Promise<History> {
  const { workers, shards } = options;
  let pool: ShardPool;
  if (workers === 1) pool = new LocalPool();
  else if (
    workers !== null &&
    typeof workers === 'object' &&
    typeof (workers as ShardPool).computeShards === 'function'
  )
    pool = workers;
  else
    throw new ArgumentError(
      `fit: workers must be 1 or a pool (createWorkerPool from @gradscope/trainer/node, or LocalPool), got ${describe(workers)}`,
    );
  if (!Number.isInteger(shards) || shards < 1)
    throw new ArgumentError(
      `fit: with workers, shards must be a positive integer (fixed: the result depends on it, not on the worker count), got ${describe(shards)}`,
    );
  const run = startRun(model, options);
  const { callbacks, ctx, first, last } = run;
  const history = ctx.history;
  await pool.prepare(model, {
    loss: options.loss,
    shards,
    ...(options.workerModel === undefined ? {} : { model: options.workerModel }),
  });
  for (const c of callbacks) c.onTrainBegin?.(ctx);
  model.train();
  for (let epoch = first; epoch <= last; epoch++) {
    for (const c of callbacks) c.onEpochBegin?.(epoch, ctx);
    const lr = run.optimizer.lr;
    const means = new BatchMeans(run.metrics);
    let batch = 0;
    for (const { x, y, shown } of poolBatches(run, pool)) {
      run.step += 1;
      const info = await parallelStep(run, pool, shards, { epoch, batch, x, y, shown });
      means.add(info.loss, info.prediction, y, info.size);
      for (const c of callbacks) c.onBatchEnd?.(info, ctx);
      batch += 1;
    }
    const logs: EpochLogs = { epoch, loss: means.loss(), metrics: means.metricMeans(0), lr };
    if (endEpoch(run, logs)) break;
  }
  for (const c of callbacks) c.onTrainEnd?.(history, ctx);
  return history;
}

/**
 * True when `c` may keep a batch's `x` and `y` past its call: it has a hook that is given a batch
 * (`onAfterBackward`, `onBatchEnd`) and does not say `keepsBatch: false`.
 */
function keepsBatch(c: Callback): boolean {
  return (c.onAfterBackward !== undefined || c.onBatchEnd !== undefined) && c.keepsBatch !== false;
}

/**
 * The batches of one pass for a pool: when the pool offers memory for them (`batchView`) and
 * the loader is a `DataLoader` without augmentation, each batch's rows are gathered straight
 * into it (no batch tensors of its own, one copy fewer), and callbacks that may keep a batch
 * (see `keepsBatch`) are `shown` batches of their own, since the pool's memory holds the next
 * batch after this step. Any other loader's batches as it yields them.
 */
function* poolBatches(
  run: FitRun,
  pool: ShardPool,
): Generator<{ x: Tensor; y: Tensor; shown?: { x: Tensor; y: Tensor } }> {
  const { loader } = run;
  const view = pool.batchView?.bind(pool);
  if (
    view === undefined ||
    loader.augment !== undefined ||
    loader[Symbol.iterator] !== DataLoader.prototype[Symbol.iterator]
  ) {
    yield* loader;
    return;
  }
  const { x: xs, y: ys } = loader.dataset;
  const seen = run.callbacks.some(keepsBatch);
  for (const idx of loader.indexBatches()) {
    const x = rowsInto(xs, idx, (n) => view(0, xs.dtype, n));
    const y = rowsInto(ys, idx, (n) => view(1, ys.dtype, n));
    yield seen ? { x, y, shown: { x: takeRows(xs, idx), y: takeRows(ys, idx) } } : { x, y };
  }
}

/** Checks `options` and gathers what the run needs: loss, loader, metrics, callbacks, context. */
function startRun(model: Module, options: FitOptions): FitRun {
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`fit: expected an options object, got ${describe(options)}`);
  const { optimizer } = options;
  if (optimizer === undefined || typeof optimizer.step !== 'function')
    throw new ArgumentError('fit: options.optimizer must be an optimiser (SGD, Adam, ...)');
  const epochs = options.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0)
    throw new ArgumentError(`fit: epochs must be a non-negative integer, got ${describe(epochs)}`);
  const lossFn = typeof options.loss === 'string' ? getLoss(options.loss) : options.loss;
  if (typeof lossFn !== 'function')
    throw new ArgumentError('fit: options.loss must be a function or a loss name');
  const loader = loaderOf(options);
  const ctx: FitContext = {
    model,
    optimizer,
    history: { epochs: [], stoppedEarly: false },
    stop: false,
    log: options.log ?? (() => {}),
  };
  const metrics = (options.metrics ?? []).map(resolveMetric);
  const callbacks = callbacksOf(options, epochs, loader);
  const first = (options.initialEpoch ?? 0) + 1;
  const last = first + epochs - 1;
  return {
    model,
    optimizer,
    lossFn,
    loader,
    metrics,
    callbacks,
    ctx,
    options,
    first,
    last,
    step: 0,
  };
}

/** The training batches: `options.data` itself when a DataLoader, else a loader over it. */
function loaderOf(options: FitOptions): DataLoader {
  if (options.data instanceof DataLoader) return options.data;
  if (options.data instanceof Dataset)
    return new DataLoader(options.data, {
      batchSize: options.batchSize ?? 32,
      shuffle: options.shuffle ?? true,
      ...(options.rng === undefined ? {} : { rng: options.rng }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
  throw new ArgumentError('fit: options.data must be a Dataset or a DataLoader');
}

/** The user's callbacks, then a progress bar when `options.progress` is true. */
function callbacksOf(options: FitOptions, epochs: number, loader: DataLoader): Callback[] {
  const callbacks: Callback[] = [...(options.callbacks ?? [])];
  if (options.progress === true) {
    // With a line-oriented `log`, print one line per epoch; otherwise redraw on a terminal.
    const log = options.log;
    const bar = new ProgressBar(
      log === undefined ? {} : { write: (s) => log(s.trimEnd()), interactive: false },
    );
    bar.setSizes((options.initialEpoch ?? 0) + epochs, loader.length);
    callbacks.push(bar);
  }
  return callbacks;
}

/** One pass over the training batches; returns the epoch's logs (loss and metric means, lr). */
function trainEpoch(run: FitRun, epoch: number): EpochLogs {
  const lr = run.optimizer.lr;
  const means = new BatchMeans(run.metrics);
  let batch = 0;
  for (const { x, y } of run.loader) {
    const info = trainStep(run, epoch, batch, x, y);
    means.add(info.loss, info.prediction, y, info.size);
    for (const c of run.callbacks) c.onBatchEnd?.(info, run.ctx);
    batch += 1;
  }
  // An epoch without batches logs a NaN loss and metrics of 0.
  return { epoch, loss: means.loss(), metrics: means.metricMeans(0), lr };
}

/** Forward, loss, backward, `onAfterBackward`, optimiser step and cleared gradients for one batch. */
function trainStep(run: FitRun, epoch: number, batch: number, x: Tensor, y: Tensor): BatchInfo {
  const { model, optimizer, ctx } = run;
  run.step += 1;
  const prediction = model.call(x);
  const loss = scope('loss', () => run.lossFn(prediction, y));
  const lv = loss.item();
  if (!Number.isFinite(lv)) ctx.log(`epoch ${epoch} batch ${batch}: loss is ${lv}`);
  loss.backward();
  const info: BatchInfo = {
    epoch,
    batch,
    step: run.step,
    loss: lv,
    size: x.shape[0] as number,
    x,
    y,
    prediction: prediction.detach(),
  };
  for (const c of run.callbacks) c.onAfterBackward?.(info, ctx);
  optimizer.step();
  // Each gradient cleared once: the model's parameters (a frozen one may be left out of the
  // optimiser) and the optimiser's (one may live outside the model, e.g. in the loss).
  zeroGrad(new Set([...model.parameters(), ...optimizer.params]));
  return info;
}

/** After an epoch's batches: validation figures into `logs`, then the schedule's step. */
/**
 * After an epoch's batches (both loops): validation, the schedule's step, the history and
 * `onEpochEnd`. True when a callback stopped training.
 */
function endEpoch(run: FitRun, logs: EpochLogs): boolean {
  const { validation, schedule } = run.options;
  if (validation !== undefined) {
    const v = evaluate(run.model, validation, { loss: run.lossFn, metrics: run.metrics });
    logs.valLoss = v.loss;
    logs.valMetrics = v.metrics;
  }
  if (schedule instanceof ReduceLROnPlateau) schedule.step(logs.valLoss ?? logs.loss);
  else if (schedule instanceof LRSchedule) schedule.step();
  const { ctx, callbacks } = run;
  ctx.history.epochs.push(logs);
  for (const c of callbacks) c.onEpochEnd?.(logs, ctx);
  if (!ctx.stop) return false;
  ctx.history.stoppedEarly = logs.epoch < run.last;
  return true;
}

/** Predictions of `model` on `x` in eval mode without gradients. */
export function predict(model: Module, x: Tensor): Tensor {
  checkModel('predict', model);
  const was = model.training;
  model.eval();
  try {
    return noGrad(() => model.call(x));
  } finally {
    model.train(was);
  }
}
