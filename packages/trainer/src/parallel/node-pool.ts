/**
 * Worker pools on Node's `worker_threads` (`@gradscope/trainer/node`): the threads of
 * `thread-pool.ts`'s {@link ThreadPool} as Node workers running `dist/parallel-worker.js`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ArgumentError, describe } from '@gradscope/core';
import type { Module } from '../modules/module.js';
import type { History } from '../train/callback.js';
import type { ParallelFitOptions } from '../train/fit.js';
import { LocalPool } from './pool.js';
import {
  fitOnNewPool,
  localOrThreads,
  type Reply,
  type Thread,
  ThreadPool,
  type WorkerPoolOptions,
} from './thread-pool.js';

export { parallelConv2d, parallelMatmul, type SplitPool } from './split-ops.js';
export type { WorkerPoolOptions } from './thread-pool.js';

function defaultWorkerUrl(): URL {
  const here = new URL('./parallel-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  // Running from source (tests): the built script of this package.
  const built = new URL('../../dist/parallel-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new ArgumentError(
    `createWorkerPool: expected the worker script at ${fileURLToPath(here)}; build @gradscope/trainer or pass workerUrl`,
  );
}

/** A Node worker thread as a {@link Thread}. */
function nodeThread(url: URL, index: number): Thread {
  // Replies come on a port of their own, which the pool can also read synchronously.
  const { port1, port2 } = new MessageChannel();
  const w = new Worker(url, { workerData: { index, replies: port2 }, transferList: [port2] });
  w.on('exit', () => port1.close());
  return {
    post: (m) => w.postMessage(m),
    onMessage: (fn) => {
      port1.on('message', fn);
    },
    tryReceive: () => receiveMessageOnPort(port1)?.message as Reply | undefined,
    onFailure: (fn) => {
      w.on('error', (e: Error) => fn(`threw ${e.name}: ${e.message}`));
      w.on('exit', (code: number) => fn(`exited with code ${code}`));
    },
    terminate: () => w.terminate(),
  };
}

/** A pool of Node worker threads computing shard gradients and row blocks of matrix products. */
export class WorkerPool extends ThreadPool {
  static override readonly typeName: string = 'WorkerPool';
  /** Use {@link createWorkerPool}. */
  constructor(size: number, url: URL, timeoutMs?: number, callerComputes = true) {
    if (!(url instanceof URL))
      throw new ArgumentError(
        `WorkerPool: expected the worker script as a URL, got ${describe(url)} (use createWorkerPool)`,
      );
    super(size, (i) => nodeThread(url, i), timeoutMs, callerComputes);
  }
}

/**
 * Starts `workers` worker threads (Node's `worker_threads`); with `workers: 1`, returns the
 * in-process {@link LocalPool} instead. Close it with `await pool.close()`.
 */
export async function createWorkerPool(
  options: WorkerPoolOptions,
): Promise<WorkerPool | LocalPool> {
  const plan = localOrThreads(options);
  if (plan instanceof LocalPool) return plan;
  const { workers: n, timeoutMs } = plan;
  const url =
    options.workerUrl === undefined
      ? defaultWorkerUrl()
      : options.workerUrl instanceof URL
        ? options.workerUrl
        : options.workerUrl.startsWith('file:')
          ? new URL(options.workerUrl)
          : pathToFileURL(options.workerUrl);
  return new WorkerPool(n, url, timeoutMs, options.callerComputes ?? true);
}

/**
 * `fit(model, { ...options, workers: pool })` on a pool of `options.workers` worker threads made
 * for this call and closed after it (also when it fails): `fitWithWorkers(model, { data, loss:
 * 'crossEntropy', optimizer, workers: 2, shards: 4, workerModel: { mlp: spec } })`.
 */
export async function fitWithWorkers(
  model: Module,
  options: Omit<ParallelFitOptions, 'workers'> & { workers: number; workerUrl?: string | URL },
): Promise<History> {
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`fitWithWorkers: expected an options object, got ${describe(options)}`);
  const { workers, workerUrl, ...rest } = options;
  return fitOnNewPool(model, rest, () =>
    createWorkerPool({ workers, ...(workerUrl === undefined ? {} : { workerUrl }) }),
  );
}
