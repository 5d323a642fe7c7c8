/**
 * The pool of worker threads shared by Node (`node-pool.ts`, worker_threads) and browsers
 * (`web-pool.ts`, Web Workers): each thread runs `worker-core.ts`'s requests; this side
 * publishes parameters and batches in SharedArrayBuffers, deals shards round-robin, sums, and
 * turns a thread that throws, exits or hangs into a {@link WorkerError}.
 */
import {
  ArgumentError,
  type Conv2dOptions,
  type DType,
  describe,
  getKernels,
  type Tensor,
  type TypedArray,
} from '@gradscope/core';
import type { Module } from '../modules/module.js';
import type { History } from '../train/callback.js';
import { fit, type ParallelFitOptions } from '../train/fit.js';
import { type CallerReplica, callerStep } from './caller.js';
import {
  lossOf,
  type PoolSetup,
  type ShardJob,
  type ShardOutput,
  type ShardPool,
  type ShardResult,
  WorkerError,
} from './pool.js';
import {
  abortStep,
  gatherParams,
  type ParamLayout,
  paramLayout,
  pollExpired,
  SPIN_MS,
  scatterParams,
  shardRows,
} from './shards.js';
import { SharedOptimizer } from './shared-optimizer.js';
import { type SplitHost, type SplitPool, splitConv2d, splitMatmul } from './split-ops.js';
import type { Thread } from './thread.js';

export {
  checkPoolOptions,
  localOrThreads,
  type Reply,
  type Thread,
  type WorkerPoolOptions,
} from './thread.js';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  worker: number;
  label: string;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const bytes = (dtype: string) => (dtype === 'float64' ? 8 : 4);
/**
 * `buffers[slot]`, replaced by a larger SharedArrayBuffer when it holds fewer than `need` bytes
 * (grow-only: fresh pages on every call would cost page faults).
 */
function grown(buffers: SharedArrayBuffer[], slot: number, need: number): SharedArrayBuffer {
  const buf = buffers[slot];
  if (buf !== undefined && buf.byteLength >= need) return buf;
  const bigger = new SharedArrayBuffer(need);
  buffers[slot] = bigger;
  return bigger;
}

const view = (buf: SharedArrayBuffer, dtype: string, n: number): TypedArray =>
  dtype === 'float64' ? new Float64Array(buf, 0, n) : new Float32Array(buf, 0, n);

/**
 * A pool of threads (Node worker threads or Web Workers, see {@link Thread}) computing shard
 * gradients and row blocks of matrix products: parameters, shard gradients and batches in
 * SharedArrayBuffers. `createWorkerPool` of `@gradscope/trainer/node` or `/web` makes one.
 */
export class ThreadPool implements ShardPool, SplitPool {
  /** The class name, kept through minification (core's `className`). */
  static readonly typeName: string = 'ThreadPool';
  readonly size: number;
  private readonly workers: Thread[];
  /** The first worker on a thread: 1 when the caller computes worker 0's share, else 0. */
  private readonly first: number;
  private caller: CallerReplica | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failed: WorkerError | null = null;
  private closing = false;
  private layout: ParamLayout | null = null;
  private params: Tensor[] = [];
  private paramView: TypedArray = new Float32Array(0);
  private gradView: TypedArray = new Float32Array(0);
  private sumView: TypedArray = new Float32Array(0);
  private optimizer: SharedOptimizer | null = null;
  /** The step's barrier words (see `arrive` in shards.ts). */
  private readonly control = new Int32Array(new SharedArrayBuffer(16));
  private inputs: Array<SharedArrayBuffer> = [new SharedArrayBuffer(0), new SharedArrayBuffer(0)];
  /** Grow-only shared scratch of the split ops, by slot (see `split-ops.ts`). */
  private readonly scratch: SharedArrayBuffer[] = [];

