/**
 * Worker 0's share of a step when the calling thread computes it (`callerComputes`, the default
 * in Node): its shards on the caller's own model, then, once every worker's shards are in, its
 * range of the sum and of the optimiser's update: exactly what a worker thread does with its
 * replica (`worker-core.ts`), so the bits do not depend on which thread computed what.
 */
import { ArgumentError, type Tensor, type TypedArray } from '@gradscope/core';
import type { LossFn } from '../losses.js';
import type { Module } from '../modules/module.js';
import { computeShard, type ShardOutput, WorkerError } from './pool.js';
import {
  ARRIVED,
  abortStep,
  DONE,
  FAILED,
  type ParamLayout,
  pollWord,
  SPIN_MS,
  sumAndUpdate,
} from './shards.js';
import type { SharedOptimizer, UpdatePlan } from './shared-optimizer.js';
import { updateRange } from './shared-optimizer.js';

/** What the caller computes with: its model, the loss, the shared batch gradient. */
export interface CallerReplica {
  readonly model: Module;
  readonly lossFn: LossFn;
  readonly sum: TypedArray;
}

/** One step's share of the caller (worker 0). */
export interface CallerJob {
  readonly label: string;
  readonly x: Tensor;
  readonly y: Tensor;
  readonly shards: ReadonlyArray<{ s: number; start: number; end: number }>;
  readonly rows: readonly number[];
  readonly parties: number;
  readonly control: Int32Array;
  readonly layout: ParamLayout;
  readonly params: readonly Tensor[];
  readonly grads: TypedArray;
  readonly paramView: TypedArray;
  readonly update: UpdatePlan | null;
  readonly optimizer: SharedOptimizer | null;
}

type WaitAsync = (
  a: Int32Array,
  i: number,
  v: number,
  ms: number,
) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/**
 * Resolves once `control[word]` reaches `target`; throws when a worker failed. The calling
 * thread must not block (a worker's failure is handled on it), so it polls for `SPIN_MS` (the
 * wait is usually shorter, and a sleeping thread wakes late), then waits without blocking.
 */
async function reach(control: Int32Array, word: number, target: number): Promise<void> {
  pollWord(control, word, target, SPIN_MS);
  for (;;) {
    const n = Atomics.load(control, word);
    if (n >= target) return;
    if (Atomics.load(control, FAILED) !== 0)
      throw new ArgumentError('stopped before summing, another worker failed in this step');
    if (waitAsync === undefined) await new Promise((r) => setTimeout(r, 0));
    else {
      const r = waitAsync(control, word, n, 100);
      if (r.async) await r.value;
    }
  }
}

/** Worker 0's share of the step on the calling thread; errors name worker 0. */
export async function callerStep(
  c: CallerReplica,
  j: CallerJob,
): Promise<Array<ShardOutput & { s: number }>> {
  const P = j.layout.size;
  const out: Array<ShardOutput & { s: number }> = [];
  try {
    for (const { s, start, end } of j.shards) {
      const grads = j.grads.subarray(s * P, (s + 1) * P);
      const o = computeShard(
        c.model,
        j.params,
        j.layout,
        c.lossFn,
        j.x,
        j.y,
        { start, end },
        grads,
      );
      out.push({ ...o, s });
    }
  } catch (e) {
    abortStep(j.control);
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new WorkerError(
      `worker 0 of ${j.parties} (the calling thread) threw during ${j.label}: ${what}`,
      0,
      j.label,
    );
  }
  if (Atomics.add(j.control, ARRIVED, 1) + 1 >= j.parties) Atomics.notify(j.control, ARRIVED);
  else await reach(j.control, ARRIVED, j.parties);
  const shared = j.optimizer?.asWorker() ?? null;
  const plan = j.update;
  sumAndUpdate(
    j.control,
    j.grads,
    j.rows,
    P,
    c.sum,
    plan === null || shared === null
      ? null
      : // Bound, not a closure: a closure made per step was compiled again every few epochs.
        updateRange.bind(null, shared, j.layout, plan, j.paramView, c.sum),
  );
  // The threads' replies follow their last chunk closely: polling for it keeps this thread
  // awake to take them. A failure here is the threads' to report.
  await reach(j.control, DONE, j.parties).catch(() => {});
  return out;
}
