/**
 * One data-parallel training step: the pool computes the shards' gradients, they are summed in
 * shard order into the parameters' gradients, callbacks see them, the optimiser steps once;
 * or, when no callback needs the gradients and the pool can, the pool's workers apply the
 * optimiser's update themselves (the same bits, see `shared-optimizer.ts`).
 */
import { giveGrad, type Tensor, type TypedArray, tensor, zeroGrad } from '@gradscope/core';
import type { Module } from '../modules/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import { allocate, type ShardPool } from '../parallel/pool.js';
import {
  paramLayout,
  reduceLosses,
  reduceShards,
  shardBounds,
  shardRows,
} from '../parallel/shards.js';
import type { BatchInfo, Callback, FitContext } from './callback.js';

/** The parts of a fit run a parallel step uses. */
interface StepRun {
  readonly model: Module;
  readonly optimizer: Optimizer;
  readonly callbacks: readonly Callback[];
  readonly ctx: FitContext;
  readonly step: number;
}

/** One batch on `pool` (`run.step` already counts it); returns what `onBatchEnd` sees. */
export async function parallelStep(
  run: StepRun,
  pool: ShardPool,
  shards: number,
  b: {
    epoch: number;
    batch: number;
    x: Tensor;
    y: Tensor;
    /** The batch as callbacks see it, when `x` and `y` are the pool's memory (see `fit`). */
    shown?: { x: Tensor; y: Tensor } | undefined;
  },
): Promise<BatchInfo> {
  const { model, optimizer, ctx } = run;
  const { epoch, batch, x, y } = b;
  const rows = x.shape[0] as number;
  const bounds = shardBounds(rows, shards);
  const label = `step ${run.step} (epoch ${epoch}, batch ${batch})`;
  // Without onAfterBackward, nothing reads the gradients before the step: the pool may update.
  const offer = run.callbacks.every((c) => c.onAfterBackward === undefined);
  const job = { label, x, y, shards: bounds, ...(offer ? { optimizer } : {}) };
  const { grads, sum, outputs, updated = false } = await pool.computeShards(job);
  // Nothing below runs when a worker failed: the parameters stay as they were.
  const layout = paramLayout('fit', model);
  const params = model.parameters();
  const counts = shardRows(bounds);
  if (!updated) {
    let flat: TypedArray;
    if (sum !== undefined) flat = sum;
    else {
      flat = allocate(layout.dtype, layout.size);
      reduceShards(grads, counts, layout.size, flat);
    }
    for (let i = 0; i < params.length; i++) {
      const p = params[i] as Tensor;
      const o = layout.offsets[i] as number;
      // A copy nobody else holds, given (core's giveGrad): once the zeroGrad below clears it
      // unread, the next step's copy reuses its array instead of a fresh one.
      if (p.requiresGrad)
        giveGrad(p, tensor(flat.subarray(o, o + p.size), { shape: [...p.shape], dtype: p.dtype }));
    }
  }
  const lv = reduceLosses(
    outputs.map((o) => o.loss),
    counts,
  );
  if (!Number.isFinite(lv)) ctx.log(`epoch ${epoch} batch ${batch}: loss is ${lv}`);
  const info: BatchInfo = {
    epoch,
    batch,
    step: run.step,
    loss: lv,
    size: rows,
    x: b.shown?.x ?? x,
    y: b.shown?.y ?? y,
    prediction: joinPredictions(outputs, rows, layout.dtype),
  };
  if (!updated) {
    for (const c of run.callbacks) c.onAfterBackward?.(info, ctx);
    optimizer.step();
    zeroGrad(new Set([...params, ...optimizer.params]));
  }
  return info;
}

/** The shards' predictions stacked back into one `[rows, ...]` tensor. */
function joinPredictions(
  outputs: ReadonlyArray<{ prediction: ArrayLike<number>; predShape: readonly number[] }>,
  rows: number,
  dtype: 'float32' | 'float64',
): Tensor {
  const some = outputs.find((o) => (o.predShape[0] ?? 0) > 0);
  const tail = some === undefined ? [] : some.predShape.slice(1);
  const data = allocate(dtype, rows * tail.reduce((a, c) => a * c, 1));
  let at = 0;
  for (const o of outputs) {
    data.set(o.prediction, at);
    at += o.prediction.length;
  }
  return tensor(data, { shape: [rows, ...tail], dtype });
}
