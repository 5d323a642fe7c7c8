/**
 * The page of the Web Worker test: trains on 1 (in process), 2 and 3 Web Workers and reports
 * the parameters' hex, what happens without cross-origin isolation (the error, the fallback),
 * and the wide MLP's steps per second on 1 and 2 workers, trained here and from a module Web
 * Worker (`in-worker.ts`, which it starts).
 */
import { conv2d, createRng, matmul, randn, type Tensor } from '@gradscope/core';
import { LocalPool } from '@gradscope/trainer';
import {
  createWorkerPool,
  parallelConv2d,
  parallelMatmul,
  WebWorkerPool,
} from '@gradscope/trainer/web';
import { trainOn } from './run.js';
import { speeds, WORKER } from './wide.js';

async function withPool(workers: number, fallback = false) {
  const pool = await createWorkerPool({ workers, workerUrl: WORKER, fallback });
  try {
    return { kind: pool.constructor === WebWorkerPool ? 'web' : 'local', hex: await trainOn(pool) };
  } finally {
    await pool.close();
  }
}

/**
 * The split ops on 2 Web Workers (the page's thread computes no block in browsers) against the
 * single-threaded ops: how many elements differ in their bits (0 expected).
 */
async function splitOps(): Promise<{ matmul: number; conv2d: number }> {
  const rng = createRng(2);
  const differ = (a: Tensor, b: Tensor) => {
    if (a.data.length !== b.data.length) return Number.POSITIVE_INFINITY;
    let n = 0;
    for (let i = 0; i < a.data.length; i++) if (!Object.is(a.data[i], b.data[i])) n++;
    return n;
  };
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
g.runSpeed = speeds;
/** The same from a module Web Worker that trains (`in-worker.ts`). */
g.runInWorker = (ms: number) =>
  new Promise((resolve, reject) => {
    const w = new Worker('/in-worker.js', { type: 'module' });
    w.onmessage = (e) => {
      w.terminate();
      resolve(e.data);
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(`in-worker.js: ${e.message}`));
    };
    w.postMessage(ms);
  });