  /** Use `createWorkerPool` (`@gradscope/trainer/node` or `/web`). */
  constructor(
    size: number,
    spawn: (index: number) => Thread,
    /** See `WorkerPoolOptions.timeoutMs`. */
    private readonly timeoutMs?: number,
    /** See `WorkerPoolOptions.callerComputes` (default false). */
    callerComputes = false,
  ) {
    if (
      !Number.isInteger(size) ||
      size < 1 ||
      typeof spawn !== 'function' ||
      typeof callerComputes !== 'boolean'
    )
      throw new ArgumentError(
        `ThreadPool: expected a worker count >= 1, a spawn function and callerComputes true or false, got ${describe(size)}, ${describe(spawn)} and ${describe(callerComputes)} (use createWorkerPool)`,
      );
    this.size = size;
    this.workers = [];
    this.first = callerComputes ? 1 : 0;
    // Worker i runs on thread i − first; worker 0 is the caller when it computes.
    for (let i = this.first; i < size; i++) {
      const w = spawn(i);
      w.onMessage((m) => this.settle(m));
      w.onFailure((what) => {
        if (!this.closing) this.fail(i, what);
      });
      this.workers.push(w);
    }
  }

  /**
   * Whether the calling thread computes worker 0's share (see `WorkerPoolOptions.callerComputes`):
   * then `size − 1` threads run beside it, else `size`.
   */
  get callerComputes(): boolean {
    return this.first === 1;
  }

  private settle(m: { id: number; ok: boolean; result?: unknown; message?: string }): void {
    const p = this.pending.get(m.id);
    if (p === undefined) return;
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(m.result);
    else
      p.reject(
        new WorkerError(
          `worker ${p.worker} of ${this.size} threw during ${p.label}: ${m.message}`,
          p.worker,
          p.label,
        ),
      );
  }

  /** Worker `i` is gone: its requests fail naming it, and so does every later request. */
  private fail(i: number, what: string): void {
    let label = 'no request (idle)';
    for (const [id, p] of this.pending) {
      if (p.worker !== i) continue;
      label = p.label;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(
        new WorkerError(`worker ${i} of ${this.size} ${what} during ${p.label}`, i, p.label),
      );
    }
    abortStep(this.control);
    this.failed ??= new WorkerError(
      `worker ${i} of ${this.size} ${what} during ${label}; the pool is closed, create a new one`,
      i,
      label,
    );
    void this.close();
  }

