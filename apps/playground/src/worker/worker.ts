/**
 * The training worker: a module Web Worker that runs {@link WorkerHost} on the messages of
 * `protocol.ts`. It yields between frames through a MessageChannel (a macrotask without the
 * clamping of nested timers), so a `pause` or a new configuration is handled within one frame.
 */

import { WorkerHost } from './host.js';
import type { ToWorker } from './protocol.js';

const scope = self as unknown as {
  postMessage(m: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};
const channel = new MessageChannel();
const queue: Array<() => void> = [];
channel.port1.onmessage = () => queue.shift()?.();

const host = new WorkerHost({
  post: (m, transfer) => scope.postMessage(m, transfer ?? []),
  defer: (fn) => {
    queue.push(fn);
    channel.port2.postMessage(0);
  },
  now: () => performance.now(),
});
scope.onmessage = (e) => host.handle(e.data);
