/**
 * A module Web Worker that trains, started by the page of the Web Worker test: in a worker,
 * `createWorkerPool` lets the calling thread compute a share by default (nested Web Workers do
 * the rest). Given a message (the milliseconds of each speed sample), it answers with the small
 * MLP's parameters after training on 2 workers (which must be the bits of every other run),
 * whether the calling thread computed, and the wide MLP's steps per second on 1 and 2 workers.
 */
import { createWorkerPool } from '@gradscope/trainer/web';
import { trainOn } from './run.js';
import { callerComputes, speeds, WORKER } from './wide.js';

const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(m: unknown): void;
};

async function run(ms: number) {
  const pool = await createWorkerPool({ workers: 2, workerUrl: WORKER });
  let hex: string;
  const computes = callerComputes(pool);
  try {
    hex = await trainOn(pool);
  } finally {
    await pool.close();
  }
  const { one, two } = await speeds(ms);
  return {
    isolated: globalThis.crossOriginIsolated === true,
    callerComputes: computes,
    hex,
    one,
    two,
  };
}

scope.onmessage = (e) => {
  run(Number(e.data)).then(
    (r) => scope.postMessage({ ok: true, ...r }),
    (err: unknown) => scope.postMessage({ ok: false, error: String(err) }),
  );
};
