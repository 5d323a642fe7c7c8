/**
 * Browser-only helpers of @gradscope/trainer (`import ... from '@gradscope/trainer/web'`):
 * data-parallel training on Web Workers with shared memory (the same promises as the Node pool
 * of `@gradscope/trainer/node`: 1, 2 … n workers give the same bits for the same shards).
 *
 * @packageDocumentation
 */

export { parallelConv2d, parallelMatmul, type SplitPool } from './parallel/split-ops.js';
export {
  type Reply,
  type Thread,
  ThreadPool,
  type WorkerPoolOptions,
} from './parallel/thread-pool.js';
export { createWorkerPool, fitWithWorkers, WebWorkerPool } from './parallel/web-pool.js';
