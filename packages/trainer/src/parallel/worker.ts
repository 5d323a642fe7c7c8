/**
 * The script each Node worker thread of `createWorkerPool` (`@gradscope/trainer/node`) runs
 * (`dist/parallel-worker.js`): `worker-core.ts`'s requests from `parentPort`, replies on the port
 * the pool sent in `workerData` (which the pool can also read synchronously).
 *
 * After each reply the thread polls for the next request for up to {@link SPIN_MS} before it
 * goes back to sleep in the event loop: in a training loop the next step's request comes within
 * a millisecond or so, and a sleeping thread takes a large part of one to wake (an idle CPU of a
 * virtual machine longer still).
 */
import {
  type MessagePort,
  parentPort,
  receiveMessageOnPort,
  workerData,
} from 'node:worker_threads';
import { pollExpired } from './shards.js';
import { type Msg, replyTo, workerHandler } from './worker-core.js';

/** How long a worker polls for the next request after a reply (ms). */
const SPIN_MS = 2;

const requests = parentPort;
if (requests === null) throw new Error('parallel-worker: expected to run in a worker thread');
const { index, replies } = workerData as { index: number; replies: MessagePort };
const handle = workerHandler(index);

/** The next request, polled for up to `SPIN_MS` (see `pollExpired` in shards.ts), or undefined. */
function next(port: MessagePort): (Msg & { id: number }) | undefined {
  const t0 = performance.now();
  for (let i = 1; ; i++) {
    const m = receiveMessageOnPort(port);
    if (m !== undefined) return m.message as Msg & { id: number };
    if (pollExpired(i, t0, SPIN_MS)) return undefined;
  }
}

/** Answers `first`, then every request that arrives while polling. */
async function serve(port: MessagePort, first: Msg & { id: number }): Promise<void> {
  let msg: (Msg & { id: number }) | undefined = first;
  while (msg !== undefined) {
    const m: Msg & { id: number } = msg;
    const reply = replyTo(m.id, () => handle(m));
    replies.postMessage(reply instanceof Promise ? await reply : reply);
    msg = next(port);
  }
}

requests.on('message', (msg: Msg & { id: number }) => {
  void serve(requests, msg);
});
