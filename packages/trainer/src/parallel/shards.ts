/**
 * Deterministic data parallelism, the part every pool shares: how a batch is cut into shards,
 * where each parameter sits in one flat gradient vector, and the fixed-order sum of the shards'
 * gradients. Nothing here depends on how many workers there are, so 1, 2 … n workers computing
 * the same shards give the same bits.
 */
import {
  ArgumentError,
  borrowGrad,
  type DType,
  describe,
  type Tensor,
  type TypedArray,
} from '@gradscope/core';
import type { Module } from '../modules/module.js';

/** Rows `[start, end)` of a batch of `rows` that shard `s` of `shards` takes. */
export interface ShardBounds {
  /** First row. */
  readonly start: number;
  /** One past the last row. */
  readonly end: number;
}

/**
 * Cuts `rows` rows into `shards` contiguous shards: shard `s` takes rows
 * `[floor(s·rows/shards), floor((s+1)·rows/shards))`. A shard may be empty when `rows < shards`
 * (the last batch of an epoch); an empty shard contributes nothing.
 */
export function shardBounds(rows: number, shards: number): ShardBounds[] {
  if (!Number.isInteger(shards) || shards < 1)
    throw new ArgumentError(
      `shardBounds: shards must be a positive integer, got ${describe(shards)}`,
    );
  if (!Number.isInteger(rows) || rows < 0)
    throw new ArgumentError(
      `shardBounds: rows must be a non-negative integer, got ${describe(rows)}`,
    );
  const out: ShardBounds[] = [];
  for (let s = 0; s < shards; s++)
    out.push({
      start: Math.floor((s * rows) / shards),
      end: Math.floor(((s + 1) * rows) / shards),
    });
  return out;
}

/** Each shard's row count, `end − start`, in shard order (the weights of the shards' sums). */
export function shardRows(bounds: readonly ShardBounds[]): number[] {
  const rows: number[] = [];
  for (const b of bounds) rows.push(b.end - b.start);
  return rows;
}

/** Where each of a model's parameters lives in one flat vector (registration order). */
export interface ParamLayout {
  /** Dotted parameter names (`namedParameters` order). */
  readonly names: readonly string[];
  /** Their shapes. */
  readonly shapes: ReadonlyArray<readonly number[]>;
  /** Where each starts in the flat vector. */
  readonly offsets: readonly number[];
  /** Total number of scalars. */
  readonly size: number;
  /** The parameters' (common) dtype. */
  readonly dtype: DType;
}

/**
 * The flat layout of `model`'s parameters. Throws an ArgumentError for what data parallelism
 * cannot reproduce exactly: mixed dtypes, buffers (BatchNorm's running statistics would be
 * updated per replica) and generators (Dropout's masks would depend on the worker).
 */
export function paramLayout(where: string, model: Module): ParamLayout {
  if (typeof where !== 'string')
    throw new ArgumentError(
      `paramLayout: expected where to be a string naming the caller, got ${describe(where)}`,
    );
  if (
    typeof model !== 'object' ||
    model === null ||
    typeof (model as Partial<Module>).namedParameters !== 'function'
  )
    throw new ArgumentError(`${where}: expected a Module, got ${describe(model)}`);
  const named = model.namedParameters();
  if (named.length === 0) throw new ArgumentError(`${where}: the model has no parameters`);
  const buffers = model.namedBuffers().map(([n]) => n);
  if (buffers.length > 0)
    throw new ArgumentError(
      `${where}: expected a model without buffers, got ${buffers.join(', ')} (BatchNorm running statistics would be updated per shard; use LayerNorm)`,
    );
  const rngs = model.namedRngs().map(([n]) => n);
  if (rngs.length > 0)
    throw new ArgumentError(
      `${where}: expected a model without random generators, got ${rngs.join(', ')} (Dropout masks would depend on the worker)`,
    );
  const dtype = (named[0] as [string, Tensor])[1].dtype;
  const offsets: number[] = [];
  let size = 0;
  for (const [n, p] of named) {
    if (p.dtype !== dtype)
      throw new ArgumentError(
        `${where}: expected every parameter to be ${dtype}, got ${n} as ${p.dtype}`,
      );
    offsets.push(size);
    size += p.size;
  }
  return {
    names: named.map(([n]) => n),
    shapes: named.map(([, p]) => [...p.shape]),
    offsets,
    size,
    dtype,
  };
}

/** Checks that `model`'s parameters match `layout` by name and shape (a worker's replica). */
export function checkLayout(where: string, model: Module, layout: ParamLayout): Tensor[] {
  const named = model.namedParameters();
  const got = named.map(([n, p]) => `${n}[${p.shape.join(',')}]`).join(' ');
  const want = layout.names.map((n, i) => `${n}[${(layout.shapes[i] ?? []).join(',')}]`).join(' ');
  if (got !== want) throw new ArgumentError(`${where}: expected parameters ${want}, got ${got}`);
  return named.map(([, p]) => p);
}

