/**
 * The script each Web Worker of `createWorkerPool` (`@gradscope/trainer/web`) runs
 * (`dist/parallel-web-worker.js`, exported as `@gradscope/trainer/web-worker` for bundlers):
 * `worker-core.ts`'s requests over the worker's own `postMessage`. The pool names each worker
 * by its index (`new Worker(url, { type: 'module', name: '0' })`).
 */
import { type Msg, replyTo, workerHandler } from './worker-core.js';

interface WorkerScope {
  readonly name: string;
  onmessage: ((e: { data: Msg & { id: number } }) => void) | null;
  postMessage(m: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
const index = Number(scope.name);
if (!Number.isInteger(index) || index < 0)
  throw new Error(
    `parallel-web-worker: expected the worker's name to be its index ('0', '1', …), got '${scope.name}'`,
  );
const handle = workerHandler(index);
scope.onmessage = (e) => {
  void Promise.resolve(replyTo(e.data.id, () => handle(e.data))).then((reply) =>
    scope.postMessage(reply),
  );
};
