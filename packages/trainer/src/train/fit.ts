import { ArgumentError, noGrad, type Rng, scope, type Tensor } from '@gradscope/core';
import { Dataset } from '../data/dataset.js';
import { DataLoader } from '../data/loader.js';
import { getLoss, type LossFn } from '../losses.js';
import type { Module } from '../modules/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import { checkOptions } from '../optim/options.js';
import { LRSchedule, ReduceLROnPlateau } from '../optim/schedules.js';
import type { BatchInfo, Callback, EpochLogs, FitContext, History } from './callback.js';
import { ProgressBar } from './logging.js';
import { type Metric, resolveMetric } from './metrics.js';

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

function checkModel(where: string, model: unknown): void {
  if (model === null || typeof model !== 'object' || typeof (model as Module).call !== 'function')
    throw new ArgumentError(`${where}: expected a model (a Module), got ${String(model)}`);
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
    throw new ArgumentError(`evaluate: expected a Dataset, got ${String(data)}`);
  checkOptions('evaluate', options);
  const lossFn = typeof options.loss === 'string' ? getLoss(options.loss) : options.loss;
  if (typeof lossFn !== 'function')
    throw new ArgumentError('evaluate: options.loss must be a function or a loss name');
  const metrics = (options.metrics ?? []).map(resolveMetric);
  const was = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const loader = new DataLoader(data, { batchSize: options.batchSize ?? 1024 });
      let n = 0;
      let lossSum = 0;
      const sums: Record<string, number> = {};
      for (const { x, y } of loader) {
        const p = model.call(x);
        const b = x.shape[0] as number;
        lossSum += lossFn(p, y).item() * b;
        for (const m of metrics) sums[m.name] = (sums[m.name] ?? 0) + m.fn(p, y) * b;
        n += b;
      }
      const out: Record<string, number> = {};
      for (const m of metrics) out[m.name] = (sums[m.name] ?? 0) / n;
      return { loss: lossSum / n, metrics: out };
    });
  } finally {
    model.train(was);
  }
}

/**
 * Trains `model`: for each epoch and mini-batch, `prediction = model.call(x)`,
 * `loss(prediction, y).backward()`, callbacks `onAfterBackward`, `optimizer.step()`,
 * `optimizer.zeroGrad()`, callbacks `onBatchEnd`; then validation, the schedule and
 * `onEpochEnd`. A callback may set `ctx.stop = true` (early stopping). Returns the history.
 */
export function fit(model: Module, options: FitOptions): History {
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`fit: expected an options object, got ${String(options)}`);
  const { optimizer } = options;
  if (optimizer === undefined || typeof optimizer.step !== 'function')
    throw new ArgumentError('fit: options.optimizer must be an optimiser (SGD, Adam, ...)');
  const epochs = options.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0)
    throw new ArgumentError(`fit: epochs must be a non-negative integer, got ${String(epochs)}`);
  const lossFn = typeof options.loss === 'string' ? getLoss(options.loss) : options.loss;
  if (typeof lossFn !== 'function')
    throw new ArgumentError('fit: options.loss must be a function or a loss name');
  let loader: DataLoader;
  if (options.data instanceof DataLoader) loader = options.data;
  else if (options.data instanceof Dataset)
    loader = new DataLoader(options.data, {
      batchSize: options.batchSize ?? 32,
      shuffle: options.shuffle ?? true,
      ...(options.rng === undefined ? {} : { rng: options.rng }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
  else throw new ArgumentError('fit: options.data must be a Dataset or a DataLoader');
  const metrics = (options.metrics ?? []).map(resolveMetric);
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
  const history: History = { epochs: [], stoppedEarly: false };
  const ctx: FitContext = {
    model,
    optimizer,
    history,
    stop: false,
    log: options.log ?? (() => {}),
  };
  const first = (options.initialEpoch ?? 0) + 1;
  let step = 0;
  for (const c of callbacks) c.onTrainBegin?.(ctx);
  model.train();
  for (let epoch = first; epoch < first + epochs; epoch++) {
    for (const c of callbacks) c.onEpochBegin?.(epoch, ctx);
    const lr = optimizer.lr;
    let n = 0;
    let lossSum = 0;
    const sums: Record<string, number> = {};
    let batch = 0;
    for (const { x, y } of loader) {
      step += 1;
      const prediction = model.call(x);
      const loss = scope('loss', () => lossFn(prediction, y));
      const lv = loss.item();
      if (!Number.isFinite(lv)) ctx.log(`epoch ${epoch} batch ${batch}: loss is ${lv}`);
      loss.backward();
      const b = x.shape[0] as number;
      const info: BatchInfo = {
        epoch,
        batch,
        step,
        loss: lv,
        size: b,
        x,
        y,
        prediction: prediction.detach(),
      };
      for (const c of callbacks) c.onAfterBackward?.(info, ctx);
      optimizer.step();
      optimizer.zeroGrad();
      model.zeroGrad();
      lossSum += lv * b;
      for (const m of metrics) sums[m.name] = (sums[m.name] ?? 0) + m.fn(info.prediction, y) * b;
      n += b;
      for (const c of callbacks) c.onBatchEnd?.(info, ctx);
      batch += 1;
    }
    const logs: EpochLogs = { epoch, loss: n > 0 ? lossSum / n : Number.NaN, metrics: {}, lr };
    for (const m of metrics) logs.metrics[m.name] = (sums[m.name] ?? 0) / Math.max(1, n);
    if (options.validation !== undefined) {
      const v = evaluate(model, options.validation, { loss: lossFn, metrics });
      logs.valLoss = v.loss;
      logs.valMetrics = v.metrics;
    }
    if (options.schedule instanceof ReduceLROnPlateau)
      options.schedule.step(logs.valLoss ?? logs.loss);
    else if (options.schedule instanceof LRSchedule) options.schedule.step();
    history.epochs.push(logs);
    for (const c of callbacks) c.onEpochEnd?.(logs, ctx);
    if (ctx.stop) {
      history.stoppedEarly = epoch < first + epochs - 1;
      break;
    }
  }
  for (const c of callbacks) c.onTrainEnd?.(history, ctx);
  return history;
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