/** Copies every parameter's values into `flat` (laid out by `layout`). */
export function gatherParams(
  params: readonly Tensor[],
  layout: ParamLayout,
  flat: TypedArray,
): void {
  for (let i = 0; i < params.length; i++)
    flat.set((params[i] as Tensor).data, layout.offsets[i] as number);
}

/** Copies `flat` into every parameter's values. */
export function scatterParams(
  flat: TypedArray,
  layout: ParamLayout,
  params: readonly Tensor[],
): void {
  for (let i = 0; i < params.length; i++) {
    const p = params[i] as Tensor;
    const o = layout.offsets[i] as number;
    p.data.set(flat.subarray(o, o + p.size));
  }
}

/** Copies every parameter's gradient into `flat` (zeros for a parameter without one). */
export function gatherGrads(
  params: readonly Tensor[],
  layout: ParamLayout,
  flat: TypedArray,
): void {
  for (let i = 0; i < params.length; i++) {
    const p = params[i] as Tensor;
    const o = layout.offsets[i] as number;
    // Borrowed (core's borrowGrad): copied and not kept, so once zeroGrad clears it the next
    // backward reuses its array instead of allocating one (392 KB a step for a 784 x 128 weight).
    const g = borrowGrad(p);
    if (g === null) flat.fill(0, o, o + p.size);
    else flat.set(g.data, o);
  }
}

const isCount = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0;

/**
 * The batch gradient from the shards' gradients: `out[i] = Σ_s (n_s / N) · g_s[i]`, summed in
 * float64 in shard order 0, 1, …, S−1 (empty shards skipped; the first non-empty shard's term
 * starts the sum, so one shard of the whole batch gives its gradient bit for bit), then rounded
 * once to `out`'s dtype. `grads` holds shard `s` at `[s·P, (s+1)·P)`; `rows[s]` is its row count.
 * `from`/`to` restrict the work to elements `[from, to)` (the same sum per element either way).
 */
export function reduceShards(
  grads: TypedArray,
  rows: readonly number[],
  size: number,
  out: TypedArray,
  from = 0,
  to = size,
): void {
  checkReduceArgs(grads, rows, size, out, from, to);
  let total = 0;
  for (const n of rows) total += n;
  // The non-empty shards' weights and offsets, in shard order.
  const ws: number[] = [];
  const bases: number[] = [];
  for (let s = 0; s < rows.length; s++) {
    const n = rows[s] as number;
    if (n > 0) {
      ws.push(n / total);
      bases.push(s * size);
    }
  }
  const S = ws.length;
  if (S === 0) {
    out.fill(0, from, to);
    return;
  }
  const w0 = ws[0] as number;
  const b0 = bases[0] as number;
  if (S === 1) {
    for (let i = from; i < to; i++) out[i] = w0 * (grads[b0 + i] as number);
    return;
  }
  const w1 = ws[1] as number;
  const b1 = bases[1] as number;
  for (let i = from; i < to; i++) {
    // One float64 sum per element, shard by shard: the order never depends on the workers.
    let acc = w0 * (grads[b0 + i] as number) + w1 * (grads[b1 + i] as number);
    for (let j = 2; j < S; j++)
      acc += (ws[j] as number) * (grads[(bases[j] as number) + i] as number);
    out[i] = acc;
  }
}

/**
 * A step's control words, shared by the pool and its workers and zeroed by the pool before each
 * step: workers whose shards are in, 1 once one of them failed, chunks claimed (see
 * {@link sumAndUpdate}), workers done with their chunks.
 */
export const ARRIVED = 0;
export const FAILED = 1;
export const CLAIMED = 2;
export const DONE = 3;

/**
 * Milliseconds a worker polls a control word before it sleeps: waits in a step are short, and a
 * sleeping thread takes a large part of a millisecond to wake (an idle CPU of a virtual machine
 * longer still).
 */
export const SPIN_MS = 5;

/**
 * The step's barrier: returns once all `parties` workers have arrived, or throws when one failed
 * instead. Polls for {@link SPIN_MS}, then sleeps until the last arrival or a failure wakes it.
 */
export function arrive(index: number, control: Int32Array, parties: number): void {
  if (Atomics.add(control, ARRIVED, 1) + 1 >= parties) {
    Atomics.notify(control, ARRIVED);
    return;
  }
  pollWord(control, ARRIVED, parties, SPIN_MS);
  for (;;) {
    const n = Atomics.load(control, ARRIVED);
    if (n >= parties) return;
    if (Atomics.load(control, FAILED) !== 0)
      throw new ArgumentError(
        `worker ${index}: stopped before summing, another worker failed in this step`,
      );
    // Woken by the last arrival or a failure (the timeout only bounds a missed wake-up).
    Atomics.wait(control, ARRIVED, n, 100);
  }
}

