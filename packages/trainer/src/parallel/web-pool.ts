/**
 * Worker pools on Web Workers (`@gradscope/trainer/web`): the threads of `thread-pool.ts`'s
 * {@link ThreadPool} as module workers running `dist/parallel-web-worker.js`. Shared memory needs
 * a cross-origin isolated page (see `checkSharedMemory`).
 */
import { ArgumentError, describe } from '@gradscope/core';
import type { Module } from '../modules/module.js';
import type { History } from '../train/callback.js';
import type { ParallelFitOptions } from '../train/fit.js';
import { LocalPool } from './pool.js';
import {
  fitOnNewPool,
  localOrThreads,
  type Thread,
  ThreadPool,
  type WorkerPoolOptions,
} from './thread-pool.js';

/** The parts of the DOM's Worker the pool uses (the package compiles without the DOM types). */
interface WebWorker {
  postMessage(m: unknown): void;
  terminate(): void;
  addEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
  addEventListener(
    type: 'error',
    fn: (e: { message?: string; preventDefault(): void }) => void,
  ): void;
  addEventListener(type: 'messageerror', fn: () => void): void;
}
type WorkerCtor = new (url: string | URL, options: { type: 'module'; name: string }) => WebWorker;

/** A Web Worker as a {@link Thread}. */
function webThread(Ctor: WorkerCtor, url: string | URL, index: number): Thread {
  const w = new Ctor(url, { type: 'module', name: String(index) });
  let failure: ((what: string) => void) | null = null;
  w.addEventListener('error', (e) => {
    // An uncaught error in the worker (or its script failing to load): the worker is broken.
    e.preventDefault();
    failure?.(`threw ${e.message ?? 'an error (the worker script may have failed to load)'}`);
  });
  w.addEventListener('messageerror', () => failure?.('sent a message that could not be read'));
  return {
    post: (m) => w.postMessage(m),
    onMessage: (fn) => w.addEventListener('message', (e) => fn(e.data as never)),
    onFailure: (fn) => {
      failure = fn;
    },
    terminate: () => {
      w.terminate();
      return undefined;
    },
  };
}

/** A pool of Web Workers computing shard gradients and row blocks of matrix products. */
export class WebWorkerPool extends ThreadPool {
  static override readonly typeName: string = 'WebWorkerPool';
  /** Use {@link createWorkerPool}. */
  constructor(size: number, url: string | URL, timeoutMs?: number, callerComputes = false) {
    if (!(typeof url === 'string' || url instanceof URL))
      throw new ArgumentError(
        `WebWorkerPool: expected the worker script's URL, got ${describe(url)} (use createWorkerPool)`,
      );
    const Ctor = (globalThis as { Worker?: WorkerCtor }).Worker;
    if (typeof Ctor !== 'function')
      throw new ArgumentError(
        `createWorkerPool: expected Web Workers (globalThis.Worker), got ${describe(Ctor)}; in Node import createWorkerPool from '@gradscope/trainer/node'`,
      );
    super(size, (i) => webThread(Ctor, url, i), timeoutMs, callerComputes);
  }
}

/**
 * Starts `workers` Web Workers (module workers running the package's
 * `dist/parallel-web-worker.js`, or `workerUrl`); with `workers: 1`, returns the in-process
 * {@link LocalPool}. The page must be cross-origin isolated (headers
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`),
 * else this throws a `WorkerError` naming them, or with `fallback: true` returns the
 * `LocalPool` (the same results, on one thread). Bundlers that understand
 * `new Worker(new URL('./x.js', import.meta.url), { type: 'module' })` (Vite, webpack 5) bundle
 * the default worker script; with others (esbuild) bundle `@gradscope/trainer/web-worker`
 * yourself and pass its URL as `workerUrl`. Close the pool with `await pool.close()`.
 */
export async function createWorkerPool(
  options: WorkerPoolOptions,
): Promise<WebWorkerPool | LocalPool> {
  const plan = localOrThreads(options);
  if (plan instanceof LocalPool) return plan;
  const { workers: n, timeoutMs } = plan;
  const url = options.workerUrl ?? new URL('./parallel-web-worker.js', import.meta.url);
  return new WebWorkerPool(n, url, timeoutMs, options.callerComputes ?? inWorker());
}

/**
 * True in a Web Worker, false on a page's main thread: a worker that trains has no page to keep
 * responsive, so there the calling thread computes worker 0's share by default, as in Node (in
 * Chromium, 2 workers trained the wide MLP at 1.23-1.41x one worker from a module worker, at
 * 0.96-1.22x from a page, where the page's thread only waits).
 */
function inWorker(): boolean {
  const scope = (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope;
  return typeof scope === 'function' && globalThis instanceof scope;
}

/**
 * `fit(model, { ...options, workers: pool })` on a pool of `options.workers` Web Workers made for
 * this call and closed after it (also when it fails).
 */
export async function fitWithWorkers(
  model: Module,
  options: Omit<ParallelFitOptions, 'workers'> & {
    workers: number;
    workerUrl?: string | URL;
    fallback?: boolean;
  },
): Promise<History> {
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`fitWithWorkers: expected an options object, got ${describe(options)}`);
  const { workers, workerUrl, fallback, ...rest } = options;
  return fitOnNewPool(model, rest, () =>
    createWorkerPool({
      workers,
      ...(workerUrl === undefined ? {} : { workerUrl }),
      ...(fallback === undefined ? {} : { fallback }),
    }),
  );
}
