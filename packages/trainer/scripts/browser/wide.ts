/**
 * The wide MLP's training speed on a pool of Web Workers, shared by the page (`page.ts`) and by
 * the training worker (`in-worker.ts`) of the Web Worker test.
 */
import { createRng, randn, tensor } from '@gradscope/core';
import { Adam, Dataset, fit, mlp } from '@gradscope/trainer';
import { createWorkerPool } from '@gradscope/trainer/web';

/** The pool's worker script, as the test serves it. */
export const WORKER = '/worker.js';

/** Whether `pool`'s calling thread computes a share (never for the in-process pool). */
export function callerComputes(pool: object): boolean {
  return 'callerComputes' in pool && pool.callerComputes === true;
}

/**
 * Steps per second of the wide MLP (784-128-128-10, batch 256, Adam) on `workers` workers
 * (`createWorkerPool`'s defaults), and whether the calling thread computed a share.
 */
async function wide(
  workers: number,
  ms: number,
): Promise<{ stepsPerSecond: number; callerComputes: boolean }> {
  const spec = { inputSize: 784, hidden: [128, 128], outputSize: 10, activation: 'relu', seed: 1 };
  const m = mlp(spec);
  const rows = 256 * 8;
  const x = randn([rows, 784], { rng: createRng(1) });
  const y = tensor(
    Float32Array.from({ length: rows }, (_, i) => (i * 7) % 10),
    { shape: [rows] },
  );
  const pool = await createWorkerPool({ workers, workerUrl: WORKER });
  const times: number[] = [];
  try {
    await fit(m, {
      data: new Dataset(x, y),
      loss: 'crossEntropy',
      optimizer: new Adam(m.parameters(), { lr: 1e-3 }),
      epochs: 1000,
      batchSize: 256,
      workers: pool,
      shards: 2,
      workerModel: { mlp: spec },
      callbacks: [
        {
          // Stops at the end of the epoch after `ms` of timed steps (the first 3 untimed). It
          // reads no batch, so fit copies none for it.
          keepsBatch: false,
          onBatchEnd: (_b, ctx) => {
            times.push(performance.now());
            if (times.length > 3 && (times.at(-1) as number) - (times[3] as number) > ms)
              ctx.stop = true;
          },
        },
      ],
    });
  } finally {
    await pool.close();
  }
  return {
    stepsPerSecond: ((times.length - 4) * 1000) / ((times.at(-1) as number) - (times[3] as number)),
    callerComputes: callerComputes(pool),
  };
}

/**
 * Three rounds of the wide MLP on 1 and then 2 workers, `ms` of timed steps each: steps per
 * second, and whether the calling thread computed a share on 2 workers in every round.
 */
export async function speeds(
  ms: number,
): Promise<{ one: number[]; two: number[]; callerComputes: boolean }> {
  const one: number[] = [];
  const two: number[] = [];
  let callerComputes = true;
  for (let r = 0; r < 3; r++) {
    one.push((await wide(1, ms)).stepsPerSecond);
    const w = await wide(2, ms);
    two.push(w.stepsPerSecond);
    callerComputes &&= w.callerComputes;
  }
  return { one, two, callerComputes };
}