/**
 * True once poll `i` of a wait that began at `t0` finds `ms` milliseconds gone. The clock is read
 * only on every 1024th poll: each read makes a new number on V8's young heap, and a loop that
 * read it on every poll (some 20 million times a second) filled the young generation within a
 * few steps. The waits that use it make no closure per wait either: each would be a new function
 * that V8 compiled afresh once it got hot (a compile job per wait, on the cores of the step).
 */
export function pollExpired(i: number, t0: number, ms: number): boolean {
  return (i & 1023) === 0 && performance.now() - t0 >= ms;
}

/**
 * Polls until `control[word]` reaches `target` or a worker failed (`control[FAILED]`), for at
 * most `ms` milliseconds (see {@link pollExpired}).
 */
export function pollWord(control: Int32Array, word: number, target: number, ms: number): void {
  const t0 = performance.now();
  for (let i = 1; ; i++) {
    if (Atomics.load(control, word) >= target || Atomics.load(control, FAILED) !== 0) return;
    if (pollExpired(i, t0, ms)) return;
  }
}

/** Elements per chunk of the work after the barrier (see {@link sumAndUpdate}). */
export const CHUNK = 8192;

/**
 * The work after the barrier, shared by claiming: each worker takes the next chunk of
 * {@link CHUNK} elements (counted in `control[CLAIMED]`; `control[DONE]` counts the workers that
 * found none left), sums the shards' gradients there with {@link reduceShards} into `sum`, and calls
 * `update(from, to)` on it (the optimiser's update, or null), until no chunk is left. Whoever
 * arrives first does more; every element is computed the same way whoever computes it, so the
 * bits never depend on the split.
 */
export function sumAndUpdate(
  control: Int32Array,
  grads: TypedArray,
  rows: readonly number[],
  size: number,
  sum: TypedArray,
  update: ((from: number, to: number) => void) | null,
): void {
  for (;;) {
    const from = Atomics.add(control, CLAIMED, 1) * CHUNK;
    if (from >= size) {
      Atomics.add(control, DONE, 1);
      return;
    }
    const to = Math.min(size, from + CHUNK);
    reduceShards(grads, rows, size, sum, from, to);
    update?.(from, to);
  }
}

/** Tells the workers waiting in {@link arrive} that this step failed. */
export function abortStep(control: Int32Array): void {
  Atomics.store(control, FAILED, 1);
  Atomics.notify(control, ARRIVED);
}

/** The batch loss from the shards' losses: `Σ_s (n_s / N) · loss_s` in shard order, in float64. */
export function reduceLosses(losses: readonly number[], rows: readonly number[]): number {
  const total = rows.reduce((a, b) => a + b, 0);
  let sum = 0;
  let first = true;
  for (let s = 0; s < rows.length; s++) {
    const n = rows[s] as number;
    if (n === 0) continue;
    const term = (n / total) * (losses[s] as number);
    sum = first ? term : sum + term;
    first = false;
  }
  return first ? Number.NaN : sum;
}

const isTyped = (a: unknown): a is TypedArray =>
  a instanceof Float32Array || a instanceof Float64Array;

/** {@link reduceShards}' arguments, checked before any element is written. */
function checkReduceArgs(
  grads: unknown,
  rows: unknown,
  size: unknown,
  out: unknown,
  from: unknown,
  to: unknown,
): void {
  const where = 'reduceShards';
  if (!isTyped(grads))
    throw new ArgumentError(
      `${where}: expected grads to be a Float32Array or Float64Array, got ${describe(grads)}`,
    );
  if (!Array.isArray(rows) || !rows.every(isCount))
    throw new ArgumentError(
      `${where}: expected rows to be an array of non-negative integers, got ${describe(rows)}`,
    );
  if (!Number.isInteger(size) || (size as number) < 0)
    throw new ArgumentError(
      `${where}: expected size to be a non-negative integer, got ${describe(size)}`,
    );
  if (!isTyped(out))
    throw new ArgumentError(
      `${where}: expected out to be a Float32Array or Float64Array, got ${describe(out)}`,
    );
  const n = size as number;
  if (grads.length < rows.length * n)
    throw new ArgumentError(
      `${where}: expected grads to hold ${rows.length} shards of ${n} elements, got ${grads.length} elements`,
    );
  if (out.length < n)
    throw new ArgumentError(`${where}: expected out to hold ${n} elements, got ${out.length}`);
  if (
    !Number.isInteger(from) ||
    !Number.isInteger(to) ||
    (from as number) < 0 ||
    (to as number) > n ||
    (from as number) > (to as number)
  )
    throw new ArgumentError(
      `${where}: expected 0 <= from <= to <= ${n}, got from ${describe(from)}, to ${describe(to)}`,
    );
}
