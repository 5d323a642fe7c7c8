/**
 * The script each Node worker thread of `createWorkerPool` (`@gradscope/trainer/node`) runs
 * (`dist/parallel-worker.js`): `worker-core.ts`'s requests over `parentPort`.
 *
 * After each reply the thread polls its port for up to {@link SPIN_MS} before going back to
 * sleep in the event loop: in a training loop the next step's request comes within a
 * millisecond or so, and a sleeping thread takes about as long again to wake (an idle CPU of a
 * virtual machine longer still), which was a tenth of a step of the wide MLP.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { type Msg, replyTo, workerHandler } from './worker-core.js';

/** How long a worker polls for the next request after a reply (ms). */
const SPIN_MS = 2;

const port = parentPort;
if (port === null) throw new Error('parallel-worker: expected to run in a worker thread');
const handle = workerHandler((workerData as { index: number }).index);

/** Answers `first`, then every request that arrives while polling. */
async function serve(first: Msg & { id: number }): Promise<void> {
  let msg: (Msg & { id: number }) | undefined = first;
  while (msg !== undefined) {
    (port as NonNullable<typeof port>).postMessage(await replyTo(msg.id, handle(msg)));
    msg = undefined;
    const t0 = performance.now();
    while (msg === undefined && performance.now() - t0 < SPIN_MS)
      msg = receiveMessageOnPort(port as NonNullable<typeof port>)?.message as
        | (Msg & { id: number })
        | undefined;
  }
}

port.on('message', (msg: Msg & { id: number }) => {
  void serve(msg);
});
