/**
 * The page of the Web Worker test: trains on 1 (in process), 2 and 3 Web Workers and reports
 * the parameters' hex, what happens without cross-origin isolation (the error, the fallback),
 * and the wide MLP's steps per second on 1 and 2 workers.
 */
import { conv2d, createRng, matmul, randn, type Tensor, tensor } from '@gradscope/core';
import { Adam, Dataset, fit, LocalPool, mlp } from '@gradscope/trainer';
import {
  createWorkerPool,
  parallelConv2d,
  parallelMatmul,
  WebWorkerPool,
} from '@gradscope/trainer/web';
import { trainOn } from './run.js';

const WORKER = '/worker.js';

async function withPool(workers: number, fallback = false) {
  const pool = await createWorkerPool({ workers, workerUrl: WORKER, fallback });
  try {
    return { kind: pool.constructor === WebWorkerPool ? 'web' : 'local', hex: await trainOn(pool) };
  } finally {
    await pool.close();
  }
}

/** Steps per second of the wide MLP (784-128-128-10, batch 256, Adam) on `workers` workers. */
async function wide(workers: number, ms: number): Promise<number> {
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
          // Stops at the end of the epoch after `ms` of timed steps (the first 3 untimed).
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
  return ((times.length - 4) * 1000) / ((times.at(-1) as number) - (times[3] as number));
}

/**
 * The split ops on 2 Web Workers (the page's thread computes no block in browsers) against the
 * single-threaded ops: how many elements differ in their bits (0 expected).
 */
async function splitOps(): Promise<{ matmul: number; conv2d: number }> {
  const rng = createRng(2);
  const differ = (a: Tensor, b: Tensor) =>
    a.data.length !== b.data.length
      ? Number.POSITIVE_INFINITY
      : a.data.reduce((n, v, i) => (Object.is(v, b.data[i]) ? n : n + 1), 0);
  const pool = await createWorkerPool({ workers: 2, workerUrl: WORKER });
  try {
    const a = randn([301, 257], { rng });
    const b = randn([257, 130], { rng });
    const x = randn([5, 8, 24, 24], { rng });
    const w = randn([16, 8, 3, 3], { rng });
    const bias = randn([16], { rng });
    const options = { stride: 2, padding: 1 };
    return {
      matmul: differ(await parallelMatmul(a, b, pool), matmul(a, b)),
      conv2d: differ(await parallelConv2d(x, w, bias, options, pool), conv2d(x, w, bias, options)),
    };
  } finally {
    await pool.close();
  }
}

const g = globalThis as Record<string, unknown>;
g.runIsolated = async () => ({
  isolated: globalThis.crossOriginIsolated === true,
  one: await withPool(1),
  two: await withPool(2),
  three: await withPool(3),
  split: await splitOps(),
});
g.runNotIsolated = async () => {
  let error = '';
  try {
    await createWorkerPool({ workers: 2, workerUrl: WORKER });
  } catch (e) {
    error = `${(e as Error).name}: ${(e as Error).message}`;
  }
  const fallback = await withPool(2, true);
  return {
    isolated: globalThis.crossOriginIsolated === true,
    error,
    fallback,
    localClass: (await createWorkerPool({ workers: 2, fallback: true })) instanceof LocalPool,
  };
};
g.runSpeed = async (ms: number) => {
  const one = [];
  const two = [];
  for (let r = 0; r < 3; r++) {
    one.push(await wide(1, ms));
    two.push(await wide(2, ms));
  }
  return { one, two };
};
