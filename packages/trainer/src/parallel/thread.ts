/**
 * What a pool of threads is built from, whatever runs the threads (Node's worker_threads or Web
 * Workers): the {@link Thread} interface, `createWorkerPool`'s options and their checks.
 */
import { ArgumentError, describe } from '@gradscope/core';
import { checkSharedMemory, LocalPool, type WorkerError } from './pool.js';

/** A worker's reply to request `id`. */
export interface Reply {
  /** The request's id. */
  readonly id: number;
  /** False when the request threw. */
  readonly ok: boolean;
  /** What the request returned (when `ok`). */
  readonly result?: unknown;
  /** What it threw, as `Name: message` (when not `ok`). */
  readonly message?: string;
}

/** One worker thread as the pool sees it, whatever runs it. */
export interface Thread {
  /** Sends a request (SharedArrayBuffers are shared, the rest copied). */
  post(message: Record<string, unknown>): void;
  /** Calls `fn` with each reply. */
  onMessage(fn: (reply: Reply) => void): void;
  /**
   * Optional: the next reply if one is waiting, taken at once (Node: `receiveMessageOnPort`),
   * so that a pool expecting a reply within microseconds need not sleep for it.
   */
  tryReceive?(): Reply | undefined;
  /** Calls `fn` once the thread is gone or broken: `'threw Error: …'`, `'exited with code 7'`. */
  onFailure(fn: (what: string) => void): void;
  /** Ends the thread. */
  terminate(): Promise<unknown> | undefined;
}

/** Options of `createWorkerPool` (Node and browsers). */
export interface WorkerPoolOptions {
  /** Number of worker threads (1 gives the in-process {@link LocalPool}). */
  readonly workers: number;
  /** The worker script (default: the package's, beside this build). */
  readonly workerUrl?: string | URL;
  /**
   * Where shared memory is unavailable: `false` (default) throws the {@link WorkerError} of
   * `checkSharedMemory`; `true` returns the in-process {@link LocalPool} instead (the same
   * results, on one thread).
   */
  readonly fallback?: boolean;
  /**
   * Milliseconds a worker may take to answer one request (a step's shards, a sum, a matmul
   * block, building its replica) before it counts as hung: the request fails with a
   * {@link WorkerError} naming the worker and the work ("did not answer within … ms"), nothing
   * is written to the parameters, and the pool is closed (its threads terminated). Default: no
   * limit.
   */
  readonly timeoutMs?: number;
  /**
   * Whether the calling thread computes worker 0's share itself (its shards, its chunks of the
   * sum and of the optimiser's update, its block of a matrix product) while `workers − 1`
   * threads compute the rest, as process 0 of PyTorch's DistributedDataParallel does. Default:
   * true in Node and in a Web Worker (the caller would only wait, and one thread fewer contends
   * for the cores), false on a page's main thread (it must stay free for the page).
   */
  readonly callerComputes?: boolean;
}

/**
 * What `createWorkerPool` (Node and browsers) makes of `options` before starting threads: the
 * in-process {@link LocalPool} for one worker, or where shared memory is missing and `fallback`
 * asks for it (without `fallback`, the {@link WorkerError} of `checkSharedMemory`); else the
 * worker count and the timeout, checked.
 */
export function localOrThreads(
  options: WorkerPoolOptions,
): LocalPool | { workers: number; timeoutMs: number | undefined } {
  const checked = checkPoolOptions(options, 'createWorkerPool');
  if (checked.workers === 1) return new LocalPool();
  try {
    checkSharedMemory('createWorkerPool');
  } catch (e) {
    if (options.fallback === true) return new LocalPool();
    throw e;
  }
  return checked;
}

/**
 * Checks `createWorkerPool`'s options; returns the worker count and the timeout. `where` names
 * the function in errors.
 */
export function checkPoolOptions(
  options: WorkerPoolOptions,
  where: string,
): { workers: number; timeoutMs: number | undefined } {
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`${where}: expected an options object, got ${describe(options)}`);
  const n = options.workers;
  if (!Number.isInteger(n) || n < 1)
    throw new ArgumentError(`${where}: workers must be a positive integer, got ${describe(n)}`);
  const t = options.timeoutMs;
  if (t !== undefined && !(typeof t === 'number' && t > 0 && t <= 2 ** 31 - 1))
    throw new ArgumentError(
      `${where}: timeoutMs must be a number of milliseconds in (0, 2^31), got ${describe(t)}`,
    );
  const c = options.callerComputes;
  if (c !== undefined && typeof c !== 'boolean')
    throw new ArgumentError(`${where}: callerComputes must be true or false, got ${describe(c)}`);
  return { workers: n, timeoutMs: t };
}
