/**
 * The page's side of the worker: starts it, sends {@link ToWorker} messages and hands every
 * {@link FromWorker} message to a listener.
 */
import type { FromWorker, ToWorker } from './protocol.js';

/** A started training worker. */
export interface TrainingWorker {
  send(message: ToWorker): void;
  terminate(): void;
}

/** Starts the worker; `listen` gets every message it posts. */
export function startWorker(listen: (m: FromWorker) => void): TrainingWorker {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<FromWorker>) => listen(e.data);
  worker.onerror = (e) =>
    listen({ type: 'error', message: `the training worker failed: ${e.message}` });
  return {
    send: (m) => worker.postMessage(m),
    terminate: () => worker.terminate(),
  };
}
