import { ArgumentError, describe, Tensor, unknownName } from '@gradscope/core';

/** A metric: `(prediction, target) => number` averaged over batches (weighted by batch size). */
export interface Metric {
  /** Key of the metric in the epoch logs (`metrics[name]`; validation: `valMetrics[name]`). */
  name: string;
  /** The batch value, e.g. the fraction of correct predictions in [0, 1]. */
  fn: (prediction: Tensor, target: Tensor) => number;
}

/**
 * Classification accuracy. Scores `[N, C]` (C > 1): argmax vs integer labels `[N]`.
 * Binary logits `[N]` or `[N, 1]`: predicted class is `logit > 0`.
 */
export function accuracy(prediction: Tensor, target: Tensor): number {
  if (!(prediction instanceof Tensor) || !(target instanceof Tensor))
    throw new ArgumentError(
      `accuracy: expected prediction and target tensors, got ${describe(prediction)} and ${describe(target)}`,
    );
  const n = prediction.shape[0] as number;
  const c = prediction.ndim === 2 ? (prediction.shape[1] as number) : 1;
  if (target.size !== n)
    throw new ArgumentError(
      `accuracy: expected ${n} labels for predictions [${prediction.shape.join(',')}], got target [${target.shape.join(',')}]`,
    );
  const p = prediction.data;
  let ok = 0;
  for (let i = 0; i < n; i++) {
    let k: number;
    if (c === 1) k = (p[i] as number) > 0 ? 1 : 0;
    else {
      k = 0;
      for (let j = 1; j < c; j++) if ((p[i * c + j] as number) > (p[i * c + k] as number)) k = j;
    }
    if (k === target.data[i]) ok++;
  }
  return n === 0 ? 0 : ok / n;
}

function meanAbsError(p: Tensor, t: Tensor): number {
  let s = 0;
  for (let i = 0; i < p.size; i++) s += Math.abs((p.data[i] as number) - (t.data[i] as number));
  return s / p.size;
}

function meanSquaredError(p: Tensor, t: Tensor): number {
  let s = 0;
  for (let i = 0; i < p.size; i++) s += ((p.data[i] as number) - (t.data[i] as number)) ** 2;
  return s / p.size;
}

const BUILTIN: Readonly<Record<string, Metric['fn']>> = {
  accuracy,
  mae: meanAbsError,
  mse: meanSquaredError,
};

/** Resolves `'accuracy' | 'mae' | 'mse'` or a {@link Metric} object. */
export function resolveMetric(m: string | Metric): Metric {
  if (typeof m === 'string') {
    const fn = BUILTIN[m];
    if (fn === undefined) throw unknownName('metric', m, Object.keys(BUILTIN));
    return { name: m, fn };
  }
  if (
    m === null ||
    typeof m !== 'object' ||
    typeof m.fn !== 'function' ||
    typeof m.name !== 'string'
  )
    throw new ArgumentError(`metric: expected a name or { name, fn }, got ${describe(m)}`);
  return m;
}

/** Mean loss and metrics over batches, each batch weighted by its number of rows. */
export class BatchMeans {
  private rows = 0;
  private lossSum = 0;
  private readonly sums: Record<string, number> = {};
  private readonly metrics: readonly Metric[];

  constructor(metrics: readonly Metric[]) {
    this.metrics = metrics;
  }

  /** Adds one batch: its loss value, prediction and target, and its number of rows. */
  add(loss: number, prediction: Tensor, target: Tensor, rows: number): void {
    this.lossSum += loss * rows;
    for (const m of this.metrics) {
      this.sums[m.name] = (this.sums[m.name] ?? 0) + m.fn(prediction, target) * rows;
    }
    this.rows += rows;
  }

  /** Mean loss over the rows added (NaN before any). */
  loss(): number {
    return this.lossSum / this.rows;
  }

  /** Each metric's mean over the rows added, by name; `ifEmpty` before any row. */
  metricMeans(ifEmpty = Number.NaN): Record<string, number> {
    const out: Record<string, number> = {};
    for (const m of this.metrics) {
      out[m.name] = this.rows === 0 ? ifEmpty : (this.sums[m.name] ?? 0) / this.rows;
    }
    return out;
  }
}