  /**
   * The requests still waiting fail (their threads are being terminated): with the pool's
   * failure, or as closed mid-request.
   */
  private rejectPending(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(
        this.failed ??
          new WorkerError(
            `worker ${p.worker} of ${this.size}: the pool was closed during ${p.label}`,
            p.worker,
            p.label,
          ),
      );
    }
    this.pending.clear();
  }

  private call(worker: number, msg: Record<string, unknown>, label: string): Promise<unknown> {
    if (this.failed !== null) return Promise.reject(this.failed);
    if (this.closing)
      return Promise.reject(new WorkerError(`WorkerPool: closed, got ${label}`, worker, label));
    const id = this.nextId++;
    const ms = this.timeoutMs;
    return new Promise((resolve, reject) => {
      // A hung worker (an endless loop, a wait that never ends) neither answers nor exits.
      const timer =
        ms === undefined
          ? undefined
          : setTimeout(() => this.fail(worker, `did not answer within ${ms} ms`), ms);
      this.pending.set(id, { resolve, reject, worker, label, timer });
      (this.workers[worker - this.first] as Thread).post({ ...msg, id });
    });
  }

  async prepare(model: Module, setup: PoolSetup): Promise<void> {
    if (setup.model === undefined)
      throw new ArgumentError(
        'WorkerPool.prepare: expected a model source (fit option workerModel: { factory } or { mlp }) so that workers can build replicas',
      );
    if (typeof setup.loss !== 'string')
      throw new ArgumentError(
        `WorkerPool.prepare: expected the loss by name (a function cannot cross to a worker), got ${describe(setup.loss)}`,
      );
    const layout = paramLayout('WorkerPool', model);
    const b = bytes(layout.dtype);
    const paramBuf = new SharedArrayBuffer(layout.size * b);
    const gradBuf = new SharedArrayBuffer(layout.size * setup.shards * b);
    this.layout = layout;
    this.params = model.parameters();
    this.paramView = view(paramBuf, layout.dtype, layout.size);
    this.gradView = view(gradBuf, layout.dtype, layout.size * setup.shards);
    const sumBuf = new SharedArrayBuffer(layout.size * b);
    this.sumView = view(sumBuf, layout.dtype, layout.size);
    this.optimizer = new SharedOptimizer(layout);
    const source =
      'factory' in setup.model && setup.model.factory instanceof URL
        ? { ...setup.model, factory: setup.model.factory.href }
        : setup.model;
    const msg = {
      type: 'init',
      source,
      loss: setup.loss,
      layout,
      kernels: getKernels().name,
      paramBuf,
      gradBuf,
      sumBuf,
      controlBuf: this.control.buffer,
      shards: setup.shards,
    };
    this.caller =
      this.first === 0
        ? null
        : { model, lossFn: lossOf('WorkerPool', setup.loss), sum: this.sumView };
    await Promise.all(this.threads().map((i) => this.call(i, msg, 'setup (building the replica)')));
  }

  /**
   * Takes the replies to requests `firstId`, `firstId + 1`, … that are already waiting, polling
   * for up to `SPIN_MS` while any is missing (threads with `tryReceive` only): once the calling
   * thread has done its share, the threads' replies follow within microseconds, and an idle
   * thread would take far longer to wake for them.
   */
  private drain(firstId: number): void {
    if (!this.workers.every((t) => t.tryReceive !== undefined)) return;
    const t0 = performance.now();
    for (let i = 1; this.missing(firstId); i++) {
      for (const t of this.workers) {
        const m = t.tryReceive?.();
        if (m !== undefined) this.settle(m);
      }
      if (pollExpired(i, t0, SPIN_MS)) return;
    }
  }

  /** True while a reply to a request from `firstId` on is still to come. */
  private missing(firstId: number): boolean {
    for (let id = firstId; id < this.nextId; id++) if (this.pending.has(id)) return true;
    return false;
  }

  /** The workers that run on threads. */
  private threads(): number[] {
    return Array.from({ length: this.workers.length }, (_, k) => k + this.first);
  }

  /** Shared memory for input `which` (0: x, 1: y) holding `t`'s values. */
  private input(which: 0 | 1, t: Tensor): SharedArrayBuffer {
    const buf = this.inputs[which] as SharedArrayBuffer;
    // A batch gathered straight into it (see `batchView`) is already there.
    if (t.data.buffer === buf && t.data.byteOffset === 0) return buf;
    this.batchView(which, t.dtype, t.size).set(t.data);
    return this.inputs[which] as SharedArrayBuffer;
  }

  batchView(which: 0 | 1, dtype: DType, size: number): TypedArray {
    return view(grown(this.inputs, which, size * bytes(dtype)), dtype, size);
  }

  /**
   * One request per worker and step: each computes its shards (dealt round-robin; worker 0's on
   * the calling thread when it computes) into shared memory, waits at a barrier until every
   * shard is in, then claims chunks of the batch gradient to sum with `reduceShards` (the same
   * float64 sum, in shard order, per element) and, when `job.optimizer` is taken, to update
   * (see `sumAndUpdate`), so the result has the bits of summing and stepping on one thread.
   */
  async computeShards(job: ShardJob): Promise<ShardResult> {
    if (this.failed !== null) throw this.failed;
    const layout = this.layout;
    if (layout === null)
      throw new ArgumentError('WorkerPool.computeShards: call prepare(model, setup) first');
    if (job.shards.length * layout.size > this.gradView.length)
      throw new ArgumentError(
        `WorkerPool.computeShards: prepared for ${this.gradView.length / layout.size} shards, got ${job.shards.length}`,
      );
    const up = this.optimizer?.plan(job.optimizer, this.params) ?? null;
    if (up?.share)
      await Promise.all(
        this.threads().map((w) =>
          this.call(
            w,
            { type: 'optimizer', share: up.share },
            `${job.label}, sharing the optimiser`,
          ),
        ),
      );
    gatherParams(this.params, layout, this.paramView);
    const base = {
      type: 'step',
      xBuf: this.input(0, job.x),
      xShape: [...job.x.shape],
      yBuf: this.input(1, job.y),
      yShape: [...job.y.shape],
      dtypes: [job.x.dtype, job.y.dtype],
      rows: shardRows(job.shards),
      parties: this.size,
      update: up?.plan ?? null,
    };
    const mine = Array.from(
      { length: this.size },
      () => [] as Array<{ s: number; start: number; end: number }>,
    );
    job.shards.forEach((b, s) => {
      mine[s % this.size]?.push({ s, ...b });
    });
    // Every worker is idle between steps, so the barrier words can be reset here.
    this.control.fill(0);
    const firstId = this.nextId;
    const calls = this.threads().map((w) => this.call(w, { ...base, shards: mine[w] }, job.label));
    const threadsSettled = Promise.allSettled(calls);
    const settled: Array<PromiseSettledResult<unknown>> = [];
    if (this.caller !== null)
      settled.push(
        await callerStep(this.caller, {
          ...base,
          label: job.label,
          x: job.x,
          y: job.y,
          shards: mine[0] ?? [],
          control: this.control,
          layout,
          params: this.params,
          grads: this.gradView,
          paramView: this.paramView,
          update: up?.plan ?? null,
          optimizer: this.optimizer,
        }).then(
          (value) => ({ status: 'fulfilled', value }) as const,
          (reason: unknown) => ({ status: 'rejected', reason }) as const,
        ),
      );
    if (this.caller !== null) this.drain(firstId);
    settled.push(...(await threadsSettled));
    // A worker that failed is named rather than the others it stopped at the barrier.
    const failed = settled.filter((r) => r.status === 'rejected').map((r) => r.reason as Error);
    if (failed.length > 0)
      throw failed.find((e) => !/another worker failed/.test(e.message)) ?? failed[0];
    const outputs: ShardOutput[] = new Array(job.shards.length);
    for (const r of settled as Array<PromiseFulfilledResult<Array<ShardOutput & { s: number }>>>)
      for (const o of r.value) outputs[o.s] = o;
    if (up === null) return { grads: this.gradView, sum: this.sumView, outputs };
    // Every worker has updated its range: the new values go back into the caller's parameters.
    scatterParams(this.paramView, layout, this.params);
    this.optimizer?.stepped();
    return { grads: this.gradView, sum: this.sumView, outputs, updated: true };
  }

  /**
   * `a @ b` for 2-D `a` (`m x k`) and `b` (`k x n`), rows of the output split across the
   * workers, each running the active kernels' matmul on its block into shared memory. Each
   * output element is the same sum, in the same order, as the single-threaded product, so the
   * result is bit-identical to `matmul(a, b)` (products under 2^18 multiply–adds run
   * single-threaded, where the kernels may switch algorithms). No autograd record.
   */
  matmul(a: Tensor, b: Tensor): Promise<Tensor> {
    return splitMatmul(this.host(), a, b);
  }

  /**
   * `conv2d(x, weight, bias, options)` with the images of the batch split across the workers,
   * each running core's `conv2d` on its block into shared memory. Every image is convolved as
   * the single-threaded op convolves it, so the result is bit-identical to `conv2d(x, weight,
   * bias, options)` (batches under 2 images or 2^18 multiply–adds run single-threaded). No
   * autograd record.
   */
  conv2d(
    x: Tensor,
    weight: Tensor,
    bias: Tensor | null = null,
    options: Conv2dOptions = {},
  ): Promise<Tensor> {
    return splitConv2d(this.host(), x, weight, bias, options);
  }

  /** What the split ops (`split-ops.ts`) use of this pool. */
  private host(): SplitHost {
    return {
      size: this.size,
      first: this.first,
      call: (worker, msg, label) => this.call(worker, msg, label),
      shared: (slot, dtype, n) => view(grown(this.scratch, slot, n * bytes(dtype)), dtype, n),
    };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // Other workers' requests of a failed step, or any request when closed mid-step.
    abortStep(this.control);
    this.rejectPending();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * `fit(model, { ...options, workers: pool })` on the pool `create` makes, closed after the
 * call (also when it fails): `fitWithWorkers` of the Node and browser entries.
 */
export async function fitOnNewPool(
  model: Module,
  options: Omit<ParallelFitOptions, 'workers'>,
  create: () => Promise<ShardPool>,
): Promise<History> {
  const pool = await create();
  try {
    return await fit(model, { ...options, workers: pool });
  } finally {
    await pool.close();
  }
}
