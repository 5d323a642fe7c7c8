/**
 * The script each Node worker thread of `createWorkerPool` (`@gradscope/trainer/node`) runs
 * (`dist/parallel-worker.js`): `worker-core.ts`'s requests over `parentPort`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Msg, replyTo, workerHandler } from './worker-core.js';

const port = parentPort;
if (port === null) throw new Error('parallel-worker: expected to run in a worker thread');
const handle = workerHandler((workerData as { index: number }).index);
port.on('message', (msg: Msg & { id: number }) => {
  void replyTo(msg.id, handle(msg)).then((reply) => port.postMessage(reply));
});
